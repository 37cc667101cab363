/* cmd_sweep.c - `convbench --sweep FILE.ini`: every layer of a config, with the
 * command line's options laid over each, expanded into cases and run. */
#include "cli.h"
#include "config.h"
#include "session.h"

#include <regex.h>
#include <stdio.h>
#include <stdlib.h>

static void sweep_usage(FILE *f)
{
    fprintf(f, "usage: convbench --sweep FILE.ini [options]\n"
               "       convbench sweep FILE.ini [options]\n\n"
               "Runs every layer of an INI config (configs/resnet.ini, ...) with every chosen\n"
               "algorithm, verified and timed, into one CSV, and prints whole-network totals\n"
               "per batch size. [global] keys apply to every layer; each other section is a\n"
               "layer. Options given here override the file's keys for every layer.\n");
    opts_print_help(f, OPT_SWEEP);
    fprintf(f, "\nexamples:\n"
               "  convbench --sweep configs/resnet.ini\n"
               "  convbench --sweep configs/resnet.ini --batch 1,8 --layer '3x3' --dry-run\n");
}

/* By batch, then file order, so each batch size's network completes before the next. */
static int by_batch(const void *a, const void *b)
{
    const cfg_case *x = a, *y = b;
    if (x->o.sh.n != y->o.sh.n)
        return x->o.sh.n < y->o.sh.n ? -1 : 1;
    return (x->order > y->order) - (x->order < y->order);
}

/* Cases of the layers whose names match s->layer_re, in file order. */
static int expand_layers(const cfg_file *cfg, const opt_spec *cli, const opts *s, cfg_cases *out,
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

int cmd_sweep(int argc, char **argv)
{
    opt_spec cli;
    spec_init(&cli);
    char err[1024], *pos[2];
    int npos;
    int rc = opts_parse_args(&cli, OPT_SWEEP, argc, argv, pos, 2, &npos, err, sizeof err);
    if (rc == 1) {
        spec_free(&cli);
        sweep_usage(stdout);
        return EXIT_OK;
    }
    if (rc == 0 && npos != 1) {
        snprintf(err, sizeof err, "expected one config file (FILE.ini), got %d arguments", npos);
        rc = -1;
    }
    opts s;
    cfg_session(&cli, &s);
    cfg_file cfg = {0};
    cfg_cases cases = {0};
    if (rc == 0)
        rc = cfg_load(pos[0], &cfg, err, sizeof err);
    if (rc == 0)
        rc = expand_layers(&cfg, &cli, &s, &cases, err, sizeof err);
    spec_free(&cli);
    if (rc) {
        fprintf(stderr, "convbench sweep: %s\n", err);
        cfg_free(&cfg);
        cfg_cases_free(&cases);
        return EXIT_USAGE;
    }
    rc = s.dry_run ? session_dry_run(stdout, cases.v, cases.n)
                   : session_run(cases.v, cases.n, &s, cfg.path);
    cfg_free(&cfg);
    cfg_cases_free(&cases);
    return rc;
}
