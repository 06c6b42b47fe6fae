/* fuzz_ecopart_detailed.c: the EcoPart detailed reader, its metadata summary and
 * its particle file: an input is the summary, then the PAR file (pm_fuzz.h).
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
  src.metadata = (char *)pm_fuzz_file("x_Export_metadata_summary.tsv", part,
                                      len);
  pm_fuzz_part(data, size, 1, &part, &len);
  files[0] = (char *)pm_fuzz_file("x_PAR_x.tsv", part, len);
  src.name = "fuzz";
  src.format = PM_FORMAT_ECOPART_DETAILED;
  src.files = files;
  src.n_files = 1;
  return pm_fuzz_read(&src);
}
