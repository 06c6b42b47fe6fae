/* fuzz_read.c: what the targets of the observation readers share: the read
 * of a source into a table that is then freed, and the table reader's
 * column mappings.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "pm_error.h"
#include "pm_fuzz.h"
#include "pm_read.h"

int pm_fuzz_read(const pm_obs_source *src)
{
  pm_obs_report report = {0};
  pm_obs *obs = pm_obs_alloc();

  if (obs) pm_obs_read(obs, src, NULL, NULL, &report, NULL);
  pm_obs_free(obs);
  pm_error_clear();
  return 0;
}

int pm_fuzz_table(const uint8_t *data, size_t size, int long_layout)
{
  static char *classes[] = {"Copepoda", "Rhizaria", "detritus"};
  char *files[1];
  pm_obs_source src = {0};
  pm_table_columns *c = &src.table;

  files[0] = (char *)pm_fuzz_file("counts.csv", data, size);
  src.name = "fuzz";
  src.format = PM_FORMAT_TABLE;
  src.files = files;
  src.n_files = 1;
  *c = (pm_table_columns){.delimiter = ',', .profile = "profile",
                          .project = "project", .datetime = "datetime",
                          .lat = "lat", .lon = "lon",
                          .depth_top = "depth_top",
                          .depth_bottom = "depth_bottom",
                          .volume = "volume_L", .volume_to_m3 = 1e-3};
  if (long_layout) {
    c->class_column = "taxon";
    c->count_column = "n";
  } else {
    c->classes = classes;
    c->n_classes = 3;
  }
  return pm_fuzz_read(&src);
}
