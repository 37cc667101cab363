/* session_case.c - one case of a session through its algorithms: tuned
 * parameters, the runner, "best", and the tuner's search on the case. */
#include "session_priv.h"
#include "algo.h"
#include "supervise.h"
#include "timing.h"
#include "tune.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* What every algorithm of one case shares: host tensors, settings, reproducer. */
typedef struct case_ctx {
    const cfg_case *c;
    int index;           /* in the session's list of cases */
    run_settings rs;
    run_case rcase;
    int fits;
    char why[256];       /* why nothing can run, when !fits */
    opts repro;          /* the case as run */
    char prefix[400];    /* of --dump files */
} case_ctx;

static void case_begin(session *ss, const cfg_case *c, const opts *s, int index, case_ctx *cc)
{
    const opts *o = &c->o;
    char err[1024], shape[128], what[200];
    memset(cc, 0, sizeof *cc);
    cc->c = c;
    cc->index = index;
    prob_format(&o->sh, shape, sizeof shape);
    snprintf(what, sizeof what, "%s%s%s", o->layer, o->layer[0] ? " " : "", shape);
    progress_case(&ss->prog, index, what);
    cc->rs = session_settings(o, s, &ss->prog);
    cc->rs.launch_ms = ss->check.launch_ms;
    if (o->cold_cache && ss->cold_state == 0)
        ss->cold_state = coldcache_init(&ss->cold, &ss->ctx) ? -1 : 1;
    cc->rs.cold = o->cold_cache && ss->cold_state == 1 ? &ss->cold : NULL;
    /* A case whose tensors cannot fit the device is skipped before any host
     * memory is spent on it. */
    cc->rcase.m = c->m;
    cc->fits = runner_fits_device(&ss->dev, &c->m, 0, 0, cc->why, sizeof cc->why);
    if (cc->fits && o->cold_cache && ss->cold_state < 0) {
        snprintf(cc->why, sizeof cc->why, "--cold-cache: the scrub kernel could not run: %s",
                 clrt_last_error());
        cc->fits = 0;
    }
    if (cc->fits && runner_case_init(&cc->rcase, &o->sh, &c->m, &cc->rs, err, sizeof err)) {
        snprintf(cc->why, sizeof cc->why, "%s", err);
        cc->fits = 0;
    }
    cc->repro = *o;
    /* Each case its own --dump files: the layer, the shape, and what else
     * changes the data (the fill, the seed); the algorithm names the output. */
    char key[PROB_KEY_MAX];
    prob_key(&o->sh, key, sizeof key);
    snprintf(cc->prefix, sizeof cc->prefix, "%s%s%s-%s-seed%lld-", o->layer, o->layer[0] ? "-" : "",
             key, vfy_fill_names[o->fill], (long long)o->seed);
}

/* The tunables a runs with on shape sh (into tune) and where they come from:
 * --params, the tuning database, or the defaults. A database entry that no
 * longer parses (kernels changed since tuning) falls back to the defaults
 * with a warning in note. */
static const char *choose_params(const session *ss, const opts *o, const algo_desc *a,
                                 int *tune, char *note, size_t notelen)
{
    memset(tune, 0, ALGO_MAX_TUNABLES * sizeof *tune);
    if (!a->ntunables)
        return "";
    char err[512];
    if (o->params[0] && algo_parse_params(a, o->params, 1, tune, err, sizeof err) == 0)
        return "--params"; /* checked against every chosen algorithm up front */
    char key[PROB_KEY_MAX];
    prob_key(&o->sh, key, sizeof key);
    const tdb_entry *e = tdb_find(&ss->db, a->name, key);
    if (!e)
        return "default";
    if (algo_parse_params(a, e->params, 0, tune, err, sizeof err) == 0)
        return "tuning-db";
    snprintf(note, notelen, "tuning database entry ignored: %s", err);
    return "default";
}

/* The row's reproducer: the case with the algorithm and the parameters it ran. */
static void set_repro(const session *ss, const opts *repro, result *r)
{
    opts o = *repro;
    snprintf(o.params, sizeof o.params, "%s", r->params);
    session_repro(&ss->dev, &o, r->algo, r->repro, sizeof r->repro);
}

