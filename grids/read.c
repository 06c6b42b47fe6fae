/* read.c: read an observation source with the reader of its format.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "pm_read.h"
#include "pm_error.h"

int pm_obs_read(pm_obs *obs, const pm_obs_source *src,
                pm_filter *f, pm_obs_report *report,
                const pm_progress *progress)
{

  switch (src->format) {
  case PM_FORMAT_ECOPART_DETAILED:
    return pm_obs_read_ecopart_detailed(obs, src, f, report, progress);
  case PM_FORMAT_ECOPART_RAW:
    return pm_obs_read_ecopart_raw(obs, src, f, report, progress);
  case PM_FORMAT_ECOTAXA:
    return pm_obs_read_ecotaxa(obs, src, f, report, progress);
  case PM_FORMAT_TABLE:
    return pm_obs_read_table(obs, src, f, report, progress);
  }
  return pm_error(PM_EINPUT, "observation source '%s': unknown format %d",
                  src->name, (int)src->format);
}
