/* blas.h - CLBlast through its C API: status names in errors, GEMMs timed as
 * spans that include the kernels CLBlast does not report, and tuning overrides.
 * Knows nothing of convolutions. */
#ifndef CONVBENCH_BLAS_H
#define CONVBENCH_BLAS_H

#include "clrt.h"
#include "problem.h"

/* The name of a CLBlast status ("CLBlastInvalidLeadDimA"), or "CLBlastStatus(n)". */
const char *blas_status_name(int status);

/* Reports a failed CLBlast call like clrt_check; returns 0 on success, else -1. */
int blas_check(int status, const char *call, const char *file, int line);
#define BLAS_CHECK(status, call_name) blas_check((status), call_name, __FILE__, __LINE__)

/* blas_gemm's flags. */
enum { BLAS_TRANS_A = 1, BLAS_TRANS_B = 2, BLAS_ACCUMULATE = 4 };

/* C_i = A_i * B_i for i < batch (A_i^T with BLAS_TRANS_A, B_i^T with
 * BLAS_TRANS_B; C_i += with BLAS_ACCUMULATE), in dtype (CLBlast's S- or H-
 * routines; HGEMM accumulates in half): row-major, op(A_i) m x k at a_off +
 * i*a_stride (leading dimension lda), op(B_i) k x n, C_i m x n, likewise
 * (offsets and strides in elements). Enqueued on q; *span covers every kernel
 * CLBlast runs for it. Returns 0 or -1 (reported). */
int blas_gemm(cl_command_queue q, prob_dtype dtype, unsigned flags, size_t m, size_t n, size_t k,
              cl_mem a, size_t a_off, size_t lda, size_t a_stride, cl_mem b, size_t b_off,
              size_t ldb, size_t b_stride, cl_mem c, size_t c_off, size_t ldc, size_t c_stride,
              size_t batch, clrt_span *span);

/* Reads tuning parameters from path and hands them to CLBlast for device dev
 * (CLBlastOverrideParameters). The file holds one kernel per line,
 * "KERNEL NAME=VALUE NAME=VALUE ..." for single precision, e.g. a line
 * "Xgemm GEMMK=0 KREG=1 KWG=32 ..."; '#' starts a comment. Returns 0, or -1
 * with "path:line: ..." in err. */
int blas_load_overrides(cl_device_id dev, const char *path, char *err, size_t errlen);

/* Releases the programs CLBlast keeps for the process (CLBlastClearCache).
 * Call before the context goes: left to CLBlast's static destructors at exit,
 * they are released after the OpenCL runtime may already be torn down
 * (under Oclgrind that corrupts the heap). */
void blas_release(void);

/* How CLBlast's kernels are tuned in this process: "overrides <file>" after
 * blas_load_overrides, else "database" (CLBlast's built-in tuning database,
 * which falls back to defaults for a device it does not know: it cannot tell
 * which happened). */
const char *blas_tuning(void);

#endif
