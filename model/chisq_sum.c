/* chisq_sum.c: upper tail of a weighted sum of chi-squared variables.
 *
 * P(Q > x), Q = sum_j lambda_j X_j, X_j ~ chi-squared(df_j) independent, by
 * numerical inversion of the characteristic function with the truncation,
 * integration and convergence-factor error bounds of Davies (1980, Applied
 * Statistics 29:323-333, algorithm AS 155; the method is Davies 1973,
 * Biometrika 60:415-417), here for central variables and no normal term.
 * Where the method cannot reach the accuracy within its term limit, the
 * moment-matching approximation of Liu, Tang and Zhang (2009, Computational
 * Statistics and Data Analysis 53:853-856) is used, as mgcv's psum.chisq does.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "pm_smooth_test.h"

#include <math.h>
#include <stdlib.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>

#include "pm_error.h"

/* The accuracy and term limit of pm_chisq_sum_upper: an absolute error
 * of 1e-10 keeps digits in p-values far into the tail, and 1e7 terms leave
 * room for the main integration (up to 1.5 x 3/sqrt(acc), some 6e5 terms,
 * at this accuracy) and several auxiliary ones. */
#define PM_CHISQ_ACC 1e-10
#define PM_CHISQ_LIM 10000000L
/* Bound on the search loops (bisection and doubling) of the method: on
 * finite weights they end in far fewer steps; this only stops a loop that
 * degenerate input would keep going. */
#define PM_DAVIES_MAX_SEARCH 2000

/* The constants of Davies's (1980) algorithm, as mgcv 1.8-41's
 * src/davies.c carries them (the halves and quarters by which the
 * accuracy is shared between the error sources are his too, and stay in
 * the formulas).  log(1 + x) - x by its series for |x| up to this
 * (procedure log1): */
#define PM_DAVIES_LOG1_SERIES 0.1
/* ctff's bisection ends when (c1 - mean)/(c2 - mean) reaches this: */
#define PM_DAVIES_CUTOFF_RATIO 0.9
/* findu moves the truncation point by this factor, then refines it: */
#define PM_DAVIES_FINDU_STEP 4.0
/* cfe gives the convergence factor up when its exponent passes this: */
#define PM_DAVIES_CFE_MAX 100.0
/* The starting truncation point and cutoff search point, times 1/sd: */
#define PM_DAVIES_UTX_START 16.0
#define PM_DAVIES_CUTOFF_START 4.5
/* A convergence factor is tried when the largest |lambda| exceeds this
 * fraction of the sd, and kept when it brings the truncation error below
 * this fraction of the accuracy: */
#define PM_DAVIES_FACTOR_MIN_WEIGHT 0.07
#define PM_DAVIES_FACTOR_MAX_ERROR 0.2
/* An auxiliary integration of round(3/sqrt(acc)) terms is done when the
 * main one would need over 1.5 times as many; its factor takes 0.33 of the
 * accuracy with a margin of 1.1, and the accuracy left is then scaled by
 * 0.67 and, after the new truncation point, by 0.75: */
#define PM_DAVIES_AUX_TERMS 3.0
#define PM_DAVIES_AUX_RATIO 1.5
#define PM_DAVIES_AUX_SHARE 0.33
#define PM_DAVIES_AUX_MARGIN 1.1
#define PM_DAVIES_AUX_ACC_LEFT 0.67
#define PM_DAVIES_AUX_ACC_NEXT 0.75
/* Round-off may matter when adding acc / 10 to its bound changes nothing
 * (in binary, octal or hexadecimal arithmetic): */
#define PM_DAVIES_ROUNDOFF_DIV 10.0

/* The noncentral chi-squared tail sums its Poisson mixture up to
 * 40 sd + 100 terms beyond the mean, or until the weights summed leave
 * less than 1e-16, below DBL_EPSILON: */
#define PM_NCCHISQ_SD_TERMS 40.0
#define PM_NCCHISQ_EXTRA_TERMS 100.0
#define PM_NCCHISQ_WEIGHT_TOL 1e-16

enum { DV_OK = 0, DV_ACCURACY = 1, DV_ROUNDOFF = 2, DV_SEARCH = 4 };

typedef struct {
  const double *lb;  /* weights */
  const int *n;      /* degrees of freedom */
  size_t r;          /* number of terms */
  size_t *th;        /* term indices by decreasing |lb| */
  double sigsq;      /* variance of the convergence-factor normal terms */
  double mean, lmin, lmax;
  int search_failed; /* a search loop reached PM_DAVIES_MAX_SEARCH */
} davies_t;

