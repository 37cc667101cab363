/* import.c - the imported set: formats and their detection, merging repeats,
 * section names, and configs imported on the fly for --sweep. */
#include "import.h"
#include "errmsg.h"
#include "fsutil.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

const char *const imp_format_names[IMP_FORMAT_COUNT] = {
    [IMP_INI] = "ini", [IMP_ONNX] = "onnx", [IMP_BENCHDNN] = "benchdnn", [IMP_MIOPEN] = "miopen"};

void imp_init(imp_set *s)
{
    memset(s, 0, sizeof *s);
}

void imp_free(imp_set *s)
{
    free(s->v);
    notes_free(&s->sources);
    notes_free(&s->skipped);
    notes_free(&s->ignored);
    notes_free(&s->others);
    imp_init(s);
}

static int has_suffix(const char *s, const char *suf)
{
    size_t n = strlen(s), m = strlen(suf);
    return n >= m && strcasecmp(s + n - m, suf) == 0;
}

int imp_detect(const char *path, imp_format *fmt, char *err, size_t errlen)
{
    if (has_suffix(path, ".ini")) { /* cfg_load says what is wrong with it, if anything */
        *fmt = IMP_INI;
        return 0;
    }
    FILE *f = fopen(path, "rb");
    if (!f)
        ERRMSG_RETURN(err, errlen, "cannot read '%s': %m", path);
    static char buf[1 << 16];
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = 0;
    if (has_suffix(path, ".onnx") || memchr(buf, 0, n)) {
        *fmt = IMP_ONNX;
        return 0;
    }
    /* A protobuf's bytes below the space other than white space: binary. */
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)buf[i] < 32 && !isspace((unsigned char)buf[i])) {
            *fmt = IMP_ONNX;
            return 0;
        }
    /* An INI's first line that is not blank or a comment is a "[section]"
     * alone (a log line may start with "[time]" but goes on) or "key = ...". */
    const char *p = buf;
    while (*p) {
        while (*p && isspace((unsigned char)*p))
            p++;
        if (*p == ';' || *p == '#') {
            p += strcspn(p, "\n");
            continue;
        }
        const char *close = *p == '[' ? strchr(p, ']') : NULL;
        const char *eol = p + strcspn(p, "\n");
        size_t key = strspn(p, "abcdefghijklmnopqrstuvwxyz_");
        int assign = key > 0 && p[key + strspn(p + key, " \t")] == '=';
        if (assign || (close && close < eol && strchr("\n", close[1 + strspn(close + 1, " \t\r")]))) {
            *fmt = IMP_INI;
            return 0;
        }
        break;
    }
    *fmt = strstr(buf, "MIOpenDriver") ? IMP_MIOPEN : IMP_BENCHDNN;
    return 0;
}

int imp_read(imp_set *s, const char *path, char *err, size_t errlen)
{
    imp_format fmt;
    if (imp_detect(path, &fmt, err, errlen))
        return -1;
    if (fmt == IMP_INI)
        ERRMSG_RETURN(err, errlen, "%s: already a convbench INI config; run it with --sweep %s",
                      path, path);
    if (fmt == IMP_ONNX)
        return imp_read_onnx(s, path, err, errlen);
    char *text = fs_read_all(path, NULL);
    if (!text)
        ERRMSG_RETURN(err, errlen, "cannot read '%s': %m", path);
    int rc = fmt == IMP_MIOPEN ? imp_read_miopen(s, path, text, err, errlen)
                               : imp_read_benchdnn(s, path, text, err, errlen);
    free(text);
    return rc;
}

static void append_name(char *list, size_t len, const char *name)
{
    size_t o = strlen(list);
    if (o + 1 >= len || strstr(list, name))
        return;
    snprintf(list + o, len - o, "%s%s", o ? ", " : "", name);
    if (strlen(list) + 1 >= len && len > 4)
        memcpy(list + len - 4, "...", 4);
}

