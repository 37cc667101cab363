/* options.h - the one option table, and option values as given (specs).
 *
 * Every option is declared once in options.c: name (the long flag and the INI
 * key, '-' and '_' alike), short flag, type, where it is stored, default, valid
 * range or choices, where it may be given (INI, `run`, `sweep`), and help. That
 * table drives command-line and INI parsing, [global] inheritance, overrides,
 * validation, --help and the reproducer command line of each CSV row.
 *
 * Values travel as text in an opt_spec, with where each came from, until
 * config.c expands them into cases: any non-string option may hold a
 * comma-separated list, and the lists of a spec span a grid.
 */
#ifndef CONVBENCH_OPTIONS_H
#define CONVBENCH_OPTIONS_H

#include <stddef.h>
#include <stdint.h>
#include "tokens.h"
#include <stdio.h>

#include "problem.h"

/* Everything one case is told: the problem and how to run and report it. */
typedef struct opts {
    prob_shape sh;
    char algo[256];
    int verify;                  /* vfy_mode: full, sample, none */
    int fill;                    /* vfy_fill: exact, float */
    int64_t seed, sample;
    int64_t warmup, min_reps, max_reps;
    double min_ms;
    double max_ws_mib;           /* workspace limit per buffer; 0: half the max allocation */
    char csv[4096], dump[4096], device[256], layer[64], kernel_opts[512];
    char db[4096];               /* results database to append to (--db), or "" */
    int64_t runs;                /* compare with a database as BASE: its last runs */
    char layer_re[256];          /* sweep: run only layers whose name matches */
    char clblast_tuning[4096];   /* CLBlast tuning overrides file, or "" */
    char params[256];            /* tunable parameters "NAME=V,..."; "" for the tuned or defaults */
    char tune_db[4096];          /* tuning database file; "" for the device's default */
    double budget_s;             /* tune: seconds the whole search may take */
    double case_timeout_s;       /* --device all: seconds without progress before a kill */
    char sweep[4096];            /* tune: the config whose layers to tune, or "" */
    double threshold_pct, alpha; /* compare: smallest change that counts, significance */
    char normalize_by[32];       /* compare: divide times by this algorithm's, or "" */
    int format;                  /* compare, report: an OPT_FMT_ */
    int fail_on;                 /* compare: rows|geomean */
    int statistic;               /* compare: median|min */
    char baseline[256];          /* report: the device the others are compared with */
    char plots[4096];            /* report: folder of charts to embed in the HTML */
    int64_t count, max_cases;
    int no_cache, no_ref_cache, no_prebuild, dry_run, no_peak, no_tune_db, force, list, across_devices;
    int cold_cache;              /* evict the caches before every timed run */
    char out[4096];              /* import, export-config: file to write, "" for stdout */
    int count_duplicates;        /* import: MIOpen duplicate commands counted, not collapsed */
    int export_to;               /* export-config: an OPT_TO_ */
} opts;

/* The choices of the options that only compare and report read, each names
 * array indexed by its enum. */
enum { OPT_FMT_TEXT, OPT_FMT_MARKDOWN, OPT_FMT_CSV, OPT_FMT_HTML, OPT_FMT_COUNT };
extern const char *const opt_format_names[OPT_FMT_COUNT];
enum { OPT_FAIL_ROWS, OPT_FAIL_GEOMEAN, OPT_FAIL_COUNT };
extern const char *const opt_fail_on_names[OPT_FAIL_COUNT];
enum { OPT_STAT_MEDIAN, OPT_STAT_MIN, OPT_STAT_COUNT };
extern const char *const opt_statistic_names[OPT_STAT_COUNT];
enum { OPT_TO_BENCHDNN, OPT_TO_MIOPEN, OPT_TO_COUNT };
extern const char *const opt_export_to_names[OPT_TO_COUNT];

typedef enum opt_type { OT_INT, OT_DOUBLE, OT_BOOL, OT_STR, OT_CHOICE } opt_type;

/* Where an option may be given. */
enum { OPT_INI = 1, OPT_RUN = 2, OPT_SWEEP = 4, OPT_TUNE = 8, OPT_PEAK = 16, OPT_COMPARE = 32,
       OPT_REPORT = 64, OPT_HISTORY = 128, OPT_EXPORT = 256, OPT_IMPORT = 512,
       OPT_EXPORT_CONFIG = 1024,
       OPT_CLI = OPT_RUN | OPT_SWEEP | OPT_TUNE, OPT_ALL = OPT_INI | OPT_CLI };

