/* test_family_draw.c: random responses of the Poisson, negative binomial
 * and Tweedie families (pm_family_draw): the moments and the share of
 * zeros of 200,000 draws against their theoretical values, the same draws
 * from the same seed, and NAN for the families and parameters it does not
 * take.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "pm_family_draw.h"
#include "pm_test.h"

#include <gsl/gsl_rng.h>

#define N_DRAWS 200000
#define SEED 20260611UL

/* Theoretical moments of one family at one mean. */
typedef struct {
  const char *what;
  pm_family fam;
  double mu, phi;
  double var;   /* variance */
  double zero;  /* probability of 0, NAN when not checked */
} draw_case;

/* n draws from seed `seed` into y. */
static void draw(const draw_case *c, unsigned long seed, double *y, size_t n)
{
  gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
  size_t i;
  if (!r) {
    printf("Bail out! cannot allocate a generator\n");
    exit(1);
  }
  gsl_rng_set(r, seed);
  for (i = 0; i < n; i++) y[i] = pm_family_draw(&c->fam, c->mu, c->phi, r);
  gsl_rng_free(r);
}

static void check_case(const draw_case *c, double *y, double *y2)
{
  double mean = 0, var = 0, zeros = 0, se, se0;
  size_t i, n = N_DRAWS;
  int finite = 1;

  draw(c, SEED, y, n);
  for (i = 0; i < n; i++) {
    finite &= isfinite(y[i]) && y[i] >= 0;
    mean += y[i];
    zeros += y[i] == 0;
  }
  mean /= n;
  zeros /= n;
  for (i = 0; i < n; i++) var += (y[i] - mean) * (y[i] - mean);
  var /= n - 1;
  se = sqrt(c->var / n);
  pm_test_ok(finite, "%s: every draw finite and non-negative", c->what);
  pm_test_ok(fabs(mean - c->mu) <= 4 * se,
             "%s: mean %.5g within 4 SE (%.3g) of mu = %g", c->what, mean, se,
             c->mu);
  pm_test_rel(var, c->var, 0.03, "%s: variance %.5g within 3%% of %.5g",
              c->what, var, c->var);
  if (!isnan(c->zero)) {
    se0 = sqrt(c->zero * (1 - c->zero) / n);
    pm_test_ok(fabs(zeros - c->zero) <= 4 * se0,
               "%s: share of zeros %.5g within 4 SE (%.2g) of %.5g", c->what,
               zeros, se0, c->zero);
  }
  draw(c, SEED, y2, n);
  pm_test_ok(memcmp(y, y2, n * sizeof *y) == 0,
             "%s: the same seed gives the same draws", c->what);
  draw(c, SEED + 1, y2, n);
  pm_test_ok(memcmp(y, y2, n * sizeof *y) != 0,
             "%s: another seed gives other draws", c->what);
}

static pm_family family(pm_family_kind kind, double theta, double p)
{
  pm_family f;
  memset(&f, 0, sizeof f);
  f.kind = kind;
  f.link = PM_LINK_LOG;
  f.theta = theta;
  f.p = p;
  return f;
}

/* A Tweedie case: lambda = mu^(2-p) / (phi (2-p)) and P(0) = exp(-lambda)
 * (Dunn & Smyth 2005, section 2); variance phi mu^p. */
static draw_case tweedie_case(const char *what, double p, double phi,
                              double mu)
{
  draw_case c;
  c.what = what;
  c.fam = family(PM_FAMILY_TWEEDIE, 1, p);
  c.mu = mu;
  c.phi = phi;
  c.var = phi * pow(mu, p);
  c.zero = exp(-pow(mu, 2 - p) / (phi * (2 - p)));
  return c;
}

/* A negative binomial case of size theta: MASS's variance
 * mu + mu^2 / theta and dnbinom(0, size = theta, mu = mu) =
 * (theta / (theta + mu))^theta.  With theta = 2 and mu = 5 the variance
 * is 17.5; a parametrisation taking theta as 1/size would give
 * 5 + 2 * 25 = 55, and GSL's p and 1 - p swapped a mean of 0.8:
 * the checks tell them apart. */
