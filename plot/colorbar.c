/* colorbar.c: a colour bar with its ticks and label.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "plot_internal.h"
#include "pm_error.h"

#include <math.h>
#include <stdio.h>

#define NSTEPS 256 /* colour steps along the bar */
#define MAXTICKS 5

/* Position of v along the bar, 0..1. */
static double along(const pm_plot_scale *s, double v)
{
  if (s->log) return (log10(v) - log10(s->min)) / (log10(s->max) - log10(s->min));
  return (v - s->min) / (s->max - s->min);
}

static void tick_text(double v, char *buf, size_t size)
{
  snprintf(buf, size, "%g", v);
}

static void steps(pm_figure *fig, const pm_plot_scale *s, int vertical)
{
  PLFLT x[4], y[4];
  int i;

  for (i = 0; i < NSTEPS; i++) {
    double a = (double)i / NSTEPS, b = (double)(i + 1) / NSTEPS + 1e-3;
    pm_plot_colour(fig, pm_plot_cmap_rgb(s->cmap, (a + b) / 2));
    if (vertical) {
      x[0] = 0, x[1] = 1, x[2] = 1, x[3] = 0;
      y[0] = a, y[1] = a, y[2] = b, y[3] = b;
    } else {
      x[0] = a, x[1] = b, x[2] = b, x[3] = a;
      y[0] = 0, y[1] = 0, y[2] = 1, y[3] = 1;
    }
    plfill(4, x, y);
  }
}

/* The width (mm) of text in the current font: its characters (UTF-8
 * continuation bytes not counted) at 0.6 of the character height, the
 * mean advance of a sans-serif font's digits and lower case. */
static double text_mm(const char *text)
{
  PLFLT def, ht;
  size_t n = 0;

  plgchr(&def, &ht);
  for (; *text; text++)
    n += ((unsigned char)*text & 0xc0) != 0x80;
  return 0.6 * ht * (double)n;
}

/* The ticks whose labels fit along a bar of length_mm, one character's
 * width apart (labels side by side on a horizontal bar, stacked on a
 * vertical one); *widest the width (mm) of the widest label. */
static void fitting_ticks(const pm_plot_scale *s, int vertical,
                          double length_mm, double *t, size_t *n,
                          double *widest)
{
  PLFLT def, ht;
  size_t max, i;
  char buf[32];

  plgchr(&def, &ht);
  for (max = MAXTICKS; max >= 2; max--) {
    double need = 0;
    pm_plot_scale_ticks(s, t, max, n);
    *widest = 0;
    for (i = 0; i < *n; i++) {
      tick_text(t[i], buf, sizeof buf);
      *widest = fmax(*widest, text_mm(buf));
    }
    need = (double)*n * ((vertical ? ht : *widest) + ht);
    if (need <= length_mm) return;
  }
}

/* The label's font: smaller, down to 0.6 of the base, until it fits in
 * room_mm. */
static void fit_label(pm_figure *fig, const char *label, double room_mm)
{
  double scale;

  for (scale = 1.0; scale > 0.6; scale -= 0.05) {
    pm_plot_font(fig, scale);
    if (text_mm(label) <= room_mm) return;
  }
}

/* The bar runs from 0 to 1 along its length in window units; a triangle
 * at an end where values lie beyond takes `tri` more each side. */
static void ticks(const pm_plot_scale *s, int vertical, double len,
                  double length_mm, double tri_lo, double tri_hi,
                  double *widest)
{
  double t[MAXTICKS], span = 1 + tri_lo + tri_hi;
  size_t i, n;
  char buf[32];

  fitting_ticks(s, vertical, length_mm, t, &n, widest);
  for (i = 0; i < n; i++) {
    double p = along(s, t[i]);
    tick_text(t[i], buf, sizeof buf);
    if (vertical) {
      pljoin(1 - len, p, 1, p);
      plptex(1 + 2 * len, p, 1, 0, 0, buf);
    } else {
      pljoin(p, 0, p, len);
      plmtex("b", 1.3, (p + tri_lo) / span, 0.5, buf); /* viewport fraction */
    }
  }
}

