/* import.h - users' own networks: convolution layers read from ONNX models,
 * benchdnn problem files and MIOpenDriver command logs, written as a convbench
 * INI config (or loaded as one, for `--sweep model.onnx`).
 *
 * Each reader follows its source's own meanings and defaults, not convbench's
 * (benchdnn's zero-based dilation and mb 2, MIOpenDriver's n 100 and c 3,
 * ONNX's auto_pad). What convbench cannot run exactly (asymmetric padding,
 * 3-D or transposed convolutions, post-ops, int8, bf16) is listed as skipped
 * with the reason, never imported as something else.
 */
#ifndef CONVBENCH_IMPORT_H
#define CONVBENCH_IMPORT_H

#include <stdint.h>
#include <stdio.h>

#include "config.h"
#include "notes.h"
#include "problem.h"

typedef enum imp_format { IMP_INI, IMP_ONNX, IMP_BENCHDNN, IMP_MIOPEN, IMP_FORMAT_COUNT } imp_format;
extern const char *const imp_format_names[IMP_FORMAT_COUNT]; /* "ini", "onnx", "benchdnn", "miopen" */

/* One distinct convolution: its problem, the directions it runs in, and how
 * often the source has it. */
typedef struct imp_conv {
    char name[64];               /* the INI section: the source's name, cleaned, made unique */
    char where[192];             /* where it was read: "file:line" or "file: node NAME" */
    char also[192];              /* other names merged into it, ", "-separated (truncated) */
    char note[192];              /* how it was read when not plainly, or "" */
    prob_shape sh;               /* sh.dir: imp_add sets it to the first of dirs */
    unsigned dirs;               /* 1 << prob_dir for each direction */
    char key[PROB_KEY_MAX];      /* prob_key of sh, set by imp_add: what repeats match on */
    int64_t count;               /* times it occurs (MIOpen: 1 unless --count-duplicates) */
} imp_conv;

/* Everything read from one or more files. */
typedef struct imp_set {
    imp_conv *v;
    int n, cap;
    notes sources;               /* "path (format, details)" per file */
    notes skipped;               /* "where: name: reason" of what was not imported */
    notes ignored;               /* "where: text: why" of option lines with no use here */
    notes others;                /* other operators / commands: "Relu x 17" */
    int64_t read;                /* convolutions read, counting repeats and duplicates */
    int64_t collapsed;           /* MIOpen duplicate commands collapsed into one */
    int64_t batch;               /* --batch's first value: what an ONNX model is inferred
                                    with, 0 when not given */
    char batch_list[256];        /* --batch as given ("1,8"): every section's batch when set;
                                    "" keeps each source's own */
    int count_duplicates;        /* MIOpen: keep the number of duplicates as the count */
} imp_set;

/* Empties s (settings included; set batch and count_duplicates after). */
void imp_init(imp_set *s);
void imp_free(imp_set *s);

/* The format of the file at path: ONNX for a binary file or a .onnx name, an
 * MIOpen log when a line holds "MIOpenDriver", an INI when the first line that
 * is not blank or a comment opens a [section], else benchdnn. Returns -1 with
 * err when the file cannot be read. */
int imp_detect(const char *path, imp_format *fmt, char *err, size_t errlen);

/* Reads the file at path, whose format imp_detect gives, into s. Returns 0,
 * or -1 with "path:line: what was wrong and what was expected" in err (a
 * malformed line, an unknown field, a negative size, a file that is not what
 * its format needs); s then holds what was read before and must still be
 * freed. An INI config is refused: it needs no importing. */
int imp_read(imp_set *s, const char *path, char *err, size_t errlen);

/* The text readers, also for the fuzzers: text (NUL-terminated) is the file's
 * content, path names it in messages and places nested files (benchdnn's
 * --batch=). Return as imp_read. */
int imp_read_benchdnn(imp_set *s, const char *path, const char *text, char *err, size_t errlen);
int imp_read_miopen(imp_set *s, const char *path, const char *text, char *err, size_t errlen);
/* ONNX through scripts/onnx_import.py and Python's onnx package. */
int imp_read_onnx(imp_set *s, const char *path, char *err, size_t errlen);

/* Adds c (count and dirs set; sh.dir and key are derived here) to s: a
 * problem already in s with the same shape, descriptor and directions takes its count (MIOpen: a duplicate,
 * counted only with count_duplicates) and its name in `also`. Returns 0, or -1
 * when out of memory. */
int imp_add(imp_set *s, const imp_conv *c, imp_format fmt);

/* A section name made from the shape, for a source without names:
 * "c64_56x56_k64_3x3", with "_s2", "_d2", "_g32" where they are not 1. */
void imp_shape_name(char *dst, size_t len, const prob_shape *sh);

/* Cleans a source's name into a section name: letters, digits and "._:-"
 * kept, runs of anything else one '_'; "" becomes "conv". */
void imp_clean_name(char *dst, size_t len, const char *src);

/* Writes s as a commented INI config: the sources, what was skipped or
 * ignored and the other operators in comments, then one section per
 * convolution, names made unique. Returns 0, or -1 with err when s holds no
 * convolution (nothing is written then). */
int imp_write_ini(FILE *f, imp_set *s, char *err, size_t errlen);

/* The reverse, for other tools to run the same problems: cases (from a
 * config, source names it) written to f as benchdnn problem descriptors with
 * the option lines they need, or as MIOpenDriver commands (one per
 * occurrence: a case of count 3 is three commands, which import
 * --count-duplicates counts again). to is IMP_BENCHDNN or IMP_MIOPEN. A case
 * the format cannot express (fp16 accumulation) is left out with a comment.
 * Returns the number of cases written, or -1 with err. */
int imp_export(FILE *f, const char *source, const cfg_case *cases, int n, imp_format to,
               char *err, size_t errlen);

/* A config from any file --sweep or tune --sweep accepts: an INI as
 * cfg_load reads it, or a file in one of the imported formats, imported
 * on the fly with batch (0: the model's) and count_duplicates. Notes on what
 * the import skipped go to stderr. Returns as cfg_load. */
int imp_load_config(const char *path, int64_t batch, int count_duplicates, cfg_file *cfg,
                    char *err, size_t errlen);

#endif
