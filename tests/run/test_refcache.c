/* Tests host/run/refcache.c: keys that tell problems apart, exact round trips
 * of float-exact and double payloads, wrong sizes refused. */
#include "check.h"
#include "refcache.h"

#include <stdint.h>

static char dir[64];

static prob_shape shape(void)
{
    return (prob_shape){.n = 2, .c = 3, .h = 5, .w = 5, .k = 4, .r = 3, .s = 3, .stride_h = 1,
                        .stride_w = 1, .pad_h = 1, .pad_w = 1, .dil_h = 1, .dil_w = 1,
                        .groups = 1};
}

/* Every input of the reference changes the key; the layout does not. */
static void test_keys(void)
{
    prob_shape a = shape(), b = shape();
    uint64_t k = rcache_key(&a, 0, 1, 0);
    CHECK(k == rcache_key(&b, 0, 1, 0));
    CHECK(k != rcache_key(&a, 1, 1, 0));
    CHECK(k != rcache_key(&a, 0, 2, 0));
    CHECK(k != rcache_key(&a, 0, 1, 100));
    b.pad_w = 0;
    CHECK(k != rcache_key(&b, 0, 1, 0));
    b = shape();
    b.dtype = PROB_FP16;
    CHECK(k != rcache_key(&b, 0, 1, 0));
    b = shape();
    b.bias = 1;
    CHECK(k != rcache_key(&b, 0, 1, 0));
    b = shape();
    b.layout = PROB_NHWC;
    CHECK(k == rcache_key(&b, 0, 1, 0));
}

static void round_trip(uint64_t key, const double *ref, const double *mag, int n)
{
    double r2[8], m2[8];
    CHECK(rcache_store(dir, key, n, ref, mag) == 0);
    CHECK(rcache_load(dir, key, n, r2, m2) == 0);
    for (int i = 0; i < n; i++) {
        CHECK(r2[i] == ref[i]);
        CHECK(m2[i] == mag[i]);
    }
    CHECK(rcache_load(dir, key, n - 1, r2, m2) == 1);
}

/* Values floats hold exactly, and ones they do not: both come back bit for bit. */
static void test_round_trips(void)
{
    double exact[8] = {0, 1, -2, 3e6, -16777216, 0.5, 7, 8};
    double fine[8] = {0.1, 1.0 / 3, -2e-300, 3e6 + 0.125, 1e-9, 5, 6, 7};
    round_trip(1, exact, exact, 8);
    round_trip(2, fine, exact, 8);
}

int main(void)
{
    if (check_tmpdir(dir, sizeof dir, "refcache"))
        return 1;
    RUN(test_keys);
    RUN(test_round_trips);
    check_rmdir(dir);
    return check_summary();
}
