/* Tests host/import/: the text readers' meanings and defaults (benchdnn's and
 * MIOpenDriver's, not convbench's), merging repeats, format detection, names.
 * The golden files and the ONNX models are in tests/cmd/test_import*.sh. */
#include "check.h"
#include "import.h"

#include <unistd.h>

static imp_set set;
static char err[1024];

static int bd(const char *text)
{
    imp_free(&set);
    imp_init(&set);
    return imp_read_benchdnn(&set, "t.txt", text, err, sizeof err);
}

static int mi(const char *text, int count_duplicates)
{
    imp_free(&set);
    imp_init(&set);
    set.count_duplicates = count_duplicates;
    return imp_read_miopen(&set, "t.log", text, err, sizeof err);
}

static void test_benchdnn_defaults_are_benchdnns(void)
{
    CHECK_EQ_INT(bd("ic16ih9oc8kh3\n"), 0);
    CHECK_EQ_INT(set.n, 1);
    const prob_shape *sh = &set.v[0].sh;
    CHECK_EQ_INT(sh->n, 2);                          /* mb defaults to 2 */
    CHECK_EQ_INT(sh->w, 9);                          /* width copies height */
    CHECK_EQ_INT(sh->s, 3);
    CHECK_EQ_INT(sh->pad_h, 0);                      /* no oh: padding 0 */
    CHECK_EQ_INT(sh->dil_h, 1);
    CHECK_EQ_INT(sh->bias, 1);                       /* FWD_B has a bias */
    CHECK_EQ_INT(set.v[0].dirs, 1u << PROB_FWD);
}

static void test_benchdnn_dilation_is_zero_based(void)
{
    CHECK_EQ_INT(bd("mb1ic4ih9oc4kh3dh0ph1\nmb1ic4ih9oc4kh3dh1ph2\n"), 0);
    CHECK_EQ_INT(set.n, 2);
    CHECK_EQ_INT(set.v[0].sh.dil_h, 1);
    CHECK_EQ_INT(set.v[1].sh.dil_h, 2);
    CHECK_EQ_INT(set.v[1].sh.dil_w, 2);
}

static void test_benchdnn_padding_deduced_from_output(void)
{
    /* (oh - 1) * sh - ih + kh, halved: 1 for 56 -> 56; for 56 -> 28 at stride
     * 2 it is 0 and the output needs a pad at the end only: asymmetric. */
    CHECK_EQ_INT(bd("mb1ic4ih56oc4oh56kh3\nmb1ic4ih56oc4oh28kh3sh2\nmb1ic4ih56oc4oh28kh3sh2ph1\n"), 0);
    CHECK_EQ_INT(set.n, 2);
    CHECK_EQ_INT(set.v[0].sh.pad_h, 1);
    CHECK_EQ_INT(set.skipped.n, 1);
    CHECK_EQ_INT(set.v[1].sh.pad_h, 1);
    CHECK_EQ_INT(set.v[1].sh.stride_h, 2);
}

static void test_benchdnn_asymmetric_is_skipped(void)
{
    /* TensorFlow's SAME at stride 2: pads 0 before, 1 after. */
    CHECK_EQ_INT(bd("mb1ic4ih224oc4oh112kh3sh2n\"tf_same\"\n"), 0);
    CHECK_EQ_INT(set.n, 0);
    CHECK_EQ_INT(set.skipped.n, 1);
    CHECK(strstr(set.skipped.v[0], "t.txt:1: tf_same: asymmetric padding") != NULL);
}

static void test_benchdnn_star_sets_count_and_merges(void)
{
    CHECK_EQ_INT(bd("mb1ic4ih8oc4kh3ph1n\"a*3\"\nmb1ic4ih8oc4kh3ph1n\"b\"\n"
                    "mb1ic4ih8oc4kh3ph1n\"*2\"\n"), 0);
    CHECK_EQ_INT(set.n, 1);
    CHECK_STR(set.v[0].name, "a");
    CHECK_EQ_INT(set.v[0].count, 6);
    CHECK(strstr(set.v[0].also, "b") != NULL);
    CHECK_EQ_INT(set.read, 6);
}

/* Found by fuzz_import: a name ending in "*4888...8" saturated the count at
 * INT64_MAX and the next repeat overflowed it. */
static void test_regress_huge_repeat_count_overflowed(void)
{
    CHECK_EQ_INT(bd("mb1ic4ih8oc4kh3n\"a*4\"\nmb1ic4ih8oc4kh3n\"a*48888888888888888888888\"\n"), -1);
    CHECK(strstr(err, "t.txt:2: n\"a*48888888888888888888888\": the repeat count") == err);
    CHECK_EQ_INT(bd("mb1ic4ih8oc4kh3n\"a*0\"\n"), -1);
    CHECK_EQ_INT(bd("mb1ic4ih8oc4kh3n\"a*2147483647\"\n"), 0);
    CHECK_EQ_INT(set.v[0].count, 2147483647);
}

