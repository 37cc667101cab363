/* options.h - the one option table.
 *
 * Every option is declared once in options.c: name (the long flag, and the INI
 * key with '-' read as '_'), short flag, type, where it is stored, default,
 * valid range or choices, and help. That table drives parsing, defaults,
 * validation, --help and the reproducer command line of each CSV row.
 */
#ifndef CONVBENCH_OPTIONS_H
#define CONVBENCH_OPTIONS_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "problem.h"

/* Everything one `convbench run` is told. */
typedef struct opts {
    prob_shape sh;
    char algo[256];
    int verify;                  /* run_verify: full, sample, none */
    int fill;                    /* vfy_fill: exact, float */
    int64_t seed, sample;
    int64_t warmup, min_reps, max_reps;
    double min_ms;
    char csv[4096], dump[4096], device[256], layer[64], kernel_opts[512];
    int64_t count;
    int no_cache;
} opts;

typedef enum opt_type { OT_INT, OT_DOUBLE, OT_BOOL, OT_STR, OT_CHOICE } opt_type;

typedef struct opt_def {
    const char *name;            /* long flag without "--" */
    char short_name;             /* 0 when none */
    opt_type type;
    size_t off, off2;            /* where it is stored; off2 is a second target or OPT_NONE */
    size_t cap;                  /* OT_STR: capacity of the char array */
    const char *def;             /* default, as it would be typed */
    double min, max;             /* OT_INT, OT_DOUBLE: inclusive range */
    const char *choices;         /* OT_CHOICE: "a|b|c", stored as the index */
    const char *group;           /* heading in --help */
    const char *metavar, *help;
    int repro;                   /* part of the command line that reruns a case */
} opt_def;

#define OPT_NONE ((size_t)-1)

/* The table and its length. */
const opt_def *opts_table(int *count);

/* The option called name (long name; '_' matches '-'), or NULL. */
const opt_def *opts_find(const char *name);

/* The option whose name is closest to name (for "did you mean"), never NULL. */
const opt_def *opts_closest(const char *name);

/* Sets every option to its default. */
void opts_defaults(opts *o);

/* Parses value for option d into o. Returns 0, or -1 with a message naming the
 * option, the value and what was expected in err. */
int opts_set(opts *o, const opt_def *d, const char *value, char *err, size_t errlen);

/* Parses command-line arguments (after the subcommand): "--name VALUE",
 * "--name=VALUE", "-x VALUE", "-xVALUE"; a bool may stand alone ("--bias").
 * Defaults are not applied here. Returns 0, 1 when --help/-h was given, or -1
 * with the reason in err. */
int opts_parse_args(opts *o, int argc, char **argv, char *err, size_t errlen);

/* Prints the options, grouped, with defaults and ranges. */
void opts_print_help(FILE *f);

/* Writes a shell command line that reruns the case o describes with algorithm algo. */
void opts_repro(const opts *o, const char *algo, char *buf, size_t len);

#endif
