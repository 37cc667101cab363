/* result.c - names of a row's verdicts. */
#include "result.h"

const char *res_status_name(res_status s)
{
    static const char *const names[] = {"PASS", "UNVERIFIED", "FAIL", "SKIPPED", "ERROR"};
    return (s >= RES_PASS && s <= RES_ERROR) ? names[s] : "?";
}
