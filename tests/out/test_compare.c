/* test_compare.c - host/out/compare.c: the verdicts follow the threshold and the
 * t-test, normalisation divides by the reference measured on the same case,
 * and a duplicated row counts once (its newest measurement). tests/
 * test_compare.sh covers the command and its formats end to end. */
#include "check.h"
#include "compare.h"

static char dir[64];

#define HEAD "schema,layer,n,c,h,w,k,r,s,stride_h,stride_w,pad_h,pad_w,dil_h,dil_w,groups,bias," \
             "algorithm,status,reps,median_ms,mean_ms,stddev_ms,min_ms\n"
#define CASE "4,L,1,8,8,8,8,3,3,1,1,1,1,1,1,1,0,"

static void load(csv_table *t, const char *name, const char *rows)
{
    char path[128], err[256];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    fprintf(f, HEAD "%s", rows);
    fclose(f);
    CHECK(csvr_read(path, t, err, sizeof err) == 0);
}

static void test_verdicts_and_normalisation(void)
{
    csv_table b, n;
    load(&b, "b.csv", CASE "a,PASS,10,1.0,1.0,0.01,0.9\n" CASE "ref,PASS,10,2.0,2.0,0.02,1.8\n");
    /* a 1.5x slower, ref too: the machine, not the kernel. Their fastest runs
     * say 2x for a. */
    load(&n, "n.csv", CASE "a,PASS,10,9.0,9.0,0.1,8\n" CASE "a,PASS,10,1.5,1.5,0.015,1.8\n"
                      CASE "ref,PASS,10,3.0,3.0,0.03,2.7\n");
    cmp_settings s = {0.05, 0.05, NULL, 0, 0, 0};
    cmp_result r;
    char err[256];
    CHECK(cmp_run(&b, &n, &s, &r, err, sizeof err) == 0);
    CHECK_EQ_INT(r.n, 2);
    CHECK_NEAR(r.rows[0].ratio, 1.5, 1e-12); /* the newest of the duplicated rows */
    CHECK_EQ_INT(r.rows[0].verdict, CMP_REGRESSION);
    CHECK(r.rows[0].p < 1e-6);
    CHECK(cmp_regressed(&r, &s));
    /* Judged by geometric means: a (1.5) and ref (1.5) pass a 60% threshold. */
    cmp_settings g = {0.6, 0.05, NULL, 1, 0, 0};
    CHECK(!cmp_regressed(&r, &g));
    g.threshold = 0.4;
    CHECK(cmp_regressed(&r, &g));
    cmp_free(&r);
    s.normalize_by = "ref";
    CHECK(cmp_run(&b, &n, &s, &r, err, sizeof err) == 0);
    CHECK_EQ_INT(r.n, 1); /* the normaliser's own row is left out */
    CHECK_NEAR(r.rows[0].ratio, 1.0, 1e-12);
    CHECK_NEAR(r.rows[0].base_ms, 0.5, 1e-12);
    CHECK_EQ_INT(r.rows[0].verdict, CMP_SAME);
    cmp_free(&r);
    s.normalize_by = NULL;
    s.use_min = 1;
    CHECK(cmp_run(&b, &n, &s, &r, err, sizeof err) == 0);
    CHECK_NEAR(r.rows[0].ratio, 2.0, 1e-12);
    CHECK_NEAR(r.rows[0].base_ms, 0.9, 1e-12);
    cmp_free(&r);
    csvr_free(&b);
    csvr_free(&n);
}

