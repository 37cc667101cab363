/* runner.c - one case end to end. */
#include "runner.h"
#include "npy.h"
#include "reference.h"
#include "tensor.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Appends to r->note, "; "-separated. */
static void note(result *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void note(result *r, const char *fmt, ...)
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

int runner_case_init(run_case *rc, const prob_shape *sh, const prob_metrics *m0,
                     const run_settings *s, char *err, size_t errlen)
{
    memset(rc, 0, sizeof *rc);
    rc->sh = *sh;
    if (m0)
        rc->m = *m0;
    else if (prob_analyze(sh, &rc->m, err, errlen))
        return -1;
    const prob_metrics *m = &rc->m;
    /* The host's copies are fp32 in logical order (tensor.h); m's byte counts
     * are the device's. */
    rc->in = malloc((size_t)m->in_elems * sizeof *rc->in);
    rc->wei = malloc((size_t)m->wei_elems * sizeof *rc->wei);
    rc->bias = sh->bias ? malloc((size_t)m->bias_elems * sizeof *rc->bias) : NULL;
    if (!rc->in || !rc->wei || (sh->bias && !rc->bias)) {
        snprintf(err, errlen, "out of host memory for the tensors (%lld + %lld elements)",
                 (long long)m->in_elems, (long long)m->wei_elems);
        return -1;
    }
    /* Sums are exact while they stay integers that both the stored type and
     * the accumulation type hold: half's 11-bit significand bounds fp16. */
    int fp16 = sh->dtype == PROB_FP16 || sh->accum == PROB_FP16;
    int range = vfy_exact_range(m->reduction, fp16 ? 11 : 24);
    rc->exact = s->fill == VFY_FILL_EXACT && range > 0;
    vfy_fill_tensor(rc->in, m->in_elems, s->fill, range, s->seed, 1);
    vfy_fill_tensor(rc->wei, m->wei_elems, s->fill, range, s->seed, 2);
    if (rc->bias)
        vfy_fill_tensor(rc->bias, m->bias_elems, s->fill, range, s->seed, 3);
    tensor_desc tin = tensor_input(sh), twei = tensor_weights(sh), tbias = tensor_bias(sh);
    tensor_round(&tin, rc->in);
    tensor_round(&twei, rc->wei);
    if (rc->bias)
        tensor_round(&tbias, rc->bias);
    return 0;
}

void runner_case_free(run_case *rc)
{
    free(rc->in);
    free(rc->wei);
    free(rc->bias);
    free(rc->idx);
    free(rc->ref);
    free(rc->mag);
    memset(rc, 0, sizeof *rc);
}

/* Computes the reference once per case (the costly part of verification). */
static int ensure_reference(run_case *rc, const run_settings *s)
{
    if (rc->ref)
        return 0;
    int64_t n = rc->m.out_elems;
    if (s->verify == VFY_SAMPLE && s->sample < n) {
        n = s->sample;
        rc->idx = malloc((size_t)n * sizeof *rc->idx);
        if (!rc->idx)
            return -1;
        vfy_sample_indices(rc->idx, n, rc->m.out_elems, s->seed);
    }
    rc->ref = malloc((size_t)n * sizeof *rc->ref);
    rc->mag = malloc((size_t)n * sizeof *rc->mag);
    if (!rc->ref || !rc->mag)
        return -1;
    rc->nref = n;
    ref_conv(&rc->sh, &rc->m, rc->in, rc->wei, rc->bias, rc->idx, n, rc->ref, rc->mag);
    /* A window of padding alone has no terms (scale 0, so tolerance 0), yet a
     * transform that mixes neighbouring inputs (Winograd) rounds into it: no
     * scale is below one term's largest magnitude. */
    float max_in = 0, max_wei = 0;
    for (int64_t i = 0; i < rc->m.in_elems; i++)
        max_in = fmaxf(max_in, fabsf(rc->in[i]));
    for (int64_t i = 0; i < rc->m.wei_elems; i++)
        max_wei = fmaxf(max_wei, fabsf(rc->wei[i]));
    double floor_mag = (double)max_in * max_wei;
    for (int64_t i = 0; i < n; i++)
        rc->mag[i] = fmax(rc->mag[i], floor_mag);
    return 0;
}

static void verify_output(run_case *rc, const algo_desc *a, const run_settings *s,
                          const float *out, result *r)
{
    if (s->verify == VFY_NONE) {
        r->status = RES_UNVERIFIED;
        return;
    }
    if (ensure_reference(rc, s)) {
        r->status = RES_ERROR;
        note(r, "out of host memory for the reference");
        return;
    }
    float *got = (float *)out;
    float *gathered = NULL;
    if (rc->idx) {
        gathered = malloc((size_t)rc->nref * sizeof *gathered);
        if (!gathered) {
            r->status = RES_ERROR;
            note(r, "out of host memory for verification");
            return;
        }
        for (int64_t i = 0; i < rc->nref; i++)
            gathered[i] = out[rc->idx[i]];
        got = gathered;
    }
    r->tolerance = rc->exact ? a->tol_exact : a->tol_float;
    double tol_nrmse = a->tol_nrmse;
    int acc16 = rc->sh.accum == PROB_FP16;
    /* fp16 keeps the exact fill's tolerance where sums stay exact: every
     * algorithm that computes in fp32, and the bit-exact ones in fp16. */
    if (rc->sh.dtype == PROB_FP16 && !(rc->exact && (!acc16 || a->tol_exact == 0))) {
        vfy_tol_fp16(rc->m.reduction, acc16, &r->tolerance, &tol_nrmse);
        /* Beyond half's own rounding: the algorithm's fp32 error, or with
         * fp16 accumulation what its transforms add. */
        r->tolerance += acc16 ? a->fp16_gain * 0x1.0p-11 : a->tol_float;
        tol_nrmse += acc16 ? a->fp16_gain * 0x1.0p-11 : a->tol_nrmse;
    }
    vfy_result v;
    vfy_compare(got, rc->ref, rc->mag, rc->idx, rc->nref, r->tolerance, &v);
    free(gathered);
    r->max_abs_err = v.max_abs_err;
    r->max_rel_err = v.max_rel_err;
    r->nrmse = v.nrmse;
    r->checked = v.checked;
    if (s->fill == VFY_FILL_EXACT && !rc->exact)
        note(r, "reduction of %lld terms too long for exact integer sums: float tolerance used",
             (long long)rc->m.reduction);
    /* As benchdnn: a check where most outputs are zero proves little. */
    if (v.checked && v.zeros * 10 > v.checked * 3)
        note(r, "MISTRUSTED: %.0f%% of reference outputs are zero", 100.0 * v.zeros / v.checked);
    int l2_bad = !(v.nrmse <= tol_nrmse);
    if (v.bad == 0 && !l2_bad) {
        r->status = RES_PASS;
        return;
    }
    r->status = RES_FAIL;
    if (l2_bad)
        note(r, "normalised L2 error %.2e exceeds its tolerance %.1e", v.nrmse, tol_nrmse);
    if (v.bad == 0)
        return;
    note(r, "%lld of %lld outputs outside tolerance %.1e (%lld not finite)", (long long)v.bad,
         (long long)v.checked, r->tolerance, (long long)v.nonfinite);
    const prob_metrics *m = &rc->m;
    fprintf(stderr, "convbench: %s FAILED verification: %lld of %lld outputs off; worst:\n", a->name,
            (long long)v.bad, (long long)v.checked);
    fprintf(stderr, "  %6s %5s %5s %5s   %14s %14s %10s %10s\n", "n", "k", "p", "q", "expected",
            "got", "abs_err", "rel_err");
    for (int i = 0; i < v.worst_count; i++) {
        const vfy_point *pt = &v.worst[i];
        int64_t q = pt->index % m->q, p = (pt->index / m->q) % m->p,
                k = (pt->index / (m->q * m->p)) % rc->sh.k,
                n = pt->index / (m->q * m->p * rc->sh.k);
        fprintf(stderr, "  %6lld %5lld %5lld %5lld   %14.7g %14.7g %10.3g %10.3g\n", (long long)n,
                (long long)k, (long long)p, (long long)q, pt->expected, pt->got, pt->abs_err,
                pt->rel_err);
    }
}

static void dump_case(const run_case *rc, const algo_desc *a, const run_settings *s,
                      const char *prefix, const float *out, result *r)
{
    const prob_shape *sh = &rc->sh;
    const prob_metrics *m = &rc->m;
    int64_t in_shape[4] = {sh->n, sh->c, sh->h, sh->w};
    int64_t wei_shape[4] = {sh->k, sh->c / sh->groups, sh->r, sh->s};
    int64_t out_shape[4] = {sh->n, sh->k, m->p, m->q};
    int64_t bias_shape[1] = {sh->k};
    struct {
        const char *name;
        npy_type t;
        const void *data;
        const int64_t *shape;
        int ndim;
    } files[] = {
        {"input", NPY_F32, rc->in, in_shape, 4},
        {"weights", NPY_F32, rc->wei, wei_shape, 4},
        {"bias", NPY_F32, rc->bias, bias_shape, 1},
        {a->name, NPY_F32, out, out_shape, 4},
        {"reference", NPY_F64, rc->idx ? NULL : rc->ref, out_shape, 4},
    };
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        if (!files[i].data)
            continue;
        char path[4400];
        snprintf(path, sizeof path, "%s/%s%s%s.npy", s->dump_dir, prefix ? prefix : "",
                 i == 3 ? "output-" : "", files[i].name);
        if (npy_write(path, files[i].t, files[i].data, files[i].shape, files[i].ndim)) {
            note(r, "could not write %s: %s", path, strerror(errno));
            r->dump_failed = 1;
        }
    }
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

/* Warm-up, then timed runs by the policy, each timed by its profiling events
 * (ev) and by the host clock from before its enqueue to its end (host), both
 * in ms with capacity pol->max_reps. The policy runs on the host clock. */
static int time_runs(const algo_desc *a, void *state, const timing_policy *pol, double *ev,
                     double *host, int *reps)
{
    double total = 0;
    *reps = 0;
    clrt_spans spans = {0};
    for (int i = -pol->warmup; i < 0 || timing_more(pol, *reps, total); i++) {
        double ms = 0, t0 = timing_now_ms();
        int rc = a->run(state, &spans) ||
                 (spans.n && CLRT_CHECK(clWaitForEvents(1, &spans.v[spans.n - 1].last)));
        double t1 = timing_now_ms();
        rc = rc || clrt_spans_ms(&spans, &ms);
        clrt_spans_clear(&spans);
        if (rc) {
            clrt_spans_free(&spans);
            return -1;
        }
        if (i >= 0) {
            ev[*reps] = ms;
            host[(*reps)++] = t1 - t0;
            total += t1 - t0;
        }
    }
    clrt_spans_free(&spans);
    return 0;
}

/* r's time from the clock the timer check trusts (timing_judge): the events,
 * else the host's, else none at all. */
static void choose_clock(const run_settings *s, double *ev, double *host, int reps, result *r)
{
    char why[300];
    /* Judged first: summarising sorts the samples, which pairs them no more. */
    r->timer = timing_judge(ev, host, reps, s->launch_ms, why, sizeof why);
    timing_stats e = timing_summarize(ev, reps), h = timing_summarize(host, reps);
    r->host_median = h.median;
    snprintf(r->timer_why, sizeof r->timer_why, "%s", why);
    if (r->timer == TIMING_EVENTS)
        r->t = e;
    else if (r->timer == TIMING_HOST)
        r->t = h;
    if (r->timer != TIMING_EVENTS)
        note(r, "timer=%s: %s", timing_source_name(r->timer), why);
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

void runner_run(clrt_ctx *ctx, run_case *rc, const algo_desc *a, const int *tune,
                const run_settings *s, const char *dump_prefix, result *r)
{
    const prob_shape *sh = &rc->sh;
    const prob_metrics *m = &rc->m;
    begin_row(a, s, r);

    char why[256];
    if (!algo_can_run(a, &ctx->dev, sh, m, why, sizeof why)) {
        r->status = RES_SKIPPED;
        note(r, "%s", why);
        r->workspace = 0;
        return;
    }
    algo_params ap = {
        .kernel_opts = s->kernel_opts ? s->kernel_opts : "",
        .max_workspace = s->max_workspace > 0 ? s->max_workspace
                                              : (int64_t)(ctx->dev.max_alloc / 2),
    };
    if (tune)
        memcpy(ap.tune, tune, sizeof ap.tune);
    int64_t ws_largest;
    a->workspace(a, sh, m, &ap, &ws_largest, &r->workspace);
    if (!runner_fits_device(&ctx->dev, m, ws_largest, r->workspace, why, sizeof why)) {
        r->status = RES_SKIPPED;
        note(r, "%s", why);
        return;
    }

    algo_bufs b = {0};
    void *state = NULL;
    double *samples = malloc((size_t)s->timing.max_reps * 2 * sizeof *samples);
    tensor_desc tin = tensor_input(sh), twei = tensor_weights(sh), tbias = tensor_bias(sh),
                tout = tensor_output(sh, m);
    float *out = malloc((size_t)m->out_elems * sizeof *out);
    void *dev_out = tensor_is_host_form(&tout) ? out : malloc((size_t)m->out_bytes);
    /* NaN in the output's own type: 0x7e00 is half's quiet NaN. */
    const float nan32 = NAN;
    const uint16_t nan16 = 0x7e00;
    const void *nan_pattern = sh->dtype == PROB_FP16 ? (const void *)&nan16 : (const void *)&nan32;
    size_t nan_size = (size_t)prob_dtype_size(sh->dtype);
    algo_prep_info info = {0};
    int reps = 0;
    r->status = RES_ERROR;
    if (!samples || !out || !dev_out) {
        note(r, "out of host memory");
        goto done;
    }
    b.in = upload(ctx, &tin, rc->in);
    b.wei = upload(ctx, &twei, rc->wei);
    b.bias = sh->bias ? upload(ctx, &tbias, rc->bias) : NULL;
    b.out = clrt_buffer(ctx, CL_MEM_READ_WRITE, m->out_bytes, NULL);
    if (!b.in || !b.wei || (sh->bias && !b.bias) || !b.out)
        goto device_error;
    if (s->progress)
        s->progress(s->progress_arg, a->name, "preparing");
    if (a->prepare(a, ctx, sh, m, &b, &ap, &state, &info))
        goto device_error;
    r->compile_ms = info.compile_ms;
    r->cache_hit = info.cache_hit;
    r->prepare_ms = info.prepare_ms;
    snprintf(r->tuning, sizeof r->tuning, "%s", info.tuning);
    snprintf(r->params, sizeof r->params, "%s", info.params);
    if (info.note[0])
        note(r, "%s", info.note);
    /* NaN-fill the output after prepare (which may warm a library up on it), so
     * outputs that run never writes cannot pass. */
    if (CLRT_CHECK(clEnqueueFillBuffer(ctx->queue, b.out, nan_pattern, nan_size, 0,
                                       (size_t)m->out_bytes, 0, NULL, NULL)))
        goto device_error;
    if (s->progress)
        s->progress(s->progress_arg, a->name, "timing");
    if (time_runs(a, state, &s->timing, samples, samples + s->timing.max_reps, &reps) ||
        CLRT_CHECK(clEnqueueReadBuffer(ctx->queue, b.out, CL_TRUE, 0, (size_t)m->out_bytes,
                                       dev_out, 0, NULL, NULL)))
        goto device_error;
    if (dev_out != out)
        tensor_unpack(&tout, dev_out, out);
    choose_clock(s, samples, samples + s->timing.max_reps, reps, r);
    if (s->progress && s->verify != VFY_NONE)
        s->progress(s->progress_arg, a->name, "verifying");
    verify_output(rc, a, s, out, r);
    if ((r->status == RES_PASS || r->status == RES_UNVERIFIED) && r->timer != TIMING_NONE)
        r->gflops = m->flops / (r->t.median * 1e6);
    if (r->t.cv > TIMING_NOISY_CV)
        note(r, "noisy: stddev is %.0f%% of the mean over %d runs", 100 * r->t.cv, reps);
    if (s->dump_dir && *s->dump_dir)
        dump_case(rc, a, s, dump_prefix, out, r);
    goto done;

device_error:
    r->status = RES_ERROR;
    note(r, "%s", clrt_last_error());
done:
    if (state)
        a->release(state);
    if (b.in) clReleaseMemObject(b.in);
    if (b.wei) clReleaseMemObject(b.wei);
    if (b.bias) clReleaseMemObject(b.bias);
    if (b.out) clReleaseMemObject(b.out);
    free(samples);
    if (dev_out != out)
        free(dev_out);
    free(out);
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
