/* cmd_open.c - what every subcommand does first: parse its arguments, answer
 * --help, refuse a bad command line, and settle the session's settings. */
#include "cli.h"
#include "import.h"

#include <stdlib.h>
#include <string.h>

int cmd_open(cmd_args *a, const char *name, unsigned where, int argc, char **argv,
             int min_pos, int max_pos, const char *pos_what, void (*usage)(FILE *f))
{
    char err[1024];
    spec_init(&a->spec);
    /* A command that takes files has room for one more, so too many is
     * counted; one that takes none names the stray argument (the parser's
     * message). */
    int cap = max_pos ? max_pos + 1 : 0;
    a->pos = calloc((size_t)cap + 1, sizeof *a->pos);
    int rc = a->pos ? opts_parse_args(&a->spec, where, argc, argv, a->pos, cap, &a->npos, err,
                                      sizeof err)
                    : (snprintf(err, sizeof err, "out of memory"), -1);
    if (rc == 1) {
        usage(stdout);
        cmd_close(a);
        return EXIT_OK;
    }
    if (rc == 0 && (a->npos < min_pos || a->npos > max_pos)) {
        snprintf(err, sizeof err, "expected %s, got %d argument%s", pos_what, a->npos,
                 a->npos == 1 ? "" : "s");
        rc = -1;
    }
    if (rc) {
        fprintf(stderr, "convbench %s: %s\n", name, err);
        cmd_close(a);
        return EXIT_USAGE;
    }
    opts_session(&a->spec, &a->s);
    return -1;
}

void cmd_close(cmd_args *a)
{
    spec_free(&a->spec);
    free(a->pos);
    a->pos = NULL;
}

const char *cmd_batch_text(const cmd_args *a)
{
    int n;
    const opt_def *t = opts_table(&n);
    return a->spec.val[opts_find("batch") - t];
}

int64_t cmd_batch_given(const cmd_args *a)
{
    const char *v = cmd_batch_text(a);
    return v ? strtoll(v, NULL, 10) : 0;
}

int cmd_load_cases(const cmd_args *a, const opts *s, const char *path, cfg_file *cfg,
                   cfg_cases *cases, char *err, size_t errlen)
{
    int rc = imp_load_config(path, cmd_batch_given(a), s->count_duplicates, cfg, err, errlen);
    notes_print(stderr, "convbench", &cfg->warnings);
    return rc ? rc : cfg_sweep_cases(cfg, &a->spec, s, cases, err, errlen);
}

int cmd_write_out(const char *path, cmd_writer write, void *ctx, char *err, size_t errlen)
{
    char *text = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&text, &len);
    int rc = mem ? write(mem, ctx, err, errlen) : (snprintf(err, errlen, "out of memory"), -1);
    if (mem)
        fclose(mem);
    if (rc == 0) {
        FILE *out = path[0] ? fopen(path, "w") : stdout;
        int ok = out && fwrite(text, 1, len, out) == len;
        if (out && out != stdout)
            ok = fclose(out) == 0 && ok;
        else if (out)
            ok = fflush(out) == 0 && ok;
        if (!ok) {
            snprintf(err, errlen, "cannot write '%s': %m", path[0] ? path : "standard output");
            rc = -1;
        }
    }
    free(text);
    return rc;
}
