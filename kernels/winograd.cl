/* winograd.cl - Winograd minimal filtering F(m x m, 3 x 3) (Lavin & Gray, 2016):
 * Y = A^T [ (G g G^T) (.) (B^T d B) ] A, for m = 2, 4 or 6 (alpha = m + 2).
 *
 * Four kernels: filter_transform (once per set of weights), input_transform,
 * batched_gemm (alpha^2 independent GEMMs M[xi] = U[xi]^T V[xi] over the input
 * channels), output_transform. Tile t = (n * TP + tp) * TQ + tq; K and the tile
 * count are rounded up (KP, TPAD) so the GEMM needs no bounds checks. Layouts,
 * tiles last so the transforms (work-items along t) read and write whole lines:
 *   U[xi][c][k] (alpha^2 x C x KP), V[xi][c][t] (alpha^2 x C x TPAD),
 *   M[xi][k][t] (alpha^2 x KP x TPAD).
 *
 * Build options: N C H W K P Q PH PW (the problem, 3x3 stride 1), M_TILE (2, 4 or 6),
 * TP TQ (tiles per column and row), HP WP (the padded input the input transform
 * reads), KP TPAD (padded K and T), KT (output channels per GEMM work-item),
 * TV (tiles per GEMM work-item: 4, 8 or 16, one vector),
 * HAS_BIAS, REAL_HALF and ACC_HALF (kernels/real.cl: the tensors are `real`;
 * the padded input, the transforms and the GEMM are `acc`), NHWC (the pad pass
 * reads channels-last and writes its channel-planar copy, the filter transform
 * reads KRSC, the output transform writes channels-last), CB_FAULT_INJECT (a
 * wrong sign in B^T: a deliberately broken transform the tests use to prove
 * verification catches it) and CB_EXTRA_WORK=PCT (PCT% of the GEMM's
 * work-items do their reduction twice, same answers: kernels/real.cl). GEMM columns past
 * the last tile are never written by the input transform nor read by the output
 * transform: whatever they hold stays there.
 */
#define T_TILES (N * TP * TQ)
typedef ACCV(TV) accv;          /* TV tiles of the GEMM: one vector */
typedef ACCV(8) acc8;

/* The transform matrices, written once, from the interpolation points. */
#if M_TILE == 2
/* F(2x2,3x3): points 0, 1, -1 (and infinity). */
#define ALPHA 4
#define MAT_BT {{1, 0, -1, 0}, {0, 1, 1, 0}, {0, -1, 1, 0}, {0, 1, 0, -1}}
#define MAT_G {{1, 0, 0}, {0.5f, 0.5f, 0.5f}, {0.5f, -0.5f, 0.5f}, {0, 0, 1}}
#define MAT_AT {{1, 1, 1, 0}, {0, 1, -1, -1}}
#define FAULT_ROW 0
#define FAULT_COL 2
#elif M_TILE == 4
/* F(4x4,3x3): points 0, 1, -1, 2, -2 (and infinity). */
#define ALPHA 6
#define MAT_BT                                                                               \
    {{4, 0, -5, 0, 1, 0}, {0, -4, -4, 1, 1, 0}, {0, 4, -4, -1, 1, 0},                         \
     {0, -2, -1, 2, 1, 0}, {0, 2, -1, -2, 1, 0}, {0, 4, 0, -5, 0, 1}}
#define MAT_G                                                                                \
    {{1.0f / 4, 0, 0}, {-1.0f / 6, -1.0f / 6, -1.0f / 6}, {-1.0f / 6, 1.0f / 6, -1.0f / 6},   \
     {1.0f / 24, 1.0f / 12, 1.0f / 6}, {1.0f / 24, -1.0f / 12, 1.0f / 6}, {0, 0, 1}}
#define MAT_AT {{1, 1, 1, 1, 1, 0}, {0, 1, -1, 2, -2, 0}, {0, 1, 1, 4, 4, 0}, {0, 1, -1, 8, -8, 1}}
#define FAULT_ROW 0
#define FAULT_COL 2
#elif M_TILE == 6
/* F(6x6,3x3): points 0, 1, -1, 2, -2, 1/2, -1/2 (and infinity), the choice
 * that keeps the entries of B^T, G and A^T smallest (Lavin & Gray; TVM's
 * winograd_util.py). */
