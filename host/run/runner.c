/* runner.c - one algorithm on one case, end to end: whether it runs here,
 * its buffers, prepare, timed runs (runner_time.c), verification and dumps
 * (runner_verify.c), one result. */
#include "runner_priv.h"
#include "tensor.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void runner_note(result *r, const char *fmt, ...)
{
    size_t o = strlen(r->note);
    if (o && o + 2 < sizeof r->note)
        o += (size_t)snprintf(r->note + o, sizeof r->note - o, "; ");
    va_list ap;
    va_start(ap, fmt);
    if (o < sizeof r->note)
        vsnprintf(r->note + o, sizeof r->note - o, fmt, ap);
    va_end(ap);
}

int runner_fits_device(const clrt_device *d, const prob_metrics *m, int64_t ws_largest,
                       int64_t ws_total, char *why, size_t len)
{
    int64_t biggest = m->in_bytes;
    if (m->wei_bytes > biggest) biggest = m->wei_bytes;
    if (m->out_bytes > biggest) biggest = m->out_bytes;
    if (ws_largest > biggest) biggest = ws_largest;
    int64_t total = m->in_bytes + m->wei_bytes + m->bias_bytes + m->out_bytes + ws_total;
    if ((uint64_t)biggest > d->max_alloc) {
        snprintf(why, len, "a buffer of %.1f MiB exceeds the device's max allocation of %.1f MiB",
                 biggest / 1048576.0, d->max_alloc / 1048576.0);
        return 0;
    }
    if ((uint64_t)total > d->global_mem) {
        snprintf(why, len, "needs %.1f MiB, more than the device's %.1f MiB of global memory",
                 total / 1048576.0, d->global_mem / 1048576.0);
        return 0;
    }
    return 1;
}

/* The runner's fields of r before anything is measured: NAN for every number. */
static void begin_row(const algo_desc *a, const run_settings *s, result *r)
{
    snprintf(r->algo, sizeof r->algo, "%s", a->name);
    r->peer = a->peer;
    r->selection = a->pseudo;
    r->algo_flops = a->work ? a->work(a, &r->sh, &r->m) : r->m.flops;
    r->tuning[0] = '\0';
    snprintf(r->fill, sizeof r->fill, "%s", vfy_fill_names[s->fill]);
    snprintf(r->verify, sizeof r->verify, "%s", vfy_mode_names[s->verify]);
    r->gflops = r->max_abs_err = r->max_rel_err = r->nrmse = r->tolerance = NAN;
    r->compile_ms = r->prepare_ms = r->host_median = NAN;
    r->t.min = r->t.median = r->t.mean = r->t.stddev = r->t.max = r->t.cv = NAN;
    r->t.reps = 0;
    r->timer = -1;
    r->timer_why[0] = '\0';
    snprintf(r->cache, sizeof r->cache, "%s", s->cold ? "cold" : "hot");
    r->note[0] = '\0';
    r->checked = 0;
    r->dump_failed = 0;
}

void runner_skip(const algo_desc *a, const run_settings *s, const char *why, result *r)
{
    begin_row(a, s, r);
    r->status = RES_SKIPPED;
    snprintf(r->note, sizeof r->note, "%s", why);
}

/* A read-only device buffer holding host tensor x in t's device form, or NULL
 * (reported). */
static cl_mem upload(clrt_ctx *ctx, const tensor_desc *t, const float *x)
{
    if (tensor_is_host_form(t))
        return clrt_buffer(ctx, CL_MEM_READ_ONLY, tensor_bytes(t), x);
    void *dev = malloc((size_t)tensor_bytes(t));
    if (!dev) {
        clrt_fail("out of host memory for a %lld-byte tensor", (long long)tensor_bytes(t));
        return NULL;
    }
    tensor_pack(t, x, dev);
    cl_mem b = clrt_buffer(ctx, CL_MEM_READ_ONLY, tensor_bytes(t), dev);
    free(dev);
    return b;
}

/* The algorithm's parameters for this case in ap, when it runs the case on
 * this device at all; else 0 with the reason in why. */
