/* test_csvread.c - host/out/csvread.c: RFC 4180 quoting (commas, quotes and
 * newlines inside fields), blank lines skipped, malformed rows left out with
 * their line named, and errors that name the file. */
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
                                        "2,\"two\nlines\",z\r\n3,,\n");
    CHECK(csvr_read(p, &t, err, sizeof err) == 0);
    CHECK_EQ_INT(t.ncols, 3);
    CHECK_EQ_INT(t.nrows, 3);
    CHECK_EQ_INT(t.skipped.n, 0);
    CHECK_STR(csvr_get(&t, 0, 1), "x,y");
    CHECK_STR(csvr_get(&t, 0, 2), "say \"hi\"");
    CHECK_STR(csvr_get(&t, 1, 1), "two\nlines");
    CHECK_STR(csvr_get(&t, 2, 0), "3");
    CHECK_STR(csvr_get(&t, 2, 2), "");
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
    CHECK(csvr_read(write_file("empty.csv", ""), &t, err, sizeof err) == -1);
    CHECK(strstr(err, "empty file") != NULL);
    csvr_free(&t);
    CHECK(csvr_read("/nonexistent/x.csv", &t, err, sizeof err) == -1);
    CHECK(strstr(err, "/nonexistent/x.csv: cannot read") != NULL);
    csvr_free(&t);
}

/* Regression: a row cut short by a full disk, with the next append glued to
 * it, made the whole file unreadable ("3 fields, but the header has 2"), and a
 * short row was padded into a row of empty fields. Each malformed row is left
 * out and named; the rest is read. */
static void test_regress_malformed_row_rejected_file(void)
{
    char err[256] = "";
    csv_table t;
    CHECK(csvr_read(write_file("cut.csv", "a,b\n1,2\n1,2,3\n4\n5,6\n\"never closed\n"), &t,
                    err, sizeof err) == 0);
    CHECK_EQ_INT(t.nrows, 2);
    CHECK_STR(csvr_get(&t, 1, 1), "6");
    CHECK_EQ_INT(t.skipped.n, 3);
    if (t.skipped.n == 3) {
        CHECK(strstr(t.skipped.v[0], "cut.csv:3: 3 fields, but the header has 2 columns") != NULL);
        CHECK(strstr(t.skipped.v[1], "cut.csv:4: 1 fields") != NULL);
        CHECK(strstr(t.skipped.v[2], "cut.csv:6: a quoted field is not closed") != NULL);
    }
    csvr_free(&t);
}

/* Regression: a CSV saved by a spreadsheet with a UTF-8 byte order mark had
 * "no column 'schema'". */
static void test_regress_bom_hid_first_column(void)
{
    char err[256] = "";
    csv_table t;
    CHECK(csvr_read(write_file("bom.csv", "\xef\xbb\xbfschema,b\n5,x\n"), &t, err, sizeof err) ==
          0);
    CHECK_EQ_INT(csvr_col(&t, "schema"), 0);
    csvr_free(&t);
}

int main(void)
{
    if (check_tmpdir(dir, sizeof dir, "csvread"))
        return 1;
    RUN(test_quoting);
    RUN(test_errors);
    RUN(test_regress_malformed_row_rejected_file);
    RUN(test_regress_bom_hid_first_column);
    check_rmdir(dir);
    return check_summary();
}
