/* bwd_via_fwd.c - backward data run as the forward convolution of the
 * transposed problem (kernels/backward.cl's rotate_weights, then the wrapped
 * algorithm's own prepare and run). */
#include "bwd_via_fwd.h"

#include <stdio.h>
#include <stdlib.h>

int bwdfwd_applies(const prob_shape *sh, char *why, size_t len)
{
    if (sh->stride_h != 1 || sh->stride_w != 1) {
        snprintf(why, len, "backward data runs as a forward convolution at stride 1 only; this "
                           "one has stride %lldx%lld",
                 (long long)sh->stride_h, (long long)sh->stride_w);
        return 0;
    }
    if (sh->pad_h > sh->dil_h * (sh->r - 1) || sh->pad_w > sh->dil_w * (sh->s - 1)) {
        snprintf(why, len, "padding %lldx%lld wider than the filter's span less one: the "
                           "transposed problem would need negative padding",
                 (long long)sh->pad_h, (long long)sh->pad_w);
        return 0;
    }
    return 1;
}

void bwdfwd_shape(const prob_shape *sh, prob_shape *t, prob_metrics *tm)
{
    prob_metrics m;
    prob_analyze(sh, &m, NULL, 0);
    *t = *sh;
    t->c = sh->k;
    t->k = sh->c;
    t->h = m.p;
    t->w = m.q;
    t->pad_h = sh->dil_h * (sh->r - 1) - sh->pad_h;
    t->pad_w = sh->dil_w * (sh->s - 1) - sh->pad_w;
    t->bias = 0;
    t->dir = PROB_FWD;
    prob_analyze(t, tm, NULL, 0);
}

typedef struct bwdfwd_state {
    const algo_desc *inner;
    void *state;
    cl_program prog;
    cl_mem rotated;
} bwdfwd_state;

static int bw_supports(const algo_desc *a, const prob_shape *sh, const prob_metrics *m, char *why,
                       size_t len)
{
    (void)m;
    prob_shape t;
    prob_metrics tm;
    if (!bwdfwd_applies(sh, why, len))
        return 0;
    bwdfwd_shape(sh, &t, &tm);
    char inner[200];
    if (a->inner->supports(a->inner, &t, &tm, inner, sizeof inner))
        return 1;
    snprintf(why, len, "as a forward convolution (stride 1): %s", inner);
    return 0;
}

static int bw_check(const algo_desc *a, const clrt_device *dev, const prob_shape *sh,
                    const prob_metrics *m, const int *tune, char *why, size_t len)
{
    (void)m;
    prob_shape t;
    prob_metrics tm;
    bwdfwd_shape(sh, &t, &tm);
    return !a->inner->check || a->inner->check(a->inner, dev, &t, &tm, tune, why, len);
}

static void bw_workspace(const algo_desc *a, const prob_shape *sh, const prob_metrics *m,
                         const algo_params *p, int64_t *largest, int64_t *total)
{
    prob_shape t;
    prob_metrics tm;
    bwdfwd_shape(sh, &t, &tm);
    a->inner->workspace(a->inner, &t, &tm, p, largest, total);
    if (m->wei_bytes > *largest)
        *largest = m->wei_bytes;
    *total += m->wei_bytes;
}

static double bw_work(const algo_desc *a, const prob_shape *sh, const prob_metrics *m)
{
    (void)m;
    prob_shape t;
    prob_metrics tm;
    bwdfwd_shape(sh, &t, &tm);
    return a->inner->work ? a->inner->work(a->inner, &t, &tm) : tm.flops;
}

static int bw_prepare(const algo_desc *a, clrt_ctx *ctx, const prob_shape *sh,
                      const prob_metrics *m, const algo_bufs *bufs, const algo_params *p,
                      void **out, algo_prep_info *info)
{
    bwdfwd_state *st = calloc(1, sizeof *st);
    *out = st;
    if (!st)
        return clrt_fail("out of host memory");
    st->inner = a->inner;
    kopts k;
    kopts_init(&k, "-cl-std=CL1.2");
    kopts_problem(&k, sh, m);
    kopts_def(&k, "SH", 1);
    kopts_def(&k, "SW", 1);
    kopts_def(&k, "SPLIT", 1);
    kopts_add(&k, p->kernel_opts);
    size_t n = (size_t)m->wei_elems;
    if (algo_build(ctx, "backward", NULL, &k, &st->prog, info) ||
        !(st->rotated = clrt_buffer(ctx, CL_MEM_READ_WRITE, m->wei_bytes, NULL)) ||
        algo_prepare_weights(ctx, st->prog, "rotate_weights", bufs->wei, st->rotated, 1, &n, info))
        return -1;
    int hit = info->cache_hit;
    prob_shape t;
    prob_metrics tm;
    bwdfwd_shape(sh, &t, &tm);
    /* dY is the transposed problem's input, dX its output. */
    algo_bufs tb = {.in = bufs->out, .wei = st->rotated, .bias = NULL, .out = bufs->in};
    int rc = st->inner->prepare(st->inner, ctx, &t, &tm, &tb, p, &st->state, info);
    info->cache_hit &= hit;
    return rc;
}

static int bw_run(void *state, clrt_spans *spans)
{
    bwdfwd_state *st = state;
    return st->inner->run(st->state, spans);
}

static void bw_release(void *state)
{
    bwdfwd_state *st = state;
    if (!st)
        return;
    st->inner->release(st->state);
    if (st->rotated)
        clReleaseMemObject(st->rotated);
    if (st->prog)
        clReleaseProgram(st->prog);
    free(st);
}

const algo_desc *bwdfwd_wrap(const algo_desc *a, algo_desc *out)
{
    *out = *a;
    out->inner = a;
    out->dirs |= ALGO_BIT(PROB_BWD_DATA);
    out->bwd_data_via_fwd = 0;
    out->backward = NULL;
    out->supports = bw_supports;
    out->check = a->check ? bw_check : NULL;
    out->canonical = NULL;
    out->workspace = bw_workspace;
    out->work = bw_work;
    out->prepare = bw_prepare;
    out->run = bw_run;
    out->release = bw_release;
    return out;
}
