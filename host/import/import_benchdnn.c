/* import_benchdnn.c - benchdnn conv batch files: problem descriptors
 * ("mb2ic64ih56oc64oh56kh3ph1n\"res2a*3\"") with benchdnn's meanings and
 * defaults (tests/benchdnn/doc/driver_conv.md and knobs_desc.md of oneDNN),
 * and the option lines that set batch, direction, data type and layout. */
#include "import.h"
#include "errmsg.h"
#include "fsutil.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#define MAX_DEPTH 8

/* The options in force, as benchdnn keeps them from line to line (and into
 * nested --batch files) until --reset. */
typedef struct bd_state {
    int64_t mb;                  /* --mb: 0 keeps the descriptor's */
    int fwd_bias, fwd_plain;     /* --dir FWD_B/FWD_I, FWD_D */
    unsigned bwd;                /* --dir BWD_D, BWD_W/BWD_WB as 1 << prob_dir */
    int bwd_wb;                  /* BWD_WB: its bias gradient is not computed here */
    unsigned dtypes;             /* --dt / --cfg: 1 << prob_dtype */
    char dt_other[96];           /* --dt values convbench lacks ("bf16", "int8 u8:s8:u8") */
    int layout;
    char skip[160];              /* why every problem is skipped now (post-ops, deconv) */
} bd_state;

typedef struct bd_ctx {
    imp_set *s;
    bd_state st;
    char *err;
    size_t errlen;
} bd_ctx;

static void bd_reset(bd_state *st)
{
    memset(st, 0, sizeof *st);
    st->fwd_bias = 1;
    st->dtypes = 1u << PROB_FP32;
}

/* Descriptor fields in the order benchdnn tries them. */
enum { F_G, F_MB, F_IC, F_ID, F_IH, F_IW, F_OC, F_OD, F_OH, F_OW, F_KD, F_KH, F_KW,
       F_SD, F_SH, F_SW, F_PD, F_PH, F_PW, F_DD, F_DH, F_DW, F_COUNT };
static const char *const field_names[F_COUNT] = {
    "g", "mb", "ic", "id", "ih", "iw", "oc", "od", "oh", "ow", "kd",
    "kh", "kw", "sd", "sh", "sw", "pd", "ph", "pw", "dd", "dh", "dw"};

typedef struct bd_desc {
    int64_t v[F_COUNT];
    int given[F_COUNT];
    char name[128];
} bd_desc;

/* One spatial axis: input, output, kernel, stride, padding, zero-based dilation. */
enum { AX_I, AX_O, AX_K, AX_S, AX_P, AX_D, AX_N };

static int parse_desc(const char *tok, bd_desc *d, char *why, size_t len)
{
    memset(d, 0, sizeof *d);
    const char *p = tok;
    while (*p) {
        if (*p == '_') {
            p++;
            continue;
        }
        if (*p == 'n') {
            const char *q = p + 1;
            size_t n = strlen(q);
            if (n >= 2 && q[0] == '"' && q[n - 1] == '"')
                q++, n -= 2;
            snprintf(d->name, sizeof d->name, "%.*s", (int)n, q);
            return 0;
        }
        int f = F_COUNT;
        for (int i = 0; i < F_COUNT && f == F_COUNT; i++) {
            size_t fl = strlen(field_names[i]);
            if (strncmp(p, field_names[i], fl) == 0 &&
                (isdigit((unsigned char)p[fl]) || p[fl] == '-' || p[fl] == '+'))
                f = i;
        }
        if (f == F_COUNT) {
            snprintf(why, len,
                     "unknown field at '%.24s'; expected g mb ic id ih iw oc od oh ow kd kh kw "
                     "sd sh sw pd ph pw dd dh dw, each with a number, then n\"name\"",
                     p);
            return -1;
        }
        p += strlen(field_names[f]);
        if (*p == '-' || *p == '+') {
            snprintf(why, len, "%s%.12s: a size cannot be signed; expected a whole number >= 0",
                     field_names[f], p);
            return -1;
        }
        char *end;
        long long v = strtoll(p, &end, 10);
        if (v > 2147483647) { /* as the option table's sizes; products stay within 64 bits */
            snprintf(why, len, "%s%lld is too large; expected at most 2147483647", field_names[f], v);
            return -1;
        }
        d->v[f] = v;
        d->given[f] = 1;
        p = end;
    }
    return 0;
}

