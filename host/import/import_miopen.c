/* import_miopen.c - MIOpenDriver convolution commands, alone or in an
 * application's log (MIOPEN_ENABLE_LOGGING_CMD=1 prefixes each with
 * "MIOpen(HIP): Command [LogCmdConvolution] "). Flags and defaults are
 * MIOpenDriver's own (ROCm/MIOpen driver/conv_driver.hpp), not convbench's:
 * only the 13 shape letters coincide; -t is "time", -i "iterations". */
#include "import.h"
#include "errmsg.h"

#include <stdlib.h>
#include <string.h>

/* What a flag sets: the numbers first (through M_VLEN), then text, then flags that change nothing. */
enum { M_N, M_C, M_H, M_W, M_K, M_Y, M_X, M_P, M_Q, M_U, M_V, M_L, M_J, M_G, M_F, M_BIAS,
       M_SPATIAL, M_PADVAL, M_VECT, M_VLEN, M_MODE, M_PADMODE, M_IN_LAYOUT, M_OUT_LAYOUT,
       M_FIL_LAYOUT, M_CAST, M_RUN, M_COUNT };

typedef struct mflag {
    char short_name;
    const char *long_name;
    int what;
    const char *def;             /* MIOpenDriver's default */
} mflag;

static const mflag flags[] = {
    {'n', "batchsize", M_N, "100"},       {'c', "in_channels", M_C, "3"},
    {'H', "in_h", M_H, "32"},             {'W', "in_w", M_W, "32"},
    {'k', "out_channels", M_K, "32"},     {'y', "fil_h", M_Y, "3"},
    {'x', "fil_w", M_X, "3"},             {'p', "pad_h", M_P, "0"},
    {'q', "pad_w", M_Q, "0"},             {'u', "conv_stride_h", M_U, "1"},
    {'v', "conv_stride_w", M_V, "1"},     {'l', "dilation_h", M_L, "1"},
    {'j', "dilation_w", M_J, "1"},        {'g', "group_count", M_G, "1"},
    {'F', "forw", M_F, "0"},              {'b', "bias", M_BIAS, "0"},
    {'_', "spatial_dim", M_SPATIAL, "2"}, {'r', "pad_val", M_PADVAL, "0"},
    {'Z', "tensor_vect", M_VECT, "0"},    {'L', "vector_length", M_VLEN, "1"},
    {'m', "mode", M_MODE, "conv"},        {'z', "pad_mode", M_PADMODE, "default"},
    {'I', "in_layout", M_IN_LAYOUT, ""},  {'O', "out_layout", M_OUT_LAYOUT, ""},
    {'f', "fil_layout", M_FIL_LAYOUT, ""},
    {'U', "in_cast_type", M_CAST, "-1"},  {'T', "out_cast_type", M_CAST, "-1"},
    {'R', "wei_cast_type", M_CAST, "-1"},
    /* How MIOpenDriver runs, times and checks: no part of the problem. */
    {'!', "in_d", M_RUN, "32"},           {'@', "fil_d", M_RUN, "3"},
    {'#', "conv_stride_d", M_RUN, "1"},   {'$', "pad_d", M_RUN, "0"},
    {'^', "dilation_d", M_RUN, "1"},      {'%', "trans_output_pad_d", M_RUN, "0"},
    {'Y', "trans_output_pad_h", M_RUN, "0"}, {'X', "trans_output_pad_w", M_RUN, "0"},
    {'i', "iter", M_RUN, "10"},           {'V', "verify", M_RUN, "1"},
    {'C', "verification_cache", M_RUN, ""}, {'t', "time", M_RUN, "0"},
    {'w', "wall", M_RUN, "0"},            {'s', "search", M_RUN, "0"},
    {'P', "printconv", M_RUN, "1"},       {'o', "dump_output", M_RUN, "0"},
    {'d', "in_data", M_RUN, ""},          {'e', "weights", M_RUN, ""},
    {'a', "in_bias", M_RUN, ""},          {'D', "dout_data", M_RUN, ""},
    {'S', "solution", M_RUN, "-1"},       {'G', "gpualloc", M_RUN, "0"},
};
#define NFLAGS ((int)(sizeof flags / sizeof flags[0]))

static const mflag *find_flag(const char *tok)
{
    for (int i = 0; i < NFLAGS; i++)
        if ((tok[1] != '-' && tok[1] == flags[i].short_name && !tok[2]) ||
            (tok[1] == '-' && strcmp(tok + 2, flags[i].long_name) == 0))
            return &flags[i];
    return NULL;
}

/* The subcommand's data type, or -1 with why for one convbench lacks; -2 when
 * it is no convolution. */
