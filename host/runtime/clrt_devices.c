/* clrt_devices.c - device discovery, what each device supports, and selection:
 * the default rule, names that must be unambiguous, and the identity that CSV
 * rows and reproducers use. */
#include "clrt.h"
#include "fsutil.h"
#include "hash.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

/* OpenCL 3.0's query of OpenCL C features; convbench builds against the 1.2
 * API, so it is named here. A 1.2 driver answers CL_INVALID_VALUE. */
#define CLRT_DEVICE_OPENCL_C_FEATURES 0x106F
typedef struct {
    cl_uint version;
    char name[64];
} clrt_name_version;

/* The platform convbench prefers among CPU implementations: the one Debian
 * installs with convbench, whose numbers every earlier result came from. */
#define CLRT_DEFAULT_CPU_PLATFORM "Portable Computing Language"

static int dev_str(cl_device_id d, cl_device_info what, char *buf, size_t len)
{
    return CLRT_CHECK(clGetDeviceInfo(d, what, len, buf, NULL));
}

#define DEV_VAL(d, what, var) CLRT_CHECK(clGetDeviceInfo((d), (what), sizeof(var), &(var), NULL))

static const char *type_name(cl_device_type t)
{
    if (t & CL_DEVICE_TYPE_GPU) return "GPU";
    if (t & CL_DEVICE_TYPE_CPU) return "CPU";
    if (t & CL_DEVICE_TYPE_ACCELERATOR) return "ACCELERATOR";
    return "OTHER";
}

/* 1 when the OpenCL C features of d include name (OpenCL 3.0 devices only). */
static int has_c_feature(cl_device_id d, const char *name)
{
    size_t len = 0;
    if (clGetDeviceInfo(d, CLRT_DEVICE_OPENCL_C_FEATURES, 0, NULL, &len) != CL_SUCCESS || !len)
        return 0;
    clrt_name_version *f = malloc(len);
    int found = 0;
    if (f && clGetDeviceInfo(d, CLRT_DEVICE_OPENCL_C_FEATURES, len, f, NULL) == CL_SUCCESS)
        for (size_t i = 0; i < len / sizeof *f && !found; i++)
            found = strncmp(f[i].name, name, sizeof f[i].name) == 0;
    free(f);
    return found;
}

