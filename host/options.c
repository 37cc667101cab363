/* options.c - the option table and everything it drives. */
#include "options.h"
#include "errmsg.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define O(field) offsetof(opts, field)
#define CAP(field) sizeof(((opts *)0)->field)
#define BIG 2147483647.0

/* Group order here is the order of --help. */
static const opt_def table[] = {
    /* problem: MIOpenDriver's short flags */
    {"batch", 'n', OT_INT, O(sh.n), OPT_NONE, 0, "1", 1, BIG, NULL, "problem", "N", "batch size N", 1},
    {"in-channels", 'c', OT_INT, O(sh.c), OPT_NONE, 0, "64", 1, BIG, NULL, "problem", "C", "input channels C", 1},
    {"height", 'H', OT_INT, O(sh.h), OPT_NONE, 0, "56", 1, BIG, NULL, "problem", "H", "input height H", 1},
    {"width", 'W', OT_INT, O(sh.w), OPT_NONE, 0, "56", 1, BIG, NULL, "problem", "W", "input width W", 1},
    {"size", 0, OT_INT, O(sh.h), O(sh.w), 0, NULL, 1, BIG, NULL, "problem", "HW", "square input: sets height and width", 0},
    {"out-channels", 'k', OT_INT, O(sh.k), OPT_NONE, 0, "64", 1, BIG, NULL, "problem", "K", "output channels K", 1},
    {"kernel-h", 'y', OT_INT, O(sh.r), OPT_NONE, 0, "3", 1, BIG, NULL, "problem", "R", "filter height R", 1},
    {"kernel-w", 'x', OT_INT, O(sh.s), OPT_NONE, 0, "3", 1, BIG, NULL, "problem", "S", "filter width S", 1},
    {"kernel", 0, OT_INT, O(sh.r), O(sh.s), 0, NULL, 1, BIG, NULL, "problem", "RS", "square filter: sets kernel-h and kernel-w", 0},
    {"pad-h", 'p', OT_INT, O(sh.pad_h), OPT_NONE, 0, "1", 0, BIG, NULL, "problem", "N", "zero padding, top and bottom", 1},
    {"pad-w", 'q', OT_INT, O(sh.pad_w), OPT_NONE, 0, "1", 0, BIG, NULL, "problem", "N", "zero padding, left and right", 1},
    {"pad", 0, OT_INT, O(sh.pad_h), O(sh.pad_w), 0, NULL, 0, BIG, NULL, "problem", "N", "sets pad-h and pad-w", 0},
    {"stride-h", 'u', OT_INT, O(sh.stride_h), OPT_NONE, 0, "1", 1, BIG, NULL, "problem", "N", "vertical stride", 1},
    {"stride-w", 'v', OT_INT, O(sh.stride_w), OPT_NONE, 0, "1", 1, BIG, NULL, "problem", "N", "horizontal stride", 1},
    {"stride", 0, OT_INT, O(sh.stride_h), O(sh.stride_w), 0, NULL, 1, BIG, NULL, "problem", "N", "sets stride-h and stride-w", 0},
    {"dilation-h", 'l', OT_INT, O(sh.dil_h), OPT_NONE, 0, "1", 1, BIG, NULL, "problem", "N", "vertical dilation", 1},
    {"dilation-w", 'j', OT_INT, O(sh.dil_w), OPT_NONE, 0, "1", 1, BIG, NULL, "problem", "N", "horizontal dilation", 1},
    {"dilation", 0, OT_INT, O(sh.dil_h), O(sh.dil_w), 0, NULL, 1, BIG, NULL, "problem", "N", "sets dilation-h and dilation-w", 0},
    {"groups", 'g', OT_INT, O(sh.groups), OPT_NONE, 0, "1", 1, BIG, NULL, "problem", "G", "groups (C and K must divide; G = C = K is depthwise)", 1},
    {"bias", 0, OT_BOOL, O(sh.bias), OPT_NONE, 0, "0", 0, 1, NULL, "problem", "0|1", "add a bias per output channel", 1},
    /* what to run */
    {"algo", 'a', OT_STR, O(algo), OPT_NONE, CAP(algo), "all", 0, 0, NULL, "run", "LIST", "algorithms, comma-separated, or 'all'", 0},
    {"device", 'd', OT_STR, O(device), OPT_NONE, CAP(device), "", 0, 0, NULL, "run", "SEL", "P:D or a name substring (default: first GPU, else first device)", 1},
    {"verify", 0, OT_CHOICE, O(verify), OPT_NONE, 0, "full", 0, 0, "full|sample|none", "run", "MODE", "check every output, a random sample, or nothing", 0},
    {"sample", 0, OT_INT, O(sample), OPT_NONE, 0, "65536", 1, BIG, NULL, "run", "N", "outputs checked by --verify=sample", 0},
    {"fill", 0, OT_CHOICE, O(fill), OPT_NONE, 0, "exact", 0, 0, "exact|float", "run", "KIND", "small integers (exact sums) or random floats in [-1,1)", 1},
    {"seed", 0, OT_INT, O(seed), OPT_NONE, 0, "1", 0, 9007199254740991.0, NULL, "run", "N", "seed of the fills", 1},
    {"warmup", 0, OT_INT, O(warmup), OPT_NONE, 0, "1", 0, 1000, NULL, "run", "N", "untimed runs first", 0},
    {"min-reps", 'i', OT_INT, O(min_reps), OPT_NONE, 0, "5", 1, 100000, NULL, "run", "N", "at least N timed runs ...", 0},
    {"min-time", 0, OT_DOUBLE, O(min_ms), OPT_NONE, 0, "200", 0, 3.6e6, NULL, "run", "MS", "... and at least MS ms of kernel time", 0},
    {"max-reps", 0, OT_INT, O(max_reps), OPT_NONE, 0, "1000", 1, 1000000, NULL, "run", "N", "but never more than N timed runs", 0},
    {"kernel-opts", 0, OT_STR, O(kernel_opts), OPT_NONE, CAP(kernel_opts), "", 0, 0, NULL, "run", "STR", "extra OpenCL build options for every kernel", 1},
    {"no-cache", 0, OT_BOOL, O(no_cache), OPT_NONE, 0, "0", 0, 1, NULL, "run", "0|1", "do not read or write the program cache", 0},
    /* output */
    {"csv", 'o', OT_STR, O(csv), OPT_NONE, CAP(csv), "", 0, 0, NULL, "output", "PATH", "CSV to append to (default results/<device>-<time>.csv)", 0},
    {"dump", 0, OT_STR, O(dump), OPT_NONE, CAP(dump), "", 0, 0, NULL, "output", "DIR", "write input, weights, bias, outputs, reference as .npy", 0},
    {"name", 0, OT_STR, O(layer), OPT_NONE, CAP(layer), "", 0, 0, NULL, "output", "STR", "layer name for the table and CSV", 0},
    {"count", 0, OT_INT, O(count), OPT_NONE, 0, "1", 1, BIG, NULL, "output", "N", "times the layer occurs in its network (CSV)", 0},
};

