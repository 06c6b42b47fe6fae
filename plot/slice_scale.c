/* slice_scale.c: the colour scale and the label of a slice of a NetCDF
 * variable, shared by maps and sections.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "plot_internal.h"
#include "pm_error.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The default range leaves out 2 % of the area (or cells) at each end. */
#define RANGE_PERCENTILE 2.0

static int check_given(double min, double max, int log)
{
  if (!isfinite(min) || !isfinite(max) || !(min < max))
    return pm_error(PM_EUSAGE, "a colour range of %g,%g: give MIN,MAX with "
                    "MIN < MAX", min, max);
  if (log && min <= 0)
    return pm_error(PM_EUSAGE, "a colour range of %g,%g on a log scale: MIN "
                    "must be positive", min, max);
  return PM_SUCCESS;
}

/* The cells' areas on the sphere, up to a constant: the longitude width
 * times the difference of the sines of the edge latitudes (degrees). */
static double *cell_areas(const pm_plot_slice *s)
{
  size_t n = s->nx * s->ny;
  double *w = malloc((n > 0 ? n : 1) * sizeof *w);
  double rad = M_PI / 180;
  size_t i, j;

  if (!w) return NULL;
  for (j = 0; j < s->ny; j++)
    for (i = 0; i < s->nx; i++)
      w[j * s->nx + i] = fabs(s->xb[i + 1] - s->xb[i]) *
                         fabs(sin(rad * s->yb[j + 1]) - sin(rad * s->yb[j]));
  return w;
}

/* Which values lie beyond the scale's ends (clipped to its end colours). */
static void beyond(const pm_plot_slice *s, pm_plot_scale *out)
{
  size_t i, n = s->nx * s->ny;

  out->below = out->above = 0;
  for (i = 0; i < n; i++) {
    if (!isfinite(s->v[i]) || (out->log && s->v[i] <= 0)) continue;
    out->below |= s->v[i] < out->min;
    out->above |= s->v[i] > out->max;
  }
}

int pm_plot_scale_of(const pm_plot_slice *s, const char *cmap, int diverging,
                     int log, double min, double max, int area_weighted,
                     pm_plot_scale *out)
{
  double lo, hi, *w = NULL;
  int status;

  if ((status = pm_plot_cmap_find(cmap ? cmap : diverging ? "rdbu" : "viridis",
                                  &out->cmap)))
    return status;
  out->log = log;
  if (isfinite(min) || isfinite(max)) {
    if ((status = check_given(min, max, log))) return status;
    lo = min;
    hi = max;
  } else {
    if (area_weighted && !(w = cell_areas(s))) return pm_error_nomem();
    status = pm_plot_range_percentiles(s->nx * s->ny, s->v, w, log,
                                       RANGE_PERCENTILE, &lo, &hi);
    free(w);
    if (status) return pm_error_prefix(status, "%s", s->long_name);
    if (pm_plot_cmap_diverging(out->cmap)) { /* centred on zero */
      hi = fmax(fabs(lo), fabs(hi));
      lo = -hi;
    }
    if (!(hi > lo)) { /* a constant field */
      double d = lo != 0 ? fabs(lo) / 10 : 1;
      lo = log ? lo / 2 : lo - d;
      hi = log ? hi * 2 : hi + d;
    }
  }
  out->min = lo;
  out->max = hi;
  beyond(s, out);
  return PM_SUCCESS;
}

void pm_plot_micro(const char *text, char *buf, size_t size)
{
  size_t n = 0;
  const char *p;

  if (size == 0) return;
  for (p = text; *p && n + 1 < size; p++) {
    int word_start = p == text || !isalnum((unsigned char)p[-1]);
    if (word_start && p[0] == 'u' && p[1] == 'm' &&
        !isalpha((unsigned char)p[2]) && n + 3 < size) {
      memcpy(buf + n, "\xc2\xb5m", 3); /* U+00B5 MICRO SIGN, then m */
      n += 3;
      p++;
      continue;
    }
    buf[n++] = *p;
  }
  buf[n] = '\0';
}

void pm_plot_long_name(const pm_plot_slice *s, char *buf, size_t size)
{
  const char *cut = strstr(s->long_name, "; ");
  char name[512];

  snprintf(name, sizeof name, "%.*s",
           cut ? (int)(cut - s->long_name) : (int)strlen(s->long_name),
           s->long_name);
  pm_plot_micro(name, buf, size);
}

/* The long name up to its first "; " (plankmap's long names add how the
 * intervals were made after it), and the units; micrometres as µm. */
void pm_plot_label(const pm_plot_slice *s, char *buf, size_t size)
{
  char name[512], units[128];

  pm_plot_long_name(s, name, sizeof name);
  pm_plot_micro(s->units, units, sizeof units);
  if (units[0])
    snprintf(buf, size, "%s [%s]", name, units);
  else
    snprintf(buf, size, "%s", name);
}
