/* test_compare.c - host/compare.c: the verdicts follow the threshold and the
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
    cmp_settings s = {0.05, 0.05, NULL, 0, 0};
    cmp_result r;
    char err[256];
    CHECK(cmp_run(&b, &n, &s, &r, err, sizeof err) == 0);
    CHECK_EQ_INT(r.n, 2);
    CHECK_NEAR(r.rows[0].ratio, 1.5, 1e-12); /* the newest of the duplicated rows */
    CHECK_EQ_INT(r.rows[0].verdict, CMP_REGRESSION);
    CHECK(r.rows[0].p < 1e-6);
    CHECK(cmp_regressed(&r, &s));
    /* Judged by geometric means: a (1.5) and ref (1.5) pass a 60% threshold. */
    cmp_settings g = {0.6, 0.05, NULL, 1, 0};
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
    load(&b, "b2.csv", CASE "a,PASS,10,1.0,1.0,0.01\n");
    load(&n, "n2.csv", CASE "a,FAIL,10,1.0,1.0,0.01\n");
    cmp_settings s = {0.05, 0.05, NULL, 0, 0};
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

int main(void)
{
    if (check_tmpdir(dir, sizeof dir, "compare"))
        return 1;
    RUN(test_verdicts_and_normalisation);
    RUN(test_unmeasured_and_missing_column);
    check_rmdir(dir);
    return check_summary();
}
