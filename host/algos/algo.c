/* algo.c - the algorithm table and lookup. */
#include "algo.h"
#include "bwd_via_fwd.h"
#include "kernels.h"
#include "timing.h"
#include "tokens.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern const algo_desc algo_direct, algo_im2col, algo_implicit_gemm, algo_winograd_2x3,
    algo_winograd_4x3, algo_winograd_6x3, algo_clblast_convgemm;

/* convbench's own algorithms first, then the library peers. */
static const algo_desc *const table[] = {
    &algo_direct,
    &algo_im2col,
    &algo_implicit_gemm,
    &algo_winograd_2x3,
    &algo_winograd_4x3,
    &algo_winograd_6x3,
    &algo_clblast_convgemm,
};

#define N_ALGOS ((int)(sizeof table / sizeof table[0]))

/* Not in the table: "all" and loops over algorithms never include it. */
static const algo_desc algo_best = {
    .name = "best",
    .summary = "runs each of convbench's own algorithms, keeps the fastest verified one",
    .pseudo = 1,
};

/* 1 when a runs backward data of sh through its forward convolution. */
static int via_fwd(const algo_desc *a, const prob_shape *sh, char *why, size_t len)
{
    return sh->dir == PROB_BWD_DATA && a->bwd_data_via_fwd && bwdfwd_applies(sh, why, len);
}

const algo_desc *algo_resolve(const algo_desc *a, const prob_shape *sh, algo_desc *tmp)
{
    char why[200];
    if (via_fwd(a, sh, why, sizeof why))
        return bwdfwd_wrap(a, tmp);
    return sh->dir != PROB_FWD && a->backward ? a->backward : a;
}

int algo_can_run(const algo_desc *a, const clrt_device *dev, const prob_shape *sh,
                 const prob_metrics *m, char *why, size_t len)
{
    const char *dt = prob_dtype_names[sh->dtype];
    /* A library's gaps are the library's; convbench's own are work to do. */
    const char *gap = a->peer ? "the library has none" : "not implemented yet";
    char via_why[200] = "";
    algo_desc tmp;
    a = algo_resolve(a, sh, &tmp);
    if (!(a->dirs & ALGO_BIT(sh->dir)) && a->bwd_data_via_fwd && sh->dir == PROB_BWD_DATA) {
        via_fwd(a, sh, via_why, sizeof via_why);
        snprintf(why, len, "%s: the %s direction: %s", a->name, prob_dir_names[sh->dir], via_why);
    } else if (!(a->dirs & ALGO_BIT(sh->dir)))
        snprintf(why, len, "%s: the %s direction: %s", a->name, prob_dir_names[sh->dir], gap);
    else if (sh->accum == PROB_FP16 && sh->dtype != PROB_FP16)
        snprintf(why, len, "accum fp16 applies to fp16 data; this case is %s", dt);
    else if (sh->dtype == PROB_FP16 && !dev->fp16)
        snprintf(why, len, "fp16: the device has no cl_khr_fp16");
    else if (!(a->dtypes & ALGO_BIT(sh->dtype)))
        snprintf(why, len, "%s: %s: %s", a->name, dt, gap);
    else if (!(a->layouts & ALGO_BIT(sh->layout)))
        snprintf(why, len, "%s: the %s layout: %s", a->name, prob_layout_names[sh->layout], gap);
    else
        return a->supports(a, sh, m, why, len);
    return 0;
}

