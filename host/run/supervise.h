/* supervise.h - `--device all`: one child process per device, so a driver
 * that crashes or hangs costs one case, not the sweep.
 *
 * The parent re-runs convbench's own command line once per device, telling
 * the child through the environment which device, which CSV, and which case
 * to start at, and reading its progress lines on a pipe:
 *   ready               the device passed its self-check
 *   skip REASON         it did not (the child then exits)
 *   algo I NAME         case I (0-based) starts algorithm NAME
 * A child that dies by a signal, or says nothing for --case-timeout seconds
 * (then it is killed), leaves an ERROR row for the algorithm it was running,
 * and a new child goes on from the next case. */
#ifndef CONVBENCH_SUPERVISE_H
#define CONVBENCH_SUPERVISE_H

#include "config.h"

#include <sys/types.h>

/* Keeps the process's command line (main calls it first) for the children. */
void sup_save_argv(int argc, char **argv);

/* 1 in a child of sup_run_all. */
int sup_is_child(void);

/* In a child: the device it must use (a device id), the CSV it appends to,
 * and the first case it runs; NULL, NULL and 0 elsewhere. */
const char *sup_child_device(void);
const char *sup_child_csv(void);
int sup_child_first_case(void);

/* In a child, a progress line for the parent (printf-style, no newline); does
 * nothing elsewhere. */
void sup_say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Starts this program again with its saved command line (sup_save_argv), in
 * this process's environment less convbench's child-protocol variables, plus
 * extra (NULL-terminated "NAME=VALUE" strings). Returns the child's pid, or -1
 * when it could not be started. */
pid_t sup_spawn_self(char *const *extra);

/* Runs the n cases on every device, one child process each, one after the
 * other, all rows into one CSV (s->csv, or results/all-devices-<time>.csv).
 * Returns the exit code: EXIT_DEVICE when no device passed its self-check
 * (each named with its reason), else the worst of the children's. */
int sup_run_all(const cfg_case *cases, int n, const opts *s);

#endif
