/* out_summary.c - network totals per batch size and algorithm. */
#include "out_summary.h"
#include "out_table.h"

#include <stdlib.h>
#include <string.h>

static int cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

/* The distinct values of key over rs, sorted, into out; returns how many. */
static int distinct_batches(const result *rs, int n, int64_t *out)
{
    int m = 0;
    for (int i = 0; i < n; i++) {
        int seen = 0;
        for (int j = 0; j < m && !seen; j++)
            seen = out[j] == rs[i].sh.n;
        if (!seen)
            out[m++] = rs[i].sh.n;
    }
    qsort(out, (size_t)m, sizeof *out, cmp_i64);
    return m;
}

static int distinct_algos(const result *rs, int n, const char **out)
{
    int m = 0;
    for (int i = 0; i < n; i++) {
        int seen = 0;
        for (int j = 0; j < m && !seen; j++)
            seen = strcmp(out[j], rs[i].algo) == 0;
        if (!seen)
            out[m++] = rs[i].algo;
    }
    return m;
}

static void one_batch(FILE *f, const result *rs, int n, int64_t batch, const char **algos,
                      int nalgo)
{
    for (int a = 0; a < nalgo; a++) {
        int layers = 0, ok = 0;
        double ms = 0, flops = 0;
        int64_t convs = 0;
        for (int i = 0; i < n; i++) {
            const result *r = &rs[i];
            if (r->sh.n != batch || strcmp(r->algo, algos[a]) != 0)
                continue;
            layers++;
            convs += r->count;
            flops += (double)r->count * r->m.flops;
            if (r->status == RES_PASS || r->status == RES_UNVERIFIED) {
                ok++;
                ms += (double)r->count * r->t.median;
            }
        }
        if (!layers)
            continue;
        char cover[32];
        snprintf(cover, sizeof cover, "%d/%d", ok, layers);
        if (ok < layers) {
            /* A total that misses layers is not the network's time: say so, give no rate. */
            fprintf(f, "%6lld  %-16s %9s %14.3f %12.3f %10s %10s   (incomplete: %d layers not measured)\n",
                    (long long)batch, algos[a], cover, ms, flops / batch * 1e-9, "-", "-",
                    layers - ok);
        } else {
            fprintf(f, "%6lld  %-16s %9s %14.3f %12.3f %10.1f %10.1f\n", (long long)batch,
                    algos[a], cover, ms, flops / batch * 1e-9, batch * 1e3 / ms,
                    flops / (ms * 1e6));
        }
        (void)convs;
    }
}

void summary_print(FILE *f, const result *rs, int n, const char *title)
{
    if (n == 0)
        return;
    int64_t *batches = malloc((size_t)n * sizeof *batches);
    const char **algos = malloc((size_t)n * sizeof *algos);
    if (!batches || !algos) {
        free(batches);
        free(algos);
        return;
    }
    int nb = distinct_batches(rs, n, batches), na = distinct_algos(rs, n, algos);

    /* Layers and parameters: counted once, from the first batch size's rows of the first algorithm. */
    int64_t layers = 0, convs = 0;
    double params = 0, fc_params = 0;
    for (int i = 0; i < n; i++) {
        if (rs[i].sh.n != batches[0] || strcmp(rs[i].algo, algos[0]) != 0)
            continue;
        layers++;
        convs += rs[i].count;
        params += (double)rs[i].count * (double)rs[i].m.conv_params;
        fc_params += (double)rs[i].count * (double)rs[i].m.fc_params;
    }
    fprintf(f, "\ntotals for %s: %lld layers, %lld convolutions per image "
               "(time = sum over layers of count x median)\n",
            title, (long long)layers, (long long)convs);
    fprintf(f, "%6s  %-16s %9s %14s %12s %10s %10s\n", "batch", "algorithm", "verified",
            "conv time ms", "GFLOP/image", "images/s", "GFLOP/s");
    for (int b = 0; b < nb; b++)
        one_batch(f, rs, n, batches[b], algos, na);
    char p[32], fc[32], ratio[32];
    table_si(p, sizeof p, params);
    table_si(fc, sizeof fc, fc_params);
    table_si(ratio, sizeof ratio, fc_params / params);
    fprintf(f, "parameters of these convolutions: %s; of fully connected layers doing the same "
               "mappings: %s (%sx more)\n", p, fc, ratio);
    free(batches);
    free(algos);
}
