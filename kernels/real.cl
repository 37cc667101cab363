/* real.cl - the element types, put before every convolution kernel's source
 * (algo_build), as CLBlast's common.opencl does: one build option picks them.
 *   REAL_HALF  the tensors are half (the device has cl_khr_fp16); else float
 *   ACC_HALF   sums are accumulated in half; else in float
 * real / REALV(n): storage types; acc / ACCV(n): arithmetic types.
 * LOAD_ACC(n, p) reads n reals at p as an ACCV(n) (n >= 2); STORE_REAL(n, v, p)
 * writes one back.
 * CB_BUILD_FAIL makes every kernel fail to build: the tests' way to provoke
 * CL_BUILD_PROGRAM_FAILURE on any compiler (#error is standard; a warning
 * under -Werror was not: NVIDIA's compiler printed the error and built).
 * CB_EXTRA_WORK=PCT makes every kernel family's main loop do PCT% more of its
 * work with unchanged answers, a known slowdown for proving that the
 * regression gate sees one (bench/sensitivity.sh). In a reduction kernel the
 * work-items for which EXTRA_ITEM(their linear index) holds, PCT of every 100
 * in a row, run their whole reduction once more first and multiply its sums
 * by extra_zero(): a zero read from a volatile, which no compiler may fold
 * away (a literal 0 may be, under -cl-finite-math-only, which Winograd builds
 * with: its extra work vanished); the sums are finite, so 0 * sum is 0. Whole
 * work-items, not extra loop trips: a reduction over 1 or 3 channels
 * (depthwise, an RGB input) cannot be made 5% longer, and a first version
 * that rounded trips up slowed such layers by 33-100%. A copy kernel (im2col)
 * is instead launched once more over PCT% of its rows by the host
 * (kopts_extra_work). PCT is 0 to 100. */
#ifdef CB_BUILD_FAIL
#error "CB_BUILD_FAIL: a build failure injected on purpose"
#endif
#ifdef CB_EXTRA_WORK
#if CB_EXTRA_WORK < 0 || CB_EXTRA_WORK > 100
#error "CB_EXTRA_WORK is a percentage from 0 to 100"
#endif
#define EXTRA_ITEM(i) ((i) % 100 < CB_EXTRA_WORK)
inline float extra_zero(void)
{
    volatile float zero = 0;
    return zero;
}
#endif
#if defined(REAL_HALF) || defined(ACC_HALF)
#pragma OPENCL EXTENSION cl_khr_fp16 : enable
#endif

#define CAT_(a, b) a##b
#define CAT(a, b) CAT_(a, b)

#ifdef REAL_HALF
#define REAL_NAME half
#else
#define REAL_NAME float
#endif
#ifdef ACC_HALF
#define ACC_NAME half
#else
#define ACC_NAME float
#endif
typedef REAL_NAME real;
typedef ACC_NAME acc;
#define REALV(n) CAT(REAL_NAME, n)
#define ACCV(n) CAT(ACC_NAME, n)
#define LOAD_ACC(n, p) CAT(convert_, ACCV(n))(CAT(vload, n)(0, (p)))
#define STORE_REAL(n, v, p) CAT(vstore, n)(CAT(convert_, REALV(n))(v), 0, (p))
