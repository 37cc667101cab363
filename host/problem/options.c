/* options.c - the option table and everything it drives. */
#include "options.h"
#include "errmsg.h"
#include "tokens.h"
#include "verify.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define O(field) offsetof(opts, field)
#define CAP(field) sizeof(((opts *)0)->field)
#define BIG 2147483647.0

/* Row makers; trailing arguments are extra designated fields (.repro, .required, ...). */
#define INT(nm, sn, fld, df, lo, hi, grp, mv, wh, hp, ...)                                   \
    {.name = nm, .short_name = sn, .type = OT_INT, .off = O(fld), .off2 = OPT_NONE, .def = df, \
     .min = lo, .max = hi, .group = grp, .metavar = mv, .where = wh, .help = hp, __VA_ARGS__}
#define PAIR(nm, f1, f2, lo, grp, mv, hp)                                                    \
    {.name = nm, .type = OT_INT, .off = O(f1), .off2 = O(f2), .min = lo, .max = BIG,         \
     .group = grp, .metavar = mv, .where = OPT_ALL, .help = hp}
#define DBL(nm, fld, df, lo, hi, grp, mv, wh, hp)                                            \
    {.name = nm, .type = OT_DOUBLE, .off = O(fld), .off2 = OPT_NONE, .def = df, .min = lo,   \
     .max = hi, .group = grp, .metavar = mv, .where = wh, .help = hp}
#define BOOL(nm, fld, df, grp, wh, hp, ...)                                                  \
    {.name = nm, .type = OT_BOOL, .off = O(fld), .off2 = OPT_NONE, .def = df, .max = 1,      \
     .group = grp, .metavar = "0|1", .where = wh, .help = hp, __VA_ARGS__}
#define STR(nm, sn, fld, df, grp, mv, wh, hp, ...)                                           \
    {.name = nm, .short_name = sn, .type = OT_STR, .off = O(fld), .off2 = OPT_NONE,          \
     .cap = CAP(fld), .def = df, .group = grp, .metavar = mv, .where = wh, .help = hp,       \
     __VA_ARGS__}
#define CHOICE(nm, fld, df, names, grp, mv, wh, hp, ...)                                     \
    {.name = nm, .type = OT_CHOICE, .off = O(fld), .off2 = OPT_NONE, .def = df,              \
     .choices = names, .nchoices = sizeof names / sizeof names[0], .group = grp,             \
     .metavar = mv, .where = wh, .help = hp, __VA_ARGS__}

const char *const opt_format_names[OPT_FMT_COUNT] = {
    [OPT_FMT_TEXT] = "text", [OPT_FMT_MARKDOWN] = "markdown", [OPT_FMT_CSV] = "csv",
    [OPT_FMT_HTML] = "html"};
const char *const opt_fail_on_names[OPT_FAIL_COUNT] = {[OPT_FAIL_ROWS] = "rows",
                                                       [OPT_FAIL_GEOMEAN] = "geomean"};
const char *const opt_export_to_names[OPT_TO_COUNT] = {[OPT_TO_BENCHDNN] = "benchdnn",
                                                       [OPT_TO_MIOPEN] = "miopen"};
const char *const opt_statistic_names[OPT_STAT_COUNT] = {[OPT_STAT_MEDIAN] = "median",
                                                         [OPT_STAT_MIN] = "min"};

/* MIOpenDriver's -F: 1 forward, 2 backward data, 4 backward weights, their
 * sums for several, 0 for all three. */
static const char *dir_codes(const char *value, char *buf, size_t len, char *err, size_t errlen)
{
    size_t n;
    const char *v = tokens_trim(value, &n);
    if (!n || strspn(v, "0123456789") != n)
        return value;
    long code = n < 4 ? strtol(v, NULL, 10) : -1;
    if (code < 0 || code > 7) {
        snprintf(err, errlen,
                 "'%.*s' is not a direction code; expected 1 (fwd), 2 (bwd-data), 4 "
                 "(bwd-weights), a sum of them, 0 for all three, or the names fwd, bwd-data, "
                 "bwd-weights",
                 (int)n, v);
        return NULL;
    }
    buf[0] = '\0';
    for (int d = 0; d < PROB_DIR_COUNT; d++)
        if (code == 0 || (code >> d & 1)) {
            size_t o = strlen(buf);
            snprintf(buf + o, len - o, "%s%s", o ? "," : "", prob_dir_names[d]);
        }
    return buf;
}

