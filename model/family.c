/* family.c: the exponential families: names, variance, admissible
 * responses, starting means, deviance and log-likelihoods.
 *
 * Each family is as R's stats/MASS/mgcv define it: poisson(), binomial(),
 * Gamma(), gaussian(), MASS::negative.binomial(theta), mgcv's Tweedie(p)
 * and mgcv's ziP() (its log-likelihood and derivatives in family_zip.c)
 * (McCullagh & Nelder 1989, Generalized Linear Models, 2nd ed., chapter 2
 * and table 2.1; Wood 2017, Generalized Additive Models, 2nd ed.,
 * section 3.1).  The saturated log-likelihoods ls(phi) follow mgcv's
 * fix.family.ls, nb()$ls and Tweedie()$ls (Wood 2011, JRSSB 73:3-36,
 * section 2; Wood, Pya & Saefken 2016, JASA 111:1548-1563, section 3).
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "count_table.h"
#include "pm_family.h"
#include "pm_error.h"

#include <gsl/gsl_sf_psi.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Starting means, each family's initialize expression: R's poisson() takes
 * y + 0.1, MASS's negative.binomial() y + (y == 0)/6, mgcv's Tweedie() and
 * tw() y + 0.1 (y == 0), all to keep log(mu) finite at y = 0; binomial()
 * (w y + 0.5)/(w + 1) is written out with its prior weight w = 1. */
#define PM_POISSON_MUSTART_SHIFT 0.1
#define PM_NEGBIN_MUSTART_DIVISOR 6.0
#define PM_TWEEDIE_MUSTART_SHIFT 0.1
/* mgcv's ziP() starts its linear predictor at log(y + (y == 0)/5). */
#define PM_ZIP_GAMMASTART_ZERO 0.2
/* R's family names paste theta and p rounded to 3 decimals, round(x, 3). */
#define PM_DESCRIBE_SCALE 1000.0

static const struct {
  const char *name;
  pm_family_kind kind;
  pm_link_kind link;
} family_table[] = {
    {"poisson", PM_FAMILY_POISSON, PM_LINK_LOG},
    {"negbin", PM_FAMILY_NEGBIN, PM_LINK_LOG},
    {"tweedie", PM_FAMILY_TWEEDIE, PM_LINK_LOG},
    {"gamma", PM_FAMILY_GAMMA, PM_LINK_LOG},
    {"gaussian", PM_FAMILY_GAUSSIAN, PM_LINK_IDENTITY},
    {"binomial", PM_FAMILY_BINOMIAL, PM_LINK_LOGIT},
    {"ziP", PM_FAMILY_ZIP, PM_LINK_IDENTITY},
};
#define N_FAMILIES (sizeof family_table / sizeof family_table[0])

/* Entry i of the table with its default theta and power. */
static void family_init(pm_family *fam, size_t i)
{
  fam->kind = family_table[i].kind;
  fam->link = family_table[i].link;
  fam->theta = PM_NEGBIN_THETA_START;
  fam->p = PM_TWEEDIE_P_START;
  fam->zip[0] = fam->zip[1] = PM_ZIP_THETA_START;
}

int pm_family_from_name(pm_family *fam, const char *name)
{
  size_t i;
  for (i = 0; name && i < N_FAMILIES; i++)
    if (strcmp(name, family_table[i].name) == 0) {
      family_init(fam, i);
      return PM_SUCCESS;
    }
  return pm_error(PM_EINPUT, "unknown family '%s'; the known families are "
                  "poisson, negbin, tweedie, gamma, gaussian, binomial and ziP",
                  name ? name : "");
}

const char *pm_family_name(const pm_family *fam)
{
  size_t i;
  for (i = 0; i < N_FAMILIES; i++)
    if (family_table[i].kind == fam->kind) return family_table[i].name;
  return "unknown";
}

