/* backward.cl - the backward passes of the direct algorithm, NCHW.
 *
 * rotate_weights makes the forward weights of the transposed problem, for
 * backward data computed as forward convolutions (bwd_via_fwd.h; either
 * layout), and interleave_phases puts the phases of stride 2 together.
 * bwd_data is the gather for every stride: each work-item one dX element,
 * summing the dY values of the outputs whose windows cover its pixel (an
 * output row p reads input row p*SH - PH + r*DH: row ih is read by tap r when
 * ih + PH - r*DH is a multiple of SH). No two work-items write one element,
 * so no atomics. bwd_weights_part sums each dW element over its split of the
 * N*P*Q positions; bwd_weights_sum adds the SPLIT partials in a fixed order,
 * so results are the same bits run after run.
 *
 * Element types from kernels/real.cl. Build options: the problem (kopts_problem),
 * SH SW, SPLIT (bwd_weights: parts of N*P*Q), CB_FAULT_INJECT (drop the last
 * output channel of each sum: the tests' deliberately wrong variant).
 */
#define CG (C / G)
#define KG (K / G)
#define PQ (P * Q)
#define NPQ (N * PQ)

#ifdef CB_FAULT_INJECT
#define K_LOOP (KG - 1)
#define DROP_K(k) ((k) % KG == KG - 1)
#else
#define K_LOOP KG
#define DROP_K(k) 0
#endif

/* The forward weights of backward data's phase (rh, rw), which holds jh x jw
 * taps: wt[c][kk][j][l] (KCRS of the transposed problem: K' = C, C'/G = K/G;
 * KRSC with NHWC) = w[g*KG + kk][c % CG][rh + SH*(jh-1-j)][rw + SW*(jw-1-l)],
 * c in group g. At stride 1 the one phase is (0, 0) with R x S taps: the
 * weights rotated by 180 degrees. Global size K * CG * jh * jw. */
__kernel void rotate_weights(__global const real *restrict w, __global real *restrict wt, int rh,
                             int rw, int jh, int jw)
{
    const int i = get_global_id(0);
    if (i >= K * CG * jh * jw)
        return;
#ifdef NHWC
    const int kk = i % KG, l = (i / KG) % jw, j = (i / (KG * jw)) % jh, c = i / (KG * jw * jh);
#else
    const int l = i % jw, j = (i / jw) % jh, kk = (i / (jw * jh)) % KG, c = i / (jw * jh * KG);
#endif
    const int g = c / CG, cc = c % CG, r = rh + SH * (jh - 1 - j), s = rw + SW * (jw - 1 - l);
#ifdef NHWC
    wt[i] = w[(((g * KG + kk) * R + r) * S + s) * CG + cc];
#else
    wt[i] = w[((g * KG + kk) * CG + cc) * R * S + r * S + s];
#endif
}

/* Taps of phase rho along an axis of n taps at stride st (0: none). */
#define PHASE_TAPS(n, st, rho) ((rho) < (n) ? ((n) - (rho) + (st) - 1) / (st) : 0)

/* dX from the phases' outputs at stride 2: pixel (ih, iw) belongs to phase
 * ((ih + PH) % SH, (iw + PW) % SW), row (ih + PH) / SH and column
 * (iw + PW) / SW of that phase's output ((P + jh - 1) x (Q + jw - 1) per
 * plane); 0 where the phase has no taps. Global size N*C*H*W, dX's layout. */
__kernel void interleave_phases(__global real *restrict dx, __global const real *p0,
                                __global const real *p1, __global const real *p2,
                                __global const real *p3)
{
    const long i = get_global_id(0);
    if (i >= (long)N * C * H * W)
        return;
#ifdef NHWC
    const int c = i % C, iw = (i / C) % W, ih = (i / ((long)C * W)) % H;
    const long n = i / ((long)C * W * H);
#else
    const int iw = i % W, ih = (i / W) % H, c = (i / ((long)W * H)) % C;
    const long n = i / ((long)W * H * C);
#endif
    const int a = (ih + PH) % SH, u = (ih + PH) / SH, b = (iw + PW) % SW, v = (iw + PW) / SW;
    const int jh = PHASE_TAPS(R, SH, a), jw = PHASE_TAPS(S, SW, b);
    const int hp = P + jh - 1, wp = Q + jw - 1, phase = a * SW + b;
    __global const real *src = phase == 0 ? p0 : phase == 1 ? p1 : phase == 2 ? p2 : p3;
    real val = 0;
    if (jh && jw && u < hp && v < wp)
#ifdef NHWC
        val = src[((n * hp + u) * wp + v) * C + c];
#else
        val = src[((n * C + c) * hp + u) * wp + v];
#endif
    dx[i] = val;
}

