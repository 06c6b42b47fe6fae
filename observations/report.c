/* report.c: the bookkeeping shared by the readers: progress and the count
 * of rows kept and left out.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "pm_read.h"

void pm_progress_report(const pm_progress *p, const char *what, uint64_t done,
                        uint64_t total)
{
  if (p && p->fn) p->fn(p->ctx, what, done, total);
}

void pm_obs_report_add(pm_obs_report *a, const pm_obs_report *b)
{
  int i;
  a->rows_read += b->rows_read;
  a->rows_kept += b->rows_kept;
  for (i = 0; i < PM_DROP_N; i++) a->rows_dropped[i] += b->rows_dropped[i];
  a->bytes_read += b->bytes_read;
  a->files_read += b->files_read;
}

const char *pm_obs_drop_reason(pm_obs_drop reason)
{
  switch (reason) {
  case PM_DROP_CLASS: return "class not kept by filters.classes";
  case PM_DROP_SIZE: return "size class outside filters.size_mm";
  case PM_DROP_STATUS: return "annotation status not accepted";
  case PM_DROP_DEPTH: return "outside filters.depth_m";
  case PM_DROP_DATE: return "outside filters.dates";
  case PM_DROP_REGION: return "outside the grid";
  case PM_DROP_NO_VOLUME: return "no sampled volume";
  case PM_DROP_PROFILE: return "project or UVP model not kept";
  case PM_DROP_N: break;
  }
  return "unknown reason";
}
