/* gemm_tile.h - the parameters of kernels/gemm_tile.cl, the tiled GEMM that
 * implicit-gemm and Winograd's tiled stage share: their tunables (one list,
 * GEMM_TILE_TUNABLES, in both algorithms' tables), defaults, the checks that
 * reject a combination before anything is compiled, build options and
 * launch geometry.
 */
#ifndef CONVBENCH_GEMM_TILE_H
#define CONVBENCH_GEMM_TILE_H

#include <stddef.h>
#include <stdint.h>

#include "clrt.h"
#include "kopts.h"

/* The tunables, in this order, as initializers of algo_tunable (algo.h). */
enum { GT_MWG, GT_NWG, GT_KWG, GT_MDIMC, GT_NDIMC, GT_VWM, GT_VWN, GT_SA, GT_SB, GT_KWI, GT_SG,
       GEMM_TILE_NTUNABLES };
#define GEMM_TILE_TUNABLES                                                                   \
    {.name = "MWG", .help = "rows (output channels) per work-group tile",                   \
     .values = {16, 32, 64, 128}, .nvalues = 4},                                             \
    {.name = "NWG", .help = "columns (output pixels) per work-group tile",                  \
     .values = {16, 32, 64, 128}, .nvalues = 4},                                             \
    {.name = "KWG", .help = "reduction step of a work-group tile", .values = {8, 16, 32},    \
     .nvalues = 3},                                                                          \
    {.name = "MDIMC", .help = "work-items along the rows", .values = {4, 8, 16, 32},         \
     .nvalues = 4, .work_group = 1},                                                         \
    {.name = "NDIMC", .help = "work-items along the columns", .values = {4, 8, 16, 32},      \
     .nvalues = 4, .work_group = 1},                                                         \
    {.name = "VWM", .help = "vector width along the rows", .values = {1, 2, 4, 8},           \
     .nvalues = 4},                                                                          \
    {.name = "VWN", .help = "vector width along the columns", .values = {1, 2, 4, 8},        \
     .nvalues = 4},                                                                          \
    {.name = "SA", .help = "1: stage the weights tile in local memory", .values = {0, 1},    \
     .nvalues = 2, .from_zero = 1},                                                          \
    {.name = "SB", .help = "1: stage the input tile in local memory", .values = {0, 1},      \
     .nvalues = 2, .from_zero = 1},                                                          \
    {.name = "KWI", .help = "unroll factor of the reduction step", .values = {1, 2, 4, 8},   \
     .nvalues = 4},                                                                          \
    {.name = "SG", .help = "1: share weights by subgroup broadcasts (needs subgroups, SA=0)", \
     .values = {0, 1}, .nvalues = 2, .from_zero = 1}

typedef struct gemm_tile {
    int mwg, nwg, kwg, mdimc, ndimc, vwm, vwn, sa, sb, kwi, sg;
} gemm_tile;

/* The tile of tunable codes tune[0..GEMM_TILE_NTUNABLES) (algo.h's codes: 0 is
 * the default, 1 + v for the 0/1 switches), defaults filled in: a CPU's
 * (no local memory, 16 x 4 register tiles) or, with gpu, a GPU's (both tiles
 * in local memory, 16 x 16 work-items). Both have MWG 64 and KWG 16, so
 * padding and workspace do not depend on which. */
gemm_tile gemm_tile_from_tune(const int *tune, int gpu);

/* Sets each of the codes tune[0..GEMM_TILE_NTUNABLES) that names the value
 * of def (the defaults for the shape) to 0, so that the tuner sees one point,
 * not two, for one kernel. */
void gemm_tile_canonical(int *tune, const gemm_tile *def);

/* 1 when dev (may be NULL: unknown) is a GPU, for gemm_tile_from_tune. */
int gemm_tile_gpu(const clrt_device *dev);

/* 1 when t can run on dev with elements of elem bytes in local memory; else
 * 0 with the first broken rule in why (divisibility of tiles by work-items
 * and vectors, of the cooperative loads by the work-group, work-group size,
 * local memory, registers, subgroups). Compiles nothing. */
int gemm_tile_check(const gemm_tile *t, const clrt_device *dev, int elem, char *why, size_t len);

/* Appends t's build options. */
void gemm_tile_kopts(const gemm_tile *t, kopts *k);

/* The base options of a kernel built with gemm_tile.cl: "-cl-std=CL1.2", or
 * CL3.0 when SG asks for the OpenCL C 3.0 subgroup feature. */
const char *gemm_tile_std(const gemm_tile *t, const clrt_device *dev);

/* x rounded up to a multiple of to. */
int64_t gemm_tile_round(int64_t x, int64_t to);

/* The launch of gemm_tiled over an m x n x batch GEMM (m a multiple of MWG). */
void gemm_tile_launch(const gemm_tile *t, int64_t m, int64_t n, int64_t batch, size_t global[3],
                      size_t local[3]);

/* Writes t's tunable codes (as gemm_tile_from_tune reads them) to
 * codes[0..GEMM_TILE_NTUNABLES), for algo_format_params. */
void gemm_tile_codes(const gemm_tile *t, int *codes);

#endif