/* Runs one algorithm on the case (or skips it) into r. */
static void run_algo(session *ss, case_ctx *cc, const algo_desc *a, result *r)
{
    session_fill_context(r, &ss->dev, &cc->c->o, &cc->rcase.m, &ss->utc);
    session_repro(&ss->dev, &cc->repro, a->name, r->repro, sizeof r->repro);
    if (!cc->fits) {
        runner_skip(a, &cc->rs, cc->why, r);
        return;
    }
    int tune[ALGO_MAX_TUNABLES];
    char warn[600] = "";
    sup_say("algo %d %s", cc->index, a->name);
    const char *from = choose_params(ss, &cc->c->o, a, tune, warn, sizeof warn);
    runner_run(&ss->ctx, &cc->rcase, a, tune, &cc->rs, cc->prefix, r);
    snprintf(r->params_from, sizeof r->params_from, "%s", r->params[0] ? from : "");
    set_repro(ss, &cc->repro, r);
    if (warn[0]) {
        size_t n = strlen(r->note);
        snprintf(r->note + n, sizeof r->note - n, "%s%s", n ? "; " : "", warn);
    }
}

/* "best": every own algorithm of the case (reusing rows already run for it,
 * done[0..ndone)), the fastest verified one reported as algorithm "best".
 * Candidates that fail or err are emitted as rows of their own, so a broken
 * kernel is never hidden behind a winner. */
static void run_best(session *ss, case_ctx *cc, const result *done, int ndone, result *r)
{
    const algo_desc *best = algo_find("best");
    result *cand = calloc((size_t)algo_count(), sizeof *cand);
    int ncand = 0;
    for (int i = 0; cand && i < algo_count(); i++) {
        const algo_desc *a = algo_at(i);
        if (a->peer)
            continue;
        result *x = &cand[ncand++];
        int reused = 0;
        for (int j = 0; j < ndone && !reused; j++)
            if (strcmp(done[j].algo, a->name) == 0) {
                *x = done[j];
                reused = 1;
            }
        if (!reused) {
            run_algo(ss, cc, a, x);
            if (x->status == RES_FAIL || x->status == RES_ERROR)
                session_emit(ss, x);
        }
    }
    int win = cand ? runner_fastest(cand, ncand) : -1;
    if (win >= 0) {
        *r = cand[win];
        snprintf(r->chosen, sizeof r->chosen, "%s", cand[win].algo);
        size_t n = (size_t)snprintf(r->note, sizeof r->note, "fastest of:");
        for (int i = 0; i < ncand && n < sizeof r->note; i++) {
            if (cand[i].status == RES_PASS || cand[i].status == RES_UNVERIFIED)
                n += (size_t)snprintf(r->note + n, sizeof r->note - n, " %s %.3f ms%s",
                                      cand[i].algo, cand[i].t.median, i + 1 < ncand ? "," : "");
            else
                n += (size_t)snprintf(r->note + n, sizeof r->note - n, " %s %s%s",
                                      cand[i].algo, res_status_name(cand[i].status),
                                      i + 1 < ncand ? "," : "");
        }
    } else {
        session_fill_context(r, &ss->dev, &cc->c->o, &cc->rcase.m, &ss->utc);
        runner_skip(best, &cc->rs, cc->fits ? "no algorithm ran and verified on this case" : cc->why,
                    r);
    }
    snprintf(r->algo, sizeof r->algo, "%s", best->name);
    r->selection = 1;
    session_repro(&ss->dev, &cc->repro, best->name, r->repro, sizeof r->repro);
    free(cand);
}

void session_run_case(session *ss, const cfg_case *c, const opts *s, int index)
{
    const algo_desc *algos[MAX_ALGOS];
    char err[1024];
    int nalgo = algo_parse_list(c->o.algo, algos, MAX_ALGOS, err, sizeof err); /* checked */
    case_ctx cc;
    case_begin(ss, c, s, index, &cc);
    /* Real algorithms first, so "best" reuses what they measured. */
    int first = ss->nres;
    for (int pass = 0; pass < 2; pass++)
        for (int a = 0; a < nalgo; a++) {
            if (algos[a]->pseudo != pass)
                continue;
            result *r = &ss->results[ss->nres++];
            if (pass == 0)
                run_algo(ss, &cc, algos[a], r);
            else
                run_best(ss, &cc, ss->results + first, ss->nres - 1 - first, r);
            session_emit(ss, r);
        }
    runner_case_free(&cc.rcase);
}

/* A candidate of the tuner: run, verified, timed, and written as a row. */
typedef struct tune_arg {
    session *ss;
    case_ctx *cc;
    const algo_desc *a;
} tune_arg;

