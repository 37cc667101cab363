/* csvread.c - an RFC 4180 CSV reader. */
#include "csvread.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A growing array of pointers. */
typedef struct {
    void **v;
    int n, cap;
} ptrs;

static int push(ptrs *p, void *x)
{
    if (p->n == p->cap) {
        int cap = p->cap ? 2 * p->cap : 16;
        void **v = realloc(p->v, (size_t)cap * sizeof *v);
        if (!v)
            return -1;
        p->v = v;
        p->cap = cap;
    }
    p->v[p->n++] = x;
    return 0;
}

/* Parses one record starting at *pos (advanced past it) into fields. Returns
 * 0, 1 at the end of the text, -1 on an unterminated quote. *lines counts the
 * newlines consumed. */
static int record(const char *text, size_t len, size_t *pos, ptrs *fields, int *lines)
{
    size_t i = *pos;
    if (i >= len)
        return 1;
    char *buf = malloc(len - i + 1);
    if (!buf)
        return -1;
    while (1) {
        size_t o = 0;
        if (i < len && text[i] == '"') {
            i++;
            while (1) {
                if (i >= len) {
                    free(buf);
                    return -1;
                }
                if (text[i] == '"' && i + 1 < len && text[i + 1] == '"') {
                    buf[o++] = '"';
                    i += 2;
                } else if (text[i] == '"') {
                    i++;
                    break;
                } else {
                    *lines += text[i] == '\n';
                    buf[o++] = text[i++];
                }
            }
        }
        while (i < len && text[i] != ',' && text[i] != '\n' && text[i] != '\r')
            buf[o++] = text[i++];
        buf[o] = '\0';
        char *f = strdup(buf);
        if (!f || push(fields, f)) {
            free(f);
            free(buf);
            return -1;
        }
        if (i < len && text[i] == ',') {
            i++;
            continue;
        }
        if (i < len && text[i] == '\r')
            i++;
        if (i < len && text[i] == '\n')
            i++;
        (*lines)++;
        break;
    }
    free(buf);
    *pos = i;
    return 0;
}

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *text = NULL;
    size_t cap = 0, n = 0;
    while (1) {
        if (n + 65536 + 1 > cap) {
            cap = 2 * cap + 65536 + 1;
            char *t = realloc(text, cap);
            if (!t)
                break;
            text = t;
        }
        size_t got = fread(text + n, 1, cap - n - 1, f);
        n += got;
        if (got == 0)
            break;
    }
    int bad = ferror(f);
    fclose(f);
    if (bad || !text) {
        free(text);
        return NULL;
    }
    text[n] = '\0';
    *len = n;
    return text;
}

int csvr_read(const char *path, csv_table *t, char *err, size_t errlen)
{
    memset(t, 0, sizeof *t);
    snprintf(t->path, sizeof t->path, "%s", path);
    size_t len = 0, pos = 0;
    char *text = slurp(path, &len);
    if (!text) {
        snprintf(err, errlen, "%s: cannot read: %s", path, strerror(errno ? errno : EIO));
        return -1;
    }
    ptrs head = {0}, rows = {0}, lines = {0};
    int line = 1, rc = 0;
    if (record(text, len, &pos, &head, &line) != 0 || head.n == 0) {
        snprintf(err, errlen, "%s: empty file, or no header row", path);
        rc = -1;
    }
    t->head = (char **)head.v;
    t->ncols = head.n;
    while (rc == 0) {
        ptrs f = {0};
        int start = line, r = record(text, len, &pos, &f, &line);
        if (r == 1)
            break;
        if (r < 0) {
            snprintf(err, errlen, "%s:%d: unterminated quoted field", path, start);
            rc = -1;
        } else if (f.n == 1 && !((char *)f.v[0])[0]) {
            free(f.v[0]); /* a blank line */
            free(f.v);
            continue;
        } else if (f.n > t->ncols) {
            snprintf(err, errlen, "%s:%d: %d fields, but the header has %d columns", path,
                     start, f.n, t->ncols);
            rc = -1;
        }
        while (rc == 0 && f.n < t->ncols)
            rc = push(&f, strdup("")) ? -1 : 0;
        if (rc == 0 && (push(&rows, f.v) || push(&lines, (void *)(intptr_t)start)))
            rc = -1;
        if (rc) {
            for (int i = 0; i < f.n; i++)
                free(f.v[i]);
            free(f.v);
        }
    }
    free(text);
    t->rows = (char ***)rows.v;
    t->nrows = rows.n;
    t->line = malloc((size_t)(lines.n ? lines.n : 1) * sizeof *t->line);
    for (int i = 0; t->line && i < lines.n; i++)
        t->line[i] = (int)(intptr_t)lines.v[i];
    free(lines.v);
    return rc;
}

int csvr_col(const csv_table *t, const char *name)
{
    for (int i = 0; i < t->ncols; i++)
        if (strcmp(t->head[i], name) == 0)
            return i;
    return -1;
}

int csvr_cols(const csv_table *t, const char *const *names, int n, int *col, char *err,
              size_t errlen)
{
    for (int i = 0; i < n; i++)
        if ((col[i] = csvr_col(t, names[i])) < 0) {
            snprintf(err, errlen, "%s: no column '%s'; is it a convbench CSV?", t->path,
                     names[i]);
            return -1;
        }
    return 0;
}

const char *csvr_get(const csv_table *t, int r, int c)
{
    return c < 0 ? "" : t->rows[r][c];
}

void csvr_free(csv_table *t)
{
    for (int r = 0; r < t->nrows; r++) {
        for (int c = 0; c < t->ncols; c++)
            free(t->rows[r][c]);
        free(t->rows[r]);
    }
    for (int c = 0; c < t->ncols; c++)
        free(t->head[c]);
    free(t->rows);
    free(t->head);
    free(t->line);
    memset(t, 0, sizeof *t);
}
