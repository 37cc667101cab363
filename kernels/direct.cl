/* direct.cl - direct convolution, weights pre-packed by reorder_weights.
 *
 * Each work-item computes a register tile of KT output channels x QV adjacent
 * output columns of one output row. The QV columns are one OpenCL vector, so the
 * kernel is SIMD on CPUs without relying on the driver to vectorise across
 * work-items, and the KT weights of a filter tap are one contiguous load.
 *
 * The convolution reads an input of HP x WP per channel in which padding is
 * already applied (pad_input writes it, or the input is used as it is when it
 * needs no padding and no tile reads past its rows), so the inner loop has no
 * bounds checks at all. For a strided 1x1 convolution pad_input gathers every
 * GSH-th row and GSW-th column into a dense copy, and the kernel's own strides
 * SH, SW are then 1.
 *
 * The element types come from kernels/real.cl: tensors of `real`, sums in
 * `acc`. With NHWC, pad_input always runs and writes the channel-planar
 * padded copy from the channels-last input (the transpose is part of every
 * run), the weights are read as KRSC, and each output value is stored at its
 * channels-last place.
 *
 * Build options (all required but the last two):
 *   N C H W K P Q R S PH PW DH DW G   the problem (C, K whole; G groups)
 *   HAS_BIAS NHWC REAL_HALF ACC_HALF  (kopts_problem)
 *   SH SW  the strides the convolution applies to the input it reads
 *   HP WP  that input's height and width (H, W when no pad pass runs)
 *   GSH GSW  the strides pad_input gathers with (1: a padded copy)
 *   KT     output channels per work-item
 *   QV     output columns per work-item: 1, 2, 4, 8 or 16
 *   HAS_BIAS          add bias[k]
 *   CB_FAULT_INJECT   drop the last input channel: a deliberately wrong variant
 *                     that the tests use to prove verification catches errors
 *   CB_EXTRA_WORK=PCT PCT% of the work-items do their reduction twice, same
 *                     answers (kernels/real.cl); the gate's tests and
 *                     bench/sensitivity.sh slow the kernel with it
 *   CB_HANG_C=n       when C == n, work-item 0 never ends: a hung driver, for the
 *                     tests of --case-timeout
 *   CB_CRASH_C=n      when C == n, every work-item writes to address 16: a driver
 *                     that crashes, for the tests of --device all
 */
#define CG (C / G)
#define KG (K / G)
#define KB ((KG + KT - 1) / KT)     /* channel blocks per group */
#define QB ((Q + QV - 1) / QV)     /* column tiles per row */
#define CRS (CG * R * S)

#if QV == 1
typedef acc vec;
#define VLOAD(p) ((acc)*(p))
#define VSTORE(v, p) (*(p) = (real)(v))
#else
typedef ACCV(QV) vec;
#define VLOAD(p) LOAD_ACC(QV, p)
#define VSTORE(v, p) STORE_REAL(QV, v, p)
#endif

#if QV == 1
#define VLOAD2X(p) LOAD_ACC(2, p)
#elif QV == 2
#define VLOAD2X(p) LOAD_ACC(4, p)
#elif QV == 4
#define VLOAD2X(p) LOAD_ACC(8, p)
#elif QV == 8
#define VLOAD2X(p) LOAD_ACC(16, p)
#endif

#ifdef CB_FAULT_INJECT
#define C_LOOP (CG - 1)
#else
#define C_LOOP CG
#endif

/* wr[g][kb][c][r][s][kt] = w[g*KG + kb*KT + kt][c][r][s] (KCRS; KRSC with
 * NHWC), zero past KG. */
__kernel void reorder_weights(__global const real *restrict w, __global real *restrict wr)
{
    const int i = get_global_id(0);
    if (i >= G * KB * CRS * KT)
        return;
    const int kt = i % KT, crs = (i / KT) % CRS, kb = (i / (KT * CRS)) % KB,
              g = i / (KT * CRS * KB);
    const int k = kb * KT + kt;
#ifdef NHWC
    const int s = crs % S, r = (crs / S) % R, c = crs / (R * S);
    const int src = (((g * KG + k) * R + r) * S + s) * CG + c;
#else
    const int src = (g * KG + k) * CRS + crs;
#endif
    wr[i] = k < KG ? w[src] : (real)0;
}

/* xp[n][c][HP][WP]: the input placed at (PH, PW), zeros around it; every
 * GSH-th row and GSW-th column of it. */
