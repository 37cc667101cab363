/* config.h - INI configs and grids: files through inih, [global] inheritance,
 * command-line overrides, and expansion of option lists into cases.
 *
 * A config is one [global] section (optional, first) whose keys every layer
 * inherits, then one section per layer, named as the layer. Keys are the
 * option names of options.c with '_' for '-'. Any non-string key may hold a
 * comma-separated list; a layer expands to the Cartesian product of its lists.
 */
#ifndef CONVBENCH_CONFIG_H
#define CONVBENCH_CONFIG_H

#include "notes.h"
#include "options.h"

typedef struct cfg_layer {
    char name[64];
    int line;                    /* line of its first key */
    opt_spec spec;               /* [global] with the layer's own keys laid over it */
} cfg_layer;

typedef struct cfg_file {
    char path[4096];
    cfg_layer *layers;
    int n;
    notes warnings; /* "path:line: ..." of keys set twice in a section (notes_print) */
} cfg_file;

/* Reads the config at path. Returns 0 with f filled (free with cfg_free), or -1
 * with "path:line: what is wrong" in err: a syntax error, an unknown key (with
 * the closest valid one), a bad value or list item, a duplicate section, keys
 * outside a section, [global] after a layer, a layer lacking a required key,
 * or no layer at all. f needs no freeing after an error. */
int cfg_load(const char *path, cfg_file *f, char *err, size_t errlen);
void cfg_free(cfg_file *f);

/* cfg_load on an open stream (closed here) whose text path names in messages
 * and in f->path: an imported config, read from memory. */
int cfg_load_stream(const char *path, FILE *in, cfg_file *f, char *err, size_t errlen);


/* One case: every option's value, and where the layer that made it is defined
 * (file NULL for the command line). */
typedef struct cfg_case {
    opts o;
    prob_metrics m;              /* of o.sh, computed once when the case is expanded */
    const char *file;
    int line;
    int order;                   /* position in expansion order */
} cfg_case;

typedef struct cfg_cases {
    cfg_case *v;
    int n, cap;
} cfg_cases;

/* Expands spec (defaults for every option it lacks) into the Cartesian product
 * of its lists, appending the cases to out with layer as their layer name
 * (NULL: keep the spec's). Each case's problem is validated. Returns 0, or -1
 * with the reason in err: an invalid problem (naming the case and file:line),
 * more than max_cases cases in out, or no memory. */
int cfg_expand(const opt_spec *spec, const char *layer, const char *file, int line,
               int64_t max_cases, cfg_cases *out, char *err, size_t errlen);

/* The cases of a sweep: every layer of cfg whose name matches s->layer_re
 * (all when empty), with the command line's options cli laid over each,
 * expanded, sorted by batch size and then file order (so each batch size's
 * network completes before the next). Returns 0, or -1 with err (a bad
 * regular expression, one that matches no layer, or cfg_expand's errors). */
int cfg_sweep_cases(const cfg_file *cfg, const opt_spec *cli, const opts *s, cfg_cases *out,
                    char *err, size_t errlen);
void cfg_cases_free(cfg_cases *c);

#endif
