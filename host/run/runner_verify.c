/* runner_verify.c - what happens to a case's output: checked against the
 * reference, and dumped as .npy files. */
#include "npy.h"
#include "runner_priv.h"
#include "tensor.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void runner_verify(run_case *rc, const algo_desc *a, const run_settings *s,
                          const float *out, result *r)
{
    if (s->verify == VFY_NONE) {
        r->status = RES_UNVERIFIED;
        return;
    }
    if (runner_reference(rc, s)) {
        r->status = RES_ERROR;
        runner_note(r, "out of host memory for the reference");
        return;
    }
    float *got = (float *)out;
    float *gathered = NULL;
    if (rc->idx) {
        gathered = malloc((size_t)rc->nref * sizeof *gathered);
        if (!gathered) {
            r->status = RES_ERROR;
            runner_note(r, "out of host memory for verification");
            return;
        }
        for (int64_t i = 0; i < rc->nref; i++)
            gathered[i] = out[rc->idx[i]];
        got = gathered;
    }
    r->tolerance = rc->exact ? a->tol_exact : a->tol_float;
    double tol_nrmse = a->tol_nrmse;
    int acc16 = rc->sh.accum == PROB_FP16;
    /* fp16 keeps the exact fill's tolerance where sums stay exact: every
     * algorithm that computes in fp32, and the bit-exact ones in fp16. */
    if (rc->sh.dtype == PROB_FP16 && !(rc->exact && (!acc16 || a->tol_exact == 0))) {
        vfy_tol_fp16(rc->m.terms, acc16, &r->tolerance, &tol_nrmse);
        /* Beyond half's own rounding: the algorithm's fp32 error, or with
         * fp16 accumulation what its transforms add. */
        r->tolerance += acc16 ? a->fp16_gain * 0x1.0p-11 : a->tol_float;
        tol_nrmse += acc16 ? a->fp16_gain * 0x1.0p-11 : a->tol_nrmse;
    }
    vfy_result v;
    vfy_compare(got, rc->ref, rc->mag, rc->idx, rc->nref, r->tolerance, &v);
    free(gathered);
    r->max_abs_err = v.max_abs_err;
    r->max_rel_err = v.max_rel_err;
    r->nrmse = v.nrmse;
    r->checked = v.checked;
    if (s->fill == VFY_FILL_EXACT && !rc->exact)
        runner_note(r, "reduction of %lld terms too long for exact integer sums: float tolerance used",
             (long long)rc->m.terms);
    /* As benchdnn: a check where most outputs are zero proves little. */
    if (v.checked && v.zeros * 10 > v.checked * 3)
        runner_note(r, "MISTRUSTED: %.0f%% of reference outputs are zero", 100.0 * v.zeros / v.checked);
    int l2_bad = !(v.nrmse <= tol_nrmse);
    if (v.bad == 0 && !l2_bad) {
        r->status = RES_PASS;
        return;
    }
    r->status = RES_FAIL;
    if (l2_bad)
        runner_note(r, "normalised L2 error %.2e exceeds its tolerance %.1e", v.nrmse, tol_nrmse);
    if (v.bad == 0)
        return;
    runner_note(r, "%lld of %lld elements outside tolerance %.1e (%lld not finite)", (long long)v.bad,
         (long long)v.checked, r->tolerance, (long long)v.nonfinite);
    /* Each failing element by its logical indices in the result tensor. */
    tensor_desc t = tensor_of(&rc->sh, &rc->m, tensor_result_role(&rc->sh));
    static const char *const dims[TENSOR_ROLE_COUNT][4] = {
        {"n", "c", "h", "w"}, {"k", "c", "r", "s"}, {"n", "k", "p", "q"}};
    const char *const *dn = dims[tensor_result_role(&rc->sh)];
    fprintf(stderr, "convbench: %s FAILED verification: %lld of %lld %s elements off; worst:\n",
            a->name, (long long)v.bad, (long long)v.checked,
            tensor_role_name(tensor_result_role(&rc->sh), rc->sh.dir != PROB_FWD));
    fprintf(stderr, "  %6s %5s %5s %5s   %14s %14s %10s %10s\n", dn[0], dn[1], dn[2], dn[3],
            "expected", "got", "abs_err", "rel_err");
    for (int i = 0; i < v.worst_count; i++) {
        const vfy_point *pt = &v.worst[i];
        int64_t x = pt->index % t.dims[3], y = (pt->index / t.dims[3]) % t.dims[2],
                z = (pt->index / (t.dims[3] * t.dims[2])) % t.dims[1],
                b = pt->index / (t.dims[3] * t.dims[2] * t.dims[1]);
        fprintf(stderr, "  %6lld %5lld %5lld %5lld   %14.7g %14.7g %10.3g %10.3g\n", (long long)b,
                (long long)z, (long long)y, (long long)x, pt->expected, pt->got, pt->abs_err,
                pt->rel_err);
    }
}

void runner_dump(const run_case *rc, const algo_desc *a, const run_settings *s,
                      const char *prefix, const float *out, result *r)
{
    const prob_shape *sh = &rc->sh;
    tensor_role res = tensor_result_role(sh);
    int64_t bias_shape[1] = {sh->k};
    /* The tensors the direction read (dY as "output-grad"), the bias, then
     * the result as "<role>-<algorithm>" and its reference. */
    typedef struct dump_file {
        const char *name, *role;
        npy_type t;
        const void *data;
        const int64_t *shape;
        int ndim;
    } dump_file;
    dump_file files[TENSOR_ROLE_COUNT + 3];
    tensor_desc td[TENSOR_ROLE_COUNT];
    int nf = 0;
    for (int i = 0; i < TENSOR_ROLE_COUNT; i++) {
        td[i] = tensor_of(sh, &rc->m, (tensor_role)i);
        if (i != (int)res)
            files[nf++] = (dump_file){tensor_role_name((tensor_role)i,
                                                       tensor_is_grad(sh, (tensor_role)i)),
                                      "", NPY_F32, rc->t[i], td[i].dims, 4};
    }
    files[nf++] = (dump_file){"bias", "", NPY_F32, rc->bias, bias_shape, 1};
    const char *rname = tensor_role_name(res, tensor_is_grad(sh, res));
    files[nf++] = (dump_file){a->name, rname, NPY_F32, out, td[res].dims, 4};
    files[nf++] = (dump_file){"reference", "", NPY_F64, rc->idx ? NULL : rc->ref,
                                     td[res].dims, 4};
    for (int i = 0; i < nf; i++) {
        if (!files[i].data)
            continue;
        char path[4400];
        snprintf(path, sizeof path, "%s/%s%s%s%s.npy", s->dump_dir, prefix ? prefix : "",
                 files[i].role, files[i].role[0] ? "-" : "", files[i].name);
        if (npy_write(path, files[i].t, files[i].data, files[i].shape, files[i].ndim)) {
            runner_note(r, "could not write %s: %s", path, strerror(errno));
            r->dump_failed = 1;
        }
    }
}
