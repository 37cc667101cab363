/* supervise.c - one child process per device for `--device all`. */
#include "supervise.h"
#include "algo.h"
#include "exitcodes.h"
#include "options.h"
#include "fsutil.h"
#include "out_csv.h"
#include "out_db.h"
#include "out_table.h"
#include "runner.h"
#include "session.h"
#include "session_priv.h"

#include <errno.h>
#include <math.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* The parent-to-child protocol, through the environment. */
#define ENV_FD "CONVBENCH_SUPERVISOR_FD"
#define ENV_DEVICE "CONVBENCH_SUPERVISOR_DEVICE"
#define ENV_CSV "CONVBENCH_SUPERVISOR_CSV"
#define ENV_FIRST "CONVBENCH_SUPERVISOR_FIRST_CASE"

static char **saved_argv;

void sup_save_argv(int argc, char **argv)
{
    saved_argv = calloc((size_t)argc + 1, sizeof *saved_argv);
    if (saved_argv)
        memcpy(saved_argv, argv, (size_t)argc * sizeof *argv);
}

int sup_is_child(void)
{
    return getenv(ENV_FD) != NULL;
}

const char *sup_child_device(void)
{
    return sup_is_child() ? getenv(ENV_DEVICE) : NULL;
}

const char *sup_child_csv(void)
{
    return sup_is_child() ? getenv(ENV_CSV) : NULL;
}

int sup_child_first_case(void)
{
    const char *v = sup_is_child() ? getenv(ENV_FIRST) : NULL;
    return v ? atoi(v) : 0;
}

void sup_say(const char *fmt, ...)
{
    const char *v = getenv(ENV_FD);
    if (!v)
        return;
    char line[600];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(line, sizeof line - 1, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    if ((size_t)n > sizeof line - 2)
        n = (int)sizeof line - 2;
    line[n++] = '\n';
    if (write(atoi(v), line, (size_t)n) < 0)
        return; /* the parent is gone: nothing to tell */
}

/* What the parent knows of a running child. */
typedef struct child {
    pid_t pid;
    int fd;                      /* read end of its progress pipe */
    char buf[1024];
    size_t len;
    int ready, case_index;       /* case_index -1 until the first "algo" line */
    char algo[32], skip[600];
} child;

extern char **environ;

/* A child's environment: this process's, less any variables of convbench's
 * child protocols (a supervisor run from a child, a prebuild child's part),
 * plus extra (NULL-terminated; the strings stay the caller's). Built before
 * fork: a child of a process with driver threads may only exec, as a lock
 * another thread held at the fork stays held. NULL when out of memory; free
 * the array only. */
static char **child_env(char *const *extra)
{
    size_t n = 0, x = 0;
    while (environ[n])
        n++;
    while (extra[x])
        x++;
    char **env = calloc(n + x + 1, sizeof *env);
    if (!env)
        return NULL;
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (strncmp(environ[i], "CONVBENCH_SUPERVISOR_", 21) != 0 &&
            strncmp(environ[i], "CONVBENCH_PREBUILD", 18) != 0)
            env[k++] = environ[i];
    for (size_t i = 0; i < x; i++)
        env[k++] = extra[i];
    return env;
}

/* Forks and execs this program's saved command line in env. Returns the pid,
 * or -1. close_fd: a descriptor the child closes first (-1: none). */
static pid_t exec_self(char **env, int close_fd)
{
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0) {
        if (close_fd >= 0)
            close(close_fd);
        execve("/proc/self/exe", saved_argv, env);
        static const char msg[] = "convbench: cannot run /proc/self/exe\n";
        if (write(STDERR_FILENO, msg, sizeof msg - 1) < 0)
            _exit(EXIT_DEVICE);
        _exit(EXIT_DEVICE);
    }
    return pid;
}

pid_t sup_spawn_self(char *const *extra)
{
    char **env = child_env(extra);
    if (!env)
        return -1;
    pid_t pid = exec_self(env, -1);
    free(env);
    return pid;
}

static int start_child(child *c, const clrt_device *d, const char *csv, int first)
{
    int p[2];
    memset(c, 0, sizeof *c);
    c->case_index = -1;
    if (pipe(p))
        return -1;
    /* The four variables that tell the child what to do. */
    char vars[4][5000];
    snprintf(vars[0], sizeof vars[0], "%s=%d", ENV_FD, p[1]);
    snprintf(vars[1], sizeof vars[1], "%s=%s", ENV_DEVICE, d->id);
    snprintf(vars[2], sizeof vars[2], "%s=%s", ENV_CSV, csv);
    snprintf(vars[3], sizeof vars[3], "%s=%d", ENV_FIRST, first);
    char *extra[] = {vars[0], vars[1], vars[2], vars[3], NULL};
    char **env = child_env(extra);
    if (!env) {
        close(p[0]);
        close(p[1]);
        return -1;
    }
    c->pid = exec_self(env, p[0]);
    free(env);
    close(p[1]);
    if (c->pid < 0) {
        close(p[0]);
        return -1;
    }
    c->fd = p[0];
    return 0;
}

