/* published.c: the table of published estimates (validation/published.tsv).
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "pm_error.h"
#include "pm_validation.h"
#include "validation_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

enum { C_QUANTITY, C_VALUE, C_LOWER, C_UPPER, C_UNITS, C_HORIZON, C_REGION,
       C_SOURCE, C_DOI, C_NOTE, N_COLUMNS };

static const char *const column_names[N_COLUMNS] = {
    "quantity", "value",  "lower", "upper", "units",
    "horizon",  "region", "source", "doi",  "note"};

static void row_free(pm_published_row *r)
{
  free(r->quantity);
  free(r->units);
  free(r->horizon);
  free(r->region);
  free(r->source);
  free(r->doi);
  free(r->note);
}

/* A row needs a quantity, units, a source, and a value or a range whose
 * bounds are ordered around the value. */
static int check_row(const pm_text *t, const size_t *col,
                     const pm_published_row *r)
{
  if (r->quantity[0] == '\0')
    return pm_text_error(t, PM_EINPUT, col[C_QUANTITY], "the quantity is empty");
  if (r->units[0] == '\0')
    return pm_text_error(t, PM_EINPUT, col[C_UNITS],
                         "the units are empty; write '1' for a ratio");
  if (r->source[0] == '\0')
    return pm_text_error(t, PM_EINPUT, col[C_SOURCE], "the source is empty");
  if (isnan(r->value) && (isnan(r->lower) || isnan(r->upper)))
    return pm_text_error(t, PM_EINPUT, col[C_VALUE],
                         "no value and no complete range (lower and upper)");
  if (!isnan(r->lower) && !isnan(r->upper) && r->lower > r->upper)
    return pm_text_error(t, PM_EINPUT, col[C_LOWER],
                         "lower %g is above upper %g", r->lower, r->upper);
  if (!isnan(r->value) && ((!isnan(r->lower) && r->value < r->lower) ||
                           (!isnan(r->upper) && r->value > r->upper)))
    return pm_text_error(t, PM_EINPUT, col[C_VALUE],
                         "%g lies outside its range", r->value);
  return PM_SUCCESS;
}

static int read_row(const pm_text *t, const size_t *col, void *row)
{
  pm_published_row *r = row;
  int status;

  r->line = pm_text_line(t);
  if ((status = pm_validation_field_dup(t, col[C_QUANTITY], &r->quantity)) ||
      (status = pm_validation_field_dup(t, col[C_UNITS], &r->units)) ||
      (status = pm_validation_field_dup(t, col[C_HORIZON], &r->horizon)) ||
      (status = pm_validation_field_dup(t, col[C_REGION], &r->region)) ||
      (status = pm_validation_field_dup(t, col[C_SOURCE], &r->source)) ||
      (status = pm_validation_field_dup(t, col[C_DOI], &r->doi)) ||
      (status = pm_validation_field_dup(t, col[C_NOTE], &r->note)) ||
      (status = pm_text_double_opt(t, col[C_VALUE], &r->value)) ||
      (status = pm_text_double_opt(t, col[C_LOWER], &r->lower)) ||
      (status = pm_text_double_opt(t, col[C_UPPER], &r->upper)))
    return status;
  return check_row(t, col, r);
}

int pm_published_read(pm_published **out, const char *path)
{
  pm_published *p;
  int status;

  *out = NULL;
  if (!(p = calloc(1, sizeof *p))) return pm_error_nomem();
  if ((status = pm_validation_strdup(path, &p->path)) ||
      (status = pm_validation_read_rows(path, '\t', column_names, N_COLUMNS,
                                        sizeof *p->rows, read_row,
                                        (void **)&p->rows, &p->n)))
    goto cleanup;
  if (p->n == 0)
    status = pm_error(PM_EINPUT, "%s: no estimates after the header", path);
cleanup:
  if (status)
    pm_published_free(p);
  else
    *out = p;
  return status;
}

void pm_published_free(pm_published *p)
{
  size_t i;

  if (!p) return;
  for (i = 0; i < p->n; i++) row_free(&p->rows[i]);
  free(p->rows);
  free(p->path);
  free(p);
}
