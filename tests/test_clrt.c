/* Tests host/clrt.c parts that need no device: error names and device selection. */
#include "check.h"
#include "clrt.h"

static void test_err_names(void)
{
    CHECK_STR(clrt_err_name(CL_OUT_OF_RESOURCES), "CL_OUT_OF_RESOURCES");
    CHECK_STR(clrt_err_name(CL_INVALID_WORK_GROUP_SIZE), "CL_INVALID_WORK_GROUP_SIZE");
    CHECK_STR(clrt_err_name(-5), "CL_OUT_OF_RESOURCES");
    CHECK_STR(clrt_err_name(-9999), "CL_UNKNOWN_ERROR(-9999)");
}

static void test_check_message(void)
{
    CHECK_EQ_INT(clrt_check(CL_SUCCESS, "clFoo()", "x.c", 1), 0);
    CHECK_EQ_INT(clrt_check(CL_INVALID_KERNEL_ARGS, "clEnqueueNDRangeKernel(q, k)", "host/x.c", 42), -1);
    CHECK(strstr(clrt_last_error(), "clEnqueueNDRangeKernel(q, k)") != NULL);
    CHECK(strstr(clrt_last_error(), "CL_INVALID_KERNEL_ARGS (-52)") != NULL);
    CHECK(strstr(clrt_last_error(), "host/x.c:42") != NULL);
}

static clrt_device fake(int p, int d, const char *plat, const char *name, const char *type)
{
    clrt_device x;
    memset(&x, 0, sizeof x);
    x.platform_index = p;
    x.device_index = d;
    snprintf(x.platform_name, sizeof x.platform_name, "%s", plat);
    snprintf(x.name, sizeof x.name, "%s", name);
    snprintf(x.type, sizeof x.type, "%s", type);
    return x;
}

static void test_select(void)
{
    clrt_device devs[3] = {fake(0, 0, "Portable Computing Language", "pthread-cpu", "CPU"),
                           fake(1, 0, "NVIDIA CUDA", "NVIDIA H100 80GB HBM3", "GPU"),
                           fake(1, 1, "NVIDIA CUDA", "NVIDIA A100", "GPU")};
    clrt_device out;
    char err[512];
    CHECK(clrt_select(devs, 3, NULL, &out, err, sizeof err) == 0);
    CHECK_STR(out.name, "NVIDIA H100 80GB HBM3"); /* first GPU by default */
    CHECK(clrt_select(devs, 1, "", &out, err, sizeof err) == 0);
    CHECK_STR(out.name, "pthread-cpu");            /* else first device */
    CHECK(clrt_select(devs, 3, "1:1", &out, err, sizeof err) == 0);
    CHECK_STR(out.name, "NVIDIA A100");
    CHECK(clrt_select(devs, 3, "a100", &out, err, sizeof err) == 0);
    CHECK_STR(out.name, "NVIDIA A100");
    CHECK(clrt_select(devs, 3, "portable", &out, err, sizeof err) == 0);
    CHECK_STR(out.name, "pthread-cpu");
    CHECK(clrt_select(devs, 3, "2:0", &out, err, sizeof err) == -1);
    CHECK(clrt_select(devs, 3, "radeon", &out, err, sizeof err) == -1);
    CHECK(strstr(err, "'radeon' matches no device") && strstr(err, "1:1 (NVIDIA A100)"));
}

int main(void)
{
    RUN(test_err_names);
    RUN(test_check_message);
    RUN(test_select);
    return check_summary();
}
