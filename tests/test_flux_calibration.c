/* test_flux_calibration.c: the calibration of the Guidi et al. (2008) flux
 * estimator against trap fluxes: A and b recovered from synthetic pairs
 * made with known values (exact, and with log-normal noise), the fit at
 * depth nodes, the checks of its inputs, and the matching of samples to
 * traps on a hand-made case.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "pm_error.h"
#include "pm_flux_calib.h"
#include "pm_test.h"

#include <gsl/gsl_errno.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#define NCLASS 12
#define NPAIR 40

/* Size classes: 10 of width 0.125 mm from 0.25 to 1.5 mm (inside the
 * window), one below and one above it. */
static double lower[NCLASS], upper[NCLASS];
static double conc[NPAIR * NCLASS], depth[NPAIR], flux[NPAIR];

static void make_classes(void)
{
  int i;
  lower[0] = 0.1, upper[0] = 0.25;
  for (i = 1; i <= 10; i++) {
    lower[i] = 0.25 + 0.125 * (i - 1);
    upper[i] = lower[i] + 0.125;
  }
  lower[11] = 1.5, upper[11] = 3.0;
}

/* Spectra n(d) = N0 d^-slope with slope and N0 varying between pairs, so
 * that b is told from A. */
static void make_spectra(gsl_rng *r)
{
  int p, i;
  for (p = 0; p < NPAIR; p++) {
    double slope = 2.5 + 2.0 * gsl_rng_uniform(r);
    double n0 = 1e3 * pow(10, gsl_rng_uniform(r));
    for (i = 0; i < NCLASS; i++) {
      double d = 0.5 * (lower[i] + upper[i]);
      conc[p * NCLASS + i] = n0 * pow(d, -slope) * (upper[i] - lower[i]);
    }
  }
}

/* Trap fluxes from pm_flux_estimate with A, b at each pair's depth (hand
 * interpolation in ln z between the nodes z), times 10^(sd N(0, 1)). */
static void make_fluxes(gsl_rng *r, const double *z, const double *A,
                        const double *b, int K, double sd)
{
  pm_flux_estimator e;
  int p, k;
  pm_flux_estimator_default(&e);
  for (p = 0; p < NPAIR; p++) {
    pm_spectrum s = {NCLASS, lower, upper, conc + p * NCLASS};
    double la = log10(A[0]);
    e.b = b[0];
    for (k = 0; k + 1 < K; k++)
      if (depth[p] > z[k]) {
        double t = fmin(1, log(depth[p] / z[k]) / log(z[k + 1] / z[k]));
        la = (1 - t) * log10(A[k]) + t * log10(A[k + 1]);
        e.b = (1 - t) * b[k] + t * b[k + 1];
      }
    e.A = pow(10, la);
    pm_flux_estimate(&e, &s, &flux[p]);
    flux[p] *= pow(10, sd * gsl_ran_gaussian(r, 1.0));
  }
}

static pm_flux_calib_pairs pairs(void)
{
  pm_flux_calib_pairs p = {NCLASS, lower, upper, NPAIR, conc, depth, flux,
                           NULL, NULL};
  return p;
}

/* The estimator the "before" statistics use: not the true one. */
static void start_estimator(pm_flux_estimator *e)
{
  pm_flux_estimator_default(e);
  e->A = 5;
  e->b = 3;
}

static void test_exact(gsl_rng *r)
{
  double A = 12.5, b = 3.81, one = 100;
  pm_flux_calib_pairs p = pairs();
  pm_flux_estimator e;
  pm_flux_calib c;
  int p_i;

  for (p_i = 0; p_i < NPAIR; p_i++) depth[p_i] = 100;
  make_spectra(r);
  make_fluxes(r, &one, &A, &b, 1, 0);
  start_estimator(&e);
  if (!pm_test_ok(pm_flux_calibrate(&p, &e, NULL, 0, &c) == 0,
                  "exact pairs: calibrated (%s)", pm_error_message()))
    return;
  pm_test_rel(c.A[0], 12.5, 1e-8, "exact pairs: A = 12.5");
  pm_test_rel(c.b[0], 3.81, 1e-8, "exact pairs: b = 3.81");
  pm_test_ok(c.n_nodes == 1 && c.n_params == 2 && c.after.n_used == NPAIR,
             "exact pairs: one A, b from %zu pairs", c.after.n_used);
  pm_test_ok(c.after.rmse < 1e-8 && fabs(c.after.bias) < 1e-8 &&
                 c.after.r > 1 - 1e-12,
             "exact pairs: after calibration RMSE %g, bias %g, r %g",
             c.after.rmse, c.after.bias, c.after.r);
  pm_test_ok(c.before.rmse > 0.1 && c.before.bias < 0,
             "exact pairs: before (A 5, b 3) RMSE %g, bias %g < 0",
             c.before.rmse, c.before.bias);
  pm_test_ok(c.se_b[0] < 1e-8 && c.se_A[0] < 1e-7,
             "exact pairs: standard errors ~0 (%g, %g)", c.se_A[0], c.se_b[0]);
}