/* Takes the complete lines in c->buf. */
static void parse_lines(child *c)
{
    char *nl;
    while ((nl = memchr(c->buf, '\n', c->len)) != NULL) {
        *nl = '\0';
        int idx;
        char name[32];
        if (strcmp(c->buf, "ready") == 0)
            c->ready = 1;
        else if (strncmp(c->buf, "skip ", 5) == 0)
            snprintf(c->skip, sizeof c->skip, "%s", c->buf + 5);
        else if (sscanf(c->buf, "algo %d %31s", &idx, name) == 2) {
            c->case_index = idx;
            snprintf(c->algo, sizeof c->algo, "%s", name);
        }
        size_t used = (size_t)(nl - c->buf) + 1;
        memmove(c->buf, c->buf + used, c->len - used);
        c->len -= used;
    }
    if (c->len == sizeof c->buf) /* a line longer than any the child writes */
        c->len = 0;
}

/* Follows a child until it exits or stalls for timeout_s. Returns its wait
 * status, with *hung set when it was killed for stalling. */
static int follow(child *c, double timeout_s, int *hung)
{
    *hung = 0;
    struct pollfd pfd = {.fd = c->fd, .events = POLLIN};
    int ms = timeout_s > 0 ? (int)(timeout_s * 1000) : -1;
    for (;;) {
        int r = poll(&pfd, 1, ms);
        if (r < 0 && errno == EINTR)
            continue;
        if (r == 0) {
            *hung = 1;
            kill(c->pid, SIGKILL);
            break;
        }
        ssize_t got = read(c->fd, c->buf + c->len, sizeof c->buf - c->len);
        if (got < 0 && errno == EINTR)
            continue;
        if (got <= 0)
            break; /* end of file: the child exited or closed the pipe */
        c->len += (size_t)got;
        parse_lines(c);
    }
    close(c->fd);
    int status = 0;
    while (waitpid(c->pid, &status, 0) < 0 && errno == EINTR)
        ;
    return status;
}

/* The ERROR row of the algorithm a child was running when it died or hung. */
static void error_row(const clrt_device *d, const cfg_case *cs, const opts *s, const char *algo,
                      const char *why, const char *csv)
{
    const algo_desc *a = algo_find(algo);
    if (!a)
        return;
    const prob_metrics *m = &cs->m;
    time_t now = time(NULL);
    struct tm utc;
    gmtime_r(&now, &utc);
    result r;
    session_fill_context(&r, d, &cs->o, m, &utc);
    run_settings rs = session_settings(&cs->o, s, NULL);
    runner_skip(a, &rs, why, &r);
    r.status = RES_ERROR;
    r.above_peak = -1;
    r.peak_gflops = r.peak_gbs = r.pct_peak = r.intensity = NAN;
    session_repro(d, &cs->o, a->name, r.repro, sizeof r.repro);
    table_row(stdout, &r);
    csv_writer w;
    char err[600];
    if (csv_open(&w, csv, err, sizeof err))
        fprintf(stderr, "convbench: cannot write the ERROR row: %s\n", err);
    else if (csv_write(&w, &r))
        fprintf(stderr, "convbench: cannot write the ERROR row: %s\n", w.error);
    csv_close(&w);
    db_writer h;
    if (s->db[0] && db_open(&h, s->db, err, sizeof err))
        fprintf(stderr, "convbench: cannot write the ERROR row: --db: %s\n", err);
    else if (s->db[0] && db_write(&h, &r))
        fprintf(stderr, "convbench: cannot write the ERROR row: --db: %s\n", h.error);
    if (s->db[0])
        db_close(&h);
}

/* Runs every case on d, a child at a time, from case 0 until the cases are
 * done. Returns the exit code of the device's run; sets *usable to 0 (with
 * why) when the device failed its self-check. */