static int runnable(const clrt_ctx *ctx, const run_case *rc, const algo_desc *a, const int *tune,
                    const run_settings *s, algo_params *ap, result *r, char *why, size_t len)
{
    if (!algo_can_run(a, &ctx->dev, &rc->sh, &rc->m, why, len)) {
        r->workspace = 0;
        return 0;
    }
    *ap = (algo_params){
        .kernel_opts = s->kernel_opts ? s->kernel_opts : "",
        .max_workspace = s->max_workspace > 0 ? s->max_workspace
                                              : (int64_t)(ctx->dev.max_alloc / 2),
    };
    if (tune)
        memcpy(ap->tune, tune, sizeof ap->tune);
    if (a->check && !a->check(a, &ctx->dev, &rc->sh, &rc->m, ap->tune, why, len)) {
        r->workspace = 0;
        return 0;
    }
    int64_t ws_largest;
    a->workspace(a, &rc->sh, &rc->m, ap, &ws_largest, &r->workspace);
    return runner_fits_device(&ctx->dev, &rc->m, ws_largest, r->workspace, why, len);
}

/* One algorithm's run of a case: its device buffers, its prepared state, and
 * the result (the tensor the direction writes) on the host, in the device's
 * form (dev_out) and in fp32 logical order (out; the same memory when the
 * forms agree). */
typedef struct run_io {
    algo_bufs b;
    void *state;
    tensor_desc tout;
    cl_mem result;               /* the one of b the direction writes */
    float *out;
    void *dev_out;
} run_io;

static cl_mem *buf_of(algo_bufs *b, tensor_role r)
{
    return r == TENSOR_IN ? &b->in : r == TENSOR_WEI ? &b->wei : &b->out;
}

/* Uploads the tensors the direction reads and allocates the one it writes.
 * Returns 0, or -1 with the reason noted in r. */
static int io_open(clrt_ctx *ctx, const run_case *rc, run_io *io, result *r)
{
    const prob_shape *sh = &rc->sh;
    tensor_role res = tensor_result_role(sh);
    io->tout = tensor_of(sh, &rc->m, res);
    io->out = malloc((size_t)tensor_elems(&io->tout) * sizeof *io->out);
    io->dev_out = tensor_is_host_form(&io->tout) ? io->out
                                                 : malloc((size_t)tensor_bytes(&io->tout));
    if (!io->out || !io->dev_out) {
        runner_note(r, "out of host memory");
        return -1;
    }
    int bad = 0;
    for (int i = 0; i < TENSOR_ROLE_COUNT; i++) {
        tensor_desc t = tensor_of(sh, &rc->m, (tensor_role)i);
        cl_mem *b = buf_of(&io->b, (tensor_role)i);
        *b = i == (int)res ? clrt_buffer(ctx, CL_MEM_READ_WRITE, tensor_bytes(&t), NULL)
                           : upload(ctx, &t, rc->t[i]);
        bad |= !*b;
    }
    io->result = *buf_of(&io->b, res);
    if (rc->bias) {
        tensor_desc tbias = tensor_bias(sh);
        bad |= !(io->b.bias = upload(ctx, &tbias, rc->bias));
    }
    if (bad) {
        runner_note(r, "%s", clrt_last_error());
        return -1;
    }
    return 0;
}

static void io_close(const algo_desc *a, run_io *io)
{
    if (io->state)
        a->release(io->state);
    if (io->b.in) clReleaseMemObject(io->b.in);
    if (io->b.wei) clReleaseMemObject(io->b.wei);
    if (io->b.bias) clReleaseMemObject(io->b.bias);
    if (io->b.out) clReleaseMemObject(io->b.out);
    if (io->dev_out != io->out)
        free(io->dev_out);
    free(io->out);
}

/* a's prepare (kernels built, weights transformed), then the output filled
 * with NaN. Returns 0, or -1 with the device's error noted in r. */
