/* test_csvread.c - host/csvread.c: RFC 4180 quoting (commas, quotes and
 * newlines inside fields), short rows padded, blank lines skipped, and errors
 * that name the file and line. */
#include "check.h"
#include "csvread.h"

static char dir[64];

static const char *write_file(const char *name, const char *text)
{
    static char path[128];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    fputs(text, f);
    fclose(f);
    return path;
}

static void test_quoting(void)
{
    char err[256];
    csv_table t;
    const char *p = write_file("q.csv", "a,b,c\n1,\"x,y\",\"say \"\"hi\"\"\"\n\n"
                                        "2,\"two\nlines\"\r\n3\n");
    CHECK(csvr_read(p, &t, err, sizeof err) == 0);
    CHECK_EQ_INT(t.ncols, 3);
    CHECK_EQ_INT(t.nrows, 3);
    CHECK_STR(csvr_get(&t, 0, 1), "x,y");
    CHECK_STR(csvr_get(&t, 0, 2), "say \"hi\"");
    CHECK_STR(csvr_get(&t, 1, 1), "two\nlines");
    CHECK_STR(csvr_get(&t, 2, 0), "3");
    CHECK_STR(csvr_get(&t, 2, 2), ""); /* padded */
    CHECK_EQ_INT(t.line[2], 6);
    CHECK_EQ_INT(csvr_col(&t, "c"), 2);
    CHECK_EQ_INT(csvr_col(&t, "nope"), -1);
    CHECK_STR(csvr_get(&t, 0, -1), "");
    csvr_free(&t);
}

static void test_errors(void)
{
    char err[256] = "";
    csv_table t;
    CHECK(csvr_read(write_file("long.csv", "a,b\n1,2\n1,2,3\n"), &t, err, sizeof err) == -1);
    CHECK(strstr(err, "long.csv:3: 3 fields, but the header has 2 columns") != NULL);
    csvr_free(&t);
    CHECK(csvr_read(write_file("open.csv", "a\n\"never closed\n"), &t, err, sizeof err) == -1);
    CHECK(strstr(err, "open.csv:2: unterminated quoted field") != NULL);
    csvr_free(&t);
    CHECK(csvr_read(write_file("empty.csv", ""), &t, err, sizeof err) == -1);
    CHECK(strstr(err, "empty file") != NULL);
    csvr_free(&t);
    CHECK(csvr_read("/nonexistent/x.csv", &t, err, sizeof err) == -1);
    CHECK(strstr(err, "/nonexistent/x.csv: cannot read") != NULL);
    csvr_free(&t);
}

int main(void)
{
    if (check_tmpdir(dir, sizeof dir, "csvread"))
        return 1;
    RUN(test_quoting);
    RUN(test_errors);
    check_rmdir(dir);
    return check_summary();
}