#define N_OPTS ((int)(sizeof table / sizeof table[0]))

const opt_def *opts_table(int *count)
{
    *count = N_OPTS;
    return table;
}

/* Names compare with '_' and '-' as the same character. */
static int name_eq(const char *a, const char *b, size_t blen)
{
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
        if (name_eq(table[i].name, name, len))
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
            size_t sub = prev[j - 1] + (tolower((unsigned char)a[i - 1]) != tolower((unsigned char)b[j - 1]));
            size_t del = prev[j] + 1, ins = cur[j - 1] + 1;
            cur[j] = sub < del ? (sub < ins ? sub : ins) : (del < ins ? del : ins);
        }
        memcpy(prev, cur, sizeof cur);
    }
    return prev[lb];
}

const opt_def *opts_closest(const char *name)
{
    const opt_def *best = &table[0];
    size_t bd = (size_t)-1;
    for (int i = 0; i < N_OPTS; i++) {
        size_t d = edit_distance(name, table[i].name);
        if (d < bd) {
            bd = d;
            best = &table[i];
        }
    }
    return best;
}

void opts_defaults(opts *o)
{
    memset(o, 0, sizeof *o);
    for (int i = 0; i < N_OPTS; i++)
        if (table[i].def)
            opts_set(o, &table[i], table[i].def, NULL, 0);
}

#define BAD(...) ERRMSG_RETURN(err, errlen, __VA_ARGS__)

static int parse_choice(const char *choices, const char *v)
{
    int idx = 0;
    for (const char *p = choices;; idx++) {
        size_t len = strcspn(p, "|");
        if (strlen(v) == len && strncmp(p, v, len) == 0)
            return idx;
        if (!p[len])
            return -1;
        p += len + 1;
    }
}