static int prepare(clrt_ctx *ctx, const run_case *rc, const algo_desc *a, const algo_params *ap,
                   const run_settings *s, run_io *io, result *r)
{
    if (s->progress)
        s->progress(s->progress_arg, a->name, "preparing");
    algo_prep_info info = {0};
    if (a->prepare(a, ctx, &rc->sh, &rc->m, &io->b, ap, &io->state, &info)) {
        runner_note(r, "%s", clrt_last_error());
        return -1;
    }
    r->compile_ms = info.compile_ms;
    r->cache_hit = info.cache_hit;
    r->prepare_ms = info.prepare_ms;
    snprintf(r->tuning, sizeof r->tuning, "%s", info.tuning);
    snprintf(r->params, sizeof r->params, "%s", info.params);
    if (info.note[0])
        runner_note(r, "%s", info.note);
    /* NaN in the result's own type (0x7e00 is half's quiet NaN), after
     * prepare (which may warm a library up on it), so elements that run never
     * writes cannot pass. */
    const float nan32 = NAN;
    const uint16_t nan16 = 0x7e00;
    int half = rc->sh.dtype == PROB_FP16;
    if (CLRT_CHECK(clEnqueueFillBuffer(ctx->queue, io->result, half ? (const void *)&nan16
                                                                   : (const void *)&nan32,
                                       (size_t)prob_dtype_size(rc->sh.dtype), 0,
                                       (size_t)tensor_bytes(&io->tout), 0, NULL, NULL))) {
        runner_note(r, "%s", clrt_last_error());
        return -1;
    }
    return 0;
}

/* The timed runs, the result read back, and the clock chosen. Returns 0, or -1
 * with the reason noted in r. */
static int measure(clrt_ctx *ctx, const algo_desc *a, const run_settings *s, run_io *io,
                   result *r)
{
    if (s->progress)
        s->progress(s->progress_arg, a->name, "timing");
    double *ev = malloc((size_t)s->timing.max_reps * 2 * sizeof *ev);
    int reps = 0;
    if (!ev) {
        runner_note(r, "out of host memory");
        return -1;
    }
    double *host = ev + s->timing.max_reps;
    int fail = runner_time_runs(a, io->state, &s->timing, s->cold, ev, host, &reps) ||
               CLRT_CHECK(clEnqueueReadBuffer(ctx->queue, io->result, CL_TRUE, 0,
                                              (size_t)tensor_bytes(&io->tout), io->dev_out, 0,
                                              NULL, NULL)) ||
               runner_choose_clock(a, io->state, s, ev, host, reps, r);
    free(ev);
    if (fail) {
        runner_note(r, "%s", clrt_last_error());
        return -1;
    }
    if (io->dev_out != io->out)
        tensor_unpack(&io->tout, io->dev_out, io->out);
    return 0;
}

void runner_run(clrt_ctx *ctx, run_case *rc, const algo_desc *a, const int *tune,
                const run_settings *s, const char *dump_prefix, result *r)
{
    algo_desc via;
    a = algo_resolve(a, &rc->sh, &via);
    begin_row(a, s, r);
    algo_params ap;
    char why[256];
    if (!runnable(ctx, rc, a, tune, s, &ap, r, why, sizeof why)) {
        r->status = RES_SKIPPED;
        runner_note(r, "%s", why);
        return;
    }
    run_io io = {0};
    r->status = RES_ERROR;
    if (io_open(ctx, rc, &io, r) == 0 && prepare(ctx, rc, a, &ap, s, &io, r) == 0 &&
        measure(ctx, a, s, &io, r) == 0) {
        if (s->progress && s->verify != VFY_NONE)
            s->progress(s->progress_arg, a->name, "verifying");
        runner_verify(rc, a, s, io.out, r);
        if ((r->status == RES_PASS || r->status == RES_UNVERIFIED) && r->timer != TIMING_NONE)
            r->gflops = rc->m.flops / (r->t.median * 1e6);
        if (r->t.cv > TIMING_NOISY_CV)
            runner_note(r, "noisy: stddev is %.0f%% of the mean over %d runs", 100 * r->t.cv,
                        r->t.reps);
        if (s->dump_dir && *s->dump_dir)
            runner_dump(rc, a, s, dump_prefix, io.out, r);
    }
    io_close(a, &io);
}

int runner_fastest(const result *rs, int n)
{
    int win = -1;
    for (int i = 0; i < n; i++) {
        int ok = (rs[i].status == RES_PASS || rs[i].status == RES_UNVERIFIED) &&
                 rs[i].timer != TIMING_NONE && rs[i].t.median > 0;
        if (ok && (win < 0 || rs[i].t.median < rs[win].t.median))
            win = i;
    }
    return win;
}
