/* kopts.h - the build options of a convolution kernel: one builder for the
 * "-DNAME=VALUE" strings every algorithm passes, the problem's part written
 * once. */
#ifndef CONVBENCH_KOPTS_H
#define CONVBENCH_KOPTS_H

#include <stddef.h>
#include <stdint.h>

#include "problem.h"

typedef struct kopts {
    char s[4096];
    size_t n;
    int overflow;                /* an item did not fit: s is cut, do not build with it */
} kopts;

/* Starts k with base ("-cl-std=CL1.2 ..."). */
void kopts_init(kopts *k, const char *base);

/* Appends " -DNAME=v". */
void kopts_def(kopts *k, const char *name, int64_t v);

/* Appends " -DNAME=v" for each of n items. */
typedef struct kopts_item {
    const char *name;
    int64_t v;
} kopts_item;
void kopts_defs(kopts *k, const kopts_item *items, size_t n);

/* Appends " -DNAME" when on. */
void kopts_flag(kopts *k, const char *name, int on);

/* Appends " text" as it is (the user's --kernel-opts); nothing for "". */
void kopts_add(kopts *k, const char *text);

/* The PCT of "-DCB_EXTRA_WORK=PCT" in text (the user's --kernel-opts), or 0:
 * what a kernel family the host drives itself (im2col's copy, launched once
 * more over PCT% of its rows) needs to know of kernels/real.cl's option. */
int kopts_extra_work(const char *text);

/* Appends the problem: N C H W K P Q R S PH PW DH DW G, HAS_BIAS, NHWC, and
 * the element types kernels/real.cl reads (REAL_HALF for fp16 data, ACC_HALF
 * for fp16 accumulation). An algorithm's own strides (SH SW) are its to add. */
void kopts_problem(kopts *k, const prob_shape *sh, const prob_metrics *m);

#endif
