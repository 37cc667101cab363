/* test_peak.c - host/runtime/peak.c: the cache file round-trips and is tied to its
 * device and driver, a malformed file is refused with its line, the roofline's
 * bound, and a real measurement on the default device is plausible. */
#include "check.h"
#include "peak.h"
#include "problem.h"

#include <stdlib.h>
#include <unistd.h>

static char dir[64];

static clrt_device fake_device(void)
{
    clrt_device d;
    memset(&d, 0, sizeof d);
    snprintf(d.name, sizeof d.name, "Test Device");
    snprintf(d.driver, sizeof d.driver, "1.2.3");
    snprintf(d.platform_name, sizeof d.platform_name, "Test Platform");
    return d;
}

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    fputs(text, f);
    fclose(f);
}

static void test_roundtrip(void)
{
    char path[128], err[256];
    snprintf(path, sizeof path, "%s/sub/peak.txt", dir);
    clrt_device d = fake_device();
    peak_info p = {.gflops = 234.5, .copy_gbs = 36.25, .read_gbs = 34.5, .nacc = 8, .vw = 4,
                   .load = 1.25, .timer = TIMING_HOST}, q;
    snprintf(p.measured, sizeof p.measured, "2026-11-25T18:00:00Z");
    CHECK(peak_store(path, &d, &p) == 0);
    CHECK(peak_load(path, &d, &q, err, sizeof err) == 0);
    CHECK_NEAR(q.gflops, 234.5, 1e-9);
    CHECK_NEAR(q.copy_gbs, 36.25, 1e-9);
    CHECK_NEAR(q.read_gbs, 34.5, 1e-9);
    CHECK_EQ_INT(q.nacc, 8);
    CHECK_EQ_INT(q.vw, 4);
    CHECK_STR(q.measured, "2026-11-25T18:00:00Z");
    CHECK_NEAR(q.load, 1.25, 1e-9);
    CHECK_EQ_INT(q.timer, TIMING_HOST);
    /* Another driver or device: a stale entry, measured again, not an error. */
    clrt_device other = d;
    snprintf(other.driver, sizeof other.driver, "1.2.4");
    CHECK(peak_load(path, &other, &q, err, sizeof err) == 1);
    other = d;
    snprintf(other.name, sizeof other.name, "Other Device");
    CHECK(peak_load(path, &other, &q, err, sizeof err) == 1);
    snprintf(path, sizeof path, "%s/missing.txt", dir);
    CHECK(peak_load(path, &d, &q, err, sizeof err) == 1);
}

/* A cached peak from before the timer check may come from a broken clock
 * (rusticl's cached 17.6 PFLOP/s): it is measured again, not used. */
static void test_cache_without_timer_is_remeasured(void)
{
    char path[128], err[256];
    clrt_device d = fake_device();
    peak_info q;
    snprintf(path, sizeof path, "%s/old.txt", dir);
    write_file(path, "device = Test Device\ndriver = 1.2.3\ngflops = 17600000\ncopy_gbs = 9\n");
    CHECK(peak_load(path, &d, &q, err, sizeof err) == 1);
}

/* A device with cl_khr_fp16 whose cache has no half peak (written before it
 * was measured) is measured again; with one, the half peak round-trips. */
static void test_cache_without_half_peak_is_remeasured(void)
{
    char path[128], err[256];
    clrt_device d = fake_device();
    d.fp16 = 1;
    peak_info p = {.gflops = 200, .copy_gbs = 20, .read_gbs = 25, .nacc = 4, .vw = 16,
                   .timer = TIMING_EVENTS}, q;
    snprintf(p.measured, sizeof p.measured, "2026-11-26T18:00:00Z");
    snprintf(path, sizeof path, "%s/half.txt", dir);
    CHECK(peak_store(path, &d, &p) == 0);
    CHECK(peak_load(path, &d, &q, err, sizeof err) == 1);
    p.gflops_fp16 = 310.5;
    CHECK(peak_store(path, &d, &p) == 0);
    CHECK(peak_load(path, &d, &q, err, sizeof err) == 0);
    CHECK_NEAR(q.gflops_fp16, 310.5, 1e-9);
    CHECK_NEAR(peak_fma(&q, PROB_FP16), 310.5, 1e-9);
    CHECK_NEAR(peak_fma(&q, PROB_FP32), 200, 1e-9);
    d.fp16 = 0; /* the same file serves a device without half */
    CHECK(peak_load(path, &d, &q, err, sizeof err) == 0);
}

/* The cache is a maximum: a measurement on a busy machine never lowers it
 * (three `peak --force` runs gave 234.5, 144.9, 198.9 GFLOP/s). */
