/* compare.c: published estimates beside a run's global totals.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "pm_error.h"
#include "pm_validation.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

const char *pm_verdict_name(pm_verdict v)
{
  switch (v) {
  case PM_VERDICT_INSIDE: return "inside";
  case PM_VERDICT_OVERLAP: return "overlaps";
  case PM_VERDICT_OUTSIDE: return "outside";
  case PM_VERDICT_NO_RANGE: return "no published range";
  case PM_VERDICT_UNITS: return "units mismatch";
  case PM_VERDICT_NOT_PRODUCED: return "not produced by this run";
  }
  return "?";
}

/* The run's rows that stand for the published estimates. */
static int is_candidate(const pm_validation_total *t)
{
  return strcmp(t->scenario, "baseline") == 0 &&
         strcmp(t->region, "global") == 0;
}

/* Inside the published range, or the run interval overlapping it.  A range
 * given on one side only ("up to 1.7%") is open on the other. */
static pm_verdict verdict(const pm_published_row *p,
                          const pm_validation_total *t)
{
  double lo = isnan(p->lower) ? -INFINITY : p->lower;
  double hi = isnan(p->upper) ? INFINITY : p->upper;
  double run_lo = isnan(t->lower) ? t->value : t->lower;
  double run_hi = isnan(t->upper) ? t->value : t->upper;

  if (strcmp(p->units, t->units) != 0) return PM_VERDICT_UNITS;
  if (isnan(p->lower) && isnan(p->upper)) return PM_VERDICT_NO_RANGE;
  if (t->value >= lo && t->value <= hi) return PM_VERDICT_INSIDE;
  if (run_lo <= hi && run_hi >= lo) return PM_VERDICT_OVERLAP;
  return PM_VERDICT_OUTSIDE;
}

static void compare_one(const pm_published_row *p,
                        const pm_validation_total *t,
                        pm_validation_comparison *c)
{
  c->published = p;
  c->run = t;
  c->ratio = NAN;
  if (!t) {
    c->verdict = PM_VERDICT_NOT_PRODUCED;
    return;
  }
  c->verdict = verdict(p, t);
  if (c->verdict != PM_VERDICT_UNITS && !isnan(p->value) && p->value != 0)
    c->ratio = t->value / p->value;
}

/* Whether run quantity q is a layer total "<x>_<D>_<B>m" (cli/stage_rates.c)
 * standing for the published "<x>_below_<D>m" p (Hernandez-Leon & Ikeda
 * 2005's deepest layer); its bottom B (m) into *bottom. */
static int below_layer(const char *p, const char *q, double *bottom)
{
  const char *below = strstr(p, "_below_");
  size_t n = below ? (size_t)(below - p) : 0;
  char *end, *top_end;
  double top;

  if (!below || strncmp(p, q, n) || q[n] != '_') return 0;
  top = strtod(q + n + 1, &top_end);
  if (top_end == q + n + 1 || *top_end != '_') return 0;
  *bottom = strtod(top_end + 1, &end);
  if (end == top_end + 1 || strcmp(end, "m")) return 0;
  return top == strtod(below + 7, &end) && !strcmp(end, "m");
}

/* Run row r stands for published row p: the same quantity, or for a
 * "below D m" row the deepest layer from D of r's model. */
static int matches(const pm_published_row *p, const pm_validation_total *r,
                   const pm_validation_totals *t)
{
  double bottom, other;
  size_t j;

  if (!strcmp(r->quantity, p->quantity)) return 1;
  if (!below_layer(p->quantity, r->quantity, &bottom)) return 0;
  for (j = 0; j < t->n; j++)
    if (is_candidate(&t->rows[j]) && !strcmp(t->rows[j].model, r->model) &&
        below_layer(p->quantity, t->rows[j].quantity, &other) &&
        other > bottom)
      return 0;
  return 1;
}

int pm_validation_compare_totals(const pm_published *p,
                                 const pm_validation_totals *t,
                                 pm_validation_comparison **c, size_t *n)
{
  size_t i, j, k = 0, cap = p->n;

  /* each published row gives one comparison, or one per matching run row */
  for (j = 0; t && j < t->n; j++)
    if (is_candidate(&t->rows[j])) cap += p->n;
  *n = 0;
  if (!(*c = malloc(cap * sizeof **c))) return pm_error_nomem();
  for (i = 0; i < p->n; i++) {
    size_t found = 0;
    for (j = 0; t && j < t->n; j++) {
      const pm_validation_total *r = &t->rows[j];
      if (!is_candidate(r) || !matches(&p->rows[i], r, t)) continue;
      compare_one(&p->rows[i], r, &(*c)[k++]);
      found++;
    }
    if (!found) compare_one(&p->rows[i], NULL, &(*c)[k++]);
  }
  *n = k;
  return PM_SUCCESS;
}
