/* tweedie.c: the Tweedie log density for 1 < p < 2 by series evaluation.
 *
 * Dunn & Smyth (2005, Statistics and Computing 15:267-280).  For y > 0
 *   f(y; mu, phi, p) = W(y, phi, p) / y * exp{(y theta - kappa) / phi},
 *   theta = mu^(1-p) / (1-p),  kappa = mu^(2-p) / (2-p)          (eq. 2-3)
 * with W = sum_{j>=1} W_j and, writing alpha = (2-p)/(1-p) < 0,
 *   log W_j = j z - log j! - log Gamma(-j alpha),
 *   z = -alpha log y + alpha log(p-1) - (1-alpha) log phi - log(2-p)  (eq. 4)
 * The terms are log-concave in j with their largest near
 *   j_max = y^(2-p) / (phi (2-p))                                  (eq. 5)
 * so the sum runs outward from j_max in both directions until the terms fall
 * below e^-50 of the largest.  Only z depends on phi, through
 * -(1-alpha) log phi = -log(phi)/(p-1), so with weights w_j = W_j / W
 *   d log W / d phi   = -E_w[j] / ((p-1) phi),
 *   d2 log W / d phi2 = E_w[j] / ((p-1) phi^2) + Var_w[j] / ((p-1) phi)^2.
 * The weights come from log W_j - log W_j_max with the differences of
 * log-gamma functions in Stirling's form, since near p = 1 or 2 with large y
 * log W_j_max is of order 1e11 and would leave the weights (and so the
 * second derivative) only five digits.  For y = 0 the density is the point
 * mass exp(-kappa / phi).
 *
 * The derivatives in p, which the REML criterion needs when p is
 * estimated with the smoothing parameters (Wood, Pya & Saefken 2016, JASA
 * 111:1548-1563, section 3), come from those of each term: with
 * m = -alpha, l'_j = d log W_j/dp = j (dz/dp - dm/dp psi(j m)) and l''_j,
 *   d log W / dp   = E_w[l'],
 *   d2 log W / dp2 = E_w[l''] + Var_w[l'],
 * psi the digamma function, plus the derivatives of (y theta - kappa)/phi.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "pm_family.h"

#include <gsl/gsl_sf_psi.h>
#include <math.h>

/* The series stops, in each direction, at the first term below e^-50 ~
 * 2e-22 of the largest so far (Dunn & Smyth 2005 sum outward from j_max
 * until the terms are negligible): far below DBL_EPSILON, and being
 * log-concave the terms fall at least geometrically beyond, so the rest
 * is negligible. */
#define PM_TWEEDIE_LOG_NEGLIGIBLE 50.0
/* From this argument on, lgamma differences use Stirling's series with the
 * four terms of stirling_rest: the first omitted term, 1/(1188 x^9), is
 * below 2.2e-14 there. */
#define PM_STIRLING_MIN 15.0
/* A j_max beyond this many terms comes only with a scale phi absurdly
 * small for y: the series is not summed and the density is NaN. */
#define PM_TWEEDIE_MAX_JMAX 1e12

/* The running sums of W_j, (j - j0) W_j and (j - j0)^2 W_j and, for the
 * derivatives in p, of a_j W_j, a_j^2 W_j, a_j (j - j0) W_j and l''_j W_j
 * (a_j = l'_j - l'_j0, l' and l'' the derivatives of log W_j in p),
 * relative to W_j0, scaled by e^-ref where ref is the largest
 * log(W_j / W_j0) so far. */
typedef struct {
  double ref, s0, s1, s2, a1, a2, ad, l2;
} tweedie_sums;

/* What the derivatives of log W_j = j z - log j! - log Gamma(j m) in p
 * need: m = (2-p)/(p-1) and its derivatives m1 = -1/(p-1)^2 and
 * m2 = 2/(p-1)^3, dz/dp and d2z/dp2, and l'_j0. */
typedef struct {
  double m, m1, m2, zp, zpp, l0;
} tweedie_p;

