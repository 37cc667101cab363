/* tune.c - coordinate descent over an algorithm's tunables. */
#include "tune.h"
#include "runner.h"

#include <string.h>

void tune_search(const algo_desc *a, size_t max_wg, double deadline_ms, double (*now_ms)(void),
                 tune_eval_fn eval, void *arg, result *cand, tune_outcome *out)
{
    memset(out, 0, sizeof *out);
    int cur[ALGO_MAX_TUNABLES] = {0};
    eval(arg, cur, &cand[0]);
    out->ncand = 1;
    for (int t = 0; t < a->ntunables && !out->out_of_time; t++) {
        const algo_tunable *tn = &a->tunables[t];
        for (int v = 0; v < tn->nvalues; v++) {
            if (strcmp(tn->name, "WG") == 0 && (size_t)tn->values[v] > max_wg)
                continue;
            if (now_ms() > deadline_ms) {
                out->out_of_time = 1;
                break;
            }
            int *x = out->tune[out->ncand];
            memcpy(x, cur, sizeof cur);
            x[t] = tn->values[v];
            eval(arg, x, &cand[out->ncand]);
            out->ncand++;
        }
        /* Later tunables start from the best point found so far. */
        int w = runner_fastest(cand, out->ncand);
        if (w >= 0)
            memcpy(cur, out->tune[w], sizeof cur);
    }
    out->winner = runner_fastest(cand, out->ncand);
}
