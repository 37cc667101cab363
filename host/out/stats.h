/* stats.h - the statistics behind `convbench compare`: Welch's t-test from
 * summary statistics (mean, standard deviation, count), which is what each
 * CSV row keeps of its repetitions. */
#ifndef CONVBENCH_STATS_H
#define CONVBENCH_STATS_H

/* Welch's t statistic and Welch-Satterthwaite degrees of freedom for two
 * samples given as mean, sample standard deviation and count (n >= 2 each).
 * Returns 0, or -1 when a count is below 2 or both deviations are 0 (then *t
 * is +-infinity for different means, 0 for equal ones, and *df is NAN). */
int stats_welch(double m1, double s1, double n1, double m2, double s2, double n2, double *t,
                double *df);

/* Two-sided p-value of Student's t distribution with df degrees of freedom:
 * P(|T| >= |t|). */
double stats_t_pvalue(double t, double df);

/* The two-sided p-value of Welch's test of equal means (1 when it cannot be
 * computed from fewer than 2 samples a side, 0 for different constant samples). */
double stats_welch_p(double m1, double s1, double n1, double m2, double s2, double n2);

#endif
