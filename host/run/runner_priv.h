/* runner_priv.h - what the runner's files share (runner.c runs a case through
 * them): none of it is for other modules. */
#ifndef CONVBENCH_RUNNER_PRIV_H
#define CONVBENCH_RUNNER_PRIV_H

#include "runner.h"

/* Appends to r->note, "; "-separated (cut at the note's size). */
void runner_note(result *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Computes rc's reference outputs (all, or the sampled ones) once per case:
 * the costly part of verification. Returns 0, or -1 out of host memory. */
int runner_reference(run_case *rc, const run_settings *s);

/* Checks a's output out (fp32, logical order) against the reference and sets
 * r's status (PASS, FAIL; UNVERIFIED under --verify none; ERROR out of
 * memory), errors and tolerance; prints the worst outputs of a FAIL. */
void runner_verify(run_case *rc, const algo_desc *a, const run_settings *s, const float *out,
                   result *r);

/* Writes the case's tensors, a's output and the reference as .npy files under
 * s->dump_dir, named with prefix; a failed write is noted in r. */
void runner_dump(const run_case *rc, const algo_desc *a, const run_settings *s,
                 const char *prefix, const float *out, result *r);

/* Warm-up, then timed runs of a (its prepared state) by the policy, each timed
 * by its profiling events (ev) and by the host clock from before its enqueue
 * to its end (host), in ms, both with room for pol->max_reps. The policy runs
 * on the host clock. Returns 0 with *reps set, or -1 (reported). */
int runner_time_runs(const algo_desc *a, void *state, const timing_policy *pol,
                     struct coldcache *cold, double *ev,
                     double *host, int *reps);

/* Sets r's times from the clock the timer check trusts for reps runs (ev and
 * host as runner_time_runs left them; it reorders them): the events, else the
 * host's, else none; events the per-run check refused are checked again on
 * batches of a's runs (timing_rejudge_batched). Returns 0, or -1 when a batch
 * run fails (reported). */
int runner_choose_clock(const algo_desc *a, void *state, const run_settings *s, double *ev,
                        double *host, int reps, result *r);

#endif
