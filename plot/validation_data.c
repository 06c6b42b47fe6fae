/* validation_data.c: what the validation chart shows, read from the
 * validation.tsv and validation_traps.tsv that `plankmap validate` writes
 * (with validation/'s table reader, pm_validation_read_rows).
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "pm_error.h"
#include "pm_plot_charts.h"
#include "pm_run_files.h"
#include "pm_validation.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum { V_COMPARISON, V_QUANTITY, V_UNITS, V_VERDICT, V_RUN,
       V_RUN_LOWER, V_RUN_UPPER, V_VALUE, V_LOWER, V_UPPER, NV };
static const char *const validation_columns[NV] = {
    "comparison", "quantity", "units", "verdict", "run_value",
    "run_lower", "run_upper", "published_value", "published_lower",
    "published_upper"};

/* A row of validation.tsv; `comparison` is dropped after reading. */
typedef struct {
  pm_plot_validation_row row;
  char *comparison;
} tsv_row;

static int read_comparison(const pm_text *t, const size_t *col, void *out)
{
  tsv_row *r = out;
  double *num[6] = {&r->row.run,   &r->row.run_lower, &r->row.run_upper,
                    &r->row.value, &r->row.lower,     &r->row.upper};
  int k, status;

  if ((status = pm_validation_field_dup(t, col[V_COMPARISON],
                                       &r->comparison)) ||
      (status = pm_validation_field_dup(t, col[V_QUANTITY],
                                        &r->row.quantity)) ||
      (status = pm_validation_field_dup(t, col[V_UNITS], &r->row.units)) ||
      (status = pm_validation_field_dup(t, col[V_VERDICT], &r->row.verdict)))
    return status;
  for (k = 0; k < 6 && !status; k++)
    status = pm_text_double_opt(t, col[V_RUN + k], num[k]);
  return status;
}

static void row_free(pm_plot_validation_row *r)
{
  free(r->quantity);
  free(r->units);
  free(r->verdict);
}

/* The "published" rows of validation.tsv (the "traps" rows left out). */
static int read_rows(const char *path, pm_plot_validation_data *d)
{
  tsv_row *rows = NULL;
  size_t n = 0, i;
  int status = pm_validation_read_rows(path, '\t', validation_columns, NV,
                                       sizeof *rows, read_comparison,
                                       (void **)&rows, &n);

  if (!status && n && !(d->rows = malloc(n * sizeof *d->rows)))
    status = pm_error_nomem();
  for (i = 0; i < n; i++) {
    if (!status && rows[i].comparison &&
        strcmp(rows[i].comparison, "published") == 0)
      d->rows[d->nrows++] = rows[i].row;
    else
      row_free(&rows[i].row);
    free(rows[i].comparison);
  }
  free(rows);
  return status;
}

enum { T_MODEL, T_OBSERVED, T_PREDICTED, NT };
static const char *const trap_columns[NT] = {"model", "observed",
                                             "predicted"};

static int read_pair(const pm_text *t, const size_t *col, void *out)
{
  pm_plot_trap_pair *p = out;
  int status;

  if ((status = pm_validation_field_dup(t, col[T_MODEL], &p->model)) ||
      (status = pm_text_double(t, col[T_OBSERVED], &p->observed)))
    return status;
  return pm_text_double_opt(t, col[T_PREDICTED], &p->predicted);
}

int pm_plot_validation_read(const char *dir, pm_plot_validation_data **out)
{
  pm_plot_validation_data *d = calloc(1, sizeof *d);
  char *tsv = pm_run_file_path(dir, PM_RUN_VALIDATION, NULL);
  char *traps = pm_run_file_path(dir, PM_RUN_VALIDATION_TRAPS, NULL);
  int status = PM_SUCCESS;

  *out = NULL;
  if (!d || !tsv || !traps) {
    status = pm_error_nomem();
    goto cleanup;
  }
  if (access(tsv, R_OK) != 0) {
    char name[64];
    pm_run_file_format(name, sizeof name, NULL, PM_RUN_VALIDATION, NULL);
    status = pm_error(PM_EIO, "%s: no such file; run `plankmap validate "
                      "CONFIG` first (it writes %s into the run's output "
                      "folder)", tsv, name);
    goto cleanup;
  }
  if ((status = read_rows(tsv, d))) goto cleanup;
  if (access(traps, R_OK) == 0)
    status = pm_validation_read_rows(traps, '\t', trap_columns, NT,
                                     sizeof *d->pairs, read_pair,
                                     (void **)&d->pairs, &d->npairs);
cleanup:
  free(tsv);
  free(traps);
  if (status)
    pm_plot_validation_free(d);
  else
    *out = d;
  return status;
}

void pm_plot_validation_free(pm_plot_validation_data *d)
{
  size_t i;

  if (!d) return;
  for (i = 0; i < d->nrows; i++) row_free(&d->rows[i]);
  for (i = 0; i < d->npairs; i++) free(d->pairs[i].model);
  free(d->rows);
  free(d->pairs);
  free(d);
}
