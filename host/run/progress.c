/* progress.c - the progress line. */
#include "progress.h"
#include "timing.h"

#include <stdio.h>
#include <unistd.h>

void progress_init(progress *p, int total, int enabled)
{
    p->enabled = enabled < 0 ? isatty(STDERR_FILENO) : enabled;
    p->total = total;
    p->done = 0;
    p->t0_ms = timing_now_ms();
    p->what[0] = '\0';
}

void progress_hms(char *buf, int len, double seconds)
{
    long s = (long)(seconds + 0.5);
    if (s >= 3600)
        snprintf(buf, (size_t)len, "%ld:%02ld:%02ld", s / 3600, s / 60 % 60, s % 60);
    else
        snprintf(buf, (size_t)len, "%ld:%02ld", s / 60, s % 60);
}

void progress_case(progress *p, int done, const char *what)
{
    p->done = done;
    snprintf(p->what, sizeof p->what, "%s", what);
}

void progress_stage(void *arg, const char *algo, const char *stage)
{
    progress *p = arg;
    if (!p->enabled)
        return;
    double elapsed = (timing_now_ms() - p->t0_ms) / 1e3;
    char el[32], left[32] = "?";
    progress_hms(el, sizeof el, elapsed);
    /* The average case so far predicts the rest: rough, but honest about it. */
    if (p->done > 0)
        progress_hms(left, sizeof left, elapsed / p->done * (p->total - p->done));
    fprintf(stderr, "\r\033[K[%d/%d] %s %s: %s  elapsed %s, ~%s left", p->done + 1, p->total,
            p->what, algo, stage, el, left);
    fflush(stderr);
}

void progress_clear(progress *p)
{
    if (p->enabled) {
        fputs("\r\033[K", stderr);
        fflush(stderr);
    }
}
