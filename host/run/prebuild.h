/* prebuild.h - the programs a sweep needs, built before any timing starts, in
 * parallel.
 *
 * PoCL builds one program at a time in a process, so a sweep's compiles
 * (most of a first run's time) run in child processes instead: the parent
 * starts its own command line again in K children (K = the cores, at most
 * PREBUILD_MAX), child j taking cases j, j + K, ... It prepares every
 * algorithm of its cases (each program built, and stored in the program
 * cache) and runs each once, untimed and unverified (PoCL compiles a kernel's
 * work-group function at its first launch, into its own cache). It writes no
 * CSV, no table, no tuning. The parent waits for all of them, idle, then runs
 * the sweep, whose builds now come from the caches: no compile overlaps a
 * timed kernel of any process. A child that fails costs nothing but time: the
 * parent builds what is missing itself and reports any error then.
 */
#ifndef CONVBENCH_PREBUILD_H
#define CONVBENCH_PREBUILD_H

#include "config.h"

#include <signal.h>
#include <stdio.h>

#define PREBUILD_MAX 8

/* 1 in a prebuild child: it builds case i when i >= first and
 * (i - first) % k == j. */
int prebuild_child(int *j, int *k, int *first);

/* In a prebuild child: case c as it builds it (one untimed run, nothing
 * verified, no peak, no cold-cache scrub, no dump). */
cfg_case prebuild_child_case(const cfg_case *c);

/* In the parent: builds the programs of cases [first, n) in child processes
 * and waits for them (or for *stop to be set: then it kills them). Prints one
 * line before and one after on f. Returns the number of children that
 * finished cleanly. */
int prebuild_run(int first, int n, volatile sig_atomic_t *stop, FILE *f);

#endif