#define ALPHA 8
#define MAT_BT                                                                               \
    {{1, 0, -21.0f / 4, 0, 21.0f / 4, 0, -1, 0},                                              \
     {0, 1, 1, -17.0f / 4, -17.0f / 4, 1, 1, 0},                                              \
     {0, -1, 1, 17.0f / 4, -17.0f / 4, -1, 1, 0},                                             \
     {0, 0.5f, 0.25f, -2.5f, -1.25f, 2, 1, 0},                                                \
     {0, -0.5f, 0.25f, 2.5f, -1.25f, -2, 1, 0},                                               \
     {0, 2, 4, -2.5f, -5, 0.5f, 1, 0},                                                        \
     {0, -2, 4, 2.5f, -5, -0.5f, 1, 0},                                                       \
     {0, -1, 0, 21.0f / 4, 0, -21.0f / 4, 0, 1}}
#define MAT_G                                                                                \
    {{1, 0, 0},                                                                              \
     {-2.0f / 9, -2.0f / 9, -2.0f / 9},                                                       \
     {-2.0f / 9, 2.0f / 9, -2.0f / 9},                                                        \
     {1.0f / 90, 1.0f / 45, 2.0f / 45},                                                       \
     {1.0f / 90, -1.0f / 45, 2.0f / 45},                                                      \
     {32.0f / 45, 16.0f / 45, 8.0f / 45},                                                     \
     {32.0f / 45, -16.0f / 45, 8.0f / 45},                                                    \
     {0, 0, 1}}
#define MAT_AT                                                                               \
    {{1, 1, 1, 1, 1, 1, 1, 0},                                                               \
     {0, 1, -1, 2, -2, 0.5f, -0.5f, 0},                                                       \
     {0, 1, 1, 4, 4, 0.25f, 0.25f, 0},                                                        \
     {0, 1, -1, 8, -8, 0.125f, -0.125f, 0},                                                   \
     {0, 1, 1, 16, 16, 0.0625f, 0.0625f, 0},                                                  \
     {0, 1, -1, 32, -32, 0.03125f, -0.03125f, 1}}
#define FAULT_ROW 0
#define FAULT_COL 2
#else
#error "M_TILE must be 2, 4 or 6"
#endif
#define A2 (ALPHA * ALPHA)
#define V_AT(t, xi, c) (((long)(xi) * C + (c)) * TPAD + (t))
#define M_AT(t, xi, k) (((long)(xi) * KP + (k)) * TPAD + (t))

/* B^T with the deliberate fault applied when asked for: its entry flips sign. */
inline acc bt_entry(int i, int j)
{
    const acc bt[ALPHA][ALPHA] = MAT_BT;
#ifdef CB_FAULT_INJECT
    if (i == FAULT_ROW && j == FAULT_COL)
        return -bt[i][j];
#endif
    return bt[i][j];
}

/* sum over l of B^T[i][l] * x[l], for ALPHA acc8s x (lanes: tiles). Both
 * halves of V = B^T d B are this: row i of B^T against a column of d, then
 * row j of B^T against a row of B^T d. */
inline acc8 bt_dot(int i, const acc8 *x)
{
    acc8 s = (acc8)(0);
#pragma unroll
    for (int l = 0; l < ALPHA; l++)
        s += bt_entry(i, l) * x[l];
    return s;
}

/* U = G g G^T for one (k, c); global size (KP, C). */
__kernel void filter_transform(__global const real *restrict w, __global acc *restrict u)
{
    const int k = get_global_id(0), c = get_global_id(1);
    const acc gm[ALPHA][3] = MAT_G;
    acc g[3][3], tmp[ALPHA][3];
#pragma unroll
    for (int i = 0; i < 9; i++)
#ifdef NHWC
        g[i / 3][i % 3] = k < K ? (acc)w[(k * 9 + i) * C + c] : (acc)0;
#else
        g[i / 3][i % 3] = k < K ? (acc)w[(k * C + c) * 9 + i] : (acc)0;
#endif
#pragma unroll
    for (int i = 0; i < ALPHA; i++)
#pragma unroll
        for (int j = 0; j < 3; j++)
            tmp[i][j] = gm[i][0] * g[0][j] + gm[i][1] * g[1][j] + gm[i][2] * g[2][j];
#pragma unroll
    for (int i = 0; i < ALPHA; i++)
#pragma unroll
        for (int j = 0; j < ALPHA; j++)
            u[((i * ALPHA + j) * C + c) * KP + k] =
                tmp[i][0] * gm[j][0] + tmp[i][1] * gm[j][1] + tmp[i][2] * gm[j][2];
}

