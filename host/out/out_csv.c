/* out_csv.c - CSV writer driven by one column table. */
#include "out_csv.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

typedef enum {
    C_STR, C_I64, C_INT, C_DBL, C_STATUS, C_SCHEMA, C_TIMER, C_TRI,
    C_DTYPE, C_LAYOUT, C_DIR /* an int written by its enum's names */
} col_type;

typedef struct {
    const char *name;
    col_type type;
    size_t off;
} csv_col;

#define R(field) offsetof(result, field)

static const csv_col cols[] = {
    {"schema", C_SCHEMA, 0},
    {"timestamp", C_STR, R(timestamp)},
    {"convbench_version", C_STR, R(version)},
    {"host", C_STR, R(host)},
    {"platform", C_STR, R(platform)},
    {"device", C_STR, R(device)},
    {"driver", C_STR, R(driver)},
    {"layer", C_STR, R(layer)},
    {"count", C_I64, R(count)},
    {"n", C_I64, R(sh.n)},
    {"c", C_I64, R(sh.c)},
    {"h", C_I64, R(sh.h)},
    {"w", C_I64, R(sh.w)},
    {"k", C_I64, R(sh.k)},
    {"r", C_I64, R(sh.r)},
    {"s", C_I64, R(sh.s)},
    {"stride_h", C_I64, R(sh.stride_h)},
    {"stride_w", C_I64, R(sh.stride_w)},
    {"pad_h", C_I64, R(sh.pad_h)},
    {"pad_w", C_I64, R(sh.pad_w)},
    {"dil_h", C_I64, R(sh.dil_h)},
    {"dil_w", C_I64, R(sh.dil_w)},
    {"groups", C_I64, R(sh.groups)},
    {"bias", C_INT, R(sh.bias)},
    {"dtype", C_DTYPE, R(sh.dtype)},
    {"layout", C_LAYOUT, R(sh.layout)},
    {"direction", C_DIR, R(sh.dir)},
    {"accum", C_DTYPE, R(sh.accum)},
    {"p", C_I64, R(m.p)},
    {"q", C_I64, R(m.q)},
    {"algorithm", C_STR, R(algo)},
    {"peer", C_INT, R(peer)},
    {"status", C_STATUS, R(status)},
    {"reps", C_INT, R(t.reps)},
    {"timer", C_TIMER, R(timer)},
    {"cache", C_STR, R(cache)},
    {"host_median_ms", C_DBL, R(host_median)},
    {"min_ms", C_DBL, R(t.min)},
    {"median_ms", C_DBL, R(t.median)},
    {"mean_ms", C_DBL, R(t.mean)},
    {"stddev_ms", C_DBL, R(t.stddev)},
    {"gflops", C_DBL, R(gflops)},
    {"algo_flops", C_DBL, R(algo_flops)},
    {"peak_gflops", C_DBL, R(peak_gflops)},
    {"peak_gbs", C_DBL, R(peak_gbs)},
    {"pct_peak", C_DBL, R(pct_peak)},
    {"above_peak", C_TRI, R(above_peak)},
    {"intensity", C_DBL, R(intensity)},
    {"bound", C_STR, R(bound)},
    {"conv_params", C_I64, R(m.conv_params)},
    {"conv_flops", C_DBL, R(m.flops)},
    {"fc_params", C_DBL, R(m.fc_params)},
    {"fc_flops", C_DBL, R(m.fc_flops)},
    {"fill", C_STR, R(fill)},
    {"verify", C_STR, R(verify)},
    {"checked", C_I64, R(checked)},
    {"max_abs_err", C_DBL, R(max_abs_err)},
    {"max_rel_err", C_DBL, R(max_rel_err)},
    {"nrmse", C_DBL, R(nrmse)},
    {"tolerance", C_DBL, R(tolerance)},
    {"workspace_bytes", C_I64, R(workspace)},
    {"compile_ms", C_DBL, R(compile_ms)},
    {"cache_hit", C_INT, R(cache_hit)},
    {"prepare_ms", C_DBL, R(prepare_ms)},
    {"library_tuning", C_STR, R(tuning)},
    {"params", C_STR, R(params)},
    {"params_from", C_STR, R(params_from)},
    {"chosen", C_STR, R(chosen)},
    {"note", C_STR, R(note)},
    {"repro", C_STR, R(repro)},
};

