/* tune.h - the auto-tuner's search over one algorithm's tunables on one case.
 *
 * Coordinate descent: the defaults first, then each tunable in turn through
 * its candidate values with the others held at the best so far. That visits
 * 1 + sum(values) candidates instead of their product, which keeps a whole
 * network's search within minutes on a CPU; the tunables of one kernel interact
 * weakly enough (register tile, vector width, work-group size) for one pass to
 * find a good point. Every candidate is run, verified and timed by eval; only
 * a verified one can win (runner_fastest).
 */
#ifndef CONVBENCH_TUNE_H
#define CONVBENCH_TUNE_H

#include <stddef.h>

#include "algo.h"
#include "result.h"

/* Runs the algorithm with tunables tune (0 = default) and fills r. */
typedef void (*tune_eval_fn)(void *arg, const int *tune, result *r);

/* The most candidates one search can visit. */
#define TUNE_MAX_CANDIDATES (1 + ALGO_MAX_TUNABLES * ALGO_MAX_VALUES)

typedef struct tune_outcome {
    int ncand;                              /* candidates evaluated */
    int winner;                             /* index of the fastest verified, or -1 */
    int out_of_time;                        /* 1 when the deadline cut the search short */
    int tune[TUNE_MAX_CANDIDATES][ALGO_MAX_TUNABLES]; /* each candidate's values */
} tune_outcome;

/* Searches a's tunables, evaluating each candidate into cand[i] (capacity
 * TUNE_MAX_CANDIDATES). Values above max_wg for a tunable named "WG" are not
 * tried (the device cannot run them). now_ms() is checked before each candidate
 * after the first; the search stops once it passes deadline_ms. Fills *out;
 * cand[0] is always the defaults. */
void tune_search(const algo_desc *a, size_t max_wg, double deadline_ms, double (*now_ms)(void),
                 tune_eval_fn eval, void *arg, result *cand, tune_outcome *out);

#endif
