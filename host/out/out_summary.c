/* out_summary.c - network totals per descriptor, batch size and algorithm. */
#include "out_summary.h"
#include "out_table.h"

#include <stdlib.h>
#include <string.h>

static int cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

/* The distinct batch sizes of rs, sorted, into out; returns how many. */
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

/* One row of each distinct descriptor (data type, layout, direction,
 * accumulation), in order of appearance: a sweep over --dtype fp32,fp16 is
 * two networks, whose times must not be summed together. */
static int distinct_descs(const result *rs, int n, const prob_shape **out)
{
    int m = 0;
    for (int i = 0; i < n; i++) {
        int seen = 0;
        for (int j = 0; j < m && !seen; j++)
            seen = prob_same_desc(out[j], &rs[i].sh);
        if (!seen)
            out[m++] = &rs[i].sh;
    }
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

/* 1 when r is one of the rows of the network run at batch with desc's descriptor. */
static int in_group(const result *r, int64_t batch, const prob_shape *desc)
{
    return r->sh.n == batch && prob_same_desc(&r->sh, desc);
}

static void one_group(FILE *f, const result *rs, int n, int64_t batch, const prob_shape *desc,
                      const char **algos, int nalgo)
{
    char data[48];
    prob_format_desc(desc, data, sizeof data);
    for (int a = 0; a < nalgo; a++) {
        int layers = 0, ok = 0;
        double ms = 0, flops = 0;
        for (int i = 0; i < n; i++) {
            const result *r = &rs[i];
            if (!in_group(r, batch, desc) || strcmp(r->algo, algos[a]) != 0)
                continue;
            layers++;
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
        fprintf(f, "%6lld  %-17s %-16s %9s %14.3f %12.3f", (long long)batch, data, algos[a],
                cover, ms, flops / batch * 1e-9);
        if (ok < layers) /* a total that misses layers is not the network's time: no rate */
            fprintf(f, " %10s %10s   (incomplete: %d layers not measured)\n", "-", "-",
                    layers - ok);
        else
            fprintf(f, " %10.1f %10.1f\n", batch * 1e3 / ms, flops / (ms * 1e6));
    }
}

/* The selection row of layer in the network run at batch with desc, or NULL. */
static const result *best_row(const result *rs, int n, const char *layer, int64_t batch,
                              const prob_shape *desc)
{
    for (int i = 0; i < n; i++)
        if (in_group(&rs[i], batch, desc) && rs[i].selection && strcmp(rs[i].layer, layer) == 0)
            return &rs[i];
    return NULL;
}

/* How many layers each algorithm won in the network run at batch with desc. */
static void best_wins(FILE *f, const result *rs, int n, int64_t batch, const prob_shape *desc)
{
    const char *names[64];
    int wins[64], k = 0;
    for (int i = 0; i < n; i++) {
        if (!in_group(&rs[i], batch, desc) || !rs[i].selection || !rs[i].chosen[0])
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
    char data[48];
    prob_format_desc(desc, data, sizeof data);
    fprintf(f, "wins at batch %lld, %s:", (long long)batch, data);
    for (int j = 0; j < k; j++)
        fprintf(f, " %s %d%s", names[j], wins[j], j + 1 < k ? "," : "\n");
    if (!k)
        fprintf(f, " none\n");
}

/* For a selection policy ("best"): which algorithm won each layer at each
 * batch size, per descriptor, and how many layers each won. */
static void best_winners(FILE *f, const result *rs, int n, const int64_t *batches, int nb,
                         const prob_shape *const *descs, int nd)
{
    int any = 0;
    for (int i = 0; i < n && !any; i++)
        any = rs[i].selection;
    if (!any)
        return;
    fprintf(f, "\nbest: the algorithm that won each layer\n%-20s %-17s", "layer", "data");
    for (int b = 0; b < nb; b++)
        fprintf(f, " batch %-10lld", (long long)batches[b]);
    fputc('\n', f);
    for (int d = 0; d < nd; d++) {
        char data[48];
        prob_format_desc(descs[d], data, sizeof data);
        for (int i = 0; i < n; i++) {
            const result *r = &rs[i];
            if (!r->selection || !prob_same_desc(&r->sh, descs[d]))
                continue;
            int seen = 0; /* each layer once, at its first best row */
            for (int j = 0; j < i && !seen; j++)
                seen = rs[j].selection && prob_same_desc(&rs[j].sh, descs[d]) &&
                       strcmp(rs[j].layer, r->layer) == 0;
            if (seen)
                continue;
            char name[32];
            fprintf(f, "%-20s %-17s", table_fit(name, sizeof name, r->layer[0] ? r->layer : "-", 20),
                    data);
            for (int b = 0; b < nb; b++) {
                const result *x = best_row(rs, n, r->layer, batches[b], descs[d]);
                fprintf(f, " %-16s",
                        !x ? "" : x->chosen[0] ? x->chosen : res_status_name(x->status));
            }
            fputc('\n', f);
        }
    }
    for (int d = 0; d < nd; d++)
        for (int b = 0; b < nb; b++)
            best_wins(f, rs, n, batches[b], descs[d]);
}

/* 1 when a and b differ in their direction at most. */
static int same_but_dir(const prob_shape *a, const prob_shape *b)
{
    prob_shape x = *b;
    x.dir = a->dir;
    return prob_same_desc(a, &x);
}

/* One direction's network time for algo at batch with desc's data type and
 * layout, all layers but skip (NULL: none): *ms, and how many layers there
 * were and how many were measured. */
static void dir_total(const result *rs, int n, int64_t batch, const prob_shape *desc, int dir,
                      const char *algo, const char *skip, double *ms, int *layers, int *ok)
{
    *ms = 0;
    *layers = *ok = 0;
    for (int i = 0; i < n; i++) {
        const result *r = &rs[i];
        if (r->sh.n != batch || r->sh.dir != dir || !same_but_dir(&r->sh, desc) ||
            strcmp(r->algo, algo) != 0 || (skip && strcmp(r->layer, skip) == 0))
            continue;
        (*layers)++;
        if ((r->status == RES_PASS || r->status == RES_UNVERIFIED) && r->timer != TIMING_NONE) {
            (*ok)++;
            *ms += (double)r->count * r->t.median;
        }
    }
}

/* A training step's convolutions where a sweep ran all three directions:
 * forward + backward data + backward weights of every layer, except backward
 * data of the first layer (no step computes the gradient of its input
 * images). */
static void training_view(FILE *f, const result *rs, int n, const int64_t *batches, int nb,
                          const prob_shape *const *descs, int nd, const char **algos, int na)
{
    int header = 0;
    for (int d = 0; d < nd; d++) {
        if (descs[d]->dir != PROB_FWD)
            continue;
        const char *first = NULL; /* the network's first layer: its first forward row */
        for (int i = 0; i < n && !first; i++)
            if (rs[i].sh.dir == PROB_FWD && same_but_dir(&rs[i].sh, descs[d]))
                first = rs[i].layer;
        for (int b = 0; b < nb; b++)
            for (int a = 0; a < na; a++) {
                double ms[PROB_DIR_COUNT];
                int layers[PROB_DIR_COUNT], ok[PROB_DIR_COUNT], all = 1, done = 1;
                for (int dir = 0; dir < PROB_DIR_COUNT; dir++) {
                    dir_total(rs, n, batches[b], descs[d], dir, algos[a],
                              dir == PROB_BWD_DATA && first && first[0] ? first : NULL, &ms[dir],
                              &layers[dir], &ok[dir]);
                    all &= layers[dir] > 0 || (dir == PROB_BWD_DATA && ok[PROB_FWD] == 1);
                    done &= ok[dir] == layers[dir];
                }
                if (!all || !layers[PROB_FWD])
                    continue;
                if (!header++)
                    fprintf(f, "\ntraining step (forward + backward data, all layers but the "
                               "first + backward weights)\n%6s  %-12s %-16s %11s %11s %11s "
                               "%11s %10s %10s\n",
                            "batch", "data", "algorithm", "fwd ms", "bwd-data ms", "bwd-wei ms",
                            "step ms", "train im/s", "infer im/s");
                char data[48];
                prob_format_desc(descs[d], data, sizeof data);
                double step = ms[0] + ms[1] + ms[2];
                fprintf(f, "%6lld  %-12s %-16s %11.3f %11.3f %11.3f %11.3f", (long long)batches[b],
                        data, algos[a], ms[0], ms[1], ms[2], step);
                if (done)
                    fprintf(f, " %10.1f %10.1f\n", batches[b] * 1e3 / step,
                            batches[b] * 1e3 / ms[0]);
                else
                    fprintf(f, " %10s %10s   (incomplete: %d layers not measured)\n", "-", "-",
                            layers[0] + layers[1] + layers[2] - ok[0] - ok[1] - ok[2]);
            }
    }
}

void summary_print(FILE *f, const result *rs, int n, const char *title)
{
    if (n == 0)
        return;
    int64_t *batches = malloc((size_t)n * sizeof *batches);
    const char **algos = malloc((size_t)n * sizeof *algos);
    const prob_shape **descs = malloc((size_t)n * sizeof *descs);
    if (!batches || !algos || !descs) {
        free(batches);
        free(algos);
        free(descs);
        return;
    }
    int nb = distinct_batches(rs, n, batches), na = distinct_algos(rs, n, algos);
    int nd = distinct_descs(rs, n, descs);

    /* Layers and parameters: counted once, from the rows of the first batch
     * size, descriptor and algorithm. */
    int64_t layers = 0, convs = 0;
    double params = 0, fc_params = 0;
    for (int i = 0; i < n; i++) {
        if (!in_group(&rs[i], batches[0], descs[0]) || strcmp(rs[i].algo, algos[0]) != 0)
            continue;
        layers++;
        convs += rs[i].count;
        params += (double)rs[i].count * (double)rs[i].m.conv_params;
        fc_params += (double)rs[i].count * (double)rs[i].m.fc_params;
    }
    fprintf(f, "\ntotals for %s: %lld layers, %lld convolutions per image "
               "(time = sum over layers of count x median)\n",
            title, (long long)layers, (long long)convs);
    fprintf(f, "%6s  %-17s %-16s %9s %14s %12s %10s %10s\n", "batch", "data", "algorithm",
            "verified", "conv time ms", "GFLOP/image", "images/s", "GFLOP/s");
    for (int d = 0; d < nd; d++)
        for (int b = 0; b < nb; b++)
            one_group(f, rs, n, batches[b], descs[d], algos, na);
    char p[32], fc[32], ratio[32];
    table_si(p, sizeof p, params);
    table_si(fc, sizeof fc, fc_params);
    table_si(ratio, sizeof ratio, fc_params / params);
    fprintf(f, "parameters of these convolutions: %s; of fully connected layers doing the same "
               "mappings: %s (%sx more)\n", p, fc, ratio);
    training_view(f, rs, n, batches, nb, descs, nd, algos, na);
    best_winners(f, rs, n, batches, nb, descs, nd);
    free(batches);
    free(algos);
    free(descs);
}