static int sub_dtype(const char *sub, const char **why)
{
    static const struct { const char *name; int dtype; const char *why; } subs[] = {
        {"conv", PROB_FP32, NULL},  {"convfp16", PROB_FP16, NULL},
        {"convbfp16", -1, "bf16 (convbench has fp32 and fp16)"},
        {"convint8", -1, "int8 (convbench has fp32 and fp16)"},
        {"convfp8", -1, "fp8"},     {"convbfp8", -1, "bf8"},
    };
    for (size_t i = 0; i < sizeof subs / sizeof subs[0]; i++)
        if (strcmp(sub, subs[i].name) == 0) {
            *why = subs[i].why;
            return subs[i].dtype;
        }
    return -2;
}

static int parse_int(const char *v, int64_t *out)
{
    char *end;
    long long x = strtoll(v, &end, 10);
    if (!*v || *end || x > 2147483647 || x < -2147483647) /* products stay within 64 bits */
        return -1;
    *out = x;
    return 0;
}

/* Layout flag value: NCHW or NHWC (MIOpen writes them upper-case), -1 for others. */
static int layout_of(const char *v)
{
    if (!*v || !strcasecmp(v, "NCHW"))
        return PROB_NCHW;
    return !strcasecmp(v, "NHWC") ? PROB_NHWC : -1;
}

/* One driver command (the text after "MIOpenDriver"). Returns 0, or -1 with err. */
static int command(imp_set *s, char *cmd, const char *where, char *err, size_t errlen)
{
    char *save = NULL;
    char *sub = strtok_r(cmd, " \t\r\n", &save);
    if (!sub)
        ERRMSG_RETURN(err, errlen, "%s: MIOpenDriver without a subcommand; expected conv, "
                                   "convfp16, ...", where);
    const char *dt_why = NULL;
    int dtype = sub_dtype(sub, &dt_why);
    if (dtype == -2) {
        notes_addf(&s->others, "%s: MIOpenDriver %.40s", where, sub);
        return 0;
    }
    /* Each value and the flag that gave it (its default's flag when none did). */
    const char *val[M_COUNT] = {0};
    const mflag *from[M_COUNT] = {0};
    int64_t v[M_COUNT] = {0};
    for (int i = 0; i < NFLAGS; i++)
        if (!val[flags[i].what])
            val[flags[i].what] = flags[i].def, from[flags[i].what] = &flags[i];
    int cast = 0; /* -U, -T, -R: three flags, any one set makes the tensors cast */
    char *tok;
    while ((tok = strtok_r(NULL, " \t\r\n", &save)) != NULL) {
        char *eq = tok[0] == '-' && tok[1] == '-' ? strchr(tok, '=') : NULL;
        if (eq)
            *eq = 0;
        const mflag *f = tok[0] == '-' ? find_flag(tok) : NULL;
        if (!f)
            ERRMSG_RETURN(err, errlen, "%s: '%s': %s", where, tok,
                          tok[0] == '-' ? "unknown MIOpenDriver flag (conv_driver.hpp has -n -c "
                                          "-H -W -k -y -x -p -q -u -v -l -j -g -F -b -I -O -f "
                                          "...)"
                                        : "expected a flag such as -n");
        const char *value = eq ? eq + 1 : strtok_r(NULL, " \t\r\n", &save);
        if (!value)
            ERRMSG_RETURN(err, errlen, "%s: %s needs a value", where, tok);
        if (f->what == M_CAST)
            cast |= strcmp(value, "-1") != 0;
        else if (f->what != M_RUN)
            val[f->what] = value, from[f->what] = f;
    }
    for (int i = 0; i <= M_VLEN; i++) { /* the numeric ones */
        if (parse_int(val[i], &v[i]))
            ERRMSG_RETURN(err, errlen, "%s: -%c '%s': expected a whole number up to 2147483647",
                          where, from[i]->short_name, val[i]);
        int64_t least = i == M_P || i == M_Q ? 0 : 1;
        if (i <= M_G && v[i] < least)
            ERRMSG_RETURN(err, errlen, "%s: -%c %lld: expected a size >= %lld", where,
                          from[i]->short_name, (long long)v[i], (long long)least);
    }
    if (v[M_F] < 0 || v[M_F] > 7)
        ERRMSG_RETURN(err, errlen, "%s: -F %lld: expected 0 (all three), 1 fwd, 2 bwd-data, "
                                   "4 bwd-weights or a sum of them",
                      where, (long long)v[M_F]);
    int lay[3] = {layout_of(val[M_IN_LAYOUT]), layout_of(val[M_OUT_LAYOUT]),
                  layout_of(val[M_FIL_LAYOUT])};
    char why[160] = "";
    if (dt_why)
        snprintf(why, sizeof why, "%s", dt_why);
    else if (strcmp(val[M_MODE], "conv") != 0)
        snprintf(why, sizeof why, "-m %.20s: transposed convolution", val[M_MODE]);
    else if (v[M_SPATIAL] != 2)
        snprintf(why, sizeof why, "-_ %lld: %lld-D convolution", (long long)v[M_SPATIAL],
                 (long long)v[M_SPATIAL]);
    else if (v[M_PADVAL] != 0)
        snprintf(why, sizeof why, "-r %lld: padding with a value other than zero",
                 (long long)v[M_PADVAL]);
    else if (v[M_VECT] != 0 || v[M_VLEN] != 1 || cast)
        snprintf(why, sizeof why, "vectorised or cast tensors (-Z, -L, -U/-T/-R)");
    else if (lay[0] < 0 || lay[1] < 0 || lay[2] < 0 || lay[0] != lay[1] ||
             (val[M_FIL_LAYOUT][0] && lay[2] != lay[0]))
        snprintf(why, sizeof why, "layouts -I %s -O %s -f %s: convbench has NCHW or NHWC for all",
                 val[M_IN_LAYOUT][0] ? val[M_IN_LAYOUT] : "NCHW",
                 val[M_OUT_LAYOUT][0] ? val[M_OUT_LAYOUT] : "NCHW",
                 val[M_FIL_LAYOUT][0] ? val[M_FIL_LAYOUT] : "NCHW");
    if (why[0]) {
        notes_addf(&s->skipped, "%s: %s", where, why);
        return 0;
    }
    imp_conv c = {.count = 1};
    prob_shape *sh = &c.sh;
    sh->n = v[M_N], sh->c = v[M_C], sh->h = v[M_H], sh->w = v[M_W], sh->k = v[M_K];
    sh->r = v[M_Y], sh->s = v[M_X], sh->pad_h = v[M_P], sh->pad_w = v[M_Q];
    sh->stride_h = v[M_U], sh->stride_w = v[M_V], sh->dil_h = v[M_L], sh->dil_w = v[M_J];
    sh->groups = v[M_G];
    sh->bias = v[M_BIAS] != 0;
    sh->dtype = dtype;
    sh->layout = lay[0];
    /* -z same / valid replace the padding where MIOpenDriver applies them (undilated). */
    int undilated = (sh->dil_h == 1 && sh->dil_w == 1) || (sh->r == 1 && sh->s == 1);
    if (undilated && !strcmp(val[M_PADMODE], "valid"))
        sh->pad_h = sh->pad_w = 0;
    if (undilated && !strcmp(val[M_PADMODE], "same")) {
        int64_t in[2] = {sh->h, sh->w}, k[2] = {sh->r, sh->s}, st[2] = {sh->stride_h, sh->stride_w};
        int64_t pad[2];
        for (int a = 0; a < 2; a++) {
            int64_t rem = in[a] % st[a];
            pad[a] = (rem == 0 ? k[a] - st[a] : k[a] - rem);
            pad[a] = (pad[a] > 0 ? pad[a] : 0) / 2;
        }
        sh->pad_h = pad[0], sh->pad_w = pad[1];
        snprintf(c.note, sizeof c.note, "-z same: padding %lldx%lld as MIOpenDriver computes it",
                 (long long)pad[0], (long long)pad[1]);
    }
    c.dirs = v[M_F] == 0 ? 7u : (unsigned)v[M_F];
    prob_metrics m;
    if (prob_analyze(sh, &m, why, sizeof why))
        ERRMSG_RETURN(err, errlen, "%s: %s", where, why);
    imp_shape_name(c.name, sizeof c.name, sh);
    snprintf(c.where, sizeof c.where, "%s", where);
    return imp_add(s, &c, IMP_MIOPEN) ? (snprintf(err, errlen, "out of memory"), -1) : 0;
}

