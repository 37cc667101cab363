/* result.h - one row of results: a case (problem x algorithm) and what happened
 * to it. Filled by the runner and its caller, read by the output writers. */
#ifndef CONVBENCH_RESULT_H
#define CONVBENCH_RESULT_H

#include "problem.h"
#include "timing.h"

typedef enum res_status {
    RES_PASS,         /* verified within tolerance and timed */
    RES_UNVERIFIED,   /* timed, but --verify=none: no claim about correctness */
    RES_FAIL,         /* verification failed: its time does not count */
    RES_SKIPPED,      /* the algorithm or the device cannot run this case (see note) */
    RES_ERROR,        /* the device failed (see note): nothing measured */
} res_status;

/* "PASS", "UNVERIFIED", "FAIL", "SKIPPED", "ERROR". */
const char *res_status_name(res_status s);

/* Doubles that were not measured hold NAN and are written as empty fields. */
typedef struct result {
    /* where and when: set by the caller */
    char timestamp[32], version[64], host[128];
    char platform[128], device[256], driver[128];
    char layer[64];
    int64_t count;              /* occurrences of the layer in its network */
    prob_shape sh;
    prob_metrics m;
    char repro[1024];           /* a command line that reruns this case */
    /* what happened: set by the runner */
    char algo[32];
    int peer;                   /* the algorithm is a library's, shown as a reference */
    int selection;              /* the row is a selection policy's pick ("best": chosen names
                                 * the algorithm), not an algorithm of its own (not a column:
                                 * the CSV's algorithm says it) */
    res_status status;
    timing_stats t;             /* kernel time of the whole algorithm per run */
    int timer;                  /* a timing_source: the clock t came from; -1 when not timed */
    char timer_why[320];        /* why the events were not used; "" when they were */
    char cache[8];              /* "cold" when the caches were evicted before every run
                                 * (--cold-cache), else "hot" */
    double host_median;         /* median per run on the host clock (enqueue to finished) */
    double gflops;              /* m.flops / median; NAN unless PASS or UNVERIFIED */
    double algo_flops;          /* arithmetic the algorithm really performs per run */
    /* the roofline (peak.h): NAN and "" when the peak is not known (--no-peak) */
    double peak_gflops, peak_gbs; /* the device's measured FMA peak and copy bandwidth */
    double pct_peak;            /* 100 * gflops / peak_gflops */
    int above_peak;             /* 1: the algorithm's own arithmetic (algo_flops) ran faster
                                 * than the measured peak allows; 0: not; -1: unknown */
    double intensity;           /* m.flops per byte of compulsory traffic */
    char bound[8];              /* "compute" or "memory" */
    char fill[8], verify[8];
    double max_abs_err, max_rel_err, nrmse, tolerance;
    int64_t checked;            /* outputs compared with the reference */
    int64_t workspace;          /* bytes */
    double compile_ms, prepare_ms;
    int cache_hit;
    char tuning[64];            /* how a library's kernels were tuned; "" when none ran */
    char params[160];           /* the algorithm's tunables as run, "KT=8,QV=16"; "" if none */
    char params_from[16];       /* "default", "tuning-db", "--params", "candidate" */
    char chosen[32];            /* algorithm "best": the algorithm that won; else "" */
    char note[512];             /* reason for SKIPPED/ERROR/FAIL, warnings */
    int dump_failed;            /* a --dump file could not be written (not a CSV column) */
} result;

#endif
