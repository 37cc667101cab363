/* problem.h - the convolution problem: shape, validation, sizes and work counts.
 *
 * Convolution as deep-learning frameworks define it (cross-correlation): a
 * shape, an optional bias of K, and, as benchdnn's prb_t has them, a data
 * type, a layout and a direction. NCHW tensors have KCRS weights, NHWC ones
 * KRSC (C here is C/groups). Knows nothing of OpenCL, files or output formats.
 */
#ifndef CONVBENCH_PROBLEM_H
#define CONVBENCH_PROBLEM_H

#include <stddef.h>
#include <stdint.h>

/* Each enum's names array is indexed by it: the option's choices, the CSV's
 * values and the key's. */
typedef enum prob_dtype { PROB_FP32, PROB_FP16, PROB_DTYPE_COUNT } prob_dtype;
typedef enum prob_layout { PROB_NCHW, PROB_NHWC, PROB_LAYOUT_COUNT } prob_layout;
typedef enum prob_dir { PROB_FWD, PROB_BWD_DATA, PROB_BWD_WEIGHTS, PROB_DIR_COUNT } prob_dir;
extern const char *const prob_dtype_names[PROB_DTYPE_COUNT];   /* "fp32", "fp16" */
extern const char *const prob_layout_names[PROB_LAYOUT_COUNT]; /* "nchw", "nhwc" */
extern const char *const prob_dir_names[PROB_DIR_COUNT];       /* "fwd", "bwd-data", ... */

/* Bytes of one element of dtype. */
int prob_dtype_size(prob_dtype dtype);

/* The problem: the shape and how its tensors are stored and used. (The
 * descriptor fields are ints because the option table stores choices so.) */
typedef struct prob_shape {
    int64_t n, c, h, w;          /* input: batch, channels, height, width */
    int64_t k, r, s;             /* output channels, filter height, filter width */
    int64_t stride_h, stride_w;
    int64_t pad_h, pad_w;
    int64_t dil_h, dil_w;
    int64_t groups;
    int bias;                    /* 0 or 1 */
    int dtype;                   /* prob_dtype of input, weights, bias and output */
    int layout;                  /* prob_layout of input and output (and so of weights) */
    int dir;                     /* prob_dir */
    int accum;                   /* prob_dtype the sums are accumulated in: fp32, or fp16
                                    for fp16 data (what many GPU libraries do) */
} prob_shape;

/* Everything derived from a valid shape. Counts are per whole batch unless named. */
typedef struct prob_metrics {
    int64_t p, q;                /* output height and width */
    int64_t in_elems, wei_elems, bias_elems, out_elems;
    int64_t in_bytes, wei_bytes, bias_bytes, out_bytes; /* elements x prob_dtype_size */
    int64_t reduction;           /* (C/groups)*R*S: terms summed per output */
    /* The direction's result (output, input gradient dX, or weight gradient
     * dW): its elements and the most terms summed into one of them ((C/G)RS,
     * (K/G)RS, NPQ), which bounds the exact fill and the fp16 tolerances. */
    int64_t result_elems, terms;
    double flops;                /* 2*N*K*(C/groups)*R*S*P*Q, the direct-convolution count
                                    in every direction: each multiplies the same pairs */
    int64_t conv_params;         /* K*(C/groups)*R*S + K */
    double fc_params;            /* (C*H*W)*(K*P*Q) + K*P*Q: FC layer, same in/out tensors
                                    (a double: it outgrows int64 long before the convolution does) */
    double fc_flops;             /* 2*N*(C*H*W)*(K*P*Q) */
} prob_metrics;

/* Output size along one axis by the standard formula; may be <= 0 for bad input. */
int64_t prob_out_dim(int64_t in, int64_t pad, int64_t filter, int64_t stride, int64_t dil);

/* Checks the problem and fills *m. Returns 0 when valid; otherwise -1 with a
 * message in err (naming the offending value and what was expected) and *m
 * undefined. err may be NULL. */
int prob_analyze(const prob_shape *sh, prob_metrics *m, char *err, size_t errlen);

/* Formats the problem compactly for tables, e.g. "n1 c64 56x56 k64 3x3 p1"; a
 * descriptor other than fp32/nchw/fwd is appended (" fp16 nhwc acc-fp16"). */
void prob_format(const prob_shape *sh, char *buf, size_t len);

/* The descriptor for table columns: data type and layout always ("fp32
 * nchw"), then a direction other than forward and an accumulation other than
 * fp32, as prob_format names them ("fp16 nhwc acc-fp16"). */
void prob_format_desc(const prob_shape *sh, char *buf, size_t len);

/* 1 when a and b have the same data type, layout, direction and accumulation. */
int prob_same_desc(const prob_shape *a, const prob_shape *b);

/* The fields of a problem as the CSV names its columns, in the order of
 * prob_shape's members (n c h w k r s stride_h ... groups bias, then dtype
 * layout direction accum). The first PROB_NSHAPE are whole numbers that every
 * schema has; the descriptor's came with schema 6. */
#define PROB_NFIELDS 19
#define PROB_NSHAPE 15
extern const char *const prob_fields[PROB_NFIELDS];

/* Sets sh from the texts of its fields, in prob_fields' order; a descriptor
 * field that is NULL (a CSV older than schema 6) reads as fp32, nchw, fwd,
 * fp32. Returns -1 with the field, its value and what was expected in err
 * when a shape field is not a whole non-negative integer or a descriptor field
 * not one of its names: a row of someone's CSV must not be keyed as a problem
 * it does not hold. Returns 0 otherwise. */
int prob_from_fields(prob_shape *sh, const char *const *v, char *err, size_t errlen);

/* A key naming every field of sh, without blanks
 * ("n8-c64-56x56-k64-3x3-u1x1-p1x1-d1x1-g1-b0"; a descriptor other than
 * fp32/nchw/fwd/fp32 is appended, "...-b0-fp16-nhwc-acc-fp16", so the keys of
 * older tuning databases and CSVs still name their fp32 NCHW forward
 * problems): tuning database entries and compare and report rows match on it. */
void prob_key(const prob_shape *sh, char *buf, size_t len);

/* Room for any key: 14 int64 fields and the longest descriptor suffix. */
#define PROB_KEY_MAX 320

#endif
