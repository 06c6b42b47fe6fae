/* test_mapper.c: prediction maps, posterior draws, totals and scenarios.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "pm_design.h"
#include "pm_error.h"
#include "pm_formula.h"
#include "pm_frame.h"
#include "pm_gam.h"
#include "pm_mapper.h"
#include "pm_test.h"
#include "pm_test_fit.h"

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int fit_columns(const char *formula, const char *const *names,
                       const double *const *x, size_t ncols, size_t n,
                       fitted *f)
{
  pm_gam_options o;
  pm_family fam;
  int status;

  memset(f, 0, sizeof *f);
  status = pm_formula_parse(&f->formula, formula);
  if (!status)
    status = pm_frame_from_columns(&f->frame, "simulated", names, x, ncols, n);
  if (!status) status = pm_design_alloc(&f->design, f->formula, f->frame);
  if (!status) status = pm_design_matrix(f->design, f->frame, 1, &f->m);
  if (!status) status = pm_family_from_name(&fam, "poisson");
  if (!status) {
    pm_gam_options_default(&o, &fam);
    status = pm_gam_fit_model(&f->fit, f->design, &f->m, &o);
  }
  return status;
}

/* --- prediction at the training rows ------------------------------------ */

/* Poisson counts, log mean 0.3 + 0.5 x1 + sin(2 pi x2) + log(v). */
static void simulate_gam(gsl_rng *r, size_t n, double *y, double *x1,
                         double *x2, double *v)
{
  size_t i;
  for (i = 0; i < n; i++) {
    x1[i] = gsl_ran_gaussian(r, 1);
    x2[i] = gsl_rng_uniform(r);
    v[i] = 0.5 + gsl_rng_uniform(r);
    y[i] = gsl_ran_poisson(r, v[i] * exp(0.3 + 0.5 * x1[i] +
                                         sin(2 * M_PI * x2[i])));
  }
}

static void training_rows(void)
{
  enum { N = 600 };
  static double y[N], x1[N], x2[N], v[N], eta[N], se_eta[N], mean[N], se[N];
  static double eta0[N], se0[N], mu0[N];
  const char *names[] = {"y", "x1", "x2", "v"};
  const double *cols[] = {y, x1, x2, v};
  gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
  pm_mapper *m = NULL;
  pm_map_values out = {.eta = eta, .se_eta = se_eta, .mean = mean, .se = se};
  fitted f;
  size_t i;
  double worst_mu = 0, worst_se = 0, worst_eta = 0, worst_delta = 0;

  gsl_rng_set(r, 7);
  simulate_gam(r, N, y, x1, x2, v);
  gsl_rng_free(r);
  if (!pm_test_ok(fit_columns("y ~ x1 + s(x2, bs='cr', k=8) + offset(log(v))",
                              names, cols, 4, N, &f) == PM_SUCCESS,
                  "GAM fitted to columns in memory (%s)", pm_error_message()))
    goto cleanup;
  if (pm_mapper_alloc(&m, f.fit, NULL, N) == PM_SUCCESS) {
    pm_map_cells c = {.n = N, .p = f.m.p, .X = f.m.X, .offset = f.m.offset};
    pm_test_ok(pm_mapper_cells(m, &c, &out, NULL) == PM_SUCCESS,
               "mean and SE of the training rows");
  }
  pm_gam_predict(f.fit, &f.m, eta0, se0, mu0);
  for (i = 0; i < N; i++) {
    worst_mu = fmax(worst_mu, fabs(mean[i] - f.fit->mu[i]) / f.fit->mu[i]);
    worst_eta = fmax(worst_eta, fabs(eta[i] - f.fit->eta[i]));
    worst_se = fmax(worst_se, fabs(se_eta[i] - se0[i]) / se0[i]);
    worst_delta = fmax(worst_delta, fabs(se[i] - mean[i] * se0[i]) / se[i]);
  }
  pm_test_ok(worst_mu < 1e-12, "training rows: mean equals the fit's mu "
             "(worst relative difference %.3g)", worst_mu);
  pm_test_ok(worst_eta < 1e-12, "training rows: eta equals the fit's eta "
             "(worst %.3g)", worst_eta);
  pm_test_ok(worst_se < 1e-12, "training rows: se(eta) equals "
             "pm_gam_predict's (worst relative difference %.3g)", worst_se);
  pm_test_ok(worst_delta < 1e-12, "without draws the response SE is "
             "mu se(eta) (log link; worst %.3g)", worst_delta);
cleanup:
  pm_mapper_free(m);
  fitted_free(&f);
}

/* --- coverage ------------------------------------------------------------ */

/* One replicate Poisson GLM, log mean 1 + 0.4 x1 - 0.3 x2: the number of the
 * three test points whose 95% interval from 200 draws covers the true mean. */
