/* Tests host/problem/config.c: INI loading through inih, [global] inheritance,
 * command-line overrides, grid expansion, every kind of bad file (with its
 * exact file:line message), and the shipped configs. */
#include "check.h"
#include "config.h"

#include <stdlib.h>
#include <unistd.h>

static char path[64];

/* Writes text to a fresh temporary .ini file (its name in `path`). */
static void write_ini(const char *text)
{
    strcpy(path, "/tmp/convbench_cfg_XXXXXX");
    int fd = mkstemp(path);
    if (fd < 0 || write(fd, text, strlen(text)) != (ssize_t)strlen(text))
        fprintf(stderr, "cannot write %s\n", path);
    close(fd);
}

/* Loads text, expands every layer; returns 0 or -1 with err. */
static int load_expand(const char *text, cfg_cases *cases, char *err, size_t len)
{
    write_ini(text);
    cfg_file f;
    if (cfg_load(path, &f, err, len)) {
        unlink(path);
        return -1;
    }
    int rc = 0;
    for (int i = 0; rc == 0 && i < f.n; i++)
        rc = cfg_expand(&f.layers[i].spec, f.layers[i].name, path, f.layers[i].line, 10000,
                        cases, err, len);
    cfg_free(&f);
    unlink(path);
    return rc;
}

static const char good[] =
    "; a comment\n"
    "[global]\n"
    "batch = 1, 8\n"
    "kernel = 3\n"
    "pad = 1\n"
    "algorithms = direct\n"
    "\n"
    "[a]\n"
    "in_channels = 16\n"
    "out_channels = 32\n"
    "size = 14\n"
    "count = 3\n"
    "\n"
    "[b]                 ; inline comment\n"
    "in_channels = 4, 8, 12\n"
    "out_channels = 8\n"
    "height = 9\n"
    "width = 11\n"
    "kernel_w = 1\n"
    "pad_w = 0\n"
    "batch = 2\n"
    "fill = exact, float\n";

static void test_good_file(void)
{
    cfg_cases c = {0};
    char err[1024] = "";
    CHECK(load_expand(good, &c, err, sizeof err) == 0);
    if (err[0])
        fprintf(stderr, "%s\n", err);
    /* a: 2 batches; b: 3 channel counts x 2 fills (its own batch replaces global's). */
    CHECK_EQ_INT(c.n, 2 + 6);
    if (c.n != 8)
        return;
    CHECK_STR(c.v[0].o.layer, "a");
    CHECK_EQ_INT(c.v[0].o.sh.n, 1);
    CHECK_EQ_INT(c.v[1].o.sh.n, 8);
    CHECK_EQ_INT(c.v[0].o.sh.h, 14);
    CHECK_EQ_INT(c.v[0].o.sh.w, 14);
    CHECK_EQ_INT(c.v[0].o.sh.r, 3); /* inherited */
    CHECK_EQ_INT(c.v[0].o.count, 3);
    CHECK_STR(c.v[0].o.algo, "direct");
    CHECK_EQ_INT(c.v[0].line, 8);   /* the [a] header */
    /* b: kernel_w overrides half of the inherited "kernel = 3". */
    const opts *b = &c.v[2].o;
    CHECK_STR(b->layer, "b");
    CHECK_EQ_INT(b->sh.n, 2);
    CHECK_EQ_INT(b->sh.r, 3);
    CHECK_EQ_INT(b->sh.s, 1);
    CHECK_EQ_INT(b->sh.pad_h, 1);
    CHECK_EQ_INT(b->sh.pad_w, 0);
    CHECK_EQ_INT(b->sh.h, 9);
    CHECK_EQ_INT(b->sh.w, 11);
    CHECK_EQ_INT(b->count, 1);      /* default */
    /* The first list varies slowest: channels 4,4,8,8,12,12 with fills alternating. */
    int want_c[6] = {4, 4, 8, 8, 12, 12};
    for (int i = 0; i < 6; i++) {
        CHECK_EQ_INT(c.v[2 + i].o.sh.c, want_c[i]);
        CHECK_EQ_INT(c.v[2 + i].o.fill, i % 2);
    }
    cfg_cases_free(&c);
}