/* Group order here is the order of --help. Problem flags are MIOpenDriver's. */
static const opt_def table[] = {
    INT("batch", 'n', sh.n, "1", 1, BIG, "problem", "N", OPT_ALL | OPT_IMPORT,
        "batch size N (import: every section's, replacing the sources'; needed for an ONNX "
        "model whose batch is symbolic)", .repro = 1),
    INT("in-channels", 'c', sh.c, "64", 1, BIG, "problem", "C", OPT_ALL, "input channels C",
        .repro = 1, .required = 1),
    INT("height", 'H', sh.h, "56", 1, BIG, "problem", "H", OPT_ALL, "input height H",
        .repro = 1, .required = 1),
    INT("width", 'W', sh.w, "56", 1, BIG, "problem", "W", OPT_ALL, "input width W",
        .repro = 1, .required = 1),
    PAIR("size", sh.h, sh.w, 1, "problem", "HW", "square input: sets height and width"),
    INT("out-channels", 'k', sh.k, "64", 1, BIG, "problem", "K", OPT_ALL, "output channels K",
        .repro = 1, .required = 1),
    INT("kernel-h", 'y', sh.r, "3", 1, BIG, "problem", "R", OPT_ALL, "filter height R",
        .repro = 1, .required = 1),
    INT("kernel-w", 'x', sh.s, "3", 1, BIG, "problem", "S", OPT_ALL, "filter width S",
        .repro = 1, .required = 1),
    PAIR("kernel", sh.r, sh.s, 1, "problem", "RS", "square filter: sets kernel-h and kernel-w"),
    INT("pad-h", 'p', sh.pad_h, "1", 0, BIG, "problem", "N", OPT_ALL,
        "zero padding, top and bottom", .repro = 1),
    INT("pad-w", 'q', sh.pad_w, "1", 0, BIG, "problem", "N", OPT_ALL,
        "zero padding, left and right", .repro = 1),
    PAIR("pad", sh.pad_h, sh.pad_w, 0, "problem", "N", "sets pad-h and pad-w"),
    INT("stride-h", 'u', sh.stride_h, "1", 1, BIG, "problem", "N", OPT_ALL, "vertical stride",
        .repro = 1),
    INT("stride-w", 'v', sh.stride_w, "1", 1, BIG, "problem", "N", OPT_ALL, "horizontal stride",
        .repro = 1),
    PAIR("stride", sh.stride_h, sh.stride_w, 1, "problem", "N", "sets stride-h and stride-w"),
    INT("dilation-h", 'l', sh.dil_h, "1", 1, BIG, "problem", "N", OPT_ALL, "vertical dilation",
        .repro = 1),
    INT("dilation-w", 'j', sh.dil_w, "1", 1, BIG, "problem", "N", OPT_ALL, "horizontal dilation",
        .repro = 1),
    PAIR("dilation", sh.dil_h, sh.dil_w, 1, "problem", "N", "sets dilation-h and dilation-w"),
    INT("groups", 'g', sh.groups, "1", 1, BIG, "problem", "G", OPT_ALL,
        "groups (C and K must divide; G = C = K is depthwise)", .repro = 1),
    BOOL("bias", sh.bias, "0", "problem", OPT_ALL, "add a bias per output channel", .repro = 1),
    CHOICE("dtype", sh.dtype, "fp32", prob_dtype_names, "problem", "TYPE", OPT_ALL,
           "data type of every tensor (fp16 needs a device with cl_khr_fp16)", .repro = 1),
    CHOICE("layout", sh.layout, "nchw", prob_layout_names, "problem", "LAYOUT", OPT_ALL,
           "input and output layout; the weights are KCRS for nchw, KRSC for nhwc",
           .repro = 1),
    CHOICE("direction", sh.dir, "fwd", prob_dir_names, "problem", "DIR", OPT_ALL,
           "forward, or the backward pass to the data or to the weights; a list, or "
           "MIOpenDriver's -F codes: 1 fwd, 2 bwd-data, 4 bwd-weights, their sums, 0 all three",
           .repro = 1, .short_name = 'F', .translate = dir_codes),
    CHOICE("accum", sh.accum, "fp32", prob_dtype_names, "problem", "TYPE", OPT_ALL,
           "type the sums are accumulated in (fp16: only with --dtype fp16)", .repro = 1),

    STR("algo", 'a', algo, "all", "run", "LIST", OPT_ALL | OPT_HISTORY, "algorithms, comma-separated, or 'all'",
        .alias = "algorithms"),
    STR("device", 'd', device, "", "run", "SEL", OPT_CLI | OPT_PEAK,
        "'all' (every device that passes a self-check, each in its own process), "
        "'PLATFORM/DEVICE' as `convbench devices` lists it, P:D, or a substring that names "
        "one device (default: the first GPU, else PoCL, else the first device)", .repro = 1),
    DBL("case-timeout", case_timeout_s, "1800", 0, 1e7, "run", "SEC", OPT_CLI,
        "--device all: kill a device's process that shows no progress for SEC seconds (an "
        "algorithm on one case), record an ERROR row and go on (0: never)"),
    CHOICE("verify", verify, "full", vfy_mode_names, "run", "MODE", OPT_ALL,
           "check every output, a random sample, or nothing"),
    INT("sample", 0, sample, "65536", 1, BIG, "run", "N", OPT_ALL,
        "outputs checked by --verify=sample"),
    CHOICE("fill", fill, "exact", vfy_fill_names, "run", "KIND", OPT_ALL,
           "small integers (exact sums) or random floats in [-1,1)", .repro = 1),
    INT("seed", 0, seed, "1", 0, 9007199254740991.0, "run", "N", OPT_ALL, "seed of the fills",
        .repro = 1),
    BOOL("cold-cache", cold_cache, "0", "run", OPT_ALL,
         "before every run, evict the caches (a scrub kernel over 2x the last-level cache), so "
         "inputs and weights come from memory; column cache says cold", .repro = 1),
    INT("warmup", 0, warmup, "1", 0, 1000, "run", "N", OPT_ALL, "untimed runs first"),
    INT("min-reps", 'i', min_reps, "5", 1, 100000, "run", "N", OPT_ALL,
        "at least N timed runs ..."),
    DBL("min-time", min_ms, "200", 0, 3.6e6, "run", "MS", OPT_ALL,
        "... and at least MS ms of kernel time"),
    INT("max-reps", 0, max_reps, "1000", 1, 1000000, "run", "N", OPT_ALL,
        "but never more than N timed runs"),
    DBL("max-workspace", max_ws_mib, "0", 0, 1e9, "run", "MIB", OPT_ALL,
        "largest workspace buffer an algorithm may use, in MiB; beyond it im2col goes in "
        "chunks of images (0: half the device's max allocation)"),
    STR("kernel-opts", 0, kernel_opts, "", "run", "STR", OPT_ALL,
        "extra OpenCL build options for every kernel", .repro = 1),
    BOOL("no-cache", no_cache, "0", "run", OPT_CLI, "do not read or write the program cache"),
    BOOL("no-prebuild", no_prebuild, "0", "run", OPT_CLI,
         "build the programs in this process as cases reach them, not first in parallel "
         "child processes (one per core)"),
    BOOL("no-ref-cache", no_ref_cache, "0", "run", OPT_CLI,
         "do not read or write the reference cache (CPU reference outputs kept on disk, "
         "keyed by problem, fill and seed)"),
    STR("clblast-tuning", 0, clblast_tuning, "", "run", "FILE", OPT_CLI,
        "CLBlast tuning parameters to use on this device (lines 'KERNEL NAME=VALUE ...')"),
    STR("params", 0, params, "", "tuning", "LIST", OPT_ALL,
        "tunable parameters NAME=VALUE,... of the chosen algorithms (convbench tune --list); "
        "they replace the tuning database's", .repro = 1),
    STR("tune-db", 0, tune_db, "", "tuning", "FILE", OPT_CLI,
        "tuning database to read (run, sweep) or update (tune); default: one per device "
        "under ~/.cache/convbench/tuning"),
    BOOL("no-tune-db", no_tune_db, "0", "tuning", OPT_RUN | OPT_SWEEP,
         "run every algorithm with its default parameters, not the tuned ones"),
    STR("sweep", 0, sweep, "", "tuning", "FILE", OPT_TUNE,
        "tune: the layers of this INI config (else the problem the options give)"),
    BOOL("list", list, "0", "tuning", OPT_TUNE, "tune: print each algorithm's parameters and stop"),
    DBL("budget", budget_s, "600", 1, 1e7, "tuning", "SEC", OPT_TUNE,
        "tune: stop searching after SEC seconds (the best found so far is kept)"),
    BOOL("no-peak", no_peak, "0", "output", OPT_RUN | OPT_SWEEP,
         "do not measure the device's peak; leave pct_peak and bound empty"),
    BOOL("force", force, "0", "peak", OPT_PEAK, "measure again even when the peak is cached"),
    DBL("threshold", threshold_pct, "5", 0, 1000, "comparison", "PCT", OPT_COMPARE,
        "compare: a change must exceed PCT percent (\"5\" or \"5%\") to count"),
    DBL("alpha", alpha, "0.05", 1e-9, 0.5, "comparison", "P", OPT_COMPARE,
        "compare: significance level of Welch's t-test on the repetitions"),
    STR("normalize-by", 0, normalize_by, "", "comparison", "ALGO", OPT_COMPARE,
        "compare: divide each time by ALGO's on the same case and file (cancels the "
        "machine's speed)"),
    CHOICE("fail-on", fail_on, "rows", opt_fail_on_names, "comparison", "WHAT", OPT_COMPARE,
           "compare: exit 1 for a regressed row, or only for an algorithm whose geometric "
           "mean regressed"),
    BOOL("across-devices", across_devices, "0", "comparison", OPT_COMPARE,
         "compare: BASE and NEW hold one device each; match their rows although the devices "
         "differ (for a gate normalised by a peer algorithm; rows never match across devices "
         "otherwise)"),
    CHOICE("statistic", statistic, "median", opt_statistic_names, "comparison", "STAT",
           OPT_COMPARE | OPT_HISTORY, "compare, history: the time of a row is its median, or its fastest run (noise on a shared "
           "machine only ever adds time)"),
    CHOICE("format", format, "text", opt_format_names, "comparison", "FMT",
           OPT_COMPARE | OPT_REPORT,
           "compare: text, markdown or csv; report: markdown or html"),
    INT("runs", 0, runs, "5", 1, BIG, "comparison", "N", OPT_COMPARE,
        "when BASE is a database: its last N runs on NEW's device"),
    STR("baseline", 0, baseline, "", "comparison", "DEVICE", OPT_REPORT,
        "report: ratios are to this device (a substring of its name; default: the first "
        "file's)"),
    STR("plots", 0, plots, "", "comparison", "DIR", OPT_REPORT,
        "report --format html: embed the SVG charts in DIR (scripts/plot.py writes them)"),
    STR("layer", 0, layer_re, "", "run", "REGEX", OPT_SWEEP | OPT_TUNE | OPT_HISTORY,
        "run only layers whose name matches REGEX (POSIX extended)"),
    INT("max-cases", 0, max_cases, "10000", 1, BIG, "run", "N", OPT_CLI,
        "refuse a grid that expands to more cases"),
    BOOL("dry-run", dry_run, "0", "run", OPT_CLI,
         "print the expanded cases with FLOPs and memory; touch no device"),

    STR("csv", 'o', csv, "", "output", "PATH", OPT_CLI,
        "CSV to append to (default results/<device>-<time>.csv)"),
    STR("db", 0, db, "", "output", "FILE", OPT_CLI | OPT_HISTORY,
        "also append every row to this SQLite database, with revision, host, device, driver "
        "and time (convbench history reads it)"),
    STR("dump", 0, dump, "", "output", "DIR", OPT_CLI,
        "write input, weights, bias, outputs, reference as .npy"),
    STR("name", 0, layer, "", "output", "STR", OPT_RUN, "layer name for the table and CSV"),
    INT("count", 0, count, "1", 1, BIG, "output", "N", OPT_INI | OPT_RUN,
        "times the layer occurs in its network (for totals)"),
    STR("out", 0, out, "", "import", "FILE", OPT_IMPORT | OPT_EXPORT_CONFIG,
        "import, export-config: write to FILE (default: standard output); nothing is written "
        "on an error"),
    BOOL("count-duplicates", count_duplicates, "0", "import",
         OPT_IMPORT | OPT_EXPORT_CONFIG | OPT_SWEEP | OPT_TUNE,
         "MIOpen logs: count repeated commands as occurrences (count = their number) instead "
         "of collapsing them to one"),
    CHOICE("to", export_to, "benchdnn", opt_export_to_names, "import", "TOOL", OPT_EXPORT_CONFIG,
           "export-config: benchdnn problem descriptors or MIOpenDriver commands"),
};

