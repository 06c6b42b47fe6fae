/* classification.c: the uncertainty of counts corrected for
 * misclassification carried into the maps of the models fitted to them.
 *
 * The correction (observations/pm_confusion.h) gives each class's total
 * count over the samples, and that total under each draw of the confusion
 * matrices' rates from their Dirichlet posterior; observations.nc keeps
 * both (corrected_total, corrected_total_draws).  A model of classes C
 * takes, for draw d, the factor
 *
 *     s_d = sum_{c in C} T_cd / sum_{c in C} T_c,
 *
 * by which its counts would change had the classifier's rates been those
 * of draw d, and s_d multiplies the whole map: member d of the maps (a
 * posterior draw, bootstrap refit or ensemble member) is multiplied by
 * s_(d mod D_c), D_c the number of classification draws
 * (pm_mapper_scale_members).  This is exact for the total over the
 * samples, and for the fit of an unpenalized log-link model with an
 * intercept and a power variance (Poisson, Tweedie): its score equations
 * sum_i x_i (y_i - mu_i) mu_i^(1-p) = 0 are homogeneous in (y, mu), so
 * counts scaled by s give means scaled by s.  Under a draw each sample's
 * reassigned counts change by a ratio of their own, which depends on the
 * sample's predicted composition (pm_confusion.h); one factor for all
 * leaves that spread out, where a refit per draw would include it at the
 * cost of D_c fits.  Model and classifier
 * errors are independent, so the product of a member and a factor is a
 * draw of their joint uncertainty (the Monte Carlo propagation of
 * independent inputs: JCGM 101:2008, Evaluation of measurement data,
 * Supplement 1, section 7).
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "stage_fit.h"
#include "pm_error.h"
#include "pm_mapper.h"
#include "pm_ncwrite.h"
#include "pm_run_files.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static size_t class_index(const pm_nc_class_totals *t, const char *name)
{
  size_t c;
  for (c = 0; c < t->nclass; c++)
    if (t->names[c] && !strcmp(t->names[c], name)) return c;
  return SIZE_MAX;
}

/* s[d] for the model's classes among t's; *changed when a draw differs
 * from the point (some class of the model was corrected). */
static void factors(const pm_nc_class_totals *t, const pm_scenario_model *m,
                    double *s, int *changed)
{
  double point = 0;
  size_t k, c, d;

  *changed = 0;
  for (d = 0; d < t->ndraws; d++) s[d] = 0;
  for (k = 0; k < m->response.n_classes; k++) {
    if ((c = class_index(t, m->response.classes[k])) == SIZE_MAX) continue;
    point += t->total[c];
    for (d = 0; d < t->ndraws; d++) {
      s[d] += t->draws[c * t->ndraws + d];
      *changed |= t->draws[c * t->ndraws + d] != t->total[c];
    }
  }
  for (d = 0; d < t->ndraws; d++) s[d] /= point;
  if (!(point > 0)) *changed = 0; /* nothing to scale */
}

int pm_pipeline_classification_scale(const pm_scenario *sc, const char *dir,
                                     pm_pipeline_fitted *f)
{
  pm_nc_class_totals t;
  char *path;
  int status, changed = 0;

  f->class_scale = NULL;
  f->n_class_scale = 0;
  if (!pm_scenario_expected_counts(sc, f->spec)) return PM_SUCCESS;
  if (!(path = pm_run_file_path(dir, PM_RUN_OBSERVATIONS, NULL)))
    return pm_error_nomem();
  status = pm_nc_class_totals_read(path, &t);
  free(path);
  if (status || !t.ndraws) goto cleanup;
  if (!(f->class_scale = malloc(t.ndraws * sizeof *f->class_scale))) {
    status = pm_error_nomem();
    goto cleanup;
  }
  factors(&t, f->spec, f->class_scale, &changed);
  f->n_class_scale = t.ndraws;
  if (!changed) {
    free(f->class_scale);
    f->class_scale = NULL;
    f->n_class_scale = 0;
  } else {
    memcpy(t.draws, f->class_scale, t.ndraws * sizeof *t.draws);
    pm_map_quantiles(t.draws, t.ndraws, &f->class_lower, &f->class_upper);
  }
cleanup:
  pm_nc_class_totals_free(&t);
  return status;
}

static const pm_pipeline_fitted *model_named(const pm_pipeline_fitted *m,
                                             size_t n, const char *name)
{
  size_t i;
  for (i = 0; i < n; i++)
    if (!strcmp(m[i].spec->name, name)) return &m[i];
  return NULL;
}

/* The classification's part of a total's interval [lower, upper]: the
 * squared log width of the factors' own 95% interval over that of the
 * total, whose log variance is the sum of the model's and the factors'
 * (independent errors of a product: Taylor 1997, An Introduction to
 * Error Analysis, eq. 3.18); at most 1. */
static double share_of(const pm_pipeline_fitted *f, double lower,
                       double upper)
{
  double wc = log(f->class_upper / f->class_lower), wt = log(upper / lower);
  return fmin(1, wc * wc / (wt * wt));
}

void pm_pipeline_totals_classification(const pm_pipeline_fitted *models,
                                       size_t nmodels,
                                       pm_pipeline_total *totals, size_t n)
{
  size_t i;

  for (i = 0; i < n; i++) {
    pm_pipeline_total *t = &totals[i];
    const pm_pipeline_fitted *f = model_named(models, nmodels, t->model);
    if (f && f->n_class_scale && !strcmp(t->quantity, "total") &&
        t->lower > 0 && t->upper > t->lower)
      t->classification_share = share_of(f, t->lower, t->upper);
  }
}
