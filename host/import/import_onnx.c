/* import_onnx.c - ONNX models, read by the ONNX library itself: convbench runs
 * scripts/onnx_import.py (Debian's python3-onnx: protobuf parsing, shape
 * inference and the operator definitions, none of which a hand-written C
 * protobuf reader would keep up with) and reads back one line per Conv node.
 * The script resolves ONNX's attributes (auto_pad, pads, group); here the
 * padding is checked for what convbench can run. */
#include "import.h"
#include "errmsg.h"

#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#ifndef CONVBENCH_SCRIPT_DIR
#define CONVBENCH_SCRIPT_DIR "scripts"
#endif

/* s quoted for sh: 'it'\''s'. */
static void shell_quote(char *dst, size_t len, const char *s)
{
    size_t o = 0;
    if (len < 3)
        return;
    dst[o++] = '\'';
    for (; *s && o + 5 < len; s++) {
        if (*s == '\'') {
            memcpy(dst + o, "'\\''", 4);
            o += 4;
        } else {
            dst[o++] = *s;
        }
    }
    dst[o++] = '\'';
    dst[o] = 0;
}

/* Symmetric padding that gives the same result as begin/end padding: the
 * begin pad, when the end pad changes no output (it only pads past the last
 * window, or the same). Returns 0 with *pad set, or 1 when none does. */
static int symmetric_pad(int64_t in, int64_t k, int64_t stride, int64_t dil, int64_t begin,
                         int64_t end, int64_t *pad)
{
    /* The outputs ONNX gives with begin and end padding, against symmetric begin padding's. */
    int64_t want = (in + begin + end - ((k - 1) * dil + 1)) / stride + 1;
    int64_t sym = prob_out_dim(in, begin, k, stride, dil);
    *pad = begin;
    return !(sym >= 1 && sym == want);
}

/* One "conv" line's fields after the name: n c h w k r s sh sw pt pl pb pr dh dw g bias. */
static int conv_line(imp_set *s, const char *path, const char *name, const char *nums,
                     const char *dtype, char *err, size_t errlen)
{
    long long f[17];
    int got = sscanf(nums, "%lld %lld %lld %lld %lld %lld %lld %lld %lld %lld %lld %lld %lld %lld "
                           "%lld %lld %lld",
                     &f[0], &f[1], &f[2], &f[3], &f[4], &f[5], &f[6], &f[7], &f[8], &f[9], &f[10],
                     &f[11], &f[12], &f[13], &f[14], &f[15], &f[16]);
    if (got != 17)
        ERRMSG_RETURN(err, errlen, "%s: node %s: the importer script wrote '%s'; expected 17 "
                                   "numbers (a convbench/script mismatch)",
                      path, name, nums);
    for (int i = 0; i < 17; i++)
        if (f[i] < 0 || f[i] > 2147483647)
            ERRMSG_RETURN(err, errlen, "%s: node %s: value %lld (field %d of %s): expected 0 to "
                                       "2147483647",
                          path, name, f[i], i + 1, nums);
    imp_conv c = {.count = 1, .dirs = 1u << PROB_FWD};
    prob_shape *sh = &c.sh;
    sh->n = f[0], sh->c = f[1], sh->h = f[2], sh->w = f[3], sh->k = f[4], sh->r = f[5];
    sh->s = f[6], sh->stride_h = f[7], sh->stride_w = f[8], sh->dil_h = f[13], sh->dil_w = f[14];
    sh->groups = f[15], sh->bias = f[16] != 0;
    sh->dtype = strcmp(dtype, "fp16") == 0 ? PROB_FP16 : PROB_FP32;
    snprintf(c.where, sizeof c.where, "%s: node %s", path, name);
    int asym_h = symmetric_pad(sh->h, sh->r, sh->stride_h, sh->dil_h, f[9], f[11], &sh->pad_h);
    int asym_w = symmetric_pad(sh->w, sh->s, sh->stride_w, sh->dil_w, f[10], f[12], &sh->pad_w);
    if (asym_h || asym_w) {
        notes_addf(&s->skipped, "%s: asymmetric padding (pads top %lld left %lld bottom %lld "
                                "right %lld): convbench pads both sides alike",
                   c.where, f[9], f[10], f[11], f[12]);
        return 0;
    }
    if (f[9] != f[11] || f[10] != f[12])
        snprintf(c.note, sizeof c.note, "pads top %lld left %lld bottom %lld right %lld: the "
                                        "uneven end pads no window, so pad %lldx%lld is the same",
                 f[9], f[10], f[11], f[12], (long long)sh->pad_h, (long long)sh->pad_w);
    char why[512];
    prob_metrics m;
    if (prob_analyze(sh, &m, why, sizeof why))
        ERRMSG_RETURN(err, errlen, "%s: %s", c.where, why);
    /* PyTorch names a node by its module path and type ("/layer1/layer1.0/conv1/Conv"):
     * the path is the layer's name. */
    char base[256];
    snprintf(base, sizeof base, "%s", name);
    size_t bl = strlen(base);
    if (bl > 5 && strcmp(base + bl - 5, "/Conv") == 0)
        base[bl - 5] = 0;
    imp_clean_name(c.name, sizeof c.name, base);
    return imp_add(s, &c, IMP_ONNX) ? (snprintf(err, errlen, "out of memory"), -1) : 0;
}