void pm_family_describe(const pm_family *fam, char *buf, size_t size)
{
  /* R pastes round(x, 3) with up to 15 significant digits */
  double theta = round(fam->theta * PM_DESCRIBE_SCALE) / PM_DESCRIBE_SCALE;
  double p = round(fam->p * PM_DESCRIBE_SCALE) / PM_DESCRIBE_SCALE;
  switch (fam->kind) {
  case PM_FAMILY_POISSON: snprintf(buf, size, "poisson"); return;
  case PM_FAMILY_NEGBIN: snprintf(buf, size, "Negative Binomial(%.15g)", theta); return;
  case PM_FAMILY_TWEEDIE: snprintf(buf, size, "Tweedie(p=%.15g)", p); return;
  case PM_FAMILY_GAMMA: snprintf(buf, size, "Gamma"); return;
  case PM_FAMILY_GAUSSIAN: snprintf(buf, size, "gaussian"); return;
  case PM_FAMILY_BINOMIAL: snprintf(buf, size, "binomial"); return;
  case PM_FAMILY_ZIP: /* mgcv pastes getTheta(TRUE), rounded */
    snprintf(buf, size, "Zero inflated Poisson(%.15g,%.15g)",
             round(fam->zip[0] * PM_DESCRIBE_SCALE) / PM_DESCRIBE_SCALE,
             round((PM_ZIP_B + exp(fam->zip[1])) * PM_DESCRIBE_SCALE) /
                 PM_DESCRIBE_SCALE);
    return;
  }
  snprintf(buf, size, "unknown");
}

int pm_family_scale_known(const pm_family *fam)
{
  return fam->kind == PM_FAMILY_POISSON || fam->kind == PM_FAMILY_NEGBIN ||
         fam->kind == PM_FAMILY_BINOMIAL || fam->kind == PM_FAMILY_ZIP;
}

int pm_family_canonical(const pm_family *fam)
{
  return (fam->kind == PM_FAMILY_POISSON && fam->link == PM_LINK_LOG) ||
         (fam->kind == PM_FAMILY_BINOMIAL && fam->link == PM_LINK_LOGIT) ||
         (fam->kind == PM_FAMILY_GAUSSIAN && fam->link == PM_LINK_IDENTITY);
}

void pm_family_variance(const pm_family *fam, double mu, double v[3])
{
  double p = fam->p;
  switch (fam->kind) {
  case PM_FAMILY_POISSON: v[0] = mu; v[1] = 1.0; v[2] = 0.0; return;
  case PM_FAMILY_NEGBIN: /* mu + mu^2 / theta */
    v[0] = mu + mu * mu / fam->theta;
    v[1] = 1.0 + 2.0 * mu / fam->theta;
    v[2] = 2.0 / fam->theta;
    return;
  case PM_FAMILY_TWEEDIE: /* mu^p */
    v[0] = pow(mu, p);
    v[1] = p * pow(mu, p - 1.0);
    v[2] = p * (p - 1.0) * pow(mu, p - 2.0);
    return;
  case PM_FAMILY_GAMMA: v[0] = mu * mu; v[1] = 2.0 * mu; v[2] = 2.0; return;
  case PM_FAMILY_GAUSSIAN: v[0] = 1.0; v[1] = v[2] = 0.0; return;
  case PM_FAMILY_BINOMIAL:
    v[0] = mu * (1.0 - mu); v[1] = 1.0 - 2.0 * mu; v[2] = -2.0;
    return;
  case PM_FAMILY_ZIP: break; /* no variance function: pm_zip_derivs */
  }
  v[0] = v[1] = v[2] = NAN;
}

/* Poisson (negbin = 0), negative binomial (negbin = 1) and zero-inflated
 * Poisson (negbin = 2) counts; expected counts need not be whole. */
static const char *check_count(double y, int negbin, int expected_counts)
{
  static const char *msg[3][3] = {
      {"a Poisson count must be a finite number",
       "a Poisson count must not be negative",
       "a Poisson count must be a whole number"},
      {"a negative binomial count must be a finite number",
       "a negative binomial count must not be negative",
       "a negative binomial count must be a whole number"},
      {"a zero-inflated Poisson count must be a finite number",
       "a zero-inflated Poisson count must not be negative",
       "a zero-inflated Poisson count must be a whole number"}};
  if (!isfinite(y)) return msg[negbin][0];
  if (y < 0.0) return msg[negbin][1];
  if (!expected_counts && y != floor(y)) return msg[negbin][2];
  return NULL;
}