/* xp[n][c][HP][WP]: the input placed at (PH, PW) with zeros around it, wide
 * and tall enough that every tile group below reads inside it. */
__kernel void pad_input(__global const real *restrict in, __global acc *restrict xp)
{
    const int x = get_global_id(0), y = get_global_id(1), nc = get_global_id(2);
    const int sx = x - PW, sy = y - PH;
#ifdef NHWC
    const long src = (((long)(nc / C) * H + sy) * W + sx) * C + nc % C;
#else
    const long src = ((long)nc * H + sy) * W + sx;
#endif
    xp[((long)nc * HP + y) * WP + x] =
        (sx >= 0 && sx < W && sy >= 0 && sy < H) ? (acc)in[src] : (acc)0;
}

/* V = B^T d B for 8 horizontally adjacent tiles of one channel at once: lane L
 * of every acc8 is tile 8g + L of the tile row. Each of the ALPHA input rows
 * is one contiguous load of ROWLEN values from the padded input, so there are
 * no bounds checks and no gathers. Global size (TG, TP, N * C), TG = ceil(TQ/8). */
#define ROWLEN (8 * M_TILE + 4)
__kernel void input_transform(__global const acc *restrict xp, __global acc *restrict v)
{
    const int g = get_global_id(0), tp = get_global_id(1), nc = get_global_id(2);
    const int n = nc / C, c = nc % C;
    __global const acc *src = xp + ((long)nc * HP + tp * M_TILE) * WP + g * 8 * M_TILE;
    acc8 dt[ALPHA][ALPHA], tmp[ALPHA][ALPHA]; /* dt[j][l] = d[l][j]: columns of d */
#pragma unroll
    for (int l = 0; l < ALPHA; l++) {
        acc row[ROWLEN];
#pragma unroll
        for (int x = 0; x < ROWLEN; x += 4)
            vstore4(vload4(0, src + l * WP + x), 0, row + x);
#pragma unroll
        for (int j = 0; j < ALPHA; j++)
            dt[j][l] = (acc8)(row[j], row[M_TILE + j], row[2 * M_TILE + j], row[3 * M_TILE + j],
                                row[4 * M_TILE + j], row[5 * M_TILE + j], row[6 * M_TILE + j],
                                row[7 * M_TILE + j]);
    }
#pragma unroll
    for (int i = 0; i < ALPHA; i++)
#pragma unroll
        for (int j = 0; j < ALPHA; j++)
            tmp[i][j] = bt_dot(i, dt[j]);
    const int tq0 = g * 8, lanes = min(8, TQ - tq0);
    const long t0 = ((long)n * TP + tp) * TQ + tq0;
#pragma unroll
    for (int i = 0; i < ALPHA; i++)
#pragma unroll
        for (int j = 0; j < ALPHA; j++) {
            const acc8 s = bt_dot(j, tmp[i]);
            __global acc *dst = v + ((long)(i * ALPHA + j) * C + c) * TPAD + t0;
            if (lanes == 8) {
                vstore8(s, 0, dst);
            } else {
                acc lane[8];
                vstore8(s, 0, lane);
                for (int L = 0; L < lanes; L++)
                    dst[L] = lane[L];
            }
        }
}

/* M[xi][k][t] = sum_c U[xi][c][k] V[xi][c][t]: a KT x TV register tile per
 * work-item, TV tiles as one vector; global size (TPAD / TV, KP / KT, A2). */
/* sum[i] += U[xi][c][k0 + i] V[xi][c][t0...] over c in [0, nc). */
inline void gemm_reduce(__global const acc *restrict up, __global const acc *restrict vp, int nc,
                        accv *sum)
{
    for (int c = 0; c < nc; c++) {
        const accv b = CAT(vload, TV)(0, vp + (long)c * TPAD);
        __global const acc *a = up + (long)c * KP;
#pragma unroll
        for (int i = 0; i < KT; i++)
            sum[i] = fma((accv)(a[i]), b, sum[i]);
    }
}

