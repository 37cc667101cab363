/* gemm_tile.cl - the tiled GEMM that implicit_gemm.cl and winograd.cl end
 * with (algo_build appends it to their source): CLBlast's Xgemm shape
 * (Nugteren, IWOCL 2018), C[z][m][n] = sum_k A[z][k][m] B[z][k][n] for a
 * batch of z = get_global_id(2).
 *
 * A work-group of NDIMC x MDIMC work-items (dimension 0 along N, so that
 * neighbouring work-items read and write neighbouring columns) computes an
 * MWG x NWG tile of C, stepping through the reduction KWG at a time. Each
 * work-item holds an MWI x NWI register tile, MWI = MWG/MDIMC rows in VWM-wide
 * vectors and NWI = NWG/NDIMC columns in VWN-wide ones; its i-th row vector is
 * the (tm + i*MDIMC)-th of the tile, so that neighbouring work-items touch
 * neighbouring vectors (CLBlast's STRM/STRN = 1: coalesced on GPUs, no local
 * memory bank conflicts). With SA (SB), the A (B) tile of KWG x MWG (KWG x NWG)
 * is staged in local memory by all work-items together, neighbouring ones
 * loading neighbouring vectors; without, each work-item reads its own values
 * from global memory (no barriers: what CPUs prefer). KWI is the unroll factor
 * of the loop over a tile's KWG steps.
 *
 * SG (only without SA; the device has subgroups): a subgroup's work-items
 * share their rows of A (they differ in columns), so each loads one of the
 * row vectors and sub_group_broadcast hands it to the others, instead of
 * every work-item loading all MWI/VWM of them. It needs the subgroup to lie
 * in one row of work-items (NDIMC a multiple of its size) and at least MWI/VWM
 * lanes; a device that forms other subgroups gets NaN in C, which
 * verification reports, never a silently wrong fast result.
 *
 * What the kernel that includes this defines first:
 *   GEMM_A_T, GEMM_B_T  element types of A and B in global memory
 *   GEMM_K              the reduction length, a multiple of KWG
 *   GEMM_A_VEC(a, z, k, m)  VWM values A[z][k][m...], contiguous in memory
 *                       (A is padded to whole MWG-row tiles)
 *   B[z][k][n], 0 outside the matrix, in two halves so that the index
 *   arithmetic of a column is done once per kernel and that of a row once per
 *   reduction step, not once per value (an implicit GEMM's gather costs
 *   divisions and bounds; done per value, it took 10x the time of the FMAs):
 *     gemm_bcol gemm_b_col(z, n)   what column n's values share
 *     gemm_brow gemm_b_row(z, k)   what row k's values share
 *     gemm_b_at(b, col, row)       the value
 *   GEMM_B_CONTIG       (optional) when VWN values B[z][k][n...] (n a multiple
 *                       of VWN) are contiguous at GEMM_B_PTR(b, z, k, n), or all
 *                       outside the matrix when GEMM_B_IN(z, k, n) is false;
 *                       then only gemm_bcol is needed of the three above (as
 *                       any type: it is passed around, never read)
 *   gemm_store(c, bias, z, m, n, v)  writes C[z][m][n] = v (+ bias) where it
 *                       exists; or, with GEMM_C_CONTIG, VWN values C[z][m][n...]
 *                       (n a multiple of VWN) are contiguous at GEMM_C_PTR(c, z,
 *                       m, n) and all exist when GEMM_C_IN(z, m, n), and
 *                       GEMM_C_BIAS(bias, z, m) is what to add to each: whole
 *                       vector stores (one per VWN values instead of VWN
 *                       stores with their index arithmetic: a GEMM with a short
 *                       reduction spends as much on its stores as on its FMAs)
 *   GEMM_C_T, GEMM_C_V(n)  element type of C and its n-vectors (REALV, ACCV)
 * CB_EXTRA_WORK=PCT: PCT% of the work-groups (whole groups, as the barriers
 * need) do their reduction twice, same answers (kernels/real.cl).
 */
#define MWI (MWG / MDIMC)
#define NWI (NWG / NDIMC)
#define MVI (MWI / VWM) /* row vectors per work-item */
#define NVI (NWI / VWN)
#define WGS (MDIMC * NDIMC)

/* accm/accn: a row/column vector; X_LOAD reads one from global memory,
 * X_PUT/X_GET move one to and from a private array of acc. */
