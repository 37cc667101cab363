/* compare.c - matching two reports and judging each change. */
#include "compare.h"
#include "out_csv.h"
#include "problem.h"
#include "stats.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

const char *cmp_verdict_name(cmp_verdict v)
{
    static const char *const names[] = {"same",       "not significant", "REGRESSION",
                                        "improvement", "unmeasured",      "only in BASE",
                                        "only in NEW"};
    return names[v];
}

/* One measured row of a report, read from its columns. */
typedef struct meas {
    char key[PROB_KEY_MAX + 800]; /* device, layer, problem key and algorithm */
    char case_key[PROB_KEY_MAX + 760]; /* device, layer and problem key: the case, any algorithm */
    char dev[520];               /* platform/device (driver ...): rows of two devices never match */
    char layer[64], shape[128], algo[32];
    int ok;                      /* PASS or UNVERIFIED with a time */
    double median, mean, sd, n;
} meas;

/* The columns read besides the shape's (prob_fields). */
enum { C_SCHEMA, C_LAYER, C_ALGO, C_STATUS, C_REPS, C_MEDIAN, C_MEAN, C_SD, C_MIN, N_NEEDED };
static const char *const needed[N_NEEDED] = {
    "schema", "layer", "algorithm", "status", "reps", "median_ms", "mean_ms", "stddev_ms",
    "min_ms"};

static double num(const char *s)
{
    char *end;
    double v = strtod(s, &end);
    return (end == s || *end) ? NAN : v;
}

/* Reads every row of t into a meas array, each row's time its median (or its
 * minimum with use_min), keyed by its device unless across (then t must hold
 * one device); -1 with err on a missing column, a schema this convbench
 * cannot read, or several devices with across. */
static int read_rows(const csv_table *t, int use_min, int across, meas **out, notes *warn,
                     char *err, size_t errlen)
{
    int dcol[3] = {csvr_col(t, "platform"), csvr_col(t, "device"), csvr_col(t, "driver")};
    int col[N_NEEDED], scol[PROB_NFIELDS];
    if (csvr_prob_cols(t, scol, err, errlen) ||
        csvr_cols(t, needed, N_NEEDED, col, err, errlen))
        return -1;
    meas *m = calloc((size_t)(t->nrows ? t->nrows : 1), sizeof *m);
    if (!m) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    for (int r = 0; r < t->nrows; r++) {
        const char *v[N_NEEDED];
        for (int i = 0; i < N_NEEDED; i++)
            v[i] = csvr_get(t, r, col[i]);
        double sch = num(v[C_SCHEMA]);
        if (!(sch >= 1 && sch <= CSV_SCHEMA_VERSION)) {
            snprintf(err, errlen, "%s:%d: schema '%s'; this convbench reads schemas 1 to %d",
                     t->path, t->line[r], v[C_SCHEMA], CSV_SCHEMA_VERSION);
            free(m);
            return -1;
        }
        prob_shape sh;
        char why[160];
        int shape_ok = csvr_prob(t, r, scol, &sh, why, sizeof why) == 0;
        char key[PROB_KEY_MAX];
        meas *x = &m[r];
        prob_key(&sh, key, sizeof key);
        prob_format(&sh, x->shape, sizeof x->shape);
        snprintf(x->layer, sizeof x->layer, "%s", v[C_LAYER]);
        snprintf(x->algo, sizeof x->algo, "%s", v[C_ALGO]);
        snprintf(x->dev, sizeof x->dev, "%s%s%s%s%s%s", csvr_get(t, r, dcol[0]),
                 dcol[0] >= 0 ? "/" : "", csvr_get(t, r, dcol[1]),
                 dcol[2] >= 0 ? " (driver " : "", csvr_get(t, r, dcol[2]), dcol[2] >= 0 ? ")" : "");
        if (across && r > 0 && strcmp(x->dev, m[0].dev) != 0) {
            snprintf(err, errlen,
                     "%s holds rows of two devices ('%s' and, at line %d, '%s'): "
                     "--across-devices compares files of one device each",
                     t->path, m[0].dev, t->line[r], x->dev);
            free(m);
            return -1;
        }
        snprintf(x->case_key, sizeof x->case_key, "%s|%s|%s", across ? "" : x->dev, v[C_LAYER],
                 key);
        snprintf(x->key, sizeof x->key, "%s|%s", x->case_key, v[C_ALGO]);
        x->median = num(v[use_min ? C_MIN : C_MEDIAN]);
        x->mean = num(v[C_MEAN]);
        x->sd = num(v[C_SD]);
        x->n = num(v[C_REPS]);
        x->ok = strcmp(v[C_STATUS], "PASS") == 0 || strcmp(v[C_STATUS], "UNVERIFIED") == 0;
        if (!shape_ok) {
            notes_addf(warn, "%s:%d: %s; row not compared", t->path, t->line[r], why);
            x->ok = 0;
        }
        /* A measured row's times must be times: a gate must not pass on a run
         * that measured nothing (0), or on garbage (negative, inf, nan). */
        const char *bad = !(isfinite(x->median) && x->median > 0)
                              ? v[use_min ? C_MIN : C_MEDIAN]
                          : !(isfinite(x->mean) && x->mean > 0) ? v[C_MEAN]
                          : !(x->n >= 1)                        ? v[C_REPS]
                                                                : NULL;
        if (x->ok && shape_ok && bad) {
            notes_addf(warn, "%s:%d: %s %s: '%s' is not a positive finite %s; row not compared",
                       t->path, t->line[r], x->layer[0] ? x->layer : x->shape, x->algo, bad,
                       bad == v[C_REPS] ? "count of runs" : "time");
            x->ok = 0;
        }
        if (!(x->sd >= 0))
            x->sd = 0;
    }
    *out = m;
    return 0;
}