static int run_device(const clrt_device *d, const cfg_case *cases, int n, const opts *s,
                      const char *csv, int *usable, char *why, size_t whylen)
{
    int first = 0, rc = EXIT_OK;
    *usable = 1;
    while (first < n && !session_stop_requested) {
        child c;
        if (start_child(&c, d, csv, first)) {
            snprintf(why, whylen, "cannot start a child process: %s", strerror(errno));
            *usable = 0;
            return EXIT_DEVICE;
        }
        int hung, st = follow(&c, s->case_timeout_s, &hung);
        if (!c.ready) {
            *usable = 0;
            snprintf(why, whylen, "%s",
                     c.skip[0]     ? c.skip
                     : hung        ? "no answer during its self-check (--case-timeout)"
                     : WIFSIGNALED(st) ? "the driver crashed during its self-check"
                                       : "it failed before its self-check ended");
            if (WIFSIGNALED(st) && !hung) {
                size_t k = strlen(why);
                snprintf(why + k, whylen - k, " (%s)", strsignal(WTERMSIG(st)));
            }
            return EXIT_DEVICE;
        }
        if (!hung && WIFEXITED(st)) {
            int code = WEXITSTATUS(st);
            return code > rc ? code : rc;
        }
        /* Died or hung after its self-check but before any case (measuring
         * its peak): a new child would do the same, so the device is done. */
        if (!c.algo[0] || c.case_index < first || c.case_index >= n) {
            *usable = 0;
            snprintf(why, whylen, "%s after its self-check, before its first case",
                     hung ? "no answer (--case-timeout)" : "the driver crashed");
            return EXIT_DEVICE;
        }
        /* Died or hung inside a case: that algorithm's row is an ERROR, and a
         * new child goes on from the next case. */
        char msg[300];
        if (hung)
            snprintf(msg, sizeof msg,
                     "no progress for %.0f s (--case-timeout): the process was killed; the "
                     "sweep went on from the next case", s->case_timeout_s);
        else
            snprintf(msg, sizeof msg,
                     "the process died (%s) in this case, inside the driver or the kernel; the "
                     "sweep went on from the next case",
                     strsignal(WIFSIGNALED(st) ? WTERMSIG(st) : 0));
        fprintf(stderr, "convbench: %s: %s\n", d->id, msg);
        int at = c.case_index;
        error_row(d, &cases[at], s, c.algo, msg, csv);
        rc = EXIT_DEVICE;
        first = at + 1;
    }
    return session_stop_requested ? SESSION_INTERRUPTED : rc;
}

static void on_signal(int sig)
{
    (void)sig;
    session_stop_requested = 1; /* the children got it too; each finishes its case */
}

int sup_run_all(const cfg_case *cases, int n, const opts *s)
{
    clrt_device *devs;
    int ndev;
    if (!saved_argv || clrt_list_devices(&devs, &ndev))
        return EXIT_DEVICE;
    char csv[4096];
    if (s->csv[0])
        snprintf(csv, sizeof csv, "%s", s->csv);
    else {
        time_t now = time(NULL);
        struct tm utc;
        gmtime_r(&now, &utc);
        char ts[32];
        strftime(ts, sizeof ts, "%Y%m%d-%H%M%S", &utc);
        snprintf(csv, sizeof csv, "results/all-devices-%s.csv", ts);
    }
    struct stat st;
    if (strcmp(csv, "-") == 0 || (stat(csv, &st) == 0 && !S_ISREG(st.st_mode))) {
        /* Each device's process would write its own header into the stream. */
        fprintf(stderr, "convbench: --device all --csv '%s': the processes of several devices "
                        "append to one CSV; give a regular file\n", csv);
        free(devs);
        return EXIT_USAGE;
    }
    if (fs_mkparents(csv)) {
        fprintf(stderr, "convbench: --csv: cannot create the folder of '%s': %s\n", csv,
                strerror(errno));
        free(devs);
        return EXIT_USAGE;
    }
    printf("devices: %d, each in its own process, one after the other; csv: %s\n", ndev, csv);
    session_stop_requested = 0;
    struct sigaction sa = {.sa_handler = on_signal}, old_int, old_term;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, &old_int);
    sigaction(SIGTERM, &sa, &old_term);
    int worst = EXIT_OK, usable_count = 0;
    char (*why)[600] = calloc((size_t)ndev, sizeof *why);
    int *usable = calloc((size_t)ndev, sizeof *usable);
    for (int i = 0; why && usable && i < ndev && !session_stop_requested; i++) {
        printf("\n==== device %d of %d: %s (driver %s)\n", i + 1, ndev, devs[i].id,
               devs[i].driver);
        fflush(stdout);
        int rc = run_device(&devs[i], cases, n, s, csv, &usable[i], why[i], sizeof why[i]);
        if (!usable[i]) {
            printf("skipped %s: %s\n", devs[i].id, why[i]);
            continue;
        }
        usable_count++;
        if (rc == SESSION_INTERRUPTED || (worst != SESSION_INTERRUPTED && rc > worst))
            worst = rc;
    }
    sigaction(SIGINT, &old_int, NULL);
    sigaction(SIGTERM, &old_term, NULL);
    printf("\ndevices:\n");
    for (int i = 0; why && usable && i < ndev; i++)
        printf("  %-60s %s\n", devs[i].id, usable[i] ? "ran" : why[i]);
    if (usable_count == 0 && !session_stop_requested) {
        fprintf(stderr, "convbench: --device all: no device passed its self-check\n");
        worst = EXIT_DEVICE;
    }
    printf("csv: %s\n", csv);
    free(why);
    free(usable);
    free(devs);
    return session_stop_requested ? SESSION_INTERRUPTED : worst;
}
