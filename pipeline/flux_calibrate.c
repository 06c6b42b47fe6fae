/* flux_calibrate.c: the calibration of the flux estimator that the flux
 * section's `calibrate` asks for: the observed samples matched to the
 * installed trap fluxes (validation/traps.csv), A and b fitted to them
 * (pm_flux_calibrate, validation/pm_flux_calib.h), the table
 * flux_calibration.tsv (written, and read back by the stages after the flux
 * stage), and the samples' fluxes with the calibrated A and b when `apply`
 * is true (pm_pipeline_flux_of_samples, for the flux models).
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "pm_pipeline.h"
#include "pm_datadir.h"
#include "pm_error.h"
#include "pm_output.h"
#include "pm_text.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int pm_pipeline_flux_calibration(const pm_scenario *sc, const pm_obs *obs,
                                 pm_flux_calib *cal)
{
  const pm_scenario_flux *f = &sc->flux;
  pm_flux_estimator e;
  pm_traps *t = NULL;
  pm_flux_calib_pairs *p = NULL;
  char *path = NULL;
  int status;

  if ((status = pm_pipeline_flux_estimator(sc, &e)) ||
      (status = pm_datadir_find("traps.csv", &path)) ||
      (status = pm_traps_read(&t, path)) ||
      (status = pm_flux_calib_match(obs, t, f->calib_radius_km,
                                    f->calib_depth_m, &p)))
    goto cleanup;
  if ((status = pm_flux_calibrate(p, &e, f->calib_nodes, f->n_calib_nodes,
                                  cal)))
    pm_error_prefix(status, "%s.calibrate: %zu of the %zu traps of %s "
                    "matched observed samples within %g km and %g m",
                    f->where, p->n, t->n, path, f->calib_radius_km,
                    f->calib_depth_m);
cleanup:
  pm_flux_calib_pairs_free(p);
  pm_traps_free(t);
  free(path);
  return status;
}

/* Sample s's flux with A and b at its mid-depth (the fit at depth nodes):
 * pm_flux_estimate on its size classes; NAN when none is in the window. */
static double sample_flux(const pm_obs *obs, const pm_flux_calib *cal,
                          pm_flux_estimator e, size_t s, const size_t *cls,
                          size_t n, double *lower, double *upper, double *conc)
{
  pm_spectrum sp = {n, lower, upper, conc};
  double F;
  size_t c;

  pm_flux_calib_at(cal, 0.5 * (obs->depth_top[s] + obs->depth_bottom[s]),
                   &e.A, &e.b);
  for (c = 0; c < n; c++) {
    lower[c] = obs->classes[cls[c]].size_min_mm;
    upper[c] = obs->classes[cls[c]].size_max_mm;
    conc[c] = obs->count[cls[c]][s] / obs->volume_m3[s];
  }
  return pm_flux_estimate(&e, &sp, &F) ? NAN : F;
}

int pm_pipeline_flux_calibrated(const pm_scenario *sc, const pm_obs *obs,
                                const pm_flux_calib *cal, double *flux)
{
  pm_flux_estimator e;
  size_t *cls = NULL, n = 0, c, s;
  double *buf = NULL;
  int status;

  if ((status = pm_pipeline_flux_estimator(sc, &e))) return status;
  e.A = cal->A[0];
  e.b = cal->b[0];
  if (cal->n_nodes == 1) return pm_flux_samples(obs, &e, flux);
  cls = malloc((obs->n_classes + 1) * sizeof *cls);
  buf = malloc(3 * (obs->n_classes + 1) * sizeof *buf);
  if (!cls || !buf) {
    status = pm_error_nomem();
    goto cleanup;
  }
  for (c = 0; c < obs->n_classes; c++)
    if (!isnan(obs->classes[c].size_min_mm)) cls[n++] = c;
  for (s = 0; s < obs->n_samples; s++)
    flux[s] = sample_flux(obs, cal, e, s, cls, n, buf, buf + n + 1,
                          buf + 2 * (n + 1));
cleanup:
  free(cls);
  free(buf);
  return status;
}

int pm_pipeline_flux_of_samples(const pm_scenario *sc, const pm_obs *obs,
                           double *flux)
{
  pm_flux_estimator e;
  pm_flux_calib cal;
  int status;

  if (sc->flux.calibrate && sc->flux.calib_apply) {
    if ((status = pm_pipeline_flux_calibration(sc, obs, &cal))) return status;
    return pm_pipeline_flux_calibrated(sc, obs, &cal, flux);
  }
  if ((status = pm_pipeline_flux_estimator(sc, &e)) ||
      (status = pm_flux_samples(obs, &e, flux)))
    return status;
  return PM_SUCCESS;
}

