/* changepoint.h - where a series' level changed: E-divisive means (Matteson &
 * James, "A Nonparametric Approach for Multiple Change Point Analysis of
 * Multivariate Data", JASA 2014), as MongoDB's CI uses it on its performance
 * history (Daly et al., "The Use of Change Point Detection to Identify
 * Software Performance Regressions in a Continuous Integration System",
 * ICPE 2020). It assumes no distribution: a split is chosen where the energy
 * distance between the points before and after it is largest, kept when a
 * permutation test says such a distance is unlikely by chance, and each part
 * is searched again. */
#ifndef CONVBENCH_CHANGEPOINT_H
#define CONVBENCH_CHANGEPOINT_H

#include <stdint.h>

typedef struct cp_settings {
    double p_max;      /* significance a split must reach (0.01: every split
                        * found is one more test, and a history is searched
                        * again after each run) */
    int permutations;  /* of the permutation test (199) */
    int min_size;      /* fewest points on each side of a split (3) */
    uint64_t seed;     /* the permutations' seed: the same series, the same answer */
} cp_settings;

/* The default settings above. */
cp_settings cp_defaults(void);

/* Finds the change points of x[0..n): indices i where a new level starts
 * (x[i] is the first point after the change), ascending, at most max of them
 * into at. Returns how many, or -1 when out of memory. */
int cp_edivisive(const double *x, int n, const cp_settings *s, int *at, int max);

#endif
