/* confusion_summary.c: what the correction for misclassification did to
 * each class: the objects predicted as it, their expected true count, the
 * share of the class's objects that were only predicted and the ratio of
 * its corrected to its naive total, for the logs, report.md and
 * observations.nc.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "pm_confusion.h"
#include "pm_error.h"

#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

int pm_confusion_summary_grow(pm_confusion_summary *s, size_t n)
{
  double *a, *b, *d;
  size_t c;
  if (!s || s->n >= n) return PM_SUCCESS;
  if (!(a = realloc(s->naive, n * sizeof *a))) return pm_error_nomem();
  s->naive = a;
  if (!(b = realloc(s->corrected, n * sizeof *b))) return pm_error_nomem();
  s->corrected = b;
  for (c = s->n; c < n; c++) a[c] = b[c] = 0;
  if (s->ndraws) {
    if (!(d = realloc(s->draws, n * s->ndraws * sizeof *d)))
      return pm_error_nomem();
    s->draws = d;
    for (c = s->n * s->ndraws; c < n * s->ndraws; c++) d[c] = 0;
  }
  s->n = n;
  return PM_SUCCESS;
}

void pm_confusion_summary_free(pm_confusion_summary *s)
{
  if (!s) return;
  free(s->naive);
  free(s->corrected);
  free(s->draws);
  memset(s, 0, sizeof *s);
}

/* The naive total is the corrected one with the class's predicted objects
 * counted as predicted instead of as corrected. */
void pm_confusion_summary_class(const pm_confusion_summary *s,
                                const pm_obs *obs, size_t c, double *share,
                                double *ratio)
{
  double total = pm_obs_class_total(obs, c), naive;
  *share = 0;
  *ratio = 1;
  if (c >= s->n || (s->naive[c] == 0 && s->corrected[c] == 0)) return;
  naive = total - s->corrected[c] + s->naive[c];
  *share = naive > 0 ? s->naive[c] / naive : 0;
  *ratio = naive > 0 ? total / naive : NAN;
}

/* Class c's total with its predicted objects counted as draw d has them. */
static double draw_total(const pm_confusion_summary *s, const pm_obs *obs,
                         size_t c, size_t d)
{
  double total = pm_obs_class_total(obs, c);
  if (c >= s->n) return total;
  return total - s->corrected[c] + s->draws[c * s->ndraws + d];
}

void pm_confusion_summary_totals(const pm_confusion_summary *s,
                                 const pm_obs *obs, double *total,
                                 double *draws)
{
  size_t c, d;
  for (c = 0; c < obs->n_classes; c++) {
    total[c] = pm_obs_class_total(obs, c);
    for (d = 0; d < s->ndraws; d++)
      draws[c * s->ndraws + d] = draw_total(s, obs, c, d);
  }
}

/* The classes' total under each draw; the 2.5% and 97.5% quantiles. */
int pm_confusion_summary_interval(const pm_confusion_summary *s,
                                  const pm_obs *obs, const size_t *c,
                                  size_t n, double *total, double *lower,
                                  double *upper)
{
  double *t;
  size_t d, i;
  *total = 0;
  for (i = 0; i < n; i++) *total += pm_obs_class_total(obs, c[i]);
  *lower = *upper = NAN;
  if (!s->ndraws) return PM_SUCCESS;
  if (!(t = calloc(s->ndraws, sizeof *t))) return pm_error_nomem();
  for (d = 0; d < s->ndraws; d++)
    for (i = 0; i < n; i++) t[d] += draw_total(s, obs, c[i], d);
  gsl_sort(t, 1, s->ndraws);
  *lower = gsl_stats_quantile_from_sorted_data(t, 1, s->ndraws, 0.025);
  *upper = gsl_stats_quantile_from_sorted_data(t, 1, s->ndraws, 0.975);
  free(t);
  return PM_SUCCESS;
}