static draw_case negbin_case(const char *what, double theta, double mu)
{
  draw_case c;
  c.what = what;
  c.fam = family(PM_FAMILY_NEGBIN, theta, 1.5);
  c.mu = mu;
  c.phi = 1;
  c.var = mu + mu * mu / theta;
  c.zero = pow(theta / (theta + mu), theta);
  return c;
}

static draw_case poisson_case(const char *what, double mu)
{
  draw_case c;
  c.what = what;
  c.fam = family(PM_FAMILY_POISSON, 1, 1.5);
  c.mu = mu;
  c.phi = 1;
  c.var = mu;
  c.zero = exp(-mu);
  return c;
}

/* Families it does not take, bad parameters, and mu = 0. */
static void check_edges(void)
{
  static const pm_family_kind other[] = {PM_FAMILY_GAMMA, PM_FAMILY_GAUSSIAN,
                                         PM_FAMILY_BINOMIAL, PM_FAMILY_ZIP};
  gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
  pm_family f;
  size_t k;
  int nan_all = 1;

  if (!r) {
    printf("Bail out! cannot allocate a generator\n");
    exit(1);
  }
  for (k = 0; k < sizeof other / sizeof other[0]; k++) {
    f = family(other[k], 1, 1.5);
    nan_all &= isnan(pm_family_draw(&f, 2, 1, r));
  }
  pm_test_ok(nan_all, "Gamma, Gaussian, binomial and ziP give NAN");
  f = family(PM_FAMILY_POISSON, 1, 1.5);
  pm_test_ok(pm_family_draw(&f, 0, 1, r) == 0, "Poisson: mu 0 gives 0");
  pm_test_ok(isnan(pm_family_draw(&f, -1, 1, r)) &&
                 isnan(pm_family_draw(&f, NAN, 1, r)) &&
                 isnan(pm_family_draw(&f, INFINITY, 1, r)),
             "a negative, NAN or infinite mu gives NAN");
  f = family(PM_FAMILY_NEGBIN, 2, 1.5);
  pm_test_ok(pm_family_draw(&f, 0, 1, r) == 0, "negbin: mu 0 gives 0");
  f.theta = 0;
  pm_test_ok(isnan(pm_family_draw(&f, 3, 1, r)), "negbin: theta 0 gives NAN");
  f = family(PM_FAMILY_TWEEDIE, 1, 1.5);
  pm_test_ok(pm_family_draw(&f, 0, 2, r) == 0, "Tweedie: mu 0 gives 0");
  pm_test_ok(isnan(pm_family_draw(&f, 3, 0, r)), "Tweedie: phi 0 gives NAN");
  f.p = 2;
  pm_test_ok(isnan(pm_family_draw(&f, 3, 1, r)), "Tweedie: p = 2 gives NAN");
  gsl_rng_free(r);
}

int main(void)
{
  draw_case cases[6];
  double *y = malloc(N_DRAWS * sizeof *y), *y2 = malloc(N_DRAWS * sizeof *y2);
  size_t k;

  if (!y || !y2) {
    printf("Bail out! out of memory\n");
    return 1;
  }
  cases[0] = poisson_case("Poisson mu 0.5", 0.5);
  cases[1] = poisson_case("Poisson mu 40", 40);
  cases[2] = negbin_case("negbin theta 2 mu 0.5", 2, 0.5);
  cases[3] = negbin_case("negbin theta 2 mu 5", 2, 5);
  cases[4] = tweedie_case("Tweedie p 1.5 phi 1 mu 1", 1.5, 1, 1);
  cases[5] = tweedie_case("Tweedie p 1.3 phi 2 mu 10", 1.3, 2, 10);
  for (k = 0; k < 6; k++) check_case(&cases[k], y, y2);
  check_edges();
  free(y);
  free(y2);
  return pm_test_done();
}
