/* verify.h - deterministic fills and the comparison of a result with the reference. */
#ifndef CONVBENCH_VERIFY_H
#define CONVBENCH_VERIFY_H

#include <stdint.h>

typedef enum vfy_fill {
    VFY_FILL_EXACT,   /* small integers: every sum is exact in float32 */
    VFY_FILL_FLOAT,   /* uniform floats in [-1, 1) */
    VFY_FILL_COUNT
} vfy_fill;

/* The --fill choices and the CSV's fill column, indexed by vfy_fill. */
extern const char *const vfy_fill_names[VFY_FILL_COUNT];

/* How much of a result is compared with the reference. */
typedef enum vfy_mode { VFY_FULL, VFY_SAMPLE, VFY_NONE, VFY_MODE_COUNT } vfy_mode;

/* The --verify choices and the CSV's verify column, indexed by vfy_mode. */
extern const char *const vfy_mode_names[VFY_MODE_COUNT];

/* The largest integer magnitude m (1..8) for the exact fill such that
 * reduction * m*m + m <= 2^bits, so that no partial sum of an output can
 * leave the range where a type with a bits-bit significand (24: float, 11:
 * half) represents every integer. Returns 0 when even m = 1 cannot
 * guarantee it (reduction too long): results are then not exact. */
int vfy_exact_range(int64_t reduction, int bits);

/* Fills x[0..n) from (seed, stream); the value of element i depends only on
 * (seed, stream, i), so fills are reproducible and independent of threads.
 * The exact fill draws integers in [-range, range]. */
void vfy_fill_tensor(float *x, int64_t n, vfy_fill fill, int range, uint64_t seed,
                     uint64_t stream);

/* A uniformly drawn, sorted set of count distinct-ish output indices in
 * [0, total), for --verify=sample (always includes 0 and total-1). */
void vfy_sample_indices(int64_t *idx, int64_t count, int64_t total, uint64_t seed);

/* The tolerances of an fp16 result of a reduction of n terms with the
 * random-float fill (the exact fill is exact in fp16 too, see
 * vfy_exact_range): the largest relative error (|got - ref| / sum|x*w|) and
 * the largest normalised L2 error. With fp32 accumulation a bound: the
 * output's rounding to half, u = 2^-11, plus n float roundings, n * 2^-24.
 * With fp16 accumulation, u * (1 + sqrt(n)) and u * sqrt(n): every term
 * rounds in half, and on the zero-mean fills the errors add as a random walk
 * (measured in the README: the largest error seen is 3.5 to 22 times
 * smaller). */
void vfy_tol_fp16(int64_t n, int accum_half, double *rel, double *nrmse);

#define VFY_WORST 5

typedef struct vfy_point {
    int64_t index;
    double expected, got, abs_err, rel_err;
} vfy_point;

typedef struct vfy_result {
    int64_t checked, bad, nonfinite, zeros;
    double max_abs_err, max_rel_err;      /* rel = |got - ref| / sum|x*w| */
    double nrmse;                          /* ||got - ref||_2 / ||ref||_2 */
    int worst_count;
    vfy_point worst[VFY_WORST];           /* worst failing points, worst first */
} vfy_result;

/* Compares got[i] with ref[i] (scale mag[i]) for count points at output indices
 * idx (NULL: 0..count-1). A point fails when it is not finite or its relative
 * error exceeds tol. Returns the number of failing points. */
int64_t vfy_compare(const float *got, const double *ref, const double *mag, const int64_t *idx,
                    int64_t count, double tol, vfy_result *res);

#endif