/* log(1 + x) - x, by the series of 2 atanh(y), y = x / (2 + x), for small |x|
 * (Davies 1980, procedure log1) to keep its relative accuracy. */
static double log1pmx(double x)
{
  double y, y2, term, s, s1, k = 3.0;
  if (fabs(x) > PM_DAVIES_LOG1_SERIES) return log1p(x) - x;
  y = x / (2.0 + x);
  y2 = y * y;
  term = 2.0 * y * y2;
  s = -x * y;
  for (s1 = s + term / k; s1 != s; s1 = s + term / k) {
    s = s1;
    k += 2.0;
    term *= y2;
  }
  return s;
}

/* Chernoff bound exp(-u c) E exp(u Q) on a tail of Q at the point cx where
 * it is tight (Davies 1980, procedure errbd). */
static double errbd(const davies_t *dv, double u, double *cx)
{
  double c = u * dv->sigsq, sum = u * c;
  u *= 2.0;
  for (size_t j = 0; j < dv->r; j++) {
    double x = u * dv->lb[j], y = 1.0 - x;
    c += dv->lb[j] * dv->n[j] / y;
    sum += dv->n[j] * (x * x / y + log1pmx(-x));
  }
  *cx = c;
  return exp(-0.5 * sum);
}

/* A point c with P(Q > c) < accx when *upn > 0, P(Q < c) < accx otherwise,
 * by doubling then bisection on the bound of errbd (Davies 1980, ctff). */
static double cutoff(davies_t *dv, double accx, double *upn)
{
  double u1 = 0.0, u2 = *upn, c1 = dv->mean, c2, cst;
  double rb = 2.0 * (u2 > 0.0 ? dv->lmax : dv->lmin);
  int it = 0;
  while (errbd(dv, u2 / (1.0 + u2 * rb), &c2) > accx &&
         it++ < PM_DAVIES_MAX_SEARCH) {
    u1 = u2;
    c1 = c2;
    u2 *= 2.0;
  }
  while ((c1 - dv->mean) / (c2 - dv->mean) < PM_DAVIES_CUTOFF_RATIO &&
         it++ < PM_DAVIES_MAX_SEARCH) {
    double u = 0.5 * (u1 + u2);
    if (errbd(dv, u / (1.0 + u * rb), &cst) > accx) {
      u1 = u;
      c1 = cst;
    } else {
      u2 = u;
      c2 = cst;
    }
  }
  if (it >= PM_DAVIES_MAX_SEARCH) dv->search_failed = 1;
  *upn = u2;
  return c2;
}

/* Bound on the error of truncating the integral at u, with a convergence
 * factor of variance tausq (Davies 1980, Sec. 3, procedure truncation). */
static double truncation(const davies_t *dv, double u, double tausq)
{
  double sum2 = (dv->sigsq + tausq) * u * u, prod1 = 2.0 * sum2;
  double prod2 = 0.0, prod3 = 0.0, x, y, err1, err2;
  int s = 0;
  u *= 2.0;
  for (size_t j = 0; j < dv->r; j++) {
    x = u * dv->lb[j];
    x *= x;
    if (x > 1.0) {
      prod2 += dv->n[j] * log(x);
      prod3 += dv->n[j] * log1p(x);
      s += dv->n[j];
    } else {
      prod1 += dv->n[j] * log1p(x);
    }
  }
  prod2 += prod1;
  prod3 += prod1;
  x = exp(-0.25 * prod2) / M_PI;
  y = exp(-0.25 * prod3) / M_PI;
  err1 = s == 0 ? 1.0 : 2.0 * x / s;
  err2 = prod3 > 1.0 ? 2.5 * y : 1.0;
  if (err2 < err1) err1 = err2;
  x = 0.5 * sum2;
  err2 = x <= y ? 1.0 : y / x;
  return err1 < err2 ? err1 : err2;
}

/* A truncation point u with truncation(u) <= accx, refined downwards
 * (Davies 1980, procedure findu). */