#define N_COLS (sizeof cols / sizeof cols[0])

void csv_write_field(FILE *f, const char *s)
{
    if (!strpbrk(s, ",\"\r\n")) {
        fputs(s, f);
        return;
    }
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', f);
        fputc(*s, f);
    }
    fputc('"', f);
}

void csv_write_header(FILE *f)
{
    for (size_t i = 0; i < N_COLS; i++)
        fprintf(f, "%s%s", i ? "," : "", cols[i].name);
    fputc('\n', f);
}

/* Column c of r as text into buf (unquoted; "" when not measured). Returns
 * the column's kind: 'i' integer, 'r' real, 't' text. */
static char cell_text(const result *r, const csv_col *c, char *buf, size_t len)
{
    const char *p = (const char *)r + c->off;
    buf[0] = '\0';
    switch (c->type) {
    case C_SCHEMA: snprintf(buf, len, "%d", CSV_SCHEMA_VERSION); return 'i';
    case C_STR: snprintf(buf, len, "%s", p); return 't';
    case C_I64: snprintf(buf, len, "%lld", (long long)*(const int64_t *)p); return 'i';
    case C_INT: snprintf(buf, len, "%d", *(const int *)p); return 'i';
    case C_STATUS: snprintf(buf, len, "%s", res_status_name(*(const res_status *)p)); return 't';
    case C_DTYPE: snprintf(buf, len, "%s", prob_dtype_names[*(const int *)p]); return 't';
    case C_LAYOUT: snprintf(buf, len, "%s", prob_layout_names[*(const int *)p]); return 't';
    case C_DIR: snprintf(buf, len, "%s", prob_dir_names[*(const int *)p]); return 't';
    case C_TRI:
        if (*(const int *)p >= 0)
            snprintf(buf, len, "%d", *(const int *)p);
        return 'i';
    case C_TIMER:
        if (*(const int *)p >= 0)
            snprintf(buf, len, "%s", timing_source_name((timing_source) * (const int *)p));
        return 't';
    case C_DBL: {
        double v = *(const double *)p;
        if (isfinite(v))
            snprintf(buf, len, "%.9g", v);
        else if (isinf(v))
            snprintf(buf, len, "%s", v > 0 ? "inf" : "-inf");
        /* NaN: not measured, an empty field */
        return 'r';
    }
    }
    return 't';
}

size_t csv_ncols(void)
{
    return N_COLS;
}

const char *csv_col_name(size_t i)
{
    return cols[i].name;
}

char csv_cell(const result *r, size_t i, char *buf, size_t len)
{
    return cell_text(r, &cols[i], buf, len);
}

/* Writes all of buf to fd. Returns 0, or -1 with errno. */
static int write_all(int fd, const char *buf, size_t len)
{
    while (len > 0) {
        ssize_t n = write(fd, buf, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            if (n == 0)
                errno = EIO;
            return -1;
        }
        buf += n;
        len -= (size_t)n;
    }
    return 0;
}

/* The header line, in buf (capacity len). */
static void header_text(char *buf, size_t len)
{
    FILE *mem = fmemopen(buf, len, "w");
    if (mem) {
        csv_write_header(mem);
        fclose(mem);
    }
}

/* The checks of an existing regular file, under the lock: its header and its
 * last byte. Returns 0, or -1 with err. */
static int check_existing(csv_writer *w, off_t size, char *err, size_t errlen)
{
    char want[4096], have[4096] = "";
    header_text(want, sizeof want);
    ssize_t got = pread(w->fd, have, sizeof have - 1, 0);
    if (got < 0) {
        snprintf(err, errlen, "cannot read CSV '%s': %s", w->path, strerror(errno));
        return -1;
    }
    have[got] = '\0';
    if (strncmp(have, want, strlen(want)) != 0) {
        snprintf(err, errlen, "%s:1: the existing header does not match this convbench's columns "
                              "(schema %d); write to a new file with --csv", w->path, CSV_SCHEMA_VERSION);
        return -1;
    }
    char last;
    if (pread(w->fd, &last, 1, size - 1) == 1 && last != '\n') {
        if (write_all(w->fd, "\n", 1)) {
            snprintf(err, errlen, "cannot write CSV '%s': %s", w->path, strerror(errno));
            return -1;
        }
        snprintf(w->warning, sizeof w->warning,
                 "%s did not end with a newline (a row cut short, as a full disk or a killed "
                 "writer leaves); ended it there, so compare and report skip that row",
                 w->path);
    }
    return 0;
}

