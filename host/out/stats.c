/* stats.c - Welch's t-test; Student's t tail through the regularised
 * incomplete beta function (continued fraction, modified Lentz). */
#include "stats.h"

#include <math.h>

int stats_welch(double m1, double s1, double n1, double m2, double s2, double n2, double *t,
                double *df)
{
    *df = NAN;
    if (n1 < 2 || n2 < 2) {
        *t = 0;
        return -1;
    }
    double v1 = s1 * s1 / n1, v2 = s2 * s2 / n2, se = sqrt(v1 + v2);
    if (!(se > 0)) {
        *t = m1 == m2 ? 0 : (m1 > m2 ? INFINITY : -INFINITY);
        return -1;
    }
    *t = (m1 - m2) / se;
    *df = (v1 + v2) * (v1 + v2) / (v1 * v1 / (n1 - 1) + v2 * v2 / (n2 - 1));
    return 0;
}

/* The continued fraction of the incomplete beta function I_x(a, b). */
static double beta_cf(double a, double b, double x)
{
    const double tiny = 1e-300;
    double c = 1, d = 1 - (a + b) * x / (a + 1);
    d = fabs(d) < tiny ? tiny : d;
    d = 1 / d;
    double h = d;
    for (int m = 1; m <= 300; m++) {
        double m2 = 2.0 * m;
        double num = m * (b - m) * x / ((a + m2 - 1) * (a + m2));
        d = 1 + num * d;
        d = fabs(d) < tiny ? tiny : d;
        c = 1 + num / c;
        c = fabs(c) < tiny ? tiny : c;
        d = 1 / d;
        h *= d * c;
        num = -(a + m) * (a + b + m) * x / ((a + m2) * (a + m2 + 1));
        d = 1 + num * d;
        d = fabs(d) < tiny ? tiny : d;
        c = 1 + num / c;
        c = fabs(c) < tiny ? tiny : c;
        d = 1 / d;
        double del = d * c;
        h *= del;
        if (fabs(del - 1) < 1e-15)
            break;
    }
    return h;
}

/* The regularised incomplete beta function I_x(a, b). */
static double beta_inc(double a, double b, double x)
{
    if (x <= 0)
        return 0;
    if (x >= 1)
        return 1;
    double lbt = lgamma(a + b) - lgamma(a) - lgamma(b) + a * log(x) + b * log1p(-x);
    if (x < (a + 1) / (a + b + 2))
        return exp(lbt) * beta_cf(a, b, x) / a;
    return 1 - exp(lbt) * beta_cf(b, a, 1 - x) / b;
}

double stats_t_pvalue(double t, double df)
{
    if (isinf(t))
        return 0;
    if (isnan(t) || isnan(df) || df <= 0)
        return 1;
    return beta_inc(df / 2, 0.5, df / (df + t * t));
}

double stats_welch_p(double m1, double s1, double n1, double m2, double s2, double n2)
{
    double t, df;
    if (stats_welch(m1, s1, n1, m2, s2, n2, &t, &df))
        return (n1 < 2 || n2 < 2 || t == 0) ? 1.0 : 0.0;
    return stats_t_pvalue(t, df);
}