/* Noise of 0.15 in log10: the estimates within 3 standard errors; the
 * standard errors agree with the scatter of the residuals (sigma near
 * 0.15). */
static void test_noisy(gsl_rng *r)
{
  double A = 12.5, b = 3.81, one = 100;
  pm_flux_calib_pairs p = pairs();
  pm_flux_estimator e;
  pm_flux_calib c;

  make_spectra(r);
  make_fluxes(r, &one, &A, &b, 1, 0.15);
  start_estimator(&e);
  if (!pm_test_ok(pm_flux_calibrate(&p, &e, NULL, 0, &c) == 0,
                  "noisy pairs: calibrated (%s)", pm_error_message()))
    return;
  pm_test_ok(fabs(log10(c.A[0]) - log10(12.5)) < 3 * c.se_log10_A[0],
             "noisy pairs: log10 A %g within 3 se (%g) of log10 12.5",
             log10(c.A[0]), c.se_log10_A[0]);
  pm_test_ok(fabs(c.b[0] - 3.81) < 3 * c.se_b[0],
             "noisy pairs: b %g within 3 se (%g) of 3.81", c.b[0], c.se_b[0]);
  pm_test_ok(c.se_b[0] > 0 && c.se_b[0] < 1, "noisy pairs: se(b) %g",
             c.se_b[0]);
  pm_test_rel(c.se_A[0], c.A[0] * M_LN10 * c.se_log10_A[0], 1e-12,
              "noisy pairs: se(A) = A ln 10 se(log10 A)");
  pm_test_ok(c.sigma > 0.1 && c.sigma < 0.2, "noisy pairs: sigma %g near "
             "0.15", c.sigma);
  pm_test_ok(c.after.rmse < c.before.rmse && c.after.rmse <= c.sigma,
             "noisy pairs: RMSE %g after, %g before", c.after.rmse,
             c.before.rmse);
}

static void test_nodes(gsl_rng *r)
{
  double z[3] = {100, 500, 2000}, A[3] = {20, 12, 6}, b[3] = {3.5, 3.0, 2.6};
  double Az, bz;
  pm_flux_calib_pairs p = pairs();
  pm_flux_estimator e;
  pm_flux_calib c;
  int i, k;

  for (i = 0; i < NPAIR; i++) /* 50 to 3000 m, evenly in ln z */
    depth[i] = 50 * pow(60, (double)i / (NPAIR - 1));
  make_spectra(r);
  make_fluxes(r, z, A, b, 3, 0);
  start_estimator(&e);
  if (!pm_test_ok(pm_flux_calibrate(&p, &e, z, 3, &c) == 0,
                  "nodes: calibrated (%s)", pm_error_message()))
    return;
  pm_test_ok(c.n_nodes == 3 && c.n_params == 6 && c.node[1] == 500,
             "nodes: 3 nodes, 6 parameters");
  for (k = 0; k < 3; k++) {
    pm_test_rel(c.A[k], A[k], 1e-6, "nodes: A at %g m = %g", z[k], A[k]);
    pm_test_rel(c.b[k], b[k], 1e-6, "nodes: b at %g m = %g", z[k], b[k]);
  }
  pm_test_ok(c.after.rmse < 1e-6, "nodes: RMSE after %g", c.after.rmse);
  /* half-way in ln z between 100 and 500 m: sqrt(100 x 500) */
  pm_flux_calib_at(&c, sqrt(5e4), &Az, &bz);
  pm_test_rel(Az, sqrt(20.0 * 12.0), 1e-6, "nodes: A(224 m) = sqrt(20 x 12)");
  pm_test_rel(bz, 3.25, 1e-6, "nodes: b(224 m) = 3.25");
  pm_flux_calib_at(&c, 5000, &Az, &bz);
  pm_test_rel(bz, 2.6, 1e-6, "nodes: b below the last node is its value");
  /* every pair at 100 m: nothing determines the deeper nodes */
  for (i = 0; i < NPAIR; i++) depth[i] = 100;
  pm_test_error(pm_flux_calibrate(&p, &e, z, 3, &c), PM_EINPUT,
                pm_error_message(), "depth node 500 m are not determined",
                "nodes: all pairs at 100 m: node 500 m undetermined");
}

static void test_errors(void)
{
  double bad[2] = {500, 100};
  pm_flux_calib_pairs p = pairs();
  pm_flux_estimator e;
  pm_flux_calib c;

  start_estimator(&e);
  pm_test_error(pm_flux_calibrate(&p, &e, bad, 2, &c), PM_EINPUT,
                pm_error_message(), "depth node 2 (100 m)",
                "nodes not increasing: an error naming the node");
  p.n = 2;
  pm_test_error(pm_flux_calibrate(&p, &e, NULL, 0, &c), PM_EINPUT,
                pm_error_message(), "2 of the 2 matched traps",
                "2 pairs for 2 parameters: an error naming how many");
}

