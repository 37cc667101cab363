/* out_db.c - the results database in SQLite, with the CSV's columns. */
#include "out_db.h"

#include <math.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "out_csv.h"

/* How long a writer waits for another to finish before giving up. */
#define DB_BUSY_MS 5000

static int prepare_insert(db_writer *w);

static void set_err(char *err, size_t errlen, const char *path, sqlite3 *db, int rc,
                    const char *doing)
{
    if (rc == SQLITE_NOTADB)
        snprintf(err, errlen, "%s: not an SQLite database (%s); give --db a new file or a "
                              "database convbench wrote", path, sqlite3_errstr(rc));
    else if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
        snprintf(err, errlen, "%s: locked by another writer for %d s (%s); try again when it "
                              "has finished", path, DB_BUSY_MS / 1000, doing);
    else
        snprintf(err, errlen, "%s: %s: %s", path, doing, db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
}

/* Checks the schema version, inside a transaction. Returns the file's version
 * (0 for an empty file), or -1 with err when it is not convbench's or newer. */
static int check_version(sqlite3 *db, const char *path, char *err, size_t errlen)
{
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &st, NULL);
    int version = -1;
    if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW)
        version = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    if (version < 0) {
        set_err(err, errlen, path, db, rc, "reading its schema version");
        return -1;
    }
    if (version > DB_SCHEMA_VERSION) {
        snprintf(err, errlen, "%s: written by a newer convbench (database schema %d; this one "
                              "knows up to %d); left unchanged", path, version, DB_SCHEMA_VERSION);
        return -1;
    }
    if (version == 0) {
        int tables = -1;
        if (sqlite3_prepare_v2(db, "SELECT count(*) FROM sqlite_master", -1, &st, NULL) == SQLITE_OK &&
            sqlite3_step(st) == SQLITE_ROW)
            tables = sqlite3_column_int(st, 0);
        sqlite3_finalize(st);
        if (tables != 0) {
            snprintf(err, errlen, "%s: an SQLite database, but not convbench's (it has tables "
                                  "and no convbench schema version); left unchanged", path);
            return -1;
        }
    }
    return version;
}

/* CREATE TABLE results(...) with the CSV's columns. Returns malloc'd SQL. */
static char *create_sql(void)
{
    char *sql = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&sql, &len);
    if (!f)
        return NULL;
    fprintf(f, "CREATE TABLE runs(id INTEGER PRIMARY KEY, started TEXT, revision TEXT, host TEXT, "
               "device TEXT, driver TEXT);\n"
               "CREATE TABLE results(run INTEGER NOT NULL REFERENCES runs(id)");
    result blank;
    memset(&blank, 0, sizeof blank);
    for (size_t i = 0; i < csv_ncols(); i++) {
        char buf[8];
        char kind = csv_cell(&blank, i, buf, sizeof buf);
        fprintf(f, ", \"%s\" %s", csv_col_name(i),
                kind == 'i' ? "INTEGER" : kind == 'r' ? "REAL" : "TEXT");
    }
    fprintf(f, ");\nCREATE INDEX results_run ON results(run);\nPRAGMA user_version = %d;\n",
            DB_SCHEMA_VERSION);
    fclose(f);
    return sql;
}

int db_open(db_writer *w, const char *path, char *err, size_t errlen)
{
    memset(w, 0, sizeof *w);
    snprintf(w->path, sizeof w->path, "%s", path);
    sqlite3 *db = NULL;
    int rc = sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
    if (rc != SQLITE_OK) {
        set_err(err, errlen, path, db, rc, "opening it");
        sqlite3_close(db);
        return -1;
    }
    w->db = db;
    sqlite3_busy_timeout(db, DB_BUSY_MS);
    rc = sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
    if (rc != SQLITE_OK) {
        set_err(err, errlen, path, db, rc, "starting a write");
        db_close(w);
        return -1;
    }
    int version = check_version(db, path, err, errlen);
    char *sql = version == 0 ? create_sql() : NULL;
    if (version == 0 && (!sql || (rc = sqlite3_exec(db, sql, NULL, NULL, NULL)) != SQLITE_OK)) {
        set_err(err, errlen, path, db, sql ? rc : SQLITE_NOMEM, "creating its tables");
        version = -1;
    }
    free(sql);
    if (version < 0) {
        sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
        db_close(w);
        return -1;
    }
    if ((rc = sqlite3_exec(db, "COMMIT", NULL, NULL, NULL)) != SQLITE_OK ||
        (rc = prepare_insert(w)) != SQLITE_OK) {
        set_err(err, errlen, path, db, rc, "preparing it for rows");
        db_close(w);
        return -1;
    }
    return 0;
}

