/* cli.h - the subcommands. Each cmd_* takes the arguments after its name and
 * returns an exit code (exitcodes.h). */
#ifndef CONVBENCH_CLI_H
#define CONVBENCH_CLI_H

#include <stdio.h>

#include "exitcodes.h"
#include "config.h"
#include "options.h"


/* What a subcommand was given: cmd_open fills it, cmd_close frees it. */
typedef struct cmd_args {
    opt_spec spec;   /* the options as given: run, sweep and tune expand its case parameters */
    opts s;          /* the session's settings: defaults, with the options that are not
                        case parameters (INI keys) laid over them */
    char **pos;      /* positional arguments, npos of them (pointers into argv) */
    int npos;
} cmd_args;

/* Parses argv for the subcommand `name` (its options are those valid in
 * `where`); between min_pos and max_pos positional arguments are expected, as
 * pos_what says ("one config file (FILE.ini)"). Returns -1 when the command
 * goes on with *a (free it with cmd_close); otherwise *a is freed and the exit
 * code is returned: EXIT_OK after usage(stdout) for --help, EXIT_USAGE after
 * "convbench NAME: why" on stderr. */
int cmd_open(cmd_args *a, const char *name, unsigned where, int argc, char **argv,
             int min_pos, int max_pos, const char *pos_what, void (*usage)(FILE *f));
void cmd_close(cmd_args *a);

/* The first batch size given with --batch (a list's first item), or 0 when
 * none was given: what an ONNX model with a symbolic batch is imported with
 * (the command line's batch then applies to every layer anyway). */
int64_t cmd_batch_given(const cmd_args *a);

/* --batch as given ("1,8"), or NULL when not given. */
const char *cmd_batch_text(const cmd_args *a);

/* The cases of the config at path (an INI, or a file imported on the fly with
 * the batch and --count-duplicates given) with the command line's options
 * laid over each, as --sweep runs them; warnings go to stderr. Returns 0, or
 * -1 with err. cfg and cases are to be freed either way. */
int cmd_load_cases(const cmd_args *a, const opts *s, const char *path, cfg_file *cfg,
                   cfg_cases *cases, char *err, size_t errlen);

/* What a command writes: into f, from ctx; returns 0 or -1 with err. */
typedef int (*cmd_writer)(FILE *f, void *ctx, char *err, size_t errlen);

/* Runs write into memory, then puts the text in path ("" for standard
 * output) at once, so that an error leaves no half-written file. Returns 0,
 * or -1 with err. */
int cmd_write_out(const char *path, cmd_writer write, void *ctx, char *err, size_t errlen);

int cmd_run(int argc, char **argv);
int cmd_sweep(int argc, char **argv);
int cmd_devices(int argc, char **argv);
int cmd_peak(int argc, char **argv);
int cmd_tune(int argc, char **argv);
int cmd_compare(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_history(int argc, char **argv);
int cmd_export(int argc, char **argv);
int cmd_import(int argc, char **argv);
int cmd_export_config(int argc, char **argv);

#endif