#if VWM == 1
typedef acc accm;
#define A_LOAD(p) ((acc)*(p))
#define M_PUT(v, p) ((p)[0] = (v))
#define M_GET(p) ((p)[0])
#else
typedef ACCV(VWM) accm;
#define A_LOAD(p) LOAD_ACC(VWM, p)
#define M_PUT(v, p) CAT(vstore, VWM)(v, 0, p)
#define M_GET(p) CAT(vload, VWM)(0, p)
#endif
#if VWN == 1
typedef acc accn;
#define B_LOAD(p) ((acc)*(p))
#define C_STORE(v, p) (*(p) = (GEMM_C_T)(v))
#define N_PUT(v, p) ((p)[0] = (v))
#define N_GET(p) ((p)[0])
#else
typedef ACCV(VWN) accn;
#define B_LOAD(p) LOAD_ACC(VWN, p)
#define C_STORE(v, p) CAT(vstore, VWN)(CAT(convert_, GEMM_C_V(VWN))(v), 0, (p))
#define N_PUT(v, p) CAT(vstore, VWN)(v, 0, p)
#define N_GET(p) CAT(vload, VWN)(0, p)
#endif

#if SG
#ifdef cl_intel_subgroups
#pragma OPENCL EXTENSION cl_intel_subgroups : enable
#elif defined(cl_khr_subgroups)
#pragma OPENCL EXTENSION cl_khr_subgroups : enable
#endif
#if SA
#error "SG shares A through subgroups: it replaces SA, it does not combine with it"
#endif
#endif

/* VWN values of B at column n (a multiple of VWN) from row k; cols: their
 * columns' gemm_b_col. */
inline accn gemm_b_vec(__global const GEMM_B_T *b, int z, int k, int n,
                       const gemm_bcol *cols)
{
#ifdef GEMM_B_CONTIG
    return GEMM_B_IN(z, k, n) ? B_LOAD(GEMM_B_PTR(b, z, k, n)) : (accn)(0);
#else
    const gemm_brow row = gemm_b_row(z, k);
    acc t[VWN];
#pragma unroll
    for (int v = 0; v < VWN; v++)
        t[v] = gemm_b_at(b, cols[v], row);
    return N_GET(t);
#endif
}

#ifndef GEMM_B_CONTIG
/* The gemm_b_col of VWN columns from n. */
inline void gemm_b_cols(int z, int n, gemm_bcol *cols)
{
#pragma unroll
    for (int v = 0; v < VWN; v++)
        cols[v] = gemm_b_col(z, n + v);
}
#else
#define gemm_b_cols(z, n, cols)
#endif

/* One work-group's pass over the whole reduction, adding into cpm. */
inline void gemm_tile_reduce(__global const GEMM_A_T *a, __global const GEMM_B_T *b,
                        __local accm *alm, __local accn *blm, int z, int m0, int n0, int tm,
                        int tn, accm cpm[NWI][MVI])
{
    const int tid = tm * NDIMC + tn;
#if !SB
    /* This work-item's columns never change: their arithmetic, once. */
    gemm_bcol mycols[NWI];
#pragma unroll
    for (int j = 0; j < NVI; j++)
        gemm_b_cols(z, n0 + (tn + j * NDIMC) * VWN, mycols + j * VWN);
#endif
#if SG
    const uint lane = get_sub_group_local_id();
    const int lane_row = (tm + (int)(lane % MVI) * MDIMC) * VWM;
#endif
    for (int k0 = 0; k0 < GEMM_K; k0 += KWG) {
#if SA
        for (int l = 0; l < KWG * (MWG / VWM) / WGS; l++) {
            const int i = tid + l * WGS;
            alm[i] = GEMM_A_VEC(a, z, k0 + i / (MWG / VWM), m0 + i % (MWG / VWM) * VWM);
        }
#endif
#if SB
        for (int l = 0; l < KWG * (NWG / VWN) / WGS; l++) {
            const int i = tid + l * WGS, n = n0 + i % (NWG / VWN) * VWN;
            gemm_bcol cols[VWN];
            gemm_b_cols(z, n, cols);
            blm[i] = gemm_b_vec(b, z, k0 + i / (NWG / VWN), n, cols);
        }
#endif
#if SA || SB
        barrier(CLK_LOCAL_MEM_FENCE);
#endif
        for (int kk = 0; kk < KWG; kk += KWI) {
#pragma unroll
            for (int u = 0; u < KWI; u++) {
                const int k = kk + u;
                accm apm[MVI];
#if SA
#pragma unroll
                for (int i = 0; i < MVI; i++)
                    apm[i] = alm[k * (MWG / VWM) + tm + i * MDIMC];
#elif SG
                acc mine[VWM], got[VWM];
                M_PUT(GEMM_A_VEC(a, z, k0 + k, m0 + lane_row), mine);
#pragma unroll
                for (int i = 0; i < MVI; i++) {
#pragma unroll
                    for (int v = 0; v < VWM; v++)
                        got[v] = sub_group_broadcast(mine[v], (uint)i);
                    apm[i] = M_GET(got);
                }
#else
#pragma unroll
                for (int i = 0; i < MVI; i++)
                    apm[i] = GEMM_A_VEC(a, z, k0 + k, m0 + (tm + i * MDIMC) * VWM);
#endif
                acc bpm[NWI];
#pragma unroll
                for (int j = 0; j < NVI; j++) {
#if SB
                    const accn v = blm[k * (NWG / VWN) + tn + j * NDIMC];
#else
                    const accn v =
                        gemm_b_vec(b, z, k0 + k, n0 + (tn + j * NDIMC) * VWN, mycols + j * VWN);
#endif
                    N_PUT(v, bpm + j * VWN);
                }
#pragma unroll
                for (int j = 0; j < NWI; j++)
#pragma unroll
                    for (int i = 0; i < MVI; i++)
                        cpm[j][i] = fma(apm[i], (accm)(bpm[j]), cpm[j][i]);
            }
        }
#if SA || SB
        barrier(CLK_LOCAL_MEM_FENCE);
#endif
    }
}

