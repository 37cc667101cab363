/* reference.c - the CPU reference convolution, in every direction.
 *
 * A whole result is GEMMs on the host's BLAS (OpenBLAS) per image and group
 * over an im2col matrix of columns j = p*Q + q, twice: once for the sums and
 * once, on absolute values, for their magnitudes:
 *   forward:          out  = W . im2col(X)
 *   backward data:    dX   = col2im(W^T . dY)
 *   backward weights: dW  += dY . im2col(X)^T, summed over the images.
 * The plain loops of one_* are kept for sampled elements, where a GEMM would
 * compute everything to keep a little.
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

/* The shape's indices, shared by the loops. */
typedef struct geo {
    const prob_shape *sh;
    const prob_metrics *m;
    int64_t cg, kg, pq;
} geo;

static int64_t in_h(const geo *g, int64_t p, int64_t r)
{
    return p * g->sh->stride_h - g->sh->pad_h + r * g->sh->dil_h;
}

static int64_t in_w(const geo *g, int64_t q, int64_t s)
{
    return q * g->sh->stride_w - g->sh->pad_w + s * g->sh->dil_w;
}

static void add(double *acc, double *abs_acc, double x, double w)
{
    *acc += x * w;
    *abs_acc += fabs(x * w);
}

/* Output o (flat NKPQ) of the forward convolution. */
static void one_fwd(const geo *g, float *const t[], const float *bias, int64_t o, double *ref,
                    double *mag)
{
    const prob_shape *sh = g->sh;
    int64_t q = o % g->m->q, p = (o / g->m->q) % g->m->p, k = (o / g->pq) % sh->k,
            n = o / (g->pq * sh->k), gr = k / g->kg;
    double acc = 0, abs_acc = 0;
    for (int64_t c = 0; c < g->cg; c++)
        for (int64_t r = 0; r < sh->r; r++)
            for (int64_t s = 0; s < sh->s; s++) {
                int64_t ih = in_h(g, p, r), iw = in_w(g, q, s);
                if (ih >= 0 && ih < sh->h && iw >= 0 && iw < sh->w)
                    add(&acc, &abs_acc,
                        t[TENSOR_IN][((n * sh->c + gr * g->cg + c) * sh->h + ih) * sh->w + iw],
                        t[TENSOR_WEI][((k * g->cg + c) * sh->r + r) * sh->s + s]);
            }
    if (sh->bias) {
        acc += bias[k];
        abs_acc += fabs(bias[k]);
    }
    *ref = acc;
    *mag = abs_acc;
}

/* Element i (flat NCHW) of dX: every output that read input pixel (ih, iw). */
static void one_bwd_data(const geo *g, float *const t[], int64_t i, double *ref, double *mag)
{
    const prob_shape *sh = g->sh;
    int64_t iw = i % sh->w, ih = (i / sh->w) % sh->h, c = (i / (sh->w * sh->h)) % sh->c,
            n = i / (sh->w * sh->h * sh->c), gr = c / g->cg;
    double acc = 0, abs_acc = 0;
    for (int64_t k = gr * g->kg; k < (gr + 1) * g->kg; k++)
        for (int64_t r = 0; r < sh->r; r++)
            for (int64_t s = 0; s < sh->s; s++) {
                int64_t ph = ih + sh->pad_h - r * sh->dil_h, pw = iw + sh->pad_w - s * sh->dil_w;
                if (ph < 0 || pw < 0 || ph % sh->stride_h || pw % sh->stride_w)
                    continue;
                int64_t p = ph / sh->stride_h, q = pw / sh->stride_w;
                if (p < g->m->p && q < g->m->q)
                    add(&acc, &abs_acc, t[TENSOR_OUT][((n * sh->k + k) * g->m->p + p) * g->m->q + q],
                        t[TENSOR_WEI][((k * g->cg + c % g->cg) * sh->r + r) * sh->s + s]);
            }
    *ref = acc;
    *mag = abs_acc;
}

