/* cmd_history.c - `convbench history --db FILE`: each case's series from the
 * results database, with the runs where its level changed. */
#include "cli.h"
#include "history.h"
#include "out_db.h"

#include <stdio.h>

static void history_usage(FILE *f)
{
    fprintf(f, "usage: convbench history --db FILE [--layer RE] [--algo A,B] [--statistic min]\n\n"
               "Prints, for every device, case and algorithm in a results database (written\n"
               "by --db), its time in each run, oldest first (a case timed more than once in\n"
               "a run counts its fastest), and marks the runs where its level changed,\n"
               "found by E-divisive means (Matteson & James 2014; MongoDB's CI uses it): a\n"
               "change is kept when a permutation test gives p <= 0.01 and each side has\n"
               "at least 3 runs, so a single slow run is never a change.\n\n"
               "exit codes: 0 printed, 2 bad input (no --db, not a convbench database, a\n"
               "newer schema, nothing matches)\n");
    opts_print_help(f, OPT_HISTORY);
    fprintf(f, "\nexample:\n"
               "  convbench --sweep configs/smoke.ini --db perf.db   (in CI, every commit)\n"
               "  convbench history --db perf.db --layer conv3x3 --algo direct\n");
}

int cmd_history(int argc, char **argv)
{
    cmd_args a;
    int rc = cmd_open(&a, "history", OPT_HISTORY, argc, argv, 0, 0, "no positional arguments",
                      history_usage);
    if (rc >= 0)
        return rc;
    opts s = a.s;
    /* --algo is a case parameter: it stays in the spec, not the session. */
    int nopts;
    const opt_def *table = opts_table(&nopts), *algo = opts_find("algo");
    snprintf(s.algo, sizeof s.algo, "%s", a.spec.val[algo - table] ? a.spec.val[algo - table] : "all");
    cmd_close(&a);
    if (!s.db[0]) {
        fprintf(stderr, "convbench history: --db FILE is required: the database that "
                        "`convbench ... --db FILE` wrote\n");
        return EXIT_USAGE;
    }
    char err[1024];
    csv_table t;
    if (db_read(s.db, NULL, 0, &t, err, sizeof err)) {
        fprintf(stderr, "convbench history: %s\n", err);
        csvr_free(&t);
        return EXIT_USAGE;
    }
    hist_filter f = {s.layer_re, s.algo, s.statistic == OPT_STAT_MIN};
    int n = hist_print(stdout, &t, &f, err, sizeof err);
    csvr_free(&t);
    if (n < 0) {
        fprintf(stderr, "convbench history: %s\n", err);
        return EXIT_USAGE;
    }
    if (n == 0) {
        fprintf(stderr, "convbench history: %s: no verified row matches --layer '%s' --algo %s\n",
                s.db, s.layer_re, s.algo);
        return EXIT_USAGE;
    }
    return EXIT_OK;
}
