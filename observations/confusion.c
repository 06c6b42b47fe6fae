/* confusion.c: the confusion matrix of a classifier read from a TSV file
 * (header `true` then the predicted classes, one row of test-set counts per
 * true class).
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "pm_confusion.h"
#include "pm_error.h"
#include "pm_text.h"

#include <stdlib.h>
#include <string.h>

void pm_confusion_free(pm_confusion *cm)
{
  size_t i;
  if (!cm) return;
  for (i = 0; i < cm->n_true; i++) free(cm->true_names[i]);
  for (i = 0; i < cm->n_pred; i++) free(cm->pred_names[i]);
  free(cm->true_names);
  free(cm->pred_names);
  free(cm->counts);
  free(cm->line);
  free(cm->path);
  free(cm);
}

/* The header: `true`, then distinct predicted class names. */
static int read_header(pm_confusion *cm, pm_text *t)
{
  size_t n = pm_text_ncolumns(t), j, k;

  if (n < 2 || strcmp(pm_text_column_name(t, 0), "true") != 0)
    return pm_error(PM_EINPUT,
                    "%s:1: the header must be 'true' then the predicted "
                    "classes' names, tab-separated",
                    cm->path);
  if (!(cm->pred_names = calloc(n - 1, sizeof *cm->pred_names)))
    return pm_error_nomem();
  for (j = 1; j < n; j++) {
    for (k = 1; k < j; k++)
      if (strcmp(pm_text_column_name(t, k), pm_text_column_name(t, j)) == 0)
        return pm_error(PM_EINPUT,
                        "%s:1: column %zu: predicted class '%s' is given "
                        "twice (columns %zu and %zu)",
                        cm->path, j + 1, pm_text_column_name(t, j), k + 1,
                        j + 1);
    if (!(cm->pred_names[j - 1] = strdup(pm_text_column_name(t, j))))
      return pm_error_nomem();
    cm->n_pred = j;
  }
  return PM_SUCCESS;
}

/* Room for one more row. */
static int grow(pm_confusion *cm, size_t *cap)
{
  size_t c = *cap ? 2 * *cap : 16;
  char **names;
  double *counts;
  size_t *line;

  if (cm->n_true < *cap) return PM_SUCCESS;
  if (!(names = realloc(cm->true_names, c * sizeof *names)))
    return pm_error_nomem();
  cm->true_names = names;
  if (!(counts = realloc(cm->counts, c * cm->n_pred * sizeof *counts)))
    return pm_error_nomem();
  cm->counts = counts;
  if (!(line = realloc(cm->line, c * sizeof *line))) return pm_error_nomem();
  cm->line = line;
  *cap = c;
  return PM_SUCCESS;
}

/* One row: a new true class and its non-negative counts, not all zero. */
static int read_row(pm_confusion *cm, pm_text *t, size_t *cap)
{
  const char *name = pm_text_field(t, 0);
  double *row, sum = 0;
  size_t i, j;
  int status;

  if ((status = pm_text_check_width(t)) || (status = grow(cm, cap)))
    return status;
  if (!*name)
    return pm_text_error(t, PM_EINPUT, 0, "the true class's name is empty");
  for (i = 0; i < cm->n_true; i++)
    if (strcmp(cm->true_names[i], name) == 0)
      return pm_text_error(t, PM_EINPUT, 0,
                           "true class '%s' is given twice (lines %zu and "
                           "%zu)",
                           name, cm->line[i], pm_text_line(t));
  row = cm->counts + cm->n_true * cm->n_pred;
  for (j = 0; j < cm->n_pred; j++) {
    if ((status = pm_text_double(t, j + 1, &row[j]))) return status;
    if (!(row[j] >= 0) || row[j] > 1e300)
      return pm_text_error(t, PM_EINPUT, j + 1,
                           "count %g is not a non-negative number", row[j]);
    sum += row[j];
  }
  if (sum == 0)
    return pm_text_error(t, PM_EINPUT, SIZE_MAX,
                         "true class '%s' has a row of zeros: the test set "
                         "holds none of its objects, so its rates are unknown",
                         name);
  if (!(cm->true_names[cm->n_true] = strdup(name))) return pm_error_nomem();
  cm->line[cm->n_true++] = pm_text_line(t);
  return PM_SUCCESS;
}

int pm_confusion_read(pm_confusion **out, const char *path)
{
  pm_confusion *cm = calloc(1, sizeof *cm);
  pm_text *t = NULL;
  size_t cap = 0;
  int status, more = 1;

  *out = NULL;
  if (!cm || !(cm->path = strdup(path))) {
    status = pm_error_nomem();
    goto cleanup;
  }
  if ((status = pm_text_open(&t, path, '\t', PM_TEXT_UTF8)) ||
      (status = pm_text_read_header(t)) || (status = read_header(cm, t)))
    goto cleanup;
  while (!(status = pm_text_next(t, &more)) && more)
    if ((status = read_row(cm, t, &cap))) goto cleanup;
  if (!status && cm->n_true == 0)
    status = pm_error(PM_EINPUT, "%s: no true class: the file has a header "
                      "but no row", path);
cleanup:
  pm_text_free(t);
  if (status)
    pm_confusion_free(cm);
  else
    *out = cm;
  return status;
}
