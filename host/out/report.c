/* report.c - one comparison from the reports of several devices. */
#include "report.h"
#include "problem.h"

#include <dirent.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define REP_MAX_DEVICES 16

typedef struct rep_row {
    int dev;
    char case_key[PROB_KEY_MAX + 72]; /* layer and problem key (batch included) */
    char layer[64], shape[128], algo[32];
    int64_t batch, count;
    int ok, peer;                /* verified and timed; a library's algorithm */
    char timer[8];               /* the clock of its time: "events", "host", "none", "" */
    int above_peak;              /* 1: faster than the device's measured peak allows */
    double median, gflops;
} rep_row;

struct rep_data {
    char dev[REP_MAX_DEVICES][320];
    int ndev, base;
    rep_row *rows;
    int n;
};

/* The columns read besides the shape's (prob_fields). */
enum { C_DEVICE, C_HOST, C_LAYER, C_COUNT, C_ALGO, C_PEER, C_STATUS, C_MEDIAN, C_GFLOPS, N_NEEDED };
static const char *const needed[N_NEEDED] = {"device", "host",   "layer",     "count", "algorithm",
                                             "peer",   "status", "median_ms", "gflops"};

/* A device as the files name it: platform, device and driver (one device
 * under two drivers is two columns), and the host it ran on. */
typedef struct rep_pair {
    char platform[128], dev[256], driver[128], host[128];
} rep_pair;

static int same_pair(const rep_pair *a, const rep_pair *b)
{
    return strcmp(a->platform, b->platform) == 0 && strcmp(a->dev, b->dev) == 0 &&
           strcmp(a->driver, b->driver) == 0 && strcmp(a->host, b->host) == 0;
}

/* The index of x in pairs, added when new; -1 when full. */
static int pair_index(rep_pair *pairs, int *n, const rep_pair *x)
{
    for (int i = 0; i < *n; i++)
        if (same_pair(&pairs[i], x))
            return i;
    if (*n == REP_MAX_DEVICES)
        return -1;
    pairs[*n] = *x;
    return (*n)++;
}

/* Gives each pair its column, labelled "PLATFORM/DEVICE" (convbench's device
 * id; the device alone where a file predates the platform column), with the
 * driver when the same device appears under several drivers and the host when
 * on several hosts; rows then point at columns. */
static void label_columns(rep_data *d, const rep_pair *pairs, int npairs)
{
    int col[REP_MAX_DEVICES];
    for (int p = 0; p < npairs; p++) {
        int drivers = 0, hosts = 0;
        for (int q = 0; q < npairs; q++) {
            int same_dev = strcmp(pairs[q].platform, pairs[p].platform) == 0 &&
                           strcmp(pairs[q].dev, pairs[p].dev) == 0;
            drivers += same_dev && strcmp(pairs[q].driver, pairs[p].driver) != 0;
            hosts += same_dev && strcmp(pairs[q].host, pairs[p].host) != 0;
        }
        char label[320];
        int n = snprintf(label, sizeof label, "%s%s%s", pairs[p].platform,
                         pairs[p].platform[0] ? "/" : "", pairs[p].dev);
        if (drivers && n > 0 && (size_t)n < sizeof label)
            n += snprintf(label + n, sizeof label - (size_t)n, " (driver %s)", pairs[p].driver);
        if (hosts && n > 0 && (size_t)n < sizeof label)
            snprintf(label + n, sizeof label - (size_t)n, " @ %s", pairs[p].host);
        col[p] = d->ndev;
        snprintf(d->dev[d->ndev++], sizeof d->dev[0], "%s", label);
    }
    for (int i = 0; i < d->n; i++)
        d->rows[i].dev = col[d->rows[i].dev];
}

/* The column --baseline names, as --device names devices: a column's label
 * (any case), else a substring of exactly one label. Returns it, or -1 with
 * the labels (all, or those that match) in err. */
static int find_baseline(const rep_data *d, const char *sel, char *err, size_t errlen)
{
    int matches = 0, first = -1;
    for (int i = 0; i < d->ndev; i++) {
        if (strcasecmp(d->dev[i], sel) == 0)
            return i;
        if (strcasestr(d->dev[i], sel) && matches++ == 0)
            first = i;
    }
    if (matches == 1)
        return first;
    int o = matches ? snprintf(err, errlen, "--baseline '%s' matches %d devices; name one:", sel,
                               matches)
                    : snprintf(err, errlen, "--baseline '%s' matches none of the devices:", sel);
    for (int i = 0; i < d->ndev && o > 0 && (size_t)o < errlen; i++)
        if (!matches || strcasestr(d->dev[i], sel))
            o += snprintf(err + o, errlen - (size_t)o, " '%s'", d->dev[i]);
    return -1;
}