static double find_u(davies_t *dv, double utx, double accx)
{
  /* findu's refining divisors */
  static const double divis[4] = {2.0, 1.4, 1.2, 1.1};
  double ut = utx, u = ut / PM_DAVIES_FINDU_STEP;
  int it = 0;
  if (truncation(dv, u, 0.0) > accx) {
    while (truncation(dv, ut, 0.0) > accx && it++ < PM_DAVIES_MAX_SEARCH)
      ut *= PM_DAVIES_FINDU_STEP;
  } else {
    ut = u;
    u /= PM_DAVIES_FINDU_STEP;
    while (truncation(dv, u, 0.0) <= accx && it++ < PM_DAVIES_MAX_SEARCH) {
      ut = u;
      u /= PM_DAVIES_FINDU_STEP;
    }
  }
  if (it >= PM_DAVIES_MAX_SEARCH) dv->search_failed = 1;
  for (int i = 0; i < 4; i++)
    if (truncation(dv, ut / divis[i], 0.0) <= accx) ut /= divis[i];
  return ut;
}

/* Adds to *intl the trapezoidal sum, step interv and nterm + 1 terms, of the
 * inversion integral of Davies (1973, eq. 3) for P(Q < c), and to *ersm the
 * bound on its round-off; with main == 0 the integrand is multiplied by
 * 1 - exp(-tausq u^2 / 2) (the auxiliary integration, Davies 1980, Sec. 4). */
static void integrate(const davies_t *dv, long nterm, double interv,
                      double tausq, int main, double c, double *intl,
                      double *ersm)
{
  for (long k = nterm; k >= 0; k--) {
    double u = (k + 0.5) * interv;
    double arg = -2.0 * u * c, absarg = fabs(arg);
    double logmod = -0.5 * dv->sigsq * u * u, x;
    for (size_t j = 0; j < dv->r; j++) {
      double t = 2.0 * dv->lb[j] * u, z = dv->n[j] * atan(t);
      logmod -= 0.25 * dv->n[j] * log1p(t * t);
      arg += z;
      absarg += fabs(z);
    }
    x = interv / M_PI * exp(logmod) / u;
    if (!main) x *= 1.0 - exp(-0.5 * tausq * u * u);
    *intl += sin(0.5 * arg) * x;
    *ersm += 0.5 * absarg * x;
  }
}

/* Coefficient of tausq in the error of the convergence factor
 * exp(-tausq u^2 / 2) when P(Q < x) is wanted (Davies 1980, procedure cfe);
 * *fail is set when the factor would not help. */
static double cfe(const davies_t *dv, double x, int *fail)
{
  double axl = fabs(x), sum = 0.0, sxl = x < 0.0 ? -1.0 : 1.0;
  const double ln28 = M_LN2 / 8.0;
  for (size_t jj = dv->r; jj-- > 0;) {
    size_t t = dv->th[jj];
    double lj, axl1, axl2;
    if (dv->lb[t] * sxl <= 0.0) continue;
    lj = fabs(dv->lb[t]);
    axl1 = axl - lj * dv->n[t];
    axl2 = lj / ln28;
    if (axl1 > axl2) {
      axl = axl1;
      continue;
    }
    if (axl > axl2) axl = axl2;
    sum = (axl - axl1) / lj;
    for (size_t k = 0; k < jj; k++) sum += dv->n[dv->th[k]];
    break;
  }
  *fail = sum > PM_DAVIES_CFE_MAX;
  return *fail ? 1.0 : pow(2.0, 0.25 * sum) / (M_PI * axl * axl);
}

/* P(Q < c) to absolute accuracy acc using at most lim integration terms
 * (Davies 1980, the main procedure); returns DV_OK, DV_ROUNDOFF (a result
 * whose round-off may exceed acc), DV_ACCURACY or DV_SEARCH (no result). */
