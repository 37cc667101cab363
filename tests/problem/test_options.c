/* Tests host/problem/options.c: the option table, specs, command-line parsing, help and
 * the reproducer. */
#include "check.h"
#include "options.h"

#include <stdlib.h>

/* Applies every value of a spec that holds no lists, as config.c would. */
static void apply(const opt_spec *s, opts *o)
{
    int n;
    const opt_def *t = opts_table(&n);
    opts_defaults(o);
    for (int i = 0; i < n; i++)
        if (s->val[i])
            CHECK(opts_set(o, &t[i], s->val[i], NULL, 0) == 0);
}

/* Parses a space-separated command line (run mode) into o. */
static int parse_where(opts *o, unsigned where, const char *line, char *err, size_t len)
{
    char buf[1024], *argv[64], *pos[4];
    int argc = 0, npos;
    snprintf(buf, sizeof buf, "%s", line);
    for (char *t = strtok(buf, " "); t && argc < 64; t = strtok(NULL, " "))
        argv[argc++] = t;
    opt_spec s;
    spec_init(&s);
    int rc = opts_parse_args(&s, where, argc, argv, pos, 0, &npos, err, len);
    if (rc == 0)
        apply(&s, o);
    spec_free(&s);
    return rc;
}

static int parse(opts *o, const char *line, char *err, size_t len)
{
    return parse_where(o, OPT_RUN, line, err, len);
}

static void test_defaults(void)
{
    opts o;
    opts_defaults(&o);
    CHECK_EQ_INT(o.sh.n, 1);
    CHECK_EQ_INT(o.sh.c, 64);
    CHECK_EQ_INT(o.sh.h, 56);
    CHECK_EQ_INT(o.sh.r, 3);
    CHECK_EQ_INT(o.sh.pad_h, 1);
    CHECK_EQ_INT(o.sh.groups, 1);
    CHECK_EQ_INT(o.sh.bias, 0);
    CHECK_EQ_INT(o.min_reps, 5);
    CHECK_NEAR(o.min_ms, 200, 0);
    CHECK_EQ_INT(o.verify, 0); /* full */
    CHECK_STR(o.algo, "all");
}

static void test_forms(void)
{
    opts o;
    char err[256];
    CHECK(parse(&o, "-n 8 -c3 --height 31 --width=17 -k 5 -y 7 -x 1 -u 2 -v 3 -l 2 -j 1 -g 1", err,
                sizeof err) == 0);
    CHECK_EQ_INT(o.sh.n, 8);
    CHECK_EQ_INT(o.sh.c, 3);
    CHECK_EQ_INT(o.sh.h, 31);
    CHECK_EQ_INT(o.sh.w, 17);
    CHECK_EQ_INT(o.sh.r, 7);
    CHECK_EQ_INT(o.sh.s, 1);
    CHECK_EQ_INT(o.sh.stride_h, 2);
    CHECK_EQ_INT(o.sh.stride_w, 3);
    CHECK_EQ_INT(o.sh.dil_h, 2);
    /* Shorthands set both axes; later options win. */
    CHECK(parse(&o, "--size 14 --kernel 5 --pad 2 --stride 2 --dilation 3 -W 9", err, sizeof err) == 0);
    CHECK_EQ_INT(o.sh.h, 14);
    CHECK_EQ_INT(o.sh.w, 9);
    CHECK_EQ_INT(o.sh.r, 5);
    CHECK_EQ_INT(o.sh.s, 5);
    CHECK_EQ_INT(o.sh.pad_w, 2);
    CHECK_EQ_INT(o.sh.stride_h, 2);
    CHECK_EQ_INT(o.sh.dil_w, 3);
    /* INI-style underscores are accepted for dashes. */
    CHECK(parse(&o, "--in_channels 12 --out_channels 24", err, sizeof err) == 0);
    CHECK_EQ_INT(o.sh.c, 12);
    CHECK_EQ_INT(o.sh.k, 24);
}

