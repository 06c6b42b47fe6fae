/* builtin.c: the built-in covariates (pm_builtin.h).
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "pm_builtin.h"

#include <math.h>
#include <string.h>

const char *const pm_builtin_names[PM_BUILTIN_N + 1] = {
    "depth", "logdepth", "lat", "lon", "month", "volume_m3", NULL};
const char pm_builtin_list[] = "depth, logdepth, lat, lon, month, volume_m3";

int pm_builtin_find(const char *name)
{
  int b;
  for (b = 0; b < PM_BUILTIN_N; b++)
    if (!strcmp(name, pm_builtin_names[b])) return b;
  return -1;
}

double pm_builtin_at(pm_builtin b, double lon, double lat, double depth,
                     int month)
{
  switch (b) {
  case PM_BUILTIN_DEPTH: return depth;
  case PM_BUILTIN_LOGDEPTH: return depth > 0 ? log(depth) : NAN;
  case PM_BUILTIN_LAT: return lat;
  case PM_BUILTIN_LON: return lon;
  case PM_BUILTIN_MONTH: return month > 0 ? month : NAN;
  case PM_BUILTIN_VOLUME: return 1; /* offset log(1) = 0: per m3 */
  case PM_BUILTIN_N: break;
  }
  return NAN;
}
