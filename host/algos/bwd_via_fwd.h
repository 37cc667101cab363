/* bwd_via_fwd.h - backward data as a forward convolution.
 *
 * At stride 1, dX is the forward convolution of dY with the weights rotated
 * by 180 degrees and their K and C swapped (per group), padded by
 * dil*(R-1) - pad: the transposed problem. An algorithm that sets
 * algo_desc.bwd_data_via_fwd computes backward data so wherever that holds,
 * with its own forward kernels and tunables on the transposed problem; the
 * rotation is one-off work on the weights, reported as prepare time like
 * every algorithm's weight transforms. */
#ifndef CONVBENCH_BWD_VIA_FWD_H
#define CONVBENCH_BWD_VIA_FWD_H

#include "algo.h"

/* 1 when backward data of sh can run as a forward convolution; else 0 with
 * the reason in why. */
int bwdfwd_applies(const prob_shape *sh, char *why, size_t len);

/* The transposed forward problem of backward-data problem sh, and its
 * metrics. Only for shapes bwdfwd_applies accepts. */
void bwdfwd_shape(const prob_shape *sh, prob_shape *t, prob_metrics *tm);

/* Fills *out as a copy of forward algorithm a whose functions run backward
 * data through the transposed problem (out->inner is a). Returns out. */
const algo_desc *bwdfwd_wrap(const algo_desc *a, algo_desc *out);

#endif
