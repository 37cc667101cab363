/* runner_case.c - a case's host data: filled inputs, the reference outputs. */
#include "reference.h"
#include "refcache.h"
#include "runner_priv.h"
#include "tensor.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

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
    /* Sums are exact while they stay integers that both the stored type and
     * the accumulation type hold: half's 11-bit significand bounds fp16. The
     * direction's sums set the range: backward weights sums N*P*Q terms. */
    int fp16 = sh->dtype == PROB_FP16 || sh->accum == PROB_FP16;
    int range = vfy_exact_range(m->terms, fp16 ? 11 : 24);
    rc->exact = s->fill == VFY_FILL_EXACT && range > 0;
    /* The host's copies are fp32 in logical order (tensor.h); m's byte counts
     * are the device's. Streams: input 1, weights 2, bias 3, dY 4, so a
     * forward case fills as it always has. */
    static const uint64_t stream[TENSOR_ROLE_COUNT] = {1, 2, 4};
    tensor_role res = tensor_result_role(sh);
    for (int r = 0; r < TENSOR_ROLE_COUNT; r++) {
        if (r == (int)res)
            continue;
        tensor_desc t = tensor_of(sh, m, (tensor_role)r);
        int64_t n = tensor_elems(&t);
        if (!(rc->t[r] = malloc((size_t)n * sizeof *rc->t[r]))) {
            snprintf(err, errlen, "out of host memory for the %s (%lld elements)",
                     tensor_role_name((tensor_role)r, tensor_is_grad(sh, (tensor_role)r)),
                     (long long)n);
            return -1;
        }
        vfy_fill_tensor(rc->t[r], n, s->fill, range, s->seed, stream[r]);
        tensor_round(&t, rc->t[r]);
    }
    if (sh->bias && sh->dir == PROB_FWD) {
        tensor_desc tb = tensor_bias(sh);
        if (!(rc->bias = malloc((size_t)m->bias_elems * sizeof *rc->bias))) {
            snprintf(err, errlen, "out of host memory for the bias");
            return -1;
        }
        vfy_fill_tensor(rc->bias, m->bias_elems, s->fill, range, s->seed, 3);
        tensor_round(&tb, rc->bias);
    }
    return 0;
}

void runner_case_free(run_case *rc)
{
    for (int r = 0; r < TENSOR_ROLE_COUNT; r++)
        free(rc->t[r]);
    free(rc->bias);
    free(rc->idx);
    free(rc->ref);
    free(rc->mag);
    memset(rc, 0, sizeof *rc);
}

/* Hundreds of MB written once: in 2 MiB pages where the kernel allows them
 * (transparent huge pages on madvise), 512 times fewer page faults. */
static void *huge_alloc(size_t bytes)
{
    void *p = NULL;
    if (bytes < ((size_t)4 << 20))
        return malloc(bytes);
    if (posix_memalign(&p, (size_t)2 << 20, bytes))
        return NULL;
    madvise(p, bytes, MADV_HUGEPAGE);
    return p;
}

int runner_reference(run_case *rc, const run_settings *s)
{
    if (rc->ref)
        return 0;
    int64_t n = rc->m.result_elems;
    if (s->verify == VFY_SAMPLE && s->sample < n) {
        n = s->sample;
        rc->idx = malloc((size_t)n * sizeof *rc->idx);
        if (!rc->idx)
            return -1;
        vfy_sample_indices(rc->idx, n, rc->m.result_elems, s->seed);
    }
    rc->ref = huge_alloc((size_t)n * sizeof *rc->ref);
    rc->mag = huge_alloc((size_t)n * sizeof *rc->mag);
    if (!rc->ref || !rc->mag)
        return -1;
    rc->nref = n;
    char dir[4096];
    int cached = s->ref_cache && rcache_default_dir(dir, sizeof dir) == 0;
    uint64_t key = rcache_key(&rc->sh, s->fill, s->seed, rc->idx ? n : 0);
    if (cached && rcache_load(dir, key, n, rc->ref, rc->mag) == 0)
        return 0;
    if (ref_compute(&rc->sh, &rc->m, rc->t, rc->bias, rc->idx, n, rc->ref, rc->mag))
        return -1;
    /* A window of padding alone has no terms (scale 0, so tolerance 0), yet a
     * transform that mixes neighbouring values (Winograd) rounds into it: no
     * scale is below one term's largest magnitude. */
    double floor_mag = 1;
    for (int r = 0; r < TENSOR_ROLE_COUNT; r++) {
        tensor_desc t = tensor_of(&rc->sh, &rc->m, (tensor_role)r);
        float mx = 0;
        for (int64_t i = 0; rc->t[r] && i < tensor_elems(&t); i++)
            mx = fmaxf(mx, fabsf(rc->t[r][i]));
        floor_mag *= rc->t[r] ? mx : 1;
    }
    for (int64_t i = 0; i < n; i++)
        rc->mag[i] = fmax(rc->mag[i], floor_mag);
    if (cached && rcache_store(dir, key, n, rc->ref, rc->mag))
        fprintf(stderr, "convbench: warning: could not write the reference cache in %s\n", dir);
    return 0;
}

