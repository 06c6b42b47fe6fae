/* stage_fit.c: the fit stage of a scenario: each model fitted (with its
 * cluster bootstrap when the config asks for one), written as a model file
 * and cross-validated; or the model files read back.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "stage_fit.h"
#include "pm_error.h"
#include "pm_output.h"
#include "pm_mapper.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

void pm_pipeline_fitted_free(pm_pipeline_fitted *models, size_t n)
{
  size_t i;

  for (i = 0; models && i < n; i++) {
    pm_engine_free(models[i].engine);
    pm_aoa_free(models[i].aoa);
    pm_cv_result_free(models[i].cv);
    free(models[i].path);
    free(models[i].class_scale);
  }
  free(models);
}

/* The rows that belong together: a profile when `by_profile` and the frame
 * is of samples, else a spatial block of the cross-validation's size (a
 * frame of cells mixes profiles in its rows). */
static pm_engine_groups row_groups(const pm_scenario_model *spec,
                                   int by_profile)
{
  pm_engine_groups g = {NULL, spec->cv_block_deg};
  if (spec->frame == PM_FRAME_SAMPLES && by_profile) g.column = "profile";
  return g;
}

/* The engine's spec; boosted trees deal their ensemble's folds as the
 * cross-validation deals its own.  The counts of classes corrected for
 * misclassification are expected counts (pm_scenario_expected_counts). */
static void fit_spec(const pm_scenario *sc, const pm_scenario_model *spec,
                     pm_engine_spec *e)
{
  memset(e, 0, sizeof *e);
  e->formula = spec->formula;
  e->family = spec->family;
  e->estimate_theta = (spec->family.kind == PM_FAMILY_NEGBIN &&
                       !spec->theta_fixed) ||
                      spec->family.kind == PM_FAMILY_ZIP;
  e->estimate_p = spec->family.kind == PM_FAMILY_TWEEDIE && !spec->p_fixed;
  e->method = spec->method;
  e->discrete = spec->discrete;
  e->expected_counts = pm_scenario_expected_counts(sc, spec);
  e->boost = spec->boost;
  e->groups = row_groups(spec, spec->cv_by == PM_CV_PROFILE);
  e->seed = spec->seed;
}

/* The cluster bootstrap of the fit, resampling profiles (spatial blocks
 * for a frame of cells), when the config asks for one. */
static int bootstrap(const pm_scenario_model *spec, pm_engine *e,
                     const pm_pipeline_opts *opt)
{
  pm_engine_groups g = row_groups(spec, 1);
  size_t nfailed = 0;
  int status;

  if (spec->bootstrap == 0) return PM_SUCCESS;
  if ((status = pm_engine_bootstrap(e, &g, spec->bootstrap, spec->seed,
                                    &nfailed)))
    return status;
  if (nfailed)
    pm_pipeline_note(opt, "model %s: %zu bootstrap refits failed and were "
                "replaced by other resamples\n", spec->name, nfailed);
  return PM_SUCCESS;
}

/* The model file, its provenance the scenario's config. */
static int write_model(const pm_scenario *sc, const pm_engine *e,
                       const char *path)
{
  char *command = malloc(strlen(sc->path) + sizeof "run ");
  pm_model_provenance prov = {sc->path, command, NULL};
  int status;

  if (!command) return pm_error_nomem();
  sprintf(command, "run %s", sc->path);
  status = pm_engine_write(e, path, &prov);
  free(command);
  return status;
}

/* Blocked k-fold cross-validation: groups by profile, or by spatial block
 * (always for a frame of cells, whose rows mix profiles). */
static int cross_validate(const pm_scenario_model *spec, const pm_engine *e,
                          pm_cv_result **cv)
{
  pm_engine_groups g = row_groups(spec, spec->cv_by == PM_CV_PROFILE);
  return pm_engine_cross_validate(e, &g, spec->cv_folds, spec->seed, cv);
}

int pm_pipeline_skill_warning(const pm_pipeline_fitted *m, char *text,
                              size_t size)
{
  const pm_cv_result *cv = m->cv;

  if (!cv || !(cv->deviance_explained < 0 || cv->spearman < 0)) return 0;
  snprintf(text, size, "WARNING: model %s does not predict the profiles it "
           "was not fitted to (held-out deviance explained %.1f%%, Spearman "
           "%.3f): it does worse than their mean, so its maps are an "
           "extrapolation from the sampled sites, not a prediction; see the "
           "share of extrapolated cells (extrapolated_cells in totals.tsv)",
           m->spec->name, 100 * cv->deviance_explained, cv->spearman);
  return 1;
}

