/* confusion_summary.c: what the correction for misclassification did to
 * each class: the objects predicted as it, their expected true count, the
 * share of the class's objects that were only predicted and the ratio of
 * its corrected to its naive total, for the logs, report.md and
 * observations.nc.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "pm_confusion.h"
#include "pm_error.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

int pm_confusion_summary_grow(pm_confusion_summary *s, size_t n)
{
  double *a, *b;
  size_t c;
  if (!s || s->n >= n) return PM_SUCCESS;
  if (!(a = realloc(s->naive, n * sizeof *a))) return pm_error_nomem();
  s->naive = a;
  if (!(b = realloc(s->corrected, n * sizeof *b))) return pm_error_nomem();
  s->corrected = b;
  for (c = s->n; c < n; c++) a[c] = b[c] = 0;
  s->n = n;
  return PM_SUCCESS;
}

void pm_confusion_summary_free(pm_confusion_summary *s)
{
  if (!s) return;
  free(s->naive);
  free(s->corrected);
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
