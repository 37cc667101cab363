/* session.c - a list of cases through every chosen algorithm on one device. */
#include "session.h"
#include "session_priv.h"
#include "prebuild.h"
#include "algo.h"
#include "blas.h"
#include "exitcodes.h"
#include "options.h"
#include "fsutil.h"
#include "clrt.h"
#include "csvread.h"
#include "out_csv.h"
#include "out_summary.h"
#include "out_table.h"
#include "peak.h"
#include "progress.h"
#include "runner.h"
#include "supervise.h"
#include "timing.h"
#include "tune.h"
#include "tunedb.h"

#include <ctype.h>
#include <math.h>
#include <errno.h>
#include <signal.h>
#include <sys/resource.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

volatile sig_atomic_t session_stop_requested;

/* Resident memory now, in MiB (Linux /proc; 0 where unavailable). */
static double rss_mib(void)
{
    long pages = 0, resident = 0;
    FILE *f = fopen("/proc/self/statm", "r");
    if (f) {
        if (fscanf(f, "%ld %ld", &pages, &resident) != 2)
            resident = 0;
        fclose(f);
    }
    return (double)resident * (double)sysconf(_SC_PAGESIZE) / 1048576.0;
}

/* First SIGINT/SIGTERM: finish the current case, then stop. A second one: die
 * at once (the CSV is still valid: every finished row is on disk). */
static void on_signal(int sig)
{
    if (session_stop_requested) {
        signal(sig, SIG_DFL);
        raise(sig);
        return;
    }
    session_stop_requested = 1;
    static const char msg[] = "\nconvbench: stopping after the current case (again to abort now)\n";
    if (write(STDERR_FILENO, msg, sizeof msg - 1) < 0)
        return;
}

typedef struct params_ctx {
    const algo_desc *const *a;
    int n;
    char *err;
    size_t errlen;
} params_ctx;

/* One --params item names a tunable of at least one chosen algorithm, with a
 * value valid for each algorithm that has it. */
static int check_param(const char *name, const char *value, void *ctx)
{
    params_ctx *c = ctx;
    char item[600];
    snprintf(item, sizeof item, "%s=%s", name, value);
    int known = 0, tune[ALGO_MAX_TUNABLES];
    for (int i = 0; i < c->n; i++)
        for (int t = 0; t < c->a[i]->ntunables; t++) {
            if (strcmp(c->a[i]->tunables[t].name, name) != 0)
                continue;
            known = 1;
            if (algo_parse_params(c->a[i], item, 0, tune, c->err, c->errlen))
                return -1;
        }
    if (!known) {
        snprintf(c->err, c->errlen,
                 "--params: no chosen algorithm has a parameter '%s' (convbench tune --list "
                 "shows each algorithm's)",
                 name);
        return -1;
    }
    return 0;
}

/* Every item of params names a tunable of at least one of the n algorithms,
 * with a value valid for each algorithm that has it. Returns 0, or -1 with err. */
static int check_params(const char *params, const algo_desc *const *a, int n, char *err,
                        size_t errlen)
{
    params_ctx c = {a, n, err, errlen};
    return algo_each_param(params, check_param, &c, err, errlen);
}

/* Parses every case's algorithm list and --params up front, so a typo fails
 * before any device work. Returns the number of (case, algorithm) runs, or -1
 * with err. */
static int check_algos(const cfg_case *cases, int n, char *err, size_t errlen)
{
    const algo_desc *a[MAX_ALGOS];
    int runs = 0;
    for (int i = 0; i < n; i++) {
        int k = algo_parse_list(cases[i].o.algo, a, MAX_ALGOS, err, errlen);
        runs += k;
        if (k >= 0 && cases[i].o.params[0]) {
            /* "best" runs every own algorithm, so --params may name any of theirs. */
            const algo_desc *all[MAX_ALGOS];
            int na = 0;
            for (int j = 0; j < k; j++)
                if (a[j]->pseudo)
                    na = algo_parse_list("all", all, MAX_ALGOS, err, errlen);
            if (check_params(cases[i].o.params, na ? all : a, na ? na : k, err, errlen))
                k = -1;
        }
        if (k < 0) {
            if (cases[i].file) {
                char msg[1024];
                snprintf(msg, sizeof msg, "%s", err);
                snprintf(err, errlen, "%s:%d: [%s] %s", cases[i].file, cases[i].line,
                         cases[i].o.layer, msg);
            }
            return -1;
        }
    }
    return runs;
}