typedef struct {
  const pm_flux_calib *cal;
  int applied;
} table_arg;

static void put_number(FILE *f, double x)
{
  if (isnan(x))
    fputs("\t", f);
  else
    fprintf(f, "\t%.6g", x);
}

static void put_stats(FILE *f, const pm_validation_stats *s)
{
  put_number(f, s->bias);
  put_number(f, s->rmse);
  put_number(f, s->r);
}

/* One row per node (one row for a single A and b). */
static int put_table(FILE *f, void *arg)
{
  const table_arg *a = arg;
  const pm_flux_calib *c = a->cal;
  size_t k;

  fputs("node_m\tA\tse_A\tlog10_A\tse_log10_A\tb\tse_b\tn_traps\t"
        "n_params\tsigma_log10\tbias_before\trmse_before\tr_before\t"
        "bias_after\trmse_after\tr_after\tapplied\n", f);
  for (k = 0; k < c->n_nodes; k++) {
    if (!isnan(c->node[k])) fprintf(f, "%g", c->node[k]);
    fprintf(f, "\t%.10g\t%.6g\t%.10g\t%.6g\t%.10g\t%.6g\t%zu\t%zu",
            c->A[k], c->se_A[k], log10(c->A[k]), c->se_log10_A[k], c->b[k],
            c->se_b[k], c->after.n_used, c->n_params);
    put_number(f, c->sigma);
    put_stats(f, &c->before);
    put_stats(f, &c->after);
    fprintf(f, "\t%s\n", a->applied ? "true" : "false");
  }
  return ferror(f) ? pm_error(PM_EIO, "writing the calibration table failed")
                   : PM_SUCCESS;
}

int pm_pipeline_flux_calibration_write(const char *dir,
                                       const pm_flux_calib *cal, int applied)
{
  table_arg a = {cal, applied};
  char *path = pm_run_file_path(dir, PM_RUN_FLUX_CALIBRATION, NULL);
  int status;

  if (!path) return pm_error_nomem();
  status = pm_output_text(path, put_table, &a);
  free(path);
  return status;
}

/* One row of the table: its node (empty for a single A and b), A from
 * log10_A (written to 10 digits) and b. */
static int read_row(pm_text *t, const size_t col[3], pm_flux_calib *cal)
{
  size_t k = cal->n_nodes;
  double log10_A;
  int status;

  if (k == PM_FLUX_CALIB_MAX_NODES)
    return pm_text_error(t, PM_EINPUT, SIZE_MAX, "more than %d depth nodes",
                         PM_FLUX_CALIB_MAX_NODES);
  if ((status = pm_text_check_width(t)) ||
      (status = pm_text_double_opt(t, col[0], &cal->node[k])) ||
      (status = pm_text_double(t, col[1], &log10_A)) ||
      (status = pm_text_double(t, col[2], &cal->b[k])))
    return status;
  if (k > 0 && !(cal->node[k] > cal->node[k - 1]))
    return pm_text_error(t, PM_EINPUT, col[0], "the nodes are not increasing "
                         "depths; run the flux stage again");
  cal->A[k] = pow(10, log10_A);
  cal->n_nodes++;
  return PM_SUCCESS;
}

int pm_pipeline_flux_calibration_read(const char *dir, pm_flux_calib *cal)
{
  static const char *const names[3] = {"node_m", "log10_A", "b"};
  char *path = pm_run_file_path(dir, PM_RUN_FLUX_CALIBRATION, NULL);
  pm_text *t = NULL;
  size_t col[3], i;
  int status, more = 1;

  memset(cal, 0, sizeof *cal);
  if (!path) return pm_error_nomem();
  status = pm_text_open(&t, path, '\t', PM_TEXT_UTF8);
  if (!status) status = pm_text_read_header(t);
  for (i = 0; !status && i < 3; i++) status = pm_text_column(t, names[i], &col[i]);
  while (!status && !(status = pm_text_next(t, &more)) && more)
    status = read_row(t, col, cal);
  if (!status && (cal->n_nodes == 0 ||
                  (cal->n_nodes > 1 && isnan(cal->node[0]))))
    status = pm_error(PM_EINPUT, "%s: no calibration in it; run the flux "
                      "stage again", path);
  cal->n_params = 2 * cal->n_nodes;
  pm_text_free(t);
  free(path);
  return status;
}
