/* errmsg.h - the one way validators report: format a message into the caller's
 * (err, errlen) buffer, which may be NULL, and return -1. */
#ifndef CONVBENCH_ERRMSG_H
#define CONVBENCH_ERRMSG_H

#include <stdio.h>

#define ERRMSG_RETURN(err, errlen, ...)                \
    do {                                               \
        if (err)                                       \
            snprintf((err), (errlen), __VA_ARGS__);    \
        return -1;                                     \
    } while (0)

#endif