static int covered(gsl_rng *r, unsigned long seed, int *hits)
{
  enum { N = 150 };
  double y[N], x1[N], x2[N];
  const char *names[] = {"y", "x1", "x2"};
  const double *cols[] = {y, x1, x2};
  const double X[3 * 3] = {1, 0, 0, 1, 1.5, -1, 1, -1, 1.2};
  double lower[3], upper[3];
  pm_map_values out = {.lower = lower, .upper = upper};
  pm_map_cells c = {.n = 3, .p = 3, .X = X};
  pm_draws *d = NULL;
  pm_mapper *m = NULL;
  fitted f;
  size_t i;
  int status;

  for (i = 0; i < N; i++) {
    x1[i] = gsl_ran_gaussian(r, 1);
    x2[i] = gsl_ran_gaussian(r, 1);
    y[i] = gsl_ran_poisson(r, exp(1 + 0.4 * x1[i] - 0.3 * x2[i]));
  }
  status = fit_columns("y ~ x1 + x2", names, cols, 3, N, &f);
  if (!status) status = pm_draws_alloc(&d, f.fit, 200, seed);
  if (!status) status = pm_mapper_alloc(&m, f.fit, d, 3);
  if (!status) status = pm_mapper_cells(m, &c, &out, NULL);
  for (i = 0; !status && i < 3; i++) {
    double truth = exp(X[3 * i] + 0.4 * X[3 * i + 1] - 0.3 * X[3 * i + 2]);
    *hits += lower[i] <= truth && truth <= upper[i];
  }
  pm_mapper_free(m);
  pm_draws_free(d);
  fitted_free(&f);
  return status;
}

static void coverage(void)
{
  gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
  int hits = 0, status = PM_SUCCESS;
  unsigned long k, reps = 500;
  double rate;

  gsl_rng_set(r, 2026);
  for (k = 0; k < reps && status == PM_SUCCESS; k++)
    status = covered(r, 1000 + k, &hits);
  gsl_rng_free(r);
  rate = hits / (3.0 * reps);
  pm_test_ok(status == PM_SUCCESS && rate >= 0.90 && rate <= 0.99,
             "95%% intervals from posterior draws cover the true mean in %.3f "
             "of %lu replicates x 3 points", rate, reps);
}

/* --- totals on a 3 x 2 grid ---------------------------------------------- */

/* A Poisson model log mu = 0.5 + x by hand, Vp = [0.04 0.01; 0.01 0.09]. */
static double beta2[2] = {0.5, 1.0}, Vp2[4] = {0.04, 0.01, 0.01, 0.09};

static void hand_fit(pm_gam_fit *fit)
{
  memset(fit, 0, sizeof *fit);
  fit->p = 2;
  fit->beta = beta2;
  fit->Vp = Vp2;
  pm_family_from_name(&fit->family, "poisson");
}

