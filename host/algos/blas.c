/* blas.c - CLBlast calls, status names and tuning overrides. */
#include "blas.h"

#include <clblast_c.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char tuning[300] = "database";

const char *blas_status_name(int status)
{
    switch (status) {
#define S(x) case x: return #x;
    S(CLBlastSuccess) S(CLBlastOpenCLCompilerNotAvailable) S(CLBlastTempBufferAllocFailure)
    S(CLBlastOpenCLOutOfResources) S(CLBlastOpenCLOutOfHostMemory)
    S(CLBlastOpenCLBuildProgramFailure) S(CLBlastInvalidValue) S(CLBlastInvalidCommandQueue)
    S(CLBlastInvalidMemObject) S(CLBlastInvalidBinary) S(CLBlastInvalidBuildOptions)
    S(CLBlastInvalidProgram) S(CLBlastInvalidProgramExecutable) S(CLBlastInvalidKernelName)
    S(CLBlastInvalidKernelDefinition) S(CLBlastInvalidKernel) S(CLBlastInvalidArgIndex)
    S(CLBlastInvalidArgValue) S(CLBlastInvalidArgSize) S(CLBlastInvalidKernelArgs)
    S(CLBlastInvalidLocalNumDimensions) S(CLBlastInvalidLocalThreadsTotal)
    S(CLBlastInvalidLocalThreadsDim) S(CLBlastInvalidGlobalOffset) S(CLBlastInvalidEventWaitList)
    S(CLBlastInvalidEvent) S(CLBlastInvalidOperation) S(CLBlastInvalidBufferSize)
    S(CLBlastInvalidGlobalWorkSize) S(CLBlastNotImplemented) S(CLBlastInvalidMatrixA)
    S(CLBlastInvalidMatrixB) S(CLBlastInvalidMatrixC) S(CLBlastInvalidVectorX)
    S(CLBlastInvalidVectorY) S(CLBlastInvalidDimension) S(CLBlastInvalidLeadDimA)
    S(CLBlastInvalidLeadDimB) S(CLBlastInvalidLeadDimC) S(CLBlastInvalidIncrementX)
    S(CLBlastInvalidIncrementY) S(CLBlastInsufficientMemoryA) S(CLBlastInsufficientMemoryB)
    S(CLBlastInsufficientMemoryC) S(CLBlastInsufficientMemoryX) S(CLBlastInsufficientMemoryY)
    S(CLBlastInsufficientMemoryTemp) S(CLBlastInvalidBatchCount) S(CLBlastInvalidOverrideKernel)
    S(CLBlastMissingOverrideParameter) S(CLBlastInvalidLocalMemUsage) S(CLBlastNoHalfPrecision)
    S(CLBlastNoDoublePrecision) S(CLBlastInvalidVectorScalar) S(CLBlastInsufficientMemoryScalar)
    S(CLBlastDatabaseError) S(CLBlastUnknownError) S(CLBlastUnexpectedError)
#undef S
    default: {
        static char buf[48];
        snprintf(buf, sizeof buf, "CLBlastStatus(%d)", status);
        return buf;
    }
    }
}

int blas_check(int status, const char *call, const char *file, int line)
{
    if (status == CLBlastSuccess)
        return 0;
    return clrt_fail("%s: %s (%d) at %s:%d", call, blas_status_name(status), status, file, line);
}

