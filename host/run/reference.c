/* reference.c - the CPU reference convolution.
 *
 * A whole output is an im2col of the host's copy of the input and a GEMM per
 * image and group on the host's BLAS (OpenBLAS), twice: once for the sums and
 * once, on absolute values, for their magnitudes. The plain loops of
 * one_output are kept for sampled outputs, where a GEMM would compute
 * everything to keep a little.
 *
 * The GEMMs are double precision unless the data prove that single precision
 * is exact: every value an integer and no sum, in any order, past 2^24 (the
 * exact fill, vfy_exact_range). The reference checks that itself rather than
 * trust the caller, so it stays right for any data. */
#include "reference.h"

#include <cblas.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static void one_output(const prob_shape *sh, const prob_metrics *m, const float *in,
                       const float *wei, const float *bias, int64_t o, double *ref, double *mag)
{
    int64_t q = o % m->q, p = (o / m->q) % m->p, k = (o / (m->q * m->p)) % sh->k,
            n = o / (m->q * m->p * sh->k);
    int64_t cg = sh->c / sh->groups, kg = sh->k / sh->groups, g = k / kg;
    double acc = 0, abs_acc = 0;
    for (int64_t c = 0; c < cg; c++) {
        const float *x = in + ((n * sh->c + g * cg + c) * sh->h) * sh->w;
        const float *w = wei + (k * cg + c) * sh->r * sh->s;
        for (int64_t r = 0; r < sh->r; r++) {
            int64_t ih = p * sh->stride_h - sh->pad_h + r * sh->dil_h;
            if (ih < 0 || ih >= sh->h)
                continue;
            for (int64_t s = 0; s < sh->s; s++) {
                int64_t iw = q * sh->stride_w - sh->pad_w + s * sh->dil_w;
                if (iw < 0 || iw >= sh->w)
                    continue;
                double t = (double)x[ih * sh->w + iw] * (double)w[r * sh->s + s];
                acc += t;
                abs_acc += fabs(t);
            }
        }
    }
    if (sh->bias) {
        acc += bias[k];
        abs_acc += fabs(bias[k]);
    }
    *ref = acc;
    *mag = abs_acc;
}

/* The largest |x| of x[0..n), or -1 when one of them is not an integer. */
static double int_max(const float *x, int64_t n)
{
    double mx = 0;
    for (int64_t i = 0; i < n; i++) {
        double v = fabs((double)x[i]);
        if (v != floor(v))
            return -1;
        mx = fmax(mx, v);
    }
    return mx;
}

/* Whether every partial sum of every output (and of its magnitude) is an
 * integer below 2^24, so float arithmetic in any order is exact. */
static int float_exact(const prob_shape *sh, const prob_metrics *m, const float *in,
                       const float *wei, const float *bias)
{
    double mi = int_max(in, m->in_elems), mw = int_max(wei, m->wei_elems),
           mb = sh->bias ? int_max(bias, sh->k) : 0;
    return mi >= 0 && mw >= 0 && mb >= 0 &&
           (double)m->reduction * mi * mw + mb <= 16777216.0;
}

/* Columns [j0, j0 + nj) of the im2col matrix of image n, group g, into
 * cols[(c*R + r)*S + s][j - j0], j = p*Q + q: the input at the tap, 0 in the
 * padding. */
static void im2col(const prob_shape *sh, const prob_metrics *m, const float *in, int64_t n,
                   int64_t g, int64_t j0, int64_t nj, float *cols)
{
    int64_t cg = sh->c / sh->groups;
    for (int64_t c = 0; c < cg; c++) {
        const float *x = in + (n * sh->c + g * cg + c) * sh->h * sh->w;
        for (int64_t r = 0; r < sh->r; r++)
            for (int64_t s = 0; s < sh->s; s++) {
                float *dst = cols + ((c * sh->r + r) * sh->s + s) * nj;
                int64_t p = j0 / m->q, q = j0 % m->q;
                for (int64_t j = 0; j < nj; j++) {
                    int64_t ih = p * sh->stride_h - sh->pad_h + r * sh->dil_h,
                            iw = q * sh->stride_w - sh->pad_w + s * sh->dil_w;
                    dst[j] = ih >= 0 && ih < sh->h && iw >= 0 && iw < sh->w
                                 ? x[ih * sh->w + iw]
                                 : 0.0f;
                    if (++q == m->q) {
                        q = 0;
                        p++;
                    }
                }
            }
    }
}

/* Columns per GEMM: the im2col buffer stays under 2^24 elements (64 MiB of
 * floats) however large the image. */
#define REF_MAX_COLS_ELEMS (INT64_C(1) << 24)

/* The GEMM operands of one layer in the precision the GEMMs use (single: f*,
 * else d*): the weights, also as absolute values, and a chunk of columns. */
typedef struct ref_bufs {
    int single;
    int64_t kg, crs, pq, chunk;
    const float *wei;
    float *cols, *wf_abs, *outf;
    double *cols_d, *wd, *wd_abs;
} ref_bufs;