static void test_bools_and_choices(void)
{
    opts o;
    char err[256];
    CHECK(parse(&o, "--bias -n 2", err, sizeof err) == 0);
    CHECK_EQ_INT(o.sh.bias, 1);
    CHECK(parse(&o, "--bias=no --no-cache", err, sizeof err) == 0);
    CHECK_EQ_INT(o.sh.bias, 0);
    CHECK_EQ_INT(o.no_cache, 1);
    CHECK(parse(&o, "--verify sample --fill float", err, sizeof err) == 0);
    CHECK_EQ_INT(o.verify, 1);
    CHECK_EQ_INT(o.fill, 1);
    CHECK(parse(&o, "--verify=none --min-time 0.5", err, sizeof err) == 0);
    CHECK_EQ_INT(o.verify, 2);
    CHECK_NEAR(o.min_ms, 0.5, 0);
}

static void expect_error(const char *line, const char *needle)
{
    opts o;
    char err[256] = "";
    CHECK(parse(&o, line, err, sizeof err) == -1);
    if (!strstr(err, needle)) {
        check_failures++;
        fprintf(stderr, "'%s': message '%s' lacks '%s'\n", line, err, needle);
    }
}

static void test_errors(void)
{
    expect_error("-n abc", "--batch: 'abc' is not an integer");
    expect_error("-n 0", "--batch: 0 is out of range");
    expect_error("-c 12x", "'12x' is not an integer");
    expect_error("--bathc 3", "did you mean '--batch'");
    expect_error("--strid 2", "did you mean '--stride'");
    expect_error("-Z 3", "unknown option '-Z'");
    expect_error("-n", "needs a value");
    expect_error("--verify maybe", "expected one of full|sample|none");
    expect_error("--bias=2", "not a boolean");
    expect_error("--min-time -1", "out of range");
    expect_error("--min-time nan", "not a number");
    expect_error("stray", "unexpected argument 'stray'");
    expect_error("--pad -1", "--pad: -1 is out of range");
}

/* Regression: a boolean option took the next argument for its value, so
 * `sweep --dry-run FILE` said "'FILE' is not a boolean"; a list of booleans
 * ("--bias 0,1", a grid) is still its value. */
/* MIOpenDriver's -F codes become lists of directions; names pass through;
 * anything else is refused with the codes. */
static void test_miopen_direction_codes(void)
{
    const struct {
        const char *arg, *want;
    } cases[] = {
        {"1", "fwd"}, {"2", "bwd-data"}, {"4", "bwd-weights"}, {"3", "fwd,bwd-data"},
        {"6", "bwd-data,bwd-weights"}, {"0", "fwd,bwd-data,bwd-weights"},
        {"7", "fwd,bwd-data,bwd-weights"}, {"bwd-data", "bwd-data"},
    };
    int count;
    const opt_def *t = opts_table(&count), *d = opts_find("direction");
    CHECK(d != NULL && d->short_name == 'F');
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char flag[] = "-F", arg[16], err[256], *argv[] = {flag, arg}, *pos[1];
        int npos;
        snprintf(arg, sizeof arg, "%s", cases[i].arg);
        opt_spec s;
        spec_init(&s);
        CHECK(opts_parse_args(&s, OPT_RUN, 2, argv, pos, 0, &npos, err, sizeof err) == 0);
        CHECK_STR(s.val[d - t] ? s.val[d - t] : "(unset)", cases[i].want);
        spec_free(&s);
    }
    expect_error("-F 8", "'8' is not a direction code; expected 1 (fwd), 2 (bwd-data)");
    expect_error("-F 16", "'16' is not a direction code");
    expect_error("--direction sideways", "expected one of fwd|bwd-data|bwd-weights");
}