/* A section with no keys is a layer that takes everything from [global]. */
static void test_empty_section_is_a_layer(void)
{
    cfg_cases c = {0};
    char err[1024] = "";
    CHECK(load_expand("[global]\nin_channels = 4\nout_channels = 4\nsize = 8\nkernel = 3\n\n"
                      "[a]\n[b]\nbatch = 2\n[c]\n",
                      &c, err, sizeof err) == 0);
    CHECK_EQ_INT(c.n, 3);
    if (c.n == 3) {
        CHECK_STR(c.v[0].o.layer, "a");
        CHECK_STR(c.v[2].o.layer, "c");
        CHECK_EQ_INT(c.v[1].o.sh.n, 2);
        CHECK_EQ_INT(c.v[0].line, 7);
    }
    cfg_cases_free(&c);
}

/* Command-line options override every layer's keys, as the sweep lays them on. */
static void test_cli_override(void)
{
    write_ini(good);
    cfg_file f;
    char err[1024] = "";
    CHECK(cfg_load(path, &f, err, sizeof err) == 0);
    unlink(path);
    opt_spec cli;
    spec_init(&cli);
    CHECK(spec_set(&cli, opts_find("batch"), "4", NULL, 0, err, sizeof err) == 0);
    CHECK(spec_set(&cli, opts_find("kernel-h"), "5", NULL, 0, err, sizeof err) == 0);
    cfg_cases c = {0};
    for (int i = 0; i < f.n; i++) {
        opt_spec merged;
        spec_init(&merged);
        CHECK(spec_copy(&merged, &f.layers[i].spec) == 0 && spec_overlay(&merged, &cli) == 0);
        CHECK(cfg_expand(&merged, f.layers[i].name, path, f.layers[i].line, 100, &c, err,
                         sizeof err) == 0);
        spec_free(&merged);
    }
    CHECK_EQ_INT(c.n, 1 + 6);
    for (int i = 0; i < c.n; i++) {
        CHECK_EQ_INT(c.v[i].o.sh.n, 4);
        CHECK_EQ_INT(c.v[i].o.sh.r, 5);
    }
    CHECK_EQ_INT(c.v[0].o.sh.s, 3); /* the inherited kernel keeps its other half */
    CHECK_EQ_INT(c.v[1].o.sh.s, 1);
    spec_free(&cli);
    cfg_free(&f);
    cfg_cases_free(&c);
}

/* Each bad file is refused with this message, line number included ("%s" in
 * want stands for the file's path). */
static void expect_bad(const char *text, const char *want)
{
    cfg_cases c = {0};
    char err[1024] = "", full[1200];
    CHECK(load_expand(text, &c, err, sizeof err) == -1);
    /* every "%s" in want stands for the file's path */
    size_t o = 0;
    for (const char *p = want; *p && o + 80 < sizeof full; p++) {
        if (p[0] == '%' && p[1] == 's') {
            o += (size_t)snprintf(full + o, sizeof full - o, "%s", path);
            p++;
        } else {
            full[o++] = *p;
        }
    }
    full[o] = '\0';
    if (!strstr(err, full)) {
        check_failures++;
        fprintf(stderr, "message:  %s\nexpected: %s\n", err, full);
    }
    cfg_cases_free(&c);
}

#define LAYER "in_channels = 4\nout_channels = 4\nsize = 8\nkernel = 3\n"

