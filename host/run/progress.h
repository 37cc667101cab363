/* progress.h - a one-line progress display on stderr for long runs: case i of
 * n, what is running, elapsed time and an estimate of what is left. Shown only
 * when stderr is a terminal; erased before other output. */
#ifndef CONVBENCH_PROGRESS_H
#define CONVBENCH_PROGRESS_H

typedef struct progress {
    int enabled;
    int total, done;             /* cases */
    double t0_ms;
    char what[96];               /* the case being run */
} progress;

/* enabled: 1 shows the line, 0 never, -1 when stderr is a terminal. */
void progress_init(progress *p, int total, int enabled);

/* A new case starts: `done` cases are finished; what names the case. */
void progress_case(progress *p, int done, const char *what);

/* The current case enters a stage; matches run_settings.progress. */
void progress_stage(void *p, const char *algo, const char *stage);

/* Erases the line (before printing a table row). */
void progress_clear(progress *p);

/* Formats seconds as "1:02:03" or "2:03". */
void progress_hms(char *buf, int len, double seconds);

#endif
