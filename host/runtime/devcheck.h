/* devcheck.h - the self-check a device passes before a sweep trusts it: it
 * builds and runs a kernel whose answer is known, measures the cost of an
 * empty launch on the host clock, and checks the device's profiling events
 * against the host's monotonic clock on a kernel long enough to time well.
 * `convbench devices` shows the outcome; `--device all` skips a device that
 * fails; every session uses launch_ms in its per-case timer check. */
#ifndef CONVBENCH_DEVCHECK_H
#define CONVBENCH_DEVCHECK_H

#include "clrt.h"
#include "timing.h"

typedef struct devcheck {
    int ok;                /* built, ran, and wrote the known answer */
    char why[512];         /* !ok: what failed; else "" */
    double launch_ms;      /* median host time of an empty kernel, enqueue to finished */
    timing_source timer;   /* the clock a long kernel's time is trusted from */
    char timer_why[320];   /* when timer is not TIMING_EVENTS: what disagreed */
    double event_ms, host_ms; /* that kernel's time by its event and by the host */
} devcheck;

/* Runs the check on ctx's device (a fraction of a second on a CPU) and fills
 * *out, whether the device passes or not. */
void devcheck_run(clrt_ctx *ctx, devcheck *out);

/* One line for people: "ok; launch 0.012 ms; timer: events (20.1 ms vs host
 * 20.3 ms)" or the reason it failed. */
void devcheck_format(const devcheck *c, char *buf, size_t len);

#endif
