/* libFuzzer target: reading a CSV report (host/out/csvread.c) and what compare
 * and report make of it (host/out/compare.c, host/out/report.c): a file against
 * itself. Input: the file's bytes. Every row kept must have the header's
 * field count; aborts otherwise. */
#include "compare.h"
#include "report.h"

#include "fuzz_file.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
    char path[64];
    if (fuzz_write_file(path, sizeof path, "csv", data, size))
        return 0;
    csv_table t;
    char err[1024];
    if (csvr_read(path, &t, err, sizeof err) == 0) {
        for (int r = 0; r < t.nrows; r++)
            for (int c = 0; c < t.ncols; c++)
                if (!t.rows[r][c])
                    abort();
        cmp_settings s = {0.05, 0.05, NULL, 0, 0, 0};
        cmp_result res = {0};
        cmp_run(&t, &t, &s, &res, err, sizeof err);
        cmp_free(&res);
        notes warn = {0};
        rep_data *d = rep_load(&t, 1, "", &warn, err, sizeof err);
        notes_free(&warn);
        FILE *out = fopen("/dev/null", "w");
        if (d && out)
            rep_write(out, d, 1, NULL, err, sizeof err);
        if (out)
            fclose(out);
        rep_free(d);
    }
    csvr_free(&t);
    unlink(path);
    return 0;
}
