/* engine_gam_fit.c: the GAM engine's fitting half: the formula parsed, the
 * design set up on the frame's rows, the fit (pm_gam_fit_model), with the
 * table freed before it when the caller needs it no more, the cluster
 * bootstrap (pm_draws_bootstrap), the model file with the covariate ranges
 * and a rug sample, and blocked cross-validation (pm_cv_run).
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "engine_gam_internal.h"
#include "pm_error.h"

#include <stdlib.h>
#include <string.h>

void pm_engine_gam_fitting_free(gam_fitting *f)
{
  pm_draws_free(f->boot);
  pm_engine_covariates_free(&f->cov);
  pm_gam_fit_free(f->fit);
  pm_model_matrix_free(&f->mm);
  pm_design_free(f->design);
  pm_formula_free(f->formula);
  memset(f, 0, sizeof *f);
}

int pm_engine_gam_setup(pm_engine *e, const pm_engine_spec *spec)
{
  gam_state *s = calloc(1, sizeof *s);
  gam_fitting *f;
  int status;

  if (!s) return pm_error_nomem();
  e->state = s;
  s->owned = 1;
  f = &s->fitting;
  pm_gam_options_default(&f->options, &spec->family);
  f->options.estimate_theta = spec->estimate_theta;
  f->options.estimate_p = spec->estimate_p;
  f->options.method = spec->method;
  f->options.expected_counts = spec->expected_counts;
  f->discrete = spec->discrete;
  if ((status = pm_formula_parse(&f->formula, spec->formula))) return status;
  e->formula = f->formula->text;
  if (spec->knots) return pm_model_set_knots(f->formula, spec->knots);
  return PM_SUCCESS;
}

int pm_engine_gam_columns(const pm_engine *e, const char *const **names,
                          size_t *n)
{
  const gam_state *s = e->state;
  return pm_formula_columns(s->model ? s->model->formula : s->fitting.formula,
                            names, n);
}

static int has_offset(const pm_formula *f)
{
  size_t t;
  for (t = 0; t < f->nterms; t++)
    if (f->terms[t].kind == PM_TERM_OFFSET) return 1;
  return 0;
}

/* All the fit takes of the table: the design, what the model file keeps
 * and the model matrix of the rows with every column.  `spend` (the frame
 * or NULL) loses the columns the matrix has read
 * (pm_design_matrix_fit_spend), and the responses are checked while the
 * table can still name their lines (pm_gam_fit_model checks them too). */
static int take_table(gam_fitting *f, const pm_frame *frame, pm_frame *spend)
{
  int status;

  if ((status = pm_design_alloc(&f->design, f->formula, frame)) ||
      (status = pm_engine_covariates_take(f->formula, frame, &f->cov)))
    return status;
  status = spend ? pm_design_matrix_fit_spend(f->design, spend,
                                              &f->discrete, &f->mm)
                 : pm_design_matrix_fit(f->design, frame, &f->discrete,
                                        &f->mm);
  if (status || !spend) return status;
  return pm_gam_check_response(&f->mm, &f->options);
}

static int solve(gam_fitting *f, pm_engine_fit_info *info)
{
  int status = pm_gam_fit_model(&f->fit, f->design, &f->mm, &f->options);

  if (status) return status;
  info->n = f->mm.n;
  info->dropped = f->mm.dropped;
  info->rows = f->mm.rows;
  info->deviance = f->fit->deviance;
  info->null_deviance = f->fit->null_deviance;
  info->converged = f->fit->converged;
  info->per_volume = has_offset(f->formula);
  return PM_SUCCESS;
}

int pm_engine_gam_fit(pm_engine *e, const pm_frame *frame,
                      pm_engine_fit_info *info)
{
  gam_fitting *f = &((gam_state *)e->state)->fitting;
  int status = take_table(f, frame, NULL);

  return status ? status : solve(f, info);
}

int pm_engine_gam_fit_release(pm_engine *e, pm_frame **frame,
                              pm_engine_fit_info *info)
{
  gam_fitting *f = &((gam_state *)e->state)->fitting;
  int status = take_table(f, *frame, *frame);

  pm_frame_free(*frame);
  *frame = NULL;
  f->mm.frame = NULL;
  free(f->mm.rows); /* the rows of a table that is gone */
  f->mm.rows = NULL;
  return status ? status : solve(f, info);
}

/* The group of each fitted row. */
static int row_groups(const pm_model_matrix *mm, const pm_engine_groups *g,
                      int *group)
{
  size_t ngroups;

  if (!mm->frame)
    return pm_error(PM_EUSAGE, "the fitted table was freed after the fit "
                    "(pm_engine_fit_release): its groups are unknown");
  if (g->column)
    return pm_cv_groups_column(mm, g->column, group, &ngroups);
  return pm_cv_groups_blocks(mm, "lat", "lon", g->block_deg, group,
                             &ngroups);
}

int pm_engine_gam_bootstrap(pm_engine *e, const pm_engine_groups *g,
                            size_t B, unsigned long seed, size_t *nfailed)
{
  gam_fitting *f = &((gam_state *)e->state)->fitting;
  int *group = malloc((f->mm.n + 1) * sizeof *group);
  int status;

  if (!group) return pm_error_nomem();
  pm_draws_free(f->boot);
  f->boot = NULL;
  if (!(status = row_groups(&f->mm, g, group)))
    status = pm_draws_bootstrap(&f->boot, f->design, &f->mm, &f->options,
                                group, B, seed, nfailed);
  free(group);
  return status ? pm_error_prefix(status, "cluster bootstrap") : PM_SUCCESS;
}

int pm_engine_gam_write(const pm_engine *e, const char *path,
                        const pm_model_provenance *prov)
{
  const gam_fitting *f = &((const gam_state *)e->state)->fitting;
  pm_model_ranges ranges = {f->cov.n, f->cov.names, f->cov.lo, f->cov.hi,
                            f->cov.nsample, f->cov.sample};
  pm_model_bootstrap boot = {f->boot ? f->boot->ndraws : 0,
                             f->boot ? f->boot->B : NULL,
                             f->boot ? f->boot->seed : 0};

  return pm_model_write_bootstrap(path, f->design, f->fit, &f->options,
                                  prov, &ranges, &boot);
}

int pm_engine_gam_cross_validate(const pm_engine *e,
                                 const pm_engine_groups *g, size_t k,
                                 unsigned long seed, pm_cv_result **cv)
{
  const gam_fitting *f = &((const gam_state *)e->state)->fitting;
  size_t n = f->mm.n;
  int *group = malloc((n + 1) * sizeof *group);
  int *fold = malloc((n + 1) * sizeof *fold);
  int status;

  if (!group || !fold) {
    status = pm_error_nomem();
    goto cleanup;
  }
  if (!(status = row_groups(&f->mm, g, group)) &&
      !(status = pm_cv_folds(group, n, k, seed, fold)))
    status = pm_cv_run(cv, f->design, &f->mm, &f->options, fold, k);
  if (status) pm_error_prefix(status, "cross-validation");
cleanup:
  free(group);
  free(fold);
  return status;
}