#define N_OPTS ((int)(sizeof table / sizeof table[0]))
_Static_assert(N_OPTS <= OPT_MAX, "raise OPT_MAX");

const opt_def *opts_table(int *count)
{
    *count = N_OPTS;
    return table;
}

/* Names compare with '_' and '-' as the same character. */
static int name_eq(const char *a, const char *b, size_t blen)
{
    if (!a)
        return 0;
    size_t i = 0;
    for (; i < blen && a[i]; i++) {
        char x = a[i] == '_' ? '-' : a[i], y = b[i] == '_' ? '-' : b[i];
        if (x != y)
            return 0;
    }
    return i == blen && a[i] == '\0';
}

static const opt_def *find_n(const char *name, size_t len)
{
    for (int i = 0; i < N_OPTS; i++)
        if (name_eq(table[i].name, name, len) || name_eq(table[i].alias, name, len))
            return &table[i];
    return NULL;
}

const opt_def *opts_find(const char *name)
{
    return find_n(name, strlen(name));
}

static size_t edit_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b), prev[64], cur[64];
    if (la > 63) la = 63;
    if (lb > 63) lb = 63;
    for (size_t j = 0; j <= lb; j++)
        prev[j] = j;
    for (size_t i = 1; i <= la; i++) {
        cur[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            char x = a[i - 1] == '_' ? '-' : (char)tolower((unsigned char)a[i - 1]);
            char y = b[j - 1] == '_' ? '-' : (char)tolower((unsigned char)b[j - 1]);
            size_t sub = prev[j - 1] + (x != y), del = prev[j] + 1, ins = cur[j - 1] + 1;
            cur[j] = sub < del ? (sub < ins ? sub : ins) : (del < ins ? del : ins);
        }
        memcpy(prev, cur, sizeof cur);
    }
    return prev[lb];
}

