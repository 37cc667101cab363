/* libFuzzer target: the command-line parser with its validation and grid
 * expansion (host/problem/options.c, host/problem/config.c). Input: arguments separated by
 * newlines; the first byte picks `run` (even) or `sweep` (odd) options. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#define MAX_ARGS 64

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
    if (size == 0)
        return 0;
    unsigned where = (data[0] & 1) ? OPT_SWEEP : OPT_RUN;
    char *buf = malloc(size);
    if (!buf)
        return 0;
    memcpy(buf, data + 1, size - 1);
    buf[size - 1] = '\0';
    char *argv[MAX_ARGS], *pos[2];
    int argc = 0, npos;
    for (char *p = buf; argc < MAX_ARGS && p < buf + size - 1;) {
        argv[argc++] = p;
        char *nl = memchr(p, '\n', (size_t)(buf + size - 1 - p));
        if (!nl)
            break;
        *nl = '\0';
        p = nl + 1;
    }
    opt_spec spec;
    spec_init(&spec);
    char err[1024];
    if (opts_parse_args(&spec, where, argc, argv, pos, 2, &npos, err, sizeof err) == 0) {
        opts s;
        opts_session(&spec, &s);
        cfg_cases cases = {0};
        cfg_expand(&spec, "fuzz", NULL, 0, 64, &cases, err, sizeof err);
        cfg_cases_free(&cases);
    }
    spec_free(&spec);
    free(buf);
    return 0;
}
