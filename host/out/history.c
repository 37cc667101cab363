/* history.c - series from the results database, with change points. */
#include "history.h"

#include <regex.h>
#include <stdlib.h>
#include <string.h>

#include "changepoint.h"
#include "problem.h"
#include "tokens.h"

typedef struct point {
    char series[PROB_KEY_MAX + 800]; /* device | layer | key | algorithm */
    long run;
    int row;
    double ms;
} point;

static int by_series_then_run(const void *a, const void *b)
{
    const point *x = a, *y = b;
    int c = strcmp(x->series, y->series);
    return c ? c : (x->run > y->run) - (x->run < y->run);
}

/* Whether algo is one of the n names (n < 0: all). */
static int algo_wanted(char *const *names, int n, const char *algo)
{
    for (int i = 0; i < n; i++)
        if (strcmp(names[i], algo) == 0)
            return 1;
    return n < 0;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The level of a segment: its median, which one slow run does not move. */
static double median_of(const point *p, int n)
{
    double *v = malloc((size_t)n * sizeof *v);
    if (!v)
        return p[0].ms;
    for (int i = 0; i < n; i++)
        v[i] = p[i].ms;
    qsort(v, (size_t)n, sizeof *v, cmp_double);
    double m = n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    free(v);
    return m;
}

/* Prints one series p[0..n) with its change points. */
static void print_series(FILE *out, const csv_table *t, const point *p, int n, const int *col,
                         const char *stat)
{
    fprintf(out, "%s  (%d runs)\n", p[0].series, n);
    double *x = malloc((size_t)n * sizeof *x);
    int *at = malloc((size_t)n * sizeof *at);
    int ncp = 0;
    if (x && at) {
        for (int i = 0; i < n; i++)
            x[i] = p[i].ms;
        cp_settings s = cp_defaults();
        ncp = cp_edivisive(x, n, &s, at, n);
        if (ncp < 0)
            ncp = 0;
    }
    fprintf(out, "  %5s  %-20s  %-24s  %10s\n", "run", "time", "revision", stat);
    int seg = 0, start = 0;
    for (int i = 0; i < n; i++) {
        fprintf(out, "  %5ld  %-20s  %-24s  %10.4f", p[i].run, csvr_get(t, p[i].row, col[0]),
                csvr_get(t, p[i].row, col[1]), p[i].ms);
        if (seg < ncp && at[seg] == i) {
            int end = seg + 1 < ncp ? at[seg + 1] : n;
            double before = median_of(p + start, i - start), after = median_of(p + i, end - i);
            fprintf(out, "  <- change: level %.4g -> %.4g ms (%+.1f%%)", before, after,
                    100 * (after / before - 1));
            start = i;
            seg++;
        }
        fputc('\n', out);
    }
    fputc('\n', out);
    free(x);
    free(at);
}

int hist_print(FILE *out, const csv_table *t, const hist_filter *f, char *err, size_t errlen)
{
    const char *names[] = {"run", "device", "layer", "algorithm", "status", "timestamp",
                           "convbench_version", f->use_min ? "min_ms" : "median_ms"};
    int col[8], pcol[PROB_NFIELDS];
    if (csvr_cols(t, names, 8, col, err, errlen) || csvr_prob_cols(t, pcol, err, errlen))
        return -1;
    regex_t re;
    int filter = f->layer_re && f->layer_re[0];
    if (filter && regcomp(&re, f->layer_re, REG_EXTENDED | REG_NOSUB)) {
        snprintf(err, errlen, "--layer '%s': not a valid regular expression", f->layer_re);
        return -1;
    }
    /* --algo's names, split once by the project's tokenizer. */
    char list[256], *algos[TOKENS_MAX];
    snprintf(list, sizeof list, "%s", f->algos);
    int nalgos = strcmp(list, "all") == 0 ? -1 : tokens_split(list, algos, TOKENS_MAX);
    point *p = calloc((size_t)(t->nrows ? t->nrows : 1), sizeof *p);
    if (!p) {
        snprintf(err, errlen, "out of memory");
        if (filter)
            regfree(&re);
        return -1;
    }
    int n = 0;
    for (int r = 0; r < t->nrows; r++) {
        const char *layer = csvr_get(t, r, col[2]), *algo = csvr_get(t, r, col[3]);
        const char *ms = csvr_get(t, r, col[7]);
        prob_shape sh;
        char why[256], shape[256];
        if (strcmp(csvr_get(t, r, col[4]), "PASS") != 0 || !ms[0] ||
            (filter && regexec(&re, layer, 0, NULL, 0) != 0) || !algo_wanted(algos, nalgos, algo) ||
            csvr_prob(t, r, pcol, &sh, why, sizeof why))
            continue;
        prob_format(&sh, shape, sizeof shape);
        snprintf(p[n].series, sizeof p[n].series, "%s | %s | %s | %s", csvr_get(t, r, col[1]),
                 layer[0] ? layer : "-", shape, algo);
        p[n].run = strtol(csvr_get(t, r, col[0]), NULL, 10);
        p[n].row = r;
        p[n].ms = strtod(ms, NULL);
        n++;
    }
    if (filter)
        regfree(&re);
    qsort(p, (size_t)n, sizeof *p, by_series_then_run);
    /* One point per run: its fastest. */
    int m = 0;
    for (int i = 0; i < n; i++) {
        if (m && strcmp(p[m - 1].series, p[i].series) == 0 && p[m - 1].run == p[i].run) {
            if (p[i].ms < p[m - 1].ms)
                p[m - 1] = p[i];
        } else {
            p[m++] = p[i];
        }
    }
    int series = 0;
    for (int i = 0; i < m;) {
        int j = i;
        while (j < m && strcmp(p[j].series, p[i].series) == 0)
            j++;
        print_series(out, t, p + i, j - i, col + 5, names[7]);
        series++;
        i = j;
    }
    free(p);
    return series;
}
