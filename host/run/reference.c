/* reference.c - the CPU reference convolution. */
#include "reference.h"

#include <math.h>

static void one_output(const prob_shape *sh, const prob_metrics *m, const float *in,
                       const float *wei, const float *bias, int64_t o, double *ref, double *mag)
{
    int64_t q = o % m->q, p = (o / m->q) % m->p, k = (o / (m->q * m->p)) % sh->k,
            n = o / (m->q * m->p * sh->k);
    int64_t cg = sh->c / sh->groups, kg = sh->k / sh->groups, g = k / kg;
    double acc = 0, abs_acc = 0;
    for (int64_t c = 0; c < cg; c++) {
        const float *x = in + ((n * sh->c + g * cg + c) * sh->h) * sh->w;
        const float *w = wei + (k * cg + c) * sh->r * sh->s;
        for (int64_t r = 0; r < sh->r; r++) {
            int64_t ih = p * sh->stride_h - sh->pad_h + r * sh->dil_h;
            if (ih < 0 || ih >= sh->h)
                continue;
            for (int64_t s = 0; s < sh->s; s++) {
                int64_t iw = q * sh->stride_w - sh->pad_w + s * sh->dil_w;
                if (iw < 0 || iw >= sh->w)
                    continue;
                double t = (double)x[ih * sh->w + iw] * (double)w[r * sh->s + s];
                acc += t;
                abs_acc += fabs(t);
            }
        }
    }
    if (sh->bias) {
        acc += bias[k];
        abs_acc += fabs(bias[k]);
    }
    *ref = acc;
    *mag = abs_acc;
}

void ref_conv(const prob_shape *sh, const prob_metrics *m, const float *in, const float *wei,
              const float *bias, const int64_t *idx, int64_t count, double *ref, double *mag)
{
#pragma omp parallel for schedule(dynamic, 64)
    for (int64_t i = 0; i < count; i++)
        one_output(sh, m, in, wei, bias, idx ? idx[i] : i, &ref[i], &mag[i]);
}
