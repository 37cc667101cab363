/* cmd_compare.c - `convbench compare BASE.csv NEW.csv`: what got slower or
 * faster between two reports, and whether it is more than noise. */
#include "cli.h"
#include "compare.h"
#include "out_db.h"

#include <stdio.h>

static void compare_usage(FILE *f)
{
    fprintf(f, "usage: convbench compare BASE.csv NEW.csv [options]\n"
               "       convbench compare BASE.db NEW.csv [--runs N] [options]\n\n"
               "Matches the rows of two reports by layer, shape (batch included) and\n"
               "algorithm, and prints per row the time ratio NEW/BASE, Welch's t-test on the\n"
               "repetitions (mean, standard deviation and count of each row), and a verdict:\n"
               "a REGRESSION is slower beyond --threshold and significant at --alpha; an\n"
               "improvement likewise faster. Then the geometric mean of the ratios per\n"
               "algorithm and overall, and the rows found in one file only.\n"
               "On a shared or noisy machine, --normalize-by ALGO compares each time as a\n"
               "ratio to ALGO's on the same case in the same file, which cancels the\n"
               "machine's speed. --fail-on geomean judges each algorithm's geometric mean\n"
               "instead of each row (a regression gate on a noisy machine).\n"
               "BASE may be a results database (--db): its last --runs runs on NEW's device\n"
               "(any device with --across-devices) are the baseline.\n\n"
               "exit codes: 0 nothing regressed, 1 a significant regression beyond the\n"
               "threshold, 2 bad input (unreadable file, missing column, schema mismatch) or\n"
               "nothing to compare (no measured row of NEW matches one of BASE)\n");
    opts_print_help(f, OPT_COMPARE);
    fprintf(f, "\nexamples:\n"
               "  convbench compare results/old.csv results/new.csv --threshold 5%%\n"
               "  convbench compare base.csv new.csv --normalize-by clblast-convgemm "
               "--threshold 40 --format markdown\n");
}

int cmd_compare(int argc, char **argv)
{
    cmd_args a;
    int rc = cmd_open(&a, "compare", OPT_COMPARE, argc, argv, 2, 2,
                      "two CSV files, BASE and NEW", compare_usage);
    if (rc >= 0)
        return rc;
    opts s = a.s;
    const char *pos[2] = {a.pos[0], a.pos[1]};
    cmd_close(&a);
    char err[1024];
    if (s.format == OPT_FMT_HTML) {
        fprintf(stderr, "convbench compare: --format html is for `convbench report`; compare "
                        "writes text, markdown or csv\n");
        return EXIT_USAGE;
    }
    csv_table base = {0}, nw = {0};
    cmp_result res = {0};
    cmp_settings cs = {s.threshold_pct / 100.0, s.alpha,
                       s.normalize_by[0] ? s.normalize_by : NULL, s.fail_on == OPT_FAIL_GEOMEAN,
                       s.statistic == OPT_STAT_MIN, s.across_devices};
    /* NEW first: a database as BASE gives its last runs on NEW's device. */
    int bad = csvr_read(pos[1], &nw, err, sizeof err);
    if (!bad && db_is_sqlite(pos[0])) {
        const char *dev = nw.nrows ? csvr_get(&nw, 0, csvr_col(&nw, "device")) : "";
        bad = db_read(pos[0], s.across_devices ? NULL : dev, (int)s.runs, &base, err, sizeof err);
    } else if (!bad) {
        bad = csvr_read(pos[0], &base, err, sizeof err);
    }
    notes_print(stderr, "convbench compare", &base.skipped);
    notes_print(stderr, "convbench compare", &nw.skipped);
    bad = bad || cmp_run(&base, &nw, &cs, &res, err, sizeof err);
    notes_print(stderr, "convbench compare", &res.warnings);
    if (!bad) {
        cmp_print(stdout, &res, &cs, (cmp_format)s.format /* text, markdown, csv: the same order */, pos[0], pos[1]);
        rc = cmp_regressed(&res, &cs) ? EXIT_VERIFY : EXIT_OK;
    } else {
        fprintf(stderr, "convbench compare: %s\n", err);
        rc = EXIT_USAGE;
    }
    cmp_free(&res);
    csvr_free(&base);
    csvr_free(&nw);
    return rc;
}