/* The fields of axis a (0 depth, 1 height, 2 width) in ax, given flags in g. */
static void axis_of(const bd_desc *d, int a, int64_t ax[AX_N], int g[AX_N])
{
    static const int base[AX_N] = {F_ID, F_OD, F_KD, F_SD, F_PD, F_DD};
    for (int i = 0; i < AX_N; i++) {
        ax[i] = d->v[base[i] + a];
        g[i] = d->given[base[i] + a];
    }
}

static int any_given(const int g[AX_N])
{
    for (int i = 0; i < AX_N; i++)
        if (g[i])
            return 1;
    return 0;
}

/* Deduces what benchdnn deduces on one axis: the output from symmetric
 * padding, or the padding from a given output. Returns 0; 1 with why set
 * when the axis needs asymmetric (or negative) padding; -1 with why when it is
 * malformed. */
static int settle_axis(const char *nm, int64_t ax[AX_N], const int g[AX_N], char *why, size_t len)
{
    if (!g[AX_S])
        ax[AX_S] = 1;
    if (!g[AX_I] || !g[AX_K] || ax[AX_I] < 1 || ax[AX_K] < 1) {
        snprintf(why, len, "i%s and k%s are required and must be >= 1 (got i%s%lld k%s%lld)", nm,
                 nm, nm, (long long)ax[AX_I], nm, (long long)ax[AX_K]);
        return -1;
    }
    if (ax[AX_S] < 1) {
        snprintf(why, len, "s%s%lld: the stride must be >= 1", nm, (long long)ax[AX_S]);
        return -1;
    }
    if (g[AX_O] && ax[AX_O] < 1) {
        snprintf(why, len, "o%s%lld: the output size must be >= 1", nm, (long long)ax[AX_O]);
        return -1;
    }
    int64_t eff = (ax[AX_K] - 1) * (ax[AX_D] + 1) + 1;
    if (!g[AX_P])
        ax[AX_P] = g[AX_O] ? ((ax[AX_O] - 1) * ax[AX_S] - ax[AX_I] + eff) / 2 : 0;
    if (ax[AX_P] < 0) {
        snprintf(why, len, "negative padding p%s%lld (o%s%lld does not fit i%s%lld k%s%lld)", nm,
                 (long long)ax[AX_P], nm, (long long)ax[AX_O], nm, (long long)ax[AX_I], nm,
                 (long long)ax[AX_K]);
        return 1;
    }
    int64_t sym = prob_out_dim(ax[AX_I], ax[AX_P], ax[AX_K], ax[AX_S], ax[AX_D] + 1);
    if (sym < 1) {
        snprintf(why, len, "the filter (k%s%lld, d%s%lld) is larger than the padded input i%s%lld "
                           "+ 2 x p%s%lld",
                 nm, (long long)ax[AX_K], nm, (long long)ax[AX_D], nm, (long long)ax[AX_I], nm,
                 (long long)ax[AX_P]);
        return -1;
    }
    if (!g[AX_O])
        ax[AX_O] = sym;
    if (ax[AX_O] != sym) {
        snprintf(why, len,
                 "asymmetric padding: o%s%lld is given, symmetric padding p%s%lld gives o%s%lld "
                 "(benchdnn pads the end to fit; convbench pads both sides alike)",
                 nm, (long long)ax[AX_O], nm, (long long)ax[AX_P], nm, (long long)sym);
        return 1;
    }
    return 0;
}

/* The problem a descriptor names, under st. Returns 0; 1 with why when it is
 * skipped; -1 with why when malformed. */
