/* veil.c: the cells of a map or section whose covariates lie outside the
 * ranges seen in fitting: the <model>_extrapolation flags of plankmap's
 * maps (CF flag_values 0 within_range, 1 extrapolated) at the slice
 * drawn, and the colour of a flagged cell, lightened (mixed with white
 * rather than veiled by a translucent fill, whose anti-aliased cell edges
 * would show as a mesh).
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "plot_internal.h"
#include "pm_error.h"
#include "pm_slice.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define VEIL 0.55 /* an extrapolated cell's colour this far towards white */

/* The flags of variable "particles_mean" in the same file:
 * "particles_extrapolation"; 0 for a name without '_'. */
static int flag_name(const char *variable, char *buf, size_t size)
{
  const char *u = strrchr(variable, '_');

  if (!u) return 0;
  snprintf(buf, size, "%.*s_extrapolation", (int)(u - variable), variable);
  return strcmp(buf, variable) != 0;
}

int pm_plot_flags_read(const pm_plot_slice_request *drawn,
                       pm_plot_slice *flags, int *found)
{
  char name[512];
  pm_plot_slice_request r = *drawn;
  pm_slice_var *v = NULL;
  int status;

  *found = 0;
  if (!flag_name(drawn->variable, name, sizeof name)) return PM_SUCCESS;
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
