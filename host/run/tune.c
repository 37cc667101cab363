/* tune.c - random points (large spaces), then coordinate descent. */
#include "tune.h"
#include "runner.h"

#include <string.h>

/* The search's state: where it stands and what it has spent. */
typedef struct search {
    const algo_desc *a;
    size_t max_wg;
    double deadline_ms;
    double (*now_ms)(void);
    tune_check_fn check;
    tune_eval_fn eval;
    void *arg;
    result *cand;
    tune_outcome *out;
} search;

/* 1 when x may be run: work-group tunables within the device's limit and
 * the algorithm's check passed (after it made x canonical). */
static int runnable(const search *s, int *x)
{
    for (int t = 0; t < s->a->ntunables; t++) {
        const algo_tunable *tn = &s->a->tunables[t];
        if (tn->work_group && x[t] && (size_t)x[t] > s->max_wg)
            return 0;
    }
    return !s->check || s->check(s->arg, x);
}

static int seen(const search *s, const int *x)
{
    for (int i = 0; i < s->out->ncand; i++)
        if (memcmp(s->out->tune[i], x, sizeof s->out->tune[i]) == 0)
            return 1;
    return 0;
}

/* Evaluates x as the next candidate unless the deadline passed (then sets
 * out_of_time). Returns 1 when it ran. */
static int try_point(search *s, const int *x)
{
    if (s->out->ncand > 0 && s->now_ms() > s->deadline_ms) {
        s->out->out_of_time = 1;
        return 0;
    }
    int i = s->out->ncand++;
    memcpy(s->out->tune[i], x, sizeof s->out->tune[i]);
    s->eval(s->arg, x, &s->cand[i]);
    return 1;
}

/* xorshift32: a fixed sequence, so the same search draws the same points. */
static unsigned next_random(unsigned *state)
{
    unsigned x = *state;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    return *state = x;
}

static double space_size(const algo_desc *a)
{
    double n = 1;
    for (int t = 0; t < a->ntunables; t++)
        n *= a->tunables[t].nvalues;
    return n;
}

/* Up to TUNE_RANDOM valid points not seen yet, drawn uniformly per tunable;
 * gives up after many draws when few points are valid. */
static void random_points(search *s)
{
    unsigned state = 0x9e3779b9u;
    int x[ALGO_MAX_TUNABLES] = {0};
    for (int draws = 0; draws < 200 * TUNE_RANDOM && s->out->nrandom < TUNE_RANDOM; draws++) {
        for (int t = 0; t < s->a->ntunables; t++) {
            const algo_tunable *tn = &s->a->tunables[t];
            x[t] = algo_tune_code(tn, tn->values[next_random(&state) % (unsigned)tn->nvalues]);
        }
        if (!runnable(s, x) || seen(s, x))
            continue;
        if (!try_point(s, x))
            return;
        s->out->nrandom++;
    }
}

/* One pass of coordinate descent from the best point so far. */
static void descend(search *s)
{
    int cur[ALGO_MAX_TUNABLES] = {0};
    int w = runner_fastest(s->cand, s->out->ncand);
    if (w >= 0)
        memcpy(cur, s->out->tune[w], sizeof cur);
    for (int t = 0; t < s->a->ntunables && !s->out->out_of_time; t++) {
        const algo_tunable *tn = &s->a->tunables[t];
        for (int v = 0; v < tn->nvalues; v++) {
            int x[ALGO_MAX_TUNABLES];
            memcpy(x, cur, sizeof cur);
            x[t] = algo_tune_code(tn, tn->values[v]);
            if (!runnable(s, x) || seen(s, x))
                continue;
            if (!try_point(s, x))
                break;
        }
        /* Later tunables start from the best point found so far. */
        w = runner_fastest(s->cand, s->out->ncand);
        if (w >= 0)
            memcpy(cur, s->out->tune[w], sizeof cur);
    }
}

void tune_search(const algo_desc *a, size_t max_wg, double deadline_ms, double (*now_ms)(void),
                 tune_check_fn check, tune_eval_fn eval, void *arg, result *cand,
                 tune_outcome *out)
{
    memset(out, 0, sizeof *out);
    search s = {a, max_wg, deadline_ms, now_ms, check, eval, arg, cand, out};
    int defaults[ALGO_MAX_TUNABLES] = {0};
    try_point(&s, defaults);
    if (space_size(a) > TUNE_SMALL_SPACE)
        random_points(&s);
    if (!out->out_of_time)
        descend(&s);
    /* The final: the defaults and the leader run once more, side by side, and
     * each keeps its better time. The leader must beat the defaults by
     * TUNE_MIN_GAIN to win, so noise alone never replaces them. */
    int lead = runner_fastest(cand, out->ncand);
    double lead_ms = lead >= 0 ? cand[lead].t.median : 0;
    out->defaults = runner_fastest(cand, 1);
    out->defaults_ms = out->defaults == 0 ? cand[0].t.median : 0;
    int rerun[2] = {0, lead}, nrerun = lead > 0 ? 2 : 1;
    for (int j = 0; j < nrerun && !out->out_of_time; j++) {
        int again = out->ncand;
        if (!try_point(&s, out->tune[rerun[j]]))
            break;
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