/* Whether fd is the file standard output writes to. */
static int is_stdout(int fd)
{
    struct stat a, b;
    return fstat(fd, &a) == 0 && fstat(STDOUT_FILENO, &b) == 0 && a.st_dev == b.st_dev &&
           a.st_ino == b.st_ino;
}

int csv_open(csv_writer *w, const char *path, char *err, size_t errlen)
{
    memset(w, 0, sizeof *w);
    w->fd = -1;
    int dash = strcmp(path, "-") == 0;
    snprintf(w->path, sizeof w->path, "%s", dash ? "standard output" : path);
    struct stat st;
    w->regular = !dash && (stat(path, &st) != 0 || S_ISREG(st.st_mode)); /* new, or a file */
    if (dash)
        w->fd = dup(STDOUT_FILENO);
    else if (w->regular)
        w->fd = open(path, O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    else
        w->fd = open(path, O_WRONLY | O_APPEND | O_CLOEXEC); /* never read: it may block */
    if (w->fd < 0) {
        snprintf(err, errlen, "cannot open CSV '%s' for writing: %s", path, strerror(errno));
        return -1;
    }
    if (is_stdout(w->fd) && fflush(stdout) == 0)
        dup2(STDERR_FILENO, STDOUT_FILENO); /* the tables and messages go to stderr */
    if (w->regular && flock(w->fd, LOCK_EX) != 0) {
        snprintf(err, errlen, "cannot lock CSV '%s' (flock): %s", path, strerror(errno));
        csv_close(w);
        return -1;
    }
    int rc = 0;
    if (w->regular && fstat(w->fd, &st) == 0 && st.st_size > 0) {
        rc = check_existing(w, st.st_size, err, errlen);
    } else {
        char head[4096];
        header_text(head, sizeof head);
        if (write_all(w->fd, head, strlen(head))) {
            snprintf(err, errlen, "cannot write CSV '%s': %s", path, strerror(errno));
            rc = -1;
        }
    }
    if (w->regular)
        flock(w->fd, LOCK_UN);
    if (rc)
        csv_close(w);
    return rc;
}

int csv_write(csv_writer *w, const result *r)
{
    char *row = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&row, &len);
    if (!mem) {
        snprintf(w->error, sizeof w->error, "writing %s: out of memory", w->path);
        return -1;
    }
    for (size_t i = 0; i < N_COLS; i++) {
        char cell[4096];
        if (i)
            fputc(',', mem);
        cell_text(r, &cols[i], cell, sizeof cell);
        csv_write_field(mem, cell);
    }
    fputc('\n', mem);
    int rc = fclose(mem) ? -1 : 0;
    struct stat st;
    off_t before = 0;
    /* Under the lock: another process's row may not land between a failed
     * write and the cut that removes it. */
    if (rc == 0 && w->regular && (flock(w->fd, LOCK_EX) || fstat(w->fd, &st)))
        rc = -1;
    before = rc == 0 && w->regular ? st.st_size : 0;
    if (rc == 0 && (write_all(w->fd, row, len) || (w->regular && fsync(w->fd)))) {
        int e = errno;
        int cut = w->regular && ftruncate(w->fd, before) == 0;
        snprintf(w->error, sizeof w->error, "writing %s failed: %s%s", w->path, strerror(e),
                 cut ? "; the file ends at its last complete row"
                     : w->regular ? "; could not cut the partial row" : "");
        rc = -1;
    } else if (rc) {
        snprintf(w->error, sizeof w->error, "writing %s failed: %s", w->path, strerror(errno));
    }
    if (w->regular)
        flock(w->fd, LOCK_UN);
    free(row);
    return rc;
}

void csv_close(csv_writer *w)
{
    if (w->fd >= 0)
        close(w->fd);
    w->fd = -1;
}