/* results/<device>-<UTC time>.csv, with the device name reduced to [A-Za-z0-9_-]. */
static void default_csv_path(char *buf, size_t len, const char *device, const struct tm *utc)
{
    char dev[64];
    size_t j = 0;
    for (const char *p = device; *p && j + 1 < sizeof dev; p++)
        dev[j++] = isalnum((unsigned char)*p) || *p == '-' ? *p : '_';
    dev[j] = '\0';
    char ts[32];
    strftime(ts, sizeof ts, "%Y%m%d-%H%M%S", utc);
    snprintf(buf, len, "results/%s-%s.csv", dev, ts);
}

void session_fill_context(result *r, const clrt_device *d, const opts *o, const prob_metrics *m,
                         const struct tm *utc)
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
    r->m = *m;
}

void session_repro(const clrt_device *d, const opts *o, const char *algo, char *buf, size_t len)
{
    opts named = *o;
    snprintf(named.device, sizeof named.device, "%s", d->id);
    clrt_device_env(d, buf, len);
    size_t n = strlen(buf);
    opts_repro(&named, algo, buf + n, len - n);
}

run_settings session_settings(const opts *o, const opts *s, progress *prog)
{
    run_settings rs = {
        .fill = (vfy_fill)o->fill,
        .seed = (uint64_t)o->seed,
        .verify = (vfy_mode)o->verify,
        .sample = o->sample,
        .ref_cache = !s->no_ref_cache,
        .timing = {(int)o->warmup, (int)o->min_reps, o->min_ms, (int)o->max_reps},
        .dump_dir = s->dump,
        .kernel_opts = o->kernel_opts,
        .max_workspace = (int64_t)(o->max_ws_mib * 1048576.0),
        .progress = progress_stage,
        .progress_arg = prog,
    };
    return rs;
}

int session_dry_run(FILE *f, const cfg_case *cases, int n)
{
    char err[1024];
    if (check_algos(cases, n, err, sizeof err) < 0) {
        fprintf(stderr, "convbench: %s\n", err);
        return EXIT_USAGE;
    }
    double flops = 0, bytes = 0;
    int64_t convs = 0;
    table_case_header(f);
    for (int i = 0; i < n; i++) {
        const prob_metrics *m = &cases[i].m;
        table_case_row(f, &cases[i].o, m);
        flops += m->flops * (double)cases[i].o.count;
        convs += cases[i].o.count;
        bytes += (double)(m->in_bytes + m->wei_bytes + m->bias_bytes + m->out_bytes);
    }
    fprintf(f,
            "\n%d cases, %lld convolutions counting repeats, %.3f GFLOP in all; %.1f MiB of "
            "tensors in all (dry run: no device touched)\n",
            n, (long long)convs, flops * 1e-9, bytes / 1048576.0);
    return EXIT_OK;
}

/* A CSV may hold several devices' rows (compare and report keep them apart),
 * but appending to another device's file is often a slip: say so. */
static void note_other_devices(const char *path, const clrt_device *dev)
{
    csv_table t;
    char err[256];
    if (csvr_read(path, &t, err, sizeof err) == 0) {
        int pc = csvr_col(&t, "platform"), dc = csvr_col(&t, "device"),
            vc = csvr_col(&t, "driver"), other = -1, count = 0;
        for (int r = 0; r < t.nrows; r++)
            if (strcmp(csvr_get(&t, r, pc), dev->platform_name) != 0 ||
                strcmp(csvr_get(&t, r, dc), dev->name) != 0 ||
                strcmp(csvr_get(&t, r, vc), dev->driver) != 0) {
                other = other < 0 ? r : other;
                count++;
            }
        if (count)
            printf("note:   %s already holds %d rows of another device (%s/%s, driver %s, "
                   "line %d); compare and report keep each device's rows apart\n",
                   path, count, csvr_get(&t, other, pc), csvr_get(&t, other, dc),
                   csvr_get(&t, other, vc), t.line[other]);
    }
    csvr_free(&t);
}

/* Picks the device, opens the CSV (before any device work), creates the
 * context and applies CLBlast tuning. Returns EXIT_OK or the exit code. */