static int davies_cdf(davies_t *dv, double c, double acc, long lim,
                      double *cdf)
{
  double intl = 0.0, ersm = 0.0, acc1 = acc, sd = 0.0, almx, utx, up, un;
  double d1, d2, intv, tausq, x;
  long nt, ntm;
  int fail;
  for (size_t j = 0; j < dv->r; j++) {
    double lj = dv->lb[j];
    sd += 2.0 * lj * lj * dv->n[j];
    dv->mean += lj * dv->n[j];
    if (dv->lmax < lj) dv->lmax = lj;
    else if (dv->lmin > lj) dv->lmin = lj;
  }
  sd = sqrt(sd);
  almx = dv->lmax < -dv->lmin ? -dv->lmin : dv->lmax;
  utx = find_u(dv, PM_DAVIES_UTX_START / sd, 0.5 * acc1);
  up = PM_DAVIES_CUTOFF_START / sd;
  un = -up;
  /* does a convergence factor help? */
  if (c != 0.0 && almx > PM_DAVIES_FACTOR_MIN_WEIGHT * sd) {
    tausq = 0.25 * acc1 / cfe(dv, c, &fail);
    if (!fail &&
        truncation(dv, utx, tausq) < PM_DAVIES_FACTOR_MAX_ERROR * acc1) {
      dv->sigsq += tausq;
      utx = find_u(dv, utx, 0.25 * acc1);
    }
  }
  acc1 *= 0.5;
  for (;;) {
    /* outside the range of the distribution, to within acc1 */
    d1 = cutoff(dv, acc1, &up) - c;
    if (d1 < 0.0) return *cdf = 1.0, dv->search_failed ? DV_SEARCH : DV_OK;
    d2 = c - cutoff(dv, acc1, &un);
    if (d2 < 0.0) return *cdf = 0.0, dv->search_failed ? DV_SEARCH : DV_OK;
    intv = 2.0 * M_PI / (d1 > d2 ? d1 : d2);
    nt = lround(utx / intv);
    ntm = lround(PM_DAVIES_AUX_TERMS / sqrt(acc1));
    if (nt <= PM_DAVIES_AUX_RATIO * ntm) break;
    /* auxiliary integration with a convergence factor (Davies 1980, Sec. 4) */
    x = 2.0 * M_PI / (utx / ntm);
    if (x <= fabs(c)) break;
    tausq = PM_DAVIES_AUX_SHARE * acc1 /
            (PM_DAVIES_AUX_MARGIN *
             (cfe(dv, c - x, &fail) + cfe(dv, c + x, &fail)));
    if (fail) break;
    acc1 *= PM_DAVIES_AUX_ACC_LEFT;
    if (ntm > lim) return DV_ACCURACY;
    integrate(dv, ntm, utx / ntm, tausq, 0, c, &intl, &ersm);
    lim -= ntm;
    dv->sigsq += tausq;
    utx = find_u(dv, utx, 0.25 * acc1);
    acc1 *= PM_DAVIES_AUX_ACC_NEXT;
  }
  if (dv->search_failed) return DV_SEARCH;
  if (nt > lim) return DV_ACCURACY;
  integrate(dv, nt, intv, 0.0, 1, c, &intl, &ersm);
  *cdf = 0.5 - intl;
  /* round-off could be significant when acc / 10 is lost against ersm
   * (allowing for binary, octal and hexadecimal arithmetic) */
  x = ersm + acc / PM_DAVIES_ROUNDOFF_DIV;
  for (double m = 1.0; m <= 8.0; m *= 2.0)
    if (m * x == m * ersm) return DV_ROUNDOFF;
  return DV_OK;
}

static int by_decreasing_abs(const void *a, const void *b)
{
  const double *x = *(const double *const *)a, *y = *(const double *const *)b;
  return (fabs(*x) < fabs(*y)) - (fabs(*x) > fabs(*y));
}

/* P(X > x), X ~ noncentral chi-squared(df, ncp), as the Poisson(ncp / 2)
 * mixture of central chi-squared(df + 2j) tails (Johnson, Kotz and
 * Balakrishnan 1995, Continuous Univariate Distributions 2, eq. 29.2). */
static double ncchisq_upper(double x, double df, double ncp)
{
  double p = 0.0, w = 0.0, mean = 0.5 * ncp;
  unsigned jmax = (unsigned)(mean + PM_NCCHISQ_SD_TERMS * sqrt(mean) +
                             PM_NCCHISQ_EXTRA_TERMS);
  if (ncp == 0.0) return gsl_cdf_chisq_Q(x, df);
  for (unsigned j = 0; j <= jmax && w < 1.0 - PM_NCCHISQ_WEIGHT_TOL; j++) {
    double pj = gsl_ran_poisson_pdf(j, mean);
    w += pj;
    p += pj * gsl_cdf_chisq_Q(x, df + 2.0 * j);
  }
  return p;
}

/* The approximation of Liu, Tang and Zhang (2009, Sec. 2): a noncentral
 * chi-squared matching the mean, variance and skewness of Q, and the
 * kurtosis where it can (their eqs. 4-7, as mgcv's liu2). */