/* Three samples and two traps on the equator, where the geodesic is the
 * equator and its length a dlon (a = 6378.137 km): 1 degree of longitude
 * is 111.3195 km; 1 degree of latitude from the equator is 110.5743 km
 * (the WGS84 meridian arc).  Trap A (0 E, 100 m) has sample 1 (1 E, 0 N,
 * 80-120 m, 111.32 km) and sample 3 (0 E, 1 N, 140-200 m, 110.57 km and
 * 40 m above); trap B (3 E, 100 m) has sample 2 (2 E, 90-110 m, 111.32
 * km). */
static void test_match(void)
{
  pm_obs *obs = pm_obs_alloc();
  pm_obs_profile pr[3] = {{"src", "s1", "p", 1.5e9, 0, 1, NULL, NULL, 0},
                          {"src", "s2", "p", 1.5e9, 0, 2, NULL, NULL, 0},
                          {"src", "s3", "p", 1.5e9, 1, 0, NULL, NULL, 0}};
  pm_trap rows[2] = {{"A", "sediment trap", 0, 0, 100, 10},
                     {"B", "sediment trap", 3, 0, 100, 20}};
  pm_traps t = {"traps.csv", rows, 2};
  double top[3] = {80, 90, 140}, bottom[3] = {120, 110, 200}, vol[3] = {1, 2, 3};
  pm_flux_calib_pairs *p = NULL;
  size_t ip, is, c0, c1, c2, k;

  for (k = 0; k < 3; k++) {
    pm_obs_add_profile(obs, &pr[k], &ip);
    pm_obs_add_sample(obs, ip, top[k], bottom[k], vol[k], "t", &is);
  }
  pm_obs_class_index(obs, "LPM (0.4-0.6 mm)", NULL, 0.4, 0.6, &c0);
  pm_obs_class_index(obs, "Copepoda", "living>Copepoda", NAN, NAN, &c1);
  pm_obs_class_index(obs, "LPM (0.6-0.8 mm)", NULL, 0.6, 0.8, &c2);
  for (k = 0; k < 3; k++) {
    obs->count[c0][k] = 10.0 * (k + 1); /* 10, 20, 30 */
    obs->count[c1][k] = 5;
    obs->count[c2][k] = 4.0 * (k + 1); /* 4, 8, 12 */
  }
  if (!pm_test_ok(pm_flux_calib_match(obs, &t, 150, 50, &p) == 0,
                  "match: radius 150 km, 50 m (%s)", pm_error_message()))
    goto cleanup;
  pm_test_ok(p->n_classes == 2 && p->lower_mm[1] == 0.6 && p->n == 2,
             "match: the 2 size classes, both traps matched");
  pm_test_ok(p->trap[0] == 0 && p->n_samples[0] == 2 && p->trap[1] == 1 &&
                 p->n_samples[1] == 1,
             "match: trap A 2 samples, trap B 1");
  /* trap A: (10 + 30) / (1 + 3) m3 and (4 + 12) / 4 */
  pm_test_rel(p->conc_m3[0], 10, 1e-15, "match: trap A 0.4-0.6 mm: 40 / 4 m3");
  pm_test_rel(p->conc_m3[1], 4, 1e-15, "match: trap A 0.6-0.8 mm: 16 / 4 m3");
  pm_test_rel(p->conc_m3[2], 10, 1e-15, "match: trap B 0.4-0.6 mm: 20 / 2 m3");
  pm_test_ok(p->flux[1] == 20 && p->depth[1] == 100, "match: trap B's flux");
  pm_flux_calib_pairs_free(p);
  p = NULL;
  /* 110.9 km: sample 3 (110.57 km) in, sample 1 (111.32 km) out; on a
   * sphere of 6371 km both would be 111.19 km away */
  pm_flux_calib_match(obs, &t, 110.9, 50, &p);
  pm_test_ok(p && p->n == 1 && p->n_samples[0] == 1 &&
                 p->conc_m3[0] == 10 && p->trap[0] == 0,
             "match: 110.9 km: trap A's sample 3 alone (ellipsoid)");
  pm_flux_calib_pairs_free(p);
  p = NULL;
  /* 39 m: sample 3 lies 40 m below trap A */
  pm_flux_calib_match(obs, &t, 150, 39, &p);
  pm_test_ok(p && p->n == 2 && p->n_samples[0] == 1 && p->conc_m3[0] == 10,
             "match: 39 m: trap A's sample 1 alone");
  pm_flux_calib_pairs_free(p);
  p = NULL;
  pm_test_error(pm_flux_calib_match(obs, &t, 0, 50, &p), PM_EINPUT,
                pm_error_message(), "radius 0 km", "match: radius 0: error");
cleanup:
  pm_flux_calib_pairs_free(p);
  pm_obs_free(obs);
}

int main(void)
{
  gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);

  gsl_set_error_handler_off();
  gsl_rng_set(r, 20260101UL);
  make_classes();
  test_exact(r);
  test_noisy(r);
  test_nodes(r);
  test_errors();
  test_match();
  gsl_rng_free(r);
  return pm_test_done();
}
