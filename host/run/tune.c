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
            if (tn->work_group && (size_t)tn->values[v] > max_wg)
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
    /* The final: the defaults and the leader run once more, side by side, and
     * each keeps its better time. The leader must beat the defaults by
     * TUNE_MIN_GAIN to win, so noise alone never replaces them. */
    int lead = runner_fastest(cand, out->ncand);
    double lead_ms = lead >= 0 ? cand[lead].t.median : 0;
    out->defaults = runner_fastest(cand, 1);
    out->defaults_ms = out->defaults == 0 ? cand[0].t.median : 0;
    int rerun[2] = {0, lead}, nrerun = lead > 0 ? 2 : 1;
    for (int j = 0; j < nrerun && !out->out_of_time; j++) {
        if (now_ms() > deadline_ms) {
            out->out_of_time = 1;
            break;
        }
        int again = out->ncand++;
        memcpy(out->tune[again], out->tune[rerun[j]], sizeof out->tune[0]);
        eval(arg, out->tune[again], &cand[again]);
        if (runner_fastest(&cand[again], 1) != 0)
            continue;
        double ms = cand[again].t.median;
        if (j == 0 && (out->defaults < 0 || ms < out->defaults_ms)) {
            out->defaults = again;
            out->defaults_ms = ms;
        }
        if (j == 1 && ms < lead_ms)
            lead_ms = ms;
    }
    out->winner = lead;
    out->winner_ms = lead_ms;
    if (lead > 0 && out->defaults >= 0 && lead_ms > out->defaults_ms * (1.0 - TUNE_MIN_GAIN)) {
        out->winner = out->defaults;
        out->winner_ms = out->defaults_ms;
    }
}