static int liu_upper(double x, const double *lb, const int *df, size_t n,
                     double *p)
{
  double c[5] = {0.0, 0.0, 0.0, 0.0, 0.0}, s1, s2, a, delta, l, t, q;
  for (size_t j = 0; j < n; j++)
    for (int k = 1; k <= 4; k++) c[k] += df[j] * pow(lb[j], k);
  *p = 1.0;
  if (x <= 0.0 || c[2] <= 0.0) return PM_SUCCESS;
  s1 = c[3] / pow(c[2], 1.5);
  s2 = c[4] / (c[2] * c[2]);
  t = (x - c[1]) / sqrt(2.0 * c[2]);
  if (s1 * s1 > s2) {
    a = 1.0 / (s1 - sqrt(s1 * s1 - s2));
    delta = s1 * a * a * a - a * a;
    l = a * a - 2.0 * delta;
  } else {
    if (c[3] == 0.0) return PM_SUCCESS;
    a = 1.0 / s1;
    delta = 0.0;
    l = c[2] * c[2] * c[2] / (c[3] * c[3]);
  }
  if (!(l > 0.0) || !(delta >= 0.0) || !isfinite(l))
    return pm_error(PM_ENUMERIC,
                    "sum of chi-squared variables: Davies's method failed and "
                    "the Liu et al. approximation has no valid degrees of "
                    "freedom (%g); check the weights", l);
  q = t * M_SQRT2 * a + l + delta;
  *p = ncchisq_upper(q, l, delta);
  return PM_SUCCESS;
}

static int check_terms(double x, const double *lambda, const int *df,
                       size_t n, double acc, long lim)
{
  int nonzero = 0;
  if (n == 0 || !lambda || !df)
    return pm_error(PM_EINPUT, "sum of chi-squared variables: no terms; "
                               "give at least one weight and its df");
  if (!isfinite(x))
    return pm_error(PM_EINPUT, "sum of chi-squared variables: the point x "
                               "is %g; it must be finite", x);
  if (!(acc > 0.0) || !isfinite(acc) || lim < 1)
    return pm_error(PM_EINPUT, "sum of chi-squared variables: accuracy %g "
                    "and term limit %ld; both must be positive", acc, lim);
  for (size_t j = 0; j < n; j++) {
    if (!isfinite(lambda[j]))
      return pm_error(PM_EINPUT, "sum of chi-squared variables: weight "
                      "lambda[%zu] is %g; every weight must be finite",
                      j, lambda[j]);
    if (df[j] < 1)
      return pm_error(PM_EINPUT, "sum of chi-squared variables: df[%zu] is "
                      "%d; degrees of freedom must be positive integers",
                      j, df[j]);
    nonzero |= lambda[j] != 0.0;
  }
  if (!nonzero)
    return pm_error(PM_EINPUT, "sum of chi-squared variables: all %zu "
                    "weights are zero; at least one must be non-zero", n);
  return PM_SUCCESS;
}

int pm_chisq_sum_upper_tol(double x, const double *lambda, const int *df,
                           size_t n, double acc, long lim, double *p)
{
  int status = check_terms(x, lambda, df, n, acc, lim), fault;
  davies_t dv = {lambda, df, n, NULL, 0.0, 0.0, 0.0, 0.0, 0};
  const double **order = NULL;
  double cdf = 0.0;
  if (status) return status;
  dv.th = malloc(n * sizeof *dv.th);
  order = malloc(n * sizeof *order);
  if (!dv.th || !order) {
    status = pm_error_nomem();
    goto cleanup;
  }
  for (size_t j = 0; j < n; j++) order[j] = lambda + j;
  qsort(order, n, sizeof *order, by_decreasing_abs);
  for (size_t j = 0; j < n; j++) dv.th[j] = (size_t)(order[j] - lambda);
  fault = davies_cdf(&dv, x, acc, lim, &cdf);
  if (fault == DV_OK || fault == DV_ROUNDOFF) *p = 1.0 - cdf;
  else status = liu_upper(x, lambda, df, n, p);
cleanup:
  free(order);
  free(dv.th);
  return status;
}

int pm_chisq_sum_upper(double x, const double *lambda, const int *df,
                       size_t n, double *p)
{
  return pm_chisq_sum_upper_tol(x, lambda, df, n, PM_CHISQ_ACC, PM_CHISQ_LIM,
                                p);
}
