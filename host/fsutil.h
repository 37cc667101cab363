/* fsutil.h - file-system helpers shared by the cache and the outputs. */
#ifndef CONVBENCH_FSUTIL_H
#define CONVBENCH_FSUTIL_H

/* Creates dir and its missing parents (mkdir -p). Returns 0, or -1 with errno set. */
int fs_mkdirs(const char *dir);

/* Creates the missing parent folders of the file at path. Returns 0 or -1 (errno). */
int fs_mkparents(const char *path);

#endif
