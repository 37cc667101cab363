/* implicit_gemm.cl - convolution as a GEMM without materialising im2col,
 * per group g: OUT[g][m][n] = sum_k Wt[g][k][m] X[g][k][n] with
 *   m: an output channel of the group (M = K/G, padded to MP),
 *   n: an output pixel (img, p, q) (N = N*P*Q),
 *   k: a filter tap (c, r, s) (K = C/G*R*S, padded to KREDP): c slowest in
 *      NCHW, fastest in NHWC, the order of the weights in each layout.
 * X is never built: gemm_b gathers X[k][n] from the input with the im2col
 * index arithmetic (zero in the padding), for each tile the GEMM loads, so the
 * workspace is the packed weights alone. The GEMM is kernels/gemm_tile.cl,
 * which algo_build appends to this file.
 *
 * Build options: the problem (N C H W K P Q R S PH PW DH DW G HAS_BIAS NHWC
 * REAL_HALF ACC_HALF, kopts_problem), SH SW, MP KREDP, and gemm_tile.cl's
 * MWG NWG KWG MDIMC NDIMC VWM VWN SA SB KWI SG. CB_FAULT_INJECT drops the last
 * filter tap (a deliberately wrong result for the tests); CB_EXTRA_WORK as in
 * gemm_tile.cl.
 */
#define CG (C / G)
#define KG (K / G)
#define PQ (P * Q)
#define KRED (CG * R * S)
#define NPQ (N * PQ)

#ifdef CB_FAULT_INJECT
#define K_USED (KRED - 1)
#else
#define K_USED KRED
#endif

/* wt[g][k][m] = w[g*KG + m][k], zero past KG and KRED: KCRS and KRSC weights
 * alike, as k runs in the layout's own order. Global size G * KREDP * MP. */
__kernel void pack_weights(__global const real *restrict w, __global real *restrict wt)
{
    const int i = get_global_id(0);
    if (i >= G * KREDP * MP)
        return;
    const int m = i % MP, k = (i / MP) % KREDP, g = i / (MP * KREDP);
    wt[i] = (m < KG && k < KRED) ? w[(g * KG + m) * KRED + k] : (real)0;
}

#define GEMM_A_T real
#define GEMM_B_T real
#define GEMM_C_T real
#define GEMM_C_V(n) REALV(n)
#define GEMM_K KREDP
#define GEMM_A_VEC(a, z, k, m) A_LOAD((a) + ((z) * KREDP + (k)) * MP + (m))

/* X[g][k][n], the input pixel filter tap k of output pixel n reads, as
 * gemm_tile.cl asks for it: a column is an output pixel's top-left input
 * corner (y0, x0), a row is a tap's offset (dy, dx), and a value is their
 * sum, zero outside the input; columns past the last pixel and rows past the
 * last tap (ok 0) are zero too. Without padding every tap of every pixel lies
 * inside (INSIDE), and the bounds need no checks at all. */
#define INSIDE (PH == 0 && PW == 0 && (P - 1) * SH + (R - 1) * DH < H && (Q - 1) * SW + (S - 1) * DW < W)
typedef struct {
    int base, y0, x0, ok;
} gemm_bcol;
typedef struct {
    int off, dy, dx, ok;
} gemm_brow;

inline gemm_bcol gemm_b_col(int g, int n)
{
    const int img = n / PQ, pq = n % PQ;
    gemm_bcol c = {0, pq / Q * SH - PH, pq % Q * SW - PW, n < NPQ};
#ifdef NHWC
    c.base = ((img * H + c.y0) * W + c.x0) * C;
#else
    c.base = (img * C * H + c.y0) * W + c.x0;
#endif
    return c;
}

inline gemm_brow gemm_b_row(int g, int k)
{
#ifdef NHWC
    const int c = k % CG, s = (k / CG) % S, r = k / (CG * S);
#else
    const int s = k % S, r = (k / S) % R, c = k / (R * S);
#endif
    gemm_brow row = {0, r * DH, s * DW, k < K_USED};
#ifdef NHWC
    row.off = (row.dy * W + row.dx) * C + g * CG + c;
#else
    row.off = (g * CG + c) * H * W + row.dy * W + row.dx;
#endif
    return row;
}

inline acc gemm_b_at(__global const real *in, gemm_bcol c, gemm_brow r)
{
#if INSIDE
    const int in_bounds = 1;
#else
    const int y = c.y0 + r.dy, x = c.x0 + r.dx;
    const int in_bounds = y >= 0 && y < H && x >= 0 && x < W;
#endif
    return (c.ok && r.ok && in_bounds) ? (acc)in[c.base + r.off] : (acc)0;
}

/* A 1x1 stride-1 unpadded NCHW convolution's X[g][c][n] is the input's own
 * rows: VWN columns that do not cross an image are one vector load. */
#if R == 1 && S == 1 && SH == 1 && SW == 1 && PH == 0 && PW == 0 && !defined(NHWC) &&          \
    PQ % VWN == 0
#define GEMM_B_CONTIG
#define GEMM_B_IN(g, k, n) ((k) < K_USED && (n) < NPQ)
#define GEMM_B_PTR(in, g, k, n) ((in) + ((n) / PQ * C + (g) * CG + (k)) * PQ + (n) % PQ)
#endif

#if !defined(NHWC) && PQ % VWN == 0
#define GEMM_C_CONTIG
#define GEMM_C_IN(g, m, n) ((m) < KG && (n) < NPQ)
#define GEMM_C_PTR(out, g, m, n) ((out) + ((n) / PQ * K + (g) * KG + (m)) * PQ + (n) % PQ)
#ifdef HAS_BIAS
#define GEMM_C_BIAS(bias, g, m) ((acc)(bias)[(g) * KG + (m)])
#else
#define GEMM_C_BIAS(bias, g, m) ((acc)0)
#endif
#endif

inline void gemm_store(__global real *out, __global const real *bias, int g,
                       int m, int n, acc v)
{
    if (m >= KG || n >= NPQ)
        return;
#ifdef HAS_BIAS
    v += (acc)bias[g * KG + m];
#endif
#ifdef NHWC
    out[n * K + g * KG + m] = (real)v;
#else
    out[(n / PQ * K + g * KG + m) * PQ + n % PQ] = (real)v;
#endif
}
