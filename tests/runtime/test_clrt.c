/* Tests host/runtime/clrt.c parts that need no device: error names and device selection. */
#include "check.h"
#include "clrt.h"

#include <stdlib.h>

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
    clrt_device devs[] = {fake(0, 0, "Portable Computing Language", "pthread-cpu", "CPU"),
                          fake(1, 0, "NVIDIA CUDA", "NVIDIA H100 80GB HBM3", "GPU"),
                          fake(1, 1, "NVIDIA CUDA", "NVIDIA A100", "GPU")};
    clrt_name_devices(devs, 3);
    clrt_device out;
    char err[1024];
    CHECK(clrt_select(devs, 3, NULL, &out, err, sizeof err) == 0);
    CHECK_STR(out.name, "NVIDIA H100 80GB HBM3"); /* first GPU by default */
    CHECK(clrt_select(devs, 1, "", &out, err, sizeof err) == 0);
    CHECK_STR(out.name, "pthread-cpu");
    CHECK(clrt_select(devs, 3, "1:1", &out, err, sizeof err) == 0);
    CHECK_STR(out.name, "NVIDIA A100");
    CHECK(clrt_select(devs, 3, "a100", &out, err, sizeof err) == 0);
    CHECK_STR(out.name, "NVIDIA A100");
    CHECK(clrt_select(devs, 3, "portable", &out, err, sizeof err) == 0);
    CHECK_STR(out.name, "pthread-cpu");
    CHECK(clrt_select(devs, 3, "2:0", &out, err, sizeof err) == -1);
    CHECK(clrt_select(devs, 3, "radeon", &out, err, sizeof err) == -1);
    CHECK(strstr(err, "'radeon' matches no device") && strstr(err, "1:1  NVIDIA CUDA/NVIDIA A100"));
}

/* Three CPU implementations listed in the loader's order, PoCL last: the
 * default is still PoCL; a name two of them share is refused, naming both;
 * the id (any case) picks one. */
static void test_default_pocl_and_ambiguous_names(void)
{
    clrt_device devs[] = {fake(0, 0, "rusticl", "llvmpipe (LLVM 15.0.6, 256 bits)", "CPU"),
                          fake(1, 0, "Intel(R) OpenCL", "AMD EPYC", "CPU"),
                          fake(2, 0, "Portable Computing Language", "pthread-haswell-AMD EPYC",
                               "CPU")};
    clrt_name_devices(devs, 3);
    CHECK_STR(devs[1].id, "Intel(R) OpenCL/AMD EPYC");
    CHECK_EQ_INT(clrt_default_device(devs, 3), 2);
    clrt_device out;
    char err[1024];
    CHECK(clrt_select(devs, 3, NULL, &out, err, sizeof err) == 0);
    CHECK_STR(out.platform_name, "Portable Computing Language");
    CHECK(clrt_select(devs, 3, "AMD EPYC", &out, err, sizeof err) == -1);
    CHECK(strstr(err, "matches 2 devices") != NULL);
    CHECK(strstr(err, "Intel(R) OpenCL/AMD EPYC") != NULL);
    CHECK(strstr(err, "Portable Computing Language/pthread-haswell-AMD EPYC") != NULL);
    CHECK(strstr(err, "rusticl") == NULL);
    CHECK(clrt_select(devs, 3, "intel(r) opencl/amd epyc", &out, err, sizeof err) == 0);
    CHECK_STR(out.platform_name, "Intel(R) OpenCL");
    /* Without PoCL or a GPU: the first device. */
    CHECK_EQ_INT(clrt_default_device(devs, 2), 0);
}

/* Two identical GPUs get ids #1 and #2, and each id picks its own. */
static void test_identical_devices_get_numbered_ids(void)
{
    clrt_device devs[] = {fake(0, 0, "NVIDIA CUDA", "NVIDIA H100", "GPU"),
                          fake(0, 1, "NVIDIA CUDA", "NVIDIA H100", "GPU")};
    clrt_name_devices(devs, 2);
    CHECK_STR(devs[0].id, "NVIDIA CUDA/NVIDIA H100");
    CHECK_STR(devs[1].id, "NVIDIA CUDA/NVIDIA H100#2");
    clrt_device out;
    char err[1024];
    CHECK(clrt_select(devs, 2, "NVIDIA CUDA/NVIDIA H100#2", &out, err, sizeof err) == 0);
    CHECK_EQ_INT(out.device_index, 1);
    CHECK(clrt_select(devs, 2, "NVIDIA CUDA/NVIDIA H100", &out, err, sizeof err) == 0);
    CHECK_EQ_INT(out.device_index, 0);
}

/* A reproducer carries what makes the device visible: rusticl's variable for
 * rusticl only, the loader's variables for every device. */
static void test_device_env(void)
{
    clrt_device r = fake(0, 0, "rusticl", "llvmpipe", "CPU"),
                p = fake(1, 0, "Portable Computing Language", "cpu", "CPU");
    char env[256];
    setenv("RUSTICL_ENABLE", "llvmpipe", 1);
    unsetenv("OCL_ICD_VENDORS");
    unsetenv("OCL_ICD_FILENAMES");
    clrt_device_env(&r, env, sizeof env);
    CHECK_STR(env, "RUSTICL_ENABLE=llvmpipe ");
    clrt_device_env(&p, env, sizeof env);
    CHECK_STR(env, "");
    setenv("OCL_ICD_VENDORS", "/etc/OpenCL/vendors/pocl.icd", 1);
    clrt_device_env(&p, env, sizeof env);
    CHECK_STR(env, "OCL_ICD_VENDORS=/etc/OpenCL/vendors/pocl.icd ");
    unsetenv("OCL_ICD_VENDORS");
}

int main(void)
{
    RUN(test_err_names);
    RUN(test_check_message);
    RUN(test_select);
    RUN(test_default_pocl_and_ambiguous_names);
    RUN(test_identical_devices_get_numbered_ids);
    RUN(test_device_env);
    return check_summary();
}
