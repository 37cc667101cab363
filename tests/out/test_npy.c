/* Tests host/out/npy.c: the .npy header and payload as NumPy's format 1.0 defines them. */
#include "check.h"
#include "npy.h"

#include <stdlib.h>
#include <unistd.h>

static void test_header_and_data(void)
{
    char path[] = "/tmp/convbench_npy_XXXXXX";
    close(mkstemp(path));
    float data[24];
    for (int i = 0; i < 24; i++)
        data[i] = (float)i - 0.5f;
    int64_t shape[4] = {1, 2, 3, 4};
    CHECK(npy_write(path, NPY_F32, data, shape, 4) == 0);
    FILE *f = fopen(path, "rb");
    unsigned char pre[10];
    CHECK(fread(pre, 1, 10, f) == 10);
    CHECK(memcmp(pre, "\x93NUMPY\x01\x00", 8) == 0);
    int hlen = pre[8] | pre[9] << 8;
    CHECK((10 + hlen) % 64 == 0);
    char hdr[256] = "";
    CHECK(fread(hdr, 1, (size_t)hlen, f) == (size_t)hlen);
    CHECK(strstr(hdr, "'descr': '<f4'") != NULL);
    CHECK(strstr(hdr, "'fortran_order': False") != NULL);
    CHECK(strstr(hdr, "'shape': (1, 2, 3, 4)") != NULL);
    CHECK(hdr[hlen - 1] == '\n');
    float back[24];
    CHECK(fread(back, sizeof(float), 24, f) == 24);
    CHECK(fgetc(f) == EOF);
    CHECK(memcmp(back, data, sizeof data) == 0);
    fclose(f);
    remove(path);
}

static void test_one_dim_f64(void)
{
    char path[] = "/tmp/convbench_npy_XXXXXX";
    close(mkstemp(path));
    double d[3] = {1, 2, 3};
    int64_t shape[1] = {3};
    CHECK(npy_write(path, NPY_F64, d, shape, 1) == 0);
    FILE *f = fopen(path, "rb");
    char buf[128] = "";
    CHECK(fread(buf, 1, 127, f) > 0);
    fclose(f);
    CHECK(strstr(buf + 10, "'descr': '<f8'") != NULL);
    CHECK(strstr(buf + 10, "'shape': (3,)") != NULL); /* a 1-tuple needs its comma */
    remove(path);
    CHECK(npy_write("/dev/null/a.npy", NPY_F64, d, shape, 1) == -1);
}

int main(void)
{
    RUN(test_header_and_data);
    RUN(test_one_dim_f64);
    return check_summary();
}