static int by_value(const void *a, const void *b)
{
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

/* R's quantile type 7 of sorted x. */
static double type7(const double *x, size_t n, double p)
{
  double h = (n - 1) * p;
  size_t j = (size_t)floor(h);
  return j + 1 < n ? x[j] + (h - j) * (x[j + 1] - x[j]) : x[j];
}

/* 3 longitudes x 2 latitudes x 2 layers (10 m, 20 m): cells ordered column
 * by column, depth innermost; x = 0.1 * column + 0.05 * layer. */
enum { NCOL = 6, NCELL = 12 };
static double gridX[NCELL * 2], gridW[NCELL], gridT[NCELL];
static size_t gridColumn[NCELL];
static int gridRegion[NCELL];

static void grid_cells(double shift)
{
  const double area[2] = {1.2e10, 1.1e10}, thick[2] = {10, 20};
  const double lat[2] = {-15, 15};
  double lats[NCELL];
  size_t i;

  for (i = 0; i < NCELL; i++) {
    size_t col = i / 2, layer = i % 2, row = col % 2;
    gridX[2 * i] = 1;
    gridX[2 * i + 1] = 0.1 * (double)col + 0.05 * (double)layer + shift;
    gridT[i] = thick[layer];
    gridW[i] = area[row] * thick[layer];
    gridColumn[i] = col;
    lats[i] = lat[row];
  }
  pm_map_lat_bands(NULL, 0, lats, NCELL, gridRegion);
}

static void totals_by_hand(void)
{
  pm_gam_fit fit;
  pm_draws *d = NULL;
  pm_mapper *m = NULL;
  pm_totals *t = NULL;
  double inv[NCOL], invlo[NCOL], invhi[NCOL], hand_mean[7] = {0};
  double *hand = calloc(7 * 400, sizeof *hand), col_draw[NCOL][400];
  pm_map_values v = {.inv_mean = inv, .inv_lower = invlo, .inv_upper = invhi};
  pm_map_cells c = {.n = NCELL, .p = 2, .X = gridX, .weight = gridW,
                    .region = gridRegion, .thickness = gridT,
                    .column = gridColumn};
  pm_interval iv;
  size_t i, k, r, D = 400;
  int ok = 1, okinv = 1;

  hand_fit(&fit);
  grid_cells(0);
  pm_test_ok(gridRegion[0] == 2 && gridRegion[2] == 3,
             "latitude bands: 15S in band 2, 15N in band 3 of the 30-degree "
             "bands");
  if (pm_draws_alloc(&d, &fit, D, 42) || pm_mapper_alloc(&m, &fit, d, 64) ||
      pm_totals_alloc(&t, 6, D) ||
      !pm_test_ok(pm_mapper_cells(m, &c, &v, t) == PM_SUCCESS,
                  "3x2x2 grid predicted (%s)", pm_error_message()))
    goto cleanup;
  memset(col_draw, 0, sizeof col_draw);
  for (i = 0; i < NCELL; i++) {
    double x = gridX[2 * i + 1], mu = exp(0.5 + x);
    r = (size_t)gridRegion[i];
    hand_mean[r] += gridW[i] * mu;
    hand_mean[6] += gridW[i] * mu;
    for (k = 0; k < D; k++) {
      double mud = exp(d->B[k] + d->B[D + k] * x);
      hand[r * D + k] += gridW[i] * mud;
      hand[6 * D + k] += gridW[i] * mud;
      col_draw[gridColumn[i]][k] += gridT[i] * mud;
    }
  }
  for (r = 2; r <= 6; r += (r == 3 ? 3 : 1)) {
    qsort(hand + r * D, D, sizeof *hand, by_value);
    pm_totals_get(t, r, &iv);
    ok &= fabs(iv.mean - hand_mean[r]) <= 1e-12 * hand_mean[r] &&
          fabs(iv.lower - type7(hand + r * D, D, 0.025)) <= 1e-12 * iv.mean &&
          fabs(iv.upper - type7(hand + r * D, D, 0.975)) <= 1e-12 * iv.mean;
    if (!ok) printf("# region %zu: %g [%g, %g], hand %g [%g, %g]\n", r,
                    iv.mean, iv.lower, iv.upper, hand_mean[r],
                    type7(hand + r * D, D, 0.025), type7(hand + r * D, D, 0.975));
  }
  pm_test_ok(ok, "totals per band and over all bands equal the hand sums "
             "and their type-7 quantiles over the draws");
  pm_totals_get(t, 0, &iv);
  pm_test_ok(iv.mean == 0 && iv.lower == 0 && iv.upper == 0,
             "an empty band totals 0");
  for (k = 0; k < NCOL; k++) {
    double mean = gridT[2 * k] * exp(0.5 + gridX[4 * k + 1]) +
                  gridT[2 * k + 1] * exp(0.5 + gridX[4 * k + 3]);
    qsort(col_draw[k], D, sizeof **col_draw, by_value);
    okinv &= fabs(inv[k] - mean) <= 1e-12 * mean &&
             fabs(invlo[k] - type7(col_draw[k], D, 0.025)) <= 1e-12 * mean &&
             fabs(invhi[k] - type7(col_draw[k], D, 0.975)) <= 1e-12 * mean;
  }
  pm_test_ok(v.ncolumns == NCOL && okinv, "column inventories (%zu columns) "
             "equal the hand sums of thickness x mu and their draw quantiles",
             v.ncolumns);
cleanup:
  free(hand);
  pm_totals_free(t);
  pm_mapper_free(m);
  pm_draws_free(d);
}

/* --- scenarios ----------------------------------------------------------- */

typedef struct {
  double mean[NCELL], se[NCELL], lower[NCELL], upper[NCELL], se_eta[NCELL];
} cell_maps;

/* The maps of the grid shifted by `shift`, each member scaled by
 * scale[d % nscale] (NULL: none). */
static int run_scaled(const pm_gam_fit *fit, const pm_draws *d, double shift,
                      const double *scale, size_t nscale, cell_maps *out,
                      pm_totals *t)
{
  pm_mapper *m = NULL;
  pm_map_values v = {.mean = out->mean, .se = out->se, .lower = out->lower,
                     .upper = out->upper, .se_eta = out->se_eta};
  pm_map_cells c = {.n = NCELL, .p = 2, .X = gridX, .weight = gridW,
                    .region = gridRegion};
  int status;

  grid_cells(shift);
  status = pm_mapper_alloc(&m, fit, d, NCELL);
  if (!status) status = pm_mapper_scale_members(m, scale, nscale);
  if (!status) status = pm_mapper_cells(m, &c, &v, t);
  pm_mapper_free(m);
  return status;
}

static int run_scenario(const pm_gam_fit *fit, const pm_draws *d,
                        double shift, cell_maps *out, pm_totals *t)
{
  return run_scaled(fit, d, shift, NULL, 0, out, t);
}

static void scenarios(void)
{
  pm_gam_fit fit;
  pm_draws *d = NULL;
  pm_mapper *m = NULL;
  pm_totals *tb = NULL, *ts = NULL, *tw = NULL;
  cell_maps base, same, warm;
  double Xb[NCELL * 2], dmean[NCELL], dlo[NCELL], dhi[NCELL];
  pm_map_cells cb = {.n = NCELL, .p = 2, .X = Xb}, cs = cb;
  pm_interval iv, b, w;
  size_t i, nzero = 0, nup = 0;

  hand_fit(&fit);
  if (pm_draws_alloc(&d, &fit, 300, 99) || pm_totals_alloc(&tb, 6, 300) ||
      pm_totals_alloc(&ts, 6, 300) || pm_totals_alloc(&tw, 6, 300) ||
      run_scenario(&fit, d, 0, &base, tb) || run_scenario(&fit, d, 0, &same, ts) ||
      run_scenario(&fit, d, 0.2, &warm, tw)) {
    pm_test_ok(0, "scenarios predicted (%s)", pm_error_message());
    goto cleanup;
  }
  pm_test_ok(memcmp(&base, &same, sizeof base) == 0,
             "a no-change scenario gives bit-identical maps");
  pm_totals_difference(ts, tb, 6, &iv);
  pm_test_ok(iv.mean == 0 && iv.lower == 0 && iv.upper == 0,
             "a no-change scenario gives a zero difference of totals");
  pm_totals_difference(tw, tb, 6, &iv);
  pm_totals_get(tb, 6, &b);
  pm_totals_get(tw, 6, &w);
  pm_test_rel(iv.mean, w.mean - b.mean, 1e-12,
              "x + 0.2: the difference of totals is the difference of the "
              "mean totals");
  pm_test_rel(iv.mean, b.mean * (exp(0.2) - 1), 1e-12,
              "x + 0.2: the difference is (e^0.2 - 1) times the baseline");
  pm_test_ok(iv.lower > 0 && iv.upper < w.upper - b.lower &&
                 iv.upper - iv.lower < (w.upper - w.lower),
             "paired interval [%g, %g] is positive and narrower than the "
             "scenario's own [%g, %g]", iv.lower, iv.upper, w.lower, w.upper);
  /* per cell: a changed and an unchanged half */
  grid_cells(0);
  memcpy(Xb, gridX, sizeof Xb);
  grid_cells(0);
  for (i = NCELL / 2; i < NCELL; i++) gridX[2 * i + 1] += 0.2;
  cs.X = gridX;
  if (pm_mapper_alloc(&m, &fit, d, NCELL) == PM_SUCCESS &&
      pm_test_ok(pm_mapper_difference(m, &cb, &cs, dmean, dlo, dhi) ==
                     PM_SUCCESS, "per-cell paired differences"))
    for (i = 0; i < NCELL; i++) {
      if (i < NCELL / 2)
        nzero += dmean[i] == 0 && dlo[i] == 0 && dhi[i] == 0;
      else
        nup += fabs(dmean[i] - base.mean[i] * (exp(0.2) - 1)) <=
                   1e-12 * base.mean[i] && dlo[i] > 0 && dhi[i] > dlo[i];
    }
  pm_test_ok(nzero == NCELL / 2 && nup == NCELL / 2,
             "unchanged cells differ by exactly 0 (%zu of %d), changed cells "
             "by (e^0.2 - 1) mu with a positive interval (%zu of %d)", nzero,
             NCELL / 2, nup, NCELL / 2);
cleanup:
  pm_mapper_free(m);
  pm_totals_free(tb);
  pm_totals_free(ts);
  pm_totals_free(tw);
  pm_draws_free(d);
}

/* --- members scaled (the classification's factors) ------------------------ */

/* Factors 2, 0.5 and 3 taken in turn by the 300 draws: each cell's
 * interval and the global total's are the type-7 quantiles of the scaled
 * draws, computed by hand; the mean map does not move; a factor of 2 for
 * every member doubles every bound exactly. */
static void member_scale(void)
{
  const double f[3] = {2, 0.5, 3}, two = 2, bad[2] = {1, 0};
  pm_gam_fit fit;
  pm_draws *d = NULL;
  pm_mapper *m = NULL;
  pm_totals *t0 = NULL, *t1 = NULL, *t2 = NULL;
  cell_maps plain, scaled, doubled;
  double x[300], tot[300] = {0};
  pm_interval iv, iv0, iv2;
  size_t i, k, D = 300;
  int ok = 1;

  hand_fit(&fit);
  if (pm_draws_alloc(&d, &fit, D, 7) || pm_totals_alloc(&t0, 6, D) ||
      pm_totals_alloc(&t1, 6, D) || pm_totals_alloc(&t2, 6, D) ||
      !pm_test_ok(run_scaled(&fit, d, 0, NULL, 0, &plain, t0) == PM_SUCCESS &&
                      run_scaled(&fit, d, 0, f, 3, &scaled, t1) == PM_SUCCESS &&
                      run_scaled(&fit, d, 0, &two, 1, &doubled, t2) ==
                          PM_SUCCESS,
                  "maps with scaled members (%s)", pm_error_message()))
    goto cleanup;
  for (i = 0; i < NCELL; i++) {
    double xi = gridX[2 * i + 1];
    for (k = 0; k < D; k++) {
      x[k] = exp(d->B[k] + d->B[D + k] * xi) * f[k % 3];
      tot[k] += gridW[i] * x[k];
    }
    qsort(x, D, sizeof *x, by_value);
    ok &= scaled.mean[i] == plain.mean[i] &&
          fabs(scaled.lower[i] - type7(x, D, 0.025)) <= 1e-12 * x[D - 1] &&
          fabs(scaled.upper[i] - type7(x, D, 0.975)) <= 1e-12 * x[D - 1] &&
          doubled.lower[i] == 2 * plain.lower[i] &&
          doubled.upper[i] == 2 * plain.upper[i];
  }
  pm_test_ok(ok, "cell intervals are the quantiles of the scaled draws; the "
             "means are unchanged; factor 2 doubles every bound");
  qsort(tot, D, sizeof *tot, by_value);
  pm_totals_get(t1, 6, &iv);
  pm_totals_get(t0, 6, &iv0);
  pm_totals_get(t2, 6, &iv2);
  pm_test_ok(iv.mean == iv0.mean &&
                 fabs(iv.lower - type7(tot, D, 0.025)) <= 1e-12 * iv.mean &&
                 fabs(iv.upper - type7(tot, D, 0.975)) <= 1e-12 * iv.mean,
             "the global total's interval is that of the scaled draws");
  pm_test_ok(iv2.lower == 2 * iv0.lower && iv2.upper == 2 * iv0.upper,
             "factor 2: the total's bounds double exactly");
  if (pm_mapper_alloc(&m, &fit, d, NCELL) == PM_SUCCESS) {
    pm_test_ok(pm_mapper_scale_members(m, bad, 2) == PM_EINPUT &&
                   strstr(pm_error_message(), "factor 1 is 0"),
               "a factor of 0 is refused: %s", pm_error_message());
  }
cleanup:
  pm_mapper_free(m);
  pm_totals_free(t0);
  pm_totals_free(t1);
  pm_totals_free(t2);
  pm_draws_free(d);
}

/* --- draws ----------------------------------------------------------------- */

static void draws(void)
{
  pm_gam_fit fit;
  pm_draws *a = NULL, *b = NULL, *c = NULL, *big = NULL, *semi = NULL;
  double Vsemi[4] = {0.04, 0, 0, 0}, m0 = 0, m1 = 0, s00 = 0, s11 = 0, s01 = 0;
  size_t k, D = 20000, fixed = 0;

  hand_fit(&fit);
  if (pm_draws_alloc(&a, &fit, 50, 5) || pm_draws_alloc(&b, &fit, 50, 5) ||
      pm_draws_alloc(&c, &fit, 50, 6) || pm_draws_alloc(&big, &fit, D, 1)) {
    pm_test_ok(0, "draws made (%s)", pm_error_message());
    goto cleanup;
  }
  pm_test_ok(memcmp(a->B, b->B, 100 * sizeof *a->B) == 0,
             "the same seed gives identical draws");
  pm_test_ok(memcmp(a->B, c->B, 100 * sizeof *a->B) != 0,
             "a different seed gives different draws");
  for (k = 0; k < D; k++) {
    m0 += big->B[k] / D;
    m1 += big->B[D + k] / D;
  }
  for (k = 0; k < D; k++) {
    double e0 = big->B[k] - m0, e1 = big->B[D + k] - m1;
    s00 += e0 * e0 / (D - 1);
    s11 += e1 * e1 / (D - 1);
    s01 += e0 * e1 / (D - 1);
  }
  pm_test_ok(fabs(m0 - 0.5) < 0.006 && fabs(m1 - 1) < 0.009 &&
                 fabs(s00 / 0.04 - 1) < 0.05 && fabs(s11 / 0.09 - 1) < 0.05 &&
                 fabs(s01 - 0.01) < 0.003,
             "20000 draws: mean (%.4f, %.4f), covariance (%.4f, %.4f, %.4f) "
             "as beta and Vp", m0, m1, s00, s11, s01);
  fit.Vp = Vsemi;
  if (pm_test_ok(pm_draws_alloc(&semi, &fit, 100, 3) == PM_SUCCESS,
                 "a semi-definite Vp still gives draws"))
    for (k = 0; k < 100; k++) fixed += semi->B[100 + k] == 1.0;
  pm_test_ok(fixed == 100, "a coefficient with zero variance stays at beta in "
             "every draw (%zu of 100)", fixed);
cleanup:
  pm_draws_free(a);
  pm_draws_free(b);
  pm_draws_free(c);
  pm_draws_free(big);
  pm_draws_free(semi);
}

/* --- extrapolation --------------------------------------------------------- */

static void extrapolation(void)
{
  const double t[4] = {2, 10, 31, NAN}, s[4] = {35, 33, 35, 35};
  const double t0[3] = {5, 7, 30}, s0[3] = {34, 35.5, 35};
  const char *names[] = {"temp", "sal"};
  const double *cols[] = {t0, s0}, *x[] = {t, s};
  double lo[2], hi[2];
  unsigned char flag[4] = {9, 9, 9, 9};
  pm_frame *f = NULL;
  int status;

  if (pm_frame_from_columns(&f, "fitting", names, cols, 2, 3) ||
      pm_map_ranges(f, names, 2, lo, hi)) {
    pm_test_ok(0, "ranges (%s)", pm_error_message());
    goto cleanup;
  }
  pm_test_ok(lo[0] == 5 && hi[0] == 30 && lo[1] == 34 && hi[1] == 35.5,
             "fitting ranges temp [5, 30], sal [34, 35.5]");
  status = pm_map_extrapolation(x, 2, lo, hi, 4, flag);
  pm_test_ok(status == PM_SUCCESS && flag[0] == 1 && flag[1] == 1 &&
                 flag[2] == 1 && flag[3] == 0,
             "flags: temp 2 below, sal 33 below, temp 31 above, a missing "
             "temp not flagged: %d %d %d %d", flag[0], flag[1], flag[2],
             flag[3]);
cleanup:
  pm_frame_free(f);
}

/* --- bad inputs ------------------------------------------------------------ */

static void bad_inputs(void)
{
  pm_gam_fit fit, fit3;
  pm_draws *d = NULL, *none = NULL;
  pm_mapper *m = NULL, *plain = NULL, *small = NULL;
  pm_totals *t = NULL, *t2 = NULL, *zero = NULL;
  pm_frame *f = NULL;
  double X[4] = {1, 0, 1, 1}, w[2] = {1, -2}, th[2] = {1, 1}, lo[2];
  double beta3[3] = {0}, out[2], lat[1] = {0}, edges[2] = {10, 5};
  size_t col[2] = {1, 0};
  int reg[2] = {0, 7}, band;
  const char *names[] = {"a", "a"}, *unknown[] = {"b"};
  unsigned char flag[1];
  const double *cols[] = {X, X};
  pm_map_cells c = {.n = 2, .p = 2, .X = X, .weight = w};
  pm_map_values v = {.mean = out};
  pm_interval iv;

  hand_fit(&fit);
  fit3 = fit;
  fit3.p = 3;
  fit3.beta = beta3;
  pm_test_error(pm_draws_alloc(&none, &fit, 0, 1), PM_EINPUT,
                pm_error_message(), "posterior draws is 0", "0 draws");
  pm_test_error(pm_draws_alloc(&none, &fit, 1, 1), PM_EINPUT,
                pm_error_message(), "at least 2", "1 draw");
  if (pm_draws_alloc(&d, &fit, 10, 1) || pm_mapper_alloc(&m, &fit, d, 2) ||
      pm_mapper_alloc(&plain, &fit, NULL, 2) || pm_totals_alloc(&t, 1, 10) ||
      pm_totals_alloc(&t2, 1, 5))
    goto cleanup;
  pm_test_error(pm_mapper_alloc(&small, &fit3, d, 2), PM_EINPUT,
                pm_error_message(), "the draws have 2 coefficients, the "
                "model 3", "draws of another model");
  pm_test_error(pm_mapper_alloc(&small, &fit, d, 0), PM_EINPUT,
                pm_error_message(), "block size is 0", "block of 0 cells");
  c.p = 3;
  pm_test_error(pm_mapper_cells(m, &c, &v, NULL), PM_EINPUT,
                pm_error_message(), "has 3 columns, the model 2", "p mismatch");
  c.p = 2;
  c.n = 3;
  pm_test_error(pm_mapper_cells(m, &c, &v, NULL), PM_EINPUT,
                pm_error_message(), "larger than the mapper's 2",
                "block too large");
  c.n = 2;
  pm_test_error(pm_mapper_cells(m, &c, &v, t), PM_EINPUT, pm_error_message(),
                "cell 1 of the block has weight -2", "negative weight");
  w[1] = 2;
  c.region = reg;
  pm_test_error(pm_mapper_cells(m, &c, &v, t), PM_EINPUT, pm_error_message(),
                "in region 7; the totals have 1 regions", "region too large");
  c.region = NULL;
  pm_test_error(pm_mapper_cells(m, &c, &v, t2), PM_EINPUT, pm_error_message(),
                "totals hold 5 draws, the mapper 10", "totals of other draws");
  c.weight = NULL;
  pm_test_error(pm_mapper_cells(m, &c, &v, t), PM_EINPUT, pm_error_message(),
                "without cell weights", "totals without weights");
  v.lower = out;
  pm_test_error(pm_mapper_cells(plain, &c, &v, NULL), PM_EINPUT,
                pm_error_message(), "without posterior draws",
                "intervals without draws");
  v.lower = NULL;
  v.inv_mean = out;
  c.thickness = th;
  c.column = col;
  pm_test_error(pm_mapper_cells(m, &c, &v, NULL), PM_EINPUT,
                pm_error_message(), "in column 0 after column 1",
                "columns out of order");
  col[0] = 0;
  col[1] = 1;
  pm_mapper_cells(m, &c, &v, NULL);
  pm_test_error(pm_mapper_cells(m, &c, &v, NULL), PM_EINPUT,
                pm_error_message(), "at or before the previous block's last "
                "column 1", "a column across blocks");
  c.column = NULL;
  pm_test_error(pm_mapper_cells(m, &c, &v, NULL), PM_EINPUT,
                pm_error_message(), "need both the column id",
                "inventories without column ids");
  pm_test_error(pm_totals_alloc(&zero, 0, 10), PM_EINPUT, pm_error_message(),
                "at least one region", "totals of 0 regions");
  pm_test_error(pm_totals_get(t, 2, &iv), PM_EINPUT, pm_error_message(),
                "region 2 asked for; the totals have 1 regions",
                "region out of range");
  pm_test_error(pm_totals_difference(t2, t, 0, &iv), PM_EINPUT,
                pm_error_message(), "differ in shape", "difference of shapes");
  pm_test_error(pm_map_lat_bands(edges, 2, lat, 1, &band), PM_EINPUT,
                pm_error_message(), "edges must increase", "bad band edges");
  pm_test_error(pm_map_extrapolation(cols, 1, edges, edges + 1, 1, flag),
                PM_EINPUT, pm_error_message(), "lower end must not exceed",
                "range upside down");
  pm_test_error(pm_frame_from_columns(&f, "cells", names, cols, 2, 2),
                PM_EINPUT, pm_error_message(), "cells: column 'a' is given "
                "twice", "duplicate column");
  if (pm_frame_from_columns(&f, "cells", names, cols, 1, 2) == PM_SUCCESS)
    pm_test_error(pm_map_ranges(f, unknown, 1, lo, lo + 1), PM_EINPUT,
                  pm_error_message(), "cells: column 'b' was not read",
                  "range of an unknown column");
cleanup:
  pm_frame_free(f);
  pm_totals_free(t);
  pm_totals_free(t2);
  pm_mapper_free(m);
  pm_mapper_free(plain);
  pm_draws_free(d);
}

/* Weighted quantiles by hand: values 4, 1, 3, 2 with weights 1, 2, 0, 1
 * sort to 1 (2), 2 (1), 3 (0), 4 (1) of total 4; the cumulative weights
 * 2, 3, 3, 4 reach 0.5 at 1, 0.6 at 2, 0.75 at 2 (the zero weight of 3 is
 * never chosen) and 1 at 4. */
static void weighted_quantiles(void)
{
  pm_weighted x[4] = {{4, 1}, {1, 2}, {3, 0}, {2, 1}};
  const double p[5] = {0, 0.5, 0.6, 0.75, 1};
  const double want[5] = {1, 1, 2, 2, 4};
  double q[5], bad_p = 1.5;
  pm_weighted bad[1] = {{NAN, 1}};
  size_t k;

  pm_test_ok(pm_weighted_quantiles(x, 4, p, 5, q) == PM_SUCCESS,
             "weighted quantiles");
  for (k = 0; k < 5; k++)
    pm_test_rel(q[k], want[k], 0, "weighted quantile at p = %g", p[k]);
  pm_test_error(pm_weighted_quantiles(x, 4, &bad_p, 1, q), PM_EUSAGE,
                pm_error_message(), "not between 0 and 1",
                "a probability above 1 is refused");
  pm_test_error(pm_weighted_quantiles(bad, 1, p, 1, q), PM_EINPUT,
                pm_error_message(), "must be finite",
                "a value that is not finite is refused");
}

/* Weighted means by hand: region 0 gets x = 1 (w 1) and x = 4 (w 3),
 * region 1 x = 2 (w 2), each with 5 draws x + d/10; the baseline has
 * x - 1 everywhere. */
static void weighted_means(void)
{
  enum { D = 5 };
  pm_totals *t = NULL, *base = NULL;
  const double x[3] = {1, 4, 2}, w[3] = {1, 3, 2};
  const size_t region[3] = {0, 0, 1};
  double draws[D];
  pm_interval v, all, diff, empty;
  size_t i, d;
  int bad = 0;

  if (pm_totals_alloc(&t, 3, D) || pm_totals_alloc(&base, 3, D)) goto done;
  for (i = 0; i < 3; i++) {
    for (d = 0; d < D; d++) draws[d] = x[i] + (double)d / 10;
    bad |= pm_totals_add(t, region[i], w[i], x[i], draws, 7);
    for (d = 0; d < D; d++) draws[d] -= 1;
    bad |= pm_totals_add(base, region[i], w[i], x[i] - 1, draws, 7);
  }
  bad |= pm_totals_mean_range(t, 0, 1, &v) | pm_totals_mean_range(t, 0, 3, &all) |
         pm_totals_mean_difference_range(t, base, 0, 2, &diff) |
         pm_totals_mean_range(t, 2, 1, &empty);
  pm_test_ok(!bad, "weighted means: cells added and means read");
  /* region 0: (1 + 12) / 4 = 3.25; draws 3.25 + d/10, type-7 2.5% and
   * 97.5% quantiles 3.26 and 3.64 */
  pm_test_ok(fabs(v.mean - 3.25) < 1e-12 && fabs(v.lower - 3.26) < 1e-12 &&
                 fabs(v.upper - 3.64) < 1e-12,
             "weighted mean of region 0: %g (%g, %g), by hand 3.25 (3.26, "
             "3.64)", v.mean, v.lower, v.upper);
  pm_test_ok(fabs(all.mean - 17.0 / 6) < 1e-12,
             "weighted mean of all regions: %g, by hand 17/6", all.mean);
  pm_test_ok(fabs(diff.mean - 1) < 1e-12 && fabs(diff.lower - 1) < 1e-12 &&
                 fabs(diff.upper - 1) < 1e-12,
             "paired difference of means: %g (%g, %g), by hand 1", diff.mean,
             diff.lower, diff.upper);
  pm_test_ok(isnan(empty.mean) && isnan(empty.lower),
             "a region without weight has a NAN mean");
  pm_test_error(pm_totals_add(t, 3, 1, 1, draws, 7), PM_EINPUT,
                pm_error_message(), "region 3 asked for",
                "weighted means: a region out of range");
  pm_test_error(pm_totals_add(t, 0, -1, 1, draws, 7), PM_EINPUT,
                pm_error_message(), "weight -1",
                "weighted means: a negative weight");
  pm_test_error(pm_totals_add(t, 0, 1, 1, NULL, 7), PM_EINPUT,
                pm_error_message(), "keep 5 draws",
                "weighted means: draws missing");
done:
  pm_totals_free(t);
  pm_totals_free(base);
}

/* Totals packed and added: the cells of region 0 (w 1, x 1) and region 1
 * (w 2, x 3) with 4 draws x + d split into two parts, the second packed
 * (unaligned) and added to the first, give the sums by hand; totals of
 * another shape are refused; a cleared total is zero. */
static void packed_totals(void)
{
  enum { D = 4 };
  pm_totals *a = NULL, *b = NULL, *odd = NULL;
  double draws[D];
  char *buf = NULL;
  pm_interval v;
  size_t d;
  int bad = 0;

  if (pm_totals_alloc(&a, 2, D) || pm_totals_alloc(&b, 2, D) ||
      pm_totals_alloc(&odd, 3, D) ||
      !(buf = malloc(pm_totals_packed_size(b) + 1)))
    goto done;
  for (d = 0; d < D; d++) draws[d] = 1 + (double)d;
  bad |= pm_totals_add(a, 0, 1, 1, draws, 9);
  for (d = 0; d < D; d++) draws[d] = 3 + (double)d;
  bad |= pm_totals_add(b, 1, 2, 3, draws, 9);
  pm_totals_pack(b, buf + 1);
  bad |= pm_totals_add_packed(a, buf + 1);
  bad |= pm_totals_get(a, 2, &v);
  /* global: 1 + 2 x 3 = 7; draws 1 + d + 2 (3 + d) = 7 + 3d: 7, 10, 13,
   * 16, type-7 quantiles at h = 3p: 7 + 0.075 x 3 = 7.225 and
   * 13 + 0.925 x 3 = 15.775 */
  pm_test_ok(!bad && v.mean == 7 && fabs(v.lower - 7.225) < 1e-12 &&
                 fabs(v.upper - 15.775) < 1e-12,
             "packed totals added: %g (%g, %g), by hand 7 (7.225, 15.775)",
             v.mean, v.lower, v.upper);
  pm_test_error(pm_totals_add_packed(odd, buf + 1), PM_EINPUT,
                pm_error_message(), "2 regions and 4 draws added to totals "
                "of 3 regions", "packed totals of another shape refused");
  pm_totals_clear(a);
  bad = pm_totals_get(a, 2, &v);
  pm_test_ok(!bad && v.mean == 0 && v.lower == 0 && v.upper == 0,
             "cleared totals are zero");
done:
  free(buf);
  pm_totals_free(a);
  pm_totals_free(b);
  pm_totals_free(odd);
}

/* A zero-inflated Poisson maps its expected count, with the delta-method
 * standard error through d mean / d eta. */
static void zip_means(void)
{
  pm_gam_fit fit;
  pm_mapper *m = NULL;
  double eta[NCELL], se_eta[NCELL], mean[NCELL], se[NCELL];
  pm_map_values v = {.eta = eta, .se_eta = se_eta, .mean = mean, .se = se};
  pm_map_cells c = {.n = NCELL, .p = 2, .X = gridX};
  size_t i, bad = 0;

  hand_fit(&fit);
  pm_family_from_name(&fit.family, "ziP");
  fit.family.zip[0] = -0.2;
  fit.family.zip[1] = 0.3;
  grid_cells(0);
  if (pm_mapper_alloc(&m, &fit, NULL, NCELL) == PM_SUCCESS &&
      pm_test_ok(pm_mapper_cells(m, &c, &v, NULL) == PM_SUCCESS,
                 "ziP: grid predicted"))
    for (i = 0; i < NCELL; i++) {
      double d, mu = pm_zip_mean(&fit.family, eta[i], &d);
      bad += !(fabs(mean[i] - mu) <= 1e-14 * mu &&
               fabs(se[i] - se_eta[i] * d) <= 1e-14 * se[i] && mu != eta[i]);
    }
  pm_test_ok(m && bad == 0, "ziP: the map is the expected count, its se "
             "by the delta method");
  pm_mapper_free(m);
}

int main(void)
{
  training_rows();
  coverage();
  totals_by_hand();
  scenarios();
  member_scale();
  draws();
  extrapolation();
  bad_inputs();
  weighted_quantiles();
  weighted_means();
  packed_totals();
  zip_means();
  return pm_test_done();
}
