/* tensor.h - a tensor on its way between the host and a device.
 *
 * The host keeps every tensor in fp32 and logical order (activations NCHW,
 * weights KCRS, bias K): that is what the fills, the reference, verification
 * and the .npy dumps work on. A device holds it in the problem's data type and
 * layout (NHWC activations, KRSC weights). tensor_pack and tensor_unpack
 * convert between the two; tensor_round first makes the host's values exactly
 * what the device's type holds, so the reference computes from the very
 * inputs the device sees. Knows nothing of OpenCL.
 */
#ifndef CONVBENCH_TENSOR_H
#define CONVBENCH_TENSOR_H

#include <stdint.h>

#include "problem.h"

typedef struct tensor_desc {
    prob_dtype dtype;            /* on the device */
    int channels_last;           /* on the device: dims stored in the order 0, 2, 3, 1 */
    int64_t dims[4];             /* logical: N C H W, K C/G R S, or K 1 1 1 */
} tensor_desc;

/* The input, weights, bias and output of a valid problem. */
tensor_desc tensor_input(const prob_shape *sh);
tensor_desc tensor_weights(const prob_shape *sh);
tensor_desc tensor_bias(const prob_shape *sh);
tensor_desc tensor_output(const prob_shape *sh, const prob_metrics *m);

/* The three tensors of a convolution by role. Every direction has the same
 * three; it reads two and writes one: forward writes the output from the
 * input and weights, backward data the input's gradient dX from the output's
 * gradient dY and the weights, backward weights the weights' gradient dW from
 * the input and dY. (The bias takes no part in the backward directions: its
 * gradient, the sum of dY, is not computed.) */
typedef enum tensor_role { TENSOR_IN, TENSOR_WEI, TENSOR_OUT, TENSOR_ROLE_COUNT } tensor_role;

/* Names for files and messages by role and by whether the direction reads or
 * writes it as a gradient: "input"/"input-grad", ... */
const char *tensor_role_name(tensor_role r, int grad);

tensor_desc tensor_of(const prob_shape *sh, const prob_metrics *m, tensor_role r);

/* The role sh's direction writes: TENSOR_OUT, TENSOR_IN or TENSOR_WEI. */
tensor_role tensor_result_role(const prob_shape *sh);

/* 1 when the direction of sh holds tensor r as a gradient (dY, dX, dW). */
int tensor_is_grad(const prob_shape *sh, tensor_role r);

int64_t tensor_elems(const tensor_desc *t);
int64_t tensor_bytes(const tensor_desc *t);   /* on the device */

/* 1 when the device's bytes are the host's (fp32, not channels-last): no
 * conversion, the host array itself is uploaded and read back. */
int tensor_is_host_form(const tensor_desc *t);

/* IEEE half from a float, rounded to nearest even (overflow to infinity,
 * NaN stays NaN), and back (exact). */
uint16_t tensor_half_from_float(float f);
float tensor_half_to_float(uint16_t h);

/* Rounds x (tensor_elems of t) to the nearest values t's type holds. */
void tensor_round(const tensor_desc *t, float *x);

/* src (host form) to dst (tensor_bytes of t, device form), and back. */
void tensor_pack(const tensor_desc *t, const float *src, void *dst);
void tensor_unpack(const tensor_desc *t, const void *src, float *dst);

#endif
