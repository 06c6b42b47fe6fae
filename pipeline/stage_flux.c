/* stage_flux.c: the flux stage of `plankmap run` and `plankmap flux
 * CONFIG`: the particle flux and the size spectrum slope of every observed
 * sample, the Martin curve of every profile and the remineralisation rate
 * of its layers, as the scenario's flux section says.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#define _DEFAULT_SOURCE /* gmtime_r */
#include "pm_pipeline.h"
#include "pm_error.h"
#include "stage_predict.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define N_TABLES 4
static const pm_run_file tables[N_TABLES] = {
    PM_RUN_FLUX_SAMPLES, PM_RUN_FLUX_PROFILES, PM_RUN_FLUX_SPECTRA,
    PM_RUN_FLUX_REMIN};

/* The reference depth of each profile's Martin fit: the fixed ref_depth,
 * or the depth of the reference horizon at the profile's position in the
 * calendar month of its cast (a profile without a value there gets no
 * fit). */
static int profile_ref_depths(const pm_scenario *sc, const pm_obs *obs,
                              double *zr)
{
  size_t n = obs->n_profiles, p, nmiss;
  double *lon = malloc(2 * (n + 1) * sizeof *lon), *lat = lon + n + 1;
  int *month = malloc((n + 1) * sizeof *month), status = PM_SUCCESS;

  if (!lon || !month)
    status = pm_error_nomem();
  else if (sc->flux.ref_horizon < 0)
    status = pm_flux_fit_check(sc->flux.ref_depth, sc->flux.max_depth);
  for (p = 0; p < n && !status; p++) {
    const pm_obs_profile *pr = &obs->profiles[p];
    time_t t = isfinite(pr->time) ? (time_t)pr->time : 0;
    struct tm tm;
    zr[p] = sc->flux.ref_depth;
    lon[p] = pr->lon;
    lat[p] = isfinite(pr->time) ? pr->lat : NAN; /* no month: no value */
    month[p] = gmtime_r(&t, &tm) ? tm.tm_mon + 1 : 1;
  }
  if (!status && sc->flux.ref_horizon >= 0)
    status = pm_pipeline_horizon_points(sc, (size_t)sc->flux.ref_horizon, n, lon,
                                   lat, month, zr, &nmiss);
  free(lon);
  free(month);
  return status;
}

/* The flux of every sample: with the scenario's estimator, or calibrated
 * against the traps (flux_calibration.tsv written, and used when `apply`
 * is true); the calibration is added to the description. */
static int samples_flux(const pm_scenario *sc, const pm_obs *obs,
                        const pm_flux_estimator *e, const char *dir,
                        double *flux, char *what, size_t size)
{
  const pm_scenario_flux *f = &sc->flux;
  pm_flux_calib cal;
  size_t len;
  int status;

  pm_pipeline_flux_describe(e, what, size);
  if (!f->calibrate) return pm_flux_samples(obs, e, flux);
  if ((status = pm_pipeline_flux_calibration(sc, obs, &cal)) ||
      (status = pm_pipeline_flux_calibration_write(dir, &cal,
                                                   f->calib_apply)) ||
      (status = f->calib_apply ? pm_pipeline_flux_calibrated(sc, obs, &cal,
                                                             flux)
                               : pm_flux_samples(obs, e, flux)))
    return status;
  len = strlen(what);
  snprintf(what + len, size - len, "; calibrated against %zu traps "
           "(flux_calibration.tsv): A = %g, "
           "b = %g%s (%s)", cal.after.n_used, cal.A[0], cal.b[0],
           cal.n_nodes > 1 ? " at the first node" : "",
           f->calib_apply ? "applied" : "reported only");
  return PM_SUCCESS;
}

int pm_pipeline_stage_flux(const pm_scenario *sc, const pm_obs *obs,
                      const pm_pipeline_opts *opt, const char *dir)
{
  const pm_scenario_flux *f = &sc->flux;
  pm_flux_estimator e;
  char what[512], *path[N_TABLES] = {NULL, NULL, NULL, NULL};
  double *flux = malloc((obs->n_samples + 1) * sizeof *flux);
  double *zr = malloc((obs->n_profiles + 1) * sizeof *zr);
  pm_martin *fits = calloc(obs->n_profiles + 1, sizeof *fits);
  pm_slope *slope = calloc(obs->n_samples + 1, sizeof *slope);
  pm_flux_remin_row *remin = malloc((obs->n_samples + 1) * sizeof *remin);
  pm_pipeline_flux_out out = {flux, fits, slope, f->slope_min_mm, f->slope_max_mm,
                         NULL, NULL, NULL, remin, 0, NULL};
  int status = PM_SUCCESS, k;

  for (k = 0; k < N_TABLES; k++)
    path[k] = pm_run_file_path(dir, tables[k], NULL);
  if (!flux || !zr || !fits || !slope || !remin || !path[0] || !path[1] ||
      !path[2] || !path[3]) {
    status = pm_error_nomem();
    goto cleanup;
  }
  out.flux_path = path[0];
  out.att_path = path[1];
  out.spectra_path = path[2];
  out.remin_path = path[3];
  if ((status = pm_pipeline_flux_estimator(sc, &e))) goto cleanup;
  if (isnan(out.slope_min_mm)) { /* the slope window: the flux window */
    out.slope_min_mm = e.min_mm;
    out.slope_max_mm = e.max_mm;
  }
  if ((status = samples_flux(sc, obs, &e, dir, flux, what, sizeof what)) ||
      (status = profile_ref_depths(sc, obs, zr)) ||
      (status = pm_flux_profile_fits_at(
           obs, flux, zr, f->max_depth,
           f->nonlinear ? PM_FLUX_FIT_NONLINEAR : PM_FLUX_FIT_LOG_LINEAR,
           fits)) ||
      (status = pm_spectrum_samples_slope(obs, out.slope_min_mm,
                                          out.slope_max_mm, slope)) ||
      /* the layers over each profile's fitting range [z_ref, max_depth] */
      (status = pm_flux_profile_remineralisation(obs, flux, zr, f->max_depth,
                                                 remin, &out.n_remin)) ||
      (status = pm_pipeline_flux_tables(obs, &out)))
    goto cleanup;
  pm_pipeline_flux_reasons("flux", opt, obs, fits);
  pm_pipeline_note(opt, "wrote %s, %s, %s and %s (%zu samples, %zu profiles, "
              "%zu layers; %s)\n", path[0], path[1], path[2], path[3],
              obs->n_samples, obs->n_profiles, out.n_remin, what);
cleanup:
  free(flux);
  free(zr);
  free(fits);
  free(slope);
  free(remin);
  for (k = 0; k < N_TABLES; k++) free(path[k]);
  return status;
}
