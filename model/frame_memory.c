/* frame_memory.c: a table of numeric columns built from arrays in memory.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "frame_internal.h"
#include "pm_error.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static int add_column(column *c, const char *name, const double *x,
                      size_t nrows)
{
  c->text_from = SIZE_MAX;
  if (!(c->name = strdup(name))) return pm_error_nomem();
  if (!(c->x = malloc((nrows + 1) * sizeof *c->x))) return pm_error_nomem();
  if (nrows) memcpy(c->x, x, nrows * sizeof *x);
  c->pub.name = c->name;
  c->pub.x = c->x;
  return PM_SUCCESS;
}

int pm_frame_from_columns(pm_frame **out, const char *label,
                          const char *const *names, const double *const *x,
                          size_t ncols, size_t nrows)
{
  pm_frame *f = calloc(1, sizeof *f);
  size_t i, j;
  int status = PM_SUCCESS;

  *out = NULL;
  if (!f) return pm_error_nomem();
  f->path = strdup(label ? label : "(memory)");
  f->line = malloc((nrows + 1) * sizeof *f->line);
  f->cols = calloc(ncols + 1, sizeof *f->cols);
  if (!f->path || !f->line || !f->cols) {
    status = pm_error_nomem();
    goto cleanup;
  }
  f->nrows = f->cap = nrows;
  f->ncols = ncols; /* zeroed columns free cleanly on error */
  for (i = 0; i < nrows; i++) f->line[i] = i + 1;
  for (j = 0; j < ncols && status == PM_SUCCESS; j++) {
    for (i = 0; i < j; i++)
      if (strcmp(names[i], names[j]) == 0)
        status = pm_error(PM_EINPUT, "%s: column '%s' is given twice",
                          f->path, names[j]);
    if (status == PM_SUCCESS)
      status = add_column(&f->cols[j], names[j], x[j], nrows);
  }
cleanup:
  if (status)
    pm_frame_free(f);
  else
    *out = f;
  return status;
}
