/* notes.h - a list of messages gathered while reading (rows skipped, keys set
 * twice, times refused) for the command to print as warnings. */
#ifndef CONVBENCH_NOTES_H
#define CONVBENCH_NOTES_H

#include <stdio.h>

typedef struct notes {
    char **v; /* n messages, owned */
    int n;
} notes;

/* Appends a formatted message. Returns 0, or -1 when out of memory. */
int notes_addf(notes *l, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Prints "PROG: warning: MESSAGE" for each message. */
void notes_print(FILE *f, const char *prog, const notes *l);

/* Frees the messages and empties l. */
void notes_free(notes *l);

#endif
