/* import_ini.c - an imported set written as a commented convbench INI config. */
#include "import.h"
#include "errmsg.h"

#include <stdlib.h>
#include <string.h>

/* Makes every section name unique with a suffix "_2", "_3", ... */
static void unique_names(imp_set *s)
{
    for (int i = 0; i < s->n; i++) {
        char base[64];
        snprintf(base, sizeof base, "%s", s->v[i].name);
        for (int k = 2, clash = 1; clash; k++) {
            clash = 0;
            for (int j = 0; j < i && !clash; j++)
                clash = strcmp(s->v[j].name, s->v[i].name) == 0;
            if (clash) {
                char suf[16];
                int sl = snprintf(suf, sizeof suf, "_%d", k);
                snprintf(s->v[i].name, sizeof s->v[i].name, "%.*s%s",
                         (int)(sizeof s->v[i].name - 1 - (size_t)sl), base, suf);
            }
        }
    }
}

static void comment_list(FILE *f, const char *title, const notes *l)
{
    if (!l->n)
        return;
    fprintf(f, ";\n; %s (%d):\n", title, l->n);
    for (int i = 0; i < l->n; i++)
        fprintf(f, ";   %s\n", l->v[i]);
}

static void write_dirs(FILE *f, unsigned dirs)
{
    fprintf(f, "direction = ");
    for (int d = 0, first = 1; d < PROB_DIR_COUNT; d++)
        if (dirs & (1u << d)) {
            fprintf(f, "%s%s", first ? "" : ", ", prob_dir_names[d]);
            first = 0;
        }
    fprintf(f, "\n");
}

static void write_section(FILE *f, const imp_conv *c, const char *batch_list)
{
    const prob_shape *sh = &c->sh;
    fprintf(f, "\n[%s]\n; %s\n", c->name, c->where);
    if (c->also[0])
        fprintf(f, "; the same convolution as: %s\n", c->also);
    if (c->note[0])
        fprintf(f, "; %s\n", c->note);
    if (batch_list[0])
        fprintf(f, "batch = %s\n", batch_list);
    else
        fprintf(f, "batch = %lld\n", (long long)sh->n);
    fprintf(f,
            "in_channels = %lld\nheight = %lld\nwidth = %lld\nout_channels = %lld\n"
            "kernel_h = %lld\nkernel_w = %lld\nstride_h = %lld\nstride_w = %lld\n"
            "pad_h = %lld\npad_w = %lld\ndilation_h = %lld\ndilation_w = %lld\ngroups = %lld\n"
            "bias = %d\n",
            (long long)sh->c, (long long)sh->h, (long long)sh->w,
            (long long)sh->k, (long long)sh->r, (long long)sh->s, (long long)sh->stride_h,
            (long long)sh->stride_w, (long long)sh->pad_h, (long long)sh->pad_w,
            (long long)sh->dil_h, (long long)sh->dil_w, (long long)sh->groups, sh->bias);
    if (sh->dtype != PROB_FP32)
        fprintf(f, "dtype = %s\n", prob_dtype_names[sh->dtype]);
    if (sh->layout != PROB_NCHW)
        fprintf(f, "layout = %s\n", prob_layout_names[sh->layout]);
    if (c->dirs != 1u << PROB_FWD)
        write_dirs(f, c->dirs);
    fprintf(f, "count = %lld\n", (long long)c->count);
}

int imp_write_ini(FILE *f, imp_set *s, char *err, size_t errlen)
{
    if (s->n == 0 && s->skipped.n)
        ERRMSG_RETURN(err, errlen, "%s: no convolution to import: every one was skipped (%s%s)",
                      s->sources.n ? s->sources.v[0] : "input", s->skipped.v[0],
                      s->skipped.n > 1 ? ", and more" : "");
    if (s->n == 0)
        ERRMSG_RETURN(err, errlen, "%s: no convolution to import",
                      s->sources.n ? s->sources.v[0] : "input");
    unique_names(s);
    /* The work at every batch size the sections run at: FLOPs scale with the batch. */
    double images = 0;
    for (const char *p = s->batch_list; *p; p += strcspn(p, ",") + (p[strcspn(p, ",")] == ','))
        images += strtod(p, NULL);
    double flops = 0;
    int64_t occurrences = 0;
    for (int i = 0; i < s->n; i++) {
        prob_metrics m;
        double scale = images > 0 ? images / (double)s->v[i].sh.n : 1;
        if (prob_analyze(&s->v[i].sh, &m, NULL, 0) == 0)
            for (int d = 0; d < PROB_DIR_COUNT; d++)
                if (s->v[i].dirs & (1u << d))
                    flops += m.flops * scale * (double)s->v[i].count;
        occurrences += s->v[i].count;
    }
    fprintf(f, "; Imported by `convbench import` from:\n");
    for (int i = 0; i < s->sources.n; i++)
        fprintf(f, ";   %s\n", s->sources.v[i]);
    fprintf(f, "; %lld convolution%s read; %d distinct below, each with the times it occurs "
               "(count): %lld in all.\n",
            (long long)s->read, s->read == 1 ? "" : "s", s->n, (long long)occurrences);
    if (s->collapsed)
        fprintf(f, "; %lld repeated MIOpenDriver command%s collapsed (an application logs every "
                   "call)%s.\n",
                (long long)s->collapsed, s->collapsed == 1 ? "" : "s",
                s->count_duplicates ? "; --count-duplicates kept their number as the count"
                                    : "; count 1 each (--count-duplicates keeps their number)");
    fprintf(f, "; Work: %.0f FLOP (%.3f GFLOP) per pass over these layers at these batch sizes, "
               "every direction counted.\n",
            flops, flops * 1e-9);
    if (s->batch_list[0])
        fprintf(f, "; batch = %s in every section, from --batch (the sources' own batch sizes "
                   "are not kept).\n",
                s->batch_list);
    comment_list(f, "Skipped: convbench cannot run these exactly", &s->skipped);
    comment_list(f, "Ignored option lines", &s->ignored);
    comment_list(f, "Other operators (not imported)", &s->others);
    for (int i = 0; i < s->n; i++)
        write_section(f, &s->v[i], s->batch_list);
    return ferror(f) ? (snprintf(err, errlen, "write error"), -1) : 0;
}
