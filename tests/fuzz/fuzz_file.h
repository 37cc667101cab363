/* fuzz_file.h - the targets that read a file take the fuzzer's input through
 * one: written to a temporary path with the extension ext. */
#ifndef CONVBENCH_FUZZ_FILE_H
#define CONVBENCH_FUZZ_FILE_H

#include <stdio.h>
#include <unistd.h>

/* Writes data to /tmp/convbench_fuzz_PID.EXT, its name in path (capacity len).
 * Returns 0, or -1 when it cannot be written. */
static int fuzz_write_file(char *path, size_t len, const char *ext, const unsigned char *data,
                           size_t size)
{
    snprintf(path, len, "/tmp/convbench_fuzz_%ld.%s", (long)getpid(), ext);
    FILE *f = fopen(path, "wb");
    if (!f)
        return -1;
    size_t put = fwrite(data, 1, size, f);
    return fclose(f) == 0 && put == size ? 0 : -1;
}

#endif
