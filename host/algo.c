/* algo.c - the algorithm table and lookup. */
#include "algo.h"
#include "timing.h"

#include <stdio.h>
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
                int o = snprintf(err, errlen, "unknown algorithm '%s'; expected 'all' or one of:",
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

int algo_warm_up(int (*run)(void *state, clrt_span *spans, int *nspans), void *state,
                 double *ms)
{
    double t0 = timing_now_ms();
    clrt_span spans[ALGO_MAX_SPANS];
    int n = 0;
    int rc = run(state, spans, &n) || (n && CLRT_CHECK(clWaitForEvents(1, &spans[n - 1].last)));
    clrt_spans_release(spans, n);
    *ms += timing_now_ms() - t0;
    return rc ? -1 : 0;
}