const opt_def *opts_closest(const char *name, unsigned where)
{
    const opt_def *best = &table[0];
    size_t bd = (size_t)-1;
    for (int i = 0; i < N_OPTS; i++) {
        if (!(table[i].where & where))
            continue;
        size_t d = edit_distance(name, table[i].name);
        if (d < bd) {
            bd = d;
            best = &table[i];
        }
    }
    return best;
}

int opts_overlap(const opt_def *a, const opt_def *b)
{
    return a->off == b->off || (b->off2 != OPT_NONE && a->off == b->off2) ||
           (a->off2 != OPT_NONE && (a->off2 == b->off || a->off2 == b->off2));
}

void opts_defaults(opts *o)
{
    memset(o, 0, sizeof *o);
    for (int i = 0; i < N_OPTS; i++)
        if (table[i].def)
            opts_set(o, &table[i], table[i].def, NULL, 0);
}

#define BAD(...) ERRMSG_RETURN(err, errlen, __VA_ARGS__)

/* The index of v (vlen characters) among d's choices, or -1. */
static int parse_choice(const opt_def *d, const char *v, size_t vlen)
{
    for (int i = 0; i < d->nchoices; i++)
        if (strlen(d->choices[i]) == vlen && strncmp(d->choices[i], v, vlen) == 0)
            return i;
    return -1;
}

