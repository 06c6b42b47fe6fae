/* pm_test_table.h: the `table` sources of the table tests: the column
 * mapping of their fixtures and one read.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#ifndef PM_TEST_TABLE_H
#define PM_TEST_TABLE_H

#include "pm_error.h"
#include "pm_read.h"

#include <string.h>

/* A table source of the one file `files[0]` = path, whose columns are
 * named as in tests/data/table/ (profile, project, datetime, lat, lon,
 * depth_top, depth_bottom, volume_L); the class columns are the
 * caller's. */
static inline void pm_test_table_mapping(pm_obs_source *src, char **files,
                                         char *name, const char *path)
{
  memset(src, 0, sizeof *src);
  files[0] = (char *)path;
  src->name = name;
  src->format = PM_FORMAT_TABLE;
  src->files = files;
  src->n_files = 1;
  src->table.delimiter = ',';
  src->table.profile = "profile";
  src->table.project = "project";
  src->table.datetime = "datetime";
  src->table.lat = "lat";
  src->table.lon = "lon";
  src->table.depth_top = "depth_top";
  src->table.depth_bottom = "depth_bottom";
  src->table.volume = "volume_L";
  src->table.volume_to_m3 = 1e-3;
}

/* Read `src` with filter `f` (NULL: none) into a new pm_obs, kept in *out
 * unless out is NULL; the status of pm_obs_read. */
static inline int pm_test_table_read(const pm_obs_source *src,
                                     const pm_filter *f,
                                     pm_filter_counts *counts,
                                     pm_obs_report *rep, pm_obs **out)
{
  pm_obs *obs = pm_obs_alloc();
  int status;

  memset(rep, 0, sizeof *rep);
  pm_error_clear();
  status = obs ? pm_obs_read(obs, src, f, counts, rep, NULL) : PM_EIO;
  if (out)
    *out = obs;
  else
    pm_obs_free(obs);
  return status;
}

#endif