/* Global size (W, H, N*C): dx[n][c][ih][iw]. */
__kernel void bwd_data(__global const real *restrict dy, __global const real *restrict w,
                       __global real *restrict dx)
{
    const int iw = get_global_id(0), ih = get_global_id(1), z = get_global_id(2);
    if (iw >= W || ih >= H)
        return;
    const int c = z % C, n = z / C, g = c / CG, cc = c % CG;
    __global const real *y = dy + ((long)n * K + g * KG) * PQ;
    __global const real *wg = w + ((long)g * KG * CG + cc) * R * S;
    acc sum = 0;
    for (int r = 0; r < R; r++) {
        const int ph = ih + PH - r * DH;
        if (ph < 0 || ph % SH || ph / SH >= P)
            continue;
        for (int s = 0; s < S; s++) {
            const int pw = iw + PW - s * DW;
            if (pw < 0 || pw % SW || pw / SW >= Q)
                continue;
            const int at = ph / SH * Q + pw / SW, tap = r * S + s;
            for (int k = 0; k < K_LOOP; k++)
                sum += (acc)y[k * PQ + at] * (acc)wg[k * CG * R * S + tap];
        }
    }
    dx[(long)z * H * W + ih * W + iw] = (real)sum;
}

/* Global size (C/G*R*S, K, SPLIT): part[j][k][cc][r][s] = the sum over
 * positions t = n*PQ + p*Q + q of split j of dy[n][k][p][q] * the input value
 * tap (r, s) of channel g*CG + cc meets there. Adjacent work-items differ in
 * s: neighbouring input columns, the same dY value. */
__kernel void bwd_weights_part(__global const real *restrict dy, __global const real *restrict x,
                               __global acc *restrict part)
{
    const int crs = get_global_id(0), k = get_global_id(1), j = get_global_id(2);
    if (crs >= CG * R * S)
        return;
    const int s = crs % S, r = (crs / S) % R, cc = crs / (S * R), ci = k / KG * CG + cc;
    const int per = (NPQ + SPLIT - 1) / SPLIT, t0 = j * per,
              t1 = t0 + per < NPQ ? t0 + per : NPQ;
    acc sum = 0;
    for (int t = t0; t < t1 && !DROP_K(k);) {
        /* One output row's stretch of the split at a time: the bounds of the
         * row's taps are worked out once per row. */
        const int n = t / PQ, p = (t / Q) % P, q0 = t % Q;
        const int q1 = t1 - t < Q - q0 ? q0 + (t1 - t) : Q;
        const int ih = p * SH - PH + r * DH;
        if (ih >= 0 && ih < H) {
            __global const real *y = dy + ((long)n * K + k) * PQ + p * Q;
            __global const real *xr = x + (((long)n * C + ci) * H + ih) * W;
            for (int q = q0; q < q1; q++) {
                const int iw = q * SW - PW + s * DW;
                if (iw >= 0 && iw < W)
                    sum += (acc)y[q] * (acc)xr[iw];
            }
        }
        t += q1 - q0;
    }
    part[((long)j * K + k) * CG * R * S + crs] = sum;
}

/* Global size (K*CG*R*S): dw[i] = the SPLIT partials of i, added in order.
 * The partials are kept in the accumulation type, so splitting rounds no
 * more than one long sum would. */
__kernel void bwd_weights_sum(__global const acc *restrict part, __global real *restrict dw)
{
    const int i = get_global_id(0);
    if (i >= K * CG * R * S)
        return;
    acc sum = 0;
    for (int j = 0; j < SPLIT; j++)
        sum += (acc)part[(long)j * K * CG * R * S + i];
    dw[i] = (real)sum;
}

/* The register-tiled backward weights (groups 1): each work-item sums, over
 * whole output rows (n, p) of its split, a KT x CT tile of dW (KT output
 * channels, CT input channels, one tap (r, s)), QV output columns at a time
 * as one vector: per step KT + CT vector loads for KT * CT vector FMAs, a
 * GEMM micro-kernel whose B operand is the input gathered in place. It reads
 * padded copies, so nothing is bounds-checked: xp (HP x WP per channel,
 * zero-padded, wide enough for the last vector) and dyp (rows of QP = Q
 * rounded up to QV, zeros past Q). Build options besides the problem: KT CT
 * QV HP WP QP SPLIT (parts of the N*P rows). */
