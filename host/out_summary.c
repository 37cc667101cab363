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
            /* timer none: verified, but no clock could time it: unmeasured. */
            if ((r->status == RES_PASS || r->status == RES_UNVERIFIED) &&
                r->timer != TIMING_NONE) {
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

/* The selection row of layer at batch, or NULL. */
static const result *best_row(const result *rs, int n, const char *layer, int64_t batch)
{
    for (int i = 0; i < n; i++)
        if (rs[i].sh.n == batch && rs[i].selection &&
            strcmp(rs[i].layer, layer) == 0)
            return &rs[i];
    return NULL;
}

/* For a selection policy ("best"): which algorithm won each layer at each
 * batch size, and how many layers each won. */
static void best_winners(FILE *f, const result *rs, int n, const int64_t *batches, int nb)
{
    int any = 0;
    for (int i = 0; i < n && !any; i++)
        any = rs[i].selection;
    if (!any)
        return;
    fprintf(f, "\nbest: the algorithm that won each layer\n%-20s", "layer");
    for (int b = 0; b < nb; b++)
        fprintf(f, " batch %-10lld", (long long)batches[b]);
    fputc('\n', f);
    for (int i = 0; i < n; i++) {
        const result *r = &rs[i];
        if (!r->selection)
            continue;
        int seen = 0; /* each layer once, at its first best row */
        for (int j = 0; j < i && !seen; j++)
            seen = rs[j].selection && strcmp(rs[j].layer, r->layer) == 0;
        if (seen)
            continue;
        char name[32];
        fprintf(f, "%-20s", table_fit(name, sizeof name, r->layer[0] ? r->layer : "-", 20));
        for (int b = 0; b < nb; b++) {
            const result *x = best_row(rs, n, r->layer, batches[b]);
            fprintf(f, " %-16s", !x ? "" : x->chosen[0] ? x->chosen : res_status_name(x->status));
        }
        fputc('\n', f);
    }
    for (int b = 0; b < nb; b++) {
        const char *names[64];
        int wins[64], k = 0;
        for (int i = 0; i < n; i++) {
            if (rs[i].sh.n != batches[b] || !rs[i].selection || !rs[i].chosen[0])
                continue;
            int j = 0;
            while (j < k && strcmp(names[j], rs[i].chosen) != 0)
                j++;
            if (j == k && k < 64) {
                names[k] = rs[i].chosen;
                wins[k++] = 0;
            }
            if (j < k)
                wins[j]++;
        }
        fprintf(f, "wins at batch %lld:", (long long)batches[b]);
        for (int j = 0; j < k; j++)
            fprintf(f, " %s %d%s", names[j], wins[j], j + 1 < k ? "," : "\n");
        if (!k)
            fprintf(f, " none\n");
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
    best_winners(f, rs, n, batches, nb);
    free(batches);
    free(algos);
}
