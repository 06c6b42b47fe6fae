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
    pm_cv_result_free(models[i].cv);
    free(models[i].path);
  }
  free(models);
}

/* The model of its file, through the engine that wrote it. */
static int read_back(pm_pipeline_fitted *f)
{
  int status = pm_engine_read(&f->engine, f->path);
  if (!status && !(f->model = pm_engine_gam_model(f->engine)))
    status = pm_error(PM_EINPUT, "%s: model '%s' is not a GAM; its engine "
                      "'%s' cannot be used here", f->path, f->spec->name,
                      pm_engine_type_of(f->engine)->name);
  return status;
}

static void fit_options(const pm_scenario_model *spec, pm_gam_options *o)
{
  pm_gam_options_default(o, &spec->family);
  o->estimate_theta = spec->family.kind == PM_FAMILY_NEGBIN &&
                      !spec->theta_fixed;
  o->estimate_p = spec->family.kind == PM_FAMILY_TWEEDIE && !spec->p_fixed;
  o->method = spec->method;
}

/* The model file, with the covariate ranges and rug sample of the frame
 * and the bootstrap. */
static int write_model(const pm_scenario *sc, const pm_formula *f,
                       const pm_design *d, const pm_gam_fit *fit,
                       const pm_gam_options *o, const pm_frame *frame,
                       const pm_draws *boot, const char *path)
{
  pm_model_bootstrap b = {boot ? boot->ndraws : 0, boot ? boot->B : NULL,
                          boot ? boot->seed : 0};
  char *command = malloc(strlen(sc->path) + sizeof "run ");
  pm_model_provenance prov = {sc->path, command, NULL};
  int status;

  if (!command) return pm_error_nomem();
  sprintf(command, "run %s", sc->path);
  status = pm_pipeline_model_write(path, f, d, fit, o, &prov, frame, &b);
  free(command);
  return status;
}

/* The group of each row: its profile when `by_profile` and the frame is
 * of samples, else its spatial block of the cross-validation's size (a
 * frame of cells mixes profiles in its rows). */
static int row_groups(const pm_scenario_model *spec,
                      const pm_model_matrix *mm, int by_profile, int *group)
{
  size_t ngroups;

  if (spec->frame == PM_FRAME_SAMPLES && by_profile)
    return pm_cv_groups_column(mm, "profile", group, &ngroups);
  return pm_cv_groups_blocks(mm, "lat", "lon", spec->cv_block_deg, group,
                             &ngroups);
}

/* The cluster bootstrap of the coefficients, resampling profiles (spatial
 * blocks for a frame of cells); *boot stays NULL when not asked for. */
static int bootstrap(const pm_scenario_model *spec, const pm_design *d,
                     const pm_model_matrix *mm, const pm_gam_options *o,
                     const pm_pipeline_opts *opt, pm_draws **boot)
{
  int *group = NULL;
  size_t nfailed = 0;
  int status;

  *boot = NULL;
  if (spec->bootstrap == 0) return PM_SUCCESS;
  if (!(group = malloc((mm->n + 1) * sizeof *group))) return pm_error_nomem();
  if (!(status = row_groups(spec, mm, 1, group)))
    status = pm_draws_bootstrap(boot, d, mm, o, group, spec->bootstrap,
                                spec->seed, &nfailed);
  free(group);
  if (status) return pm_error_prefix(status, "cluster bootstrap");
  if (nfailed)
    pm_pipeline_note(opt, "model %s: %zu bootstrap refits failed and were "
                "replaced by other resamples\n", spec->name, nfailed);
  return PM_SUCCESS;
}

/* Blocked k-fold cross-validation: groups by profile, or by spatial block
 * (always for a frame of cells, whose rows mix profiles). */
