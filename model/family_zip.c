/* family_zip.c: the zero-inflated Poisson family of Wood, Pya & Saefken
 * (2016, JASA 111:1548-1563, its zero-inflated Poisson example and
 * supplementary appendix), as mgcv 1.8-41's ziP(b = 0) defines it.
 *
 * The linear predictor gamma is the log of the Poisson mean, lambda =
 * exp(gamma), given presence; presence has probability p = 1 - exp(-exp(e))
 * with e = theta_1 + (b + exp(theta_2)) gamma, so that
 *   y = 0:  l = log(1 - p) = -exp(e),
 *   y > 0:  l = log p + y gamma - log(exp(lambda) - 1) - log y!,
 * the second a zero-truncated Poisson given presence.  The "deviance" of a
 * row is -2 l (the link is the identity, and the fitted value mgcv reports
 * is gamma itself); the reported deviance subtracts the saturated -2 l
 * (gamma maximising l, 0 at y = 0).
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "pm_family.h"
#include "pm_error.h"

#include <math.h>

/* The saturated gamma of a positive count: Newton's method on the concave
 * l(gamma) from log y, with step halving, until the step is below this
 * (absolute, in gamma) or after this many steps. */
#define PM_ZIP_SATURATED_TOL 1e-12
#define PM_ZIP_SATURATED_MAX_ITER 100
#define PM_ZIP_MAX_HALVINGS 50
/* The null model's constant gamma: golden section search over mgcv's
 * interval (mean(y)/5, 3 mean(y)) to this absolute tolerance (at most
 * 200 steps; 0.618^200 of the interval is far below it). */
#define PM_ZIP_NULL_TOL 1e-10
#define PM_ZIP_NULL_MAX_ITER 200
#define PM_ZIP_NULL_LOWER (1.0 / 5.0)
#define PM_ZIP_NULL_UPPER 3.0
/* x / (exp(x) - 1) by its series below this x: the truncation error,
 * x^4/720, is then under 1e-22 and the rounding of the closed forms'
 * differences (about DBL_EPSILON / x relative) is avoided. */
#define PM_ZIP_SERIES_X 1e-5

/* x / (exp(x) - 1) for x >= 0 (1 at x = 0), and its first two derivatives
 * in log x: with r(x) this function, dr/dlog x = r (1 - x - r) and
 * d2r/dlog x^2 = r' (1 - x - 2 r) - r x.  Below PM_ZIP_SERIES_X the
 * differences 1 - x - r would cancel: the series r = 1 - x/2 + x^2/12
 * instead (Bernoulli numbers; Abramowitz & Stegun 1964, 23.1.1). */
static void ratio_derivs(double x, double r[3])
{
  if (x < PM_ZIP_SERIES_X) {
    r[0] = 1 - x / 2 + x * x / 12;
    r[1] = -x / 2 + x * x / 6;
    r[2] = -x / 2 + x * x / 3;
    return;
  }
  r[0] = x / expm1(x);
  r[1] = r[0] * (1 - x - r[0]);
  r[2] = r[1] * (1 - x - 2 * r[0]) - r[0] * x;
}

/* A(e) = log p = log(1 - exp(-exp(e))) and A', A'', A''' in e:
 * A' = E / (exp(E) - 1) with E = exp(e). */
static void log_presence(double e, double a[4])
{
  double E = exp(e), r[3];

  ratio_derivs(E, r);
  a[0] = log(-expm1(-E));
  a[1] = r[0];
  a[2] = r[1];
  a[3] = r[2];
}

/* B(gamma) = log(exp(lambda) - 1), lambda = exp(gamma), the zero-truncated
 * Poisson's cumulant, and B', B'', B''' (its mean, variance and third
 * cumulant): B' = lambda + r(lambda). */
static void truncated_cumulant(double gamma, double b[4])
{
  double lambda = exp(gamma), r[3];

  ratio_derivs(lambda, r);
  b[0] = lambda > 1 ? lambda + log1p(-exp(-lambda)) : log(expm1(lambda));
  b[1] = lambda + r[0];
  b[2] = lambda + r[1];
  b[3] = lambda + r[2];
}

/* e and its slope de/dgamma. */
static double presence_eta(const pm_family *fam, double gamma, double *c)
{
  *c = PM_ZIP_B + exp(fam->zip[1]);
  return fam->zip[0] + *c * gamma;
}

