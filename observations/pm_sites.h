/* pm_sites.h: virtual casts at the sites of a table.
 *
 * To see whether a model recovers a known truth, virtual observations are
 * drawn where real ones were taken: each row of a table of sites (for
 * example the index of the global UVP5 data set, one row per profile with
 * its name, position and date-time) becomes a profile of the observation
 * table with one sample per depth layer, each of a given volume, and a class
 * whose counts are all 0 until the caller fills them.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#ifndef PM_SITES_H
#define PM_SITES_H

#include <stddef.h>

#include "pm_obs.h"

typedef struct {
  const char *path;   /* the table (TSV or CSV, may be gzip-compressed) */
  const char *source; /* the source name of the profiles */
  char delimiter;     /* '\t' or ',' */
  /* column names: profile name, ISO 8601 date-time (UTC), degrees */
  const char *profile, *datetime, *lat, *lon;
  const char *project; /* column of the project or cruise, or NULL: "" */
  /* the layers [depth_edges[i], depth_edges[i + 1]) in m, positive down,
   * increasing, n_edges >= 2 */
  const double *depth_edges;
  size_t n_edges;
  double volume_m3;       /* the volume of every sample, > 0 */
  const char *class_name; /* the class added with count 0 in every sample */
} pm_obs_sites;

/* Add one profile per row of spec->path (project "", origin "file:line")
 * with n_edges - 1 samples, one per layer, of volume volume_m3, and the
 * class class_name with count 0 in each.  PM_EINPUT naming the file (and
 * the line and column where there is one): a missing column, a number that
 * is not one, a latitude outside [-90, 90], a longitude outside
 * [-180, 360], a date-time that is not ISO 8601, a profile of the same name
 * and date-time given twice, a table with no row, a bad layer or volume.
 * On an error, obs may hold the profiles read before it. */
int pm_obs_add_sites(pm_obs *obs, const pm_obs_sites *spec);

#endif
