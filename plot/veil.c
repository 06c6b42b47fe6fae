/* veil.c: the cells of a map or section whose covariates lie outside the
 * ranges seen in fitting or outside the model's area of applicability:
 * the <model>_extrapolation flags of plankmap's maps (CF flag_values 0
 * within_range, 1 extrapolated) and their <model>_aoa flags (0 outside,
 * 1 inside; Meyer & Pebesma 2021) at the slice drawn, and the colour of a
 * flagged cell, lightened (mixed with white rather than veiled by a
 * translucent fill, whose anti-aliased cell edges would show as a
 * mesh).
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "plot_internal.h"
#include "pm_error.h"
#include "pm_slice.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define VEIL 0.55 /* an extrapolated cell's colour this far towards white */

/* The variable <model>_<suffix> of variable "<model>_mean" in the same
 * file ("particles_extrapolation"); 0 for a name without '_'. */
static int flag_name(const char *variable, const char *suffix, char *buf,
                     size_t size)
{
  const char *u = strrchr(variable, '_');

  if (!u) return 0;
  snprintf(buf, size, "%.*s_%s", (int)(u - variable), variable, suffix);
  return strcmp(buf, variable) != 0;
}

/* The slice of <model>_<suffix> where the drawn one is, *found 0 when
 * the file has no such variable. */
static int read_flags(const pm_plot_slice_request *drawn, const char *suffix,
                      pm_plot_slice *flags, int *found)
{
  char name[512];
  pm_plot_slice_request r = *drawn;
  pm_slice_var *v = NULL;
  int status;

  *found = 0;
  if (!flag_name(drawn->variable, suffix, name, sizeof name))
    return PM_SUCCESS;
  /* a file without flags (not a map of plankmap's) has nothing to mark */
  if (pm_slice_open(&v, drawn->file, name) == PM_EINPUT) {
    pm_error_clear();
    return PM_SUCCESS;
  }
  pm_slice_close(v);
  r.variable = name;
  r.minus = NULL;
  if ((status = pm_plot_slice_read(&r, flags))) return status;
  *found = 1;
  return PM_SUCCESS;
}

int pm_plot_flags_read(const pm_plot_slice_request *drawn,
                       pm_plot_slice *flags, int *found)
{
  pm_plot_slice aoa;
  size_t i, n;
  int has_aoa, status;

  if ((status = read_flags(drawn, "extrapolation", flags, found)) ||
      (status = read_flags(drawn, "aoa", &aoa, &has_aoa)) || !has_aoa)
    return status;
  n = aoa.nx * aoa.ny;
  for (i = 0; i < n; i++) /* outside the area: flagged as extrapolated */
    aoa.v[i] = aoa.v[i] == 0 || (*found && flags->v[i] == 1) ? 1 : 0;
  if (*found) pm_plot_slice_free(flags);
  *flags = aoa;
  *found = 1;
  return PM_SUCCESS;
}

unsigned pm_plot_veil_rgb(unsigned rgb)
{
  unsigned out = 0;
  int shift;

  for (shift = 0; shift <= 16; shift += 8) {
    double c = (double)(rgb >> shift & 0xff);
    out |= (unsigned)lround(c + VEIL * (255 - c)) << shift;
  }
  return out;
}