static void test_unmeasured_and_missing_column(void)
{
    csv_table b, n, bad;
    load(&b, "b2.csv", CASE "a,PASS,10,1.0,1.0,0.01,0.9\n" CASE "c,PASS,10,1.0,1.0,0.01,0.9\n");
    load(&n, "n2.csv", CASE "a,FAIL,10,1.0,1.0,0.01,0.9\n" CASE "c,PASS,10,1.0,1.0,0.01,0.9\n");
    cmp_settings s = {0.05, 0.05, NULL, 0, 0, 0};
    cmp_result r;
    char err[256] = "";
    CHECK(cmp_run(&b, &n, &s, &r, err, sizeof err) == 0);
    CHECK_EQ_INT(r.rows[0].verdict, CMP_UNMEASURED);
    cmp_free(&r);
    char path[128];
    snprintf(path, sizeof path, "%s/bad.csv", dir);
    FILE *f = fopen(path, "w");
    fputs("schema,layer\n4,L\n", f);
    fclose(f);
    CHECK(csvr_read(path, &bad, err, sizeof err) == 0);
    CHECK(cmp_run(&b, &bad, &s, &r, err, sizeof err) == -1);
    CHECK(strstr(err, "bad.csv: no column 'n'") != NULL);
    csvr_free(&b);
    csvr_free(&n);
    csvr_free(&bad);
}

/* Regression: a NEW that measured nothing (header only; or times of 0,
 * negative or NaN) printed "0 regressions" and exited 0, so a CI gate passed
 * on a run that measured nothing. Such times are refused per row, with a
 * warning naming the line, and nothing compared is an error. */
static void test_regress_gate_passed_on_nothing(void)
{
    csv_table b, n;
    cmp_settings s = {0.05, 0.05, NULL, 0, 0, 0};
    cmp_result r;
    char err[512] = "";
    load(&b, "b3.csv", CASE "a,PASS,10,1.0,1.0,0.01,0.9\n" CASE "c,PASS,10,1.0,1.0,0.01,0.9\n");
    load(&n, "n3.csv", "");
    CHECK(cmp_run(&b, &n, &s, &r, err, sizeof err) == -1);
    CHECK(strstr(err, "nothing to compare: no measured row of") != NULL);
    cmp_free(&r);
    csvr_free(&n);
    load(&n, "n4.csv", CASE "a,PASS,10,0,0,0,0\n" CASE "c,PASS,10,-1,nan,0,inf\n");
    CHECK(cmp_run(&b, &n, &s, &r, err, sizeof err) == -1);
    CHECK_EQ_INT(r.warnings.n, 2);
    if (r.warnings.n == 2) {
        CHECK(strstr(r.warnings.v[0], "n4.csv:2: L a: '0' is not a positive finite time") != NULL);
        CHECK(strstr(r.warnings.v[1], "n4.csv:3: L c: '-1' is not a positive finite time") != NULL);
    }
    cmp_free(&r);
    csvr_free(&n);
    /* One good row is enough to judge; the bad one is still refused. */
    load(&n, "n5.csv", CASE "a,PASS,10,1.0,1.0,0.01,0.9\n" CASE "c,PASS,10,nan,1,0,0.9\n");
    s.use_min = 1; /* the fastest run: min_ms is fine, so only median's NaN would not matter */
    CHECK(cmp_run(&b, &n, &s, &r, err, sizeof err) == 0);
    CHECK_EQ_INT(r.counts[CMP_SAME], 2);
    cmp_free(&r);
    s.use_min = 0;
    CHECK(cmp_run(&b, &n, &s, &r, err, sizeof err) == 0);
    CHECK_EQ_INT(r.counts[CMP_SAME], 1);
    CHECK_EQ_INT(r.counts[CMP_UNMEASURED], 1);
    cmp_free(&r);
    csvr_free(&n);
    csvr_free(&b);
}

/* Two devices that share a name (Intel's runtime and PoCL both on "AMD
 * EPYC") in one CSV: each device's rows match only its own, and
 * --across-devices refuses a file that holds both. */
