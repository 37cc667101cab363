/* out_csv.c - CSV writer driven by one column table. */
#include "out_csv.h"

#include <errno.h>
#include <math.h>
#include <stddef.h>
#include <string.h>
#include <unistd.h>

typedef enum { C_STR, C_I64, C_INT, C_DBL, C_STATUS, C_SCHEMA, C_TIMER, C_TRI } col_type;

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
    {"p", C_I64, R(m.p)},
    {"q", C_I64, R(m.q)},
    {"algorithm", C_STR, R(algo)},
    {"peer", C_INT, R(peer)},
    {"status", C_STATUS, R(status)},
    {"reps", C_INT, R(t.reps)},
    {"timer", C_TIMER, R(timer)},
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

static void write_cell(FILE *f, const result *r, const csv_col *c)
{
    const char *p = (const char *)r + c->off;
    switch (c->type) {
    case C_SCHEMA: fprintf(f, "%d", CSV_SCHEMA_VERSION); break;
    case C_STR: csv_write_field(f, p); break;
    case C_I64: fprintf(f, "%lld", (long long)*(const int64_t *)p); break;
    case C_INT: fprintf(f, "%d", *(const int *)p); break;
    case C_STATUS: fputs(res_status_name(*(const res_status *)p), f); break;
    case C_TRI: {
        int t = *(const int *)p;
        if (t >= 0)
            fprintf(f, "%d", t);
        break;
    }
    case C_TIMER: {
        int t = *(const int *)p;
        if (t >= 0)
            fputs(timing_source_name((timing_source)t), f);
        break;
    }
    case C_DBL: {
        double v = *(const double *)p;
        if (isfinite(v))
            fprintf(f, "%.9g", v);
        else if (isinf(v))
            fputs(v > 0 ? "inf" : "-inf", f);
        /* NaN: not measured, an empty field */
        break;
    }
    }
}

int csv_open(csv_writer *w, const char *path, char *err, size_t errlen)
{
    memset(w, 0, sizeof *w);
    snprintf(w->path, sizeof w->path, "%s", path);
    w->f = fopen(path, "a+");
    if (!w->f) {
        snprintf(err, errlen, "cannot open CSV '%s' for writing: %s", path, strerror(errno));
        return -1;
    }
    char want[4096], have[4096] = "";
    FILE *mem = fmemopen(want, sizeof want, "w");
    csv_write_header(mem);
    fclose(mem);
    rewind(w->f);
    if (!fgets(have, sizeof have, w->f)) {
        fseek(w->f, 0, SEEK_END);
        csv_write_header(w->f);
        fflush(w->f);
        return 0;
    }
    if (strcmp(have, want) != 0) {
        snprintf(err, errlen, "%s:1: the existing header does not match this convbench's columns "
                              "(schema %d); write to a new file with --csv", path, CSV_SCHEMA_VERSION);
        fclose(w->f);
        w->f = NULL;
        return -1;
    }
    fseek(w->f, 0, SEEK_END);
    return 0;
}

int csv_write(csv_writer *w, const result *r)
{
    for (size_t i = 0; i < N_COLS; i++) {
        if (i)
            fputc(',', w->f);
        write_cell(w->f, r, &cols[i]);
    }
    fputc('\n', w->f);
    if (fflush(w->f) || ferror(w->f))
        return -1;
    fsync(fileno(w->f));
    return 0;
}

void csv_close(csv_writer *w)
{
    if (w->f)
        fclose(w->f);
    w->f = NULL;
}
