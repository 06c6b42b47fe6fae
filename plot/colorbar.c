/* colorbar.c: a colour bar with its ticks and label, and where a
 * vertical bar puts its text.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "plot_internal.h"
#include "pm_error.h"

#include <math.h>
#include <stdio.h>

#define NSTEPS 256 /* colour steps along the bar */
#define MAXTICKS 8 /* four to eight labelled ticks */
#define LABEL_GAP_EM 0.5 /* between neighbouring tick labels */
#define TICK_GAP_MM 0.6  /* between the bar and its tick labels */
#define FONT_STEPS 3     /* tick fonts tried: 1, 0.85, 0.7 of the base */
#define LINE_EM 1.2      /* between the lines of a vertical bar's label */

/* Position of v along the bar, 0..1. */
static double along(const pm_plot_scale *s, double v)
{
  if (s->log) return (log10(v) - log10(s->min)) / (log10(s->max) - log10(s->min));
  return (v - s->min) / (s->max - s->min);
}

/* Where a bar's ticks go: its direction, the triangles at its ends (in
 * units of its length less the triangles) and that length in mm. */
typedef struct {
  int vertical;
  double lo, hi, length_mm;
} bar_geometry;

static void geometry(const pm_plot_scale *s, const pm_plot_box *box,
                     bar_geometry *g)
{
  double length = box->h > box->w ? box->h : box->w;
  double thick = box->h > box->w ? box->w : box->h;
  /* a triangle as long as the bar is thick */
  double tri = thick / (length - 2 * thick);

  g->vertical = box->h > box->w;
  g->lo = s->below ? tri : 0;
  g->hi = s->above ? tri : 0;
  if (!(length > 4 * thick)) g->lo = g->hi = 0; /* too short for triangles */
  g->length_mm = length / (1 + g->lo + g->hi);
}

static void tick_text(double v, char *buf, size_t size)
{
  snprintf(buf, size, "%g", v);
}

/* 1 when the n labels of ticks t, at `em` mm, keep LABEL_GAP_EM apart
 * along the bar: side by side on a horizontal bar, stacked on a vertical
 * one. */
static int labels_fit(const pm_plot_scale *s, const bar_geometry *g,
                      const double *t, size_t n, double em)
{
  char a[32], b[32];
  size_t i;

  for (i = 0; i + 1 < n; i++) {
    double room = (along(s, t[i + 1]) - along(s, t[i])) * g->length_mm, need;
    tick_text(t[i], a, sizeof a);
    tick_text(t[i + 1], b, sizeof b);
    need = g->vertical ? 1 : 0.5 * (pm_plot_text_em(a) + pm_plot_text_em(b));
    if (room < (need + LABEL_GAP_EM) * em) return 0;
  }
  return 1;
}

/* The most ticks, four to MAXTICKS, whose labels fit at the base font,
 * else at a smaller one (*scale); failing all, the fewest (two or three)
 * at the smallest. */
static size_t choose_ticks(const pm_figure *fig, const pm_plot_scale *s,
                           const bar_geometry *g, double *t, double *scale)
{
  size_t most, n = 0;
  int k;

  for (k = 0; k < FONT_STEPS; k++) {
    *scale = 1.0 - 0.15 * k;
    for (most = MAXTICKS; most >= 2; most--) {
      pm_plot_scale_ticks(s, t, most, &n);
      if (n < 4 && k + 1 < FONT_STEPS) break; /* a smaller font first */
      if (labels_fit(s, g, t, n, pm_plot_em_mm(fig, *scale))) return n;
    }
  }
  return n;
}

size_t pm_plot_colorbar_ticks(const pm_figure *fig, const pm_plot_scale *s,
                              const pm_plot_box *box, double *t)
{
  bar_geometry g;
  double scale;

  geometry(s, box, &g);
  return choose_ticks(fig, s, &g, t, &scale);
}

/* Text at (x, y) mm of the current panel, its middle there across the
 * direction (dx, dy); `just` along it. */
void pm_plot_text_mm(pm_figure *fig, double x, double y, double dx,
                     double dy, double just, const char *text)
{
  double w, h;
  pm_plot_box panel;

  pm_figure_panel_mm(fig, &w, &h);
  panel.x = panel.y = 0, panel.w = w, panel.h = h;
  pm_plot_viewport(fig, &panel, 0, w, 0, h);
  plptex(x, y, dx, dy, just, text);
}

/* The mm from the bar's edge to the far side of its tick labels: the
 * widest label beside a vertical bar, a line under a horizontal one. */
static double tick_room(const pm_figure *fig, const pm_plot_scale *s,
                        const bar_geometry *g)
{
  double t[MAXTICKS], scale, em, widest = 0;
  size_t i, n = choose_ticks(fig, s, g, t, &scale);
  char buf[32];

  em = pm_plot_em_mm(fig, scale);
  if (!g->vertical) return TICK_GAP_MM + em;
  for (i = 0; i < n; i++) {
    tick_text(t[i], buf, sizeof buf);
    widest = fmax(widest, pm_plot_text_em(buf) * em);
  }
  return TICK_GAP_MM + widest;
}

/* The tick marks (a quarter of the bar's thickness into it) and their
 * labels beside the bar. */
