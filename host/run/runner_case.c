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
    int64_t n = rc->m.out_elems;
    if (s->verify == VFY_SAMPLE && s->sample < n) {
        n = s->sample;
        rc->idx = malloc((size_t)n * sizeof *rc->idx);
        if (!rc->idx)
            return -1;
        vfy_sample_indices(rc->idx, n, rc->m.out_elems, s->seed);
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
    if (ref_conv(&rc->sh, &rc->m, rc->in, rc->wei, rc->bias, rc->idx, n, rc->ref, rc->mag))
        return -1;
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
    if (cached && rcache_store(dir, key, n, rc->ref, rc->mag))
        fprintf(stderr, "convbench: warning: could not write the reference cache in %s\n", dir);
    return 0;
}

