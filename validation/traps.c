/* traps.c: point observations of POC flux (validation/traps.csv): sediment
 * traps and 234Th, mg C m-2 d-1.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "pm_error.h"
#include "pm_validation.h"
#include "validation_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

enum { C_ID, C_METHOD, C_LON, C_LAT, C_DEPTH, C_FLUX, N_COLUMNS };

static const char *const column_names[N_COLUMNS] = {
    "id", "method", "lon", "lat", "depth", "poc_flux_obs"};

static int read_row(const pm_text *t, const size_t *col, void *row)
{
  pm_trap *r = row;
  int status;

  if ((status = pm_validation_field_dup(t, col[C_ID], &r->id)) ||
      (status = pm_validation_field_dup(t, col[C_METHOD], &r->method)) ||
      (status = pm_text_double(t, col[C_LON], &r->lon)) ||
      (status = pm_text_double(t, col[C_LAT], &r->lat)) ||
      (status = pm_text_double(t, col[C_DEPTH], &r->depth)) ||
      (status = pm_text_double(t, col[C_FLUX], &r->flux)))
    return status;
  if (fabs(r->lat) > 90)
    return pm_text_error(t, PM_EINPUT, col[C_LAT],
                         "%g is not a latitude (-90 to 90)", r->lat);
  if (r->depth < 0)
    return pm_text_error(t, PM_EINPUT, col[C_DEPTH],
                         "%g: depths are positive down (m)", r->depth);
  return PM_SUCCESS;
}

int pm_traps_read(pm_traps **out, const char *path)
{
  pm_traps *p;
  int status;

  *out = NULL;
  if (!(p = calloc(1, sizeof *p))) return pm_error_nomem();
  if ((status = pm_validation_strdup(path, &p->path)) ||
      (status = pm_validation_read_rows(path, ',', column_names, N_COLUMNS,
                                        sizeof *p->rows, read_row,
                                        (void **)&p->rows, &p->n)))
    goto cleanup;
cleanup:
  if (status)
    pm_traps_free(p);
  else
    *out = p;
  return status;
}

void pm_traps_free(pm_traps *t)
{
  size_t i;

  if (!t) return;
  for (i = 0; i < t->n; i++) {
    free(t->rows[i].id);
    free(t->rows[i].method);
  }
  free(t->rows);
  free(t->path);
  free(t);
}