int imp_add(imp_set *s, const imp_conv *given, imp_format fmt)
{
    imp_conv add = *given;
    const imp_conv *c = &add;
    for (int d = PROB_DIR_COUNT - 1; d >= 0; d--) /* the first direction: the key's */
        if (add.dirs & (1u << d))
            add.sh.dir = d;
    prob_key(&add.sh, add.key, sizeof add.key);
    s->read += c->count;
    for (int i = 0; i < s->n; i++) {
        imp_conv *e = &s->v[i];
        if (e->dirs != c->dirs || strcmp(c->key, e->key) != 0)
            continue;
        if (fmt == IMP_MIOPEN) {
            s->collapsed++;
            if (!s->count_duplicates)
                return 0;
        }
        e->count += c->count;
        if (strcmp(e->name, c->name) != 0)
            append_name(e->also, sizeof e->also, c->name);
        return 0;
    }
    if (s->n == s->cap) {
        int cap = s->cap ? 2 * s->cap : 32;
        imp_conv *grown = realloc(s->v, (size_t)cap * sizeof *grown);
        if (!grown)
            return -1;
        s->v = grown;
        s->cap = cap;
    }
    s->v[s->n++] = *c;
    return 0;
}

void imp_shape_name(char *dst, size_t len, const prob_shape *sh)
{
    int o = snprintf(dst, len, "c%lld_%lldx%lld_k%lld_%lldx%lld", (long long)sh->c,
                     (long long)sh->h, (long long)sh->w, (long long)sh->k, (long long)sh->r,
                     (long long)sh->s);
    if (o > 0 && (size_t)o < len && (sh->stride_h != 1 || sh->stride_w != 1))
        o += snprintf(dst + o, len - (size_t)o, "_s%lld", (long long)sh->stride_h);
    if (o > 0 && (size_t)o < len && (sh->dil_h != 1 || sh->dil_w != 1))
        o += snprintf(dst + o, len - (size_t)o, "_d%lld", (long long)sh->dil_h);
    if (o > 0 && (size_t)o < len && sh->groups != 1)
        snprintf(dst + o, len - (size_t)o, "_g%lld", (long long)sh->groups);
}

void imp_clean_name(char *dst, size_t len, const char *src)
{
    size_t o = 0;
    int gap = 0;
    for (const char *p = src; *p && o + 1 < len; p++) {
        int keep = isalnum((unsigned char)*p) || strchr("._:-", *p);
        if (!keep) {
            gap = o > 0;
            continue;
        }
        if (gap && o + 2 < len)
            dst[o++] = '_';
        gap = 0;
        dst[o++] = *p;
    }
    dst[o] = 0;
    if (!o)
        snprintf(dst, len, "conv");
}

int imp_load_config(const char *path, int64_t batch, int count_duplicates, cfg_file *cfg,
                    char *err, size_t errlen)
{
    imp_format fmt;
    memset(cfg, 0, sizeof *cfg);
    if (imp_detect(path, &fmt, err, errlen))
        return -1;
    if (fmt == IMP_INI)
        return cfg_load(path, cfg, err, errlen);
    imp_set s;
    imp_init(&s);
    s.batch = batch;
    s.count_duplicates = count_duplicates;
    char *text = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&text, &len);
    int rc = mem ? imp_read(&s, path, err, errlen) : -1;
    if (!mem)
        snprintf(err, errlen, "out of memory");
    if (rc == 0)
        rc = imp_write_ini(mem, &s, err, errlen);
    if (mem)
        fclose(mem);
    if (rc == 0) {
        fprintf(stderr, "convbench: %s: imported %d distinct convolution%s (%lld counting repeats) "
                        "as %s%s\n",
                path, s.n, s.n == 1 ? "" : "s", (long long)s.read, imp_format_names[fmt],
                s.skipped.n ? "; skipped:" : "");
        for (int i = 0; i < s.skipped.n; i++)
            fprintf(stderr, "  %s\n", s.skipped.v[i]);
        FILE *in = fmemopen(text, len, "r");
        rc = in ? cfg_load_stream(path, in, cfg, err, errlen)
                : (snprintf(err, errlen, "out of memory"), -1);
    }
    free(text);
    imp_free(&s);
    return rc;
}