__kernel __attribute__((reqd_work_group_size(NDIMC, MDIMC, 1))) void
gemm_tiled(__global const GEMM_A_T *restrict a, __global const GEMM_B_T *restrict b,
           __global const real *restrict bias, __global GEMM_C_T *restrict c)
{
    const int tn = get_local_id(0), tm = get_local_id(1), z = get_global_id(2);
    const int n0 = get_group_id(0) * NWG, m0 = get_group_id(1) * MWG;
#if SA
    __local accm alm[KWG * (MWG / VWM)];
#else
    __local accm *alm = 0;
#endif
#if SB
    __local accn blm[KWG * (NWG / VWN)];
#else
    __local accn *blm = 0;
#endif
    accm cpm[NWI][MVI];
#pragma unroll
    for (int j = 0; j < NWI; j++)
#pragma unroll
        for (int i = 0; i < MVI; i++)
            cpm[j][i] = (accm)(0);
#ifdef CB_EXTRA_WORK
    if (EXTRA_ITEM((z * get_num_groups(1) + get_group_id(1)) * get_num_groups(0) +
                   get_group_id(0))) {
        gemm_tile_reduce(a, b, alm, blm, z, m0, n0, tm, tn, cpm);
#pragma unroll
        for (int j = 0; j < NWI; j++)
#pragma unroll
            for (int i = 0; i < MVI; i++)
                cpm[j][i] *= (accm)((acc)extra_zero());
    }
#endif
    gemm_tile_reduce(a, b, alm, blm, z, m0, n0, tm, tn, cpm);
#if SG
    /* The broadcasts above assumed this subgroup shape (see the top). */
    const int sg_ok = NDIMC % get_sub_group_size() == 0 && get_sub_group_size() >= MVI;
#else
    const int sg_ok = 1;
#endif
#ifdef GEMM_C_CONTIG
    /* VWN columns of one row at a time: one vector store each. */
#pragma unroll
    for (int jv = 0; jv < NVI; jv++) {
        const int n = n0 + (tn + jv * NDIMC) * VWN;
#pragma unroll
        for (int i = 0; i < MVI; i++) {
            acc v[VWN][VWM];
#pragma unroll
            for (int e = 0; e < VWN; e++)
                M_PUT(cpm[jv * VWN + e][i], v[e]);
#pragma unroll
            for (int vm = 0; vm < VWM; vm++) {
                const int m = m0 + (tm + i * MDIMC) * VWM + vm;
                if (!GEMM_C_IN(z, m, n))
                    continue;
                acc row[VWN];
                const acc add = GEMM_C_BIAS(bias, z, m);
#pragma unroll
                for (int e = 0; e < VWN; e++)
                    row[e] = sg_ok ? v[e][vm] + add : (acc)NAN;
                C_STORE(N_GET(row), GEMM_C_PTR(c, z, m, n));
            }
        }
    }
#else
#pragma unroll
    for (int j = 0; j < NWI; j++) {
        const int n = n0 + (tn + j / VWN * NDIMC) * VWN + j % VWN;
#pragma unroll
        for (int i = 0; i < MVI; i++) {
            acc v[VWM];
            M_PUT(cpm[j][i], v);
#pragma unroll
            for (int e = 0; e < VWM; e++)
                gemm_store(c, bias, z, m0 + (tm + i * MDIMC) * VWM + e, n,
                           sg_ok ? v[e] : (acc)NAN);
        }
    }
#endif
}
