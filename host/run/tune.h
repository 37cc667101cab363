/* tune.h - the auto-tuner's search over one algorithm's tunables on one case.
 *
 * Coordinate descent: the defaults first, then each tunable in turn through
 * its candidate values with the others held at the best so far. That visits
 * 1 + sum(values) candidates instead of their product, which keeps a whole
 * network's search within minutes on a CPU; the tunables of one kernel interact
 * weakly enough (register tile, vector width, work-group size) for one pass to
 * find a good point. Every candidate is run, verified and timed by eval; only
 * a verified one can win (runner_fastest). At the end the defaults and the
 * leader run again, side by side, and each keeps the better of its two times
 * (the first candidate's cold start and a shared machine's noise must not
 * decide); the leader wins only when it beats the defaults by TUNE_MIN_GAIN.
 */
#ifndef CONVBENCH_TUNE_H
#define CONVBENCH_TUNE_H

#include <stddef.h>

#include "algo.h"
#include "result.h"

/* Runs the algorithm with tunables tune (0 = default) and fills r. */
typedef void (*tune_eval_fn)(void *arg, const int *tune, result *r);

/* The most candidates one search can visit. */
#define TUNE_MAX_CANDIDATES (3 + ALGO_MAX_TUNABLES * ALGO_MAX_VALUES)

/* The fraction by which a tuned point must beat the defaults to replace them. */
#define TUNE_MIN_GAIN 0.03

typedef struct tune_outcome {
    int ncand;                              /* candidates evaluated */
    int winner;                             /* index of the fastest verified, or -1 */
    int defaults;                           /* index of the defaults' faster verified run,
                                               or -1 when neither verified */
    double winner_ms, defaults_ms;          /* the better of each one's runs */
    int out_of_time;                        /* 1 when the deadline cut the search short */
    int tune[TUNE_MAX_CANDIDATES][ALGO_MAX_TUNABLES]; /* each candidate's values */
} tune_outcome;

/* Searches a's tunables, evaluating each candidate into cand[i] (capacity
 * TUNE_MAX_CANDIDATES). Values above max_wg of a work-group tunable are not
 * tried (the device cannot run them). now_ms() is checked before each candidate
 * after the first; the search stops once it passes deadline_ms (the final
 * reruns are skipped then too). Fills *out; cand[0] is always the defaults. */
void tune_search(const algo_desc *a, size_t max_wg, double deadline_ms, double (*now_ms)(void),
                 tune_eval_fn eval, void *arg, result *cand, tune_outcome *out);

#endif