static int desc_shape(const bd_desc *d, const bd_state *st, prob_shape *sh, char *why, size_t len)
{
    int64_t ax[3][AX_N];
    int g[3][AX_N];
    for (int a = 0; a < 3; a++)
        axis_of(d, a, ax[a], g[a]);
    if (any_given(g[0]) && (ax[0][AX_I] > 1 || ax[0][AX_K] > 1 || ax[0][AX_O] > 1)) {
        snprintf(why, len, "3-D convolution (id%lld kd%lld)", (long long)ax[0][AX_I],
                 (long long)ax[0][AX_K]);
        return 1;
    }
    /* Missing width fields copy the height's; a problem with width only is 1-D. */
    if (any_given(g[1]) && !any_given(g[2])) {
        memcpy(ax[2], ax[1], sizeof ax[2]);
        memcpy(g[2], g[1], sizeof g[2]);
    } else if (!any_given(g[1]) && any_given(g[2])) {
        const int64_t one[AX_N] = {1, 1, 1, 1, 0, 0};
        memcpy(ax[1], one, sizeof one);
        for (int i = 0; i < AX_N; i++)
            g[1][i] = 1;
    }
    static const char *const nm[3] = {"d", "h", "w"};
    int skip = 0;
    for (int a = 1; a < 3 && !skip; a++) {
        skip = settle_axis(nm[a], ax[a], g[a], why, len);
        if (skip < 0)
            return -1;
    }
    if (!d->given[F_IC] || !d->given[F_OC] || d->v[F_IC] < 1 || d->v[F_OC] < 1) {
        snprintf(why, len, "ic and oc are required and must be >= 1");
        return -1;
    }
    if ((d->given[F_MB] && d->v[F_MB] < 1) || (d->given[F_G] && d->v[F_G] < 1)) {
        snprintf(why, len, "mb and g must be >= 1");
        return -1;
    }
    if (skip)
        return 1;
    memset(sh, 0, sizeof *sh);
    sh->n = st->mb ? st->mb : d->given[F_MB] ? d->v[F_MB] : 2;
    sh->c = d->v[F_IC];
    sh->k = d->v[F_OC];
    sh->groups = d->given[F_G] ? d->v[F_G] : 1;
    sh->h = ax[1][AX_I], sh->w = ax[2][AX_I];
    sh->r = ax[1][AX_K], sh->s = ax[2][AX_K];
    sh->stride_h = ax[1][AX_S], sh->stride_w = ax[2][AX_S];
    sh->pad_h = ax[1][AX_P], sh->pad_w = ax[2][AX_P];
    sh->dil_h = ax[1][AX_D] + 1, sh->dil_w = ax[2][AX_D] + 1;
    sh->layout = st->layout;
    prob_metrics m;
    return prob_analyze(sh, &m, why, len) ? -1 : 0;
}

/* Adds the problems of one descriptor: one per data type, and per bias where
 * --dir mixes forward with and without it (backward passes ignore bias). */
static int add_desc(bd_ctx *c, const char *tok, const char *where)
{
    bd_desc d;
    char why[512];
    if (parse_desc(tok, &d, why, sizeof why))
        ERRMSG_RETURN(c->err, c->errlen, "%s: '%s': %s", where, tok, why);
    int64_t count = 1;
    char *star = strrchr(d.name, '*');
    if (star && star[1] && strspn(star + 1, "0123456789") == strlen(star + 1)) {
        /* A count the INI's count key takes (and sums of them stay far from overflow). */
        count = strlen(star + 1) > 10 ? 0 : strtoll(star + 1, NULL, 10);
        if (count < 1 || count > 2147483647)
            ERRMSG_RETURN(c->err, c->errlen, "%s: n\"%s\": the repeat count after '*' must be 1 to "
                                             "2147483647",
                          where, d.name);
        *star = 0;
    }
    prob_shape sh;
    int rc = desc_shape(&d, &c->st, &sh, why, sizeof why);
    if (rc < 0)
        ERRMSG_RETURN(c->err, c->errlen, "%s: '%s': %s", where, tok, why);
    const char *label = d.name[0] ? d.name : tok;
    if (rc > 0 || c->st.skip[0] || c->st.dt_other[0])
        notes_addf(&c->s->skipped, "%s: %s: %s", where, label,
                   rc > 0 ? why : c->st.skip[0] ? c->st.skip : c->st.dt_other);
    if (rc > 0 || c->st.skip[0])
        return 0;
    imp_conv ic = {.count = count};
    if (d.name[0])
        imp_clean_name(ic.name, sizeof ic.name, d.name);
    else
        imp_shape_name(ic.name, sizeof ic.name, &sh);
    snprintf(ic.where, sizeof ic.where, "%s", where);
    if (c->st.bwd_wb)
        snprintf(ic.note, sizeof ic.note, "--dir=BWD_WB: the weights gradient only; convbench "
                                          "does not compute the bias gradient");
    const unsigned fwd = 1u << PROB_FWD;
    for (int dt = 0; dt < PROB_DTYPE_COUNT; dt++) {
        if (!(c->st.dtypes & (1u << dt)))
            continue;
        /* With bias: FWD_B and the backward passes; without: FWD_D (and the
         * backward passes when nothing has a bias). */
        unsigned with = c->st.fwd_bias ? fwd | c->st.bwd : 0;
        unsigned without = (c->st.fwd_plain ? fwd : 0) | (c->st.fwd_bias ? 0 : c->st.bwd);
        for (int b = 0; b < 2; b++) {
            unsigned dirs = b ? with : without;
            if (!dirs)
                continue;
            ic.sh = sh;
            ic.sh.bias = b;
            ic.sh.dtype = dt;
            ic.sh.accum = PROB_FP32;
            ic.dirs = dirs;
            if (imp_add(c->s, &ic, IMP_BENCHDNN))
                ERRMSG_RETURN(c->err, c->errlen, "out of memory");
        }
    }
    return 0;
}