static void ticks(pm_figure *fig, const pm_plot_scale *s,
                  const pm_plot_box *box, const bar_geometry *g)
{
  double t[MAXTICKS], scale, em, span = 1 + g->lo + g->hi;
  size_t i, n = choose_ticks(fig, s, g, t, &scale);
  char buf[32];

  if (g->vertical)
    pm_plot_viewport(fig, box, 0, 1, -g->lo, 1 + g->hi);
  else
    pm_plot_viewport(fig, box, -g->lo, 1 + g->hi, 0, 1);
  pm_plot_colour(fig, 0x000000);
  for (i = 0; i < n; i++) {
    double p = along(s, t[i]);
    if (g->vertical)
      pljoin(0.75, p, 1, p);
    else
      pljoin(p, 0, p, 0.25);
  }
  em = pm_plot_em_mm(fig, scale);
  pm_plot_font(fig, scale);
  for (i = 0; i < n; i++) {
    double at = (along(s, t[i]) + g->lo) / span; /* along the box */
    tick_text(t[i], buf, sizeof buf);
    if (g->vertical)
      pm_plot_text_mm(fig, box->x + box->w + TICK_GAP_MM, box->y + at * box->h,
                      1, 0, 0, buf);
    else
      pm_plot_text_mm(fig, box->x + at * box->w,
                      box->y - TICK_GAP_MM - 0.5 * em, 1, 0, 0.5, buf);
  }
}

/* The label's font: smaller, down to 0.6 of the base, until it fits in
 * room_mm. */
static double fit_label(const pm_figure *fig, const char *label,
                        double room_mm)
{
  double scale;

  for (scale = 1.0; scale > 0.6; scale -= 0.05)
    if (pm_plot_text_em(label) * pm_plot_em_mm(fig, scale) <= room_mm) break;
  return scale;
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

void pm_plot_colorbar_extent(const pm_figure *fig, const pm_plot_scale *s,
                             const char *label, const pm_plot_box *box,
                             pm_plot_bar_extent *e)
{
  pm_plot_bar_label l = {1.0, 0, {""}};
  bar_geometry g;
  double em, longest = 0;
  size_t i;

  geometry(s, box, &g);
  if (label && *label) pm_plot_bar_label_fit(fig, label, box->h, &l);
  em = pm_plot_em_mm(fig, l.scale);
  for (i = 0; i < l.n; i++)
    longest = fmax(longest, pm_plot_text_em(l.line[i]) * em);
  e->ticks = box->x + box->w + tick_room(fig, s, &g);
  /* each line's middle 0.6 em from its near side, lines 1.2 em apart */
  e->near = e->ticks + LABEL_GAP_EM * em;
  e->far = e->near + LINE_EM * (double)l.n * em;
  e->bottom = box->y + 0.5 * (box->h - longest);
  e->top = e->bottom + longest;
}

/* A vertical bar's label beside its tick labels, along the bar in one
 * to three lines (bar_label.c). */
static void vertical_label(pm_figure *fig, const char *label,
                           const pm_plot_box *box, double ticks_mm)
{
  pm_plot_bar_label l;
  double em, x;
  size_t i;

  pm_plot_bar_label_fit(fig, label, box->h, &l);
  em = pm_plot_em_mm(fig, l.scale);
  x = ticks_mm + LABEL_GAP_EM * em + 0.5 * LINE_EM * em;
  pm_plot_colour(fig, 0x000000);
  pm_plot_font(fig, l.scale);
  for (i = 0; i < l.n; i++)
    pm_plot_text_mm(fig, x + LINE_EM * (double)i * em, box->y + 0.5 * box->h,
                    0, 1, 0.5, l.line[i]);
}

int pm_plot_colorbar(pm_figure *fig, const pm_plot_scale *s,
                     const char *label, const pm_plot_box *box)
{
  bar_geometry g;
  double room, scale, em;

  if (!(s->max > s->min) || (s->log && !(s->min > 0)))
    return pm_error(PM_EUSAGE, "a colour bar from %g to %g%s: the range must "
                    "increase%s", s->min, s->max, s->log ? " (log)" : "",
                    s->log ? " and be positive" : "");
  geometry(s, box, &g);
  if (g.vertical)
    pm_plot_viewport(fig, box, 0, 1, -g.lo, 1 + g.hi);
  else
    pm_plot_viewport(fig, box, -g.lo, 1 + g.hi, 0, 1);
  steps(fig, s, g.vertical);
  ends(fig, s, g.vertical, g.lo, g.hi);
  ticks(fig, s, box, &g);
  room = tick_room(fig, s, &g);
  if (!label || !*label) return PM_SUCCESS;
  if (g.vertical) {
    vertical_label(fig, label, box, box->x + box->w + room);
    return PM_SUCCESS;
  }
  /* a horizontal bar's label below its tick labels, as wide as the
   * figure */
  scale = fit_label(fig, label, fig->spec.width_mm - 2);
  em = pm_plot_em_mm(fig, scale);
  pm_plot_colour(fig, 0x000000);
  pm_plot_font(fig, scale);
  pm_plot_text_mm(fig, box->x + 0.5 * box->w,
                  box->y - room - LABEL_GAP_EM * em - 0.6 * em, 1, 0, 0.5,
                  label);
  return PM_SUCCESS;
}
