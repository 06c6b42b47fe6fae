/* frame_memory.c: tables built in memory: of numeric arrays, or of chosen
 * rows of another table.
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

/* An empty table of ncols columns (zeroed, so that they free cleanly) and
 * nrows rows. */
static int frame_alloc(pm_frame **f, const char *label, size_t ncols,
                       size_t nrows)
{
  *f = calloc(1, sizeof **f);
  if (!*f) return pm_error_nomem();
  (*f)->path = strdup(label ? label : "(memory)");
  (*f)->line0 = 1;
  (*f)->cols = calloc(ncols + 1, sizeof *(*f)->cols);
  if (!(*f)->path || !(*f)->cols) {
    pm_frame_free(*f);
    *f = NULL;
    return pm_error_nomem();
  }
  (*f)->nrows = (*f)->cap = nrows;
  (*f)->ncols = ncols;
  return PM_SUCCESS;
}

int pm_frame_from_columns(pm_frame **out, const char *label,
                          const char *const *names, const double *const *x,
                          size_t ncols, size_t nrows)
{
  pm_frame *f;
  size_t i, j;
  int status = frame_alloc(&f, label, ncols, nrows);

  *out = NULL;
  if (status) return status;
  for (j = 0; j < ncols && status == PM_SUCCESS; j++) {
    for (i = 0; i < j; i++)
      if (strcmp(names[i], names[j]) == 0)
        status = pm_error(PM_EINPUT, "%s: column '%s' is given twice",
                          f->path, names[j]);
    if (status == PM_SUCCESS)
      status = add_column(&f->cols[j], names[j], x[j], nrows);
  }
  if (status)
    pm_frame_free(f);
  else
    *out = f;
  return status;
}

/* Column c of the rows `rows` of src's column s: numeric values (or x
 * when not NULL), or text levels with a copy of the level names. */
static int subset_column(column *c, const pm_column *s, const double *x,
                         const size_t *rows, size_t nrows)
{
  size_t i;
  int status;

  if (s->x) {
    double *v = malloc((nrows + 1) * sizeof *v);
    if (!v) return pm_error_nomem();
    for (i = 0; i < nrows; i++) v[i] = x ? x[i] : s->x[rows[i]];
    status = add_column(c, s->name, v, nrows);
    free(v);
    return status;
  }
  c->text_from = 0;
  c->name = strdup(s->name);
  c->level = malloc((nrows + 1) * sizeof *c->level);
  c->names = calloc(s->nlevels + 1, sizeof *c->names);
  if (!c->name || !c->level || !c->names) return pm_error_nomem();
  for (c->nnames = 0; c->nnames < s->nlevels; c->nnames++)
    if (!(c->names[c->nnames] = strdup(s->levels[c->nnames])))
      return pm_error_nomem();
  for (i = 0; i < nrows; i++) c->level[i] = s->level[rows[i]];
  c->pub.name = c->name;
  c->pub.level = c->level;
  c->pub.nlevels = c->nnames;
  c->pub.levels = (const char *const *)c->names;
  return PM_SUCCESS;
}

int pm_frame_subset(pm_frame **out, const pm_frame *src,
                    const char *const *names, size_t ncols,
                    const size_t *rows, size_t nrows,
                    const double *const *x)
{
  pm_frame *f;
  const pm_column *s;
  size_t i, j;
  int status = frame_alloc(&f, src->path, ncols, nrows);

  *out = NULL;
  if (status) return status;
  if (nrows && !(f->line = malloc(nrows * sizeof *f->line)))
    status = pm_error_nomem();
  for (i = 0; i < nrows && f->line; i++)
    f->line[i] = pm_frame_line(src, rows[i]);
  for (j = 0; j < ncols && status == PM_SUCCESS; j++)
    if ((status = pm_frame_column(src, names[j], &s)) == PM_SUCCESS)
      status = subset_column(&f->cols[j], s, x ? x[j] : NULL, rows, nrows);
  if (status)
    pm_frame_free(f);
  else
    *out = f;
  return status;
}