static double tweedie_log_wj(double j, double z, double malpha)
{
  return j * z - lgamma(j + 1.0) - lgamma(j * malpha);
}

/* Stirling's series remainder lgamma(x) - (x - 1/2) log x + x - log(2 pi)/2
 * (Abramowitz & Stegun 6.1.41), for x >= PM_STIRLING_MIN. */
static double stirling_rest(double x)
{
  double r = 1.0 / (x * x);
  return (1.0 / 12.0 - r * (1.0 / 360.0 - r * (1.0 / 1260.0 - r / 1680.0))) / x;
}

/* lgamma(x + h) - lgamma(x) without the cancellation of two large values:
 * (x - 1/2) log1p(h/x) + h log(x + h) - h + the remainders' difference. */
static double lgamma_diff(double x, double h)
{
  if (x < PM_STIRLING_MIN || x + h < PM_STIRLING_MIN)
    return lgamma(x + h) - lgamma(x);
  return (x - 0.5) * log1p(h / x) + h * log(x + h) - h +
         stirling_rest(x + h) - stirling_rest(x);
}

/* log W_j - log W_j0 for j = j0 + d: the weights, to double precision even
 * where log W_j0 itself is of order 1e11. */
static double tweedie_log_ratio(double j0, double d, double z, double malpha)
{
  return d * z - lgamma_diff(j0 + 1.0, d) - lgamma_diff(j0 * malpha, d * malpha);
}

/* Add the term j (log value lw, offset d = j - j0; with t, its a_j and
 * l''_j) to the sums. */
static void tweedie_add(tweedie_sums *s, double lw, double d, const double *t)
{
  double e, a = t ? t[0] : 0.0;
  if (lw > s->ref) { /* rescale what is summed to the new largest term */
    e = exp(s->ref - lw);
    s->s0 *= e, s->s1 *= e, s->s2 *= e;
    s->a1 *= e, s->a2 *= e, s->ad *= e, s->l2 *= e;
    s->ref = lw;
  }
  e = exp(lw - s->ref);
  s->s0 += e;
  s->s1 += d * e;
  s->s2 += d * d * e;
  if (!t) return;
  s->a1 += a * e;
  s->a2 += a * a * e;
  s->ad += a * d * e;
  s->l2 += t[1] * e;
}

/* l'_j = j (z_p - m1 psi(j m)) and
 * l''_j = j (z_pp - m2 psi(j m)) - j^2 m1^2 psi'(j m). */
static double tweedie_l1(const tweedie_p *tp, double j)
{
  return j * (tp->zp - tp->m1 * gsl_sf_psi(j * tp->m));
}

static double tweedie_l2(const tweedie_p *tp, double j)
{
  return j * (tp->zpp - tp->m2 * gsl_sf_psi(j * tp->m)) -
         j * j * tp->m1 * tp->m1 * gsl_sf_psi_1(j * tp->m);
}

/* The term j of the sums: its log weight relative to j0, and with tp its
 * derivatives in p. */
static void tweedie_term(tweedie_sums *s, double j, double j0, double z,
                         const tweedie_p *tp, double malpha, double *lw)
{
  double t[2];
  *lw = tweedie_log_ratio(j0, j - j0, z, malpha);
  if (tp) t[0] = tweedie_l1(tp, j) - tp->l0, t[1] = tweedie_l2(tp, j);
  tweedie_add(s, *lw, j - j0, tp ? t : NULL);
}

/* dz/dp and d2z/dp2 of z = m log y - m log(p-1) - log(phi)/(p-1)
 * - log(2-p), and l'_j0. */
