/* totals.c: a run's totals.tsv, as `plankmap run` and `predict` write it.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "pm_error.h"
#include "pm_validation.h"
#include "validation_internal.h"

#include <stdlib.h>
#include <string.h>

enum { C_SCENARIO, C_MODEL, C_REGION, C_QUANTITY, C_VALUE, C_LOWER, C_UPPER,
       C_UNITS, N_COLUMNS };

static const char *const column_names[N_COLUMNS] = {
    "scenario", "model", "region", "quantity",
    "value",    "lower", "upper",  "units"};

static int read_row(const pm_text *t, const size_t *col, void *row)
{
  pm_validation_total *r = row;
  int status;

  if ((status = pm_validation_field_dup(t, col[C_SCENARIO], &r->scenario)) ||
      (status = pm_validation_field_dup(t, col[C_MODEL], &r->model)) ||
      (status = pm_validation_field_dup(t, col[C_REGION], &r->region)) ||
      (status = pm_validation_field_dup(t, col[C_QUANTITY], &r->quantity)) ||
      (status = pm_validation_field_dup(t, col[C_UNITS], &r->units)) ||
      (status = pm_text_double(t, col[C_VALUE], &r->value)) ||
      (status = pm_text_double_opt(t, col[C_LOWER], &r->lower)) ||
      (status = pm_text_double_opt(t, col[C_UPPER], &r->upper)))
    return status;
  return PM_SUCCESS;
}

int pm_validation_totals_read(pm_validation_totals **out, const char *path)
{
  pm_validation_totals *p;
  int status;

  *out = NULL;
  if (!(p = calloc(1, sizeof *p))) return pm_error_nomem();
  if (!(status = pm_validation_strdup(path, &p->path)))
    status = pm_validation_read_rows(path, '\t', column_names, N_COLUMNS,
                                     sizeof *p->rows, read_row,
                                     (void **)&p->rows, &p->n);
  if (status)
    pm_validation_totals_free(p);
  else
    *out = p;
  return status;
}

void pm_validation_totals_free(pm_validation_totals *t)
{
  size_t i;

  if (!t) return;
  for (i = 0; i < t->n; i++) {
    pm_validation_total *r = &t->rows[i];
    free(r->scenario);
    free(r->model);
    free(r->region);
    free(r->quantity);
    free(r->units);
  }
  free(t->rows);
  free(t->path);
  free(t);
}
