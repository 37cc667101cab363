/* cmd_run.c - `convbench run`: one problem from the command line, through every
 * chosen algorithm, to the table and a CSV. */
#include "algo.h"
#include "cli.h"
#include "clrt.h"
#include "options.h"
#include "out_csv.h"
#include "out_table.h"
#include "runner.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static void run_usage(FILE *f)
{
    fprintf(f, "usage: convbench run [options]\n\n"
               "Runs one forward convolution (NCHW input, KCRS weights, float32) with each\n"
               "chosen algorithm: verifies it against the CPU reference, times it with\n"
               "OpenCL profiling events, prints a table row and appends a CSV row.\n"
               "Default problem: ResNet-50's 3x3 64->64 layer at 56x56, batch 1.\n");
    opts_print_help(f);
    fprintf(f, "\nexample: convbench run -n 8 -c 256 -H 14 -W 14 -k 256 -y 3 -x 3 -p 1 -q 1\n");
}

/* results/<device>-<UTC time>.csv, with the device name reduced to [A-Za-z0-9_-]. */
static int default_csv_path(char *buf, size_t len, const char *device, const struct tm *utc)
{
    char dev[64];
    size_t j = 0;
    for (const char *p = device; *p && j + 1 < sizeof dev; p++)
        dev[j++] = isalnum((unsigned char)*p) || *p == '-' ? *p : '_';
    dev[j] = '\0';
    if (mkdir("results", 0755) && errno != EEXIST)
        return -1;
    char ts[32];
    strftime(ts, sizeof ts, "%Y%m%d-%H%M%S", utc);
    snprintf(buf, len, "results/%s-%s.csv", dev, ts);
    return 0;
}

static void fill_context(result *r, const clrt_device *d, const opts *o, const struct tm *utc)
{
    memset(r, 0, sizeof *r);
    strftime(r->timestamp, sizeof r->timestamp, "%Y-%m-%dT%H:%M:%SZ", utc);
    snprintf(r->version, sizeof r->version, "%s", CONVBENCH_VERSION);
    if (gethostname(r->host, sizeof r->host))
        snprintf(r->host, sizeof r->host, "unknown");
    snprintf(r->platform, sizeof r->platform, "%s", d->platform_name);
    snprintf(r->device, sizeof r->device, "%s", d->name);
    snprintf(r->driver, sizeof r->driver, "%s", d->driver);
    snprintf(r->layer, sizeof r->layer, "%s", o->layer);
    r->count = o->count;
    r->sh = o->sh;
}

/* A transient status line on a terminal, erased before the next table row. */
static void progress_line(const char *algo, const char *stage)
{
    fprintf(stderr, "\r\033[K  %s: %s ...", algo, stage);
    fflush(stderr);
}

static void progress_clear(void)
{
    fputs("\r\033[K", stderr);
}

