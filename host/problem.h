/* problem.h - the convolution problem: shape, validation, sizes and work counts.
 *
 * Forward convolution as deep-learning frameworks define it (cross-correlation),
 * float32, NCHW input, KCRS weights (C here is C/groups), optional bias of K.
 * Knows nothing of OpenCL, files or output formats.
 */
#ifndef CONVBENCH_PROBLEM_H
#define CONVBENCH_PROBLEM_H

#include <stddef.h>
#include <stdint.h>

typedef struct prob_shape {
    int64_t n, c, h, w;          /* input: batch, channels, height, width */
    int64_t k, r, s;             /* output channels, filter height, filter width */
    int64_t stride_h, stride_w;
    int64_t pad_h, pad_w;
    int64_t dil_h, dil_w;
    int64_t groups;
    int bias;                    /* 0 or 1 */
} prob_shape;

/* Everything derived from a valid shape. Counts are per whole batch unless named. */
typedef struct prob_metrics {
    int64_t p, q;                /* output height and width */
    int64_t in_elems, wei_elems, bias_elems, out_elems;
    int64_t in_bytes, wei_bytes, bias_bytes, out_bytes;
    int64_t reduction;           /* (C/groups)*R*S: terms summed per output */
    double flops;                /* 2*N*K*(C/groups)*R*S*P*Q, direct-convolution count */
    int64_t conv_params;         /* K*(C/groups)*R*S + K */
    double fc_params;            /* (C*H*W)*(K*P*Q) + K*P*Q: FC layer, same in/out tensors
                                    (a double: it outgrows int64 long before the convolution does) */
    double fc_flops;             /* 2*N*(C*H*W)*(K*P*Q) */
} prob_metrics;

/* Output size along one axis by the standard formula; may be <= 0 for bad input. */
int64_t prob_out_dim(int64_t in, int64_t pad, int64_t filter, int64_t stride, int64_t dil);

/* Checks the shape and fills *m. Returns 0 when valid; otherwise -1 with a
 * message in err (naming the offending value and what was expected) and *m
 * undefined. err may be NULL. */
int prob_analyze(const prob_shape *sh, prob_metrics *m, char *err, size_t errlen);

/* Formats the shape compactly, benchdnn style, e.g. "n1c64h56w56k64r3s3u1v1p1q1". */
void prob_format(const prob_shape *sh, char *buf, size_t len);

/* The fields of a shape as the CSV names its columns, in the order of
 * prob_shape's members (n c h w k r s stride_h ... groups bias). */
#define PROB_NFIELDS 15
extern const char *const prob_fields[PROB_NFIELDS];

/* Sets sh from the texts of its fields, in prob_fields' order. Returns -1
 * (the index of the first bad field in *bad) when a field is not a whole
 * non-negative integer: a row of someone's CSV must not be keyed as a shape
 * it does not hold. Returns 0 otherwise. */
int prob_from_fields(prob_shape *sh, const char *const *v, int *bad);

/* A key naming every field of sh, without blanks
 * ("n8-c64-56x56-k64-3x3-u1x1-p1x1-d1x1-g1-b0"): tuning database entries and
 * report rows match on it. */
void prob_key(const prob_shape *sh, char *buf, size_t len);

#endif
