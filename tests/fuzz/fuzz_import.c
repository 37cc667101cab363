/* libFuzzer target: the text importers (host/import/import_benchdnn.c,
 * import_miopen.c) and the INI writer. Input: a benchdnn problem file's or an
 * MIOpen log's bytes; both readers get every input. */
#include "import.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
    char *text = malloc(size + 1);
    if (!text)
        return 0;
    memcpy(text, data, size);
    text[size] = 0;
    /* A nested --batch= naming a device could block on a read; files stay out. */
    if (strstr(text, "/dev/") || strstr(text, "/proc/")) {
        free(text);
        return 0;
    }
    char err[1024];
    FILE *sink = fopen("/dev/null", "w");
    for (int fmt = 0; fmt < 2; fmt++) {
        imp_set s;
        imp_init(&s);
        s.count_duplicates = fmt;
        int rc = fmt ? imp_read_miopen(&s, "fuzz.log", text, err, sizeof err)
                     : imp_read_benchdnn(&s, "fuzz.txt", text, err, sizeof err);
        if (rc == 0 && sink)
            imp_write_ini(sink, &s, err, sizeof err);
        imp_free(&s);
    }
    if (sink)
        fclose(sink);
    free(text);
    return 0;
}
