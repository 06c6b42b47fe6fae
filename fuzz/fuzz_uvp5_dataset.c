/* fuzz_uvp5_dataset.c: the reader of the global UVP5 data set: an input is
 * the samples table, then the samples_volume table, then the objects table
 * (parts separated as pm_fuzz.h says).
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "pm_fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  const uint8_t *part;
  size_t len;
  char *files[1];
  pm_obs_source src = {0};

  pm_fuzz_part(data, size, 0, &part, &len);
  src.metadata = (char *)pm_fuzz_file("samples.tsv", part, len);
  pm_fuzz_part(data, size, 1, &part, &len);
  src.volume_table = (char *)pm_fuzz_file("samples_volume.tsv", part, len);
  pm_fuzz_part(data, size, 2, &part, &len);
  files[0] = (char *)pm_fuzz_file("objects.tsv", part, len);
  src.name = "fuzz";
  src.format = PM_FORMAT_UVP5_DATASET;
  src.files = files;
  src.n_files = 1;
  return pm_fuzz_read(&src);
}