__kernel void pad_input(__global const real *restrict in, __global real *restrict xp)
{
    const int i = get_global_id(0);
    if (i >= N * C * HP * WP)
        return;
    const int x = i % WP * GSW - PW, y = (i / WP) % HP * GSH - PH, nc = i / (WP * HP);
#ifdef NHWC
    const int src = ((nc / C * H + y) * W + x) * C + nc % C;
#else
    const int src = (nc * H + y) * W + x;
#endif
    xp[i] = (x >= 0 && x < W && y >= 0 && y < H) ? in[src] : (real)0;
}

/* QV input values of one filter tap: columns iw, iw+SW, ... of row. */
inline vec load_tap(__global const real *restrict row, int iw)
{
#if SW == 1
    return VLOAD(row + iw);
#elif SW == 2 && QV <= 8
    return VLOAD2X(row + iw).even; /* one load of 2*QV values, even lanes kept */
#else
    acc t[QV];
#pragma unroll
    for (int i = 0; i < QV; i++)
        t[i] = row[iw + i * SW];
#if QV == 1
    return t[0];
#else
    return CAT(vload, QV)(0, t);
#endif
#endif
}

/* sum[t] += the taps of channels [0, nc) for output row p, columns iw0... */
inline void reduce(__global const real *restrict x, __global const real *restrict wp, int nc,
                   int p, int iw0, vec *sum)
{
    for (int c = 0; c < nc; c++) {
        for (int r = 0; r < R; r++) {
            __global const real *row = x + (c * HP + p * SH + r * DH) * WP;
            __global const real *wt = wp + ((c * R + r) * S) * KT;
#pragma unroll
            for (int s = 0; s < S; s++) {
                const vec v = load_tap(row, iw0 + s * DW);
#pragma unroll
                for (int t = 0; t < KT; t++)
                    sum[t] = fma(v, (vec)((acc)wt[s * KT + t]), sum[t]);
            }
        }
    }
}

__kernel void conv_direct(__global const real *restrict in, __global const real *restrict wr,
                          __global const real *restrict bias, __global real *restrict out)
{
    const int qb = get_global_id(0), p = get_global_id(1), z = get_global_id(2);
#if defined(CB_HANG_C) && CB_HANG_C == C
    if (qb == 0 && p == 0 && z == 0)
        for (volatile __global real *spin = out;;)
            spin[0] = 0;
#endif
#if defined(CB_CRASH_C) && CB_CRASH_C == C
    *(volatile __global int *)(intptr_t)(16 + 0 * qb) = 1;
#endif
    if (qb >= QB || p >= P || z >= N * G * KB)
        return;
    const int kb = z % KB, g = (z / KB) % G, n = z / (KB * G);
    const int q0 = qb * QV;
    const int iw0 = q0 * SW;

    vec sum[KT];
#pragma unroll
    for (int t = 0; t < KT; t++)
        sum[t] = (vec)(0);

    __global const real *x = in + (n * C + g * CG) * HP * WP;
    __global const real *wp = wr + (g * KB + kb) * CRS * KT;
#ifdef CB_EXTRA_WORK
    if (EXTRA_ITEM((z * P + p) * QB + qb)) {
        reduce(x, wp, C_LOOP, p, iw0, sum);
#pragma unroll
        for (int t = 0; t < KT; t++)
            sum[t] *= (vec)((acc)extra_zero());
    }
#endif
    reduce(x, wp, C_LOOP, p, iw0, sum);

#pragma unroll
    for (int t = 0; t < KT; t++) {
        const int k = kb * KT + t;
        if (k >= KG)
            break;
        vec o = sum[t];
#ifdef HAS_BIAS
        o += (vec)((acc)bias[g * KG + k]);
#endif
#ifdef NHWC
        real tmp[QV];
        VSTORE(o, tmp);
        __global real *dst = out + ((n * P + p) * Q + q0) * K + g * KG + k;
        for (int i = 0; i < QV && q0 + i < Q; i++)
            dst[i * K] = tmp[i];
#else
        __global real *dst = out + ((n * K + g * KG + k) * P + p) * Q + q0;
        if (q0 + QV <= Q) {
            VSTORE(o, dst);
        } else {
            real tmp[QV];
            VSTORE(o, tmp);
            for (int i = 0; i < Q - q0; i++)
                dst[i] = tmp[i];
        }
#endif
    }
}