const char *pm_family_check_y(const pm_family *fam, double y,
                              int expected_counts)
{
  switch (fam->kind) {
  case PM_FAMILY_POISSON: return check_count(y, 0, expected_counts);
  case PM_FAMILY_NEGBIN: return check_count(y, 1, expected_counts);
  case PM_FAMILY_TWEEDIE:
    if (!isfinite(y)) return "a Tweedie response must be a finite number";
    return y < 0.0 ? "a Tweedie response must not be negative" : NULL;
  case PM_FAMILY_GAMMA:
    if (!isfinite(y)) return "a Gamma response must be a finite number";
    return y <= 0.0 ? "a Gamma response must be positive" : NULL;
  case PM_FAMILY_GAUSSIAN:
    return isfinite(y) ? NULL : "a Gaussian response must be a finite number";
  case PM_FAMILY_BINOMIAL:
    return y >= 0.0 && y <= 1.0 ? NULL
                                : "a binomial response must lie in [0, 1]";
  case PM_FAMILY_ZIP:
    /* its presence part tells y = 0 from y >= 1, and an expected count in
     * (0, 1) is neither: mgcv's ziP() refuses non-whole counts too */
    if (expected_counts && y >= 0.0 && isfinite(y) && y != floor(y))
      return "a zero-inflated Poisson count must be a whole number, even an "
             "expected count (its presence tells 0 from 1 or more)";
    return check_count(y, 2, 0);
  }
  return "unknown family";
}

double pm_family_mustart(const pm_family *fam, double y)
{
  switch (fam->kind) {
  case PM_FAMILY_POISSON: return y + PM_POISSON_MUSTART_SHIFT;
  case PM_FAMILY_NEGBIN: return y + (y == 0.0) / PM_NEGBIN_MUSTART_DIVISOR;
  case PM_FAMILY_TWEEDIE: return y + PM_TWEEDIE_MUSTART_SHIFT * (y == 0.0);
  case PM_FAMILY_GAMMA:
  case PM_FAMILY_GAUSSIAN: return y;
  case PM_FAMILY_BINOMIAL: return (y + 0.5) / 2.0;
  case PM_FAMILY_ZIP: /* ziP()'s initialize: the linear predictor itself */
    return log(y + (y == 0.0) * PM_ZIP_GAMMASTART_ZERO);
  }
  return NAN;
}

/* a log(a / b), taken as 0 at a = 0 (the limit). */
static double xlogxy(double a, double b)
{
  return a == 0.0 ? 0.0 : a * (log(a) - log(b));
}

/* (a^q - b^q) / q for the Tweedie deviance. */
static double pow_diff(double a, double b, double q)
{
  return (exp(q * log(a)) - exp(q * log(b))) / q;
}

double pm_family_deviance(const pm_family *fam, double y, double mu)
{
  double th = fam->theta, p = fam->p;
  switch (fam->kind) {
  case PM_FAMILY_POISSON: return 2.0 * (xlogxy(y, mu) - (y - mu));
  case PM_FAMILY_NEGBIN:
    /* MASS and mgcv's nb() write y log(max(1, y) / mu), which is y log(y /
     * mu) at every whole count; at an expected count in (0, 1) only
     * y log(y / mu) makes the unit deviance 0 at mu = y, as the saturated
     * log-likelihood of nb()$ls (y log y) has it */
    return 2.0 * (xlogxy(y, mu) - (y + th) * log1p((y - mu) / (mu + th)));
  case PM_FAMILY_TWEEDIE: /* mgcv's Tweedie()$dev.resids */
    return fmax(0.0, 2.0 * (y * pow_diff(y + (y == 0.0), mu, 1.0 - p) -
                            pow_diff(y, mu, 2.0 - p)));
  case PM_FAMILY_GAMMA:
    return -2.0 * ((y == 0.0 ? 0.0 : log(y) - log(mu)) - (y - mu) / mu);
  case PM_FAMILY_GAUSSIAN: return (y - mu) * (y - mu);
  case PM_FAMILY_BINOMIAL:
    return 2.0 * (xlogxy(y, mu) + xlogxy(1.0 - y, 1.0 - mu));
  case PM_FAMILY_ZIP: /* -2 l, ziP()'s dev.resids; mu is gamma */
    return -2.0 * pm_zip_loglik(fam, y, mu);
  }
  return NAN;
}