static int session_open(session *ss, const opts *s, int runs)
{
    char err[1024];
    int rc = clrt_pick(s->device, &ss->dev, err, sizeof err);
    if (rc) {
        if (rc > 0)
            fprintf(stderr, "convbench: %s\n", err);
        return rc > 0 ? EXIT_USAGE : EXIT_DEVICE;
    }
    /* A bad tuning file is a usage error, found before the CSV is created. */
    if (s->clblast_tuning[0] &&
        blas_load_overrides(ss->dev.device, s->clblast_tuning, err, sizeof err)) {
        fprintf(stderr, "convbench: --clblast-tuning: %s\n", err);
        return EXIT_USAGE;
    }
    time_t now = time(NULL);
    gmtime_r(&now, &ss->utc);
    char path[4096];
    if (s->csv[0])
        snprintf(path, sizeof path, "%s", s->csv);
    else
        default_csv_path(path, sizeof path, ss->dev.id, &ss->utc);
    if (fs_mkparents(path)) {
        fprintf(stderr, "convbench: --csv: cannot create the folder of '%s': %s\n", path,
                strerror(errno));
        return EXIT_USAGE;
    }
    if (s->db[0] && db_open(&ss->history, s->db, err, sizeof err)) {
        fprintf(stderr, "convbench: --db: %s\n", err);
        return EXIT_USAGE;
    }
    if (csv_open(&ss->csv, path, err, sizeof err)) {
        fprintf(stderr, "convbench: --csv: %s\n", err);
        return EXIT_USAGE;
    }
    if (ss->csv.warning[0])
        fprintf(stderr, "convbench: warning: %s\n", ss->csv.warning);
    if (ss->csv.regular)
        note_other_devices(path, &ss->dev);
    ss->results = calloc((size_t)runs + 1, sizeof *ss->results);
    if (!ss->results)
        return EXIT_DEVICE;
    ss->ctx_ready = 1;
    if (clrt_init(&ss->ctx, &ss->dev, s->no_cache ? "" : NULL))
        return EXIT_DEVICE;
    printf("device: %s (driver %s), %u compute units\n", ss->dev.id, ss->dev.driver,
           ss->dev.compute_units);
    char line[800];
    devcheck_run(&ss->ctx, &ss->check);
    devcheck_format(&ss->check, line, sizeof line);
    printf("check:  %s\n", line);
    if (!ss->check.ok) {
        fprintf(stderr, "convbench: %s failed its self-check: %s\n", ss->dev.id, ss->check.why);
        sup_say("skip failed its self-check: %s", ss->check.why);
        return EXIT_DEVICE;
    }
    sup_say("ready");
    if (!s->no_peak && peak_get(&ss->ctx, ss->check.launch_ms, 0, stdout, &ss->peak, NULL))
        return EXIT_DEVICE;
    if (!s->no_tune_db || ss->tuning) {
        char *dbpath = ss->db_path;
        if (s->tune_db[0])
            snprintf(dbpath, sizeof ss->db_path, "%s", s->tune_db);
        else if (clrt_device_file(dbpath, sizeof ss->db_path, &ss->dev, "tuning"))
            dbpath[0] = '\0';
        if (ss->tuning && !dbpath[0]) {
            fprintf(stderr, "convbench tune: no cache folder (set HOME or XDG_CACHE_HOME) and "
                            "no --tune-db FILE\n");
            return EXIT_USAGE;
        }
        if (dbpath[0] && tdb_load(&ss->db, dbpath, &ss->dev, err, sizeof err)) {
            if (s->tune_db[0])
                fprintf(stderr, "convbench: --tune-db: %s\n", err);
            else /* the default database, which the user never named */
                fprintf(stderr,
                        "convbench: this device's tuning database: %s\n(fix or delete the file, "
                        "name another with --tune-db FILE, or run without one: --no-tune-db)\n",
                        err);
            return EXIT_USAGE;
        }
        if (ss->db.n || ss->tuning)
            printf("tuning: %d entries in %s\n", ss->db.n, dbpath);
    }
    if (ss->peak.gflops > 0)
        printf("peak:   %.1f GFLOP/s FMA, %.1f GB/s copy (measured %s, load %.2f, %s clock; "
               "convbench peak)\n",
               ss->peak.gflops, ss->peak.copy_gbs, ss->peak.measured, ss->peak.load,
               timing_source_name(ss->peak.timer));
    sup_say("started");
    printf("csv:    %s\n\n", path);
    fflush(stdout); /* before any build log or warning on stderr */
    return EXIT_OK;
}

static void session_close(session *ss)
{
    blas_release();
    coldcache_free(&ss->cold); /* before the context its buffer lives in */
    if (ss->ctx_ready)
        clrt_free(&ss->ctx);
    tdb_free(&ss->db);
    free(ss->tuned);
    csv_close(&ss->csv);
    db_close(&ss->history);
    free(ss->results);
}

/* The row's place on the device's roofline, and whether its rate is possible:
 * the arithmetic the algorithm really does (algo_flops; Winograd's is smaller
 * than the direct count it is credited with) cannot run faster than the
 * measured peak. A rate above it is flagged, never silently printed. */
