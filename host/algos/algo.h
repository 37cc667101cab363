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
#include "kopts.h"
#include "problem.h"

/* The device tensors of one case; bias is NULL when the problem has none or
 * the direction is backward. The direction writes one of in, wei, out (the
 * output, dX into in, or dW into wei: tensor_result_role) and reads the
 * other two (dY is out). */
typedef struct algo_bufs {
    cl_mem in, wei, bias, out;
} algo_bufs;

#define ALGO_MAX_TUNABLES 16
#define ALGO_MAX_VALUES 8

/* A parameter of an algorithm's kernels that the tuner may choose: a -D build
 * option or a work-group size. 0 always means the algorithm's own default for
 * the shape, so values never holds 0. */
typedef struct algo_tunable {
    const char *name;            /* as in --params, the tuning database and the CSV */
    const char *help;
    int values[ALGO_MAX_VALUES]; /* what the tuner tries besides the default */
    int nvalues;
    int work_group;              /* 1: a work-group size, bounded by the device's maximum */
    int from_zero;               /* 1: values include 0 (a switch), so tune[] holds 1 + value */
} algo_tunable;

/* What tune[] holds for value v of t (algo_tunable.from_zero). */
static inline int algo_tune_code(const algo_tunable *t, int v)
{
    return v + t->from_zero;
}

/* What the runner tells every algorithm besides the problem. */
typedef struct algo_params {
    const char *kernel_opts;     /* appended to every kernel build; "" for none */
    int64_t max_workspace;       /* bytes an algorithm may use for one workspace buffer */
    int tune[ALGO_MAX_TUNABLES]; /* per tunable of the algorithm: a value, or 0 for default */
} algo_params;

/* What prepare reports. */
typedef struct algo_prep_info {
    double compile_ms;   /* program builds and library warm-up (kernel compiles), wall time */
    int cache_hit;       /* every program came from the disk cache */
    double prepare_ms;   /* device time of one-off work on the weights (not in run) */
    char tuning[64];     /* how a library's kernels were tuned, "" when no library runs */
    char note[160];      /* what a reader should know (chunking, ...), or "" */
    char params[160];    /* the tunables' values this run used, "KT=8,QV=16"; "" if none */
} algo_prep_info;

typedef struct algo_desc algo_desc;
struct algo_desc {
    const char *name;
    const char *summary;
    int peer;            /* 1: a library's implementation, shown as a reference */
    int pseudo;          /* 1: "best", which the session resolves; no functions */
    int variant;         /* a parameter for implementations shared by entries (tile size) */
    /* Largest relative error (|got - ref| / sum|x*w|) accepted with the exact
     * integer fill and with the random-float fill, and the largest normalised
     * L2 error (||got - ref|| / ||ref||) with either. */
    double tol_exact, tol_float, tol_nrmse;
    /* fp16 accumulated in fp16: how many units of half's rounding (2^-11) the
     * algorithm's transforms add to the tolerance of a plain reduction
     * (vfy_tol_fp16); 0 when they add nothing measurable. */
    double fp16_gain;
    const algo_tunable *tunables; /* ntunables of them, at most ALGO_MAX_TUNABLES */
    int ntunables;
    /* What it implements besides shapes: a bit ALGO_BIT(value) per prob_dtype,
     * prob_layout and prob_dir (algo_can_run refuses the rest, by name). */
    unsigned dtypes, layouts, dirs;
    /* 1: backward data runs, wherever the stride is 1, as this algorithm's
     * forward convolution of the transposed problem (bwd_via_fwd.h);
     * elsewhere as dirs says. */
    int bwd_data_via_fwd;
    const algo_desc *inner; /* bwd_via_fwd's copies: the forward algorithm they run */
    /* The functions of the backward directions, when they are not these
     * (the same name; NULL: these do every direction in dirs). */
    const algo_desc *backward;
    /* 1 when the algorithm can run sh's shape; else 0 with the reason in why. */
    int (*supports)(const algo_desc *a, const prob_shape *sh, const prob_metrics *m, char *why,
                    size_t len);
    /* 1 when the tunables' codes tune (0: default) make a kernel dev can run
     * for sh; else 0 with the broken rule in why. Checked before anything is
     * built, so the tuner never compiles a combination that cannot work and
     * --params naming one is SKIPPED with the reason. NULL: all can. */
    int (*check)(const algo_desc *a, const clrt_device *dev, const prob_shape *sh,
                 const prob_metrics *m, const int *tune, char *why, size_t len);
    /* Rewrites tune in place to the codes of the kernel it makes, tunables
     * that kernel does not read set to 0, for the tuner: it then never tries
     * a point check refuses for them, nor one kernel twice. NULL: every
     * tunable always matters. */
    void (*canonical)(const algo_desc *a, const clrt_device *dev, const prob_shape *sh,
                      const prob_metrics *m, int *tune);
    /* Device bytes of its largest workspace buffer and of all that prepare will
     * allocate (to skip cases that cannot fit; the total is the CSV's
     * workspace_bytes). */
    void (*workspace)(const algo_desc *a, const prob_shape *sh, const prob_metrics *m,
                      const algo_params *p, int64_t *largest, int64_t *total);
    /* The floating-point operations the algorithm really performs per run; NULL:
     * the direct-convolution count (m->flops). */
    double (*work)(const algo_desc *a, const prob_shape *sh, const prob_metrics *m);
    /* Builds programs, allocates the workspace, does one-off weight work and any
     * library warm-up. Returns 0 with *state set, or -1 (reported through clrt).
     * release is called on *state even after a failure. */
    int (*prepare)(const algo_desc *a, clrt_ctx *ctx, const prob_shape *sh,
                   const prob_metrics *m, const algo_bufs *bufs, const algo_params *p,
                   void **state, algo_prep_info *info);
    /* Enqueues one whole convolution on the buffers given to prepare (without
     * waiting), appending its pieces to spans (empty on entry; the caller
     * releases their events). Returns 0 or -1 (reported). */
    int (*run)(void *state, clrt_spans *spans);
    void (*release)(void *state);
};

