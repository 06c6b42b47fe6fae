/* bench_flux.c: time pm_flux_samples and the per-profile Martin fits on a
 * synthetic observation table built in memory (default 1e6 samples x 40
 * EcoPart size classes, 200 depth bins of 5 m per profile), the
 * remineralisation rate of every layer of every profile, and the Martin
 * fits of a global grid's columns under every posterior draw.
 *
 * Usage: bench_flux [N_SAMPLES]
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "pm_error.h"
#include "pm_flux.h"

#include "bench_util.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#define N_CLASSES 40
#define BINS 200

/* Profiles of BINS bins; counts of a d^-3.5 spectrum attenuating with depth. */
static int build(pm_obs *obs, size_t n)
{
  size_t s, c, p = 0, k;
  char name[32];
  int status = PM_SUCCESS;

  for (c = 0; c < N_CLASSES && !status; c++) {
    double lo = pow(2.0, ((double)c - 30) / 3.0), up = lo * cbrt(2.0);
    snprintf(name, sizeof name, "LPM %zu", c);
    status = pm_obs_class_index(obs, name, NULL, lo, up, &k);
  }
  for (s = 0; s < n && !status; s++) {
    double top = 5.0 * (double)(s % BINS);
    if (s % BINS == 0) {
      pm_obs_profile pr = {"bench", name, "", 1.5e9 + (double)s, 10, 20};
      snprintf(name, sizeof name, "cast%zu", s / BINS);
      if ((status = pm_obs_add_profile(obs, &pr, &p))) break;
    }
    status = pm_obs_add_sample(obs, p, top, top + 5, 0.1, "bench", &k);
  }
  for (c = 0; c < obs->n_classes && !status; c++) {
    double d = 0.5 * (obs->classes[c].size_min_mm + obs->classes[c].size_max_mm);
    for (s = 0; s < n; s++) {
      double z = 2.5 + 5.0 * (double)(s % BINS);
      obs->count[c][s] = floor(1e2 * pow(d, -3.5) * pow(z / 100 + 0.1, -0.9) *
                               (1 + 0.3 * sin((double)s)));
    }
  }
  return status;
}

/* The remineralisation rate of every layer of every profile over 100-1000
 * m (pm_flux_profile_remineralisation, as the flux stage calls it). */
static int time_remin(const pm_obs *obs, const double *flux)
{
  double *zmin = malloc((obs->n_profiles + 1) * sizeof *zmin), t0, t1;
  pm_flux_remin_row *rows = malloc((obs->n_samples + 1) * sizeof *rows);
  size_t p, n_rows = 0;
  int status = PM_SUCCESS;

  if (!zmin || !rows) status = pm_error_nomem();
  for (p = 0; p < obs->n_profiles && !status; p++) zmin[p] = 100;
  t0 = bench_now();
  if (!status)
    status = pm_flux_profile_remineralisation(obs, flux, zmin, 1000, rows,
                                              &n_rows);
  t1 = bench_now();
  if (!status)
    printf("bench-flux: %zu profiles: remineralisation of %zu layers %.3f s "
           "(%.3g profiles/s)\n", obs->n_profiles, n_rows, t1 - t0,
           (double)obs->n_profiles / (t1 - t0));
  free(zmin);
  free(rows);
  return status;
}

/* The Martin exponent of a 1-degree ocean's columns under 200 posterior
 * draws, at the 7 default flux depths: pm_flux_martin_draws as the predict
 * stage calls it, column by column, log-linear and (on 1/100 of the
 * columns) nonlinear. */
#define DRAW_COLUMNS 64800
#define DRAWS 200
#define DRAW_DEPTHS 7

static int time_draws(void)
{
  static const double z[DRAW_DEPTHS] = {100, 150, 200, 300, 500, 750, 1000};
  double *F = malloc(DRAW_DEPTHS * DRAWS * sizeof *F), b[DRAWS], t0, t1, t2;
  size_t c, i, d;
  int status = PM_SUCCESS;

  if (!F) return pm_error_nomem();
  for (i = 0; i < DRAW_DEPTHS; i++)
    for (d = 0; d < DRAWS; d++)
      F[i * DRAWS + d] = 50 * pow(z[i] / 100, -(0.6 + 0.002 * (double)d)) *
                         (1 + 0.05 * sin((double)(i + d)));
  t0 = bench_now();
  for (c = 0; c < DRAW_COLUMNS && !status; c++)
    status = pm_flux_martin_draws(z, F, DRAW_DEPTHS, DRAWS, 100, 1000,
                                  PM_FLUX_FIT_LOG_LINEAR, b);
  t1 = bench_now();
  for (c = 0; c < DRAW_COLUMNS / 100 && !status; c++)
    status = pm_flux_martin_draws(z, F, DRAW_DEPTHS, DRAWS, 100, 1000,
                                  PM_FLUX_FIT_NONLINEAR, b);
  t2 = bench_now();
  if (!status)
    printf("bench-flux: %d columns x %d draws x %d depths: log-linear %.3f s "
           "(%.3g column-draws/s); nonlinear %.3g column-draws/s\n",
           DRAW_COLUMNS, DRAWS, DRAW_DEPTHS, t1 - t0,
           (double)DRAW_COLUMNS * DRAWS / (t1 - t0),
           (double)(DRAW_COLUMNS / 100) * DRAWS / (t2 - t1));
  free(F);
  return status;
}

int main(int argc, char **argv)
{
  size_t n = argc > 1 ? (size_t)strtod(argv[1], NULL) : 1000000;
  pm_obs *obs = pm_obs_alloc();
  pm_flux_estimator e;
  pm_martin *fits = NULL;
  double *flux = malloc(n * sizeof *flux + 1), t0, t1, t2;
  int status;

  pm_flux_estimator_default(&e);
  if (!obs || !flux || (status = build(obs, n))) {
    fprintf(stderr, "bench_flux: %s\n", pm_error_message());
    return PM_EIO;
  }
  fits = malloc(obs->n_profiles * sizeof *fits + 1);
  t0 = bench_now();
  status = pm_flux_samples(obs, &e, flux);
  t1 = bench_now();
  if (!status)
    status = pm_flux_profile_fits(obs, flux, 100, 1000, PM_FLUX_FIT_LOG_LINEAR,
                                  fits);
  t2 = bench_now();
  if (status) {
    fprintf(stderr, "bench_flux: %s\n", pm_error_message());
  } else {
    printf("bench-flux: %zu samples x %zu classes: pm_flux_samples %.3f s "
           "(%.3g samples/s)\n", obs->n_samples, obs->n_classes, t1 - t0,
           (double)obs->n_samples / (t1 - t0));
    printf("bench-flux: %zu profiles: Martin fits %.3f s (%.3g profiles/s); "
           "b of the first = %.3f\n", obs->n_profiles, t2 - t1,
           (double)obs->n_profiles / (t2 - t1), fits[0].b);
    if (!(status = time_remin(obs, flux))) status = time_draws();
    if (status) fprintf(stderr, "bench_flux: %s\n", pm_error_message());
  }
  free(fits);
  free(flux);
  pm_obs_free(obs);
  return status;
}