static int tune_check(void *p, int *tune)
{
    tune_arg *t = p;
    char why[256];
    if (t->a->canonical)
        t->a->canonical(t->a, &t->ss->dev, &t->cc->c->o.sh, &t->cc->rcase.m, tune);
    return !t->a->check || t->a->check(t->a, &t->ss->dev, &t->cc->c->o.sh, &t->cc->rcase.m, tune,
                                       why, sizeof why);
}

static void tune_eval(void *p, const int *tune, result *r)
{
    tune_arg *t = p;
    case_ctx *cc = t->cc;
    session_fill_context(r, &t->ss->dev, &cc->c->o, &cc->rcase.m, &t->ss->utc);
    sup_say("algo %d %s", cc->index, t->a->name);
    runner_run(&t->ss->ctx, &cc->rcase, t->a, tune, &cc->rs, cc->prefix, r);
    snprintf(r->params_from, sizeof r->params_from, "candidate");
    set_repro(t->ss, &cc->repro, r);
    session_emit(t->ss, r);
}

void session_tune_case(session *ss, const cfg_case *c, const opts *s, int index)
{
    char key[128], err[1024];
    prob_key(&c->o.sh, key, sizeof key);
    for (int i = 0; i < ss->ntuned; i++)
        if (strcmp(ss->tuned[i], key) == 0) {
            progress_clear(&ss->prog);
            printf("%s: same shape as a layer tuned above\n", c->o.layer[0] ? c->o.layer : key);
            return;
        }
    snprintf(ss->tuned[ss->ntuned++], sizeof ss->tuned[0], "%s", key);
    const algo_desc *algos[MAX_ALGOS];
    int nalgo = algo_parse_list(c->o.algo, algos, MAX_ALGOS, err, sizeof err); /* checked */
    case_ctx cc;
    case_begin(ss, c, s, index, &cc);
    /* Enough runs to rank candidates, few enough to try many. */
    if (cc.rs.timing.min_ms > 50)
        cc.rs.timing.min_ms = 50;
    if (cc.rs.timing.min_reps > 3)
        cc.rs.timing.min_reps = 3;
    result *cand = calloc(TUNE_MAX_CANDIDATES, sizeof *cand);
    tune_outcome *out = malloc(sizeof *out);
    for (int a = 0; cand && out && a < nalgo && cc.fits && !session_stop_requested; a++) {
        /* The functions that run this direction: backward passes have their
         * own tunables, or none. */
        algo_desc via;
        const algo_desc *al = algo_resolve(algos[a], &c->o.sh, &via);
        char why[256];
        if (al->pseudo || !al->ntunables ||
            !algo_can_run(al, &ss->dev, &c->o.sh, &cc.rcase.m, why, sizeof why))
            continue;
        tune_arg arg = {ss, &cc, al};
        tune_search(al, ss->dev.max_wg_size, ss->case_deadline_ms, timing_now_ms, tune_check, tune_eval,
                    &arg, cand, out);
        progress_clear(&ss->prog);
        if (out->winner < 0) {
            printf("=> %s on %s: no candidate verified; nothing stored\n", al->name, key);
            continue;
        }
        if (out->ncand < 2) { /* the defaults alone: nothing was tuned */
            printf("=> %s on %s: budget spent before any other candidate ran; nothing "
                   "stored\n", al->name, key);
            continue;
        }
        const result *w = &cand[out->winner], *d = &cand[out->defaults < 0 ? 0 : out->defaults];
        int d_ok = out->defaults >= 0;
        tdb_entry e;
        snprintf(e.algo, sizeof e.algo, "%s", al->name);
        snprintf(e.shape, sizeof e.shape, "%s", key);
        snprintf(e.params, sizeof e.params, "%s", w->params);
        e.ms = out->winner_ms;
        e.default_ms = d_ok ? out->defaults_ms : out->winner_ms;
        printf("=> %s%s%s: %s %.3f ms; defaults (%s) %.3f ms: %.2fx, %d candidates (%d "
               "random)%s\n",
               c->o.layer, c->o.layer[0] ? " " : "", al->name, w->params, e.ms, d->params, e.default_ms,
               d_ok ? e.default_ms / e.ms : NAN, out->ncand, out->nrandom,
               out->out_of_time ? " (budget spent: search cut short)" : "");
        char err[1200];
        if (tdb_store(&ss->db, ss->db_path, &ss->dev, &e, err, sizeof err))
            fprintf(stderr, "convbench tune: the winner is not stored: %s\n", err);
    }
    free(out);
    free(cand);
    runner_case_free(&cc.rcase);
}