/* Calls fn(name, value, ctx) for each item "NAME=VALUE" of text (split by
 * tokens_split, name and value trimmed; "" has none). Returns 0, fn's first
 * nonzero return, or -1 with err for an item that is not NAME=VALUE. */
int algo_each_param(const char *text,
                    int (*fn)(const char *name, const char *value, void *ctx), void *ctx,
                    char *err, size_t errlen);

/* Parses "NAME=VALUE,..." (names of a's tunables, values among their
 * candidates or "auto" for the default) into tune (ALGO_MAX_TUNABLES entries;
 * unnamed ones become 0, the default). "" gives all defaults. With
 * skip_unknown, items naming a tunable a lacks are ignored (one --params for
 * several algorithms). Returns 0, or -1 with the bad item and the choices in
 * err. */
int algo_parse_params(const algo_desc *a, const char *text, int skip_unknown, int *tune,
                      char *err, size_t errlen);

/* Writes a's tunables as "NAME=VALUE,..." with code[i] for tunable i (0, a
 * choice left to the driver such as a work-group size, is written "auto"). */
void algo_format_params(const algo_desc *a, const int *code, char *buf, size_t len);

/* Builds kernels/<name>.cl for ctx's device, its source after kernels/real.cl
 * (the element types) and followed by kernels/<tail>.cl when tail is not NULL
 * (gemm_tile: a kernel that ends in the shared tiled GEMM), with the options
 * of k. Sets info's compile time and cache hit. Returns 0 with *prog (the
 * caller releases it), or -1 (reported; options that did not fit k included). */
int algo_build(clrt_ctx *ctx, const char *name, const char *tail, const kopts *k,
               cl_program *prog, algo_prep_info *info);

/* The one-off work on the weights of prepare: kernel name of prog with
 * arguments (from, to), run once over global (dims dimensions) and waited
 * for, its device time added to info's prepare_ms. Returns 0 or -1
 * (reported). */
int algo_prepare_weights(clrt_ctx *ctx, cl_program prog, const char *name, cl_mem from, cl_mem to,
                         cl_uint dims, const size_t *global, algo_prep_info *info);

/* Runs run(state) once and waits for it: the warm-up of an algorithm whose
 * library compiles kernels on first use. Adds its wall time to *ms. Returns 0
 * or -1 (reported). */
int algo_warm_up(int (*run)(void *state, clrt_spans *spans), void *state, double *ms);

#define ALGO_BIT(v) (1u << (v))

/* 1 when a can run sh on dev: its data type, layout and direction (and the
 * device's cl_khr_fp16 for fp16), then a->supports. Else 0 with the reason in
 * why: what is missing, never an error, so such cases are SKIPPED. */
int algo_can_run(const algo_desc *a, const clrt_device *dev, const prob_shape *sh,
                 const prob_metrics *m, char *why, size_t len);

/* The algorithm that runs sh for a: a itself, or, for backward data through
 * the forward convolution, a copy of it in *tmp whose functions do that. The
 * runner calls this before anything else. */
const algo_desc *algo_resolve(const algo_desc *a, const prob_shape *sh, algo_desc *tmp);

/* The number of algorithms and the i-th one. */
int algo_count(void);
const algo_desc *algo_at(int i);

/* The algorithm named name (or the pseudo-algorithm "best"), or NULL. */
const algo_desc *algo_find(const char *name);

/* Parses a comma-separated list of names ("all" for every algorithm, "best" for
 * the pseudo-algorithm that runs each of convbench's own algorithms and keeps
 * the fastest verified one) into out (capacity cap). Returns the count, or -1 with the unknown name and the
 * choices in err. */
int algo_parse_list(const char *list, const algo_desc **out, int cap, char *err, size_t errlen);

#endif