static void note_fit(const pm_scenario *sc, const pm_pipeline_opts *opt,
                     const pm_pipeline_fitted *m,
                     const pm_engine_fit_info *fit)
{
  char warning[512];

  pm_pipeline_note(opt,
              "model %s: %zu rows fitted (%zu left out for a missing "
              "response or covariate), deviance explained %.1f%%; wrote "
              "%s\n",
              m->spec->name, m->n_rows, m->n_dropped,
              100 * (1 - fit->deviance / fit->null_deviance), m->path);
  if (m->cv->nfailed)
    pm_pipeline_note(opt, "model %s: %zu of %zu cross-validation folds failed\n",
                m->spec->name, m->cv->nfailed, m->cv->k);
  if (m->spec->response.kind == PM_RESPONSE_SPECTRUM) /* no log(1+y) of
                                                         a slope */
    pm_pipeline_note(opt,
                "model %s: %zu-fold cross-validation: deviance explained "
                "%.1f%%, Spearman %.3f\n",
                m->spec->name, m->cv->k, 100 * m->cv->deviance_explained,
                m->cv->spearman);
  else
    pm_pipeline_note(opt,
                "model %s: %zu-fold cross-validation: deviance explained "
                "%.1f%%, RMSE of log(1+%s) %.3f, Spearman %.3f\n",
                m->spec->name, m->cv->k, 100 * m->cv->deviance_explained,
                m->spec->response.kind == PM_RESPONSE_FLUX ? "flux"
                                                           : "concentration",
                m->cv->rmse_log1p, m->cv->spearman);
  if (pm_pipeline_skill_warning(m, warning, sizeof warning))
    pm_pipeline_note(opt, "%s\n", warning);
  if (m->spec->response.kind == PM_RESPONSE_BIOMASS &&
      pm_scenario_has_classifier(sc))
    pm_pipeline_note(opt, "model %s: the carbon of an object whose class was "
                     "only predicted comes from its predicted class's "
                     "conversion; biomass is not corrected for "
                     "misclassification\n", m->spec->name);
}

/* The area of applicability of the fit, over the folds of its
 * cross-validation, written beside the model file and read back. */
static int write_aoa(const pm_scenario_model *spec, const pm_engine *e,
                     const pm_frame *frame, const pm_engine_fit_info *info,
                     const char *dir, pm_pipeline_fitted *out)
{
  pm_engine_groups g = row_groups(spec, spec->cv_by == PM_CV_PROFILE);
  char *path = pm_run_file_path(dir, PM_RUN_AOA, spec->name);
  int status;

  if (!path) return pm_error_nomem();
  if (!(status = pm_pipeline_aoa_write(e, frame, info, &g, spec->cv_folds,
                                       spec->seed, path)))
    status = pm_aoa_read(&out->aoa, path);
  free(path);
  return status;
}

/* The fitted engine's model file, frame table and area of
 * applicability. */
static int write_fit(const pm_scenario *sc, const pm_pipeline_gridded *g,
                     const pm_scenario_model *spec, const pm_engine *e,
                     const pm_frame *frame, const pm_engine_fit_info *info,
                     const char *dir, pm_pipeline_fitted *out)
{
  int status;

  if ((status = write_model(sc, e, out->path)) ||
      (status = pm_pipeline_fit_table_write(dir, spec, g, frame, info)))
    return status;
  return write_aoa(spec, e, frame, info, dir, out);
}

/* Frame, fit, bootstrap, model file and frame table, cross-validation,
 * area of applicability; the model read back from its file, so that
 * prediction uses what a later run would read.  Without a folder (dir
 * NULL): the fit, bootstrap and cross-validation alone. */