/* d's choices as "a|b|c". */
static const char *choice_list(const opt_def *d, char *buf, size_t len)
{
    size_t o = 0;
    buf[0] = '\0';
    for (int i = 0; i < d->nchoices && o < len; i++)
        o += (size_t)snprintf(buf + o, len - o, "%s%s", i ? "|" : "", d->choices[i]);
    return buf;
}

int opts_set(opts *o, const opt_def *d, const char *v, char *err, size_t errlen)
{
    char *base = (char *)o;
    char *end;
    size_t len;
    const char *t = tokens_trim(v, &len); /* what a number or a choice is read from */
    switch (d->type) {
    case OT_INT: {
        errno = 0;
        long long x = strtoll(t, &end, 10);
        if (!len || end != t + len || errno)
            BAD("'%.*s' is not an integer; expected an integer in [%.0f, %.0f]", (int)len, t,
                d->min, d->max);
        if (x < d->min || x > d->max)
            BAD("%lld is out of range; expected an integer in [%.0f, %.0f]", x,
                d->min, d->max);
        *(int64_t *)(base + d->off) = x;
        if (d->off2 != OPT_NONE)
            *(int64_t *)(base + d->off2) = x;
        return 0;
    }
    case OT_DOUBLE: {
        errno = 0;
        double x = strtod(t, &end);
        if (strcmp(d->metavar, "PCT") == 0 && *end == '%' && end + 1 == t + len)
            end++; /* a percentage may say so: "5%" */
        if (!len || end != t + len || errno || !isfinite(x))
            BAD("'%.*s' is not a number; expected a number in [%g, %g]", (int)len, t, d->min,
                d->max);
        if (x < d->min || x > d->max)
            BAD("%g is out of range; expected a number in [%g, %g]", x, d->min, d->max);
        *(double *)(base + d->off) = x;
        return 0;
    }
    case OT_BOOL: {
        static const char *const spellings[] = {"0", "1", "false", "true", "no", "yes"};
        int x = -1;
        for (int i = 0; i < 6 && x < 0; i++)
            if (strlen(spellings[i]) == len && strncmp(spellings[i], t, len) == 0)
                x = i % 2;
        if (x < 0)
            BAD("'%.*s' is not a boolean; expected 0, 1, true, false, yes or no", (int)len, t);
        *(int *)(base + d->off) = x;
        return 0;
    }
    case OT_STR:
        if (strlen(v) >= d->cap)
            BAD("value is %zu characters long; expected at most %zu", strlen(v),
                d->cap - 1);
        memcpy(base + d->off, v, strlen(v) + 1);
        return 0;
    case OT_CHOICE: {
        int x = parse_choice(d, t, len);
        char list[256];
        if (x < 0)
            BAD("'%.*s' is not a valid choice; expected one of %s", (int)len, t,
                choice_list(d, list, sizeof list));
        *(int *)(base + d->off) = x;
        return 0;
    }
    }
    BAD("internal error: unknown type of option %s", d->name);
}