/* --dt / --cfg values: what convbench has goes into st->dtypes, the rest into dt_other. */
static void set_dtypes(bd_state *st, const char *v)
{
    st->dtypes = 0;
    st->dt_other[0] = 0;
    char item[64];
    for (const char *p = v; *p;) {
        size_t n = strcspn(p, ",");
        snprintf(item, sizeof item, "%.*s", (int)n, p);
        p += n + (p[n] == ',');
        const char *why = NULL;
        if (strstr(item, "bf16"))
            why = "bf16 (convbench has fp32 and fp16)";
        else if (strstr(item, "s8") || strstr(item, "u8") || strstr(item, "s32"))
            why = "int8 (convbench has fp32 and fp16)";
        else if (strspn(item, "f32:_wino") == strlen(item) && strstr(item, "f32"))
            st->dtypes |= 1u << PROB_FP32;
        else if (strspn(item, "f16:") == strlen(item) && strstr(item, "f16"))
            st->dtypes |= 1u << PROB_FP16;
        else
            why = "a data type convbench lacks";
        if (why) {
            size_t o = strlen(st->dt_other);
            snprintf(st->dt_other + o, sizeof st->dt_other - o, "%sdata type %s: %s",
                     o ? "; " : "", item, why);
        }
    }
}

static int set_dirs(bd_state *st, const char *v, char *why, size_t len)
{
    st->fwd_bias = st->fwd_plain = st->bwd_wb = 0;
    st->bwd = 0;
    char item[32];
    for (const char *p = v; *p;) {
        size_t n = strcspn(p, ",");
        snprintf(item, sizeof item, "%.*s", (int)n, p);
        p += n + (p[n] == ',');
        if (!strcasecmp(item, "FWD_B") || !strcasecmp(item, "FWD_I"))
            st->fwd_bias = 1;
        else if (!strcasecmp(item, "FWD_D"))
            st->fwd_plain = 1;
        else if (!strcasecmp(item, "BWD_D"))
            st->bwd |= 1u << PROB_BWD_DATA;
        else if (!strcasecmp(item, "BWD_W") || !strcasecmp(item, "BWD_WB")) {
            st->bwd |= 1u << PROB_BWD_WEIGHTS;
            st->bwd_wb |= !strcasecmp(item, "BWD_WB");
        } else {
            snprintf(why, len, "--dir=%s: unknown direction '%s'; expected FWD_B, FWD_D, FWD_I, "
                               "BWD_D, BWD_W or BWD_WB",
                     v, item);
            return -1;
        }
    }
    return 0;
}

static int read_file(bd_ctx *c, const char *path, const char *text, int depth);

/* --batch=FILE: relative to the including file's folder, as benchdnn's inputs are. */
static int nested(bd_ctx *c, const char *path, const char *file, const char *where, int depth)
{
    if (depth >= MAX_DEPTH)
        ERRMSG_RETURN(c->err, c->errlen, "%s: --batch=%s: nested more than %d deep (a loop?)",
                      where, file, MAX_DEPTH);
    char full[4096];
    const char *slash = strrchr(path, '/');
    if (file[0] != '/' && slash)
        snprintf(full, sizeof full, "%.*s/%s", (int)(slash - path), path, file);
    else
        snprintf(full, sizeof full, "%s", file);
    char *text = fs_read_all(full, NULL);
    if (!text)
        ERRMSG_RETURN(c->err, c->errlen, "%s: --batch=%s: cannot read '%s': %m", where, file,
                      full);
    int rc = read_file(c, full, text, depth + 1);
    free(text);
    return rc;
}

static int layout_of(const char *tag)
{
    if (!strcmp(tag, "nhwc") || !strcmp(tag, "axb") || !strcmp(tag, "acdb"))
        return PROB_NHWC;
    if (!strcmp(tag, "nchw") || !strcmp(tag, "abx") || !strcmp(tag, "abcd") ||
        !strcmp(tag, "any"))
        return PROB_NCHW;
    return -1;
}