static void bufs_free(ref_bufs *b)
{
    free(b->cols);
    free(b->wf_abs);
    free(b->outf);
    free(b->cols_d);
    free(b->wd);
    free(b->wd_abs);
}

static int bufs_init(ref_bufs *b, const prob_shape *sh, const prob_metrics *m, const float *wei,
                     int single)
{
    memset(b, 0, sizeof *b);
    b->single = single;
    b->wei = wei;
    b->kg = sh->k / sh->groups;
    b->crs = m->reduction;
    b->pq = m->p * m->q;
    b->chunk = REF_MAX_COLS_ELEMS / b->crs;
    if (b->chunk < 1)
        b->chunk = 1;
    if (b->chunk > b->pq)
        b->chunk = b->pq;
    size_t nw = (size_t)m->wei_elems, nc = (size_t)(b->crs * b->chunk);
    b->cols = malloc(nc * sizeof *b->cols);
    if (single) {
        b->wf_abs = malloc(nw * sizeof *b->wf_abs);
        b->outf = malloc((size_t)(b->kg * b->chunk) * sizeof *b->outf);
        if (!b->cols || !b->wf_abs || !b->outf)
            return -1;
        for (size_t i = 0; i < nw; i++)
            b->wf_abs[i] = fabsf(wei[i]);
        return 0;
    }
    b->cols_d = malloc(nc * sizeof *b->cols_d);
    b->wd = malloc(nw * sizeof *b->wd);
    b->wd_abs = malloc(nw * sizeof *b->wd_abs);
    if (!b->cols || !b->cols_d || !b->wd || !b->wd_abs)
        return -1;
    for (size_t i = 0; i < nw; i++) {
        b->wd[i] = wei[i];
        b->wd_abs[i] = fabs((double)wei[i]);
    }
    return 0;
}

/* out[kg x nj] (row stride pq) = the weights from element w0 on (absolute
 * values: abs) times the nj columns in b->cols (made absolute first: abs). */
static void gemm(ref_bufs *b, int64_t w0, int abs, int64_t nj, double *out)
{
    int64_t nc = b->crs * nj;
    int kg = (int)b->kg, crs = (int)b->crs, ldc = (int)b->pq, ncols = (int)nj;
    if (b->single) {
        if (abs)
            for (int64_t i = 0; i < nc; i++)
                b->cols[i] = fabsf(b->cols[i]);
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, kg, ncols, crs, 1.0f,
                    (abs ? b->wf_abs : b->wei) + w0, crs, b->cols, ncols, 0.0f, b->outf, ncols);
        for (int64_t k = 0; k < b->kg; k++)
            for (int64_t j = 0; j < nj; j++)
                out[k * b->pq + j] = b->outf[k * nj + j];
        return;
    }
    for (int64_t i = 0; i < nc; i++)
        b->cols_d[i] = abs ? fabs((double)b->cols[i]) : b->cols[i];
    cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, kg, ncols, crs, 1.0,
                (abs ? b->wd_abs : b->wd) + w0, crs, b->cols_d, ncols, 0.0, out, ldc);
}

/* Every output through GEMMs. Returns 0, or -1 when out of memory. */
static int all_outputs(const prob_shape *sh, const prob_metrics *m, const float *in,
                       const float *wei, const float *bias, double *ref, double *mag)
{
    ref_bufs b;
    if (bufs_init(&b, sh, m, wei, float_exact(sh, m, in, wei, bias))) {
        bufs_free(&b);
        return -1;
    }
    for (int64_t n = 0; n < sh->n; n++)
        for (int64_t g = 0; g < sh->groups; g++)
            for (int64_t j0 = 0; j0 < b.pq; j0 += b.chunk) {
                int64_t nj = b.pq - j0 < b.chunk ? b.pq - j0 : b.chunk;
                int64_t at = (n * sh->k + g * b.kg) * b.pq + j0, w0 = g * b.kg * b.crs;
                im2col(sh, m, in, n, g, j0, nj, b.cols);
                gemm(&b, w0, 0, nj, ref + at);
                gemm(&b, w0, 1, nj, mag + at);
            }
    bufs_free(&b);
    if (sh->bias)
        for (int64_t i = 0; i < m->out_elems; i++) {
            int64_t k = i / b.pq % sh->k;
            ref[i] += bias[k];
            mag[i] += fabs((double)bias[k]);
        }
    return 0;
}

int ref_conv(const prob_shape *sh, const prob_metrics *m, const float *in, const float *wei,
             const float *bias, const int64_t *idx, int64_t count, double *ref, double *mag)
{
    if (!idx)
        return all_outputs(sh, m, in, wei, bias, ref, mag);
#pragma omp parallel for schedule(dynamic, 64)
    for (int64_t i = 0; i < count; i++)
        one_output(sh, m, in, wei, bias, idx[i], &ref[i], &mag[i]);
    return 0;
}
