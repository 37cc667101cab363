/* scrub.cl - --cold-cache: one read-modify-write of every 16 bytes of a buffer
 * several times larger than the device's and the host's last-level caches,
 * run (and waited for) before each timed run so the case's buffers are no
 * longer cached. A fill would not do: large fills are written with
 * non-temporal stores on CPUs (glibc's memset), which evict nothing. */
__kernel void scrub(__global float4 *b)
{
    const size_t i = get_global_id(0);
    b[i] = b[i] * 0.5f + (float4)(1);
}
