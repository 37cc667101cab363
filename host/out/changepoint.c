/* changepoint.c - E-divisive means with alpha = 1 (distances |x - y|). */
#include "changepoint.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

cp_settings cp_defaults(void)
{
    return (cp_settings){.p_max = 0.01, .permutations = 199, .min_size = 3, .seed = 1};
}

/* The best split of y[0..n): returns the largest scaled energy statistic
 * q = m(n-m)/n * (2/(m(n-m)) sum|a-b| - sum_within_a/C(m,2) - sum_within_b/C(n-m,2))
 * over splits m in [min, n-min], with the split in *at; each split's sums
 * come from the previous one's in O(n), so a search is O(n^2). */
static double best_split(const double *y, int n, int min, int *at)
{
    double within_a = 0, within_b = 0, cross = 0;
    for (int i = 0; i < n; i++)
        for (int j = i + 1; j < n; j++)
            within_b += fabs(y[i] - y[j]);
    double best = -INFINITY;
    *at = -1;
    /* Move y[m-1] from b to a, for m = 1 .. n-1. */
    for (int m = 1; m < n; m++) {
        const double v = y[m - 1];
        double to_a = 0, to_b = 0;
        for (int i = 0; i < m - 1; i++)
            to_a += fabs(y[i] - v);
        for (int j = m; j < n; j++)
            to_b += fabs(y[j] - v);
        within_a += to_a;
        within_b -= to_b;
        cross += to_b - to_a;
        if (m < min || n - m < min)
            continue;
        const double ma = m, mb = n - m;
        const double e = 2 * cross / (ma * mb) - (m > 1 ? within_a / (ma * (ma - 1) / 2) : 0) -
                         (n - m > 1 ? within_b / (mb * (mb - 1) / 2) : 0);
        const double q = ma * mb / n * e;
        if (q > best) {
            best = q;
            *at = m;
        }
    }
    return best;
}

static uint64_t next(uint64_t *s)
{
    /* splitmix64 */
    uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

static int cmp_int(const void *a, const void *b)
{
    return *(const int *)a - *(const int *)b;
}

int cp_edivisive(const double *x, int n, const cp_settings *s, int *at, int max)
{
    /* Segment bounds: 0 = b[0] < b[1] < ... < b[nb-1] = n. */
    int *b = malloc((size_t)(n + 2) * sizeof *b);
    double *work = malloc((size_t)(n > 0 ? n : 1) * sizeof *work);
    if (!b || !work) {
        free(b);
        free(work);
        return -1;
    }
    int nb = 2, found = 0;
    b[0] = 0;
    b[1] = n;
    uint64_t rng = s->seed;
    while (found < max) {
        /* The strongest split over all segments. */
        double q = -INFINITY;
        int seg = -1, split = -1;
        for (int k = 0; k + 1 < nb; k++) {
            int m;
            double qk = best_split(x + b[k], b[k + 1] - b[k], s->min_size, &m);
            if (m >= 0 && qk > q) {
                q = qk;
                seg = k;
                split = b[k] + m;
            }
        }
        if (seg < 0)
            break;
        /* Permutation test: shuffle within each segment (the splits found so
         * far stand) and count strongest splits at least as strong. */
        int as_strong = 0;
        for (int p = 0; p < s->permutations; p++) {
            memcpy(work, x, (size_t)n * sizeof *work);
            double qp = -INFINITY;
            for (int k = 0; k + 1 < nb; k++) {
                double *y = work + b[k];
                const int len = b[k + 1] - b[k];
                for (int i = len - 1; i > 0; i--) {
                    int j = (int)(next(&rng) % (uint64_t)(i + 1));
                    double t = y[i];
                    y[i] = y[j];
                    y[j] = t;
                }
                int m;
                double qk = best_split(y, len, s->min_size, &m);
                if (m >= 0 && qk > qp)
                    qp = qk;
            }
            as_strong += qp >= q;
        }
        if ((as_strong + 1.0) / (s->permutations + 1.0) > s->p_max)
            break;
        at[found++] = split;
        b[nb++] = split;
        qsort(b, (size_t)nb, sizeof *b, cmp_int);
    }
    free(b);
    free(work);
    qsort(at, (size_t)found, sizeof *at, cmp_int);
    return found;
}
