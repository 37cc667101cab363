/* config.c - INI configs through inih, [global] inheritance, grid expansion. */
#include "config.h"
#include "errmsg.h"
#include "tokens.h"

#include <ctype.h>
#include <ini.h>
#include <regex.h>
#include <stdlib.h>
#include <string.h>

/* inih reads lines through read_line, so the handler knows the line it is on,
 * and a "[section]" header opens its layer even when no key follows (a layer
 * may take everything from [global]). */
typedef struct load_ctx {
    cfg_file *f;
    FILE *in;
    int line;
    int too_long; /* length limit of inih's line buffer, when a line exceeded it */
    opt_spec global;
    char err[1024];
} load_ctx;

#define FAIL(...)                                                                                  \
    do {                                                                                           \
        snprintf(c->err, sizeof c->err, __VA_ARGS__);                                              \
        return 0;                                                                                  \
    } while (0)

static cfg_layer *find_layer(cfg_file *f, const char *name)
{
    for (int i = 0; i < f->n; i++)
        if (strcmp(f->layers[i].name, name) == 0)
            return &f->layers[i];
    return NULL;
}

/* The shorthand that also sets d's field ("kernel" for "kernel-h"), or NULL. */
static const opt_def *shorthand_of(const opt_def *d)
{
    int n;
    const opt_def *t = opts_table(&n);
    for (int i = 0; i < n; i++)
        if (t[i].off2 != OPT_NONE && &t[i] != d && opts_overlap(&t[i], d))
            return &t[i];
    return NULL;
}

/* A "[name]" header on line: [global], or a new layer. Returns 1, or 0 on an
 * error (in c->err). */
static int open_section(load_ctx *c, const char *name, int line)
{
    cfg_file *f = c->f;
    if (strcmp(name, "global") == 0) {
        if (f->n > 0)
            FAIL("%s:%d: [global] must come before the layer sections (first layer: [%s] at "
                 "line %d)",
                 f->path, line, f->layers[0].name, f->layers[0].line);
        return 1;
    }
    cfg_layer *dup = find_layer(f, name);
    if (dup)
        FAIL("%s:%d: section [%s] appears twice (first at line %d); layer names must be unique",
             f->path, line, name, dup->line);
    if (strlen(name) >= sizeof dup->name)
        FAIL("%s:%d: section name [%s] is longer than %zu characters", f->path, line, name,
             sizeof dup->name - 1);
    cfg_layer *grown = realloc(f->layers, (size_t)(f->n + 1) * sizeof *grown);
    if (!grown)
        FAIL("out of memory");
    f->layers = grown;
    cfg_layer *l = &f->layers[f->n++];
    memset(l, 0, sizeof *l);
    snprintf(l->name, sizeof l->name, "%s", name);
    l->line = line;
    spec_init(&l->spec);
    return 1;
}

static char *read_line(char *str, int num, void *stream)
{
    load_ctx *c = stream;
    char *s = fgets(str, num, c->in);
    if (!s)
        return NULL;
    c->line++;
    size_t n = strlen(s);
    /* Debian's inih reads into a fixed buffer and would take the rest of a long
     * line for a new line: stop and report it instead. A NUL byte ends the
     * string early and would look the same; fgets stops at a newline, so a
     * short string that lacks one before the buffer filled holds a NUL. */
    if (n > 0 && s[n - 1] != '\n' && !feof(c->in)) {
        if (n + 1 < (size_t)num) {
            snprintf(c->err, sizeof c->err,
                     "%s:%d: a NUL byte in the line (column %zu); is it a text file?",
                     c->f->path, c->line, n + 1);
            return NULL;
        }
        c->too_long = num - 2;
        return NULL;
    }
    /* The section name as inih takes it: after leading white space (isspace, as
     * inih skips it), everything between '[' and the first ']'. */
    const char *p = s;
    while (*p && isspace((unsigned char)*p))
        p++;
    const char *end = *p == '[' ? strchr(p, ']') : NULL;
    if (end) {
        char name[256];
        snprintf(name, sizeof name, "%.*s", (int)(end - p - 1), p + 1);
        if (!open_section(c, name, c->line))
            return NULL;
    }
    return s;
}

