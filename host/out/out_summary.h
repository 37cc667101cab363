/* out_summary.h - whole-network totals of a set of results, per descriptor
 * (data type, layout, direction, accumulation) and batch size:
 * convolution time (sum of count x median) per algorithm, FLOPs, images per
 * second, and the parameters of the convolutions against the FC layers that
 * would do the same mappings. */
#ifndef CONVBENCH_OUT_SUMMARY_H
#define CONVBENCH_OUT_SUMMARY_H

#include <stdio.h>

#include "result.h"

/* Prints the totals of n results under a heading naming title. */
void summary_print(FILE *f, const result *rs, int n, const char *title);

#endif