int imp_read_miopen(imp_set *s, const char *path, const char *text, char *err, size_t errlen)
{
    notes_addf(&s->sources, "%s (MIOpenDriver commands)", path);
    int line = 0;
    int64_t other_lines = 0;
    char buf[4096];
    for (const char *p = text; *p;) {
        line++;
        size_t n = strcspn(p, "\n");
        const char *next = p + n + (p[n] == '\n');
        if (n >= sizeof buf) {
            ERRMSG_RETURN(err, errlen, "%s:%d: a line longer than %zu characters", path, line,
                          sizeof buf - 1);
        }
        memcpy(buf, p, n);
        buf[n] = 0;
        p = next;
        /* Everything up to the driver's name is the log's prefix (path, "MIOpen(HIP): ..."). */
        char *at = strstr(buf, "MIOpenDriver");
        if (!at) {
            other_lines += buf[strspn(buf, " \t\r")] != 0;
            continue;
        }
        char where[4200];
        snprintf(where, sizeof where, "%s:%d", path, line);
        if (command(s, at + strlen("MIOpenDriver"), where, err, errlen))
            return -1;
    }
    if (other_lines)
        notes_addf(&s->ignored, "%s: %lld line%s without an MIOpenDriver command (the rest of "
                                "the log)",
                   path, (long long)other_lines, other_lines == 1 ? "" : "s");
    return 0;
}