/* A key that section sets a second time: the later value wins, with a warning
 * naming both lines (a copy-paste slip otherwise passes unseen). */
static void warn_twice(load_ctx *c, const opt_spec *s, const opt_def *d, const char *section,
                       const char *name)
{
    int n;
    const opt_def *t = opts_table(&n);
    int i = (int)(d - t);
    if (!s->val[i])
        return;
    notes_addf(&c->f->warnings, "%s:%d: '%s' in [%s] was set at line %d already; the later "
               "value is used", c->f->path, c->line, name, section, s->line[i]);
}

/* inih's handler: one key = value. Returns 1 to go on, 0 on an error (in c->err). */
static int on_key(void *user, const char *section, const char *name, const char *value)
{
    load_ctx *c = user;
    cfg_file *f = c->f;
    int line = c->line;
    if (!*section)
        FAIL("%s:%d: '%s' is outside any section; put it under [global] or a [layer]", f->path,
             line, name);
    const opt_def *d = opts_find(name);
    if (!d || !(d->where & OPT_INI)) {
        char want[80];
        opts_display_name(want, sizeof want, opts_closest(name, OPT_INI), 1);
        FAIL("%s:%d: unknown key '%s' in [%s]; did you mean '%s'?", f->path, line, name, section,
             want);
    }
    if (strcmp(section, "global") == 0) {
        warn_twice(c, &c->global, d, section, name);
        if (spec_set(&c->global, d, value, f->path, line, c->err, sizeof c->err))
            return 0;
        return 1;
    }
    /* read_line opened this key's layer; should inih ever read a header that it
     * did not, open the layer here rather than write into another one. */
    if ((f->n == 0 || strcmp(f->layers[f->n - 1].name, section) != 0) &&
        !open_section(c, section, line))
        return 0;
    opt_spec *target = &f->layers[f->n - 1].spec;
    warn_twice(c, target, d, section, name);
    if (spec_set(target, d, value, f->path, line, c->err, sizeof c->err))
        return 0;
    return 1;
}

/* The first required option that neither spec nor an overlapping option sets, or NULL. */
static const opt_def *missing_required(const opt_spec *s)
{
    int n;
    const opt_def *t = opts_table(&n);
    for (int i = 0; i < n; i++) {
        if (!t[i].required)
            continue;
        int set = 0;
        for (int j = 0; j < n && !set; j++)
            set = s->val[j] && opts_overlap(&t[i], &t[j]);
        if (!set)
            return &t[i];
    }
    return NULL;
}

void cfg_free(cfg_file *f)
{
    for (int i = 0; i < f->n; i++)
        spec_free(&f->layers[i].spec);
    free(f->layers);
    notes_free(&f->warnings);
    f->layers = NULL;
    f->n = 0;
}

int cfg_load(const char *path, cfg_file *f, char *err, size_t errlen)
{
    memset(f, 0, sizeof *f);
    FILE *in = fopen(path, "r");
    if (!in)
        ERRMSG_RETURN(err, errlen, "cannot read config '%s': %m", path);
    return cfg_load_stream(path, in, f, err, errlen);
}

