/* reference.h - the CPU reference convolution in every direction: exact or
 * double-precision sums through the host's BLAS for whole results, plain
 * loops for samples. Independent of every device algorithm by design. */
#ifndef CONVBENCH_REFERENCE_H
#define CONVBENCH_REFERENCE_H

#include "problem.h"
#include "tensor.h"

/* Computes count elements of the result of sh's direction (the output, dX or
 * dW; m->result_elems in all), at the flat logical indices in idx (or all in
 * order when idx is NULL and count == m->result_elems), from the host tensors
 * t (fp32, logical order, indexed by tensor_role: the two the direction reads
 * must be set; the one it writes is ignored) and bias (forward only; NULL when
 * sh->bias is 0). ref[i] gets the exact-as-double result, mag[i] the sum of
 * the absolute values of its terms (plus |bias|): the scale relative errors
 * are measured against. Returns 0, or -1 when out of host memory. */
int ref_compute(const prob_shape *sh, const prob_metrics *m, float *const t[TENSOR_ROLE_COUNT],
                const float *bias, const int64_t *idx, int64_t count, double *ref, double *mag);

#endif
