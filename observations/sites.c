/* sites.c: virtual casts at the sites of a table (pm_sites.h): one profile
 * per row, one sample of zero count per depth layer.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "pm_error.h"
#include "pm_read.h"
#include "pm_sites.h"
#include "pm_text.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The columns of the table: profile, datetime, lat, lon and, when named,
 * project. */
enum { COL_PROFILE, COL_DATETIME, COL_LAT, COL_LON, COL_PROJECT, N_COL };

static int find_columns(const pm_text *t, const pm_obs_sites *spec,
                        size_t *col)
{
  const char *name[N_COL];
  size_t k;
  int status = PM_SUCCESS;

  name[COL_PROFILE] = spec->profile;
  name[COL_DATETIME] = spec->datetime;
  name[COL_LAT] = spec->lat;
  name[COL_LON] = spec->lon;
  name[COL_PROJECT] = spec->project;
  col[COL_PROJECT] = SIZE_MAX;
  for (k = 0; k < N_COL && !status; k++)
    if (k != COL_PROJECT || name[k])
      status = pm_text_column(t, name[k] ? name[k] : "", &col[k]);
  return status;
}

/* The position and date-time of the current row, checked. */
static int read_site(const pm_text *t, const size_t *col, pm_obs_profile *p)
{
  const char *when = pm_text_field(t, col[COL_DATETIME]);
  int status;

  if ((status = pm_text_double(t, col[COL_LAT], &p->lat)) ||
      (status = pm_text_double(t, col[COL_LON], &p->lon)))
    return status;
  if (!(p->lat >= -90 && p->lat <= 90))
    return pm_text_error(t, PM_EINPUT, col[COL_LAT],
                         "latitude %g is outside [-90, 90]", p->lat);
  if (!(p->lon >= -180 && p->lon <= 360))
    return pm_text_error(t, PM_EINPUT, col[COL_LON],
                         "longitude %g is outside [-180, 360]", p->lon);
  if (pm_parse_datetime(when, &p->time))
    return pm_text_error(t, PM_EINPUT, col[COL_DATETIME],
                         "'%s' is not an ISO 8601 date-time", when);
  return PM_SUCCESS;
}

/* The profile of the current row and its samples, one per layer. */
static int add_row(pm_obs *obs, const pm_obs_sites *spec, const pm_text *t,
                   const size_t *col, size_t class_index, char *where,
                   size_t where_size)
{
  pm_obs_profile p;
  size_t profile, s, i;
  int status;

  memset(&p, 0, sizeof p);
  if ((status = pm_text_check_width(t)) || (status = read_site(t, col, &p)))
    return status;
  snprintf(where, where_size, "%s:%zu", pm_text_path(t), pm_text_line(t));
  p.source = (char *)spec->source;
  p.name = (char *)pm_text_field(t, col[COL_PROFILE]);
  p.project = col[COL_PROJECT] == SIZE_MAX
                  ? ""
                  : (char *)pm_text_field(t, col[COL_PROJECT]);
  p.origin = where;
  if ((status = pm_obs_add_profile(obs, &p, &profile))) return status;
  for (i = 0; i + 1 < spec->n_edges; i++) {
    if ((status = pm_obs_add_sample(obs, profile, spec->depth_edges[i],
                                    spec->depth_edges[i + 1], spec->volume_m3,
                                    where, &s)))
      return status;
    obs->count[class_index][s] = 0;
  }
  return PM_SUCCESS;
}

int pm_obs_add_sites(pm_obs *obs, const pm_obs_sites *spec)
{
  pm_text *t = NULL;
  size_t col[N_COL], class_index, rows = 0, where_size;
  char *where = NULL;
  int more = 1, status;

  if (spec->n_edges < 2)
    return pm_error(PM_EINPUT, "%s: virtual casts need at least one depth "
                    "layer (two depth edges), got %zu edges", spec->path,
                    spec->n_edges);
  if (!spec->class_name || !*spec->class_name)
    return pm_error(PM_EINPUT, "%s: virtual casts need a class name",
                    spec->path);
  where_size = strlen(spec->path) + 32;
  if (!(where = malloc(where_size))) return pm_error_nomem();
  if ((status = pm_text_open(&t, spec->path, spec->delimiter,
                             PM_TEXT_UTF8)) ||
      (status = pm_text_read_header(t)) ||
      (status = find_columns(t, spec, col)) ||
      (status = pm_obs_class_index(obs, spec->class_name, NULL, NAN, NAN,
                                   &class_index)))
    goto cleanup;
  while ((status = pm_text_next(t, &more)) == PM_SUCCESS && more) {
    if ((status = add_row(obs, spec, t, col, class_index, where, where_size)))
      goto cleanup;
    rows++;
  }
  if (!status && rows == 0)
    status = pm_error(PM_EINPUT, "%s: the table has a header but no row: no "
                      "site to place virtual casts at", spec->path);
cleanup:
  pm_text_free(t);
  free(where);
  return status;
}