static void test_benchdnn_options_carry_until_reset(void)
{
    CHECK_EQ_INT(bd("--mb=5 --dir=FWD_D,BWD_D --dt=f16\nmb1ic4ih8oc4kh1\n--reset\n"
                    "mb1ic4ih8oc4kh1\n"), 0);
    CHECK_EQ_INT(set.n, 2);
    CHECK_EQ_INT(set.v[0].sh.n, 5);
    CHECK_EQ_INT(set.v[0].sh.bias, 0);
    CHECK_EQ_INT(set.v[0].sh.dtype, PROB_FP16);
    CHECK_EQ_INT(set.v[0].dirs, (1u << PROB_FWD) | (1u << PROB_BWD_DATA));
    CHECK_EQ_INT(set.v[1].sh.n, 1);
    CHECK_EQ_INT(set.v[1].sh.bias, 1);
    CHECK_EQ_INT(set.v[1].sh.dtype, PROB_FP32);
}

static void test_benchdnn_errors_name_the_line(void)
{
    CHECK_EQ_INT(bd("# ok\n\nmb1ic4ih8oc4kh3q9\n"), -1);
    CHECK(strstr(err, "t.txt:3: ") == err);
    CHECK_EQ_INT(bd("mb1ic4ih8oc0kh3\n"), -1);
    CHECK(strstr(err, "ic and oc are required") != NULL);
    CHECK_EQ_INT(bd("g3mb1ic4ih8oc4kh3\n"), -1); /* groups must divide the channels */
    CHECK(strstr(err, "t.txt:1: ") == err);
    CHECK_EQ_INT(bd("--mb=-1\n"), -1);
    CHECK_EQ_INT(bd("--dt=u8:s8:u8\nmb1ic4ih8oc4kh3\n--dt=bf16\nmb1ic4ih8oc4kh3\n"), 0);
    CHECK_EQ_INT(set.n, 0);                    /* int8 and bf16: skipped, not fp32 */
    CHECK_EQ_INT(set.skipped.n, 2);
}

static void test_miopen_defaults_are_miopens(void)
{
    CHECK_EQ_INT(mi("MIOpenDriver conv -t 1 -i 5 -V 0\n", 0), 0);
    CHECK_EQ_INT(set.n, 1);
    const prob_shape *sh = &set.v[0].sh;
    CHECK_EQ_INT(sh->n, 100);
    CHECK_EQ_INT(sh->c, 3);
    CHECK_EQ_INT(sh->h, 32);
    CHECK_EQ_INT(sh->w, 32);
    CHECK_EQ_INT(sh->k, 32);
    CHECK_EQ_INT(sh->r, 3);
    CHECK_EQ_INT(sh->pad_h, 0);
    CHECK_EQ_INT(set.v[0].dirs, 7u);                 /* -F 0: all three */
}

static void test_miopen_long_flags_and_prefix(void)
{
    CHECK_EQ_INT(mi("MIOpen(HIP): Command [LogCmdConvolution] ./bin/MIOpenDriver convfp16 "
                    "--batchsize 4 --in_channels 8 --in_h 7 --in_w 9 --out_channels 16 "
                    "--fil_h 1 --fil_w 1 --forw 2 --in_layout NHWC --out_layout NHWC\n", 0), 0);
    CHECK_EQ_INT(set.n, 1);
    CHECK_EQ_INT(set.v[0].sh.n, 4);
    CHECK_EQ_INT(set.v[0].sh.w, 9);
    CHECK_EQ_INT(set.v[0].sh.dtype, PROB_FP16);
    CHECK_EQ_INT(set.v[0].sh.layout, PROB_NHWC);
    CHECK_EQ_INT(set.v[0].dirs, 1u << PROB_BWD_DATA);
}

static void test_miopen_duplicates_collapse_unless_counted(void)
{
    const char *log = "MIOpenDriver conv -n 2 -F 1\nMIOpenDriver conv -n 2 -F 1\n"
                      "MIOpenDriver conv -n 2 -F 1\n";
    CHECK_EQ_INT(mi(log, 0), 0);
    CHECK_EQ_INT(set.n, 1);
    CHECK_EQ_INT(set.v[0].count, 1);
    CHECK_EQ_INT(set.collapsed, 2);
    CHECK_EQ_INT(mi(log, 1), 0);
    CHECK_EQ_INT(set.v[0].count, 3);
}

