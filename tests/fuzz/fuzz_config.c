/* libFuzzer target: the INI config parser with its validation and expansion
 * (host/problem/config.c through inih, host/problem/options.c). Input: a config file's bytes. */
#include "config.h"

#include "fuzz_file.h"

#include <stdio.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
    char path[64];
    if (fuzz_write_file(path, sizeof path, "ini", data, size))
        return 0;
    cfg_file cfg;
    char err[1024];
    if (cfg_load(path, &cfg, err, sizeof err) == 0) {
        cfg_cases cases = {0};
        for (int i = 0; i < cfg.n; i++)
            if (cfg_expand(&cfg.layers[i].spec, cfg.layers[i].name, path, cfg.layers[i].line, 64,
                           &cases, err, sizeof err))
                break;
        cfg_cases_free(&cases);
        cfg_free(&cfg);
    }
    unlink(path);
    return 0;
}
