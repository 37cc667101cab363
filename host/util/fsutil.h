/* fsutil.h - file-system helpers shared by the cache and the outputs. */
#ifndef CONVBENCH_FSUTIL_H
#define CONVBENCH_FSUTIL_H

#include <stddef.h>

/* Creates dir and its missing parents (mkdir -p). Returns 0, or -1 with errno set. */
int fs_mkdirs(const char *dir);

/* Creates the missing parent folders of the file at path. Returns 0 or -1 (errno). */
int fs_mkparents(const char *path);

/* The folder $XDG_CACHE_HOME/convbench/SUB, else $HOME/.cache/convbench/SUB,
 * written into buf. Returns 0, or -1 when neither variable is set or buf is too
 * small. Does not create it. */
int fs_cache_dir(char *buf, size_t len, const char *sub);

/* Writes len bytes to path through a temporary file renamed into place, so
 * readers (other processes too) see the old file or the new one, never a part.
 * Creates missing parent folders. Returns 0, or -1 with errno set. */
int fs_write_atomic(const char *path, const void *data, size_t len);

/* The whole file at path, NUL-terminated (a NUL inside ends the text for
 * string readers), owned by the caller; its length in *len when len is not
 * NULL. Returns NULL with errno set when it cannot be read or memory runs out. */
char *fs_read_all(const char *path, size_t *len);

/* Creates dir (and its parents) when missing and checks that a file can be
 * created in it (a probe file, removed). Returns 0, or -1 with errno set
 * (ENOTDIR for a regular file, EACCES or EROFS for a read-only folder). */
int fs_writable_dir(const char *dir);

/* Takes an exclusive lock (flock) on "PATH.lock", created when missing, waiting
 * while another process holds it: for a read-modify-write of a file that
 * fs_write_atomic replaces (a lock on the file itself would go with the old
 * inode). Returns the lock's descriptor for fs_unlock, or -1 with errno set. */
int fs_lock(const char *path);

/* Releases and closes a lock from fs_lock; nothing for -1. */
void fs_unlock(int fd);

#endif
