/* fuzz_ecotaxa.c: the EcoTaxa reader: an input is an export, then (when a
 * second part is there) a volume table (pm_fuzz.h).
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
  files[0] = (char *)pm_fuzz_file("export.tsv", part, len);
  pm_fuzz_part(data, size, 1, &part, &len);
  if (len) src.volume_table = (char *)pm_fuzz_file("volumes.tsv", part, len);
  src.name = "fuzz";
  src.format = PM_FORMAT_ECOTAXA;
  src.files = files;
  src.n_files = 1;
  return pm_fuzz_read(&src);
}