static const opt_def *find_short(char c)
{
    for (int i = 0; i < N_OPTS; i++)
        if (table[i].short_name == c)
            return &table[i];
    return NULL;
}

void spec_init(opt_spec *s)
{
    memset(s, 0, sizeof *s);
}

void spec_free(opt_spec *s)
{
    for (int i = 0; i < OPT_MAX; i++)
        free(s->val[i]);
    spec_init(s);
}

static int spec_put(opt_spec *s, int i, const char *value, const char *file, int line)
{
    char *v = strdup(value);
    if (!v)
        return -1;
    free(s->val[i]);
    s->val[i] = v;
    s->file[i] = file;
    s->line[i] = line;
    return 0;
}

int spec_copy(opt_spec *dst, const opt_spec *src)
{
    for (int i = 0; i < OPT_MAX; i++) {
        free(dst->val[i]);
        dst->val[i] = NULL;
        if (src->val[i] && spec_put(dst, i, src->val[i], src->file[i], src->line[i]))
            return -1;
    }
    return 0;
}

/* "file:line: " for a file, "" for the command line. */
static void where_prefix(char *buf, size_t len, const char *file, int line)
{
    if (file && line > 0)
        snprintf(buf, len, "%s:%d: ", file, line);
    else
        buf[0] = '\0';
}

void opts_display_name(char *buf, size_t len, const opt_def *d, int in_file)
{
    snprintf(buf, len, "%s%s", in_file ? "" : "--", d->name);
    for (char *p = buf; in_file && *p; p++)
        if (*p == '-')
            *p = '_';
}

/* Checks one value (one list item) by parsing it into a scratch opts. */
static int check_value(const opt_def *d, const char *v, const char *at, int in_file, char *err,
                       size_t errlen)
{
    opts scratch;
    char msg[1024], name[80];
    opts_display_name(name, sizeof name, d, in_file);
    if (opts_set(&scratch, d, v, msg, sizeof msg))
        BAD("%s%s: %s", at, name, msg);
    return 0;
}