static void add_roofline(const session *ss, result *r)
{
    const prob_metrics *m = &r->m;
    r->intensity = peak_intensity(
        m->flops, (double)(m->in_bytes + m->wei_bytes + m->bias_bytes + m->out_bytes));
    r->peak_gflops = r->peak_gbs = r->pct_peak = NAN;
    r->above_peak = -1;
    r->bound[0] = '\0';
    /* Sums accumulated in fp16 run on half FMAs, all others on float32's
     * (fp16 data with fp32 sums converts, then multiplies in float). */
    double fma = peak_fma(&ss->peak, r->sh.accum);
    if (!(fma > 0) || !(ss->peak.copy_gbs > 0)) {
        if (ss->peak.gflops > 0 && isfinite(r->gflops)) {
            size_t n = strlen(r->note);
            snprintf(r->note + n, sizeof r->note - n,
                     "%sno %s FMA peak measured: pct_peak and bound left empty", n ? "; " : "",
                     prob_dtype_names[r->sh.accum]);
        }
        return;
    }
    r->peak_gflops = fma;
    r->peak_gbs = ss->peak.copy_gbs;
    r->pct_peak = 100.0 * r->gflops / fma;
    snprintf(r->bound, sizeof r->bound, "%s", peak_bound(&ss->peak, r->sh.accum, r->intensity));
    if (!isfinite(r->gflops))
        return;
    double own = r->algo_flops / (r->t.median * 1e6);
    r->above_peak = own > fma;
    if (!r->above_peak)
        return;
    size_t n = strlen(r->note);
    snprintf(r->note + n, sizeof r->note - n,
             "%sABOVE PEAK: the algorithm's own arithmetic ran at %.0f%% of the measured peak "
             "(%.1f GFLOP/s, %s): the peak is stale, the clock is wrong, or the peak kernel "
             "falls short of this device; `convbench peak --force -d '%s'` measures it again "
             "and keeps the higher",
             n ? "; " : "", 100.0 * own / fma, fma, ss->peak.measured,
             ss->dev.id);
}

void session_emit(session *ss, result *r)
{
    add_roofline(ss, r);
    progress_clear(&ss->prog);
    if (r->timer > TIMING_EVENTS && !ss->timer_warned++)
        printf("timer:  %s: profiling events disagree with the host clock (%s); its rows use "
               "%s timing (column timer)\n",
               ss->dev.id, r->timer_why, timing_source_name((timing_source)r->timer));
    ss->counts[r->status]++;
    table_row(stdout, r);
    if (r->dump_failed && !ss->dump_failed++)
        fprintf(stderr, "convbench: --dump: %s\n", r->note);
    /* After a failed write nothing more is written: a later row must not
     * stand in the file where an earlier one is missing. */
    if (!ss->write_failed && csv_write(&ss->csv, r)) {
        ss->write_failed = 1;
        session_stop_requested = 1;
        fprintf(stderr, "convbench: %s; stopping, as no further result could be kept\n",
                ss->csv.error);
    }
    if (!ss->write_failed && ss->history.db && db_write(&ss->history, r)) {
        ss->write_failed = 1;
        session_stop_requested = 1;
        fprintf(stderr, "convbench: --db: %s; stopping, as no further result could be kept\n",
                ss->history.error);
    }
}

