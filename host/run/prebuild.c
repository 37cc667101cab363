/* prebuild.c - building a sweep's programs in parallel child processes. */
#include "prebuild.h"
#include "supervise.h"
#include "timing.h"
#include "verify.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define ENV_PART "CONVBENCH_PREBUILD"

int prebuild_child(int *j, int *k, int *first)
{
    const char *v = getenv(ENV_PART);
    return v && sscanf(v, "%d/%d@%d", j, k, first) == 3 && *k > 0 && *j >= 0 && *j < *k &&
           *first >= 0;
}

cfg_case prebuild_child_case(const cfg_case *c)
{
    cfg_case b = *c;
    b.o.verify = VFY_NONE;
    b.o.warmup = 0;
    b.o.min_reps = 1;
    b.o.max_reps = 1;
    b.o.min_ms = 0;
    b.o.cold_cache = 0;
    return b;
}

/* Children for n cases on this machine's cores: none for fewer than 2. */
static int children_for(int cases)
{
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    int k = cores < 1 ? 1 : cores > PREBUILD_MAX ? PREBUILD_MAX : (int)cores;
    return k > cases ? cases : k;
}

int prebuild_run(int first, int n, volatile sig_atomic_t *stop, FILE *f)
{
    int k = children_for(n - first);
    if (k < 2)
        return 0;
    pid_t pids[PREBUILD_MAX];
    int started = 0, clean = 0;
    double t0 = timing_now_ms();
    fprintf(f, "build:  the sweep's programs, in %d processes, before any timing...\n", k);
    fflush(f);
    for (int j = 0; j < k; j++) {
        char part[64];
        snprintf(part, sizeof part, "%s=%d/%d@%d", ENV_PART, j, k, first);
        char *extra[] = {part, NULL};
        pid_t p = sup_spawn_self(extra);
        if (p > 0)
            pids[started++] = p;
    }
    for (int i = 0; i < started; i++) {
        int st;
        while (waitpid(pids[i], &st, 0) < 0) {
            if (errno != EINTR) {
                st = -1;
                break;
            }
            if (*stop)
                for (int m = i; m < started; m++)
                    kill(pids[m], SIGTERM);
        }
        clean += st != -1 && WIFEXITED(st) && WEXITSTATUS(st) == 0;
    }
    fprintf(f, "build:  done in %.1f s (%d of %d processes finished cleanly; the sweep builds "
               "whatever they left)\n\n",
            (timing_now_ms() - t0) / 1e3, clean, k);
    fflush(f);
    return clean;
}
