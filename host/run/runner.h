/* runner.h - one case end to end: device buffers, prepare, warm-up, timed runs,
 * verification against the CPU reference, optional .npy dump, one result. */
#ifndef CONVBENCH_RUNNER_H
#define CONVBENCH_RUNNER_H

#include "algo.h"
#include "tensor.h"
#include "clrt.h"
#include "result.h"
#include "timing.h"
#include "verify.h"


typedef struct run_settings {
    vfy_fill fill;
    uint64_t seed;
    vfy_mode verify;
    int64_t sample;              /* outputs checked by --verify=sample */
    int ref_cache;               /* 1: read and write the reference cache (refcache.h) */
    timing_policy timing;
    const char *dump_dir;        /* NULL or "": no dump */
    const char *kernel_opts;     /* appended to every kernel build; NULL for none */
    int64_t max_workspace;       /* bytes per workspace buffer; 0: half the device's max allocation */
    struct coldcache *cold;      /* --cold-cache: evict the caches before every run; NULL: hot */
    double launch_ms;            /* host time of an empty kernel on this device (devcheck.h);
                                  * the timer check's allowance for launch overhead */
    /* Called as a case enters each stage ("preparing", "timing", "verifying"),
     * for progress displays; NULL for none. */
    void (*progress)(void *arg, const char *algo, const char *stage);
    void *progress_arg;
} run_settings;

/* The host data of one problem, shared by every algorithm run on it: filled
 * inputs and, computed on first need, the reference outputs. */
typedef struct run_case {
    prob_shape sh;
    prob_metrics m;
    /* fp32, logical order, by tensor_role: the two the direction reads
     * (input and weights; dY and weights; input and dY), filled; the one it
     * writes is NULL. bias: forward only. */
    float *t[TENSOR_ROLE_COUNT], *bias;
    int exact;                   /* 1 when the exact fill guarantees exact sums */
    int64_t *idx;                /* sampled result indices; NULL for all */
    int64_t nref;
    /* NULL until the first verification. mag: each result element's scale,
     * the sum of its terms' magnitudes (+|bias|), and never below the product
     * of the two operands' largest magnitudes. */
    double *ref, *mag;
} run_case;

/* Fills the inputs of sh, whose metrics are m (as prob_analyze gave them for
 * an expanded case), or NULL to analyze sh here. Returns 0, or -1 when sh is
 * invalid or host memory runs out (message in err). Free with
 * runner_case_free, also on error. */
int runner_case_init(run_case *rc, const prob_shape *sh, const prob_metrics *m,
                     const run_settings *s, char *err, size_t errlen);
void runner_case_free(run_case *rc);

/* 1 when a case's tensors and ws_largest / ws_total bytes of workspace fit
 * device d (its max allocation and global memory); else 0 with the reason. */
int runner_fits_device(const clrt_device *d, const prob_metrics *m, int64_t ws_largest,
                       int64_t ws_total, char *why, size_t len);

/* Fills the runner's fields of r for a case skipped before it ran (r->sh and
 * r->m set), with why as its note. */
void runner_skip(const algo_desc *a, const run_settings *s, const char *why, result *r);

/* Runs algorithm a on the case with its tunables set to tune (ALGO_MAX_TUNABLES
 * values, 0 for a default; NULL for all defaults) and fills the runner's fields
 * of r (r->sh and r->m must already describe the case). Never fails as a
 * function: device errors become r->status = RES_ERROR with the error in
 * r->note. */
void runner_run(clrt_ctx *ctx, run_case *rc, const algo_desc *a, const int *tune,
                const run_settings *s, const char *dump_prefix, result *r);

/* The index of the fastest of n results that verified (PASS, or UNVERIFIED
 * under --verify=none), or -1 when none did. A failed result never wins, however
 * fast: this is how the tuner and "best" pick. */
int runner_fastest(const result *rs, int n);

#endif