/* Element i (flat KCRS) of dW: the sum over images and output positions. */
static void one_bwd_weights(const geo *g, float *const t[], int64_t i, double *ref, double *mag)
{
    const prob_shape *sh = g->sh;
    int64_t s = i % sh->s, r = (i / sh->s) % sh->r, c = (i / (sh->s * sh->r)) % g->cg,
            k = i / (sh->s * sh->r * g->cg), ci = k / g->kg * g->cg + c;
    double acc = 0, abs_acc = 0;
    for (int64_t n = 0; n < sh->n; n++)
        for (int64_t p = 0; p < g->m->p; p++)
            for (int64_t q = 0; q < g->m->q; q++) {
                int64_t ih = in_h(g, p, r), iw = in_w(g, q, s);
                if (ih >= 0 && ih < sh->h && iw >= 0 && iw < sh->w)
                    add(&acc, &abs_acc,
                        t[TENSOR_OUT][((n * sh->k + k) * g->m->p + p) * g->m->q + q],
                        t[TENSOR_IN][((n * sh->c + ci) * sh->h + ih) * sh->w + iw]);
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

/* Whether every partial sum of every result (and of its magnitude) is an
 * integer below 2^24, so float arithmetic in any order is exact. */
static int float_exact(const prob_shape *sh, const prob_metrics *m, float *const t[],
                       const float *bias)
{
    double mx[TENSOR_ROLE_COUNT] = {0, 0, 0}, prod = 1;
    const int64_t elems[TENSOR_ROLE_COUNT] = {m->in_elems, m->wei_elems, m->out_elems};
    tensor_role res = tensor_result_role(sh);
    for (int r = 0; r < TENSOR_ROLE_COUNT; r++)
        if (r != (int)res) {
            mx[r] = int_max(t[r], elems[r]);
            if (mx[r] < 0)
                return 0;
            prod *= mx[r];
        }
    double mb = sh->dir == PROB_FWD && sh->bias ? int_max(bias, sh->k) : 0;
    return mb >= 0 && (double)m->terms * prod + mb <= 16777216.0;
}

/* Columns [j0, j0 + nj) of the im2col matrix of image n, group gr, into
 * cols[(c*R + r)*S + s][j - j0], j = p*Q + q: the input at the tap, 0 in the
 * padding. */
static void im2col(const geo *g, const float *in, int64_t n, int64_t gr, int64_t j0, int64_t nj,
                   float *cols)
{
    const prob_shape *sh = g->sh;
    for (int64_t c = 0; c < g->cg; c++) {
        const float *x = in + (n * sh->c + gr * g->cg + c) * sh->h * sh->w;
        for (int64_t r = 0; r < sh->r; r++)
            for (int64_t s = 0; s < sh->s; s++) {
                float *dst = cols + ((c * sh->r + r) * sh->s + s) * nj;
                int64_t p = j0 / g->m->q, q = j0 % g->m->q;
                for (int64_t j = 0; j < nj; j++) {
                    int64_t ih = in_h(g, p, r), iw = in_w(g, q, s);
                    dst[j] = ih >= 0 && ih < sh->h && iw >= 0 && iw < sh->w ? x[ih * sh->w + iw]
                                                                           : 0.0f;
                    if (++q == g->m->q) {
                        q = 0;
                        p++;
                    }
                }
            }
    }
}

/* The reverse: adds cols (as im2col lays them out) into dX of image n, group
 * gr, each column value onto the input pixel its tap read. */
static void col2im(const geo *g, const double *cols, int64_t n, int64_t gr, int64_t j0,
                   int64_t nj, double *dx)
{
    const prob_shape *sh = g->sh;
    for (int64_t c = 0; c < g->cg; c++) {
        double *x = dx + (n * sh->c + gr * g->cg + c) * sh->h * sh->w;
        for (int64_t r = 0; r < sh->r; r++)
            for (int64_t s = 0; s < sh->s; s++) {
                const double *src = cols + ((c * sh->r + r) * sh->s + s) * nj;
                int64_t p = j0 / g->m->q, q = j0 % g->m->q;
                for (int64_t j = 0; j < nj; j++) {
                    int64_t ih = in_h(g, p, r), iw = in_w(g, q, s);
                    if (ih >= 0 && ih < sh->h && iw >= 0 && iw < sh->w)
                        x[ih * sh->w + iw] += src[j];
                    if (++q == g->m->q) {
                        q = 0;
                        p++;
                    }
                }
            }
    }
}

/* A stored rows x cols matrix (leading dimension ld) copied densely: as
 * floats (absolute values when abs) into f, or as doubles into d. */
static void copy_block(const float *a, int64_t rows, int64_t cols, int64_t ld, int abs, float *f,
                       double *d)
{
    for (int64_t i = 0; i < rows; i++)
        for (int64_t j = 0; j < cols; j++) {
            float v = a[i * ld + j];
            if (f)
                f[i * cols + j] = abs ? fabsf(v) : v;
            else
                d[i * cols + j] = abs ? fabs((double)v) : v;
        }
}

/* Scratch for gemm_add, grown on demand. */
typedef struct scratch {
    int single;
    float *fa, *fb, *fc;
    double *da, *db;
    size_t na, nb, nc;
} scratch;

static int grow(void **p, size_t *have, size_t need, size_t each)
{
    if (need <= *have)
        return 0;
    void *q = realloc(*p, need * each);
    if (!q)
        return -1;
    *p = q;
    *have = need;
    return 0;
}

static void scratch_free(scratch *s)
{
    free(s->fa);
    free(s->fb);
    free(s->fc);
    free(s->da);
    free(s->db);
}

/* C[M x N] (leading dimension ldc) += op(A) . op(B), op(A) M x K and op(B)
 * K x N, A and B stored as floats with leading dimensions lda, ldb (ta, tb:
 * stored transposed); on absolute values when abs. Single precision when the
 * data are exact in it (s->single), else double. Returns 0, or -1 out of
 * memory. */
static int gemm_add(scratch *s, int abs, int ta, int tb, int64_t M, int64_t N, int64_t K,
                    const float *A, int64_t lda, const float *B, int64_t ldb, double *C,
                    int64_t ldc)
{
    int64_t ar = ta ? K : M, ac = ta ? M : K, br = tb ? N : K, bc = tb ? K : N;
    CBLAS_TRANSPOSE opa = ta ? CblasTrans : CblasNoTrans, opb = tb ? CblasTrans : CblasNoTrans;
    if (s->single) {
        if (grow((void **)&s->fc, &s->nc, (size_t)(M * N), sizeof(float)))
            return -1;
        if (abs) {
            if (grow((void **)&s->fa, &s->na, (size_t)(ar * ac), sizeof(float)) ||
                grow((void **)&s->fb, &s->nb, (size_t)(br * bc), sizeof(float)))
                return -1;
            copy_block(A, ar, ac, lda, 1, s->fa, NULL);
            copy_block(B, br, bc, ldb, 1, s->fb, NULL);
            A = s->fa, lda = ac, B = s->fb, ldb = bc;
        }
        cblas_sgemm(CblasRowMajor, opa, opb, (int)M, (int)N, (int)K, 1.0f, A, (int)lda, B,
                    (int)ldb, 0.0f, s->fc, (int)N);
        for (int64_t i = 0; i < M; i++)
            for (int64_t j = 0; j < N; j++)
                C[i * ldc + j] += s->fc[i * N + j];
        return 0;
    }
    if (grow((void **)&s->da, &s->na, (size_t)(ar * ac), sizeof(double)) ||
        grow((void **)&s->db, &s->nb, (size_t)(br * bc), sizeof(double)))
        return -1;
    copy_block(A, ar, ac, lda, abs, NULL, s->da);
    copy_block(B, br, bc, ldb, abs, NULL, s->db);
    cblas_dgemm(CblasRowMajor, opa, opb, (int)M, (int)N, (int)K, 1.0, s->da, (int)ac, s->db,
                (int)bc, 1.0, C, (int)ldc);
    return 0;
}

/* Columns per GEMM: the im2col buffer stays under 2^24 elements (64 MiB of
 * floats) however large the image. */
#define REF_MAX_COLS_ELEMS (INT64_C(1) << 24)

/* One chunk of columns of image n, group gr, into ref (pass 0) and mag (pass 1). */
static int chunk(const geo *g, scratch *sc, float *const t[], int64_t n, int64_t gr, int64_t j0,
                 int64_t nj, float *cols, double *dcols, double *out[2])
{
    const prob_shape *sh = g->sh;
    int64_t crs = g->m->reduction;
    const float *w = t[TENSOR_WEI] + gr * g->kg * crs;
    const float *dy = sh->dir == PROB_FWD ? NULL
                                          : t[TENSOR_OUT] + (n * sh->k + gr * g->kg) * g->pq + j0;
    if (sh->dir != PROB_BWD_DATA)
        im2col(g, t[TENSOR_IN], n, gr, j0, nj, cols);
    for (int abs = 0; abs < 2; abs++) {
        int rc;
        if (sh->dir == PROB_FWD) {
            rc = gemm_add(sc, abs, 0, 0, g->kg, nj, crs, w, crs, cols, nj,
                          out[abs] + (n * sh->k + gr * g->kg) * g->pq + j0, g->pq);
        } else if (sh->dir == PROB_BWD_WEIGHTS) {
            rc = gemm_add(sc, abs, 0, 1, g->kg, crs, nj, dy, g->pq, cols, nj,
                          out[abs] + gr * g->kg * crs, crs);
        } else {
            memset(dcols, 0, (size_t)(crs * nj) * sizeof *dcols);
            rc = gemm_add(sc, abs, 1, 0, crs, nj, g->kg, w, crs, dy, g->pq, dcols, nj);
            if (rc == 0)
                col2im(g, dcols, n, gr, j0, nj, out[abs]);
        }
        if (rc)
            return -1;
    }
    return 0;
}

/* Every element of the result through GEMMs. Returns 0, or -1 out of memory. */
static int all_elements(const geo *g, float *const t[], const float *bias, double *ref,
                        double *mag)
{
    const prob_shape *sh = g->sh;
    const prob_metrics *m = g->m;
    int64_t crs = m->reduction, nj = REF_MAX_COLS_ELEMS / crs;
    nj = nj < 1 ? 1 : nj > g->pq ? g->pq : nj;
    scratch sc = {.single = float_exact(sh, m, t, bias)};
    float *cols = malloc((size_t)(crs * nj) * sizeof *cols);
    double *dcols = sh->dir == PROB_BWD_DATA ? malloc((size_t)(crs * nj) * sizeof *dcols) : NULL;
    int rc = !cols || (sh->dir == PROB_BWD_DATA && !dcols) ? -1 : 0;
    memset(ref, 0, (size_t)m->result_elems * sizeof *ref);
    memset(mag, 0, (size_t)m->result_elems * sizeof *mag);
    double *out[2] = {ref, mag};
    for (int64_t n = 0; n < sh->n && !rc; n++)
        for (int64_t gr = 0; gr < sh->groups && !rc; gr++)
            for (int64_t j0 = 0; j0 < g->pq && !rc; j0 += nj)
                rc = chunk(g, &sc, t, n, gr, j0, g->pq - j0 < nj ? g->pq - j0 : nj, cols, dcols,
                           out);
    free(cols);
    free(dcols);
    scratch_free(&sc);
    if (!rc && sh->dir == PROB_FWD && sh->bias)
        for (int64_t i = 0; i < m->out_elems; i++) {
            int64_t k = i / g->pq % sh->k;
            ref[i] += bias[k];
            mag[i] += fabs((double)bias[k]);
        }
    return rc;
}

int ref_compute(const prob_shape *sh, const prob_metrics *m, float *const t[TENSOR_ROLE_COUNT],
                const float *bias, const int64_t *idx, int64_t count, double *ref, double *mag)
{
    geo g = {sh, m, sh->c / sh->groups, sh->k / sh->groups, m->p * m->q};
    if (!idx)
        return all_elements(&g, t, bias, ref, mag);
#pragma omp parallel for schedule(dynamic, 64)
    for (int64_t i = 0; i < count; i++) {
        if (sh->dir == PROB_FWD)
            one_fwd(&g, t, bias, idx[i], &ref[i], &mag[i]);
        else if (sh->dir == PROB_BWD_DATA)
            one_bwd_data(&g, t, idx[i], &ref[i], &mag[i]);
        else
            one_bwd_weights(&g, t, idx[i], &ref[i], &mag[i]);
    }
    return 0;
}