int imp_read_onnx(imp_set *s, const char *path, char *err, size_t errlen)
{
    const char *py = getenv("CONVBENCH_PYTHON");
    const char *script = getenv("CONVBENCH_ONNX_IMPORTER");
    if (!py || !*py)
        py = "/usr/bin/python3";
    if (!script || !*script)
        script = CONVBENCH_SCRIPT_DIR "/onnx_import.py";
    char qpy[1024], qscript[4200], qpath[8400], cmd[16384];
    shell_quote(qpy, sizeof qpy, py);
    shell_quote(qscript, sizeof qscript, script);
    shell_quote(qpath, sizeof qpath, path);
    snprintf(cmd, sizeof cmd, "%s %s %s --batch %lld 2>&1", qpy, qscript, qpath,
             (long long)s->batch);
    FILE *p = popen(cmd, "r");
    if (!p)
        ERRMSG_RETURN(err, errlen, "%s: cannot run the ONNX importer (%s): %m", path, cmd);
    char *line = NULL;
    size_t cap = 0;
    int rc = 0;
    char stray[512] = "";
    while (getline(&line, &cap, p) > 0) {
        line[strcspn(line, "\n")] = 0;
        char *f[4] = {line, NULL, NULL, NULL};
        for (int i = 1; i < 4 && f[i - 1]; i++) {
            char *tab = strchr(f[i - 1], '\t');
            if (tab)
                *tab = 0;
            f[i] = tab ? tab + 1 : NULL;
        }
        if (rc)
            continue;
        if (!strcmp(f[0], "source") && f[1])
            notes_addf(&s->sources, "%s", f[1]);
        else if (!strcmp(f[0], "conv") && f[1] && f[2] && f[3])
            rc = conv_line(s, path, f[1], f[2], f[3], err, errlen);
        else if (!strcmp(f[0], "skip") && f[1] && f[2])
            notes_addf(&s->skipped, "%s: node %s: %s", path, f[1], f[2]);
        else if (!strcmp(f[0], "op") && f[1] && f[2])
            notes_addf(&s->others, "%s x %s", f[1], f[2]);
        else if (!strcmp(f[0], "error") && f[1]) {
            snprintf(err, errlen, "%s", f[1]);
            rc = -1;
        } else if (!stray[0])
            snprintf(stray, sizeof stray, "%s", line);
    }
    free(line);
    int st = pclose(p);
    if (rc == 0 && (st == -1 || !WIFEXITED(st) || WEXITSTATUS(st) != 0)) {
        snprintf(err, errlen, "%s: the ONNX importer failed (%s, exit %d)%s%s", path, script,
                 st != -1 && WIFEXITED(st) ? WEXITSTATUS(st) : -1, stray[0] ? ": " : "", stray);
        rc = -1;
    }
    return rc;
}