/* session_run and session_tune: the same loop over cases. */
static int session_main(const cfg_case *cases, int n, const opts *given, const char *title,
                        int tuning)
{
    char err[1024];
    opts local = *given, *s = &local;
    if (sup_is_child()) {
        snprintf(local.device, sizeof local.device, "%s", sup_child_device());
        snprintf(local.csv, sizeof local.csv, "%s", sup_child_csv());
    }
    int runs = check_algos(cases, n, err, sizeof err);
    if (runs < 0) {
        fprintf(stderr, "convbench: %s\n", err);
        return EXIT_USAGE;
    }
    for (int i = 0; i < n; i++)
        if (cases[i].o.min_reps > cases[i].o.max_reps) {
            fprintf(stderr,
                    "convbench: --max-reps %lld is smaller than --min-reps %lld (default %s); "
                    "give --min-reps no larger than --max-reps\n",
                    (long long)cases[i].o.max_reps, (long long)cases[i].o.min_reps,
                    opts_find("min-reps")->def);
            return EXIT_USAGE;
        }
    if (s->dump[0] && fs_writable_dir(s->dump)) {
        fprintf(stderr, "convbench: --dump: '%s' is not a folder convbench can write to: %s\n",
                s->dump, strerror(errno));
        return EXIT_USAGE;
    }
    if (!sup_is_child() && strcmp(s->device, "all") == 0)
        return sup_run_all(cases, n, s);
    /* A prebuild child builds, and says nothing: the parent reports. */
    int pj = 0, pk = 1, pfirst = 0, pchild = prebuild_child(&pj, &pk, &pfirst);
    if (pchild) {
        if (!freopen("/dev/null", "w", stdout) || !freopen("/dev/null", "w", stderr))
            return EXIT_WRITE;
        local.no_peak = 1;
        local.dump[0] = local.db[0] = '\0';
        snprintf(local.csv, sizeof local.csv, "/dev/null");
    }
    session ss;
    memset(&ss, 0, sizeof ss);
    ss.tuning = tuning;
    ss.deadline_ms = timing_now_ms() + s->budget_s * 1e3;
    if (tuning && !(ss.tuned = calloc((size_t)n + 1, sizeof *ss.tuned)))
        return EXIT_DEVICE;
    int rc = session_open(&ss, s, runs);
    if (rc != EXIT_OK) {
        session_close(&ss);
        return rc;
    }

    session_stop_requested = 0;
    struct sigaction sa = {.sa_handler = on_signal}, old_int, old_term;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, &old_int);
    sigaction(SIGTERM, &sa, &old_term);
    progress_init(&ss.prog, n, -1);
    double rss_first = 0; /* after the first case: programs built, libraries warm */
    int first = sup_child_first_case(), done = first, out_of_time = 0;
    /* Without the program cache the children's builds could not reach this process. */
    if (!tuning && !pchild && !sup_is_child() && !s->no_prebuild && !s->no_cache)
        prebuild_run(first, n, &session_stop_requested, stdout);
    table_header(stdout);
    for (; done < n && !session_stop_requested; done++) {
        if (pchild) {
            if (done >= pfirst && (done - pfirst) % pk == pj) {
                cfg_case b = prebuild_child_case(&cases[done]);
                session_run_case(&ss, &b, s, done);
            }
            continue;
        }
        if (tuning && timing_now_ms() > ss.deadline_ms) {
            out_of_time = 1;
            break;
        }
        /* Each case gets an equal share of the budget left (what one leaves
         * goes to the rest), so a large search space early in the sweep
         * cannot starve the layers after it. */
        if (tuning) {
            double now = timing_now_ms();
            ss.case_deadline_ms = now + (ss.deadline_ms - now) / (double)(n - done);
        }
        (tuning ? session_tune_case : session_run_case)(&ss, &cases[done], s, done);
        if (done == first)
            rss_first = rss_mib();
    }
    sigaction(SIGINT, &old_int, NULL);
    sigaction(SIGTERM, &old_term, NULL);

    if (title)
        summary_print(stdout, ss.results, ss.nres, title);
    if (out_of_time)
        printf("\nbudget of %.0f s spent: %d of %d cases tuned; a larger --budget tunes the "
               "rest\n", s->budget_s, done, n);
    else if (done < n && !ss.write_failed)
        printf("\ninterrupted: %d of %d cases ran; %s holds every finished case\n", done, n,
               ss.csv.path);
    if (tuning)
        printf("tuning database: %s (%d entries)\n", ss.db_path, ss.db.n);
    /* Memory after the first case against the end shows that a long sweep does
     * not grow (nothing leaks per case); the peak includes compilers' transients. */
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    const int *c = ss.counts;
    printf("\nsummary: %d PASS, %d UNVERIFIED, %d FAIL, %d SKIPPED, %d ERROR\n", c[RES_PASS],
           c[RES_UNVERIFIED], c[RES_FAIL], c[RES_SKIPPED], c[RES_ERROR]);
    printf("memory: %.1f MiB after the first case, %.1f MiB after %d cases (peak %.1f MiB)\n",
           rss_first, rss_mib(), done, ru.ru_maxrss / 1024.0);
    rc = ss.write_failed || ss.dump_failed ? EXIT_WRITE
         : done < n && !out_of_time        ? SESSION_INTERRUPTED
         : c[RES_FAIL]                     ? EXIT_VERIFY
         : c[RES_ERROR]                    ? EXIT_DEVICE
                                           : EXIT_OK;
    session_close(&ss);
    return rc;
}

int session_run(const cfg_case *cases, int n, const opts *s, const char *title)
{
    return session_main(cases, n, s, title, 0);
}

int session_tune(const cfg_case *cases, int n, const opts *s)
{
    return session_main(cases, n, s, NULL, 1);
}
