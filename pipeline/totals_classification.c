/* totals_classification.c: the totals of models of counts corrected for
 * misclassification, their intervals widened by the uncertainty of the
 * confusion matrices' finite test sets.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "pm_pipeline.h"
#include "pm_error.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static const pm_scenario_model *model_named(const pm_scenario *sc,
                                            const char *name)
{
  size_t i;
  for (i = 0; i < sc->n_models; i++)
    if (strcmp(sc->models[i].name, name) == 0) return &sc->models[i];
  return NULL;
}

/* The interval of the corrected count of the model's classes: NAN bounds
 * when it has none (not a model of class counts, or none corrected). */
static int class_interval(const pm_pipeline_gridded *g,
                          const pm_scenario_model *m, double *point,
                          double *lo, double *hi)
{
  size_t k, n = 0, *c;
  int status;
  *lo = *hi = NAN;
  if (m->response.kind != PM_RESPONSE_CLASS &&
      m->response.kind != PM_RESPONSE_CLASSES)
    return PM_SUCCESS;
  if (!(c = malloc((m->response.n_classes + 1) * sizeof *c)))
    return pm_error_nomem();
  for (k = 0; k < m->response.n_classes; k++)
    if ((c[n] = pm_obs_find_class(g->obs, m->response.classes[k])) != SIZE_MAX)
      n++;
  status = pm_confusion_summary_interval(&g->corrected, g->obs, c, n, point,
                                         lo, hi);
  free(c);
  return status;
}

int pm_pipeline_totals_classification(const pm_scenario *sc,
                                      const pm_pipeline_gridded *g,
                                      pm_pipeline_total *totals, size_t n)
{
  double point, lo, hi;
  size_t i;
  int status = PM_SUCCESS;

  if (!g->obs || !g->corrected.n) return PM_SUCCESS;
  for (i = 0; i < n && !status; i++) {
    pm_pipeline_total *t = &totals[i];
    const pm_scenario_model *m = model_named(sc, t->model);
    if (!m || strcmp(t->quantity, "total") != 0 || !(t->value > 0) ||
        !(t->lower > 0) || !(t->upper >= t->value))
      continue;
    status = class_interval(g, m, &point, &lo, &hi);
    if (status || !(lo > 0) || !(hi > lo)) continue;
    pm_confusion_widen(t->value, t->lower, t->upper, point, lo, hi, &t->lower,
                       &t->upper, &t->classification_share);
  }
  return status;
}
