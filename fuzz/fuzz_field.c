/* fuzz_field.c: the covariate field reader (a CF NetCDF file, its variable
 * "temp"): the axes, their units, the climatology, then a sample of it.
 * Region masks and reliefs are fields read the same way.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "pm_error.h"
#include "pm_field.h"
#include "pm_fuzz.h"

#include <stddef.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  static const double lon[] = {-179.9, 0.0, 64.5}, lat[] = {-60.0, 0.0, 31.7},
                      depth[] = {0.0, 150.0, 4000.0};
  static const int month[] = {1, 6, 12};
  double value[3];
  size_t missing, nmonths;
  pm_field *f = NULL;

  if (pm_field_open(&f, pm_fuzz_file("field.nc", data, size), "temp") == 0) {
    pm_field_months(f, &nmonths);
    pm_field_sample(f, 3, lon, lat, depth, nmonths ? month : NULL, 100.0,
                    value, &missing);
    pm_field_free(f);
  }
  pm_error_clear();
  return 0;
}