/* The row of m (n rows) with key (case_only: with case key and algorithm
 * algo), or NULL. Several such rows are repeated runs appended to one file:
 * the newest counts, or with fastest the one with the shortest time among
 * those measured (each process's fastest run, the fastest of the processes:
 * a slow process, like a slow run, is noise that only adds time). */
static const meas *find(const meas *m, int n, const char *key, int case_only, const char *algo,
                        int fastest)
{
    const meas *pick = NULL;
    for (int i = n - 1; i >= 0; i--) {
        if (case_only ? !(strcmp(m[i].case_key, key) == 0 && strcmp(m[i].algo, algo) == 0)
                      : strcmp(m[i].key, key) != 0)
            continue;
        if (!fastest)
            return &m[i];
        if (!pick || (m[i].ok && (!pick->ok || m[i].median < pick->median)))
            pick = &m[i];
    }
    return pick;
}

/* x divided by the normaliser measured on the same case: the ratio of the
 * medians and of the means, with the standard deviation of a ratio of
 * independent quantities to first order (relative variances add). */
static int normalise(meas *x, const meas *all, int n, const char *by, int fastest)
{
    const meas *d = find(all, n, x->case_key, 1, by, fastest);
    if (!d || !d->ok || !x->ok)
        return -1;
    double rx = x->sd / x->mean, rd = d->sd / d->mean;
    x->median /= d->median;
    x->mean /= d->mean;
    x->sd = x->mean * sqrt(rx * rx + rd * rd);
    x->n = x->n < d->n ? x->n : d->n;
    return 0;
}

/* Files of two schemas compare (the columns a key needs are read by name; the
 * descriptor of an older file reads as fp32, nchw, fwd, fp32); the reader is
 * told, since a newer file may hold problems the older could not. */
static void note_schemas(const csv_table *a, const csv_table *b, notes *warn)
{
    if (!a->nrows || !b->nrows)
        return;
    const char *sa = csvr_get(a, 0, csvr_col(a, "schema"));
    const char *sb = csvr_get(b, 0, csvr_col(b, "schema"));
    if (strcmp(sa, sb) != 0)
        notes_addf(warn, "%s has schema %s and %s schema %s: rows match by their problem; "
                   "a file older than schema 6 holds fp32 nchw forward problems only",
                   a->path, sa, b->path, sb);
}

