/* bmf.h - Bencher Metric Format (BMF) JSON, so results can be pushed into
 * Bencher (bencher.dev) or a service that reads the same shape:
 *   {"BENCHMARK": {"MEASURE": {"value": V, "lower_value": L, "upper_value": U}}}
 * One benchmark per verified row: "LAYER SHAPE ALGORITHM @ DEVICE". Measures:
 *   latency     ns (Bencher's built-in measure): value the median run,
 *               lower_value the fastest, upper_value mean + one standard
 *               deviation (never below the median)
 *   throughput  GFLOP/s of the direct-convolution FLOP count, from the same
 *               three times (the fastest run gives upper_value)
 * A case that appears in more than one row (several processes appended to one
 * CSV) keeps its fastest median. */
#ifndef CONVBENCH_BMF_H
#define CONVBENCH_BMF_H

#include <stdio.h>

#include "csvread.h"

/* Writes the verified rows of tables t[0..n) as one BMF object to out.
 * Returns the number of benchmarks written, or -1 with err (a missing column,
 * out of memory). */
int bmf_write(FILE *out, const csv_table *t, int n, char *err, size_t errlen);

#endif
