/* bmf.c - verified rows as Bencher Metric Format JSON. */
#include "bmf.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "problem.h"

typedef struct bench {
    char name[PROB_KEY_MAX + 800];
    double median, min, upper, flops; /* ms, ms, ms, FLOPs */
} bench;

static void json_string(FILE *f, const char *s)
{
    fputc('"', f);
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\')
            fprintf(f, "\\%c", c);
        else if (c < 0x20)
            fprintf(f, "\\u%04x", c);
        else
            fputc(c, f);
    }
    fputc('"', f);
}

static void measure(FILE *f, const char *name, double value, double lower, double upper, int last)
{
    fprintf(f, "    ");
    json_string(f, name);
    fprintf(f, ": {\"value\": %.9g, \"lower_value\": %.9g, \"upper_value\": %.9g}%s\n", value,
            lower, upper, last ? "" : ",");
}

static int by_name(const void *a, const void *b)
{
    return strcmp(((const bench *)a)->name, ((const bench *)b)->name);
}

int bmf_write(FILE *out, const csv_table *t, int n, char *err, size_t errlen)
{
    int total = 0;
    for (int i = 0; i < n; i++)
        total += t[i].nrows;
    bench *b = calloc((size_t)(total ? total : 1), sizeof *b);
    if (!b) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    int m = 0;
    for (int i = 0; i < n; i++) {
        const char *names[] = {"layer", "algorithm", "device", "status", "median_ms", "min_ms",
                               "mean_ms", "stddev_ms", "conv_flops"};
        int col[9], pcol[PROB_NFIELDS];
        if (csvr_cols(&t[i], names, 9, col, err, errlen) ||
            csvr_prob_cols(&t[i], pcol, err, errlen)) {
            free(b);
            return -1;
        }
        for (int r = 0; r < t[i].nrows; r++) {
            prob_shape sh;
            char why[256], key[PROB_KEY_MAX];
            const char *layer = csvr_get(&t[i], r, col[0]);
            double med = strtod(csvr_get(&t[i], r, col[4]), NULL);
            if (strcmp(csvr_get(&t[i], r, col[3]), "PASS") != 0 || !(med > 0) ||
                csvr_prob(&t[i], r, pcol, &sh, why, sizeof why))
                continue;
            prob_key(&sh, key, sizeof key);
            bench *x = &b[m++];
            snprintf(x->name, sizeof x->name, "%s %s %s @ %s", layer[0] ? layer : "-", key,
                     csvr_get(&t[i], r, col[1]), csvr_get(&t[i], r, col[2]));
            x->median = med;
            x->min = strtod(csvr_get(&t[i], r, col[5]), NULL);
            x->upper = strtod(csvr_get(&t[i], r, col[6]), NULL) +
                       strtod(csvr_get(&t[i], r, col[7]), NULL);
            if (!(x->min > 0) || x->min > med)
                x->min = med;
            if (!(x->upper >= med))
                x->upper = med;
            x->flops = strtod(csvr_get(&t[i], r, col[8]), NULL);
        }
    }
    qsort(b, (size_t)m, sizeof *b, by_name);
    int k = 0; /* one per name: the fastest median */
    for (int i = 0; i < m; i++) {
        if (k && strcmp(b[k - 1].name, b[i].name) == 0) {
            if (b[i].median < b[k - 1].median)
                b[k - 1] = b[i];
        } else {
            b[k++] = b[i];
        }
    }
    fputs("{\n", out);
    for (int i = 0; i < k; i++) {
        const bench *x = &b[i];
        fputs("  ", out);
        json_string(out, x->name);
        fputs(": {\n", out);
        measure(out, "latency", x->median * 1e6, x->min * 1e6, x->upper * 1e6, 0);
        measure(out, "throughput", x->flops / (x->median * 1e6), x->flops / (x->upper * 1e6),
                x->flops / (x->min * 1e6), 1);
        fprintf(out, "  }%s\n", i + 1 < k ? "," : "");
    }
    fputs("}\n", out);
    free(b);
    return k;
}