rep_data *rep_load(const csv_table *t, int n, const char *baseline, notes *warn, char *err,
                   size_t errlen)
{
    rep_data *d = calloc(1, sizeof *d);
    int total = 0;
    for (int f = 0; f < n; f++)
        total += t[f].nrows;
    if (!d || !(d->rows = calloc((size_t)total + 1, sizeof *d->rows))) {
        snprintf(err, errlen, "out of memory");
        rep_free(d);
        return NULL;
    }
    rep_pair pairs[REP_MAX_DEVICES];
    int npairs = 0;
    for (int f = 0; f < n; f++) {
        int col[N_NEEDED], scol[PROB_NFIELDS];
        if (csvr_prob_cols(&t[f], scol, err, errlen) ||
            csvr_cols(&t[f], needed, N_NEEDED, col, err, errlen)) {
            rep_free(d);
            return NULL;
        }
        int chosen = csvr_col(&t[f], "chosen"), platform = csvr_col(&t[f], "platform"),
            driver = csvr_col(&t[f], "driver"), timer = csvr_col(&t[f], "timer"),
            above = csvr_col(&t[f], "above_peak");
        for (int r = 0; r < t[f].nrows; r++) {
            const char *v[N_NEEDED];
            for (int i = 0; i < N_NEEDED; i++)
                v[i] = csvr_get(&t[f], r, col[i]);
            rep_row *x = &d->rows[d->n];
            /* The pair for now; label_columns makes it a column. */
            rep_pair id;
            snprintf(id.platform, sizeof id.platform, "%s", csvr_get(&t[f], r, platform));
            snprintf(id.dev, sizeof id.dev, "%s", v[C_DEVICE]);
            snprintf(id.driver, sizeof id.driver, "%s", csvr_get(&t[f], r, driver));
            snprintf(id.host, sizeof id.host, "%s", v[C_HOST]);
            if ((x->dev = pair_index(pairs, &npairs, &id)) < 0) {
                snprintf(err, errlen, "more than %d devices", REP_MAX_DEVICES);
                rep_free(d);
                return NULL;
            }
            prob_shape sh;
            char why[160];
            if (csvr_prob(&t[f], r, scol, &sh, why, sizeof why)) {
                notes_addf(warn, "%s:%d: %s; row left out", t[f].path, t[f].line[r], why);
                continue;
            }
            char key[PROB_KEY_MAX];
            prob_key(&sh, key, sizeof key);
            prob_format(&sh, x->shape, sizeof x->shape);
            snprintf(x->layer, sizeof x->layer, "%s", v[C_LAYER]);
            snprintf(x->case_key, sizeof x->case_key, "%s|%s", v[C_LAYER], key);
            const char *ch = csvr_get(&t[f], r, chosen);
            snprintf(x->algo, sizeof x->algo, "%s", ch[0] ? ch : v[C_ALGO]);
            x->batch = sh.n;
            snprintf(x->timer, sizeof x->timer, "%s", csvr_get(&t[f], r, timer));
            x->above_peak = strcmp(csvr_get(&t[f], r, above), "1") == 0;
            x->count = strtoll(v[C_COUNT], NULL, 10);
            x->peer = atoi(v[C_PEER]);
            x->median = strtod(v[C_MEDIAN], NULL);
            x->gflops = strtod(v[C_GFLOPS], NULL);
            x->ok = strcmp(v[C_STATUS], "PASS") == 0 || strcmp(v[C_STATUS], "UNVERIFIED") == 0;
            if (x->ok && !(isfinite(x->median) && x->median > 0 && isfinite(x->gflops) &&
                           x->gflops > 0 && x->count >= 1)) {
                notes_addf(warn,
                           "%s:%d: median_ms '%s', gflops '%s' or count '%s' is not a positive "
                           "finite number; row not reported",
                           t[f].path, t[f].line[r], v[C_MEDIAN], v[C_GFLOPS], v[C_COUNT]);
                x->ok = 0;
            }
            /* "best" repeats its winner's row; the winner itself counts once. */
            if (strcmp(v[C_ALGO], "best") != 0)
                d->n++;
        }
    }
    label_columns(d, pairs, npairs);
    d->base = 0;
    if (baseline && *baseline && (d->base = find_baseline(d, baseline, err, errlen)) < 0) {
        rep_free(d);
        return NULL;
    }
    return d;
}

