/* model_ranges.c: which predicted rows lie outside the covariate ranges a
 * model saw in fitting, for the extrapolation flags of every stage that
 * predicts (maps, export horizons, rates).
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "pm_error.h"
#include "pm_mapper.h"
#include "stage_predict.h"

#include <stdlib.h>
#include <string.h>

int pm_pipeline_ranges_alloc(pm_pipeline_ranges *r, const pm_engine *e,
                        const char *const *names, size_t ncols)
{
  const pm_model_ranges *fitted = pm_engine_ranges(e);
  size_t i, j, n = fitted->n;

  memset(r, 0, sizeof *r);
  r->col = malloc((n + 1) * sizeof *r->col);
  r->lo = malloc((n + 1) * sizeof *r->lo);
  r->hi = malloc((n + 1) * sizeof *r->hi);
  if (!r->col || !r->lo || !r->hi) return pm_error_nomem();
  for (i = 0; i < n; i++)
    for (j = 0; j < ncols; j++)
      if (!strcmp(names[j], fitted->names[i])) {
        r->col[r->n] = j;
        r->lo[r->n] = fitted->min[i];
        r->hi[r->n++] = fitted->max[i];
        break;
      }
  return PM_SUCCESS;
}

void pm_pipeline_ranges_free(pm_pipeline_ranges *r)
{
  free(r->col);
  free(r->lo);
  free(r->hi);
  memset(r, 0, sizeof *r);
}

int pm_pipeline_ranges_flag(const pm_pipeline_ranges *r, const double *const *x,
                       size_t nrows, unsigned char *flag)
{
  const double **cols = malloc((r->n + 1) * sizeof *cols);
  size_t k;
  int status;

  if (!cols) return pm_error_nomem();
  for (k = 0; k < r->n; k++) cols[k] = x[r->col[k]];
  status = pm_map_extrapolation(cols, r->n, r->lo, r->hi, nrows, flag);
  free(cols);
  return status;
}
