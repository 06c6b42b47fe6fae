/* matrix_rows.c: a model matrix made of chosen rows of another.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "pm_design.h"
#include "pm_error.h"
#include "xd.h"

#include <stdlib.h>
#include <string.h>

int pm_model_matrix_rows(const pm_model_matrix *m, const size_t *rows,
                         size_t n, pm_model_matrix *out)
{
  size_t i, p = m->p;

  memset(out, 0, sizeof *out);
  for (i = 0; i < n; i++)
    if (rows[i] >= m->n)
      return pm_error(PM_EINPUT, "row %zu of a model matrix of %zu rows "
                                 "was asked for", rows[i] + 1, m->n);
  if (m->xd) {
    int status = pm_xd_subset(m->xd, rows, n, &out->xd);
    if (status) return status;
  } else
    out->X = malloc((n * p + 1) * sizeof *out->X);
  out->y = m->y ? malloc((n + 1) * sizeof *out->y) : NULL;
  out->offset = malloc((n + 1) * sizeof *out->offset);
  out->rows = malloc((n + 1) * sizeof *out->rows);
  if ((!out->X && !out->xd) || (m->y && !out->y) || !out->offset || !out->rows) {
    pm_model_matrix_free(out);
    return pm_error_nomem();
  }
  out->n = n;
  out->p = p;
  out->frame = m->frame;
  for (i = 0; i < n; i++) {
    size_t r = rows[i];
    if (out->X) memcpy(out->X + i * p, m->X + r * p, p * sizeof *out->X);
    if (m->y) out->y[i] = m->y[r];
    out->offset[i] = m->offset[r];
    out->rows[i] = m->rows ? m->rows[r] : r;
  }
  return PM_SUCCESS;
}
