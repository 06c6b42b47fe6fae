/* fuzz_table_long.c: the table reader in the long layout, on a CSV with the
 * columns of tests/data/table/small_long.csv.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "pm_error.h"
#include "pm_fuzz.h"
#include "pm_read.h"

/* The column mapping of the long layout. */
static void layout(pm_table_columns *c)
{
  c->class_column = "taxon";
  c->count_column = "n";
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  char *files[1];
  pm_obs_source src = {0};
  pm_obs_report report = {0};
  pm_table_columns *c = &src.table;
  pm_obs *obs = pm_obs_alloc();

  if (!obs) return 0;
  files[0] = (char *)pm_fuzz_file("counts.csv", data, size);
  src.name = "fuzz";
  src.format = PM_FORMAT_TABLE;
  src.files = files;
  src.n_files = 1;
  c->delimiter = ',';
  c->profile = "profile";
  c->project = "project";
  c->datetime = "datetime";
  c->lat = "lat";
  c->lon = "lon";
  c->depth_top = "depth_top";
  c->depth_bottom = "depth_bottom";
  c->volume = "volume_L";
  c->volume_to_m3 = 1e-3;
  layout(c);
  pm_obs_read(obs, &src, NULL, NULL, &report, NULL);
  pm_obs_free(obs);
  pm_error_clear();
  return 0;
}