static int option(bd_ctx *c, const char *path, const char *tok, const char *where, int depth)
{
    const char *eq = strchr(tok, '=');
    const char *v = eq ? eq + 1 : "";
    size_t kl = eq ? (size_t)(eq - tok) : strlen(tok);
    char key[64];
    snprintf(key, sizeof key, "%.*s", (int)(kl < sizeof key ? kl : sizeof key - 1), tok);
    char why[256];
    bd_state *st = &c->st;
    if (!strcmp(key, "--mb")) {
        char *end;
        long long mb = strtoll(v, &end, 10);
        if (!*v || *end || mb < 0)
            ERRMSG_RETURN(c->err, c->errlen, "%s: %s: expected a whole number >= 0 (0: each "
                                             "problem's own mb)",
                          where, tok);
        st->mb = mb;
    } else if (!strcmp(key, "--dir")) {
        if (set_dirs(st, v, why, sizeof why))
            ERRMSG_RETURN(c->err, c->errlen, "%s: %s", where, why);
    } else if (!strcmp(key, "--dt") || !strcmp(key, "--cfg")) {
        set_dtypes(st, v);
    } else if (!strcmp(key, "--stag") || !strcmp(key, "--dtag")) {
        int l = layout_of(v);
        if (l < 0)
            notes_addf(&c->s->ignored, "%s: %s: a blocked layout convbench lacks; imported as %s",
                       where, tok, prob_layout_names[st->layout]);
        else
            st->layout = l;
    } else if (!strcmp(key, "--attr-post-ops")) {
        st->skip[0] = 0;
        if (*v && strcmp(v, "''") && strcmp(v, "\"\""))
            snprintf(st->skip, sizeof st->skip, "post-ops %.64s (convbench has none)", v);
    } else if (!strcmp(key, "--deconv")) {
        snprintf(st->skip, sizeof st->skip, "transposed convolution (--deconv)");
    } else if (!strcmp(key, "--conv")) {
        st->skip[0] = 0;
    } else if (!strcmp(key, "--reset")) {
        bd_reset(st);
    } else if (!strcmp(key, "--batch")) {
        return nested(c, path, v, where, depth);
    } else {
        notes_addf(&c->s->ignored, "%s: %.96s: no use in convbench", where, tok);
    }
    return 0;
}

/* The next token of a line: white-space separated, a "..." quote kept whole;
 * '#' outside quotes ends the line. Returns its length (0 at the end), -1 for
 * an unterminated quote. */
static int next_token(const char **pp, const char **start)
{
    const char *p = *pp;
    while (*p == ' ' || *p == '\t' || *p == '\r')
        p++;
    *start = p;
    if (!*p || *p == '\n' || *p == '#')
        return 0;
    int quoted = 0;
    while (*p && *p != '\n' && (quoted || !(*p == ' ' || *p == '\t' || *p == '\r'))) {
        quoted ^= *p == '"';
        p++;
    }
    *pp = p;
    return quoted ? -1 : (int)(p - *start);
}

static int read_file(bd_ctx *c, const char *path, const char *text, int depth)
{
    notes_addf(&c->s->sources, "%s (benchdnn problem descriptors)", path);
    int line = 0;
    for (const char *p = text; *p;) {
        line++;
        char where[4200];
        snprintf(where, sizeof where, "%s:%d", path, line);
        const char *q = p, *start;
        int n;
        while ((n = next_token(&q, &start)) != 0) {
            if (n < 0)
                ERRMSG_RETURN(c->err, c->errlen, "%s: an unterminated quote in '%.40s'", where,
                              start);
            char tok[512];
            if ((size_t)n >= sizeof tok)
                ERRMSG_RETURN(c->err, c->errlen, "%s: a token longer than %zu characters", where,
                              sizeof tok - 1);
            memcpy(tok, start, (size_t)n);
            tok[n] = 0;
            int rc = tok[0] == '-' && tok[1] == '-' ? option(c, path, tok, where, depth)
                     : tok[0] == '-' ? (notes_addf(&c->s->ignored, "%s: %.96s: no use in convbench",
                                                   where, tok), 0)
                                     : add_desc(c, tok, where);
            if (rc)
                return -1;
        }
        p += strcspn(p, "\n");
        p += *p == '\n';
    }
    return 0;
}

int imp_read_benchdnn(imp_set *s, const char *path, const char *text, char *err, size_t errlen)
{
    bd_ctx c = {.s = s, .err = err, .errlen = errlen};
    bd_reset(&c.st);
    return read_file(&c, path, text, 0);
}