int algo_build(clrt_ctx *ctx, const char *name, const char *tail, const kopts *k,
               cl_program *prog, algo_prep_info *info)
{
    const char *real = kern_source("real"), *src = kern_source(name),
               *end = tail ? kern_source(tail) : "";
    if (!real || !src || !end)
        return clrt_fail("internal error: no kernel source '%s'",
                         !real ? "real" : !src ? name : tail);
    if (k->overflow)
        return clrt_fail("the build options of %s do not fit %zu bytes (is --kernel-opts that "
                         "long?)", name, sizeof k->s);
    /* #line: the compiler's messages count each file's own lines. */
    size_t len = strlen(real) + strlen(src) + strlen(end) + 64;
    char *all = malloc(len);
    if (!all)
        return clrt_fail("out of host memory");
    snprintf(all, len, "%s#line 1\n%s%s%s", real, src, tail ? "#line 1\n" : "", end);
    clrt_build_info bi;
    int rc = clrt_build(ctx, all, k->s, prog, &bi);
    free(all);
    if (rc == 0) {
        info->compile_ms += bi.compile_ms;
        info->cache_hit = bi.cache_hit;
    }
    return rc;
}

int algo_count(void)
{
    return N_ALGOS;
}

const algo_desc *algo_at(int i)
{
    return (i >= 0 && i < N_ALGOS) ? table[i] : NULL;
}

const algo_desc *algo_find(const char *name)
{
    if (strcmp(name, algo_best.name) == 0)
        return &algo_best;
    for (int i = 0; i < N_ALGOS; i++)
        if (strcmp(table[i]->name, name) == 0)
            return table[i];
    return NULL;
}

static void add_unique(const algo_desc **out, int *n, int cap, const algo_desc *a)
{
    for (int i = 0; i < *n; i++)
        if (out[i] == a)
            return;
    if (*n < cap)
        out[(*n)++] = a;
}

int algo_parse_list(const char *list, const algo_desc **out, int cap, char *err, size_t errlen)
{
    char *buf = strdup(list), *items[TOKENS_MAX];
    if (!buf) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    int n = 0, count = tokens_split(buf, items, TOKENS_MAX);
    if (count < 0) {
        snprintf(err, errlen, "a list of more than %d algorithms", TOKENS_MAX);
        n = -1;
    }
    for (int k = 0; k < count && n >= 0; k++) {
        if (strcmp(items[k], "all") == 0) {
            for (int i = 0; i < N_ALGOS; i++)
                add_unique(out, &n, cap, table[i]);
            continue;
        }
        const algo_desc *a = algo_find(items[k]);
        if (!a) {
            int o = snprintf(err, errlen,
                             "unknown algorithm '%s'; expected 'all', 'best' or one of:",
                             items[k]);
            for (int i = 0; i < N_ALGOS && o >= 0 && (size_t)o < errlen; i++)
                o += snprintf(err + o, errlen - o, " %s", table[i]->name);
            n = -1;
            break;
        }
        add_unique(out, &n, cap, a);
    }
    free(buf);
    return n;
}

int algo_prepare_weights(clrt_ctx *ctx, cl_program prog, const char *name, cl_mem from, cl_mem to,
                         cl_uint dims, const size_t *global, algo_prep_info *info)
{
    cl_kernel k = clrt_kernel(prog, name, 2, (cl_mem[]){from, to});
    double ms = 0;
    int rc = !k || clrt_run_once(ctx->queue, k, dims, global, &ms, NULL);
    if (k)
        clReleaseKernel(k);
    info->prepare_ms += ms;
    return rc ? -1 : 0;
}

int algo_warm_up(int (*run)(void *state, clrt_spans *spans), void *state, double *ms)
{
    double t0 = timing_now_ms();
    clrt_spans spans = {0};
    int rc = run(state, &spans) ||
             (spans.n && CLRT_CHECK(clWaitForEvents(1, &spans.v[spans.n - 1].last)));
    clrt_spans_free(&spans);
    *ms += timing_now_ms() - t0;
    return rc ? -1 : 0;
}

static const algo_tunable *find_tunable(const algo_desc *a, const char *name, size_t len, int *i)
{
    for (*i = 0; *i < a->ntunables; (*i)++)
        if (strlen(a->tunables[*i].name) == len && strncmp(a->tunables[*i].name, name, len) == 0)
            return &a->tunables[*i];
    return NULL;
}

