/* peak.cl - the device's float32 and half FMA throughput and global-memory
 * bandwidth.
 *
 * peak_fma keeps NACC independent chains of VW-wide FMAs per work-item, so the
 * FMA units never wait on a result (a single dependent chain, as clpeak uses,
 * measures the FMA latency on CPUs, not their throughput). Values stay bounded:
 * x <- x * a + b with |a| < 1 converges, so no denormals or infinities slow it.
 *
 * peak_copy is STREAM's copy through float4 (bytes read plus bytes written),
 * peak_read a sum (bytes read; its 1/32 of writes are not counted);
 * consecutive work-items touch consecutive addresses, which coalesces on GPUs
 * and vectorises on CPUs.
 *
 * Build options: NACC, accumulators per work-item (1 to 16); VW, their vector
 * width (1, 4 or 16): compilers differ in which shape they map best onto the
 * hardware (PoCL's on float16, rusticl's llvmpipe on narrower ones), and the
 * peak is the best any of them reaches. HALF (devices with cl_khr_fp16) makes
 * the chains half, the ceiling of sums accumulated in fp16. The builtin fma()
 * keeps the compiler from reshaping the chains: with mad(), rusticl removed the loop and a
 * 2-core CPU "ran" 16 TFLOP/s.
 */
#ifndef NACC
#define NACC 8
#endif
#ifndef VW
#define VW 16
#endif
/* Half's chains multiply and add, which the compiler may fuse: its fma() is
 * correctly rounded, and a device without half FMA hardware may do it in
 * software (Intel's CPU runtime: 0.15 GFLOP/s, against 18.6 for x * a + b). */
#ifdef HALF
#pragma OPENCL EXTENSION cl_khr_fp16 : enable
#define stype half
#define MULADD(x, a, b) ((x) * (a) + (b))
#else
#define stype float
#define MULADD(x, a, b) fma(x, a, b)
#endif
#define VCAT_(a, b) a##b
#define VCAT(a, b) VCAT_(a, b)
#if VW == 1
#define vtype stype
#define HSUM(s) (s)
#elif VW == 4
#define vtype VCAT(stype, 4)
#define HSUM(s) ((s).x + (s).y + (s).z + (s).w)
#else
#define vtype VCAT(stype, 16)
#define HSUM(s) ((s).s0 + (s).s1 + (s).s2 + (s).s3 + (s).s4 + (s).s5 + (s).s6 + (s).s7 + \
                 (s).s8 + (s).s9 + (s).sa + (s).sb + (s).sc + (s).sd + (s).se + (s).sf)
#endif

__kernel void peak_fma(__global float *out, float a, float b, int iters)
{
    /* Distinct starting values below 1, as half can hold them; x * a + b
     * converges to 1 from there. */
    const float g = (float)(get_global_id(0) & 1023) * 1e-4f;
    vtype x[NACC];
#pragma unroll
    for (int j = 0; j < NACC; j++)
        x[j] = (vtype)((stype)(g + 0.01f * (float)j));
    const vtype va = (vtype)((stype)a), vb = (vtype)((stype)b);
    for (int i = 0; i < iters; i++) {
#pragma unroll
        for (int j = 0; j < NACC; j++)
            x[j] = MULADD(x[j], va, vb);
    }
    vtype s = x[0];
#pragma unroll
    for (int j = 1; j < NACC; j++)
        s += x[j];
    /* One store per work-item keeps every chain live. */
    out[get_global_id(0)] = (float)HSUM(s);
}

__kernel void peak_copy(__global const float4 *restrict in, __global float4 *restrict out)
{
    const size_t i = get_global_id(0);
    out[i] = in[i];
}

/* Each work-item sums READS float4s a global size apart: no loop over a
 * run-time count, so a CPU driver vectorises across work-items as in copy. */
#define READS 8
__kernel void peak_read(__global const float4 *restrict in, __global float *restrict out)
{
    const size_t gid = get_global_id(0), n = get_global_size(0);
    float4 s = (float4)(0.0f);
#pragma unroll
    for (int i = 0; i < READS; i++)
        s += in[gid + i * n];
    out[gid] = s.x + s.y + s.z + s.w;
}