int spec_set(opt_spec *s, const opt_def *d, const char *value, const char *file, int line,
             char *err, size_t errlen)
{
    char at[4200], native[128];
    where_prefix(at, sizeof at, file, line);
    int i = (int)(d - table);
    if (d->translate) {
        char why[400], name[80];
        const char *v = d->translate(value, native, sizeof native, why, sizeof why);
        opts_display_name(name, sizeof name, d, line > 0);
        if (!v)
            BAD("%s%s: %s", at, name, why);
        value = v;
    }
    for (int j = 0; j < N_OPTS; j++) {
        if (j == i || !s->val[j] || !opts_overlap(d, &table[j]))
            continue;
        char prev[4200], a[80], b[80];
        where_prefix(prev, sizeof prev, s->file[j], s->line[j]);
        opts_display_name(a, sizeof a, d, line > 0);
        opts_display_name(b, sizeof b, &table[j], line > 0);
        BAD("%s%s and %s (%sset before) set the same value; keep one", at, a, b, prev);
    }
    /* Lists span grids of cases; options that are not case parameters take one value. */
    if (d->type == OT_STR || !(d->where & OPT_INI)) {
        if (check_value(d, value, at, line > 0, err, errlen))
            return -1;
    } else {
        /* Every item of a list must parse on its own. */
        char name[80], *items[OPT_MAX_LIST], *buf = strdup(value);
        opts_display_name(name, sizeof name, d, line > 0);
        if (!buf)
            BAD("out of memory");
        int n = tokens_split(buf, items, OPT_MAX_LIST), bad = n < 0;
        if (bad)
            snprintf(err, errlen, "%s%s: a list of more than %d items; split it", at, name,
                     OPT_MAX_LIST);
        for (int k = 0; k < n && !bad; k++) {
            if (!*items[k]) {
                snprintf(err, errlen,
                         "%s%s = '%s': item %d of the list is empty; expected values "
                         "separated by commas",
                         at, name, value, k + 1);
                bad = 1;
            } else {
                bad = check_value(d, items[k], at, line > 0, err, errlen) != 0;
            }
        }
        free(buf);
        if (bad)
            return -1;
    }
    if (spec_put(s, i, value, file, line))
        BAD("out of memory");
    return 0;
}

/* The option that stores only into field off (e.g. "height" for sh.h), or -1. */
static int single_for(size_t off)
{
    for (int i = 0; i < N_OPTS; i++)
        if (table[i].off == off && table[i].off2 == OPT_NONE)
            return i;
    return -1;
}

int spec_overlay(opt_spec *base, const opt_spec *top)
{
    for (int i = 0; i < N_OPTS; i++) {
        if (!top->val[i])
            continue;
        const opt_def *t = &table[i];
        for (int j = 0; j < N_OPTS; j++) {
            const opt_def *b = &table[j];
            if (j == i || !base->val[j] || !opts_overlap(t, b))
                continue;
            /* A shorthand that top overrides only in part keeps its other field:
             * an inherited "size = 56" under "width = 28" leaves "height = 56". */
            if (b->off2 != OPT_NONE && t->off2 == OPT_NONE) {
                int keep = single_for(t->off == b->off ? b->off2 : b->off);
                if (keep >= 0 && spec_put(base, keep, base->val[j], base->file[j], base->line[j]))
                    return -1;
            }
            free(base->val[j]);
            base->val[j] = NULL;
        }
        if (spec_put(base, i, top->val[i], top->file[i], top->line[i]))
            return -1;
    }
    return 0;
}

/* 1 when v is a value of the boolean option d ("1", or "0,1" for a grid):
 * what spec_set itself would accept. */
static int booleans(const opt_def *d, const char *v)
{
    opt_spec one;
    spec_init(&one);
    int ok = spec_set(&one, d, v, NULL, 0, NULL, 0) == 0;
    spec_free(&one);
    return ok;
}

void opts_session(const opt_spec *s, opts *o)
{
    opts_defaults(o);
    for (int i = 0; i < N_OPTS; i++)
        if (s->val[i] && !(table[i].where & OPT_INI))
            opts_set(o, &table[i], s->val[i], NULL, 0); /* checked by spec_set */
}

int opts_parse_args(opt_spec *s, unsigned where, int argc, char **argv, char **pos, int npos_cap,
                    int *npos, char *err, size_t errlen)
{
    *npos = 0;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        const opt_def *d = NULL;
        const char *val = NULL;
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0)
            return 1;
        if (a[0] == '-' && a[1] == '-' && a[2]) {
            size_t len = strcspn(a + 2, "=");
            d = find_n(a + 2, len);
            if (!d || !(d->where & where)) {
                char name[64];
                snprintf(name, sizeof name, "%.*s", (int)(len < 63 ? len : 63), a + 2);
                BAD("unknown option '--%s'; did you mean '--%s'? (see --help)", name,
                    opts_closest(name, where)->name);
            }
            if (a[2 + len] == '=')
                val = a + 3 + len;
        } else if (a[0] == '-' && a[1] && a[1] != '-') {
            d = find_short(a[1]);
            if (!d || !(d->where & where))
                BAD("unknown option '-%c' (see --help)", a[1]);
            if (a[2])
                val = a + 2;
        } else {
            if (*npos >= npos_cap)
                BAD("unexpected argument '%s'; options start with - or --", a);
            pos[(*npos)++] = argv[i];
            continue;
        }
        if (!val) {
            /* A bool standing alone, or followed by something that is not a
             * boolean (a positional FILE is not its value). */
            if (d->type == OT_BOOL && (i + 1 >= argc || !booleans(d, argv[i + 1])))
                val = "1";
            else if (i + 1 < argc)
                val = argv[++i];
            else
                BAD("option '%s' needs a value (%s)", a, d->metavar);
        }
        /* On the command line a later option wins over an earlier one. */
        opt_spec one;
        spec_init(&one);
        int rc = spec_set(&one, d, val, NULL, 0, err, errlen);
        if (rc == 0 && spec_overlay(s, &one)) {
            snprintf(err, errlen, "out of memory");
            rc = -1;
        }
        spec_free(&one);
        if (rc)
            return -1;
    }
    return 0;
}