int cfg_load_stream(const char *path, FILE *in, cfg_file *f, char *err, size_t errlen)
{
    memset(f, 0, sizeof *f);
    snprintf(f->path, sizeof f->path, "%s", path);
    load_ctx c = {.f = f, .in = in};
    spec_init(&c.global);
    /* One line is one line (no continuation lines), and the first error is the one reported. */
    ini_allow_multiline = false;
    ini_stop_on_first_error = true;
    int rc = ini_parse_stream(read_line, &c, on_key, &c);
    fclose(c.in);
    int ok = rc == 0 && !c.too_long && !c.err[0];
    if (c.too_long && !c.err[0])
        snprintf(err, errlen,
                 "%s:%d: line longer than %d characters, the limit of the INI "
                 "parser; split the list over several layers",
                 path, c.line, c.too_long);
    else if (c.err[0])
        snprintf(err, errlen, "%s", c.err);
    else if (rc > 0)
        snprintf(err, errlen,
                 "%s:%d: syntax error: expected '[section]', 'key = value' or a "
                 "comment (; or #)",
                 path, rc);
    else if (rc < 0)
        snprintf(err, errlen, "%s: out of memory while parsing", path);
    if (ok && f->n == 0) {
        snprintf(err, errlen,
                 "%s: no layer sections; expected at least one [name] with "
                 "in_channels, out_channels, size and kernel",
                 path);
        ok = 0;
    }
    for (int i = 0; ok && i < f->n; i++) {
        cfg_layer *l = &f->layers[i];
        opt_spec merged;
        spec_init(&merged);
        if (spec_copy(&merged, &c.global) || spec_overlay(&merged, &l->spec)) {
            snprintf(err, errlen, "out of memory");
            ok = 0;
        }
        spec_free(&l->spec);
        l->spec = merged;
        const opt_def *miss = ok ? missing_required(&l->spec) : NULL;
        if (miss) {
            char key[64], alt[96] = "";
            opts_display_name(key, sizeof key, miss, 1);
            const opt_def *pair = shorthand_of(miss);
            if (pair) {
                char k2[64];
                opts_display_name(k2, sizeof k2, pair, 1);
                snprintf(alt, sizeof alt, " (or '%s' for both)", k2);
            }
            snprintf(err, errlen,
                     "%s:%d: layer [%s] lacks the required key '%s'%s; set it in the "
                     "layer or in [global]",
                     path, l->line, l->name, key, alt);
            ok = 0;
        }
    }
    spec_free(&c.global);
    if (!ok) {
        cfg_free(f);
        return -1;
    }
    return 0;
}

void cfg_cases_free(cfg_cases *c)
{
    free(c->v);
    memset(c, 0, sizeof *c);
}

#define MAX_ITEMS OPT_MAX_LIST

/* Appends the cases of the grid described by items (nitems[i] values of option
 * i; 0 when unset), total cases in all. */
static int append_grid(const opt_def *t, int nopt, char *items[][MAX_ITEMS], const int *nitems,
                       int64_t total, const char *layer, const char *file, int line, const char *at,
                       cfg_cases *out, char *err, size_t errlen)
{
    if (out->n + total > out->cap) {
        int cap = out->n + (int)total + 16;
        cfg_case *grown = realloc(out->v, (size_t)cap * sizeof *grown);
        if (!grown)
            ERRMSG_RETURN(err, errlen, "out of memory for %lld cases", (long long)total);
        out->v = grown;
        out->cap = cap;
    }
    for (int64_t k = 0; k < total; k++) {
        cfg_case *c = &out->v[out->n];
        opts_defaults(&c->o);
        /* The first list varies slowest, so cases come out in the order they are written. */
        int64_t rest = k, stride = total;
        for (int i = 0; i < nopt; i++) {
            if (!nitems[i])
                continue;
            stride /= nitems[i];
            char msg[512], name[80];
            if (opts_set(&c->o, &t[i], items[i][rest / stride], msg, sizeof msg)) {
                /* spec_set checked every item with the same tokenizer; never a default. */
                opts_display_name(name, sizeof name, &t[i], file != NULL);
                ERRMSG_RETURN(err, errlen, "%s%s: %s", at, name, msg);
            }
            rest %= stride;
        }
        if (layer)
            snprintf(c->o.layer, sizeof c->o.layer, "%s", layer);
        c->file = file;
        c->line = line;
        c->order = out->n;
        char msg[512], shape[128];
        if (prob_analyze(&c->o.sh, &c->m, msg, sizeof msg)) {
            prob_format(&c->o.sh, shape, sizeof shape);
            ERRMSG_RETURN(err, errlen, "%s%s%s%sinvalid problem (%s): %s", at, layer ? "[" : "",
                          layer ? layer : "", layer ? "] " : "", shape, msg);
        }
        out->n++;
    }
    return 0;
}

