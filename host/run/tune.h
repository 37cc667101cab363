/* tune.h - the auto-tuner's search over one algorithm's tunables on one case.
 *
 * Small spaces (direct's, Winograd's register tiles: up to TUNE_SMALL_SPACE
 * points) get coordinate descent: the defaults first, then each tunable in
 * turn through its candidate values with the others held at the best so far.
 * That visits 1 + sum(values) candidates instead of their product, and the
 * tunables of such a kernel interact weakly enough (register tile, vector
 * width, work-group size) for one pass to find a good point.
 *
 * Large spaces (the tiled GEMM's eleven tunables: about 200,000 points, most
 * of them invalid for a given device) first draw TUNE_RANDOM valid points at
 * random, then refine the best of those and the defaults by the same
 * coordinate descent. The tiled GEMM's tunables interact strongly (the tile
 * must divide by work-items times vector width, the cooperative loads by the
 * work-group): single-coordinate moves from the defaults reach few of the
 * good regions, random points spread over all of them, and the descent then
 * adjusts what matters locally (unroll, vector width). CLTune, CLBlast's
 * tuner, offers random search beside annealing and particle swarms; random
 * points plus a descent need no tuning of their own and fit a budget of a
 * few dozen compiles. The draws are seeded, so a search is reproducible. Invalid points (the algorithm's check: local memory,
 * work-group limits, divisibility) are rejected before anything is compiled.
 *
 * Every candidate is run, verified and timed by eval; only a verified one can
 * win (runner_fastest). At the end the defaults and the leader run again,
 * side by side, and each keeps the better of its two times (the first
 * candidate's cold start and a shared machine's noise must not decide); the
 * leader wins only when it beats the defaults by TUNE_MIN_GAIN.
 */
#ifndef CONVBENCH_TUNE_H
#define CONVBENCH_TUNE_H

#include <stddef.h>

#include "algo.h"
#include "result.h"

/* Runs the algorithm with tunables tune (0 = default) and fills r. */
typedef void (*tune_eval_fn)(void *arg, const int *tune, result *r);

/* Rewrites tune to its canonical form (algo_desc.canonical), then returns 1
 * when the algorithm can run it on the device at all (algo_desc.check).
 * NULL: every point can, as it is. */
typedef int (*tune_check_fn)(void *arg, int *tune);

/* Spaces up to this many points get coordinate descent alone. */
#define TUNE_SMALL_SPACE 1000
/* Random valid points a larger space starts with. */
#define TUNE_RANDOM 16

/* The most candidates one search can visit. */
#define TUNE_MAX_CANDIDATES (3 + TUNE_RANDOM + ALGO_MAX_TUNABLES * ALGO_MAX_VALUES)

/* The fraction by which a tuned point must beat the defaults to replace them. */
#define TUNE_MIN_GAIN 0.03

typedef struct tune_outcome {
    int ncand;                              /* candidates evaluated */
    int nrandom;                            /* of which drawn at random */
    int winner;                             /* index of the fastest verified, or -1 */
    int defaults;                           /* index of the defaults' faster verified run,
                                               or -1 when neither verified */
    double winner_ms, defaults_ms;          /* the better of each one's runs */
    int out_of_time;                        /* 1 when the deadline cut the search short */
    int tune[TUNE_MAX_CANDIDATES][ALGO_MAX_TUNABLES]; /* each candidate's values */
} tune_outcome;

/* Searches a's tunables, evaluating each candidate into cand[i] (capacity
 * TUNE_MAX_CANDIDATES). Values above max_wg of a work-group tunable are not
 * tried (the device cannot run them), nor points check refuses. now_ms() is
 * checked before each candidate after the first; the search stops once it
 * passes deadline_ms (the final reruns are skipped then too). Fills *out;
 * cand[0] is always the defaults. */
void tune_search(const algo_desc *a, size_t max_wg, double deadline_ms, double (*now_ms)(void),
                 tune_check_fn check, tune_eval_fn eval, void *arg, result *cand,
                 tune_outcome *out);

#endif
