/* runner_time.c - timing a case's runs, and choosing the clock they are
 * reported by. */
#include "runner_priv.h"

#include <stdio.h>

#include "coldcache.h"

/* times runs of a back to back on spans (the caller's list: emptied after,
 * its memory kept), one wait for the last: *ev the sum of their events, *host
 * the wall time from before the first enqueue to the end. Returns 0 or -1. */
static int run_times(const algo_desc *a, void *state, clrt_spans *spans, int times, double *ev,
                     double *host)
{
    double t0 = timing_now_ms();
    int rc = 0;
    for (int i = 0; i < times && rc == 0; i++)
        rc = a->run(state, spans);
    rc = rc || (spans->n && CLRT_CHECK(clWaitForEvents(1, &spans->v[spans->n - 1].last)));
    *host = timing_now_ms() - t0;
    rc = rc || clrt_spans_ms(spans, ev);
    clrt_spans_clear(spans);
    return rc ? -1 : 0;
}

int runner_time_runs(const algo_desc *a, void *state, const timing_policy *pol,
                     struct coldcache *cold, double *ev, double *host, int *reps)
{
    double total = 0;
    *reps = 0;
    clrt_spans spans = {0};
    for (int i = -pol->warmup; i < 0 || timing_more(pol, *reps, total); i++) {
        double ms = 0, wall = 0;
        if ((cold && coldcache_flush(cold)) || run_times(a, state, &spans, 1, &ms, &wall)) {
            clrt_spans_free(&spans);
            return -1;
        }
        if (i >= 0) {
            ev[*reps] = ms;
            host[(*reps)++] = wall;
            total += wall;
        }
    }
    clrt_spans_free(&spans);
    return 0;
}

/* One batch for the batched timer check (timing_batch_fn). */
typedef struct batch_arg {
    const algo_desc *a;
    void *state;
} batch_arg;

static int run_batch(void *arg, int times, double *ev, double *host)
{
    const batch_arg *x = arg;
    clrt_spans spans = {0};
    int rc = run_times(x->a, x->state, &spans, times, ev, host);
    clrt_spans_free(&spans);
    return rc;
}

int runner_choose_clock(const algo_desc *a, void *state, const run_settings *s, double *ev,
                        double *host, int reps, result *r)
{
    char why[300];
    /* Judged first: summarising sorts the samples, which pairs them no more. */
    r->timer = timing_judge(ev, host, reps, s->launch_ms, why, sizeof why);
    if (r->timer != TIMING_EVENTS) {
        batch_arg x = {a, state};
        int times;
        timing_source t = r->timer;
        if (timing_rejudge_batched(run_batch, &x, ev, host, reps, s->launch_ms, &t, &times, why,
                                   sizeof why))
            return -1;
        if (t == TIMING_EVENTS) {
            r->timer = t;
            runner_note(r, "%s", why);
            why[0] = '\0';
        }
    }
    timing_stats e = timing_summarize(ev, reps), h = timing_summarize(host, reps);
    r->host_median = h.median;
    snprintf(r->timer_why, sizeof r->timer_why, "%s", why);
    if (r->timer == TIMING_EVENTS)
        r->t = e;
    else if (r->timer == TIMING_HOST)
        r->t = h;
    if (r->timer != TIMING_EVENTS)
        runner_note(r, "timer=%s: %s", timing_source_name(r->timer), why);
    return 0;
}