/* Binds text as the column's kind: empty is NULL (not measured). */
static void bind_cell(sqlite3_stmt *st, int at, char kind, const char *text)
{
    if (!text[0])
        sqlite3_bind_null(st, at);
    else if (kind == 'i')
        sqlite3_bind_int64(st, at, strtoll(text, NULL, 10));
    else if (kind == 'r')
        sqlite3_bind_double(st, at, strcmp(text, "inf") == 0    ? INFINITY
                                    : strcmp(text, "-inf") == 0 ? -INFINITY
                                                                : strtod(text, NULL));
    else
        sqlite3_bind_text(st, at, text, -1, SQLITE_TRANSIENT);
}

static int start_run(db_writer *w, const result *r)
{
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(w->db,
                                "INSERT INTO runs(started, revision, host, device, driver) "
                                "VALUES (?, ?, ?, ?, ?)", -1, &st, NULL);
    const char *v[] = {r->timestamp, r->version, r->host, r->device, r->driver};
    for (int i = 0; rc == SQLITE_OK && i < 5; i++)
        sqlite3_bind_text(st, i + 1, v[i], -1, SQLITE_STATIC);
    if (rc == SQLITE_OK)
        rc = sqlite3_step(st) == SQLITE_DONE ? SQLITE_OK : sqlite3_errcode(w->db);
    sqlite3_finalize(st);
    if (rc == SQLITE_OK) {
        w->run = sqlite3_last_insert_rowid(w->db);
        snprintf(w->run_device, sizeof w->run_device, "%s", r->device);
    }
    return rc;
}

/* Prepares INSERT INTO results VALUES (?, ...) into w->insert. */
static int prepare_insert(db_writer *w)
{
    char *sql = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&sql, &len);
    if (!f)
        return SQLITE_NOMEM;
    fputs("INSERT INTO results VALUES (?", f);
    for (size_t i = 0; i < csv_ncols(); i++)
        fputs(", ?", f);
    fputs(")", f);
    fclose(f);
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(w->db, sql, -1, &st, NULL);
    free(sql);
    w->insert = st;
    return rc;
}

static int insert_row(db_writer *w, const result *r)
{
    sqlite3_stmt *st = w->insert;
    sqlite3_reset(st);
    sqlite3_bind_int64(st, 1, w->run);
    for (size_t i = 0; i < csv_ncols(); i++) {
        char cell[4096];
        char kind = csv_cell(r, i, cell, sizeof cell);
        bind_cell(st, (int)i + 2, kind, cell);
    }
    return sqlite3_step(st) == SQLITE_DONE ? SQLITE_OK : sqlite3_errcode(w->db);
}