static void tweedie_p_terms(tweedie_p *tp, double y, double phi, double p,
                            double j0)
{
  double q = p - 1.0, r = 2.0 - p, ly = log(y) - log(q);
  tp->m = r / q;
  tp->m1 = -1.0 / (q * q);
  tp->m2 = 2.0 / (q * q * q);
  tp->zp = tp->m1 * ly - tp->m / q + log(phi) / (q * q) + 1.0 / r;
  tp->zpp = tp->m2 * ly - 2.0 * tp->m1 / q + tp->m / (q * q) -
            2.0 * log(phi) / (q * q * q) + 1.0 / (r * r);
  tp->l0 = tweedie_l1(tp, j0);
}

/* log W and the mean and variance of j under the weights W_j / W; with
 * pd, the derivatives of log W in p, E[l'] and E[l''] + Var[l'], and the
 * covariance of l' with j (for d2/dp dphi). */
static double tweedie_series(double y, double phi, double p, double *mean,
                             double *var, double pd[3])
{
  double malpha = (2.0 - p) / (p - 1.0); /* -alpha > 0 */
  double z = malpha * log(y) - malpha * log(p - 1.0) - log(phi) / (p - 1.0) -
             log(2.0 - p);
  double j0 = fmax(1.0, round(exp((2.0 - p) * log(y)) / (phi * (2.0 - p))));
  tweedie_sums s = {0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0};
  tweedie_p tp;
  double j, lw, m, a;

  if (pd) tweedie_p_terms(&tp, y, phi, p, j0);
  for (j = j0;; j += 1.0) { /* upward from j_max */
    tweedie_term(&s, j, j0, z, pd ? &tp : NULL, malpha, &lw);
    if (lw < s.ref - PM_TWEEDIE_LOG_NEGLIGIBLE) break;
  }
  for (j = j0 - 1.0; j >= 1.0; j -= 1.0) { /* downward to j = 1 */
    tweedie_term(&s, j, j0, z, pd ? &tp : NULL, malpha, &lw);
    if (lw < s.ref - PM_TWEEDIE_LOG_NEGLIGIBLE) break;
  }
  m = s.s1 / s.s0;
  *mean = j0 + m;
  *var = fmax(0.0, s.s2 / s.s0 - m * m);
  if (pd) {
    a = s.a1 / s.s0;
    pd[0] = tp.l0 + a;
    pd[1] = s.l2 / s.s0 + fmax(0.0, s.a2 / s.s0 - a * a);
    pd[2] = s.ad / s.s0 - a * m;
  }
  return tweedie_log_wj(j0, z, malpha) + s.ref + log(s.s0);
}

/* j_max above PM_TWEEDIE_MAX_JMAX: the series is too long to sum. */
static int series_too_long(double y, double phi, double p)
{
  return exp((2.0 - p) * log(y)) / (phi * (2.0 - p)) > PM_TWEEDIE_MAX_JMAX;
}

/* The derivatives in p of base phi = -y mu^(1-p)/(p-1) - mu^(2-p)/(2-p)
 * (the first term absent for y = 0), over phi: with L = log mu,
 * q = p - 1, r = 2 - p,
 *   d/dp   =  y mu^-q (L/q + 1/q^2) + mu^r (L/r - 1/r^2),
 *   d2/dp2 = -y mu^-q (L^2/q + 2L/q^2 + 2/q^3)
 *            - mu^r (L^2/r - 2L/r^2 + 2/r^3). */
static void base_dp(double y, double mu, double phi, double p, double d[2])
{
  double q = p - 1.0, r = 2.0 - p, L = log(mu), mr = 0.0, mq;

  d[0] = d[1] = 0.0;
  if (mu > 0.0) {
    mr = exp(r * L);
    d[0] = mr * (L / r - 1.0 / (r * r));
    d[1] = -mr * (L * L / r - 2.0 * L / (r * r) + 2.0 / (r * r * r));
  }
  if (y > 0.0) {
    mq = exp(-q * L);
    d[0] += y * mq * (L / q + 1.0 / (q * q));
    d[1] -= y * mq * (L * L / q + 2.0 * L / (q * q) + 2.0 / (q * q * q));
  }
  d[0] /= phi;
  d[1] /= phi;
}

