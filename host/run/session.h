/* session.h - runs a list of cases on one device: the table on stdout as cases
 * finish, one CSV row per case written before the next starts, a progress
 * line, totals at the end. Ctrl-C (SIGINT) or SIGTERM stops after the current
 * case. Shared by `convbench run` and `convbench --sweep`. */
#ifndef CONVBENCH_SESSION_H
#define CONVBENCH_SESSION_H

#include <stdio.h>

#include "config.h"

/* Exit status of an interrupted session, as shells report a SIGINT death. */
#define SESSION_INTERRUPTED 130

/* Runs the n cases with the session settings s (device, CSV, dump folder,
 * cache). title, when not NULL, heads the network totals printed at the end.
 * Returns the process exit code (exitcodes.h, and SESSION_INTERRUPTED). */
int session_run(const cfg_case *cases, int n, const opts *s, const char *title);

/* Tunes the n cases: for each distinct shape and each chosen algorithm with
 * tunable parameters, searches them (tune.h) within s->budget_s seconds, every
 * candidate verified, and stores each winner in the tuning database (s->tune_db
 * or the device's default) as soon as it is found. Every candidate is a row of
 * the table and the CSV. Returns the exit code, as session_run. */
int session_tune(const cfg_case *cases, int n, const opts *s);

/* Prints the cases without running them: shape, count, algorithms, FLOPs and
 * device memory. Returns EXIT_OK, or EXIT_USAGE for an unknown algorithm. */
int session_dry_run(FILE *f, const cfg_case *cases, int n);

#endif