static void test_miopen_other_flags_mean_other_things(void)
{
    /* -t is "time", -i "iterations", -s "search": none touches the problem. */
    CHECK_EQ_INT(mi("MIOpenDriver conv -n 2 -c 4 -k 4 -t 1 -i 50 -s 1 -w 1 -P 0\n", 0), 0);
    CHECK_EQ_INT(set.v[0].sh.n, 2);
    CHECK_EQ_INT(set.v[0].sh.c, 4);
    CHECK_EQ_INT(mi("MIOpenDriver conv -n 2 -m trans\nMIOpenDriver conv -n 2 -r 1\n"
                    "MIOpenDriver conv -n 2 -_ 3\n", 0), 0);
    CHECK_EQ_INT(set.n, 0);
    CHECK_EQ_INT(set.skipped.n, 3);
}

static void test_detect_formats(void)
{
    static const struct { const char *text; imp_format want; } cases[] = {
        {"; a config\n[global]\nbatch = 1\n[l]\n", IMP_INI},
        {"[2026-11-27 10:00:01] MIOpen(HIP): Command ./bin/MIOpenDriver conv -n 1\n", IMP_MIOPEN},
        {"# shapes\nmb1ic3ih5oc3kh3\n", IMP_BENCHDNN},
        {"# keys before any section: still an INI, for cfg_load to refuse\nbatch = 1\n", IMP_INI},
        {"\x08\x07\x12\x07pytorch", IMP_ONNX},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char path[] = "/tmp/convbench_imp_XXXXXX";
        int fd = mkstemp(path);
        CHECK(fd >= 0 && write(fd, cases[i].text, strlen(cases[i].text)) > 0);
        close(fd);
        imp_format got = IMP_FORMAT_COUNT;
        CHECK_EQ_INT(imp_detect(path, &got, err, sizeof err), 0);
        CHECK_EQ_INT(got, cases[i].want);
        unlink(path);
    }
}

/* The INI that `import` writes names MIOpenDriver in a comment; --sweep on it
 * took it for an MIOpen log and found nothing to import. */
static void test_regress_imported_ini_detected_as_miopen_log(void)
{
    char path[] = "/tmp/convbench_imp_XXXXXX";
    const char *text = "; Imported by `convbench import` from:\n"
                       ";   app.log (MIOpenDriver commands)\n\n[c3_32x32_k32_3x3]\nbatch = 1\n";
    int fd = mkstemp(path);
    CHECK(fd >= 0 && write(fd, text, strlen(text)) > 0);
    close(fd);
    imp_format got = IMP_FORMAT_COUNT;
    CHECK_EQ_INT(imp_detect(path, &got, err, sizeof err), 0);
    CHECK_EQ_INT(got, IMP_INI);
    unlink(path);
}

static void test_names_cleaned_and_unique(void)
{
    char name[64];
    imp_clean_name(name, sizeof name, "/layer1/layer1.0/conv1/Conv");
    CHECK_STR(name, "layer1_layer1.0_conv1_Conv");
    imp_clean_name(name, sizeof name, "[]\"");
    CHECK_STR(name, "conv");
    CHECK_EQ_INT(bd("mb1ic4ih8oc4kh3n\"x\"\nmb2ic4ih8oc4kh3n\"x\"\n"), 0);
    FILE *f = tmpfile();
    CHECK_EQ_INT(imp_write_ini(f, &set, err, sizeof err), 0);
    fclose(f);
    CHECK_STR(set.v[0].name, "x");
    CHECK_STR(set.v[1].name, "x_2");
}

int main(void)
{
    imp_init(&set);
    RUN(test_benchdnn_defaults_are_benchdnns);
    RUN(test_benchdnn_dilation_is_zero_based);
    RUN(test_benchdnn_padding_deduced_from_output);
    RUN(test_benchdnn_asymmetric_is_skipped);
    RUN(test_benchdnn_star_sets_count_and_merges);
    RUN(test_regress_huge_repeat_count_overflowed);
    RUN(test_benchdnn_options_carry_until_reset);
    RUN(test_benchdnn_errors_name_the_line);
    RUN(test_miopen_defaults_are_miopens);
    RUN(test_miopen_long_flags_and_prefix);
    RUN(test_miopen_duplicates_collapse_unless_counted);
    RUN(test_miopen_other_flags_mean_other_things);
    RUN(test_detect_formats);
    RUN(test_regress_imported_ini_detected_as_miopen_log);
    RUN(test_names_cleaned_and_unique);
    imp_free(&set);
    return check_summary();
}
