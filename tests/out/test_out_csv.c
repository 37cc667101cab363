/* Tests host/out/out_csv.c: header, quoting, empty unmeasured fields, appending. */
#include "check.h"
#include "out_csv.h"

#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

/* Splits one CSV line by RFC 4180 rules; returns the field count, field i in f[i]. */
static int split_csv(const char *line, char f[][1100], int max)
{
    int n = 0;
    const char *p = line;
    while (n < max) {
        size_t o = 0;
        if (*p == '"') {
            for (p++; *p; p++) {
                if (*p == '"' && p[1] == '"')
                    f[n][o++] = *p++;
                else if (*p == '"')
                    break;
                else
                    f[n][o++] = *p;
            }
            p++;
        } else {
            while (*p && *p != ',' && *p != '\n')
                f[n][o++] = *p++;
        }
        f[n++][o] = '\0';
        if (*p != ',')
            break;
        p++;
    }
    return n;
}

/* A new empty file under /tmp; path must hold 32 bytes. */
static void temp_file(char *path)
{
    strcpy(path, "/tmp/convbench_test_csv_XXXXXX");
    close(mkstemp(path));
}

static result sample_row(void)
{
    result r;
    memset(&r, 0, sizeof r);
    snprintf(r.layer, sizeof r.layer, "res2a, \"b\"");
    snprintf(r.algo, sizeof r.algo, "direct");
    snprintf(r.note, sizeof r.note, "line1\nline2");
    r.sh.n = 7;
    r.status = RES_FAIL;
    r.t.median = 1.5;
    r.gflops = NAN;
    r.max_rel_err = INFINITY;
    return r;
}

static int column(const char *header, const char *name)
{
    char f[80][1100];
    int n = split_csv(header, f, 80);
    for (int i = 0; i < n; i++)
        if (strcmp(f[i], name) == 0)
            return i;
    return -1;
}

static void test_row_fields(void)
{
    char path[32];
    temp_file(path);
    csv_writer w;
    char err[256];
    CHECK(csv_open(&w, path, err, sizeof err) == 0);
    result r = sample_row();
    CHECK(csv_write(&w, &r) == 0);
    csv_close(&w);

    FILE *f = fopen(path, "r");
    char header[4096], row[4096];
    CHECK(fgets(header, sizeof header, f) != NULL);
    CHECK(fread(row, 1, sizeof row - 1, f) > 0);
    fclose(f);
    static char hf[80][1100], rf[80][1100];
    int nh = split_csv(header, hf, 80), nr = split_csv(row, rf, 80);
    CHECK_EQ_INT(nr, nh); /* the quoted newline stays inside its field */
    CHECK_STR(rf[column(header, "layer")], "res2a, \"b\"");
    CHECK_STR(rf[column(header, "note")], "line1\nline2");
    CHECK_STR(rf[column(header, "status")], "FAIL");
    CHECK_STR(rf[column(header, "n")], "7");
    CHECK_STR(rf[column(header, "median_ms")], "1.5");
    CHECK_STR(rf[column(header, "gflops")], "");  /* not measured */
    CHECK_STR(rf[column(header, "max_rel_err")], "inf");
    char schema[8];
    snprintf(schema, sizeof schema, "%d", CSV_SCHEMA_VERSION);
    CHECK_STR(rf[column(header, "schema")], schema);
    remove(path);
}

static void test_append_and_mismatch(void)
{
    char path[32];
    temp_file(path);
    csv_writer w;
    char err[256];
    result r = sample_row();
    CHECK(csv_open(&w, path, err, sizeof err) == 0);
    CHECK(csv_write(&w, &r) == 0);
    csv_close(&w);
    CHECK(csv_open(&w, path, err, sizeof err) == 0);
    CHECK(csv_write(&w, &r) == 0);
    csv_close(&w);
    /* One header, two rows (each with one embedded newline in the note). */
    FILE *f = fopen(path, "r");
    char line[4096];
    int lines = 0, headers = 0;
    while (fgets(line, sizeof line, f)) {
        lines++;
        headers += strncmp(line, "schema,", 7) == 0;
    }
    fclose(f);
    CHECK_EQ_INT(headers, 1);
    CHECK_EQ_INT(lines, 5);

    f = fopen(path, "w");
    fputs("a,b,c\n1,2,3\n", f);
    fclose(f);
    CHECK(csv_open(&w, path, err, sizeof err) == -1);
    CHECK(strstr(err, ":1: the existing header does not match") != NULL);
    remove(path);
}

static void test_unwritable(void)
{
    csv_writer w;
    char err[256];
    CHECK(csv_open(&w, "/dev/null/x.csv", err, sizeof err) == -1);
    CHECK(strstr(err, "/dev/null/x.csv") != NULL);
    csv_close(&w);
}

static void test_quoting(void)
{
    char buf[256] = "";
    FILE *f = fmemopen(buf, sizeof buf, "w");
    csv_write_field(f, "plain");
    fputc('|', f);
    csv_write_field(f, "a,b");
    fputc('|', f);
    csv_write_field(f, "say \"hi\"");
    fclose(f);
    CHECK_STR(buf, "plain|\"a,b\"|\"say \"\"hi\"\"\"");
}

/* Counts path's lines that start a header and all its lines. */
static void count_lines(const char *path, int *headers, int *lines)
{
    FILE *f = fopen(path, "r");
    char line[8192];
    *headers = *lines = 0;
    while (f && fgets(line, sizeof line, f)) {
        (*lines)++;
        *headers += strncmp(line, "schema,", 7) == 0;
    }
    if (f)
        fclose(f);
}

/* Regression: processes that create one new CSV at once each wrote a header
 * (each saw an empty file), and rows could land between. Real processes,
 * released together from a pipe, each open the file and append rows. */
static void test_regress_concurrent_creation_two_headers(void)
{
    enum { PROCS = 12, ROWS = 25 };
    for (int round = 0; round < 3; round++) {
        char path[32];
        temp_file(path);
        unlink(path); /* new: each process may be the one to create it */
        int gate[2];
        CHECK(pipe(gate) == 0);
        for (int p = 0; p < PROCS; p++)
            if (fork() == 0) {
                char c, err[256];
                close(gate[1]);
                if (read(gate[0], &c, 1) < 0) /* returns 0 once the parent closes it */
                    _exit(1);
                csv_writer w;
                int bad = csv_open(&w, path, err, sizeof err);
                result r = sample_row();
                for (int i = 0; i < ROWS && !bad; i++)
                    bad = csv_write(&w, &r);
                csv_close(&w);
                _exit(bad);
            }
        close(gate[0]);
        close(gate[1]);
        int ok = 0, st;
        while (wait(&st) > 0)
            ok += WIFEXITED(st) && WEXITSTATUS(st) == 0;
        CHECK_EQ_INT(ok, PROCS);
        int headers, lines;
        count_lines(path, &headers, &lines);
        CHECK_EQ_INT(headers, 1);
        /* Each sample row holds one newline in a quoted field: two lines. */
        CHECK_EQ_INT(lines, 1 + 2 * PROCS * ROWS);
        unlink(path);
    }
}

int main(void)
{
    RUN(test_row_fields);
    RUN(test_append_and_mismatch);
    RUN(test_unwritable);
    RUN(test_quoting);
    RUN(test_regress_concurrent_creation_two_headers);
    return check_summary();
}