/* log dbinom(round(y), 1, mu), as R's binomial()$aic with unit weights. */
static double binomial_logf(double y, double mu)
{
  return round(y) == 1.0 ? log(mu) : log1p(-mu);
}

/* log dnbinom(y, size = theta, mu = mu) (Venables & Ripley 2002, 7.4). */
static double negbin_logf(double y, double mu, double th)
{
  double l = lgamma(th + y) - lgamma(th) - lgamma(y + 1.0) - th * log1p(mu / th);
  return y == 0.0 ? l : l + y * (log(mu) - log(th + mu));
}

/* log dgamma(y, shape = 1/phi, scale = mu phi). */
static double gamma_logf(double y, double mu, double phi)
{
  double a = 1.0 / phi, s = mu * phi;
  return -lgamma(a) - a * log(s) + (a - 1.0) * log(y) - y / s;
}

static double unit_logf(const pm_family *fam, double y, double mu, double phi)
{
  double d[2];
  switch (fam->kind) {
  case PM_FAMILY_POISSON: return (y == 0.0 ? 0.0 : y * log(mu)) - mu - lgamma(y + 1.0);
  case PM_FAMILY_NEGBIN: return negbin_logf(y, mu, fam->theta);
  case PM_FAMILY_TWEEDIE: return pm_tweedie_logdensity(y, mu, phi, fam->p, d);
  case PM_FAMILY_GAMMA: return gamma_logf(y, mu, phi);
  case PM_FAMILY_GAUSSIAN:
    return -0.5 * log(2.0 * M_PI * phi) - (y - mu) * (y - mu) / (2.0 * phi);
  case PM_FAMILY_BINOMIAL: return binomial_logf(y, mu);
  case PM_FAMILY_ZIP: return pm_zip_loglik(fam, y, mu);
  }
  return NAN;
}

double pm_family_loglik(const pm_family *fam, const double *y,
                        const double *mu, size_t n, double phi)
{
  double l = 0.0;
  size_t i;
  for (i = 0; i < n; i++) l += unit_logf(fam, y[i], mu[i], phi);
  return l;
}

/* nb()$ls over distinct counts v with multiplicities times (1 each when
 * NULL): ls = sum log dnbinom(y, theta, mu = y), derivatives in log theta
 * through the digamma and trigamma functions. */
static void negbin_ls_sum(const double *v, const double *times, size_t m,
                          double theta, double ls[3])
{
  double l = 0.0, l1 = 0.0, l2 = 0.0, th = theta, lth = log(theta);
  double psi_th = gsl_sf_psi(th), psi1_th = gsl_sf_psi_1(th), yth, lyth, psi;
  size_t i;
  for (i = 0; i < m; i++) {
    double c = times ? times[i] : 1.0;
    yth = v[i] + th;
    lyth = log(yth);
    psi = gsl_sf_psi(yth);
    l += c * negbin_logf(v[i], v[i], th);
    l1 -= c * th * (lyth - psi + psi_th - lth);
    l2 -= c * th * (lyth - th * gsl_sf_psi_1(yth) - psi + th / yth +
                    th * psi1_th + psi_th - lth - 1.0);
  }
  ls[0] = l;
  ls[1] = l1;
  ls[2] = l2;
}

void pm_negbin_ls_table(const pm_count_table *t, double theta, double ls[3])
{
  negbin_ls_sum(t->value, t->times, t->m, theta, ls);
}