int blas_gemm(cl_command_queue q, prob_dtype dtype, unsigned flags, size_t m, size_t n, size_t k,
              cl_mem a, size_t a_off, size_t lda, size_t a_stride, cl_mem b, size_t b_off,
              size_t ldb, size_t b_stride, cl_mem c, size_t c_off, size_t ldc, size_t c_stride,
              size_t batch, clrt_span *span)
{
    span->first = span->last = NULL;
    if (clrt_marker(q, &span->first))
        return -1;
    const CLBlastLayout rm = CLBlastLayoutRowMajor;
    const CLBlastTranspose ta = flags & BLAS_TRANS_A ? CLBlastTransposeYes : CLBlastTransposeNo,
                           tb = flags & BLAS_TRANS_B ? CLBlastTransposeYes : CLBlastTransposeNo;
    const cl_half one16 = 0x3c00; /* 1.0 in half */
    const int acc = (flags & BLAS_ACCUMULATE) != 0;
    const cl_half beta16 = acc ? one16 : 0;
    const float beta = acc ? 1.0f : 0.0f;
    CLBlastStatusCode st;
    const char *call;
    if (dtype == PROB_FP16 && batch == 1) {
        call = "CLBlastHgemm";
        st = CLBlastHgemm(rm, ta, tb, m, n, k, one16, a, a_off, lda, b, b_off, ldb, beta16, c,
                          c_off, ldc, &q, &span->last);
    } else if (dtype == PROB_FP16) {
        call = "CLBlastHgemmStridedBatched";
        st = CLBlastHgemmStridedBatched(rm, ta, tb, m, n, k, one16, a, a_off, lda, a_stride, b,
                                        b_off, ldb, b_stride, beta16, c, c_off, ldc, c_stride,
                                        batch, &q, &span->last);
    } else if (batch == 1) {
        call = "CLBlastSgemm";
        st = CLBlastSgemm(rm, ta, tb, m, n, k, 1.0f, a, a_off, lda, b, b_off, ldb, beta, c, c_off,
                          ldc, &q, &span->last);
    } else {
        call = "CLBlastSgemmStridedBatched";
        st = CLBlastSgemmStridedBatched(rm, ta, tb, m, n, k, 1.0f, a, a_off, lda, a_stride, b,
                                        b_off, ldb, b_stride, beta, c, c_off, ldc, c_stride, batch,
                                        &q, &span->last);
    }
    return BLAS_CHECK(st, call);
}

#define MAX_PARAMS 64

int blas_load_overrides(cl_device_id dev, const char *path, char *err, size_t errlen)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        snprintf(err, errlen, "cannot read CLBlast tuning file '%s': %m", path);
        return -1;
    }
    char line[4096];
    int lineno = 0, kernels = 0, rc = 0;
    while (rc == 0 && fgets(line, sizeof line, f)) {
        lineno++;
        char *hash = strchr(line, '#');
        if (hash)
            *hash = '\0';
        char *save, *kernel = strtok_r(line, " \t\r\n", &save);
        if (!kernel)
            continue;
        char names[MAX_PARAMS][64];
        const char *pnames[MAX_PARAMS];
        size_t values[MAX_PARAMS];
        size_t n = 0;
        for (char *tok = strtok_r(NULL, " \t\r\n", &save); tok; tok = strtok_r(NULL, " \t\r\n", &save)) {
            char *eq = strchr(tok, '='), *end;
            if (!eq || eq == tok || n == MAX_PARAMS) {
                snprintf(err, errlen, "%s:%d: '%s': expected NAME=VALUE (at most %d per line)",
                         path, lineno, tok, MAX_PARAMS);
                rc = -1;
                break;
            }
            *eq = '\0';
            unsigned long long v = strtoull(eq + 1, &end, 10);
            if (!isdigit((unsigned char)eq[1]) || *end) {
                snprintf(err, errlen, "%s:%d: %s = '%s': expected a non-negative integer", path,
                         lineno, tok, eq + 1);
                rc = -1;
                break;
            }
            snprintf(names[n], sizeof names[n], "%s", tok);
            pnames[n] = names[n];
            values[n++] = (size_t)v;
        }
        if (rc)
            break;
        CLBlastStatusCode st =
            CLBlastOverrideParameters(dev, kernel, CLBlastPrecisionSingle, n, pnames, values);
        if (st != CLBlastSuccess) {
            snprintf(err, errlen, "%s:%d: CLBlast refused the parameters for kernel '%s': %s",
                     path, lineno, kernel, blas_status_name(st));
            rc = -1;
        }
        kernels++;
    }
    fclose(f);
    if (rc == 0 && kernels == 0) {
        snprintf(err, errlen, "%s: no kernel lines; expected 'KERNEL NAME=VALUE ...'", path);
        rc = -1;
    }
    if (rc == 0) {
        const char *base = strrchr(path, '/');
        snprintf(tuning, sizeof tuning, "overrides %s", base ? base + 1 : path);
    }
    return rc;
}

const char *blas_tuning(void)
{
    return tuning;
}

void blas_release(void)
{
    CLBlastClearCache();
}
