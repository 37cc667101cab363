/* tokens.h - the one tokenizer of comma-separated values: option lists (checked
 * by spec_set and expanded by cfg_expand alike), algorithm lists and --params.
 * One tokenizer, so a value that passes the check is the value that runs. */
#ifndef CONVBENCH_TOKENS_H
#define CONVBENCH_TOKENS_H

#include <stddef.h>

#define TOKENS_MAX 256 /* most items in one list value */

/* v without the white space (isspace: a script's '\r', an INI's '\f') around
 * it: returns its start and sets *len to its length. v is not changed. */
const char *tokens_trim(const char *v, size_t *len);

/* Splits buf in place at commas into items (capacity cap), each trimmed of
 * white space. Returns the count, or -1 when there are more than cap. Items
 * may be empty; callers refuse those. The items point into buf. */
int tokens_split(char *buf, char **items, int cap);

#endif
