/* cli.h - the subcommands and convbench's exit codes. Each cmd_* takes the
 * arguments after its name and returns an exit code. */
#ifndef CONVBENCH_CLI_H
#define CONVBENCH_CLI_H

enum {
    EXIT_OK = 0,          /* every case passed (or was skipped with a reason) */
    EXIT_VERIFY = 1,      /* a verification failed; compare: a significant regression */
    EXIT_USAGE = 2,       /* bad command line, configuration or problem */
    EXIT_DEVICE = 3,      /* no device, or an OpenCL call failed */
    EXIT_WRITE = 4,       /* a result could not be written (a full disk); the run stopped */
    /* 130: interrupted (SIGINT/SIGTERM) after finishing the current case (session.h) */
};

int cmd_run(int argc, char **argv);
int cmd_sweep(int argc, char **argv);
int cmd_devices(int argc, char **argv);
int cmd_peak(int argc, char **argv);
int cmd_tune(int argc, char **argv);
int cmd_compare(int argc, char **argv);
int cmd_report(int argc, char **argv);

#endif