int cmd_run(int argc, char **argv)
{
    opts o;
    char err[1024];
    opts_defaults(&o);
    int rc = opts_parse_args(&o, argc, argv, err, sizeof err);
    if (rc == 1) {
        run_usage(stdout);
        return EXIT_OK;
    }
    if (rc) {
        fprintf(stderr, "convbench run: %s\n", err);
        return EXIT_USAGE;
    }
    prob_metrics m;
    if (prob_analyze(&o.sh, &m, err, sizeof err)) {
        fprintf(stderr, "convbench run: invalid problem: %s\n", err);
        return EXIT_USAGE;
    }
    if (o.min_reps > o.max_reps) {
        fprintf(stderr, "convbench run: --min-reps %lld is larger than --max-reps %lld\n",
                (long long)o.min_reps, (long long)o.max_reps);
        return EXIT_USAGE;
    }
    const algo_desc *algos[32];
    int nalgo = algo_parse_list(o.algo, algos, 32, err, sizeof err);
    if (nalgo < 0) {
        fprintf(stderr, "convbench run: --algo: %s\n", err);
        return EXIT_USAGE;
    }
    if (o.dump[0] && mkdir(o.dump, 0755) && errno != EEXIST) {
        fprintf(stderr, "convbench run: --dump: cannot create '%s': %s\n", o.dump, strerror(errno));
        return EXIT_USAGE;
    }

    clrt_device *devs, dev;
    int ndev;
    if (clrt_list_devices(&devs, &ndev))
        return EXIT_DEVICE;
    rc = clrt_select(devs, ndev, o.device, &dev, err, sizeof err);
    free(devs);
    if (rc) {
        fprintf(stderr, "convbench run: %s\n", err);
        return EXIT_USAGE;
    }

    time_t now = time(NULL);
    struct tm utc;
    gmtime_r(&now, &utc);
    char csv_path[4096];
    if (o.csv[0])
        snprintf(csv_path, sizeof csv_path, "%s", o.csv);
    else if (default_csv_path(csv_path, sizeof csv_path, dev.name, &utc)) {
        fprintf(stderr, "convbench run: cannot create the folder results/: %s\n", strerror(errno));
        return EXIT_USAGE;
    }
    csv_writer csv;
    if (csv_open(&csv, csv_path, err, sizeof err)) {
        fprintf(stderr, "convbench run: --csv: %s\n", err);
        return EXIT_USAGE;
    }

    clrt_ctx ctx;
    if (clrt_init(&ctx, &dev, o.no_cache ? "" : NULL)) {
        clrt_free(&ctx);
        csv_close(&csv);
        return EXIT_DEVICE;
    }
    printf("device: %d:%d %s (%s, driver %s), %u compute units\n", dev.platform_index,
           dev.device_index, dev.name, dev.platform_name, dev.driver, dev.compute_units);
    printf("csv:    %s\n\n", csv_path);
    fflush(stdout); /* before any build log or warning on stderr */

    run_settings s = {
        .fill = (vfy_fill)o.fill,
        .seed = (uint64_t)o.seed,
        .verify = (run_verify)o.verify,
        .sample = o.sample,
        .timing = {(int)o.warmup, (int)o.min_reps, o.min_ms, (int)o.max_reps},
        .dump_dir = o.dump,
        .kernel_opts = o.kernel_opts,
        .progress = isatty(STDERR_FILENO) ? progress_line : NULL,
    };
    run_case rcase;
    if (runner_case_init(&rcase, &o.sh, &s, err, sizeof err)) {
        fprintf(stderr, "convbench run: %s\n", err);
        runner_case_free(&rcase);
        clrt_free(&ctx);
        csv_close(&csv);
        return EXIT_USAGE;
    }
    /* The reproducer names the device actually used, so it reruns there. */
    opts repro_opts = o;
    snprintf(repro_opts.device, sizeof repro_opts.device, "%s", dev.name);
    char prefix[80] = "";
    if (o.layer[0])
        snprintf(prefix, sizeof prefix, "%s-", o.layer);

    int counts[RES_ERROR + 1] = {0}, write_failed = 0;
    table_header(stdout);
    for (int i = 0; i < nalgo; i++) {
        result r;
        fill_context(&r, &dev, &o, &utc);
        r.m = m;
        opts_repro(&repro_opts, algos[i]->name, r.repro, sizeof r.repro);
        runner_run(&ctx, &rcase, algos[i], &s, prefix, &r);
        if (s.progress)
            progress_clear();
        counts[r.status]++;
        table_row(stdout, &r);
        if (csv_write(&csv, &r) && !write_failed++)
            fprintf(stderr, "convbench run: writing %s failed: %s\n", csv.path, strerror(errno));
    }
    runner_case_free(&rcase);
    clrt_free(&ctx);
    csv_close(&csv);

    printf("\nsummary: %d PASS, %d UNVERIFIED, %d FAIL, %d SKIPPED, %d ERROR\n", counts[RES_PASS],
           counts[RES_UNVERIFIED], counts[RES_FAIL], counts[RES_SKIPPED], counts[RES_ERROR]);
    if (counts[RES_FAIL])
        return EXIT_VERIFY;
    if (counts[RES_ERROR] || write_failed)
        return EXIT_DEVICE;
    return EXIT_OK;
}
