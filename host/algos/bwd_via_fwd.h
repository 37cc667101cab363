/* bwd_via_fwd.h - backward data as forward convolutions.
 *
 * At stride 1, dX is the forward convolution of dY with the weights rotated
 * by 180 degrees and their K and C swapped (per group), padded by
 * dil*(R-1) - pad: the transposed problem. At stride 2 (dilation 1), dX's
 * pixels fall into phases by the parity of (ih + pad_h, iw + pad_w); each
 * phase is such a convolution at stride 1 with the taps of that parity (a
 * sub-filter of ceil((R - rho)/2) rows), and an interleave pass puts the
 * phases' outputs into dX (zeros where a phase has no taps). An algorithm
 * that sets algo_desc.bwd_data_via_fwd computes backward data so wherever
 * its forward kernels support every phase, with its own kernels and
 * tunables; the sub-filters are one-off work on the weights, reported as
 * prepare time like every algorithm's weight transforms. */
#ifndef CONVBENCH_BWD_VIA_FWD_H
#define CONVBENCH_BWD_VIA_FWD_H

#include "algo.h"

/* 1 when backward data of sh can run as forward convolutions; else 0 with
 * the reason in why. */
int bwdfwd_applies(const prob_shape *sh, char *why, size_t len);

/* The number of phases of backward-data problem sh (1 at stride 1, up to 4
 * at stride 2), and phase i's forward problem and metrics in *t, *tm;
 * returns 0 for a phase with no taps (its dX pixels are 0). Only for shapes
 * bwdfwd_applies accepts. */
int bwdfwd_phases(const prob_shape *sh);
int bwdfwd_phase(const prob_shape *sh, int i, prob_shape *t, prob_metrics *tm);

/* Fills *out as a copy of forward algorithm a whose functions run backward
 * data through the phases' forward convolutions (out->inner is a). Returns
 * out. */
const algo_desc *bwdfwd_wrap(const algo_desc *a, algo_desc *out);

#endif