__kernel void batched_gemm(__global const acc *restrict u, __global const acc *restrict v,
                           __global acc *restrict m)
{
    const int t0 = get_global_id(0) * TV, k0 = get_global_id(1) * KT, xi = get_global_id(2);
    __global const acc *up = u + (long)xi * C * KP + k0;
    __global const acc *vp = v + V_AT(t0, xi, 0);
    accv sum[KT];
#pragma unroll
    for (int i = 0; i < KT; i++)
        sum[i] = (accv)(0);
#ifdef CB_EXTRA_WORK
    if (EXTRA_ITEM((xi * (KP / KT) + get_global_id(1)) * (TPAD / TV) + get_global_id(0))) {
        gemm_reduce(up, vp, C, sum);
#pragma unroll
        for (int i = 0; i < KT; i++)
            sum[i] *= (accv)((acc)extra_zero());
    }
#endif
    gemm_reduce(up, vp, C, sum);
    __global acc *mp = m + M_AT(t0, xi, k0);
#pragma unroll
    for (int i = 0; i < KT; i++)
        CAT(vstore, TV)(sum[i], 0, mp + (long)i * TPAD);
}

/* Y = A^T M A for one (tile, k), written where it lies inside P x Q; global (T, K). */
__kernel void output_transform(__global const acc *restrict m, __global const real *restrict bias,
                               __global real *restrict out)
{
    const int t = get_global_id(0), k = get_global_id(1);
    const acc at[M_TILE][ALPHA] = MAT_AT;
    acc mm[ALPHA][ALPHA], tmp[M_TILE][ALPHA];
#pragma unroll
    for (int i = 0; i < A2; i++)
        mm[i / ALPHA][i % ALPHA] = m[M_AT(t, i, k)];
#pragma unroll
    for (int i = 0; i < M_TILE; i++)
#pragma unroll
        for (int j = 0; j < ALPHA; j++) {
            acc s = 0;
#pragma unroll
            for (int l = 0; l < ALPHA; l++)
                s += at[i][l] * mm[l][j];
            tmp[i][j] = s;
        }
    const int tq = t % TQ, tp = (t / TQ) % TP, n = t / (TQ * TP);
#ifdef HAS_BIAS
    const acc b = bias[k];
#else
    const acc b = 0;
#endif
#ifdef NHWC
    __global real *dst = out + (long)n * P * Q * K + k; /* (y, x) at (y * Q + x) * K */
#define OUT_AT(y, x) (((y) * Q + (x)) * K)
#else
    __global real *dst = out + ((long)n * K + k) * P * Q;
#define OUT_AT(y, x) ((y) * Q + (x))
#endif
#pragma unroll
    for (int i = 0; i < M_TILE; i++)
#pragma unroll
        for (int j = 0; j < M_TILE; j++) {
            acc s = b;
#pragma unroll
            for (int l = 0; l < ALPHA; l++)
                s += tmp[i][l] * at[j][l];
            const int y = tp * M_TILE + i, x = tq * M_TILE + j;
            if (y < P && x < Q)
                dst[OUT_AT(y, x)] = (real)s;
        }
}

#ifdef MWG
/* The tiled alternative to batched_gemm: kernels/gemm_tile.cl, appended when
 * the plan asks for it (TILED=1), over A = U[xi][c][k], B = V[xi][c][t],
 * C = M[xi][k][t]; rows c past C (the reduction rounded up to KWG) are zero,
 * and the rows of B and C are contiguous (KP and TPAD whole tiles), so their
 * loads and stores are whole vectors. */
#define GEMM_A_T acc
#define GEMM_B_T acc
#define GEMM_C_T acc
#define GEMM_C_V(n) ACCV(n)
#define GEMM_K ((C + KWG - 1) / KWG * KWG)
#define GEMM_A_VEC(a, z, k, m) ((k) < C ? A_LOAD((a) + ((long)(z) * C + (k)) * KP + (m)) : (accm)(0))
#define GEMM_B_CONTIG
#define GEMM_B_IN(z, k, n) ((k) < C)
#define GEMM_B_PTR(b, z, k, n) ((b) + V_AT(n, z, k))
typedef int gemm_bcol; /* B is contiguous: column handles are never read */
#define GEMM_C_CONTIG
#define GEMM_C_IN(z, k, t) 1
#define GEMM_C_PTR(m, z, k, t) ((m) + M_AT(t, z, k))
#define GEMM_C_BIAS(bias, z, k) ((acc)0)
#endif