/* 1 when the space-separated extension list has ext as a whole word. */
static int has_word(const char *list, const char *ext)
{
    size_t n = strlen(ext);
    for (const char *p = list; (p = strstr(p, ext)) != NULL; p += n)
        if ((p == list || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0'))
            return 1;
    return 0;
}

static void describe_features(cl_device_id d, clrt_device *o)
{
    size_t len = 0;
    char *ext = NULL;
    if (clGetDeviceInfo(d, CL_DEVICE_EXTENSIONS, 0, NULL, &len) == CL_SUCCESS && len)
        ext = calloc(1, len + 1);
    if (ext && clGetDeviceInfo(d, CL_DEVICE_EXTENSIONS, len, ext, NULL) != CL_SUCCESS)
        ext[0] = '\0';
    const char *e = ext ? ext : "";
    cl_device_fp_config fp64 = 0;
    clGetDeviceInfo(d, CL_DEVICE_DOUBLE_FP_CONFIG, sizeof fp64, &fp64, NULL);
    o->fp16 = has_word(e, "cl_khr_fp16");
    o->fp64 = has_word(e, "cl_khr_fp64") || fp64 != 0;
    o->subgroups = has_word(e, "cl_khr_subgroups")     ? CLRT_SUBGROUPS_KHR
                   : has_word(e, "cl_intel_subgroups") ? CLRT_SUBGROUPS_INTEL
                   : has_c_feature(d, "__opencl_c_subgroups") ? CLRT_SUBGROUPS_C_FEATURE
                                                             : CLRT_SUBGROUPS_NONE;
    free(ext);
}

const char *clrt_subgroups_name(int sg)
{
    static const char *const names[] = {"no", "cl_khr_subgroups", "cl_intel_subgroups",
                                        "__opencl_c_subgroups"};
    return sg >= 0 && sg <= CLRT_SUBGROUPS_C_FEATURE ? names[sg] : "?";
}

static int describe(cl_platform_id plat, cl_device_id d, clrt_device *o)
{
    cl_device_type t;
    int rc = CLRT_CHECK(clGetPlatformInfo(plat, CL_PLATFORM_NAME, sizeof o->platform_name,
                                          o->platform_name, NULL)) |
             CLRT_CHECK(clGetPlatformInfo(plat, CL_PLATFORM_VERSION, sizeof o->platform_version,
                                          o->platform_version, NULL)) |
             dev_str(d, CL_DEVICE_NAME, o->name, sizeof o->name) |
             dev_str(d, CL_DEVICE_VENDOR, o->vendor, sizeof o->vendor) |
             dev_str(d, CL_DRIVER_VERSION, o->driver, sizeof o->driver) |
             dev_str(d, CL_DEVICE_OPENCL_C_VERSION, o->c_version, sizeof o->c_version) |
             DEV_VAL(d, CL_DEVICE_TYPE, t) | DEV_VAL(d, CL_DEVICE_MAX_COMPUTE_UNITS, o->compute_units) |
             DEV_VAL(d, CL_DEVICE_MAX_CLOCK_FREQUENCY, o->clock_mhz) |
             DEV_VAL(d, CL_DEVICE_GLOBAL_MEM_SIZE, o->global_mem) |
             DEV_VAL(d, CL_DEVICE_LOCAL_MEM_SIZE, o->local_mem) |
             DEV_VAL(d, CL_DEVICE_MAX_MEM_ALLOC_SIZE, o->max_alloc) |
             DEV_VAL(d, CL_DEVICE_MAX_WORK_GROUP_SIZE, o->max_wg_size);
    snprintf(o->type, sizeof o->type, "%s", type_name(t));
    o->platform = plat;
    o->device = d;
    describe_features(d, o);
    return rc ? -1 : 0;
}

/* Names each device "PLATFORM/DEVICE", and "PLATFORM/DEVICE#N" for the N-th of
 * several identical ones (two of the same GPU). */
void clrt_name_devices(clrt_device *devs, int count)
{
    for (int i = 0; i < count; i++) {
        int same = 1;
        for (int j = 0; j < i; j++)
            same += strcmp(devs[j].platform_name, devs[i].platform_name) == 0 &&
                    strcmp(devs[j].name, devs[i].name) == 0;
        int n = snprintf(devs[i].id, sizeof devs[i].id, "%s/%s", devs[i].platform_name,
                         devs[i].name);
        if (same > 1 && n > 0 && (size_t)n < sizeof devs[i].id)
            snprintf(devs[i].id + n, sizeof devs[i].id - (size_t)n, "#%d", same);
    }
}

/* Where PoCL keeps its kernel cache, and whether it can create it there: PoCL
 * reports no device at all (CL_DEVICE_NOT_FOUND) when it cannot, which a
 * read-only HOME causes. Appends the hint to buf (capacity len, holding o). */
static void pocl_cache_hint(char *buf, size_t len, size_t o)
{
    const char *env = getenv("POCL_CACHE_DIR"), *xdg = getenv("XDG_CACHE_HOME"),
               *home = getenv("HOME");
    char dir[4096];
    if (env && *env)
        snprintf(dir, sizeof dir, "%s", env);
    else if (xdg && *xdg)
        snprintf(dir, sizeof dir, "%s/pocl", xdg);
    else
        snprintf(dir, sizeof dir, "%s/.cache/pocl", home ? home : "");
    /* The nearest folder that exists decides whether the rest can be made. */
    char probe[4096];
    snprintf(probe, sizeof probe, "%s", dir);
    while (access(probe, F_OK) != 0 && strrchr(probe, '/') && strrchr(probe, '/') != probe)
        *strrchr(probe, '/') = '\0';
    int writable = access(probe, W_OK) == 0;
    if (o < len)
        snprintf(buf + o, len - o,
                 "; PoCL reports no device when it cannot create its kernel cache, %s (%s is %s): "
                 "make it writable, or set POCL_CACHE_DIR (or XDG_CACHE_HOME) to a writable "
                 "folder",
                 dir, probe, writable ? "writable" : "NOT writable");
}

int clrt_list_devices(clrt_device **devs, int *count)
{
    cl_uint np = 0;
    *devs = NULL;
    *count = 0;
    cl_int err = clGetPlatformIDs(0, NULL, &np);
    if (err == -1001 /* CL_PLATFORM_NOT_FOUND_KHR */ || (err == CL_SUCCESS && np == 0))
        return clrt_fail("no OpenCL platform found: is an ICD installed (e.g. pocl-opencl-icd) "
                         "and listed in /etc/OpenCL/vendors?");
    if (CLRT_CHECK_RET(err, "clGetPlatformIDs"))
        return -1;
    cl_platform_id *plats = calloc(np, sizeof *plats);
    if (!plats || CLRT_CHECK(clGetPlatformIDs(np, plats, NULL))) {
        free(plats);
        return -1;
    }
    int rc = 0, pocl = 0;
    char empty[1024] = ""; /* the platforms without a device, for the message */
    for (cl_uint p = 0; p < np && rc == 0; p++) {
        cl_uint nd = 0;
        err = clGetDeviceIDs(plats[p], CL_DEVICE_TYPE_ALL, 0, NULL, &nd);
        if (err == CL_DEVICE_NOT_FOUND || nd == 0) {
            char name[256] = "?";
            clGetPlatformInfo(plats[p], CL_PLATFORM_NAME, sizeof name, name, NULL);
            size_t o = strlen(empty);
            if (o < sizeof empty)
                snprintf(empty + o, sizeof empty - o, "%s'%s' (%s)", o ? ", " : "", name,
                         clrt_err_name(err == CL_SUCCESS ? CL_DEVICE_NOT_FOUND : err));
            pocl |= strstr(name, "Portable Computing Language") != NULL;
            continue;
        }
        cl_device_id *ids = calloc(nd, sizeof *ids);
        clrt_device *grown = realloc(*devs, (*count + nd) * sizeof **devs);
        if (!ids || !grown || CLRT_CHECK_RET(err, "clGetDeviceIDs") ||
            CLRT_CHECK(clGetDeviceIDs(plats[p], CL_DEVICE_TYPE_ALL, nd, ids, NULL))) {
            free(ids);
            if (grown)
                *devs = grown;
            rc = -1;
            break;
        }
        *devs = grown;
        for (cl_uint d = 0; d < nd && rc == 0; d++) {
            clrt_device *o = &(*devs)[(*count)++];
            memset(o, 0, sizeof *o);
            o->platform_index = (int)p;
            o->device_index = (int)d;
            rc = describe(plats[p], ids[d], o);
        }
        free(ids);
    }
    free(plats);
    if (rc == 0 && *count == 0) {
        char why[2048];
        int o = snprintf(why, sizeof why, "OpenCL platforms exist but none has a device: %s",
                         empty);
        if (pocl && o > 0)
            pocl_cache_hint(why, sizeof why, (size_t)o);
        rc = clrt_fail("%s", why);
    }
    if (rc) {
        free(*devs);
        *devs = NULL;
        *count = 0;
        return rc;
    }
    clrt_name_devices(*devs, *count);
    return 0;
}

int clrt_default_device(const clrt_device *devs, int count)
{
    for (int i = 0; i < count; i++)
        if (strcmp(devs[i].type, "GPU") == 0)
            return i;
    for (int i = 0; i < count; i++)
        if (strcmp(devs[i].platform_name, CLRT_DEFAULT_CPU_PLATFORM) == 0)
            return i;
    return count > 0 ? 0 : -1;
}

/* 1 when sel is a case-insensitive substring of d's platform, name, vendor
 * or driver. */
static int names(const clrt_device *d, const char *sel)
{
    char all[800];
    snprintf(all, sizeof all, "%s %s %s %s", d->platform_name, d->name, d->vendor, d->driver);
    return strcasestr(all, sel) != NULL;
}

/* Appends a line "P:D  ID" for device d to err at *o. */
static void list_device(char *err, size_t errlen, int *o, const clrt_device *d)
{
    if (*o >= 0 && (size_t)*o < errlen)
        *o += snprintf(err + *o, errlen - (size_t)*o, "\n  %d:%d  %s", d->platform_index,
                       d->device_index, d->id);
}

int clrt_select(const clrt_device *devs, int count, const char *sel, clrt_device *out,
                char *err, size_t errlen)
{
    if (!sel || !*sel) {
        int i = clrt_default_device(devs, count);
        if (i >= 0) {
            *out = devs[i];
            return 0;
        }
        snprintf(err, errlen, "no OpenCL device found");
        return -1;
    }
    int p, d, used = 0;
    if (sscanf(sel, "%d:%d%n", &p, &d, &used) == 2 && sel[used] == '\0') {
        for (int i = 0; i < count; i++)
            if (devs[i].platform_index == p && devs[i].device_index == d) {
                *out = devs[i];
                return 0;
            }
    } else {
        for (int i = 0; i < count; i++)
            if (strcasecmp(devs[i].id, sel) == 0) {
                *out = devs[i];
                return 0;
            }
        int matches = 0, first = -1;
        for (int i = 0; i < count; i++)
            if (names(&devs[i], sel) && matches++ == 0)
                first = i;
        if (matches == 1) {
            *out = devs[first];
            return 0;
        }
        if (matches > 1) {
            int o = snprintf(err, errlen,
                             "--device '%s' matches %d devices; name one (its full "
                             "'PLATFORM/DEVICE' as below, or P:D):",
                             sel, matches);
            for (int i = 0; i < count; i++)
                if (names(&devs[i], sel))
                    list_device(err, errlen, &o, &devs[i]);
            return -1;
        }
    }
    int o = snprintf(err, errlen,
                     "--device '%s' matches no device; expected 'all', P:D, 'PLATFORM/DEVICE' "
                     "or a substring of one device's platform, name, vendor or driver:",
                     sel);
    for (int i = 0; i < count; i++)
        list_device(err, errlen, &o, &devs[i]);
    return -1;
}

int clrt_pick(const char *selector, clrt_device *out, char *err, size_t errlen)
{
    clrt_device *devs;
    int n;
    if (clrt_list_devices(&devs, &n))
        return -1;
    int rc = clrt_select(devs, n, selector, out, err, errlen);
    free(devs);
    return rc ? 1 : 0;
}

void clrt_device_env(const clrt_device *d, char *buf, size_t len)
{
    /* Variables that decide which devices the ICD loader and drivers list:
     * without them a reproducer would find another device, or none. */
    static const struct {
        const char *var, *platform; /* platform NULL: matters for every device */
    } vars[] = {
        {"OCL_ICD_VENDORS", NULL},
        {"OCL_ICD_FILENAMES", NULL},
        {"RUSTICL_ENABLE", "rusticl"},
    };
    size_t o = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < sizeof vars / sizeof vars[0]; i++) {
        const char *v = getenv(vars[i].var);
        if (!v || !*v || (vars[i].platform && strcmp(d->platform_name, vars[i].platform) != 0))
            continue;
        if (strpbrk(v, " '\"\\$`"))
            continue; /* not safely quotable here; such a value is the user's to restate */
        int n = snprintf(buf + o, len - o, "%s=%s ", vars[i].var, v);
        if (n < 0 || (size_t)n >= len - o) {
            buf[o] = '\0';
            break;
        }
        o += (size_t)n;
    }
}

int clrt_device_file(char *buf, size_t len, const clrt_device *d, const char *sub)
{
    char dir[4096];
    if (fs_cache_dir(dir, sizeof dir, sub))
        return -1;
    uint64_t h = hash_str(HASH_FNV_INIT, d->platform_name);
    h = hash_str(h, d->name);
    h = hash_str(h, d->driver);
    int n = snprintf(buf, len, "%s/%016llx.txt", dir, (unsigned long long)h);
    return (n < 0 || (size_t)n >= len) ? -1 : 0;
}