static void list_choices(const algo_desc *a, char *err, size_t errlen)
{
    size_t o = strlen(err);
    if (!a->ntunables) {
        snprintf(err + o, errlen - o, "; %s has no tunable parameters", a->name);
        return;
    }
    o += (size_t)snprintf(err + o, errlen - o, "; %s takes (auto: its default)", a->name);
    for (int i = 0; i < a->ntunables && o < errlen; i++) {
        const algo_tunable *t = &a->tunables[i];
        o += (size_t)snprintf(err + o, errlen - o, "%s %s=", i ? "," : "", t->name);
        for (int v = 0; v < t->nvalues && o < errlen; v++)
            o += (size_t)snprintf(err + o, errlen - o, "%s%d", v ? "|" : "", t->values[v]);
    }
}

int algo_each_param(const char *text,
                    int (*fn)(const char *name, const char *value, void *ctx), void *ctx,
                    char *err, size_t errlen)
{
    size_t tlen;
    tokens_trim(text, &tlen);
    if (!tlen)
        return 0;
    char *buf = strdup(text), *items[TOKENS_MAX];
    if (!buf) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    int n = tokens_split(buf, items, TOKENS_MAX), rc = 0;
    if (n < 0) {
        snprintf(err, errlen, "--params: more than %d items", TOKENS_MAX);
        rc = -1;
    }
    for (int k = 0; k < n && rc == 0; k++) {
        char *eq = strchr(items[k], '=');
        size_t nlen, vlen;
        const char *name = items[k], *value = eq ? tokens_trim(eq + 1, &vlen) : "";
        if (eq) {
            *eq = '\0';
            name = tokens_trim(items[k], &nlen);
            ((char *)name)[nlen] = '\0';
        }
        if (!eq || !*name || !*value) {
            snprintf(err, errlen,
                     "--params: item %d '%s%s' is not NAME=VALUE (e.g. KT=8; 'auto' for the "
                     "default)",
                     k + 1, items[k], eq ? "=" : "");
            rc = -1;
        } else {
            rc = fn(name, value, ctx);
        }
    }
    free(buf);
    return rc;
}

typedef struct parse_ctx {
    const algo_desc *a;
    int skip_unknown, *tune;
    char *err;
    size_t errlen;
} parse_ctx;

static int parse_one(const char *name, const char *value, void *ctx)
{
    parse_ctx *c = ctx;
    int i;
    const algo_tunable *t = find_tunable(c->a, name, strlen(name), &i);
    if (!t && c->skip_unknown)
        return 0;
    long v = 0;
    int is_auto = t && strcmp(value, "auto") == 0, ok = is_auto;
    if (t && !ok) {
        char *e;
        errno = 0;
        v = strtol(value, &e, 10);
        for (int j = 0; !*e && !errno && j < t->nvalues; j++)
            ok |= t->values[j] == v;
    }
    if (!ok) {
        snprintf(c->err, c->errlen, "parameter '%s=%s' is not valid for %s", name, value,
                 c->a->name);
        list_choices(c->a, c->err, c->errlen);
        return -1;
    }
    c->tune[i] = is_auto ? 0 : algo_tune_code(t, (int)v); /* i was set by find_tunable */
    return 0;
}

int algo_parse_params(const algo_desc *a, const char *text, int skip_unknown, int *tune,
                      char *err, size_t errlen)
{
    memset(tune, 0, ALGO_MAX_TUNABLES * sizeof *tune);
    parse_ctx c = {a, skip_unknown, tune, err, errlen};
    return algo_each_param(text, parse_one, &c, err, errlen);
}

void algo_format_params(const algo_desc *a, const int *code, char *buf, size_t len)
{
    size_t o = 0;
    buf[0] = '\0';
    for (int i = 0; i < a->ntunables && o < len; i++) {
        o += (size_t)snprintf(buf + o, len - o, "%s%s=", i ? "," : "", a->tunables[i].name);
        if (o < len)
            o += (size_t)snprintf(buf + o, len - o, code[i] ? "%d" : "auto",
                                  code[i] - a->tunables[i].from_zero);
    }
}
