/* out_table.c - the stdout table. */
#include "out_table.h"

#include <math.h>
#include <string.h>

#define FMT_HEAD "%-18s %-30s %-21s %-10s %9s %-6s %9s %7s %8s %12s %7s %16s %8s %16s\n"
#define FMT_ROW  "%-18s %-30s %-21s %-10s %9s %-6s %9s %7s %8s %12s %7s %16s %8s %16s\n"

void table_si(char *buf, size_t len, double x)
{
    static const char suffix[] = " KMGTPE";
    int i = 0;
    while (fabs(x) >= 999.5 && i < 6) {
        x /= 1000;
        i++;
    }
    if (i == 0)
        snprintf(buf, len, "%.3g", x);
    else
        snprintf(buf, len, "%.3g%c", x, suffix[i]);
}

const char *table_fit(char *buf, size_t len, const char *s, int width)
{
    size_t n = strlen(s);
    if (n <= (size_t)width)
        snprintf(buf, len, "%s", s);
    else
        snprintf(buf, len, "%.*s~", width - 1, s);
    return buf;
}

void table_header(FILE *f)
{
    fprintf(f, FMT_HEAD, "layer", "shape", "algo", "status", "median ms", "clock", "GFLOP/s", "%peak", "rel err",
            "build ms", "params", "FC params", "GFLOP", "FC GFLOP");
}

static void num(char *buf, size_t len, const char *fmt, double v)
{
    if (isnan(v))
        snprintf(buf, len, "-");
    else
        snprintf(buf, len, fmt, v);
}

void table_row(FILE *f, const result *r)
{
    char shape[128], ms[32], gf[32], pct[32], err[32], build[32], par[32], fcp[64], fl[32], fcf[64], a[24],
        b[24];
    prob_format(&r->sh, shape, sizeof shape);
    if (strcmp(r->cache, "cold") == 0) /* --cold-cache is part of the case, beside its shape */
        snprintf(shape + strlen(shape), sizeof shape - strlen(shape), " cold");
    num(ms, sizeof ms, "%.3f", r->t.median);
    num(gf, sizeof gf, "%.1f", r->gflops);
    num(pct, sizeof pct, r->above_peak == 1 ? "%.0f%%!" : "%.0f%%", r->pct_peak);
    num(err, sizeof err, "%.1e", r->max_rel_err);
    num(build, sizeof build, r->cache_hit ? "%.0f cached" : "%.0f", r->compile_ms);
    table_si(par, sizeof par, (double)r->m.conv_params);
    table_si(a, sizeof a, (double)r->m.fc_params);
    table_si(b, sizeof b, (double)r->m.fc_params / (double)r->m.conv_params);
    snprintf(fcp, sizeof fcp, "%s (%sx)", a, b);
    snprintf(fl, sizeof fl, "%.4g", r->m.flops * 1e-9);
    table_si(a, sizeof a, r->m.fc_flops * 1e-9);
    snprintf(fcf, sizeof fcf, "%s (%.3gx)", a, r->m.fc_flops / r->m.flops);
    char algo[48];
    if (r->chosen[0])
        snprintf(algo, sizeof algo, "%s=%s", r->algo, r->chosen);
    else
        snprintf(algo, sizeof algo, "%s", r->algo);
    char c1[32], c2[32], c3[32];
    fprintf(f, FMT_ROW, table_fit(c1, sizeof c1, r->layer[0] ? r->layer : "-", 18),
            table_fit(c2, sizeof c2, shape, 30), table_fit(c3, sizeof c3, algo, 21),
            res_status_name(r->status),
            ms, r->timer >= 0 ? timing_source_name((timing_source)r->timer) : "-", gf, pct, err, build, par, fcp, fl, fcf);
    /* Parameters other than the defaults are what a reader needs to rerun it. */
    if (r->params[0] && strcmp(r->params_from, "default") != 0)
        fprintf(f, "%19sparams %s (%s)\n", "", r->params, r->params_from);
    if (r->note[0])
        fprintf(f, "%19s%s\n", "", r->note);
    fflush(f);
}

void table_case_header(FILE *f)
{
    fprintf(f, "%-20s %-32s %5s %-16s %10s %10s\n", "layer", "shape", "count", "algorithms",
            "GFLOP", "MiB");
}

void table_case_row(FILE *f, const opts *o, const prob_metrics *m)
{
    char shape[128];
    prob_format(&o->sh, shape, sizeof shape);
    double mib = (double)(m->in_bytes + m->wei_bytes + m->bias_bytes + m->out_bytes) / 1048576.0;
    char c1[32], c2[40], c3[32];
    fprintf(f, "%-20s %-32s %5lld %-16s %10.4g %10.2f\n",
            table_fit(c1, sizeof c1, o->layer[0] ? o->layer : "-", 20),
            table_fit(c2, sizeof c2, shape, 32), (long long)o->count,
            table_fit(c3, sizeof c3, o->algo, 16), m->flops * 1e-9, mib);
}
