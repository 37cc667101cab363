/* exitcodes.h - convbench's exit codes (README, "Exit codes"): every command
 * returns one, and the layers below the commands return them too. */
#ifndef CONVBENCH_EXITCODES_H
#define CONVBENCH_EXITCODES_H

enum {
    EXIT_OK = 0,          /* every case passed (or was skipped with a reason) */
    EXIT_VERIFY = 1,      /* a verification failed; compare: a significant regression */
    EXIT_USAGE = 2,       /* bad command line, configuration or problem */
    EXIT_DEVICE = 3,      /* no device, or an OpenCL call failed */
    EXIT_WRITE = 4,       /* a result could not be written (a full disk); the run stopped */
    /* 130: interrupted (SIGINT/SIGTERM) after finishing the current case (session.h) */
};

#endif