void opts_print_help(FILE *f, unsigned where)
{
    const char *group = "";
    for (int i = 0; i < N_OPTS; i++) {
        const opt_def *d = &table[i];
        if (!(d->where & where))
            continue;
        if (strcmp(group, d->group) != 0) {
            group = d->group;
            fprintf(f, "\n%s options:\n", group);
        }
        char flags[64];
        if (d->short_name)
            snprintf(flags, sizeof flags, "-%c, --%s %s", d->short_name, d->name, d->metavar);
        else
            snprintf(flags, sizeof flags, "    --%s %s", d->name, d->metavar);
        fprintf(f, "  %-28s %s", flags, d->help);
        char list[256];
        if (d->type == OT_CHOICE)
            fprintf(f, " [%s]", choice_list(d, list, sizeof list));
        if (d->def && *d->def)
            fprintf(f, " (default %s)", d->def);
        fputc('\n', f);
    }
    if (where & OPT_CLI) /* the commands that expand options into cases */
        fprintf(f, "\nNumeric and choice options take comma-separated lists (-n 1,8 --fill "
                   "exact,float);\nevery combination of the lists is a case.\n");
}

/* Appends " 'value'" to buf, quoted for a POSIX shell when needed. */
static size_t append_arg(char *buf, size_t o, size_t len, const char *v)
{
    int plain = *v != '\0';
    for (const char *p = v; *p; p++)
        plain &= isalnum((unsigned char)*p) || strchr("_.,:/=+-", *p) != NULL;
    if (o < len)
        o += (size_t)snprintf(buf + o, len - o, plain ? " %s" : " '", v);
    if (!plain) {
        for (const char *p = v; *p && o < len; p++)
            o += (size_t)snprintf(buf + o, len - o, *p == '\'' ? "'\\''" : "%c", *p);
        if (o < len)
            o += (size_t)snprintf(buf + o, len - o, "'");
    }
    return o;
}

void opts_repro(const opts *o, const char *algo, char *buf, size_t len)
{
    const char *base = (const char *)o;
    size_t n = (size_t)snprintf(buf, len, "convbench run");
    for (int i = 0; i < N_OPTS && n < len; i++) {
        const opt_def *d = &table[i];
        if (!d->repro)
            continue;
        char v[600];
        switch (d->type) {
        case OT_INT: snprintf(v, sizeof v, "%lld", (long long)*(const int64_t *)(base + d->off)); break;
        case OT_DOUBLE: snprintf(v, sizeof v, "%.17g", *(const double *)(base + d->off)); break;
        case OT_BOOL: snprintf(v, sizeof v, "%d", *(const int *)(base + d->off)); break;
        case OT_STR: snprintf(v, sizeof v, "%s", base + d->off); break;
        case OT_CHOICE: snprintf(v, sizeof v, "%s", d->choices[*(const int *)(base + d->off)]); break;
        }
        if (d->type == OT_STR && !*v)
            continue;
        char flag[48];
        if (d->short_name)
            snprintf(flag, sizeof flag, " -%c", d->short_name);
        else
            snprintf(flag, sizeof flag, " --%s", d->name);
        if (n < len)
            n += (size_t)snprintf(buf + n, len - n, "%s", flag);
        n = append_arg(buf, n, len, v);
    }
    if (n < len)
        n += (size_t)snprintf(buf + n, len - n, " --algo");
    append_arg(buf, n, len, algo);
}