/* The log density with its derivatives in phi, and with dp those in p:
 * d/dp, d2/dp2 and d2/dp dphi.  log W's part of the last is
 * E[j] dz_p/dphi + dz/dphi Cov[l', j], dz/dphi = -1/((p-1) phi). */
static double logdensity(double y, double mu, double phi, double p,
                         double dphi[2], double dp[3])
{
  double base, logw, mean, var, pd[3], b[2], q = p - 1.0;

  if (!(y >= 0.0 && y < HUGE_VAL) || !(p > 1.0 && p < 2.0) ||
      !(phi > 0.0) || !(mu >= 0.0 && mu < HUGE_VAL) ||
      (y > 0.0 && series_too_long(y, phi, p))) {
    dphi[0] = dphi[1] = NAN;
    if (dp) dp[0] = dp[1] = dp[2] = NAN;
    return NAN;
  }
  if (dp) {
    base_dp(y, mu, phi, p, b);
    dp[0] = b[0], dp[1] = b[1], dp[2] = -b[0] / phi;
  }
  if (y == 0.0) { /* log P(Y = 0) = -kappa / phi */
    base = -exp((2.0 - p) * log(mu)) / (phi * (2.0 - p));
    dphi[0] = -base / phi;
    dphi[1] = 2.0 * base / (phi * phi);
    return base;
  }
  /* (y theta - kappa) / phi = mu^(1-p) (y/(1-p) - mu/(2-p)) / phi */
  base = exp(-q * log(mu)) * (-y / q - mu / (2.0 - p)) / phi;
  logw = tweedie_series(y, phi, p, &mean, &var, dp ? pd : NULL);
  if (dp) {
    dp[0] += pd[0];
    dp[1] += pd[1];
    dp[2] += (mean / q - pd[2]) / (q * phi);
  }
  dphi[0] = -base / phi - mean / (q * phi);
  dphi[1] = 2.0 * base / (phi * phi) + mean / (q * phi * phi) +
            var / (q * q * phi * phi);
  return base - log(y) + logw;
}

double pm_tweedie_logdensity(double y, double mu, double phi, double p,
                             double dphi[2])
{
  return logdensity(y, mu, phi, p, dphi, NULL);
}

double pm_tweedie_logdensity_dp(double y, double mu, double phi, double p,
                                double dphi[2], double dp[3])
{
  return logdensity(y, mu, phi, p, dphi, dp);
}

/* a^q log a, taken as 0 at a = 0 (the limit for q > 0). */
static double pow_log(double a, double q)
{
  return a == 0.0 ? 0.0 : exp(q * log(a)) * log(a);
}

/* d/dq of (a^q - b^q)/q. */
static double pow_diff_dq(double a, double b, double q)
{
  double aq = a == 0.0 ? 0.0 : exp(q * log(a)), bq = exp(q * log(b));
  return (pow_log(a, q) - pow_log(b, q)) / q - (aq - bq) / (q * q);
}

/* The unit deviance d = 2 [y (y'^(1-p) - mu^(1-p))/(1-p)
 * - (y^(2-p) - mu^(2-p))/(2-p)] (y' = y, or 1 at y = 0: family.c), and
 * with the log link the score u = (y - mu) mu^(1-p) and full Newton weight
 * w = mu^(1-p) ((2-p) mu + (p-1) y) (pirls.c's alpha/(V g'^2) for
 * V = mu^p); each differentiated in p at fixed mu. */
void pm_tweedie_dp(double y, double mu, double p, double d[3])
{
  double lmu = log(mu), m1 = exp((1.0 - p) * lmu);
  double u = (y - mu) * m1, w = m1 * ((2.0 - p) * mu + (p - 1.0) * y);

  d[0] = 2.0 * (-y * pow_diff_dq(y + (y == 0.0), mu, 1.0 - p) +
                pow_diff_dq(y, mu, 2.0 - p));
  d[1] = -u * lmu;
  d[2] = -w * lmu + m1 * (y - mu);
}
