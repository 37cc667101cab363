/* real.cl - the element types, put before every convolution kernel's source
 * (algo_build), as CLBlast's common.opencl does: one build option picks them.
 *   REAL_HALF  the tensors are half (the device has cl_khr_fp16); else float
 *   ACC_HALF   sums are accumulated in half; else in float
 * real / REALV(n): storage types; acc / ACCV(n): arithmetic types.
 * LOAD_ACC(n, p) reads n reals at p as an ACCV(n) (n >= 2); STORE_REAL(n, v, p)
 * writes one back.
 * CB_BUILD_FAIL makes every kernel fail to build: the tests' way to provoke
 * CL_BUILD_PROGRAM_FAILURE on any compiler (#error is standard; a warning
 * under -Werror was not: NVIDIA's compiler printed the error and built). */
#ifdef CB_BUILD_FAIL
#error "CB_BUILD_FAIL: a build failure injected on purpose"
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
