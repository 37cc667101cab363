/* selfcheck.cl - the short check a device passes before convbench trusts it
 * with a sweep: selfcheck_empty measures what launching costs (the host's
 * allowance for launch overhead in the timer check), selfcheck_iota proves the
 * device computes and writes where it is told. */
__kernel void selfcheck_empty(__global int *out)
{
    (void)out;
}

__kernel void selfcheck_iota(__global int *out)
{
    const int i = (int)get_global_id(0);
    out[i] = 3 * i + 1;
}
