/* gemm_tile.c - parameters, checks and launch of kernels/gemm_tile.cl. */
#include "gemm_tile.h"
#include "algo.h"

#include <stdio.h>
#include <string.h>

/* The most accumulators one work-item may hold: beyond, every GPU spills
 * them and a CPU's registers were long exhausted. */
#define MAX_REGISTER_TILE 256

/* The tunables' table, for which of them are 0/1 switches (from_zero). */
static const algo_tunable tunables[GEMM_TILE_NTUNABLES] = {GEMM_TILE_TUNABLES};

/* f[i]: the field of t that tunable i sets. */
static void fields(gemm_tile *t, int **f)
{
    int *all[GEMM_TILE_NTUNABLES] = {
        [GT_MWG] = &t->mwg, [GT_NWG] = &t->nwg, [GT_KWG] = &t->kwg, [GT_MDIMC] = &t->mdimc,
        [GT_NDIMC] = &t->ndimc, [GT_VWM] = &t->vwm, [GT_VWN] = &t->vwn, [GT_SA] = &t->sa,
        [GT_SB] = &t->sb, [GT_KWI] = &t->kwi, [GT_SG] = &t->sg,
    };
    for (int i = 0; i < GEMM_TILE_NTUNABLES; i++)
        f[i] = all[i];
}

gemm_tile gemm_tile_from_tune(const int *tune, int gpu)
{
    /* CPU: a 16 x 4 register tile per work-item without barriers (measured
     * best of a dozen on ResNet-50's 1x1 layers through PoCL). GPU: CLBlast's
     * usual starting point, 16 x 16 work-items staging both tiles in local
     * memory. The same MWG and KWG, so the workspace does not depend on it. */
    gemm_tile t = gpu ? (gemm_tile){.mwg = 64, .nwg = 64, .kwg = 16, .mdimc = 16, .ndimc = 16,
                                    .vwm = 2, .vwn = 2, .sa = 1, .sb = 1, .kwi = 2, .sg = 0}
                      : (gemm_tile){.mwg = 64, .nwg = 16, .kwg = 16, .mdimc = 4, .ndimc = 4,
                                    .vwm = 8, .vwn = 4, .sa = 0, .sb = 0, .kwi = 2, .sg = 0};
    int *f[GEMM_TILE_NTUNABLES];
    fields(&t, f);
    for (int i = 0; i < GEMM_TILE_NTUNABLES; i++)
        if (tune && tune[i])
            *f[i] = tune[i] - tunables[i].from_zero;
    return t;
}

void gemm_tile_codes(const gemm_tile *t, int *codes)
{
    gemm_tile c = *t;
    int *f[GEMM_TILE_NTUNABLES];
    fields(&c, f);
    for (int i = 0; i < GEMM_TILE_NTUNABLES; i++)
        codes[i] = algo_tune_code(&tunables[i], *f[i]);
}

void gemm_tile_canonical(int *tune, const gemm_tile *def)
{
    int codes[GEMM_TILE_NTUNABLES];
    gemm_tile_codes(def, codes);
    for (int i = 0; i < GEMM_TILE_NTUNABLES; i++)
        if (tune[i] == codes[i])
            tune[i] = 0;
}

int gemm_tile_gpu(const clrt_device *dev)
{
    return dev && strstr(dev->type, "GPU") != NULL;
}

int gemm_tile_check(const gemm_tile *t, const clrt_device *dev, int elem, char *why, size_t len)
{
    int wgs = t->mdimc * t->ndimc, mwi = t->mwg / t->mdimc, nwi = t->nwg / t->ndimc;
    long lmem = (long)elem * t->kwg * ((t->sa ? t->mwg : 0) + (t->sb ? t->nwg : 0));
    if (t->mwg % (t->mdimc * t->vwm))
        snprintf(why, len, "MWG=%d is not a multiple of MDIMC*VWM = %d*%d", t->mwg, t->mdimc,
                 t->vwm);
    else if (t->nwg % (t->ndimc * t->vwn))
        snprintf(why, len, "NWG=%d is not a multiple of NDIMC*VWN = %d*%d", t->nwg, t->ndimc,
                 t->vwn);
    else if (t->kwg % t->kwi)
        snprintf(why, len, "KWG=%d is not a multiple of KWI=%d", t->kwg, t->kwi);
    else if (t->sa && (t->kwg * t->mwg / t->vwm) % wgs)
        snprintf(why, len,
                 "SA=1: the %d vectors of a KWG x MWG tile do not split evenly over %d work-items",
                 t->kwg * t->mwg / t->vwm, wgs);
    else if (t->sb && (t->kwg * t->nwg / t->vwn) % wgs)
        snprintf(why, len,
                 "SB=1: the %d vectors of a KWG x NWG tile do not split evenly over %d work-items",
                 t->kwg * t->nwg / t->vwn, wgs);
    else if ((size_t)wgs > dev->max_wg_size)
        snprintf(why, len, "MDIMC*NDIMC = %d work-items; the device allows %zu", wgs,
                 dev->max_wg_size);
    else if ((cl_ulong)lmem > dev->local_mem)
        snprintf(why, len, "the tiles need %ld bytes of local memory; the device has %llu", lmem,
                 (unsigned long long)dev->local_mem);
    else if (mwi * nwi > MAX_REGISTER_TILE)
        snprintf(why, len, "a register tile of %d x %d exceeds %d accumulators", mwi, nwi,
                 MAX_REGISTER_TILE);
    else if (t->sg && dev->subgroups == CLRT_SUBGROUPS_NONE)
        snprintf(why, len, "SG=1: the device has no subgroups");
    else if (t->sg && t->sa)
        snprintf(why, len, "SG=1 shares the weights through subgroups instead of SA=1");
    else
        return 1;
    return 0;
}

const char *gemm_tile_std(const gemm_tile *t, const clrt_device *dev)
{
    if (t->sg && dev->subgroups == CLRT_SUBGROUPS_C_FEATURE)
        return "-cl-std=CL3.0";
    if (t->sg && dev->subgroups == CLRT_SUBGROUPS_KHR)
        return "-cl-std=CL2.0";
    return "-cl-std=CL1.2";
}

void gemm_tile_kopts(const gemm_tile *t, kopts *k)
{
    const kopts_item defs[] = {
        {"MWG", t->mwg}, {"NWG", t->nwg}, {"KWG", t->kwg}, {"MDIMC", t->mdimc},
        {"NDIMC", t->ndimc}, {"VWM", t->vwm}, {"VWN", t->vwn}, {"SA", t->sa},
        {"SB", t->sb}, {"KWI", t->kwi}, {"SG", t->sg},
    };
    kopts_defs(k, defs, sizeof defs / sizeof defs[0]);
}

int64_t gemm_tile_round(int64_t x, int64_t to)
{
    return (x + to - 1) / to * to;
}

void gemm_tile_launch(const gemm_tile *t, int64_t m, int64_t n, int64_t batch, size_t global[3],
                      size_t local[3])
{
    global[0] = (size_t)(gemm_tile_round(n, t->nwg) / t->nwg * t->ndimc);
    global[1] = (size_t)(m / t->mwg * t->mdimc);
    global[2] = (size_t)batch;
    local[0] = (size_t)t->ndimc;
    local[1] = (size_t)t->mdimc;
    local[2] = 1;
}