typedef struct opt_def {
    const char *name;            /* long flag without "--"; INI key with '_' */
    const char *alias;           /* another accepted name, or NULL */
    char short_name;             /* 0 when none */
    opt_type type;
    size_t off, off2;            /* where it is stored; off2 is a second target or OPT_NONE */
    size_t cap;                  /* OT_STR: capacity of the char array */
    const char *def;             /* default, as it would be typed; NULL for shorthands */
    double min, max;             /* OT_INT, OT_DOUBLE: inclusive range */
    const char *const *choices;  /* OT_CHOICE: the names array of an enum (beside the enum), */
    int nchoices;                /* nchoices of them; the value stored is the index */
    const char *group;           /* heading in --help */
    const char *metavar, *help;
    unsigned where;              /* OPT_INI | OPT_RUN | OPT_SWEEP */
    int repro;                   /* part of the command line that reruns a case */
    int required;                /* an INI layer must set it (itself or by a shorthand) */
    /* A value in another tool's notation rewritten into buf as the option's
     * own text (MIOpenDriver's -F codes into a list of directions); returns
     * value itself when it is not in that notation, or NULL with err. NULL:
     * none. */
    const char *(*translate)(const char *value, char *buf, size_t len, char *err, size_t errlen);
} opt_def;

#define OPT_NONE ((size_t)-1)
#define OPT_MAX 72               /* capacity for the table's entries */
#define OPT_MAX_LIST TOKENS_MAX  /* most items in one list value */

/* The table and its length. */
const opt_def *opts_table(int *count);

/* The option called name (long name or alias; '_' matches '-'), or NULL. */
const opt_def *opts_find(const char *name);

/* The option valid in `where` whose name is closest to name, never NULL. */
const opt_def *opts_closest(const char *name, unsigned where);

/* 1 when options a and b store into a common field (e.g. "size" and "height"). */
int opts_overlap(const opt_def *a, const opt_def *b);

/* How messages name d: "--in-channels" on the command line (in_file 0),
 * "in_channels", its INI key, in a file (in_file 1). */
void opts_display_name(char *buf, size_t len, const opt_def *d, int in_file);

/* Sets every option to its default. */
void opts_defaults(opts *o);

/* Parses one value (not a list) for option d into o; a number, boolean or
 * choice may have white space around it (tokens_trim), a string is taken as it
 * is. Returns 0, or -1 with a message naming the value and what was expected
 * in err (callers prefix the option's name and where it was given). */
int opts_set(opts *o, const opt_def *d, const char *value, char *err, size_t errlen);


/* Option values as given, before expansion: text per table entry (NULL when
 * not given), with the file and line it came from (line 0: command line). */
typedef struct opt_spec {
    char *val[OPT_MAX];
    const char *file[OPT_MAX];   /* not owned: a string that outlives the spec */
    int line[OPT_MAX];
} opt_spec;

void spec_init(opt_spec *s);
void spec_free(opt_spec *s);
/* Copies src into dst (dst must be initialised; its values are replaced). */
int spec_copy(opt_spec *dst, const opt_spec *src);

/* Sets option d to value in s after checking every comma-separated item (an
 * empty item, a bad value, a list for a string option, or an option that
 * overlaps one already set in s is an error). Returns 0 or -1 with err. */
int spec_set(opt_spec *s, const opt_def *d, const char *value, const char *file, int line,
             char *err, size_t errlen);

/* Lays top over base: every option set in top replaces base's, and clears the
 * options of base that store into the same fields (a section's "height"
 * replaces an inherited "size"). Returns 0, or -1 when out of memory. */
int spec_overlay(opt_spec *base, const opt_spec *top);

/* The settings of a whole session (device, CSV, dump folder, layer filter,
 * dry run, ...): defaults, with the options of s that are not case parameters
 * (INI keys) laid over them. Case parameters stay in s for cfg_expand. */
void opts_session(const opt_spec *s, opts *o);

/* Parses command-line arguments (after the subcommand) into s: "--name VALUE",
 * "--name=VALUE", "-x VALUE", "-xVALUE"; a bool may stand alone ("--bias").
 * Only options valid in `where` (OPT_RUN or OPT_SWEEP) are accepted.
 * Positional arguments are returned in pos (capacity npos_cap) and counted in
 * *npos. Returns 0, 1 when --help/-h was given, or -1 with the reason in err. */
int opts_parse_args(opt_spec *s, unsigned where, int argc, char **argv, char **pos, int npos_cap,
                    int *npos, char *err, size_t errlen);

/* Prints the options valid in `where`, grouped, with defaults and ranges. */
void opts_print_help(FILE *f, unsigned where);

/* Writes a shell command line that reruns the case o describes with algorithm algo. */
void opts_repro(const opts *o, const char *algo, char *buf, size_t len);

#endif
