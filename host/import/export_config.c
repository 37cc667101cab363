/* export_config.c - a config's cases as benchdnn problem descriptors or
 * MIOpenDriver commands: the reverse of the importers, so other tools run the
 * same problems. */
#include "import.h"
#include "errmsg.h"

#include <string.h>

static const char *bd_dir(const prob_shape *sh)
{
    switch (sh->dir) {
    case PROB_BWD_DATA: return "BWD_D";
    case PROB_BWD_WEIGHTS: return "BWD_W";
    default: return sh->bias ? "FWD_B" : "FWD_D";
    }
}

static void benchdnn_case(FILE *f, const cfg_case *c, char *last, size_t len)
{
    const prob_shape *sh = &c->o.sh;
    char opts[160];
    const char *tag = sh->layout == PROB_NHWC ? "axb" : "abx";
    snprintf(opts, sizeof opts, "--reset --dir=%s --dt=%s --stag=%s --dtag=%s", bd_dir(sh),
             sh->dtype == PROB_FP16 ? "f16" : "f32", tag, tag);
    if (strcmp(opts, last) != 0)
        fprintf(f, "%s\n", opts);
    snprintf(last, len, "%s", opts);
    fprintf(f,
            "g%lldmb%lldic%lldih%lldoc%lldoh%lldkh%lldsh%lldph%llddh%lld_iw%lldow%lldkw%lldsw%lld"
            "pw%llddw%lldn\"%s",
            (long long)sh->groups, (long long)sh->n, (long long)sh->c, (long long)sh->h,
            (long long)sh->k, (long long)c->m.p, (long long)sh->r, (long long)sh->stride_h,
            (long long)sh->pad_h, (long long)sh->dil_h - 1, (long long)sh->w, (long long)c->m.q,
            (long long)sh->s, (long long)sh->stride_w, (long long)sh->pad_w,
            (long long)sh->dil_w - 1, c->o.layer);
    if (c->o.count > 1)
        fprintf(f, "*%lld", (long long)c->o.count);
    fprintf(f, "\"\n");
}

static void miopen_case(FILE *f, const cfg_case *c)
{
    const prob_shape *sh = &c->o.sh;
    fprintf(f, "# %s\n", c->o.layer);
    for (int64_t i = 0; i < c->o.count; i++) {
        fprintf(f,
                "MIOpenDriver %s -n %lld -c %lld -H %lld -W %lld -k %lld -y %lld -x %lld "
                "-p %lld -q %lld -u %lld -v %lld -l %lld -j %lld -g %lld -b %d -F %d",
                sh->dtype == PROB_FP16 ? "convfp16" : "conv", (long long)sh->n, (long long)sh->c,
                (long long)sh->h, (long long)sh->w, (long long)sh->k, (long long)sh->r,
                (long long)sh->s, (long long)sh->pad_h, (long long)sh->pad_w,
                (long long)sh->stride_h, (long long)sh->stride_w, (long long)sh->dil_h,
                (long long)sh->dil_w, (long long)sh->groups, sh->bias, 1 << sh->dir);
        if (sh->layout == PROB_NHWC)
            fprintf(f, " -I NHWC -O NHWC -f NHWC");
        fprintf(f, " -t 1\n");
    }
}

int imp_export(FILE *f, const char *source, const cfg_case *cases, int n, imp_format to,
               char *err, size_t errlen)
{
    if (to != IMP_BENCHDNN && to != IMP_MIOPEN)
        ERRMSG_RETURN(err, errlen, "export to %s: expected benchdnn or miopen",
                      imp_format_names[to]);
    if (to == IMP_BENCHDNN)
        fprintf(f, "# %s as benchdnn conv problems (written by convbench export-config).\n"
                   "# Run: benchdnn --conv --mode=P --batch=THIS_FILE\n",
                source);
    else
        fprintf(f, "# %s as MIOpenDriver commands (written by convbench export-config), one per\n"
                   "# occurrence of a layer; convbench import --count-duplicates counts them "
                   "again.\n",
                source);
    char last[160] = "";
    int written = 0;
    for (int i = 0; i < n; i++) {
        if (cases[i].o.sh.accum != PROB_FP32) {
            fprintf(f, "# left out: %s (accumulation in %s, which %s cannot be told)\n",
                    cases[i].o.layer, prob_dtype_names[cases[i].o.sh.accum],
                    imp_format_names[to]);
            continue;
        }
        if (to == IMP_BENCHDNN)
            benchdnn_case(f, &cases[i], last, sizeof last);
        else
            miopen_case(f, &cases[i]);
        written++;
    }
    return ferror(f) ? (snprintf(err, errlen, "write error"), -1) : written;
}