int cfg_expand(const opt_spec *spec, const char *layer, const char *file, int line,
               int64_t max_cases, cfg_cases *out, char *err, size_t errlen)
{
    int nopt;
    const opt_def *t = opts_table(&nopt);
    char *bufs[OPT_MAX] = {0};
    char *items[OPT_MAX][MAX_ITEMS];
    int nitems[OPT_MAX] = {0};
    int64_t total = 1;
    int rc = -1;
    char at[4200] = "";
    if (file)
        snprintf(at, sizeof at, "%s:%d: ", file, line);
    for (int i = 0; i < nopt; i++) {
        if (!spec->val[i])
            continue;
        if (!(bufs[i] = strdup(spec->val[i]))) {
            snprintf(err, errlen, "out of memory");
            goto done;
        }
        if (t[i].type == OT_STR || !(t[i].where & OPT_INI)) {
            items[i][0] = bufs[i];
            nitems[i] = 1;
        } else if ((nitems[i] = tokens_split(bufs[i], items[i], MAX_ITEMS)) < 0) {
            snprintf(err, errlen, "%s%s: a list of more than %d items; split it", at, t[i].name,
                     MAX_ITEMS);
            goto done;
        }
        if (total <= max_cases)
            total *= nitems[i];
    }
    if (total > max_cases - out->n) {
        snprintf(err, errlen,
                 "%s%s%s%sthe grid expands to %s%lld cases; --max-cases allows %lld "
                 "in all",
                 at, layer ? "[" : "", layer ? layer : "", layer ? "] " : "",
                 total > max_cases ? "at least " : "", (long long)total, (long long)max_cases);
        goto done;
    }
    rc = append_grid(t, nopt, items, nitems, total, layer, file, line, at, out, err, errlen);
done:
    for (int i = 0; i < nopt; i++)
        free(bufs[i]);
    return rc;
}

/* By batch, then file order, so each batch size's network completes before the next. */
static int by_batch(const void *a, const void *b)
{
    const cfg_case *x = a, *y = b;
    if (x->o.sh.n != y->o.sh.n)
        return x->o.sh.n < y->o.sh.n ? -1 : 1;
    return (x->order > y->order) - (x->order < y->order);
}

int cfg_sweep_cases(const cfg_file *cfg, const opt_spec *cli, const opts *s, cfg_cases *out,
                         char *err, size_t errlen)
{
    regex_t re;
    int filter = s->layer_re[0] != '\0';
    if (filter) {
        int rc = regcomp(&re, s->layer_re, REG_EXTENDED | REG_NOSUB);
        if (rc) {
            char msg[256];
            regerror(rc, &re, msg, sizeof msg);
            snprintf(err, errlen, "--layer '%s': not a valid regular expression: %s", s->layer_re,
                     msg);
            return -1;
        }
    }
    int rc = 0;
    for (int i = 0; i < cfg->n && rc == 0; i++) {
        const cfg_layer *l = &cfg->layers[i];
        if (filter && regexec(&re, l->name, 0, NULL, 0) != 0)
            continue;
        opt_spec merged;
        spec_init(&merged);
        rc = spec_copy(&merged, &l->spec) || spec_overlay(&merged, cli);
        if (rc)
            snprintf(err, errlen, "out of memory");
        else
            rc = cfg_expand(&merged, l->name, cfg->path, l->line, s->max_cases, out, err, errlen);
        spec_free(&merged);
    }
    if (filter)
        regfree(&re);
    if (rc == 0 && out->n == 0) {
        snprintf(err, errlen, "--layer '%s' matches none of the %d layers of %s", s->layer_re,
                 cfg->n, cfg->path);
        rc = -1;
    }
    if (rc == 0)
        qsort(out->v, (size_t)out->n, sizeof *out->v, by_batch);
    return rc;
}
