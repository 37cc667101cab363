/* reference.h - the CPU reference convolution: exact or double-precision sums
 * through the host's BLAS for whole outputs, plain loops for samples.
 * Independent of every device algorithm by design. */
#ifndef CONVBENCH_REFERENCE_H
#define CONVBENCH_REFERENCE_H

#include "problem.h"

/* Computes count outputs of the convolution, at the flat NKPQ output indices in
 * idx (or all outputs in order when idx is NULL and count == m->out_elems).
 * ref[i] gets the exact-as-double result, mag[i] the sum of |x*w| over its
 * receptive field plus |bias| (the scale relative errors are measured against).
 * bias may be NULL when sh->bias is 0. Returns 0, or -1 when out of host
 * memory. */
int ref_conv(const prob_shape *sh, const prob_metrics *m, const float *in, const float *wei,
              const float *bias, const int64_t *idx, int64_t count, double *ref, double *mag);

#endif
