/* algo.h - the table of convolution algorithms.
 *
 * Each algorithm is one algo_desc: what it supports, how much device workspace
 * it needs, and prepare/run/release. The runner drives every algorithm the same
 * way, so a new algorithm is a new file and one line in the table (algo.c).
 * Algorithms know nothing of configs, CSV or the reference.
 */
#ifndef CONVBENCH_ALGO_H
#define CONVBENCH_ALGO_H

#include "clrt.h"
#include "problem.h"

/* The device tensors of one case; bias is NULL when the problem has none. */
typedef struct algo_bufs {
    cl_mem in, wei, bias, out;
} algo_bufs;

/* What prepare reports. */
typedef struct algo_prep_info {
    double compile_ms;   /* program creation and build, wall time */
    int cache_hit;       /* every program came from the disk cache */
    double prepare_ms;   /* device time of one-off work on the weights (not in run) */
    int64_t workspace;   /* device bytes allocated besides the four tensors */
} algo_prep_info;

/* Enough for any algorithm's kernels of one run. */
#define ALGO_MAX_EVENTS 64

typedef struct algo_desc {
    const char *name;
    const char *summary;
    /* Largest relative error (|got - ref| / sum|x*w|) accepted with the exact
     * integer fill and with the random-float fill. */
    double tol_exact, tol_float;
    /* 1 when the algorithm can run sh; else 0 with the reason in why. */
    int (*supports)(const prob_shape *sh, const prob_metrics *m, char *why, size_t len);
    /* Device bytes it will allocate besides the tensors (to skip cases that cannot fit). */
    int64_t (*workspace)(const prob_shape *sh, const prob_metrics *m);
    /* Builds programs (extra_opts appended to the build options), allocates the
     * workspace, does one-off weight work. Returns 0 with *state set, or -1
     * (reported through clrt). release is called on *state even after a failure. */
    int (*prepare)(clrt_ctx *ctx, const prob_shape *sh, const prob_metrics *m,
                   const algo_bufs *bufs, const char *extra_opts, void **state,
                   algo_prep_info *info);
    /* Enqueues one whole convolution on the buffers given to prepare (without
     * waiting), returning one event per kernel in evs (the caller releases
     * them). Returns 0 or -1 (reported). */
    int (*run)(void *state, cl_event *evs, int *nev);
    void (*release)(void *state);
} algo_desc;

/* The number of algorithms and the i-th one. */
int algo_count(void);
const algo_desc *algo_at(int i);

/* The algorithm named name, or NULL. */
const algo_desc *algo_find(const char *name);

/* Parses a comma-separated list of names ("all" for every algorithm) into out
 * (capacity cap). Returns the count, or -1 with the unknown name and the
 * choices in err. */
int algo_parse_list(const char *list, const algo_desc **out, int cap, char *err, size_t errlen);

#endif