static void test_bad_files(void)
{
    expect_bad("[a]\n" LAYER "this line is not ini\n",
               "%s:6: syntax error: expected '[section]', 'key = value' or a comment");
    expect_bad("[a]\n" LAYER "bathc = 2\n", "%s:6: unknown key 'bathc' in [a]; did you mean 'batch'?");
    expect_bad("[a]\n" LAYER "kernal = 2\n", "%s:6: unknown key 'kernal' in [a]; did you mean 'kernel'?");
    expect_bad("[a]\n" LAYER "in_chanels = 2\n", "did you mean 'in_channels'?");
    expect_bad("[a]\n" LAYER "device = 0:0\n", "%s:6: unknown key 'device' in [a]");
    expect_bad("[a]\nin_channels = abc\n",
               "%s:2: in_channels: 'abc' is not an integer; expected an integer in [1, 2147483647]");
    expect_bad("[a]\n" LAYER "batch = -1\n", "%s:6: batch: -1 is out of range");
    expect_bad("[a]\n" LAYER "batch = 1,,8\n",
               "%s:6: batch = '1,,8': item 2 of the list is empty");
    expect_bad("[a]\n" LAYER "batch = 1, 8,\n", "%s:6: batch = '1, 8,': item 3 of the list is empty");
    expect_bad("[a]\n" LAYER "fill = exact, round\n",
               "%s:6: fill: 'round' is not a valid choice; expected one of exact|float");
    expect_bad("[a]\n" LAYER "count = 0\n", "%s:6: count: 0 is out of range");
    expect_bad("[a]\nin_channels = 4\nout_channels = 4\nsize = 8\n",
               "%s:1: layer [a] lacks the required key 'kernel_h' (or 'kernel'");
    expect_bad("[a]\nin_channels = 4\nsize = 8\nkernel = 1\n",
               "%s:1: layer [a] lacks the required key 'out_channels'");
    expect_bad("batch = 1\n[a]\n" LAYER, "%s:1: 'batch' is outside any section");
    expect_bad("[a]\n" LAYER "[b]\n" LAYER "[a]\n" LAYER,
               "%s:11: section [a] appears twice (first at line 1)");
    expect_bad("[a]\n" LAYER "[global]\nbatch = 2\n",
               "%s:6: [global] must come before the layer sections");
    expect_bad("[a]\n" LAYER "height = 9\n",
               "%s:6: height and size (%s:4: set before) set the same value; keep one");
    expect_bad("[global]\nbatch = 1\n", "%s: no layer sections");
    expect_bad("", "%s: no layer sections");
    expect_bad("[a]\nin_channels = 5\nout_channels = 4\nsize = 8\nkernel = 3\ngroups = 2\n",
               "%s:1: [a] invalid problem (n1 c5 8x8 k4 3x3 p1 g2): in_channels (c) = 5 is not "
               "divisible by groups (g) = 2");
    expect_bad("[a]\nin_channels = 4\nout_channels = 4\nsize = 2\nkernel = 5\npad = 0\n",
               "%s:1: [a] invalid problem (n1 c4 2x2 k4 5x5): kernel_h (y) = 5");
}

/* The message for "both set" names the earlier key's file and line too. */
static void test_conflict_message_names_both(void)
{
    cfg_cases c = {0};
    char err[1024];
    CHECK(load_expand("[a]\n" LAYER "height = 9\n", &c, err, sizeof err) == -1);
    CHECK(strstr(err, ":4: set before") != NULL);
}

static void test_unreadable(void)
{
    cfg_file f;
    char err[1024];
    CHECK(cfg_load("/nonexistent/x.ini", &f, err, sizeof err) == -1);
    CHECK(strstr(err, "cannot read config '/nonexistent/x.ini'") != NULL);
}

static void test_grid_limit(void)
{
    cfg_cases c = {0};
    char err[1024];
    write_ini("[a]\nin_channels = 1,2,3,4,5,6,7,8,9,10\nout_channels = 1,2,3,4,5,6,7,8,9,10\n"
              "size = 8,9,10,11,12,13,14,15,16,17\nkernel = 1\npad = 0\n");
    cfg_file f;
    CHECK(cfg_load(path, &f, err, sizeof err) == 0);
    unlink(path);
    CHECK(cfg_expand(&f.layers[0].spec, "a", path, 2, 999, &c, err, sizeof err) == -1);
    CHECK(strstr(err, "[a] the grid expands to at least 1000 cases") != NULL);
    if (!strstr(err, "at least 1000"))
        fprintf(stderr, "%s\n", err);
    CHECK(cfg_expand(&f.layers[0].spec, "a", path, 2, 1000, &c, err, sizeof err) == 0);
    CHECK_EQ_INT(c.n, 1000);
    cfg_free(&f);
    cfg_cases_free(&c);
}