static void judge(cmp_row *row, const meas *b, const meas *nw, const cmp_settings *s)
{
    row->base_ms = b->median;
    row->new_ms = nw->median;
    row->ratio = nw->median / b->median;
    row->p = stats_welch_p(b->mean, b->sd, b->n, nw->mean, nw->sd, nw->n);
    int big = row->ratio > 1 + s->threshold || row->ratio < 1 / (1 + s->threshold);
    if (!big)
        row->verdict = CMP_SAME;
    else if (!(row->p < s->alpha))
        row->verdict = CMP_NOISE;
    else
        row->verdict = row->ratio > 1 ? CMP_REGRESSION : CMP_IMPROVEMENT;
}

int cmp_run(const csv_table *base, const csv_table *nw, const cmp_settings *s, cmp_result *out,
            char *err, size_t errlen)
{
    memset(out, 0, sizeof *out);
    meas *mb = NULL, *mn = NULL;
    if (read_rows(base, s->use_min, s->across_devices, &mb, &out->warnings, err, errlen) ||
        read_rows(nw, s->use_min, s->across_devices, &mn, &out->warnings, err, errlen)) {
        free(mb);
        free(mn);
        return -1;
    }
    note_schemas(base, nw, &out->warnings);
    int nb = base->nrows, nn = nw->nrows;
    out->rows = calloc((size_t)(nb + nn + 1), sizeof *out->rows);
    if (!out->rows) {
        free(mb);
        free(mn);
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    if (s->normalize_by) {
        int seen = 0;
        for (int i = 0; i < nb && !seen; i++)
            seen = strcmp(mb[i].algo, s->normalize_by) == 0;
        if (!seen) {
            snprintf(err, errlen, "--normalize-by %s: %s has no rows of that algorithm",
                     s->normalize_by, base->path);
            free(mb);
            free(mn);
            return -1;
        }
    }
    /* Normalise copies, so every row divides by the raw normaliser. */
    meas *nbm = malloc((size_t)(nb ? nb : 1) * sizeof *nbm);
    meas *nnm = malloc((size_t)(nn ? nn : 1) * sizeof *nnm);
    if (nbm && nnm) {
        memcpy(nbm, mb, (size_t)nb * sizeof *nbm);
        memcpy(nnm, mn, (size_t)nn * sizeof *nnm);
        for (int i = 0; s->normalize_by && i < nb; i++)
            if (normalise(&nbm[i], mb, nb, s->normalize_by, s->use_min))
                nbm[i].ok = 0;
        for (int i = 0; s->normalize_by && i < nn; i++)
            if (normalise(&nnm[i], mn, nn, s->normalize_by, s->use_min))
                nnm[i].ok = 0;
    }
    for (int i = 0; nbm && nnm && i < nb; i++) {
        if (find(mb, nb, mb[i].key, 0, NULL, s->use_min) != &mb[i])
            continue; /* a duplicate that does not count */
        if (s->normalize_by && strcmp(mb[i].algo, s->normalize_by) == 0)
            continue; /* its own ratio is 1 by construction */
        cmp_row *row = &out->rows[out->n++];
        snprintf(row->dev, sizeof row->dev, "%s", mb[i].dev);
        snprintf(row->layer, sizeof row->layer, "%s", mb[i].layer);
        snprintf(row->shape, sizeof row->shape, "%s", mb[i].shape);
        snprintf(row->algo, sizeof row->algo, "%s", mb[i].algo);
        row->ratio = row->p = row->base_ms = row->new_ms = NAN;
        const meas *x = find(mn, nn, mb[i].key, 0, NULL, s->use_min);
        if (!x)
            row->verdict = CMP_ONLY_BASE;
        else if (!nbm[i].ok || !nnm[x - mn].ok)
            row->verdict = CMP_UNMEASURED;
        else
            judge(row, &nbm[i], &nnm[x - mn], s);
    }
    for (int i = 0; nbm && nnm && i < nn; i++) {
        if (find(mn, nn, mn[i].key, 0, NULL, s->use_min) != &mn[i] ||
            find(mb, nb, mn[i].key, 0, NULL, 0) ||
            (s->normalize_by && strcmp(mn[i].algo, s->normalize_by) == 0))
            continue;
        cmp_row *row = &out->rows[out->n++];
        snprintf(row->dev, sizeof row->dev, "%s", mn[i].dev);
        snprintf(row->layer, sizeof row->layer, "%s", mn[i].layer);
        snprintf(row->shape, sizeof row->shape, "%s", mn[i].shape);
        snprintf(row->algo, sizeof row->algo, "%s", mn[i].algo);
        row->ratio = row->p = row->base_ms = row->new_ms = NAN;
        row->verdict = CMP_ONLY_NEW;
    }
    for (int i = 0; i < out->n; i++)
        out->counts[out->rows[i].verdict]++;
    int rc = (nbm && nnm) ? 0 : -1;
    int judged = out->counts[CMP_SAME] + out->counts[CMP_NOISE] + out->counts[CMP_REGRESSION] +
                 out->counts[CMP_IMPROVEMENT];
    if (rc)
        snprintf(err, errlen, "out of memory");
    else if (!judged) {
        /* Nothing compared is no verdict: a gate must not pass on it. */
        snprintf(err, errlen,
                 "nothing to compare: no measured row of %s (%d rows) matches a measured row of "
                 "%s (%d rows)%s",
                 nw->path, nn, base->path, nb,
                 out->counts[CMP_UNMEASURED] ? "; the matching rows were not measured (see the "
                                               "warnings, or their status)"
                                             : "");
        rc = -1;
    }
    free(nbm);
    free(nnm);
    free(mb);
    free(mn);
    return rc;
}

void cmp_free(cmp_result *r)
{
    free(r->rows);
    notes_free(&r->warnings);
    memset(r, 0, sizeof *r);
}

/* Geometric mean of the measured ratios of algo (NULL: all); *n counts them. */
static double geomean(const cmp_result *r, const char *algo, int *n)
{
    double s = 0;
    *n = 0;
    for (int i = 0; i < r->n; i++) {
        const cmp_row *x = &r->rows[i];
        if (!(x->ratio > 0) || (algo && strcmp(x->algo, algo) != 0))
            continue;
        s += log(x->ratio);
        (*n)++;
    }
    return *n ? exp(s / *n) : NAN;
}

int cmp_regressed(const cmp_result *r, const cmp_settings *s)
{
    if (!s->fail_on_geomean)
        return r->counts[CMP_REGRESSION] > 0;
    for (int i = 0; i < r->n; i++) {
        int k;
        if (geomean(r, r->rows[i].algo, &k) > 1 + s->threshold)
            return 1;
    }
    return 0;
}

static void field(FILE *f, cmp_format fmt, int first, const char *text, int width)
{
    if (fmt == CMP_CSV) {
        if (!first)
            fputc(',', f);
        csv_write_field(f, text);
    } else if (fmt == CMP_MARKDOWN) {
        fprintf(f, "%s %s", first ? "|" : " |", text);
    } else {
        fprintf(f, "%s%-*s", first ? "" : " ", width, text);
    }
}

static void end_line(FILE *f, cmp_format fmt)
{
    fputs(fmt == CMP_MARKDOWN ? " |\n" : "\n", f);
}

void cmp_print(FILE *f, const cmp_result *r, const cmp_settings *s, cmp_format fmt,
               const char *base_path, const char *new_path)
{
    static const char *const head[] = {"layer", "shape",  "algorithm", "base ms",
                                       "new ms", "new/base", "p",       "verdict"};
    static const int width[] = {18, 28, 16, 10, 10, 8, 8, 0};
    const char *unit = s->normalize_by ? "" : " ms";
    if (fmt != CMP_CSV) {
        fprintf(f, "%sBASE %s\n%sNEW  %s\n", fmt == CMP_MARKDOWN ? "    " : "",
                base_path, fmt == CMP_MARKDOWN ? "    " : "", new_path);
        fprintf(f, "%sthreshold %.3g%%, significance level %.3g (Welch's t-test)%s%s%s\n\n",
                fmt == CMP_MARKDOWN ? "    " : "", 100 * s->threshold, s->alpha,
                s->normalize_by ? "; times are ratios to " : "",
                s->normalize_by ? s->normalize_by : "",
                s->normalize_by ? " on the same case and file" : "");
    }
    if (fmt == CMP_CSV)
        field(f, fmt, 1, "device", 0);
    for (int i = 0; i < 8; i++)
        field(f, fmt, i == 0 && fmt != CMP_CSV,
              (i == 3 || i == 4) && s->normalize_by ? (i == 3 ? "base rel" : "new rel") : head[i],
              width[i]);
    end_line(f, fmt);
    if (fmt == CMP_MARKDOWN)
        fputs("|---|---|---|---:|---:|---:|---:|---|\n", f);
    for (int i = 0; i < r->n; i++) {
        const cmp_row *x = &r->rows[i];
        char b[32] = "-", n[32] = "-", q[32] = "-", p[32] = "-";
        /* A file may hold several devices: each one's rows under its name. */
        if (fmt != CMP_CSV && (i == 0 || strcmp(x->dev, r->rows[i - 1].dev) != 0))
            fprintf(f, fmt == CMP_MARKDOWN ? "| **%s** |||||||\n" : "device %s\n",
                    s->across_devices ? "(BASE's and NEW's, --across-devices)" : x->dev);
        if (fmt == CMP_CSV)
            field(f, fmt, 1, x->dev, 0);
        if (x->ratio > 0) {
            snprintf(b, sizeof b, "%.4g", x->base_ms);
            snprintf(n, sizeof n, "%.4g", x->new_ms);
            snprintf(q, sizeof q, "%.3f", x->ratio);
            snprintf(p, sizeof p, "%.2g", x->p);
        }
        const char *cells[] = {x->layer[0] ? x->layer : "-", x->shape, x->algo, b, n, q, p,
                               cmp_verdict_name(x->verdict)};
        for (int c = 0; c < 8; c++)
            field(f, fmt, c == 0 && fmt != CMP_CSV, cells[c], width[c]);
        end_line(f, fmt);
    }
    if (fmt == CMP_CSV)
        return;
    fprintf(f, "\ngeometric mean of new/base%s:\n", unit[0] ? " (time)" : " (relative time)");
    for (int i = 0; i < r->n; i++) {
        int seen = 0, k;
        for (int j = 0; j < i && !seen; j++)
            seen = strcmp(r->rows[j].algo, r->rows[i].algo) == 0;
        double g = seen ? NAN : geomean(r, r->rows[i].algo, &k);
        if (!seen && k)
            fprintf(f, "%s  %-18s %.3f over %d cases%s\n", fmt == CMP_MARKDOWN ? "   " : "",
                    r->rows[i].algo, g, k,
                    s->fail_on_geomean && g > 1 + s->threshold ? "  REGRESSION" : "");
    }
    int k;
    double g = geomean(r, NULL, &k);
    fprintf(f, "%s  %-18s %.3f over %d cases\n", fmt == CMP_MARKDOWN ? "   " : "", "overall", g,
            k);
    const int *c = r->counts;
    fprintf(f,
            "\n%s%d regressions, %d improvements, %d same, %d not significant, %d unmeasured, "
            "%d only in BASE, %d only in NEW\n",
            fmt == CMP_MARKDOWN ? "    " : "", c[CMP_REGRESSION], c[CMP_IMPROVEMENT],
            c[CMP_SAME], c[CMP_NOISE], c[CMP_UNMEASURED], c[CMP_ONLY_BASE], c[CMP_ONLY_NEW]);
}