#ifdef TILED
#define QP_ ((Q + QV - 1) / QV * QV)
typedef ACCV(QV) vacc;
#define VLD(p) LOAD_ACC(QV, p)

/* xp[n][c][y][x] = x[n][c][y - PH][x - PW], 0 outside; global size N*C*HP*WP. */
__kernel void pad_x(__global const real *restrict x, __global real *restrict xp)
{
    const long i = get_global_id(0);
    if (i >= (long)N * C * HP * WP)
        return;
    const int xx = i % WP, y = (i / WP) % HP;
    const long nc = i / ((long)WP * HP);
    const int ih = y - PH, iw = xx - PW;
    xp[i] = ih >= 0 && ih < H && iw >= 0 && iw < W ? x[(nc * H + ih) * W + iw] : (real)0;
}

/* A strided 1x1 layer's input made dense: xp[n][c][p*GQ + q] =
 * x[n][c][p*GSH][q*GSW] of the layer's GH x GW input (the kernel then sees
 * one row of P*Q columns per plane, H = 1, W = P*Q, rows WP long, zeros past
 * W); global size N*C*WP. */
__kernel void gather_x(__global const real *restrict x, __global real *restrict xp)
{
    const long i = get_global_id(0);
    if (i >= (long)N * C * WP)
        return;
    const int xx = i % WP, q = xx % GQ, p = xx / GQ;
    const long nc = i / WP;
    xp[i] = xx < W ? x[(nc * GH + p * GSH) * GW + q * GSW] : (real)0;
}

/* dyp[n][k][p][q] = dy[n][k][p][q], 0 for q >= Q; global size N*K*P*QP. */
__kernel void pad_dy(__global const real *restrict dy, __global real *restrict dyp)
{
    const long i = get_global_id(0);
    if (i >= (long)N * K * P * QP_)
        return;
    const int q = i % QP_;
    const long row = i / QP_;
    dyp[i] = q < Q ? dy[row * Q + q] : (real)0;
}

/* QV input columns q*SW + s*DW (padded coordinates) of row xr from q0 on. */
inline vacc load_x(__global const real *xr, int at)
{
#if SW == 1
    return VLD(xr + at);
#elif SW == 2 && QV == 8
    return CAT(convert_, ACCV(8))(vload16(0, xr + at).even);
#elif SW == 2 && QV == 4
    return CAT(convert_, ACCV(4))(vload8(0, xr + at).even);
#else
    acc t[QV];
    for (int i = 0; i < QV; i++)
        t[i] = (acc)xr[at + i * SW];
    return CAT(vload, QV)(0, t);
#endif
}

/* Global size (R*S*C/CT, K/KT, SPLIT). */
__kernel void bwd_weights_tiled(__global const real *restrict dyp,
                                __global const real *restrict xp, __global acc *restrict part)
{
    const int z = get_global_id(0), kb = get_global_id(1), j = get_global_id(2);
    if (z >= R * S * (C / CT))
        return;
    const int s = z % S, r = (z / S) % R, c0 = z / (S * R) * CT, k0 = kb * KT;
    const int per = (N * P + SPLIT - 1) / SPLIT, row0 = j * per,
              row1 = row0 + per < N * P ? row0 + per : N * P;
    vacc sum[KT * CT];
#pragma unroll
    for (int t = 0; t < KT * CT; t++)
        sum[t] = (vacc)0;
    for (int row = row0; row < row1; row++) {
        const int n = row / P, p = row % P, ih = p * SH + r * DH;
        __global const real *y = dyp + (((long)n * K + k0) * P + p) * QP_;
        __global const real *xr = xp + (((long)n * C + c0) * HP + ih) * WP + s * DW;
        for (int q0 = 0; q0 < QP_; q0 += QV) {
            vacc xv[CT];
#pragma unroll
            for (int b = 0; b < CT; b++)
                xv[b] = load_x(xr + (long)b * HP * WP, q0 * SW);
#pragma unroll
            for (int a = 0; a < KT; a++) {
                const vacc dv = VLD(y + (long)a * P * QP_ + q0);
#pragma unroll
                for (int b = 0; b < CT; b++)
                    sum[a * CT + b] = fma(dv, xv[b], sum[a * CT + b]);
            }
        }
    }
#pragma unroll
    for (int a = 0; a < KT; a++)
#pragma unroll
        for (int b = 0; b < CT; b++) {
            acc lanes[QV], t = 0;
            CAT(vstore, QV)(sum[a * CT + b], 0, lanes);
            for (int i = 0; i < QV; i++)
                t += lanes[i];
#ifdef CB_FAULT_INJECT
            if (k0 + a == K - 1)
                t = 0;
#endif
            part[((long)j * K + k0 + a) * C * R * S + ((c0 + b) * R + r) * S + s] = t;
        }
}
#endif