void pm_negbin_ls(const double *y, size_t n, double theta, double ls[3])
{
  pm_count_table t;

  /* without memory for the table, row by row */
  if (pm_count_table_make(&t, y, n) != PM_SUCCESS) {
    pm_error_clear();
    negbin_ls_sum(y, NULL, n, theta, ls);
    return;
  }
  negbin_ls_sum(t.value, t.times, t.m, theta, ls);
  pm_count_table_free(&t);
}

/* Gamma: ls = sum k(phi) - log y with k = -lgamma(1/phi) - log(phi)/phi - 1/phi. */
static void gamma_ls(const double *y, size_t n, double s, double ls[3])
{
  double k = -lgamma(1.0 / s) - log(s) / s - 1.0 / s, psi = gsl_sf_psi(1.0 / s);
  double m = (double)n;
  size_t i;
  ls[0] = m * k;
  for (i = 0; i < n; i++) ls[0] -= log(y[i]);
  ls[1] = m * (psi + log(s)) / (s * s);
  ls[2] = m * (-gsl_sf_psi_1(1.0 / s) / s + 1.0 - 2.0 * log(s) - 2.0 * psi) /
          (s * s * s);
}

void pm_tweedie_ls(const double *y, size_t n, double phi, double p,
                   double ls[3], double dp[3])
{
  double d[2], di[3];
  size_t i, k;
  ls[0] = ls[1] = ls[2] = 0.0;
  for (k = 0; dp && k < 3; k++) dp[k] = 0.0;
  for (i = 0; i < n; i++) {
    ls[0] += pm_tweedie_logdensity_dp(y[i], y[i], phi, p, d, dp ? di : NULL);
    ls[1] += d[0];
    ls[2] += d[1];
    for (k = 0; dp && k < 3; k++) dp[k] += di[k];
  }
}

void pm_family_ls(const pm_family *fam, const double *y, size_t n, double phi,
                  double ls[3])
{
  double m = (double)n;
  ls[0] = ls[1] = ls[2] = 0.0;
  switch (fam->kind) {
  case PM_FAMILY_NEGBIN:
    pm_negbin_ls(y, n, fam->theta, ls);
    ls[1] = ls[2] = 0.0;
    return;
  case PM_FAMILY_TWEEDIE: pm_tweedie_ls(y, n, phi, fam->p, ls, NULL); return;
  case PM_FAMILY_GAMMA: gamma_ls(y, n, phi, ls); return;
  case PM_FAMILY_GAUSSIAN:
    ls[0] = -0.5 * m * log(2.0 * M_PI * phi);
    ls[1] = -0.5 * m / phi;
    ls[2] = 0.5 * m / (phi * phi);
    return;
  case PM_FAMILY_POISSON:
  case PM_FAMILY_BINOMIAL:
    ls[0] = pm_family_loglik(fam, y, y, n, 1.0);
    return;
  case PM_FAMILY_ZIP: return; /* ziP()$ls is 0: the deviance is -2 l */
  }
}

double pm_family_mean(const pm_family *fam, double eta, double *dmean)
{
  if (fam->kind == PM_FAMILY_ZIP) return pm_zip_mean(fam, eta, dmean);
  if (dmean) *dmean = pm_link_dmu_deta(fam->link, eta);
  return pm_link_mu(fam->link, eta);
}

void pm_family_dparam(const pm_family *fam, double y, double mu, double d[3])
{
  if (fam->kind == PM_FAMILY_NEGBIN)
    pm_negbin_dtheta(y, mu, fam->theta, d);
  else if (fam->kind == PM_FAMILY_TWEEDIE)
    pm_tweedie_dp(y, mu, fam->p, d);
  else
    d[0] = d[1] = d[2] = 0.0;
}

void pm_family_set_param(pm_family *fam, double x)
{
  if (fam->kind == PM_FAMILY_NEGBIN) fam->theta = exp(x);
  if (fam->kind == PM_FAMILY_TWEEDIE) fam->p = x;
}
