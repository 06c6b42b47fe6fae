/* axes.c: x-y panels: frame, ticks, labels, lines, bands, points.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "plot_internal.h"
#include "pm_error.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Log axes are drawn in log10 units; the panel's axes say which. */
static double lg(int on, double v)
{
  return on ? (v > 0 ? log10(v) : NAN) : v;
}
#define tx(v) lg(fig->xlog, (v))
#define ty(v) lg(fig->ylog, (v))

static int check_range(double a, double b, int lg, const char *axis)
{
  if (!isfinite(a) || !isfinite(b) || a == b || (lg && (a <= 0 || b <= 0)))
    return pm_error(PM_EUSAGE, "the %s axis from %g to %g: give two different "
                    "finite values%s", axis, a, b, lg ? ", both positive" : "");
  return PM_SUCCESS;
}

/* Decades between labelled ticks of a log axis `len` mm long: a label
 * such as "10^-2" takes about `label` mm along the axis, and labels must
 * not touch. */
static int log_step(double lo, double hi, double len, double label)
{
  double decades = fabs(log10(hi) - log10(lo));
  int step = 1;

  /* at least two labels: a step of at most half the decades */
  while (2 * step < decades && decades / step * 1.3 * label > len) step++;
  return step;
}

/* Labels 10^k of a log axis from lo to hi (data units) every `step`
 * decades, written beside the frame (PLplot labels every decade). */
static void log_labels(int xaxis, double lo, double hi, int step)
{
  double a = log10(lo), b = log10(hi);
  int k;
  char text[32];

  for (k = (int)ceil(fmin(a, b)); k <= (int)floor(fmax(a, b)); k++) {
    if (k % step) continue;
    snprintf(text, sizeof text, "10#u%d#d", k);
    if (xaxis)
      plmtex("b", 1.6, (k - a) / (b - a), 0.5, text);
    else
      plmtex("lv", 0.5, (k - a) / (b - a), 1.0, text);
  }
}

/* One line of a title, disp character heights above box b: centred on
 * the box, or ending at its right edge when wider, over the labels to
 * the left. */
static void title_line(const pm_plot_box *b, double disp, double width_mm,
                       const char *text)
{
  int wide = width_mm > b->w;

  plmtex("t", disp, wide ? 1.0 : 0.5, wide ? 1.0 : 0.5, text);
}

/* The title above box b, clear of it and of a log label above it, within
 * the panel's left edge and the box's right one (a colour bar's label
 * may stand right of it): where it is wider than that at 0.8 of the font
 * (a long variable name), on two lines broken at the space nearest its
 * middle; smaller (down to 0.6 of the font) until each line fits. */
static void title(pm_figure *fig, const pm_plot_axes *a, const pm_plot_box *b)
{
  double em = pm_plot_line_mm(fig, 1.0) / 1.5, room = b->x + b->w - 1;
  double disp = a->ylog ? 1.8 : 1.1, scale = 1.0, w1, w2;
  const char *t = a->title, *cut = NULL, *p;
  size_t len = strlen(t);
  char first[512];

  for (p = t; *p; p++) /* the space nearest the middle */
    if (*p == ' ' && (!cut || labs((long)(p - t) - (long)len / 2) <
                                  labs((long)(cut - t) - (long)len / 2)))
      cut = p;
  if (!cut || pm_plot_text_em(t) * em * 0.8 <= room) cut = t + len;
  snprintf(first, sizeof first, "%.*s", (int)(cut - t), t);
  w1 = pm_plot_text_em(first) * em;
  w2 = *cut ? pm_plot_text_em(cut + 1) * em : 0;
  while (scale > 0.6 && fmax(w1, w2) * scale > room) scale -= 0.05;
  pm_plot_font(fig, scale);
  if (*cut) {
    title_line(b, disp + 1.2, w1 * scale, first);
    title_line(b, disp, w2 * scale, cut + 1);
  } else {
    title_line(b, disp, w1 * scale, first);
  }
  pm_plot_font(fig, 1.0);
}

int pm_plot_xy_axes(pm_figure *fig, const pm_plot_axes *a)
{
  pm_plot_box b = a->box;
  double line = pm_plot_line_mm(fig, 1.0);
  int status;

  if ((status = check_range(a->xmin, a->xmax, a->xlog, "x")) ||
      (status = check_range(a->ymin, a->ymax, a->ylog, "y")))
    return status;
  if (b.w == 0) { /* room for tick labels and an axis label each side */
    b.x = 4.2 * line;
    b.y = 2.6 * line;
    b.w = fig->pw - b.x - 0.8 * line;
    b.h = fig->ph - b.y - (a->title ? 2.0 : 0.8) * line;
  }
  fig->xlog = a->xlog;
  fig->ylog = a->ylog;
  pm_plot_viewport(fig, &b, tx(a->xmin), tx(a->xmax), ty(a->ymin),
                   ty(a->ymax));
  pm_plot_colour(fig, 0x000000);
  pm_plot_width(fig, 0.5);
  pm_plot_font(fig, 1.0);
  plbox(a->xticks_hidden ? "bc" : a->xlog ? "bcstl" : "bcnst", 0, 0,
        a->yticks_hidden ? "bc" : a->ylog ? "bcstvl" : "bcnstv", 0, 0);
  if (a->xlog && !a->xticks_hidden)
    log_labels(1, a->xmin, a->xmax,
               log_step(a->xmin, a->xmax, b.w, 2.0 * line));
  if (a->ylog && !a->yticks_hidden)
    log_labels(0, a->ymin, a->ymax,
               log_step(a->ymin, a->ymax, b.h, 1.2 * line));
  /* axis labels (offsets in character heights) clear of the tick labels:
   * a line of tick labels below, four characters ("-1.5") to the left */
  if (a->xlabel) plmtex("b", 3.2, 0.5, 0.5, a->xlabel);
  if (a->ylabel) plmtex("l", a->ylog ? 5.2 : 4.3, 0.5, 0.5, a->ylabel);
  if (a->title) title(fig, a, &b);
  return PM_SUCCESS;
}