static int fit_one(const pm_scenario *sc, const pm_pipeline_gridded *g,
                   const pm_scenario_model *spec, const pm_pipeline_opts *opt,
                   const char *dir, pm_pipeline_fitted *out)
{
  pm_engine *e = NULL;
  pm_frame *frame = NULL;
  pm_engine_spec es;
  pm_engine_fit_info info;
  const char *const *names;
  size_t ncols;
  int status;

  out->spec = spec;
  fit_spec(sc, spec, &es);
  if (dir && !(out->path = pm_run_file_path(dir, PM_RUN_MODEL, spec->name)))
    return pm_error_nomem();
  if ((status = pm_engine_alloc(&e, pm_engine_find(spec->engine), &es)) ||
      (status = pm_engine_columns(e, &names, &ncols)) ||
      (status = pm_pipeline_fit_frame(sc, spec, g, names, ncols, &frame,
                                      &out->n_dropped)) ||
      (status = pm_engine_fit(e, frame, &info)) ||
      (status = bootstrap(spec, e, opt)) ||
      (status = cross_validate(spec, e, &out->cv)))
    goto cleanup;
  out->n_rows = info.n;
  out->n_dropped += info.dropped;
  if (dir &&
      !(status = write_fit(sc, g, spec, e, frame, &info, dir, out)) &&
      !(status = pm_engine_read(&out->engine, out->path)) &&
      !(status = pm_pipeline_classification_scale(sc, dir, out)))
    note_fit(sc, opt, out, &info);
cleanup:
  if (status)
    pm_error_prefix(status, "%s: model '%s'", spec->where, spec->name);
  pm_engine_free(e);
  pm_frame_free(frame);
  return status;
}

int pm_pipeline_stage_fit(const pm_scenario *sc, const pm_pipeline_gridded *g,
                     const pm_pipeline_opts *opt, const char *dir,
                     pm_pipeline_fitted **models, size_t *n)
{
  pm_pipeline_fitted *m = calloc(sc->n_models + 1, sizeof *m);
  size_t i;
  int status = PM_SUCCESS;

  *models = NULL;
  *n = 0;
  if (!m) return pm_error_nomem();
  if (sc->n_models && dir && (status = pm_mkdirs(dir))) goto cleanup;
  for (i = 0; i < sc->n_models && !status; i++) {
    pm_pipeline_note(opt, "model %s: fitting %s\n", sc->models[i].name,
                sc->models[i].formula);
    status = fit_one(sc, g, &sc->models[i], opt, dir, &m[i]);
  }
cleanup:
  if (status) {
    pm_pipeline_fitted_free(m, sc->n_models);
    return status;
  }
  *models = m;
  *n = sc->n_models;
  return PM_SUCCESS;
}

/* The rows a model read from its file was fitted to, and its area of
 * applicability. */
static int read_aoa(const char *dir, pm_pipeline_fitted *m)
{
  char *path = pm_run_file_path(dir, PM_RUN_AOA, m->spec->name);
  int status;

  m->n_rows = pm_engine_summary_of(m->engine)->n;
  if (!path) return pm_error_nomem();
  status = pm_aoa_read(&m->aoa, path);
  free(path);
  return status;
}

int pm_pipeline_fitted_read(const pm_scenario *sc, const char *dir,
                       pm_pipeline_fitted **models, size_t *n)
{
  pm_pipeline_fitted *m = calloc(sc->n_models + 1, sizeof *m);
  struct stat st;
  size_t i;
  int status = PM_SUCCESS;

  *models = NULL;
  *n = 0;
  if (!m) return pm_error_nomem();
  for (i = 0; i < sc->n_models && !status; i++) {
    m[i].spec = &sc->models[i];
    if (!(m[i].path = pm_run_file_path(dir, PM_RUN_MODEL, sc->models[i].name)))
      status = pm_error_nomem();
    else if (stat(m[i].path, &st) != 0)
      status = pm_error(PM_EINPUT,
                        "%s: cannot read the model file of model '%s' (%s); "
                        "run `plankmap run %s` first",
                        m[i].path, sc->models[i].name, strerror(errno),
                        sc->path);
    else if (!(status = pm_engine_read(&m[i].engine, m[i].path)) &&
             !(status = read_aoa(dir, &m[i])))
      status = pm_pipeline_classification_scale(sc, dir, &m[i]);
  }
  if (status) {
    pm_pipeline_fitted_free(m, sc->n_models);
    return status;
  }
  *models = m;
  *n = sc->n_models;
  return PM_SUCCESS;
}
