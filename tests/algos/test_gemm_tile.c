/* Tests host/algos/gemm_tile.c through implicit-gemm's table entry: the 0/1
 * switches survive --params and formatting, and every rule of the check
 * refuses what a device cannot run, naming the rule, before anything is
 * compiled. */
#include "algo.h"
#include "check.h"
#include "gemm_tile.h"

static const clrt_device cpu = {.type = "CPU", .max_wg_size = 1024, .local_mem = 32768};

/* The check of tune written as --params on a small shape; why gets the reason. */
static int check_params(const clrt_device *dev, const char *params, char *why, size_t len)
{
    const algo_desc *a = algo_find("implicit-gemm");
    prob_shape sh = {.n = 2, .c = 8, .h = 9, .w = 9, .k = 8, .r = 3, .s = 3, .stride_h = 1,
                     .stride_w = 1, .pad_h = 1, .pad_w = 1, .dil_h = 1, .dil_w = 1, .groups = 1};
    prob_metrics m;
    CHECK_EQ_INT(prob_analyze(&sh, &m, NULL, 0), 0);
    int tune[ALGO_MAX_TUNABLES];
    char err[512];
    CHECK_EQ_INT(algo_parse_params(a, params, 0, tune, err, sizeof err), 0);
    why[0] = '\0';
    return a->check(a, dev, &sh, &m, tune, why, len);
}

static void test_switches_round_trip(void)
{
    const algo_desc *a = algo_find("implicit-gemm");
    int tune[ALGO_MAX_TUNABLES];
    char err[512], buf[160];
    CHECK_EQ_INT(algo_parse_params(a, "SA=0,SB=1,SG=auto", 0, tune, err, sizeof err), 0);
    CHECK_EQ_INT(tune[GT_SA], 1); /* 1 + 0: a value, not the default */
    CHECK_EQ_INT(tune[GT_SB], 2);
    CHECK_EQ_INT(tune[GT_SG], 0);
    gemm_tile t = gemm_tile_from_tune(tune, 1);
    CHECK_EQ_INT(t.sa, 0); /* the GPU default would be 1 */
    CHECK_EQ_INT(t.sb, 1);
    algo_format_params(a, tune, buf, sizeof buf);
    CHECK(strstr(buf, "SA=0,SB=1,") != NULL);
    CHECK(strstr(buf, "SG=auto") != NULL);
    int codes[GEMM_TILE_NTUNABLES];
    gemm_tile_codes(&t, codes);
    gemm_tile back = gemm_tile_from_tune(codes, 0);
    CHECK(memcmp(&back, &t, sizeof t) == 0);
    CHECK_EQ_INT(algo_parse_params(a, "SA=2", 0, tune, err, sizeof err), -1);
    CHECK(strstr(err, "SA=0|1") != NULL);
}

static void test_check_rules(void)
{
    char why[256];
    CHECK_EQ_INT(check_params(&cpu, "", why, sizeof why), 1);
    CHECK_EQ_INT(check_params(&cpu, "MWG=16,MDIMC=4,VWM=8", why, sizeof why), 0);
    CHECK(strstr(why, "MWG=16 is not a multiple of MDIMC*VWM") != NULL);
    CHECK_EQ_INT(check_params(&cpu, "NWG=16,NDIMC=8,VWN=4", why, sizeof why), 0);
    CHECK(strstr(why, "NWG=16") != NULL);
    CHECK_EQ_INT(check_params(&cpu, "KWG=8,KWI=8", why, sizeof why), 1);
    CHECK_EQ_INT(check_params(&cpu, "KWG=8,KWI=8,MWG=16,VWM=1,MDIMC=16,NDIMC=32,NWG=32,VWN=1,"
                                    "SA=1", why, sizeof why), 0);
    CHECK(strstr(why, "work-items") != NULL); /* 128 A vectors over 512 work-items */
    /* Work-group limit: 32 x 32 = 1024 fits, the same on a 256-item device does not. */
    const char *big = "MWG=32,NWG=32,MDIMC=32,NDIMC=32,VWM=1,VWN=1";
    CHECK_EQ_INT(check_params(&cpu, big, why, sizeof why), 1);
    clrt_device small = cpu;
    small.max_wg_size = 256;
    CHECK_EQ_INT(check_params(&small, big, why, sizeof why), 0);
    CHECK(strstr(why, "the device allows 256") != NULL);
    /* Local memory: (128 + 128) x 32 floats = 32 KiB fits 32 KiB exactly, not 16 KiB. */
    const char *lm = "MWG=128,NWG=128,KWG=32,MDIMC=16,NDIMC=16,VWM=8,VWN=8,SA=1,SB=1";
    CHECK_EQ_INT(check_params(&cpu, lm, why, sizeof why), 1);
    small = cpu;
    small.local_mem = 16384;
    CHECK_EQ_INT(check_params(&small, lm, why, sizeof why), 0);
    CHECK(strstr(why, "32768 bytes of local memory; the device has 16384") != NULL);
    /* Registers: 128 x 128 / (4 x 4) = 1024 accumulators per work-item. */
    CHECK_EQ_INT(check_params(&cpu, "MWG=128,NWG=128,MDIMC=4,NDIMC=4", why, sizeof why), 0);
    CHECK(strstr(why, "register tile") != NULL);
    /* Subgroups: none on this device; with them, not beside SA. */
    CHECK_EQ_INT(check_params(&cpu, "SG=1", why, sizeof why), 0);
    CHECK(strstr(why, "no subgroups") != NULL);
    clrt_device sg = cpu;
    sg.subgroups = CLRT_SUBGROUPS_INTEL;
    CHECK_EQ_INT(check_params(&sg, "SG=1", why, sizeof why), 1);
    CHECK_EQ_INT(check_params(&sg, "SG=1,SA=1", why, sizeof why), 0);
    CHECK(strstr(why, "instead of SA=1") != NULL);
}

/* The GPU default is a valid tile on a typical GPU (1024 work-items, 48 KiB). */
static void test_defaults_valid(void)
{
    char why[256];
    clrt_device gpu = {.type = "GPU", .max_wg_size = 1024, .local_mem = 49152};
    CHECK_EQ_INT(check_params(&gpu, "", why, sizeof why), 1);
    gemm_tile t = gemm_tile_from_tune(NULL, 1), c = gemm_tile_from_tune(NULL, 0);
    CHECK(t.sa && t.sb && !c.sa && !c.sb);
    CHECK_EQ_INT(t.mwg, c.mwg); /* the workspace does not depend on the device */
    CHECK_EQ_INT(t.kwg, c.kwg);
}

int main(void)
{
    RUN(test_switches_round_trip);
    RUN(test_check_rules);
    RUN(test_defaults_valid);
    return check_summary();
}
