/* im2col.cl - lays out input patches as GEMM operands for im2col + GEMM.
 *
 * NCHW: for a chunk of images starting at image n0, col[b][c][r][s][p][q]
 * holds the input value that filter tap (r, s) of channel c meets at output
 * (p, q) of image n0 + b (zero in the padding). For group g, rows c in
 * [g*C/G, (g+1)*C/G) form the (C/G)*R*S x P*Q matrix that multiplies the
 * group's weights.
 * NHWC: col[b][p][q][g][r][s][cg], so that for group g the P*Q rows of an
 * image hold (r, s, cg) in the order of the group's KRSC weights.
 *
 * Element types from kernels/real.cl. Build options: N C H W P Q R S SH SW PH
 * PW DH DW G NHWC (the problem), and CB_FAULT_INJECT: zero the last channel's
 * patches, a deliberately wrong variant the tests use to prove verification
 * catches errors.
 */

#ifdef CB_FAULT_INJECT
#define DROPPED(c) ((c) % C == C - 1)
#else
#define DROPPED(c) ((c) < 0) /* never: c counts from 0 */
#endif

#ifndef NHWC
/* Global size (Q, P, B*C*R*S): one work-item per column element, consecutive
 * work-items along q so loads and stores are contiguous for stride 1. */
__kernel void im2col(__global const real *restrict in, __global real *restrict col, int n0)
{
    const int q = get_global_id(0), p = get_global_id(1), z = get_global_id(2);
    if (q >= Q || p >= P)
        return;
    const int s = z % S, r = (z / S) % R, bc = z / (S * R);
    const int ih = p * SH - PH + r * DH, iw = q * SW - PW + s * DW;
    const int inside = ih >= 0 && ih < H && iw >= 0 && iw < W && !DROPPED(bc);
    /* bc counts (image in chunk, channel): image n0 + bc / C, channel bc % C. */
    const long src = ((long)n0 * C + bc) * H * W + (long)ih * W + iw;
    col[(long)z * P * Q + p * Q + q] = inside ? in[src] : (real)0;
}

/* Backward data: the reverse of im2col for a chunk of images from n0,
 * dx[n0 + b][c][ih][iw] = the sum of the col values that im2col would have
 * copied from that pixel (the taps (r, s) and outputs (p, q) that read it).
 * A gather, one work-item per dX element: no two write one place. Global
 * size (W, H, B*C). */
__kernel void col2im(__global const real *restrict col, __global real *restrict dx, int n0)
{
    const int iw = get_global_id(0), ih = get_global_id(1), bc = get_global_id(2);
    if (iw >= W || ih >= H)
        return;
    acc sum = 0;
    for (int r = 0; r < R && !DROPPED(bc); r++) {
        const int ph = ih + PH - r * DH;
        if (ph < 0 || ph % SH || ph / SH >= P)
            continue;
        for (int s = 0; s < S; s++) {
            const int pw = iw + PW - s * DW;
            if (pw >= 0 && pw % SW == 0 && pw / SW < Q)
                sum += (acc)col[((long)bc * R * S + r * S + s) * P * Q + ph / SH * Q + pw / SW];
        }
    }
    dx[((long)n0 * C + bc) * H * W + ih * W + iw] = (real)sum;
}

/* The 1x1, unpadded case with a stride: only a strided gather,
 * col[b][c][p][q] = in[n0 + b][c][p*SH][q*SW]. Global size (Q, P, B*C). */
__kernel void gather_strided(__global const real *restrict in, __global real *restrict col,
                             int n0)
{
    const int q = get_global_id(0), p = get_global_id(1), bc = get_global_id(2);
    if (q >= Q || p >= P)
        return;
    const real v = in[((long)n0 * C + bc) * H * W + p * SH * W + q * SW];
    col[(long)bc * P * Q + p * Q + q] = DROPPED(bc) ? (real)0 : v;
}

/* out[n][k][i] += bias[k]: the GEMMs compute the convolution without its bias.
 * Global size (P*Q, K, N). */
__kernel void add_bias(__global real *restrict out, __global const real *restrict bias)
{
    const int i = get_global_id(0), k = get_global_id(1), n = get_global_id(2);
    if (i >= P * Q)
        return;
    out[((long)n * get_global_size(1) + k) * P * Q + i] += bias[k];
}
#else
/* Global size (C*R*S, P*Q, B): consecutive work-items along the channels, so
 * loads from the channels-last input are contiguous. Strided 1x1 gathers are
 * this kernel with R = S = 1. */
__kernel void im2col(__global const real *restrict in, __global real *restrict col, int n0)
{
    const int z = get_global_id(0), pq = get_global_id(1), b = get_global_id(2);
    if (z >= C * R * S || pq >= P * Q)
        return;
    const int cg = z % (C / G), s = (z / (C / G)) % S, r = (z / (C / G * S)) % R,
              g = z / (C / G * S * R);
    const int c = g * (C / G) + cg, p = pq / Q, q = pq % Q;
    const int ih = p * SH - PH + r * DH, iw = q * SW - PW + s * DW;
    const int inside = ih >= 0 && ih < H && iw >= 0 && iw < W && !DROPPED(c);
    const long src = (((long)(n0 + b) * H + ih) * W + iw) * C + c;
    col[((long)b * P * Q + pq) * C * R * S + z] = inside ? in[src] : (real)0;
}

/* out[n][i][k] += bias[k]. Global size (K, P*Q, N). */
__kernel void add_bias(__global real *restrict out, __global const real *restrict bias)
{
    const int k = get_global_id(0), i = get_global_id(1), n = get_global_id(2);
    if (i >= P * Q)
        return;
    out[((long)n * P * Q + i) * get_global_size(0) + k] += bias[k];
}
#endif
