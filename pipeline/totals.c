/* totals.c: the totals of a run: rows with their intervals and paired
 * differences, and totals.tsv.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#define _POSIX_C_SOURCE 200809L
#include "pm_error.h"
#include "pm_output.h"
#include "stage_predict.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int pm_pipeline_totals_add(pm_pipeline_total **list, size_t *n,
                           const pm_pipeline_total_name *name,
                           const char *quantity, const pm_interval *v)
{
  pm_pipeline_total *t = realloc(*list, (*n + 1) * sizeof *t);
  if (!t) return pm_error_nomem();
  *list = t;
  t += *n;
  t->scenario = strdup(name->scenario);
  t->model = strdup(name->model);
  t->region = strdup(name->region);
  t->quantity = strdup(quantity);
  t->units = strdup(name->units);
  t->value = v->mean;
  t->lower = v->lower;
  t->upper = v->upper;
  t->classification_share = 0;
  ++*n;
  if (!t->scenario || !t->model || !t->region || !t->quantity || !t->units)
    return pm_error_nomem();
  return PM_SUCCESS;
}

int pm_pipeline_totals_rows(pm_pipeline_total **list, size_t *n,
                       const pm_pipeline_total_name *name, const pm_totals *t,
                       const pm_totals *base, size_t first, size_t count,
                       int as_mean)
{
  pm_interval v;
  int status;

  status = as_mean ? pm_totals_mean_range(t, first, count, &v)
                   : pm_totals_get_range(t, first, count, &v);
  if (status || (status = pm_pipeline_totals_add(list, n, name, name->quantity, &v)) ||
      !base)
    return status;
  status = as_mean
               ? pm_totals_mean_difference_range(t, base, first, count, &v)
               : pm_totals_difference_range(t, base, first, count, &v);
  return status ? status : pm_pipeline_totals_add(list, n, name, name->difference, &v);
}

void pm_pipeline_totals_free(pm_pipeline_total *totals, size_t n)
{
  size_t i;
  for (i = 0; i < n; i++) {
    free(totals[i].scenario);
    free(totals[i].model);
    free(totals[i].region);
    free(totals[i].quantity);
    free(totals[i].units);
  }
  free(totals);
}

typedef struct {
  const pm_pipeline_total *totals;
  size_t n;
} totals_table;

void pm_pipeline_put_value(FILE *f, double x)
{
  if (isnan(x))
    fputc('\t', f);
  else
    fprintf(f, "\t%.10g", x);
}

static int put_totals(FILE *f, void *arg)
{
  const totals_table *t = arg;
  size_t i;

  fputs("scenario\tmodel\tregion\tquantity\tvalue\tlower\tupper\tunits\n", f);
  for (i = 0; i < t->n; i++) {
    const pm_pipeline_total *r = &t->totals[i];
    fprintf(f, "%s\t%s\t%s\t%s", r->scenario, r->model, r->region,
            r->quantity);
    pm_pipeline_put_value(f, r->value);
    pm_pipeline_put_value(f, r->lower);
    pm_pipeline_put_value(f, r->upper);
    fprintf(f, "\t%s\n", r->units);
  }
  return PM_SUCCESS;
}

int pm_pipeline_write_totals(const char *dir, const char *only,
                             const pm_pipeline_total *totals, size_t n)
{
  totals_table t = {totals, n};
  char *path = pm_run_file_path(dir, PM_RUN_TOTALS, only);
  int status;

  if (!path) return pm_error_nomem();
  status = pm_output_text(path, put_totals, &t);
  free(path);
  return status;
}
