/* notes.c - a list of messages for warnings. */
#include "notes.h"

#include <stdarg.h>
#include <stdlib.h>

int notes_addf(notes *l, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int len = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    char *msg = len >= 0 ? malloc((size_t)len + 1) : NULL;
    char **v = msg ? realloc(l->v, (size_t)(l->n + 1) * sizeof *v) : NULL;
    if (!v) {
        free(msg);
        return -1;
    }
    va_start(ap, fmt);
    vsnprintf(msg, (size_t)len + 1, fmt, ap);
    va_end(ap);
    l->v = v;
    l->v[l->n++] = msg;
    return 0;
}

void notes_print(FILE *f, const char *prog, const notes *l)
{
    for (int i = 0; i < l->n; i++)
        fprintf(f, "%s: warning: %s\n", prog, l->v[i]);
}

void notes_free(notes *l)
{
    for (int i = 0; i < l->n; i++)
        free(l->v[i]);
    free(l->v);
    l->v = NULL;
    l->n = 0;
}