int opts_set(opts *o, const opt_def *d, const char *v, char *err, size_t errlen)
{
    char *base = (char *)o;
    char *end;
    switch (d->type) {
    case OT_INT: {
        errno = 0;
        long long x = strtoll(v, &end, 10);
        if (!*v || *end || errno)
            BAD("--%s: '%s' is not an integer; expected an integer in [%.0f, %.0f]", d->name, v,
                d->min, d->max);
        if (x < d->min || x > d->max)
            BAD("--%s: %lld is out of range; expected an integer in [%.0f, %.0f]", d->name, x,
                d->min, d->max);
        *(int64_t *)(base + d->off) = x;
        if (d->off2 != OPT_NONE)
            *(int64_t *)(base + d->off2) = x;
        return 0;
    }
    case OT_DOUBLE: {
        errno = 0;
        double x = strtod(v, &end);
        if (!*v || *end || errno || !isfinite(x))
            BAD("--%s: '%s' is not a number; expected a number in [%g, %g]", d->name, v, d->min,
                d->max);
        if (x < d->min || x > d->max)
            BAD("--%s: %g is out of range; expected a number in [%g, %g]", d->name, x, d->min, d->max);
        *(double *)(base + d->off) = x;
        return 0;
    }
    case OT_BOOL: {
        int x = parse_choice("0|1", v);
        if (x < 0)
            x = parse_choice("false|true", v);
        if (x < 0)
            x = parse_choice("no|yes", v);
        if (x < 0)
            BAD("--%s: '%s' is not a boolean; expected 0, 1, true, false, yes or no", d->name, v);
        *(int *)(base + d->off) = x;
        return 0;
    }
    case OT_STR:
        if (strlen(v) >= d->cap)
            BAD("--%s: value is %zu characters long; expected at most %zu", d->name, strlen(v),
                d->cap - 1);
        memcpy(base + d->off, v, strlen(v) + 1);
        return 0;
    case OT_CHOICE: {
        int x = parse_choice(d->choices, v);
        if (x < 0)
            BAD("--%s: '%s' is not a valid choice; expected one of %s", d->name, v, d->choices);
        *(int *)(base + d->off) = x;
        return 0;
    }
    }
    BAD("--%s: internal error: unknown option type", d->name);
}

static const opt_def *find_short(char c)
{
    for (int i = 0; i < N_OPTS; i++)
        if (table[i].short_name == c)
            return &table[i];
    return NULL;
}

int opts_parse_args(opts *o, int argc, char **argv, char *err, size_t errlen)
{
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        const opt_def *d = NULL;
        const char *val = NULL;
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0)
            return 1;
        if (a[0] == '-' && a[1] == '-' && a[2]) {
            size_t len = strcspn(a + 2, "=");
            d = find_n(a + 2, len);
            if (!d) {
                char name[64];
                snprintf(name, sizeof name, "%.*s", (int)(len < 63 ? len : 63), a + 2);
                BAD("unknown option '--%s'; did you mean '--%s'? (see --help)", name,
                    opts_closest(name)->name);
            }
            if (a[2 + len] == '=')
                val = a + 3 + len;
        } else if (a[0] == '-' && a[1] && a[1] != '-') {
            d = find_short(a[1]);
            if (!d)
                BAD("unknown option '-%c' (see --help)", a[1]);
            if (a[2])
                val = a + 2;
        } else {
            BAD("unexpected argument '%s'; options start with - or --", a);
        }
        if (!val) {
            /* A bool standing alone, or followed by something that is not its value. */
            if (d->type == OT_BOOL && (i + 1 >= argc || argv[i + 1][0] == '-'))
                val = "1";
            else if (i + 1 < argc)
                val = argv[++i];
            else
                BAD("option '%s' needs a value (%s)", a, d->metavar);
        }
        if (opts_set(o, d, val, err, errlen))
            return -1;
    }
    return 0;
}

void opts_print_help(FILE *f)
{
    const char *group = "";
    for (int i = 0; i < N_OPTS; i++) {
        const opt_def *d = &table[i];
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
        if (d->type == OT_CHOICE)
            fprintf(f, " [%s]", d->choices);
        if (d->def && *d->def)
            fprintf(f, " (default %s)", d->def);
        fputc('\n', f);
    }
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
        case OT_CHOICE: {
            int idx = *(const int *)(base + d->off);
            const char *p = d->choices;
            for (int k = 0; k < idx; k++)
                p += strcspn(p, "|") + 1;
            snprintf(v, sizeof v, "%.*s", (int)strcspn(p, "|"), p);
            break;
        }
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