/* The bar's outline, with a triangle of the end colour pointing out at
 * each end that values pass (as matplotlib's extend="both"). */
static void ends(pm_figure *fig, const pm_plot_scale *s, int vertical,
                 double tri_lo, double tri_hi)
{
  PLFLT u[8], v[8];
  int n = 0, k;

  if (tri_lo > 0) {
    PLFLT a[3] = {0, -tri_lo, 0}, b[3] = {0, 0.5, 1};
    pm_plot_colour(fig, pm_plot_cmap_rgb(s->cmap, 0));
    plfill(3, vertical ? b : a, vertical ? a : b);
  }
  if (tri_hi > 0) {
    PLFLT a[3] = {1, 1 + tri_hi, 1}, b[3] = {0, 0.5, 1};
    pm_plot_colour(fig, pm_plot_cmap_rgb(s->cmap, 1));
    plfill(3, vertical ? b : a, vertical ? a : b);
  }
  /* the outline: along the bar at 0, round the high end, back at 1 */
  u[n] = 0, v[n++] = 0;
  u[n] = 1, v[n++] = 0;
  if (tri_hi > 0) u[n] = 1 + tri_hi, v[n++] = 0.5;
  u[n] = 1, v[n++] = 1;
  u[n] = 0, v[n++] = 1;
  if (tri_lo > 0) u[n] = -tri_lo, v[n++] = 0.5;
  u[n] = 0, v[n++] = 0;
  pm_plot_colour(fig, 0x000000);
  pm_plot_width(fig, 0.5);
  if (vertical)
    for (k = 0; k < n; k++) {
      PLFLT tmp = u[k];
      u[k] = v[k], v[k] = tmp;
    }
  plline(n, u, v);
}

int pm_plot_colorbar(pm_figure *fig, const pm_plot_scale *s,
                     const char *label, const pm_plot_box *box)
{
  int vertical = box->h > box->w;
  double length = vertical ? box->h : box->w, thick = vertical ? box->w : box->h;
  /* a triangle as long as the bar is thick, in units of the bar's length
   * less its triangles */
  double tri = thick / (length - 2 * thick);
  double lo = s->below ? tri : 0, hi = s->above ? tri : 0;
  PLFLT def, ht;
  double widest = 0;

  if (!(s->max > s->min) || (s->log && !(s->min > 0)))
    return pm_error(PM_EUSAGE, "a colour bar from %g to %g%s: the range must "
                    "increase%s", s->min, s->max, s->log ? " (log)" : "",
                    s->log ? " and be positive" : "");
  if (!(length > 4 * thick)) lo = hi = 0; /* too short for triangles */
  if (vertical)
    pm_plot_viewport(fig, box, 0, 1, -lo, 1 + hi);
  else
    pm_plot_viewport(fig, box, -lo, 1 + hi, 0, 1);
  steps(fig, s, vertical);
  ends(fig, s, vertical, lo, hi);
  pm_plot_colour(fig, 0x000000);
  pm_plot_font(fig, 1.0);
  ticks(s, vertical, 0.25, length / (1 + lo + hi), lo, hi, &widest);
  if (label && *label) {
    /* a vertical bar's label beyond its widest tick label, no longer
     * than the bar (clear of a title above); a horizontal bar's as wide
     * as the figure */
    fit_label(fig, label, vertical ? box->h : fig->spec.width_mm - 2);
    plgchr(&def, &ht); /* the label's own height: the unit of plmtex */
    if (vertical)
      plmtex("r", (0.5 * box->w + widest) / ht + 2.4, 0.5, 0.5, label);
    else
      plmtex("b", 2.9, 0.5, 0.5, label);
  }
  return PM_SUCCESS;
}
