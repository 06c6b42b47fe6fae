/* model_write.c: a fitted model written with the ranges of its covariates
 * and a sample of its rows (the extrapolation flags of prediction, the
 * rugs of partial-effect plots), for `plankmap fit` and the fit stage.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "stage_fit.h"
#include "pm_error.h"
#include "pm_mapper.h"
#include "pm_partial.h"

#include <stdlib.h>
#include <string.h>

int pm_pipeline_model_write(const char *path, const pm_formula *f,
                       const pm_design *d, const pm_gam_fit *fit,
                       const pm_gam_options *o,
                       const pm_model_provenance *prov, const pm_frame *frame,
                       const pm_model_bootstrap *boot)
{
  const char *const *vars;
  const char **names = NULL;
  double *lo = NULL, *hi = NULL, *sample = NULL;
  pm_model_ranges ranges = {0, NULL, NULL, NULL, 0, NULL};
  size_t nvars, i;
  int status;

  if ((status = pm_formula_columns(f, &vars, &nvars))) goto cleanup;
  names = calloc(nvars + 1, sizeof *names);
  lo = calloc(nvars + 1, sizeof *lo);
  hi = calloc(nvars + 1, sizeof *hi);
  if (!names || !lo || !hi) {
    status = pm_error_nomem();
    goto cleanup;
  }
  for (i = 1; i < nvars; i++) { /* vars[0] is the response */
    const pm_column *c;
    /* factors (text columns) have levels, not ranges */
    if (strcmp(vars[i], "volume_m3") != 0 &&
        pm_frame_column(frame, vars[i], &c) == PM_SUCCESS && c->x)
      names[ranges.n++] = vars[i];
  }
  if ((status = pm_map_ranges(frame, names, ranges.n, lo, hi)) ||
      (status = pm_partial_sample_rows(frame, names, ranges.n,
                                       PM_PARTIAL_RUG_MAX, &sample,
                                       &ranges.nsample)))
    goto cleanup;
  ranges.names = names;
  ranges.min = lo;
  ranges.max = hi;
  ranges.sample = sample;
  status = pm_model_write_bootstrap(path, d, fit, o, prov, &ranges, boot);
cleanup:
  free(sample);
  free(names);
  free(lo);
  free(hi);
  return status;
}