static void style(pm_figure *fig, const pm_plot_style *s)
{
  static PLINT mark = 1500, space = 1000;
  pm_plot_colour(fig, s->rgb);
  pm_plot_width(fig, s->width_pt > 0 ? s->width_pt : 0.75);
  if (s->dashed)
    plstyl(1, &mark, &space);
  else
    plstyl(0, NULL, NULL);
}

int pm_plot_xy_line(pm_figure *fig, size_t n, const double *x, const double *y,
                    const pm_plot_style *s)
{
  size_t i, start = 0;
  PLFLT *px = malloc((n + 1) * sizeof *px), *py = malloc((n + 1) * sizeof *py);

  if (!px || !py) {
    free(px);
    free(py);
    return pm_error_nomem();
  }
  style(fig, s);
  for (i = 0; i <= n; i++) {
    int good = i < n && isfinite(tx(x[i])) && isfinite(ty(y[i]));
    if (good) {
      px[i] = tx(x[i]);
      py[i] = ty(y[i]);
      continue;
    }
    if (i - start > 1) plline((PLINT)(i - start), px + start, py + start);
    start = i + 1;
  }
  plstyl(0, NULL, NULL);
  free(px);
  free(py);
  return PM_SUCCESS;
}

int pm_plot_xy_band(pm_figure *fig, size_t n, const double *x,
                    const double *lo, const double *hi, unsigned rgb)
{
  PLFLT *px = malloc(2 * n * sizeof *px), *py = malloc(2 * n * sizeof *py);
  size_t i, m = 0;

  if (!px || !py) {
    free(px);
    free(py);
    return pm_error_nomem();
  }
  for (i = 0; i < n; i++)
    if (isfinite(tx(x[i])) && isfinite(ty(lo[i])) && isfinite(ty(hi[i]))) {
      px[m] = tx(x[i]);
      py[m++] = ty(lo[i]);
    }
  for (i = n; i-- > 0;)
    if (isfinite(tx(x[i])) && isfinite(ty(lo[i])) && isfinite(ty(hi[i]))) {
      px[m] = tx(x[i]);
      py[m++] = ty(hi[i]);
    }
  pm_plot_colour(fig, rgb);
  if (m >= 3) plfill((PLINT)m, px, py);
  free(px);
  free(py);
  return PM_SUCCESS;
}

#define DISC_SIDES 24 /* polygon sides of a dot: round at any size */

int pm_plot_xy_points(pm_figure *fig, size_t n, const double *x,
                      const double *y, const pm_plot_style *s)
{
  double r = 0.5 * (s->size_mm > 0 ? s->size_mm : 1.2), ux, uy;
  PLFLT vx0, vx1, vy0, vy1, wx0, wx1, wy0, wy1, dx[DISC_SIDES],
      dy[DISC_SIDES], px[DISC_SIDES], py[DISC_SIDES];
  size_t i;
  int k;

  style(fig, s);
  /* a disc of radius r mm: window units per mm from the viewport (a
   * fraction of the page) and the window */
  plgvpd(&vx0, &vx1, &vy0, &vy1);
  plgvpw(&wx0, &wx1, &wy0, &wy1);
  ux = (wx1 - wx0) / ((vx1 - vx0) * fig->spec.width_mm);
  uy = (wy1 - wy0) / ((vy1 - vy0) * fig->spec.height_mm);
  for (k = 0; k < DISC_SIDES; k++) {
    double a = 2 * M_PI * k / DISC_SIDES;
    dx[k] = r * ux * cos(a);
    dy[k] = r * uy * sin(a);
  }
  for (i = 0; i < n; i++) {
    double cx = tx(x[i]), cy = ty(y[i]);
    if (!isfinite(cx) || !isfinite(cy)) continue;
    for (k = 0; k < DISC_SIDES; k++) px[k] = cx + dx[k], py[k] = cy + dy[k];
    plfill(DISC_SIDES, px, py);
  }
  return PM_SUCCESS;
}

int pm_plot_xy_segments(pm_figure *fig, size_t n, const double *x0,
                        const double *y0, const double *x1, const double *y1,
                        const pm_plot_style *s)
{
  size_t i;

  style(fig, s);
  for (i = 0; i < n; i++) {
    double a = tx(x0[i]), b = ty(y0[i]), c = tx(x1[i]), d = ty(y1[i]);
    if (isfinite(a) && isfinite(b) && isfinite(c) && isfinite(d))
      pljoin(a, b, c, d);
  }
  plstyl(0, NULL, NULL);
  return PM_SUCCESS;
}

int pm_plot_xy_text(pm_figure *fig, double x, double y, double just,
                    const char *text)
{
  pm_plot_colour(fig, 0x000000);
  pm_plot_font(fig, 1.0);
  plptex(tx(x), ty(y), 1, 0, just, text);
  return PM_SUCCESS;
}
