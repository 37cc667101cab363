/* tokens.c - the one tokenizer of comma-separated values. */
#include "tokens.h"

#include <ctype.h>
#include <string.h>

const char *tokens_trim(const char *v, size_t *len)
{
    while (isspace((unsigned char)*v))
        v++;
    size_t n = strlen(v);
    while (n > 0 && isspace((unsigned char)v[n - 1]))
        n--;
    *len = n;
    return v;
}

int tokens_split(char *buf, char **items, int cap)
{
    for (int n = 0;; n++) {
        char *comma = strchr(buf, ',');
        if (comma)
            *comma = '\0';
        if (n == cap)
            return -1;
        size_t len;
        items[n] = (char *)tokens_trim(buf, &len);
        items[n][len] = '\0';
        if (!comma)
            return n + 1;
        buf = comma + 1;
    }
}
