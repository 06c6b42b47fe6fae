/* engine_covariates.c: what a model file keeps of the table a model was
 * fitted to, whatever its engine: the numeric covariates, their ranges
 * (the extrapolation flags of prediction) and a sample of the rows (the
 * rugs of partial-effect plots).
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "engine_internal.h"
#include "pm_error.h"
#include "pm_mapper.h"

#include <stdlib.h>
#include <string.h>

void pm_engine_covariates_free(pm_engine_covariates *c)
{
  free(c->names);
  free(c->lo);
  free(c->hi);
  free(c->sample);
  memset(c, 0, sizeof *c);
}

int pm_engine_covariates_take(const pm_formula *formula,
                              const pm_frame *frame, pm_engine_covariates *c)
{
  const char *const *vars;
  size_t nvars, i;
  int status;

  memset(c, 0, sizeof *c);
  if ((status = pm_formula_columns(formula, &vars, &nvars))) return status;
  c->names = calloc(nvars + 1, sizeof *c->names);
  c->lo = calloc(nvars + 1, sizeof *c->lo);
  c->hi = calloc(nvars + 1, sizeof *c->hi);
  if (!c->names || !c->lo || !c->hi) return pm_error_nomem();
  for (i = 1; i < nvars; i++) { /* vars[0] is the response */
    const pm_column *col;
    if (strcmp(vars[i], "volume_m3") != 0 &&
        pm_frame_column(frame, vars[i], &col) == PM_SUCCESS && col->x)
      c->names[c->n++] = vars[i];
  }
  if ((status = pm_map_ranges(frame, c->names, c->n, c->lo, c->hi)))
    return status;
  return pm_partial_sample_rows(frame, c->names, c->n, PM_PARTIAL_RUG_MAX,
                                &c->sample, &c->nsample);
}
