/* libFuzzer target: list values through the one tokenizer, checked
 * (spec_set) and expanded (cfg_expand). Input: the first byte picks an option
 * of the table, the rest is its value. Differential: a list that passes the
 * check must expand to one case per item, each item's own value, never a
 * default (the fault of "-k 16\r"). Aborts on a mismatch. */
#include "config.h"
#include "tokens.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
    if (size == 0)
        return 0;
    int nopt;
    const opt_def *t = opts_table(&nopt);
    const opt_def *d = &t[data[0] % nopt];
    char *value = malloc(size);
    if (!value)
        return 0;
    memcpy(value, data + 1, size - 1);
    value[size - 1] = '\0';
    opt_spec s;
    spec_init(&s);
    char err[1024];
    /* A shape that every list item of d can join (d may override part of it). */
    static const char *const base[][2] = {{"in-channels", "4"}, {"out-channels", "4"},
                                          {"size", "8"}, {"kernel", "1"}, {"pad", "0"}};
    for (size_t i = 0; i < sizeof base / sizeof base[0]; i++)
        if (!opts_overlap(opts_find(base[i][0]), d))
            spec_set(&s, opts_find(base[i][0]), base[i][1], NULL, 0, err, sizeof err);
    if (spec_set(&s, d, value, NULL, 0, err, sizeof err) == 0 && d->type == OT_INT &&
        (d->where & OPT_INI) && d->off2 == OPT_NONE) {
        cfg_cases cases = {0};
        char *copy = strdup(value), *items[TOKENS_MAX];
        int n = copy ? tokens_split(copy, items, TOKENS_MAX) : -1;
        if (cfg_expand(&s, NULL, NULL, 0, 1000000, &cases, err, sizeof err) == 0) {
            if (n != cases.n)
                abort(); /* one case per item */
            for (int i = 0; i < n; i++) {
                int64_t got = *(const int64_t *)((const char *)&cases.v[i].o + d->off);
                if (got != strtoll(items[i], NULL, 10))
                    abort(); /* the item's own value, not a default */
            }
        } else if (!strstr(err, "invalid problem") && !strstr(err, "--max-cases")) {
            abort(); /* expansion refused what the check let through */
        }
        free(copy);
        cfg_cases_free(&cases);
    }
    spec_free(&s);
    free(value);
    return 0;
}