int db_write(db_writer *w, const result *r)
{
    int rc = sqlite3_exec(w->db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
    if (rc == SQLITE_OK && (w->run == 0 || strcmp(w->run_device, r->device) != 0))
        rc = start_run(w, r);
    if (rc == SQLITE_OK)
        rc = insert_row(w, r);
    if (rc == SQLITE_OK)
        rc = sqlite3_exec(w->db, "COMMIT", NULL, NULL, NULL);
    if (rc != SQLITE_OK) {
        set_err(w->error, sizeof w->error, w->path, w->db, rc, "appending a row");
        sqlite3_exec(w->db, "ROLLBACK", NULL, NULL, NULL);
        return -1;
    }
    return 0;
}

void db_close(db_writer *w)
{
    sqlite3_finalize(w->insert);
    w->insert = NULL;
    if (w->db)
        sqlite3_close(w->db);
    w->db = NULL;
}

int db_is_sqlite(const char *path)
{
    char head[16] = {0};
    FILE *f = fopen(path, "rb");
    if (!f)
        return 0;
    size_t got = fread(head, 1, sizeof head, f);
    fclose(f);
    return got == sizeof head && memcmp(head, "SQLite format 3", 16) == 0;
}

/* Appends a row of n fields (copied) to t. Returns 0, or -1 out of memory. */
static int table_add(csv_table *t, sqlite3_stmt *st, int n)
{
    char ***rows = realloc(t->rows, (size_t)(t->nrows + 1) * sizeof *rows);
    int *line = rows ? realloc(t->line, (size_t)(t->nrows + 1) * sizeof *line) : NULL;
    if (rows)
        t->rows = rows;
    if (line)
        t->line = line;
    char **row = line ? calloc((size_t)n, sizeof *row) : NULL;
    if (!row)
        return -1;
    for (int c = 0; c < n; c++) {
        const unsigned char *v = sqlite3_column_text(st, c);
        row[c] = strdup(v ? (const char *)v : "");
        if (!row[c]) {
            while (c--)
                free(row[c]);
            free(row);
            return -1;
        }
    }
    t->rows[t->nrows] = row;
    t->line[t->nrows] = t->nrows + 1; /* the row's place in the selection */
    t->nrows++;
    return 0;
}

int db_read(const char *path, const char *device, int last_runs, csv_table *t, char *err,
            size_t errlen)
{
    memset(t, 0, sizeof *t);
    if (errlen)
        err[0] = '\0';
    snprintf(t->path, sizeof t->path, "%s", path);
    sqlite3 *db = NULL;
    int rc = sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL);
    sqlite3_stmt *st = NULL;
    if (rc == SQLITE_OK) {
        sqlite3_busy_timeout(db, DB_BUSY_MS);
        rc = sqlite3_exec(db, "BEGIN", NULL, NULL, NULL);
    }
    if (rc != SQLITE_OK) {
        set_err(err, errlen, path, db, rc, "opening it");
        sqlite3_close(db);
        return -1;
    }
    int version = check_version(db, path, err, errlen);
    if (version == 0)
        snprintf(err, errlen, "%s: an empty database: no results yet", path);
    if (version > 0)
        rc = sqlite3_prepare_v2(db,
                                "SELECT * FROM results WHERE run IN (SELECT id FROM runs WHERE "
                                "?1 IS NULL OR device = ?1 ORDER BY id DESC LIMIT ?2) "
                                "ORDER BY run, rowid", -1, &st, NULL);
    if (version > 0 && rc != SQLITE_OK)
        set_err(err, errlen, path, db, rc, "reading its results");
    int ok = version > 0 && rc == SQLITE_OK;
    if (ok) {
        if (device && device[0])
            sqlite3_bind_text(st, 1, device, -1, SQLITE_STATIC);
        sqlite3_bind_int(st, 2, last_runs > 0 ? last_runs : -1);
        t->ncols = sqlite3_column_count(st);
        t->head = calloc((size_t)t->ncols, sizeof *t->head);
        for (int c = 0; t->head && c < t->ncols; c++)
            t->head[c] = strdup(sqlite3_column_name(st, c));
        ok = t->head != NULL;
        while (ok && (rc = sqlite3_step(st)) == SQLITE_ROW)
            ok = table_add(t, st, t->ncols) == 0;
        if (ok && rc != SQLITE_DONE) {
            set_err(err, errlen, path, db, rc, "reading its results");
            ok = 0;
        } else if (!ok && !err[0]) {
            snprintf(err, errlen, "%s: out of memory reading its results", path);
        }
    }
    sqlite3_finalize(st);
    sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
    sqlite3_close(db);
    return ok ? 0 : -1;
}