/* Backward weights vectorised across input channels (groups 1, C >= 16):
 * each work-item sums a KT x 16 tile of dW (KT output channels, 16 input
 * channels, one tap (r, s)) over whole output rows of its split; per output
 * column it loads 16 channels of the input at the tap as two vectors and KT
 * dY values, and does 2*KT vector FMAs: a GEMM micro-kernel with dY
 * broadcast, as the forward kernel broadcasts weights. It reads a
 * channels-last, zero-padded copy of X with CP channels (C rounded up to 16,
 * zeros past C), so the 16 channels of a tap are contiguous whatever the
 * stride. Output channels past K (the last tile) read channel K-1 and are
 * not stored. Build options besides the problem: SH SW KT CP HP WP SPLIT
 * (parts of the N*P rows). */
#ifdef CVEC
typedef ACCV(8) v8;

/* xc[n][y][x][c] = x[n][c][y - PH][x - PW], 0 outside and for c >= C; global
 * size N*HP*WP*CP. */
__kernel void to_channels_last(__global const real *restrict x, __global real *restrict xc)
{
    const long i = get_global_id(0);
    if (i >= (long)N * HP * WP * CP)
        return;
    const int c = i % CP, xx = (i / CP) % WP, y = (i / ((long)CP * WP)) % HP;
    const long n = i / ((long)CP * WP * HP);
    const int ih = y - PH, iw = xx - PW;
    xc[i] = c < C && ih >= 0 && ih < H && iw >= 0 && iw < W ? x[((n * C + c) * H + ih) * W + iw]
                                                             : (real)0;
}

/* Global size (R*S*CP/16, ceil(K/KT), SPLIT). */
__kernel void bwd_weights_cvec(__global const real *restrict dy, __global const real *restrict xc,
                               __global acc *restrict part)
{
    const int z = get_global_id(0), kb = get_global_id(1), j = get_global_id(2);
    if (z >= R * S * (CP / 16))
        return;
    const int s = z % S, r = (z / S) % R, c0 = z / (S * R) * 16, k0 = kb * KT;
    const int per = (N * P + SPLIT - 1) / SPLIT, row0 = j * per,
              row1 = row0 + per < N * P ? row0 + per : N * P;
    v8 lo[KT], hi[KT];
#pragma unroll
    for (int t = 0; t < KT; t++)
        lo[t] = hi[t] = (v8)0;
    for (int row = row0; row < row1; row++) {
        const int n = row / P, p = row % P;
        __global const real *xr = xc + (((long)n * HP + p * SH + r * DH) * WP + s * DW) * CP + c0;
        __global const real *yr[KT];
#pragma unroll
        for (int t = 0; t < KT; t++)
            yr[t] = dy + (((long)n * K + min(k0 + t, K - 1)) * P + p) * Q;
        for (int q = 0; q < Q; q++) {
            __global const real *xq = xr + (long)q * SW * CP;
            const v8 x0 = LOAD_ACC(8, xq), x1 = LOAD_ACC(8, xq + 8);
#pragma unroll
            for (int t = 0; t < KT; t++) {
                const v8 d = (v8)((acc)yr[t][q]);
                lo[t] = fma(d, x0, lo[t]);
                hi[t] = fma(d, x1, hi[t]);
            }
        }
    }
#pragma unroll
    for (int t = 0; t < KT; t++) {
        const int k = k0 + t;
        if (k >= K)
            break;
        acc v[16];
        vstore8(lo[t], 0, v);
        vstore8(hi[t], 0, v + 8);
        for (int i = 0; i < 16 && c0 + i < C; i++) {
#ifdef CB_FAULT_INJECT
            if (k == K - 1)
                v[i] = 0;
#endif
            part[((long)j * K + k) * C * R * S + ((c0 + i) * R + r) * S + s] = v[i];
        }
    }
}
#endif