double pm_zip_loglik(const pm_family *fam, double y, double gamma)
{
  double c, e = presence_eta(fam, gamma, &c), a[4], b[4];

  if (y == 0) return -exp(e);
  log_presence(e, a);
  truncated_cumulant(gamma, b);
  return a[0] + y * gamma - b[0] - lgamma(y + 1);
}

void pm_zip_derivs(const pm_family *fam, double y, double gamma, double d[4])
{
  double c, e = presence_eta(fam, gamma, &c), E = exp(e), a[4], b[4];
  double p = -expm1(-E);

  log_presence(e, a);
  truncated_cumulant(gamma, b);
  if (y == 0) {
    d[0] = -c * E;
    d[1] = c * c * E;
    d[2] = c * c * c * E;
  } else {
    d[0] = c * a[1] + y - b[1];
    d[1] = b[2] - c * c * a[2];
    d[2] = b[3] - c * c * c * a[3];
  }
  /* the expectation over y of -l'': zero with probability 1 - p */
  d[3] = fmax(0, p * b[2] + c * c * ((1 - p) * E - p * a[2]));
}

double pm_zip_saturated(const pm_family *fam, double y)
{
  double g = log(y), l, d[4];
  int it, h;

  if (y == 0) return 0;
  l = pm_zip_loglik(fam, y, g);
  for (it = 0; it < PM_ZIP_SATURATED_MAX_ITER; it++) {
    double step, lt;
    pm_zip_derivs(fam, y, g, d);
    if (!(d[1] > 0)) break;
    step = d[0] / d[1];
    for (h = 0; h < PM_ZIP_MAX_HALVINGS; h++, step /= 2)
      if ((lt = pm_zip_loglik(fam, y, g + step)) >= l) break;
    if (h == PM_ZIP_MAX_HALVINGS) break;
    g += step;
    l = lt;
    if (fabs(step) < PM_ZIP_SATURATED_TOL) break;
  }
  return -2 * l;
}

typedef struct {
  const pm_family *fam;
  const double *y;
  size_t n;
} null_data;

static double null_objective(double gamma, const null_data *nd)
{
  double dev = 0;
  size_t i;

  for (i = 0; i < nd->n; i++)
    dev -= 2 * pm_zip_loglik(nd->fam, nd->y[i], gamma);
  return dev;
}

/* The least -2 l sum of a constant gamma within [lo, hi], by golden
 * section search (Kiefer 1953, Proc. Amer. Math. Soc. 4:502-506), which
 * like R's optimize() needs no bracket inside the interval. */
static double null_minimum(const null_data *nd, double lo, double hi)
{
  const double r = (sqrt(5.0) - 1) / 2;
  double a = hi - r * (hi - lo), b = lo + r * (hi - lo);
  double fa = null_objective(a, nd), fb = null_objective(b, nd);
  int it;

  for (it = 0; it < PM_ZIP_NULL_MAX_ITER && hi - lo > PM_ZIP_NULL_TOL; it++) {
    if (fa <= fb) {
      hi = b, b = a, fb = fa;
      a = hi - r * (hi - lo);
      fa = null_objective(a, nd);
    } else {
      lo = a, a = b, fa = fb;
      b = lo + r * (hi - lo);
      fb = null_objective(b, nd);
    }
  }
  return fmin(fa, fb);
}

double pm_zip_null_deviance(const pm_family *fam, const double *y, size_t n)
{
  null_data nd = {fam, y, n};
  double ybar = 0, sat = 0;
  size_t i;

  for (i = 0; i < n; i++) {
    ybar += y[i] / (double)n;
    sat += pm_zip_saturated(fam, y[i]);
  }
  /* mgcv's ziP() searches the constant linear predictor between mean(y)/5
   * and 3 mean(y) */
  return null_minimum(&nd, PM_ZIP_NULL_LOWER * ybar, PM_ZIP_NULL_UPPER * ybar) -
         sat;
}

double pm_zip_mean(const pm_family *fam, double gamma, double *dmean)
{
  double c, e = presence_eta(fam, gamma, &c), E = exp(e), lambda = exp(gamma);
  double p = -expm1(-E), m = lambda > 0 ? lambda / -expm1(-lambda) : 1.0;

  /* E(y) = p lambda / (1 - exp(-lambda)), and its derivative in gamma:
   * dp/dgamma = c E exp(-E), dm/dgamma = (lambda + 1) m - m^2 */
  if (dmean) *dmean = c * E * exp(-E) * m + p * ((lambda + 1) * m - m * m);
  return p * m;
}
