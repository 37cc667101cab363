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

/* Parses one record starting at *pos (advanced past it) into fields, using
 * buf (as long as the text) for a field's characters. Returns 0, 1 at the end
 * of the text, -1 out of memory, -2 on an unterminated quote. *lines counts the
 * newlines consumed. */
static int record(const char *text, size_t len, size_t *pos, ptrs *fields, int *lines, char *buf)
{
    size_t i = *pos;
    if (i >= len)
        return 1;
    while (1) {
        size_t o = 0;
        if (i < len && text[i] == '"') {
            i++;
            while (1) {
                if (i >= len) {
                    *pos = len;
                    return -2;
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
    *pos = i;
    return 0;
}

static void free_fields(ptrs *f)
{
    for (int i = 0; i < f->n; i++)
        free(f->v[i]);
    free(f->v);
    f->v = NULL;
    f->n = f->cap = 0;
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
    if (len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0)
        pos = 3; /* a UTF-8 byte order mark, as spreadsheets write */
    char *buf = malloc(len + 1);
    ptrs head = {0}, rows = {0}, lines = {0};
    int line = 1, rc = buf ? 0 : -1, no_header = 0;
    if (rc == 0 && (record(text, len, &pos, &head, &line, buf) != 0 || head.n == 0)) {
        snprintf(err, errlen, "%s: empty file, or no header row", path);
        rc = -1;
        no_header = 1;
    }
    t->head = (char **)head.v;
    t->ncols = head.n;
    while (rc == 0) {
        ptrs f = {0};
        int start = line, r = record(text, len, &pos, &f, &line, buf);
        char why[160] = "";
        if (r == 1)
            break;
        if (r == -1) {
            rc = -1;
        } else if (r == -2) {
            snprintf(why, sizeof why, "a quoted field is not closed before the end of the file");
        } else if (f.n == 1 && !((char *)f.v[0])[0]) {
            free_fields(&f); /* a blank line */
            continue;
        } else if (f.n != t->ncols) {
            snprintf(why, sizeof why, "%d fields, but the header has %d columns", f.n, t->ncols);
        }
        if (rc == 0 && why[0]) {
            rc = notes_addf(&t->skipped, "%s:%d: %s; row skipped", path, start, why);
            free_fields(&f);
            continue;
        }
        if (rc == 0 && (push(&rows, f.v) || push(&lines, (void *)(intptr_t)start)))
            rc = -1;
        if (rc)
            free_fields(&f);
    }
    if (rc && !no_header)
        snprintf(err, errlen, "%s: out of memory", path);
    free(buf);
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

int csvr_prob_cols(const csv_table *t, int *col, char *err, size_t errlen)
{
    if (csvr_cols(t, prob_fields, PROB_NSHAPE, col, err, errlen))
        return -1;
    for (int i = PROB_NSHAPE; i < PROB_NFIELDS; i++)
        col[i] = csvr_col(t, prob_fields[i]);
    return 0;
}

int csvr_prob(const csv_table *t, int r, const int *col, prob_shape *sh, char *err,
              size_t errlen)
{
    const char *v[PROB_NFIELDS];
    for (int i = 0; i < PROB_NFIELDS; i++)
        v[i] = col[i] < 0 ? NULL : csvr_get(t, r, col[i]);
    return prob_from_fields(sh, v, err, errlen);
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
    notes_free(&t->skipped);
    memset(t, 0, sizeof *t);
}