void rep_free(rep_data *d)
{
    if (!d)
        return;
    free(d->rows);
    free(d);
}

/* A table of text cells, rendered as Markdown or HTML. */
typedef struct cells {
    int ncols, n, cap;
    char **c; /* n cells, each as long as its text (a device label is not cut) */
} cells;

static void cell(cells *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void cell(cells *t, const char *fmt, ...)
{
    if (t->n == t->cap) {
        int cap = t->cap ? 2 * t->cap : 64;
        char **c = realloc(t->c, (size_t)cap * sizeof *t->c);
        if (!c)
            return; /* render stops at the last whole row */
        t->c = c;
        t->cap = cap;
    }
    va_list ap;
    va_start(ap, fmt);
    int len = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    char *text = len >= 0 ? malloc((size_t)len + 1) : NULL;
    if (text) {
        va_start(ap, fmt);
        vsnprintf(text, (size_t)len + 1, fmt, ap);
        va_end(ap);
    }
    t->c[t->n++] = text; /* NULL (out of memory) renders as "?" */
}

static void cells_free(cells *t)
{
    for (int i = 0; i < t->n; i++)
        free(t->c[i]);
    free(t->c);
}

static void html_text(FILE *f, const char *s)
{
    for (; *s; s++)
        switch (*s) {
        case '<': fputs("&lt;", f); break;
        case '>': fputs("&gt;", f); break;
        case '&': fputs("&amp;", f); break;
        case '"': fputs("&quot;", f); break;
        default: fputc(*s, f);
        }
}

/* Renders t; the first row is the header; columns from first_num on are
 * right-aligned numbers. */
static void render(FILE *f, const cells *t, int html, int first_num)
{
    int rows = t->n / t->ncols;
    if (html)
        fputs("<table>\n", f);
    for (int r = 0; r < rows; r++) {
        fputs(html ? "<tr>" : "|", f);
        for (int c = 0; c < t->ncols; c++) {
            const char *s = t->c[r * t->ncols + c] ? t->c[r * t->ncols + c] : "?";
            if (html) {
                fprintf(f, "<%s%s>", r ? "td" : "th", c >= first_num ? " class=n" : "");
                html_text(f, s);
                fprintf(f, "</%s>", r ? "td" : "th");
            } else {
                fprintf(f, " %s |", s);
            }
        }
        fputs(html ? "</tr>\n" : "\n", f);
        if (!html && r == 0) {
            fputs("|", f);
            for (int c = 0; c < t->ncols; c++)
                fputs(c >= first_num ? "---:|" : "---|", f);
            fputs("\n", f);
        }
    }
    if (html)
        fputs("</table>\n", f);
}

static void heading(FILE *f, int html, int level, const char *text)
{
    if (html) {
        fprintf(f, "<h%d>", level);
        html_text(f, text);
        fprintf(f, "</h%d>\n", level);
    } else {
        fprintf(f, "\n%.*s %s\n\n", level, "####", text);
    }
}

static int cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

/* The fastest verified row of case key on device dev (own algorithms only
 * when own is set), or NULL. */
static const rep_row *fastest(const rep_data *d, const char *key, int dev, int own)
{
    const rep_row *best = NULL;
    for (int i = 0; i < d->n; i++) {
        const rep_row *x = &d->rows[i];
        if (x->dev == dev && x->ok && (!own || !x->peer) && strcmp(x->case_key, key) == 0 &&
            (!best || x->median < best->median))
            best = x;
    }
    return best;
}

/* Per layer of one batch size: each device's fastest algorithm, its GFLOP/s and
 * the ratio to the baseline's. */
static void layer_table(FILE *f, const rep_data *d, int64_t batch, int html)
{
    cells t = {.ncols = 3 + d->ndev};
    cell(&t, "layer");
    cell(&t, "shape");
    cell(&t, "count");
    for (int j = 0; j < d->ndev; j++)
        cell(&t, "%s%s: GFLOP/s (algorithm)", d->dev[j], j == d->base ? " (baseline)" : "");
    for (int i = 0; i < d->n; i++) {
        const rep_row *x = &d->rows[i];
        int first = x->batch == batch;
        for (int k = 0; k < i && first; k++)
            first = strcmp(d->rows[k].case_key, x->case_key) != 0;
        if (!first)
            continue;
        cell(&t, "%s", x->layer[0] ? x->layer : "-");
        cell(&t, "%s", x->shape);
        cell(&t, "%lld", (long long)x->count);
        const rep_row *b = fastest(d, x->case_key, d->base, 0);
        for (int j = 0; j < d->ndev; j++) {
            const rep_row *y = fastest(d, x->case_key, j, 0);
            if (!y)
                cell(&t, "-");
            else if (b && j != d->base)
                cell(&t, "%.1f (%s) %.2fx", y->gflops, y->algo, y->gflops / b->gflops);
            else
                cell(&t, "%.1f (%s)", y->gflops, y->algo);
        }
    }
    render(f, &t, html, 2);
    cells_free(&t);
}

/* The network's convolution time on device dev at batch (sum of count x
 * median over its layers) with algorithm algo, or with the fastest of
 * convbench's own per layer when algo is NULL. Sets *layers and *measured. */
static double network_ms(const rep_data *d, int dev, int64_t batch, const char *algo,
                         int *layers, int *measured)
{
    double ms = 0;
    *layers = *measured = 0;
    for (int i = 0; i < d->n; i++) {
        const rep_row *x = &d->rows[i];
        int first = x->dev == dev && x->batch == batch;
        for (int k = 0; k < i && first; k++)
            first = !(d->rows[k].dev == dev && strcmp(d->rows[k].case_key, x->case_key) == 0);
        if (!first)
            continue;
        (*layers)++;
        const rep_row *y = NULL;
        if (!algo)
            y = fastest(d, x->case_key, dev, 1);
        else
            for (int k = 0; k < d->n && !y; k++)
                if (d->rows[k].dev == dev && d->rows[k].ok && strcmp(d->rows[k].algo, algo) == 0 &&
                    strcmp(d->rows[k].case_key, x->case_key) == 0)
                    y = &d->rows[k];
        if (y) {
            (*measured)++;
            ms += (double)y->count * y->median;
        }
    }
    return ms;
}

/* Per device and algorithm at one batch size: the network's convolution time,
 * when every layer was measured, and how it compares with the baseline's. */
static void totals_table(FILE *f, const rep_data *d, int64_t batch, int html)
{
    cells t = {.ncols = 5};
    cell(&t, "device");
    cell(&t, "algorithm");
    cell(&t, "conv time ms");
    cell(&t, "images/s");
    cell(&t, "baseline / this");
    const char **algos = malloc((size_t)(d->n ? d->n : 1) * sizeof *algos);
    for (int j = 0; algos && j < d->ndev; j++) {
        int na = 0;
        for (int i = 0; i < d->n; i++) {
            const rep_row *x = &d->rows[i];
            int seen = x->dev != j || x->batch != batch;
            for (int k = 0; k < na && !seen; k++)
                seen = strcmp(algos[k], x->algo) == 0;
            if (!seen)
                algos[na++] = x->algo;
        }
        /* The fastest of convbench's own algorithms per layer, then each one. */
        for (int a = -1; a < na; a++) {
            const char *algo = a < 0 ? NULL : algos[a];
            int layers, measured, bl, bm;
            double ms = network_ms(d, j, batch, algo, &layers, &measured);
            double base = network_ms(d, d->base, batch, algo, &bl, &bm);
            if (algo && !measured)
                continue;
            cell(&t, "%s", d->dev[j]);
            cell(&t, "%s", algo ? algo : "fastest per layer");
            /* What was not measured is "-", never a 0 that becomes inf. */
            if (!layers || measured < layers) {
                if (layers)
                    cell(&t, "incomplete: %d of %d layers", measured, layers);
                else
                    cell(&t, "-");
                cell(&t, "-");
                cell(&t, "-");
                continue;
            }
            cell(&t, "%.2f", ms);
            cell(&t, "%.1f", (double)batch * 1e3 / ms);
            if (j == d->base)
                cell(&t, "baseline");
            else if (bl && bm == bl && base > 0)
                cell(&t, "%.2fx", base / ms);
            else
                cell(&t, "-");
        }
    }
    free(algos);
    render(f, &t, html, 2);
    cells_free(&t);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Copies every .svg file of dir into f, sorted by name. */
static int embed_svgs(FILE *f, const char *dir, char *err, size_t errlen)
{
    DIR *dp = opendir(dir);
    if (!dp) {
        snprintf(err, errlen, "--plots %s: cannot open the folder", dir);
        return -1;
    }
    char **names = NULL;
    int n = 0, cap = 0;
    struct dirent *e;
    while ((e = readdir(dp))) {
        size_t len = strlen(e->d_name);
        if (len <= 4 || strcmp(e->d_name + len - 4, ".svg") != 0)
            continue;
        if (n == cap) {
            cap = cap ? 2 * cap : 16;
            char **grown = realloc(names, (size_t)cap * sizeof *names);
            if (!grown)
                break;
            names = grown;
        }
        if (!(names[n] = strdup(e->d_name)))
            break;
        n++;
    }
    closedir(dp);
    qsort(names, (size_t)n, sizeof *names, cmp_str);
    for (int i = 0; i < n; i++) {
        char path[4096], buf[65536];
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        FILE *in = fopen(path, "r");
        size_t got;
        fputs("<figure>\n", f);
        /* Skip the XML declaration: inline SVG starts at <svg. */
        int started = 0;
        while (in && (got = fread(buf, 1, sizeof buf - 1, in)) > 0) {
            buf[got] = '\0';
            char *p = started ? buf : strstr(buf, "<svg");
            if (p) {
                started = 1;
                fwrite(p, 1, got - (size_t)(p - buf), f);
            }
        }
        if (in)
            fclose(in);
        fprintf(f, "<figcaption>%s</figcaption></figure>\n", names[i]);
        free(names[i]);
    }
    free(names);
    return 0;
}

/* Per device: how many measured rows each clock timed (convbench's timer
 * check: "host" means the device's profiling events were not trusted) and how
 * many rows ran faster than the device's measured peak allows. */
static void clock_table(FILE *f, const rep_data *d, int html)
{
    cells t = {.ncols = 5};
    cell(&t, "device");
    cell(&t, "timed by events");
    cell(&t, "timed by the host clock");
    cell(&t, "no trustworthy clock");
    cell(&t, "above the measured peak");
    for (int v = 0; v < d->ndev; v++) {
        int ev = 0, host = 0, none = 0, above = 0;
        for (int i = 0; i < d->n; i++) {
            const rep_row *x = &d->rows[i];
            if (x->dev != v)
                continue;
            ev += strcmp(x->timer, "events") == 0;
            host += strcmp(x->timer, "host") == 0;
            none += strcmp(x->timer, "none") == 0;
            above += x->above_peak;
        }
        cell(&t, "%s", d->dev[v]);
        cell(&t, "%d", ev);
        cell(&t, "%d", host);
        cell(&t, "%d", none);
        cell(&t, "%d", above);
    }
    render(f, &t, html, 1);
    cells_free(&t);
}

int rep_write(FILE *f, const rep_data *d, int html, const char *plots_dir, char *err,
              size_t errlen)
{
    int64_t *batches = malloc((size_t)(d->n ? d->n : 1) * sizeof *batches);
    int nb = 0;
    if (!batches) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    for (int i = 0; i < d->n; i++) {
        int seen = 0;
        for (int k = 0; k < nb && !seen; k++)
            seen = batches[k] == d->rows[i].batch;
        if (!seen)
            batches[nb++] = d->rows[i].batch;
    }
    qsort(batches, (size_t)nb, sizeof *batches, cmp_i64);
    if (html)
        fputs("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>convbench report"
              "</title>\n<style>body{font-family:sans-serif;margin:2em}table{border-collapse:"
              "collapse;margin-bottom:1.5em}td,th{border:1px solid #ccc;padding:3px 8px;"
              "font-size:90%}th{background:#eee}td.n{text-align:right}figure{margin:1em 0}"
              "</style></head><body>\n",
              f);
    heading(f, html, 1, "convbench report");
    char line[1024];
    snprintf(line, sizeof line,
             "%d device%s; ratios are to the baseline, %s. A layer's figure is its fastest "
             "verified algorithm (named); GFLOP/s are effective (direct-convolution FLOPs "
             "over the median).",
             d->ndev, d->ndev == 1 ? "" : "s", d->dev[d->base]);
    if (html) {
        fputs("<p>", f);
        html_text(f, line);
        fputs("</p>\n", f);
    } else {
        fprintf(f, "%s\n", line);
    }
    heading(f, html, 2, "Devices: which clock timed them, and implausible rates");
    clock_table(f, d, html);
    for (int b = 0; b < nb; b++) {
        snprintf(line, sizeof line, "Batch %lld: per layer", (long long)batches[b]);
        heading(f, html, 2, line);
        layer_table(f, d, batches[b], html);
        snprintf(line, sizeof line, "Batch %lld: whole network (sum of count x median)",
                 (long long)batches[b]);
        heading(f, html, 2, line);
        totals_table(f, d, batches[b], html);
    }
    free(batches);
    int rc = 0;
    if (html && plots_dir && *plots_dir) {
        heading(f, html, 2, "Charts");
        rc = embed_svgs(f, plots_dir, err, errlen);
    }
    if (html)
        fputs("</body></html>\n", f);
    return rc;
}