static void test_regress_bool_took_positional(void)
{
    char a0[] = "--dry-run", a1[] = "net.ini", a2[] = "--bias", a3[] = "0,1";
    char *argv[] = {a0, a1, a2, a3}, *pos[2], err[256] = "";
    int npos;
    opt_spec s;
    spec_init(&s);
    CHECK(opts_parse_args(&s, OPT_SWEEP, 4, argv, pos, 2, &npos, err, sizeof err) == 0);
    CHECK_EQ_INT(npos, 1);
    if (npos == 1)
        CHECK_STR(pos[0], "net.ini");
    CHECK(s.val[opts_find("bias") - opts_table(&npos)] &&
          strcmp(s.val[opts_find("bias") - opts_table(&npos)], "0,1") == 0);
    spec_free(&s);
}

static void test_help(void)
{
    opts o;
    char err[64];
    CHECK(parse(&o, "-n 2 --help", err, sizeof err) == 1);
    CHECK(parse(&o, "-h", err, sizeof err) == 1);
    char buf[16384] = "";
    FILE *f = fmemopen(buf, sizeof buf, "w");
    opts_print_help(f, OPT_RUN);
    fclose(f);
    CHECK(strstr(buf, "-n, --batch N") != NULL);
    CHECK(strstr(buf, "(default full)") != NULL);
    CHECK(strstr(buf, "[full|sample|none]") != NULL);
    /* Every option of the table appears in the help. */
    int n;
    const opt_def *t = opts_table(&n);
    for (int i = 0; i < n; i++) {
        char flag[64];
        snprintf(flag, sizeof flag, "--%s ", t[i].name);
        CHECK((strstr(buf, flag) != NULL) == ((t[i].where & OPT_RUN) != 0));
    }
}

/* The reproducer command line parses back into the same problem and settings. */
static void test_repro_roundtrip(void)
{
    opts a, b;
    char err[256], line[1024];
    CHECK(parse(&a, "-n 3 -c 6 -H 9 -W 11 -k 4 -y 3 -x 1 --pad-w 0 -u 2 -g 2 --bias --fill float "
                    "--seed 42 --kernel-opts -DX=1",
                err, sizeof err) == 0);
    snprintf(a.device, sizeof a.device, "My GPU's name");
    opts_repro(&a, "direct", line, sizeof line);
    CHECK(strncmp(line, "convbench run ", 14) == 0);
    CHECK(strstr(line, "-d 'My GPU'\\''s name'") != NULL);
    CHECK(strstr(line, "--algo direct") != NULL);
    /* Re-tokenise, honouring the single quotes the reproducer used. */
    char *argv[64], toks[64][128];
    int argc = 0;
    const char *p = line + 14;
    while (*p && argc < 64) {
        while (*p == ' ')
            p++;
        size_t o = 0;
        while (*p && *p != ' ') {
            if (*p == '\'') {
                for (p++; *p && *p != '\''; p++)
                    toks[argc][o++] = *p;
                p++;
            } else if (*p == '\\') {
                toks[argc][o++] = p[1];
                p += 2;
            } else {
                toks[argc][o++] = *p++;
            }
        }
        toks[argc][o] = '\0';
        argv[argc] = toks[argc];
        argc++;
    }
    opt_spec s;
    spec_init(&s);
    char *pos[1];
    int npos;
    CHECK(opts_parse_args(&s, OPT_RUN, argc, argv, pos, 0, &npos, err, sizeof err) == 0);
    apply(&s, &b);
    spec_free(&s);
    CHECK(memcmp(&a.sh, &b.sh, sizeof a.sh) == 0);
    CHECK_EQ_INT(b.fill, 1);
    CHECK_EQ_INT(b.seed, 42);
    CHECK_STR(b.kernel_opts, "-DX=1");
    CHECK_STR(b.device, "My GPU's name");
    CHECK_STR(b.algo, "direct");
}

int main(void)
{
    RUN(test_defaults);
    RUN(test_forms);
    RUN(test_bools_and_choices);
    RUN(test_errors);
    RUN(test_help);
    RUN(test_regress_bool_took_positional);
    RUN(test_miopen_direction_codes);
    RUN(test_repro_roundtrip);
    return check_summary();
}