static int cross_validate(const pm_scenario_model *spec, const pm_design *d,
                          const pm_model_matrix *mm, const pm_gam_options *o,
                          pm_cv_result **cv)
{
  int *group = malloc((mm->n + 1) * sizeof *group);
  int *fold = malloc((mm->n + 1) * sizeof *fold);
  int status;

  if (!group || !fold) {
    status = pm_error_nomem();
    goto cleanup;
  }
  status = row_groups(spec, mm, spec->cv_by == PM_CV_PROFILE, group);
  if (!status)
    status = pm_cv_folds(group, mm->n, spec->cv_folds, spec->seed, fold);
  if (!status) status = pm_cv_run(cv, d, mm, o, fold, spec->cv_folds);
  if (status) pm_error_prefix(status, "cross-validation");
cleanup:
  free(group);
  free(fold);
  return status;
}

static void note_fit(const pm_pipeline_opts *opt, const pm_pipeline_fitted *m,
                     const pm_gam_fit *fit)
{
  pm_pipeline_note(opt,
              "model %s: %zu rows fitted (%zu left out for a missing "
              "covariate), deviance explained %.1f%%; wrote %s\n",
              m->spec->name, m->n_rows, m->n_dropped,
              100 * (1 - fit->deviance / fit->null_deviance), m->path);
  if (m->cv->nfailed)
    pm_pipeline_note(opt, "model %s: %zu of %zu cross-validation folds failed\n",
                m->spec->name, m->cv->nfailed, m->cv->k);
  pm_pipeline_note(opt,
              "model %s: %zu-fold cross-validation: deviance explained "
              "%.1f%%, RMSE of log(1+%s) %.3f, Spearman %.3f\n",
              m->spec->name, m->cv->k, 100 * m->cv->deviance_explained,
              m->spec->response.kind == PM_RESPONSE_FLUX ? "flux"
                                                         : "concentration",
              m->cv->rmse_log1p, m->cv->spearman);
}

/* Frame, design, fit, model file and frame table, cross-validation; the
 * model read back from its file, so that prediction uses what a later run
 * would read. */
static int fit_one(const pm_scenario *sc, const pm_pipeline_gridded *g,
                   const pm_scenario_model *spec, const pm_pipeline_opts *opt,
                   const char *dir, pm_pipeline_fitted *out)
{
  pm_formula *f = NULL;
  pm_frame *frame = NULL;
  pm_design *d = NULL;
  pm_model_matrix mm = {0};
  pm_gam_fit *fit = NULL;
  pm_draws *boot = NULL;
  pm_gam_options o;
  int status;

  out->spec = spec;
  fit_options(spec, &o);
  if (!(out->path = pm_run_file_path(dir, PM_RUN_MODEL, spec->name)))
    return pm_error_nomem();
  if ((status = pm_formula_parse(&f, spec->formula)) ||
      (status = pm_pipeline_fit_frame(sc, spec, g, f, &frame, &out->n_dropped)) ||
      (status = pm_design_alloc(&d, f, frame)) ||
      (status = pm_design_matrix(d, frame, 1, &mm)) ||
      (status = pm_gam_fit_model(&fit, d, &mm, &o)) ||
      (status = bootstrap(spec, d, &mm, &o, opt, &boot)) ||
      (status = write_model(sc, f, d, fit, &o, frame, boot, out->path)) ||
      (status = pm_pipeline_fit_table_write(dir, spec, g, f, &mm)) ||
      (status = cross_validate(spec, d, &mm, &o, &out->cv)) ||
      (status = read_back(out)))
    goto cleanup;
  out->n_rows = mm.n;
  out->n_dropped += mm.dropped;
  note_fit(opt, out, fit);
cleanup:
  if (status)
    pm_error_prefix(status, "%s: model '%s'", spec->where, spec->name);
  pm_draws_free(boot);
  pm_gam_fit_free(fit);
  pm_model_matrix_free(&mm);
  pm_design_free(d);
  pm_frame_free(frame);
  pm_formula_free(f);
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
  if (sc->n_models && (status = pm_mkdirs(dir))) goto cleanup;
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
    else if (!(status = read_back(&m[i])))
      m[i].n_rows = m[i].model->fit->n;
  }
  if (status) {
    pm_pipeline_fitted_free(m, sc->n_models);
    return status;
  }
  *models = m;
  *n = sc->n_models;
  return PM_SUCCESS;
}