/* A line longer than inih's buffer is refused with its line number, not split
 * into a second, garbled line. */
static void test_long_line_refused(void)
{
    char text[4096] = "[a]\nout_channels = 4\nsize = 8\nkernel = 1\npad = 0\nin_channels = 1";
    for (int i = 2; i <= 300; i++) {
        char item[16];
        snprintf(item, sizeof item, ", %d", i);
        strcat(text, item);
    }
    strcat(text, "\ncount = 2\n");
    cfg_cases c = {0};
    char err[1024] = "";
    CHECK(load_expand(text, &c, err, sizeof err) == -1);
    CHECK(strstr(err, ":6: line longer than") != NULL);
    cfg_cases_free(&c);
}

/* Regression (found by fuzz_config): a section header after a vertical tab was
 * seen by inih but not by convbench's line reader, and its keys were written
 * through layer index -1. The fuzzer's input must load or be refused cleanly. */
static void test_fuzz_crash_section_header_after_vertical_tab(void)
{
    char p[512], err[1024];
    snprintf(p, sizeof p, "%s/tests/data/fuzz/section_header_after_vtab.ini", CONVBENCH_SOURCE_DIR);
    cfg_file f;
    if (cfg_load(p, &f, err, sizeof err) == 0) {
        CHECK(f.n > 0);
        CHECK_STR(f.layers[0].name, "stem_3x3_s2");
        cfg_free(&f);
    } else {
        CHECK(strstr(err, "section_header_after_vtab.ini:") != NULL);
    }
    cfg_cases c = {0};
    CHECK(load_expand("[global]\nin_channels = 4\nout_channels = 4\nsize = 8\nkernel = 3\n"
                      "\v[a]\nbatch = 2\n",
                      &c, err, sizeof err) == 0);
    CHECK_EQ_INT(c.n, 1);
    if (c.n == 1)
        CHECK_STR(c.v[0].o.layer, "a");
    cfg_cases_free(&c);
}

/* Regression: validation trimmed all white space but expansion only spaces and
 * tabs, and expansion ignored what it could not parse: "-k 16\r" (a script
 * with Windows line endings) and "4\f,8" in an INI passed the check and then
 * ran with the defaults. One tokenizer now serves both. */
static void test_regress_crlf_values_ran_as_defaults(void)
{
    opt_spec cli;
    spec_init(&cli);
    char err[1024] = "";
    const char *set[][2] = {{"out-channels", "16\r"}, {"in-channels", "4"}, {"size", "8"},
                            {"kernel", "3"}, {"fill", "float\r"}, {"verify", "none\r"}};
    for (size_t i = 0; i < sizeof set / sizeof set[0]; i++)
        CHECK(spec_set(&cli, opts_find(set[i][0]), set[i][1], NULL, 0, err, sizeof err) == 0);
    cfg_cases c = {0};
    CHECK(cfg_expand(&cli, NULL, NULL, 0, 100, &c, err, sizeof err) == 0);
    CHECK_EQ_INT(c.n, 1);
    if (c.n == 1) {
        CHECK_EQ_INT(c.v[0].o.sh.k, 16);
        CHECK_EQ_INT(c.v[0].o.fill, 1);   /* float, not the default exact */
        CHECK_EQ_INT(c.v[0].o.verify, 2); /* none, not the default full */
    }
    cfg_cases_free(&c);
    spec_free(&cli);
    CHECK(load_expand("[a]\nin_channels = 4\f,8\nout_channels = 2\nsize = 4\nkernel = 3\n", &c,
                      err, sizeof err) == 0);
    CHECK_EQ_INT(c.n, 2);
    if (c.n == 2) {
        CHECK_EQ_INT(c.v[0].o.sh.c, 4);
        CHECK_EQ_INT(c.v[1].o.sh.c, 8);
    }
    cfg_cases_free(&c);
}

