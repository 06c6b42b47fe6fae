/* fuzz_ecopart_raw.c: the EcoPart raw reader: an input is the metadata summary,
 * the PAR raw file and its ZOO raw file (pm_fuzz.h), named as in the BATS
 * export of the corpus so that the summary can find them.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "pm_fuzz.h"

#define STEM "20190715212026_bats361_ctd12_"
#define TAIL "_raw_20220810_16_31.tsv"

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
  files[0] = (char *)pm_fuzz_file(STEM "PAR" TAIL, part, len);
  pm_fuzz_part(data, size, 2, &part, &len);
  pm_fuzz_file(STEM "ZOO" TAIL, part, len);
  src.name = "fuzz";
  src.format = PM_FORMAT_ECOPART_RAW;
  src.files = files;
  src.n_files = 1;
  return pm_fuzz_read(&src);
}
