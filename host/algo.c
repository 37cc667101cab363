/* algo.c - the algorithm table and lookup. */
#include "algo.h"
#include "timing.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern const algo_desc algo_direct, algo_im2col, algo_winograd_2x3, algo_winograd_4x3,
    algo_clblast_convgemm;

/* convbench's own algorithms first, then the library peers. */
static const algo_desc *const table[] = {
    &algo_direct,
    &algo_im2col,
    &algo_winograd_2x3,
    &algo_winograd_4x3,
    &algo_clblast_convgemm,
};

#define N_ALGOS ((int)(sizeof table / sizeof table[0]))

/* Not in the table: "all" and loops over algorithms never include it. */
static const algo_desc algo_best = {
    .name = "best",
    .summary = "runs each of convbench's own algorithms, keeps the fastest verified one",
    .pseudo = 1,
};

int algo_count(void)
{
    return N_ALGOS;
}

const algo_desc *algo_at(int i)
{
    return (i >= 0 && i < N_ALGOS) ? table[i] : NULL;
}

const algo_desc *algo_find(const char *name)
{
    if (strcmp(name, algo_best.name) == 0)
        return &algo_best;
    for (int i = 0; i < N_ALGOS; i++)
        if (strcmp(table[i]->name, name) == 0)
            return table[i];
    return NULL;
}

static void add_unique(const algo_desc **out, int *n, int cap, const algo_desc *a)
{
    for (int i = 0; i < *n; i++)
        if (out[i] == a)
            return;
    if (*n < cap)
        out[(*n)++] = a;
}

int algo_parse_list(const char *list, const algo_desc **out, int cap, char *err, size_t errlen)
{
    int n = 0;
    const char *p = list;
    while (1) {
        size_t len = strcspn(p, ",");
        char name[64];
        snprintf(name, sizeof name, "%.*s", (int)(len < sizeof name ? len : sizeof name - 1), p);
        if (strcmp(name, "all") == 0) {
            for (int i = 0; i < N_ALGOS; i++)
                add_unique(out, &n, cap, table[i]);
        } else {
            const algo_desc *a = len ? algo_find(name) : NULL;
            if (!a) {
                int o = snprintf(err, errlen,
                                 "unknown algorithm '%s'; expected 'all', 'best' or one of:",
                                 name);
                for (int i = 0; i < N_ALGOS && o >= 0 && (size_t)o < errlen; i++)
                    o += snprintf(err + o, errlen - o, " %s", table[i]->name);
                return -1;
            }
            add_unique(out, &n, cap, a);
        }
        if (p[len] == '\0')
            break;
        p += len + 1;
    }
    return n;
}

int algo_warm_up(int (*run)(void *state, clrt_spans *spans), void *state, double *ms)
{
    double t0 = timing_now_ms();
    clrt_spans spans = {0};
    int rc = run(state, &spans) ||
             (spans.n && CLRT_CHECK(clWaitForEvents(1, &spans.v[spans.n - 1].last)));
    clrt_spans_free(&spans);
    *ms += timing_now_ms() - t0;
    return rc ? -1 : 0;
}

static const algo_tunable *find_tunable(const algo_desc *a, const char *name, size_t len, int *i)
{
    for (*i = 0; *i < a->ntunables; (*i)++)
        if (strlen(a->tunables[*i].name) == len && strncmp(a->tunables[*i].name, name, len) == 0)
            return &a->tunables[*i];
    return NULL;
}

static void list_choices(const algo_desc *a, char *err, size_t errlen)
{
    size_t o = strlen(err);
    if (!a->ntunables) {
        snprintf(err + o, errlen - o, "; %s has no tunable parameters", a->name);
        return;
    }
    o += (size_t)snprintf(err + o, errlen - o, "; %s takes (auto: its default)", a->name);
    for (int i = 0; i < a->ntunables && o < errlen; i++) {
        const algo_tunable *t = &a->tunables[i];
        o += (size_t)snprintf(err + o, errlen - o, "%s %s=", i ? "," : "", t->name);
        for (int v = 0; v < t->nvalues && o < errlen; v++)
            o += (size_t)snprintf(err + o, errlen - o, "%s%d", v ? "|" : "", t->values[v]);
    }
}

int algo_parse_params(const algo_desc *a, const char *text, int skip_unknown, int *tune,
                      char *err, size_t errlen)
{
    memset(tune, 0, ALGO_MAX_TUNABLES * sizeof *tune);
    for (const char *p = text; *p;) {
        size_t len = strcspn(p, ","), nlen = strcspn(p, "=");
        int i;
        const algo_tunable *t = nlen < len ? find_tunable(a, p, nlen, &i) : NULL;
        if (!t && skip_unknown && nlen > 0 && nlen < len) {
            p += len + (p[len] == ',');
            continue;
        }
        const char *val = p + nlen + 1, *end = NULL;
        long v = 0;
        int ok = t && len - nlen - 1 == 4 && strncmp(val, "auto", 4) == 0; /* the default */
        if (t && !ok) {
            char *e;
            v = strtol(val, &e, 10);
            end = e;
        }
        for (int j = 0; t && end == p + len && j < t->nvalues; j++)
            ok |= t->values[j] == v;
        if (!ok) {
            snprintf(err, errlen, "parameter '%.*s' is not valid for %s", (int)len, p, a->name);
            list_choices(a, err, errlen);
            return -1;
        }
        tune[i] = (int)v; /* i was set by find_tunable */
        p += len + (p[len] == ',');
    }
    return 0;
}

void algo_format_params(const algo_desc *a, const int *value, char *buf, size_t len)
{
    size_t o = 0;
    buf[0] = '\0';
    for (int i = 0; i < a->ntunables && o < len; i++) {
        o += (size_t)snprintf(buf + o, len - o, "%s%s=", i ? "," : "", a->tunables[i].name);
        if (o < len)
            o += (size_t)snprintf(buf + o, len - o, value[i] ? "%d" : "auto", value[i]);
    }
}