/* Regression: a list item was copied into 256 characters before its check, so
 * a 300-digit pad ending in "abc" was checked as 255 zeros and passed. */
static void test_regress_long_item_checked_after_truncation(void)
{
    char value[320], err[1024] = "";
    memset(value, '0', 297);
    strcpy(value + 297, "abc");
    opt_spec s;
    spec_init(&s);
    CHECK(spec_set(&s, opts_find("pad"), value, NULL, 0, err, sizeof err) == -1);
    CHECK(strstr(err, "abc' is not an integer") != NULL);
    value[297] = '7'; /* 298 characters of a valid pad, 7 */
    value[298] = '\0';
    CHECK(spec_set(&s, opts_find("pad"), value, NULL, 0, err, sizeof err) == 0);
    cfg_cases c = {0};
    CHECK(spec_set(&s, opts_find("in-channels"), "4", NULL, 0, err, sizeof err) == 0);
    CHECK(cfg_expand(&s, NULL, NULL, 0, 100, &c, err, sizeof err) == 0);
    if (c.n == 1)
        CHECK_EQ_INT(c.v[0].o.sh.pad_h, 7);
    cfg_cases_free(&c);
    spec_free(&s);
}

/* Regression: a key set twice in one section silently took the last value. */
static void test_regress_duplicate_key_silent(void)
{
    write_ini("[a]\nin_channels = 4\nout_channels = 4\nsize = 8\nkernel = 3\nin_channels = 8\n");
    cfg_file f;
    char err[1024] = "";
    CHECK(cfg_load(path, &f, err, sizeof err) == 0);
    CHECK(f.warnings.n == 1 && strstr(f.warnings.v[0], ":6: 'in_channels' in [a] was set at line 2 already"));
    cfg_free(&f);
    unlink(path);
}

static void totals(const char *name, int *layers, int64_t *convs, int64_t batch)
{
    char p[512], err[1024];
    snprintf(p, sizeof p, "%s/configs/%s", CONVBENCH_SOURCE_DIR, name);
    cfg_file f;
    *layers = 0;
    *convs = 0;
    if (cfg_load(p, &f, err, sizeof err)) {
        check_failures++;
        fprintf(stderr, "%s\n", err);
        return;
    }
    cfg_cases c = {0};
    for (int i = 0; i < f.n; i++)
        CHECK(cfg_expand(&f.layers[i].spec, f.layers[i].name, p, f.layers[i].line, 10000, &c, err,
                         sizeof err) == 0);
    for (int i = 0; i < c.n; i++)
        if (c.v[i].o.sh.n == batch) {
            (*layers)++;
            *convs += c.v[i].o.count;
        }
    cfg_free(&f);
    cfg_cases_free(&c);
}

static void test_shipped_configs(void)
{
    int layers;
    int64_t convs;
    totals("resnet.ini", &layers, &convs, 1);
    CHECK_EQ_INT(layers, 23);
    CHECK_EQ_INT(convs, 53);
    totals("vgg16.ini", &layers, &convs, 1);
    CHECK_EQ_INT(layers, 9);
    CHECK_EQ_INT(convs, 13);
    totals("mobilenet_v2.ini", &layers, &convs, 1);
    CHECK_EQ_INT(convs, 52);
    totals("smoke.ini", &layers, &convs, 2);
    CHECK_EQ_INT(layers, 7);
    totals("grid.ini", &layers, &convs, 4);
    CHECK_EQ_INT(layers, 27);
}

int main(void)
{
    RUN(test_good_file);
    RUN(test_cli_override);
    RUN(test_empty_section_is_a_layer);
    RUN(test_bad_files);
    RUN(test_conflict_message_names_both);
    RUN(test_unreadable);
    RUN(test_grid_limit);
    RUN(test_long_line_refused);
    RUN(test_shipped_configs);
    RUN(test_fuzz_crash_section_header_after_vertical_tab);
    RUN(test_regress_crlf_values_ran_as_defaults);
    RUN(test_regress_long_item_checked_after_truncation);
    RUN(test_regress_duplicate_key_silent);
    return check_summary();
}
