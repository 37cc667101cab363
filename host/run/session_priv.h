/* session_priv.h - what session.c (the loop over cases, the device, the
 * outputs) shares with session_case.c (one case through its algorithms,
 * "best", and the tuner's step). Not for other modules. */
#ifndef CONVBENCH_SESSION_PRIV_H
#define CONVBENCH_SESSION_PRIV_H

#include <signal.h>
#include <time.h>

#include "config.h"
#include "devcheck.h"
#include "out_csv.h"
#include "out_db.h"
#include "coldcache.h"
#include "peak.h"
#include "progress.h"
#include "runner.h"
#include "tunedb.h"

#define MAX_ALGOS 32

/* The state of one session: the device, its outputs, and what has run. */
typedef struct session {
    clrt_device dev;
    clrt_ctx ctx;
    int ctx_ready;
    csv_writer csv;
    db_writer history;           /* --db; history.db is NULL without it */
    coldcache cold;              /* --cold-cache's scrub, built for the first case that asks */
    int cold_state;              /* 0 not built, 1 built, -1 failed */
    struct tm utc;
    progress prog;
    result *results;
    devcheck check;              /* the device's self-check: launch cost, timer verdict */
    int timer_warned;            /* the device's untrusted events were named once */
    peak_info peak;              /* gflops 0: unknown (--no-peak) */
    tunedb db;                   /* empty with --no-tune-db */
    char db_path[4096];          /* where db came from and tune writes it; "" for none */
    /* tune mode */
    int tuning;
    double deadline_ms;          /* timing_now_ms() after which no candidate starts */
    double case_deadline_ms;     /* the same for this case: an equal share of what is left */
    char (*tuned)[128];          /* shape keys tuned in this session */
    int ntuned;
    int nres, write_failed, dump_failed;
    int counts[RES_ERROR + 1];
} session;

/* Set by the first SIGINT/SIGTERM: finish the current case, then stop. */
extern volatile sig_atomic_t session_stop_requested;

/* Clears r and fills where and what: time, version, host, device, the case. */
void session_fill_context(result *r, const clrt_device *d, const opts *o, const prob_metrics *m,
                          const struct tm *utc);

/* The command line that reruns case o with algorithm algo on device d, into
 * buf: the environment d needs (clrt_device_env), then `convbench run` with d
 * named by its id (opts_repro). */
void session_repro(const clrt_device *d, const opts *o, const char *algo, char *buf, size_t len);

/* The runner's settings for case options o under session options s. */
run_settings session_settings(const opts *o, const opts *s, progress *prog);

/* A finished row: counted, printed, written to the CSV before the next starts. */
void session_emit(session *ss, result *r);

/* Case index of the session: each of its algorithms ("best" last, reusing
 * what the others measured), one row each. */
void session_run_case(session *ss, const cfg_case *c, const opts *s, int index);

/* Case index in tune mode: every chosen algorithm with tunables searched
 * (tune.h), each winner stored in the database at once (nothing is lost when
 * a later case fails); a shape tuned earlier in the session is skipped. */
void session_tune_case(session *ss, const cfg_case *c, const opts *s, int index);

#endif