static void test_keep_max(void)
{
    peak_info kept = {.gflops = 234.5, .copy_gbs = 30, .read_gbs = 40, .nacc = 8, .load = 0.1};
    snprintf(kept.measured, sizeof kept.measured, "first");
    peak_info busy = {.gflops = 144.9, .copy_gbs = 35, .read_gbs = 20, .nacc = 4, .load = 2.5};
    snprintf(busy.measured, sizeof busy.measured, "busy");
    peak_keep_max(&kept, &busy);
    CHECK_NEAR(kept.gflops, 234.5, 0);
    CHECK_STR(kept.measured, "first");          /* the FMA figure keeps its own time */
    CHECK_NEAR(kept.load, 0.1, 0);
    CHECK_NEAR(kept.copy_gbs, 35, 0);           /* each figure is raised on its own */
    CHECK_NEAR(kept.read_gbs, 40, 0);
    peak_info better = {.gflops = 250, .nacc = 12, .load = 0.05, .timer = TIMING_HOST};
    snprintf(better.measured, sizeof better.measured, "better");
    peak_keep_max(&kept, &better);
    CHECK_NEAR(kept.gflops, 250, 0);
    CHECK_EQ_INT(kept.nacc, 12);
    CHECK_STR(kept.measured, "better");
    CHECK_EQ_INT(kept.timer, TIMING_HOST);
}

static void test_malformed_names_line(void)
{
    char path[128], err[256] = "";
    clrt_device d = fake_device();
    peak_info q;
    snprintf(path, sizeof path, "%s/bad.txt", dir);
    write_file(path, "# c\ndevice = Test Device\ndriver = 1.2.3\ngflops = fast\n");
    CHECK(peak_load(path, &d, &q, err, sizeof err) == -1);
    CHECK(strstr(err, "bad.txt:4: gflops = 'fast'") != NULL);
    write_file(path, "device = Test Device\ndriver = 1.2.3\ngflops: 3\n");
    CHECK(peak_load(path, &d, &q, err, sizeof err) == -1);
    CHECK(strstr(err, ":3: expected 'key = value'") != NULL);
    write_file(path, "device = Test Device\ndriver = 1.2.3\ngflops = 10\n");
    CHECK(peak_load(path, &d, &q, err, sizeof err) == -1);
    CHECK(strstr(err, "copy_gbs") != NULL);
}

static void test_bound(void)
{
    peak_info p = {.gflops = 200, .copy_gbs = 20}; /* ridge at 10 FLOP/byte */
    CHECK_STR(peak_bound(&p, PROB_FP32, 50.0), "compute");
    CHECK_STR(peak_bound(&p, PROB_FP32, 10.0), "compute");
    CHECK_STR(peak_bound(&p, PROB_FP32, 2.0), "memory");
    CHECK_STR(peak_bound(NULL, PROB_FP32, 2.0), "");
    CHECK_STR(peak_bound(&p, PROB_FP32, NAN), "");
    /* fp16 sums against the half peak: none measured, no bound; with one
     * twice as high, the ridge moves to 20 FLOP/byte. */
    CHECK_STR(peak_bound(&p, PROB_FP16, 50.0), "");
    p.gflops_fp16 = 400;
    CHECK_STR(peak_bound(&p, PROB_FP16, 15.0), "memory");
    CHECK_STR(peak_bound(&p, PROB_FP32, 15.0), "compute");
    CHECK_NEAR(peak_intensity(100.0, 50.0), 2.0, 0);
    CHECK(isnan(peak_intensity(1.0, 0.0)));
}

/* On the default device the measurement runs and gives positive, finite
 * numbers with a copy bandwidth the FMA figure does not dwarf absurdly. */
static void test_measure_default_device(void)
{
    clrt_device *devs, d;
    int n;
    char err[256];
    if (clrt_list_devices(&devs, &n) || clrt_select(devs, n, NULL, &d, err, sizeof err)) {
        CHECK(!"no OpenCL device");
        return;
    }
    free(devs);
    clrt_ctx ctx;
    peak_info p;
    CHECK(clrt_init(&ctx, &d, "") == 0);
    CHECK(peak_measure(&ctx, 0.0, &p) == 0);
    clrt_free(&ctx);
    CHECK(p.gflops > 1.0 && isfinite(p.gflops));
    CHECK(p.copy_gbs > 0.1 && isfinite(p.copy_gbs));
    CHECK(p.read_gbs > 0.1 && isfinite(p.read_gbs));
    CHECK(p.nacc >= 4 && p.nacc <= 16);
    CHECK(p.vw == 1 || p.vw == 4 || p.vw == 16);
    CHECK(strlen(p.measured) == 20);
}

int main(void)
{
    if (check_tmpdir(dir, sizeof dir, "peak"))
        return 1;
    RUN(test_roundtrip);
    RUN(test_cache_without_timer_is_remeasured);
    RUN(test_cache_without_half_peak_is_remeasured);
    RUN(test_keep_max);
    RUN(test_malformed_names_line);
    RUN(test_bound);
    RUN(test_measure_default_device);
    check_rmdir(dir);
    return check_summary();
}