static void test_rows_never_match_across_devices(void)
{
    const char *head = "schema,platform,device,driver,layer,n,c,h,w,k,r,s,stride_h,stride_w,"
                       "pad_h,pad_w,dil_h,dil_w,groups,bias,algorithm,status,reps,median_ms,"
                       "mean_ms,stddev_ms,min_ms\n";
    const char *shape = "L,1,8,8,8,8,3,3,1,1,1,1,1,1,1,0,";
    char path[2][128], err[512] = "";
    const double ms[2][2] = {{1.0, 4.0}, {1.0, 8.0}}; /* [file][device]: Intel's got 2x slower */
    csv_table t[2];
    for (int i = 0; i < 2; i++) {
        snprintf(path[i], sizeof path[i], "%s/two%d.csv", dir, i);
        FILE *f = fopen(path[i], "w");
        fprintf(f, "%s5,PoCL,AMD EPYC,3.1,%sa,PASS,10,%g,%g,0.001,%g\n"
                   "5,Intel(R) OpenCL,AMD EPYC,2026.2,%sa,PASS,10,%g,%g,0.001,%g\n",
                head, shape, ms[i][0], ms[i][0], ms[i][0], shape, ms[i][1], ms[i][1], ms[i][1]);
        fclose(f);
        CHECK(csvr_read(path[i], &t[i], err, sizeof err) == 0);
    }
    cmp_settings s = {0.05, 0.05, NULL, 0, 0, 0};
    cmp_result r;
    CHECK(cmp_run(&t[0], &t[1], &s, &r, err, sizeof err) == 0);
    CHECK_EQ_INT(r.n, 2);
    CHECK_STR(r.rows[0].dev, "PoCL/AMD EPYC (driver 3.1)");
    CHECK_NEAR(r.rows[0].ratio, 1.0, 1e-12);
    CHECK_STR(r.rows[1].dev, "Intel(R) OpenCL/AMD EPYC (driver 2026.2)");
    CHECK_NEAR(r.rows[1].ratio, 2.0, 1e-12);
    CHECK_EQ_INT(r.counts[CMP_REGRESSION], 1);
    cmp_free(&r);
    s.across_devices = 1;
    CHECK(cmp_run(&t[0], &t[1], &s, &r, err, sizeof err) == -1);
    CHECK(strstr(err, "holds rows of two devices") != NULL);
    csvr_free(&t[0]);
    csvr_free(&t[1]);
}

/* --statistic min over a case run by several processes (appended to one
 * file): the fastest process counts, not the newest, for the case and for
 * its normaliser alike; with medians the newest still counts. */
static void test_min_takes_fastest_process(void)
{
    csv_table b, n;
    load(&b, "bp.csv", CASE "a,PASS,10,1.0,1.0,0.01,1.0\n" CASE "ref,PASS,10,2.0,2.0,0.02,2.0\n");
    load(&n, "np.csv", CASE "a,PASS,10,3.0,3.0,0.03,3.0\n" CASE "ref,PASS,10,2.0,2.0,0.02,2.0\n"
                       CASE "a,PASS,10,1.1,1.1,0.01,1.1\n" CASE "ref,PASS,10,4.0,4.0,0.04,4.0\n"
                       CASE "a,PASS,10,2.0,2.0,0.02,2.0\n" CASE "ref,PASS,10,2.5,2.5,0.02,2.5\n");
    cmp_settings s = {0.05, 0.05, NULL, 1, 1, 0};
    cmp_result r;
    char err[256];
    CHECK(cmp_run(&b, &n, &s, &r, err, sizeof err) == 0);
    CHECK_NEAR(r.rows[0].ratio, 1.1, 1e-12);
    cmp_free(&r);
    s.normalize_by = "ref";
    CHECK(cmp_run(&b, &n, &s, &r, err, sizeof err) == 0);
    CHECK_NEAR(r.rows[0].ratio, 1.1, 1e-12); /* 1.1/2.0 against 1.0/2.0 */
    cmp_free(&r);
    s.normalize_by = NULL;
    s.use_min = 0;
    CHECK(cmp_run(&b, &n, &s, &r, err, sizeof err) == 0);
    CHECK_NEAR(r.rows[0].ratio, 2.0, 1e-12); /* medians: the newest */
    cmp_free(&r);
    csvr_free(&b);
    csvr_free(&n);
}

int main(void)
{
    if (check_tmpdir(dir, sizeof dir, "compare"))
        return 1;
    RUN(test_verdicts_and_normalisation);
    RUN(test_unmeasured_and_missing_column);
    RUN(test_regress_gate_passed_on_nothing);
    RUN(test_rows_never_match_across_devices);
    RUN(test_min_takes_fastest_process);
    check_rmdir(dir);
    return check_summary();
}
