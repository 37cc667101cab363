/* kopts.c - build option strings for the convolution kernels. */
#include "kopts.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void append(kopts *k, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void append(kopts *k, const char *fmt, ...)
{
    if (k->overflow)
        return;
    va_list ap;
    va_start(ap, fmt);
    int w = vsnprintf(k->s + k->n, sizeof k->s - k->n, fmt, ap);
    va_end(ap);
    if (w < 0 || (size_t)w >= sizeof k->s - k->n)
        k->overflow = 1;
    else
        k->n += (size_t)w;
}

void kopts_init(kopts *k, const char *base)
{
    k->n = 0;
    k->overflow = 0;
    k->s[0] = '\0';
    append(k, "%s", base);
}

void kopts_def(kopts *k, const char *name, int64_t v)
{
    append(k, " -D%s=%lld", name, (long long)v);
}

void kopts_defs(kopts *k, const kopts_item *items, size_t n)
{
    for (size_t i = 0; i < n; i++)
        kopts_def(k, items[i].name, items[i].v);
}

void kopts_flag(kopts *k, const char *name, int on)
{
    if (on)
        append(k, " -D%s", name);
}

void kopts_add(kopts *k, const char *text)
{
    if (text && *text)
        append(k, " %s", text);
}

void kopts_problem(kopts *k, const prob_shape *sh, const prob_metrics *m)
{
    const kopts_item defs[] = {
        {"N", sh->n},     {"C", sh->c},         {"H", sh->h},         {"W", sh->w},
        {"K", sh->k},     {"P", m->p},          {"Q", m->q},          {"R", sh->r},
        {"S", sh->s},     {"PH", sh->pad_h},    {"PW", sh->pad_w},    {"DH", sh->dil_h},
        {"DW", sh->dil_w}, {"G", sh->groups},
    };
    kopts_defs(k, defs, sizeof defs / sizeof defs[0]);
    kopts_flag(k, "HAS_BIAS", sh->bias);
    kopts_flag(k, "NHWC", sh->layout == PROB_NHWC);
    kopts_flag(k, "REAL_HALF", sh->dtype == PROB_FP16);
    kopts_flag(k, "ACC_HALF", sh->accum == PROB_FP16);
}

int kopts_extra_work(const char *text)
{
    const char *p = text ? strstr(text, "-DCB_EXTRA_WORK=") : NULL;
    if (!p)
        return 0;
    long pct = strtol(p + strlen("-DCB_EXTRA_WORK="), NULL, 10);
    return pct < 0 ? 0 : pct > 100 ? 100 : (int)pct;
}
