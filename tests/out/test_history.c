/* Tests host/out/history.c: series per device, case and algorithm, one point
 * per run, filters, and the run where a level changed marked. */
#include "check.h"
#include "history.h"

#include <stdio.h>

/* A table as db_read gives it: run, then the columns history reads. */
static int make_table(csv_table *t, char *dir)
{
    char path[256];
    snprintf(path, sizeof path, "%s/h.csv", dir);
    FILE *f = fopen(path, "w");
    if (!f)
        return -1;
    fprintf(f, "run,timestamp,convbench_version,device,layer,n,c,h,w,k,r,s,stride_h,stride_w,"
               "pad_h,pad_w,dil_h,dil_w,groups,bias,algorithm,status,min_ms,median_ms\n");
    for (int run = 1; run <= 16; run++) {
        /* direct: 2.0 ms for runs 1-10, then 2.6 ms (a regression at run 11) */
        double d = (run <= 10 ? 2.0 : 2.6) + 0.01 * (run % 3);
        fprintf(f, "%d,t%d,rev%d,devA,conv,1,8,10,10,8,3,3,1,1,1,1,1,1,1,0,direct,PASS,%g,%g\n",
                run, run, run, d, d + 0.1);
        /* the same case twice in run 5: the fastest counts */
        if (run == 5)
            fprintf(f, "5,t5,rev5,devA,conv,1,8,10,10,8,3,3,1,1,1,1,1,1,1,0,direct,PASS,9,9\n");
        fprintf(f, "%d,t%d,rev%d,devA,conv,1,8,10,10,8,3,3,1,1,1,1,1,1,1,0,im2col,PASS,%g,%g\n",
                run, run, run, 5.0 + 0.02 * (run % 4), 5.1);
        fprintf(f, "%d,t%d,rev%d,devA,other,1,8,10,10,8,3,3,1,1,1,1,1,1,1,0,direct,FAIL,1,1\n",
                run, run, run);
    }
    fclose(f);
    char err[256];
    return csvr_read(path, t, err, sizeof err);
}

static char *printed(const csv_table *t, const hist_filter *f, int *n)
{
    char *buf = NULL, err[256];
    size_t len = 0;
    FILE *out = open_memstream(&buf, &len);
    *n = hist_print(out, t, f, err, sizeof err);
    fclose(out);
    return buf;
}

static void step_marked_at_its_run(void)
{
    char dir[64];
    csv_table t;
    CHECK(check_tmpdir(dir, sizeof dir, "history") == 0);
    CHECK(make_table(&t, dir) == 0);
    hist_filter f = {"", "direct", 0};
    int n;
    char *out = printed(&t, &f, &n);
    CHECK_EQ_INT(n, 1); /* the FAIL rows of layer other are no series */
    CHECK(strstr(out, "devA | conv | n1 c8 10x10 k8 3x3 p1 | direct  (16 runs)") != NULL);
    const char *mark = strstr(out, "<- change");
    CHECK(mark != NULL);
    /* on run 11's line, and only there */
    const char *line = mark;
    while (line > out && line[-1] != '\n')
        line--;
    CHECK(strncmp(line, "     11  t11", 12) == 0);
    CHECK(mark && strstr(mark + 1, "<- change") == NULL);
    CHECK(mark && strstr(mark, "level 2.11 -> 2.71 ms (+28.4%)") != NULL);
    CHECK(strstr(out, "9.0000") == NULL); /* run 5's slower duplicate left out */
    free(out);
    csvr_free(&t);
    check_rmdir(dir);
}

static void steady_series_unmarked_and_filters_apply(void)
{
    char dir[64];
    csv_table t;
    CHECK(check_tmpdir(dir, sizeof dir, "history") == 0);
    CHECK(make_table(&t, dir) == 0);
    hist_filter f = {"^conv$", "im2col", 1};
    int n;
    char *out = printed(&t, &f, &n);
    CHECK_EQ_INT(n, 1);
    CHECK(strstr(out, "im2col  (16 runs)") != NULL);
    CHECK(strstr(out, "min_ms") != NULL);
    CHECK(strstr(out, "<- change") == NULL);
    free(out);
    hist_filter none = {"^nothing$", "all", 0};
    out = printed(&t, &none, &n);
    CHECK_EQ_INT(n, 0);
    free(out);
    csvr_free(&t);
    check_rmdir(dir);
}

int main(void)
{
    RUN(step_marked_at_its_run);
    RUN(steady_series_unmarked_and_filters_apply);
    return check_summary();
}
