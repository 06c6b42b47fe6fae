/* validation_plot.c: the validation chart: (a) the run's totals beside the
 * published estimates, (b) predicted against observed trap fluxes.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "plot_internal.h"
#include "pm_error.h"
#include "pm_plot_charts.h"
#include "pm_run_files.h"
#include "pm_validation.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PUBLISHED_RGB 0x969696u
#define RUN_RGB 0x000000u
#define TRAP_RGB 0x2166acu

static void extend(double v, double *lo, double *hi)
{
  if (!(v > 0) || !isfinite(v)) return;
  *lo = fmin(*lo, v);
  *hi = fmax(*hi, v);
}

/* A log axis of whole decades around [lo, hi] (their labels on the
 * axis); [0.1, 10] when empty. */
static void log_range(double *lo, double *hi)
{
  if (!isfinite(*lo)) {
    *lo = 0.1;
    *hi = 10;
  }
  *lo = pow(10, floor(log10(*lo / 1.5)));
  *hi = pow(10, ceil(log10(*hi * 1.5)));
}

/* A dot at v and a bar from lo to hi at row position y. */
static int dot_interval(pm_figure *fig, double y, double v, double lo,
                        double hi, unsigned rgb)
{
  pm_plot_style bar = {rgb, 1.5, 0, 0}, dot = {rgb, 0.5, 0, 1.4};
  double a = isfinite(lo) ? lo : v, b = isfinite(hi) ? hi : v;
  int status = PM_SUCCESS;

  if (isfinite(a) && isfinite(b))
    status = pm_plot_xy_segments(fig, 1, &a, &y, &b, &y, &bar);
  if (!status && isfinite(v)) status = pm_plot_xy_points(fig, 1, &v, &y, &dot);
  return status;
}

size_t pm_plot_validation_units(const pm_plot_validation_data *d,
                                size_t *group)
{
  size_t i, k, n = 0;

  for (i = 0; i < d->nrows; i++) {
    for (k = 0; k < i; k++)
      if (strcmp(d->rows[k].units, d->rows[i].units) == 0) break;
    group[i] = k < i ? group[k] : n++;
  }
  return n;
}

/* The chart row (from 0, top) of each published row of unit group g: one
 * row per quantity in the order of first appearance (rows of other
 * groups: SIZE_MAX); *first the first row of each quantity; the number of
 * quantities. */
static size_t quantity_rows(const pm_plot_validation_data *d,
                            const size_t *group, size_t g, size_t *row,
                            size_t *first)
{
  size_t i, q, nq = 0;

  for (i = 0; i < d->nrows; i++) {
    row[i] = (size_t)-1;
    if (group[i] != g) continue;
    for (q = 0; q < nq; q++)
      if (strcmp(d->rows[first[q]].quantity, d->rows[i].quantity) == 0) break;
    if (q == nq) first[nq++] = i;
    row[i] = q;
  }
  return nq;
}

/* The label of quantity row q on the left of the plotting area. */
static void row_label(pm_figure *fig, const pm_plot_validation_row *r,
                      size_t q, size_t nq, double scale)
{
  pm_plot_colour(fig, 0x000000);
  pm_plot_font(fig, scale);
  plmtex("lv", 0.6, ((double)nq - (double)q - 0.5) / (double)nq, 1.0,
         r->quantity);
}

/* The x range of the rows marked in row[]: a log axis of whole decades
 * where every value is positive and they span more than a decade, else a
 * linear one padded by a tenth (0 .. 1 around a single value 0). */
static void value_range(const pm_plot_validation_data *d, const size_t *row,
                        pm_plot_axes *a)
{
  double lo = INFINITY, hi = -INFINITY;
  int positive = 1;
  size_t i, k;

  for (i = 0; i < d->nrows; i++) {
    const pm_plot_validation_row *r = &d->rows[i];
    double v[6] = {r->run, r->run_lower, r->run_upper,
                   r->value, r->lower, r->upper};
    if (row[i] == (size_t)-1) continue;
    for (k = 0; k < 6; k++)
      if (isfinite(v[k])) {
        lo = fmin(lo, v[k]), hi = fmax(hi, v[k]);
        positive = positive && v[k] > 0;
      }
  }
  a->xlog = positive && isfinite(lo) && hi > 10 * lo;
  a->xmin = lo, a->xmax = hi;
  if (a->xlog) {
    log_range(&a->xmin, &a->xmax);
    return;
  }
  if (!isfinite(lo)) lo = hi = 0;
  if (hi - lo <= 0) { /* one value: a tenth of it each way */
    double pad = lo != 0 ? 0.1 * fabs(lo) : 1;
    a->xmin = lo - pad, a->xmax = hi + pad;
    return;
  }
  a->xmin = lo - 0.1 * (hi - lo), a->xmax = hi + 0.1 * (hi - lo);
}

/* The rows of unit group g in `box`: the published estimates (grey)
 * above the run's value and interval (black), each quantity labelled on
 * the left, the units under the x axis. */
static int unit_strip(pm_figure *fig, const pm_plot_validation_data *d,
                      const size_t *row, size_t nq, const size_t *first,
                      const pm_plot_box *box, const char *title, double scale)
{
  pm_plot_axes a = {0};
  const char *units = d->rows[first[0]].units;
  char xlabel[200];
  size_t i;
  int status = PM_SUCCESS;

  value_range(d, row, &a);
  snprintf(xlabel, sizeof xlabel, "value [%s]",
           strcmp(units, "1") == 0 ? "dimensionless" : units);
  a.box = *box;
  a.ymin = (double)nq + 0.5; /* the first quantity at the top */
  a.ymax = 0.5;
  a.yticks_hidden = 1;
  a.xlabel = xlabel;
  a.title = title;
  if ((status = pm_plot_xy_axes(fig, &a))) return status;
  for (i = 0; i < d->nrows && !status; i++) {
    const pm_plot_validation_row *r = &d->rows[i];
    double y = (double)row[i] + 1;
    if (row[i] == (size_t)-1) continue;
    if ((status = dot_interval(fig, y - 0.18, r->value, r->lower, r->upper,
                               PUBLISHED_RGB)))
      break;
    status = dot_interval(fig, y + 0.18, r->run, r->run_lower, r->run_upper,
                          RUN_RGB);
  }
  for (i = 0; i < nq; i++) row_label(fig, &d->rows[first[i]], i, nq, scale);
  return status;
}

/* Room for the longest quantity label at 0.85 of the font (a character
 * about 0.55 of the font size wide; line = 1.5 font sizes), at most 0.55
 * of the width w: a longer label takes a smaller font (*scale). */
static double label_room(const pm_plot_validation_data *d, double w,
                         double line, double *scale)
{
  double longest = 0, room;
  size_t i;

  for (i = 0; i < d->nrows; i++)
    longest = fmax(longest, (double)strlen(d->rows[i].quantity));
  room = fmin(0.55 * w, longest * 0.55 * 0.85 * line / 1.5 + line);
  *scale = fmin(0.85, (room - line) / (longest * 0.55 * line / 1.5));
  return room;
}

/* Panel (a): one strip per unit (values in different units share no
 * axis), each quantity's row in it, strips as tall as their rows. */
static int totals_panel(pm_figure *fig, const pm_plot_validation_data *d)
{
  double w, h, line = pm_plot_line_mm(fig, 1.0), scale, row_h, top;
  size_t *group = malloc(d->nrows * sizeof *group), ng, g, nq, total = 0;
  size_t *row = malloc(d->nrows * sizeof *row);
  size_t *first = malloc(d->nrows * sizeof *first);
  pm_plot_box box;
  int status = PM_SUCCESS;

  if (!group || !row || !first) {
    status = pm_error_nomem();
    goto cleanup;
  }
  pm_figure_panel_mm(fig, &w, &h);
  ng = pm_plot_validation_units(d, group);
  for (g = 0; g < ng; g++) total += quantity_rows(d, group, g, row, first);
  box.x = label_room(d, w, line, &scale);
  box.w = w - box.x - 1.0 * line;
  /* a title above the first strip; tick labels and units under each */
  row_h = (h - 2.0 * line - (double)ng * 2.8 * line) / (double)total;
  top = h - 2.0 * line;
  for (g = 0; g < ng && !status; g++) {
    nq = quantity_rows(d, group, g, row, first);
    box.h = row_h * (double)nq;
    box.y = top - box.h;
    top = box.y - 2.8 * line;
    status = unit_strip(fig, d, row, nq, first, &box,
                        g ? NULL : "(a) published (grey) and this run (black)",
                        scale);
  }
cleanup:
  free(group);
  free(row);
  free(first);
  return status;
}

/* The pairs of the first flux model with both values, in pred, obs. */
static size_t model_pairs(const pm_plot_validation_data *d, double *pred,
                          double *obs)
{
  size_t i, n = 0;

  for (i = 0; i < d->npairs; i++)
    if (strcmp(d->pairs[i].model, d->pairs[0].model) == 0) {
      pred[n] = d->pairs[i].predicted;
      obs[n++] = d->pairs[i].observed;
    }
  return n;
}

/* n, bias, RMSE and r in the panel's upper left corner. */
static void stats_text(pm_figure *fig, const pm_validation_stats *s)
{
  char text[4][64];
  int k;

  snprintf(text[0], sizeof text[0], "n = %zu", s->n_used);
  snprintf(text[1], sizeof text[1], "bias = %.2f (log10)", s->bias);
  snprintf(text[2], sizeof text[2], "RMSE = %.2f (log10)", s->rmse);
  snprintf(text[3], sizeof text[3], "r = %.2f", s->r);
  pm_plot_colour(fig, 0x000000);
  pm_plot_font(fig, 0.85); /* as the row labels of panel (a) */
  for (k = 0; k < 4; k++) plmtex("t", -1.9 - 1.3 * k, 0.04, 0.0, text[k]);
}

/* The largest square plotting area centred in the current panel, with
 * the margins of pm_plot_xy_axes. */
static void square_box(pm_figure *fig, pm_plot_box *b)
{
  double w, h, line = pm_plot_line_mm(fig, 1.0), side;

  pm_figure_panel_mm(fig, &w, &h);
  side = fmin(w - 4.0 * line, h - 4.6 * line);
  b->w = b->h = side;
  b->x = 0.5 * (w - side) + 1.6 * line;
  b->y = 2.6 * line;
}

/* Panel (b): predicted against observed, log-log, with the 1:1 line. */
static int traps_panel(pm_figure *fig, const pm_plot_validation_data *d)
{
  pm_plot_style one = {0x000000, 0.6, 1, 0}, dot = {TRAP_RGB, 0.5, 0, 1.0};
  pm_plot_axes a = {0};
  pm_validation_stats s;
  double *pred = malloc((d->npairs + 1) * sizeof *pred);
  double *obs = malloc((d->npairs + 1) * sizeof *obs), diag[2];
  char title[160];
  size_t i, n;
  int status;

  if (!pred || !obs) {
    status = pm_error_nomem();
    goto cleanup;
  }
  n = d->npairs ? model_pairs(d, pred, obs) : 0;
  a.xmin = INFINITY;
  a.xmax = -INFINITY;
  for (i = 0; i < n; i++) {
    extend(pred[i], &a.xmin, &a.xmax);
    extend(obs[i], &a.xmin, &a.xmax);
  }
  log_range(&a.xmin, &a.xmax);
  a.ymin = a.xmin;
  a.ymax = a.xmax;
  a.xlog = a.ylog = 1;
  square_box(fig, &a.box);
  a.xlabel = "observed POC flux [mg C m-2 d-1]";
  a.ylabel = "predicted POC flux [mg C m-2 d-1]";
  snprintf(title, sizeof title, "(b) traps and thorium-234%s%s",
           n ? ", model " : ": no flux model", n ? d->pairs[0].model : "");
  a.title = title;
  diag[0] = a.xmin;
  diag[1] = a.xmax;
  if ((status = pm_plot_xy_axes(fig, &a)) ||
      (status = pm_plot_xy_line(fig, 2, diag, diag, &one)) ||
      (status = pm_plot_xy_points(fig, n, obs, pred, &dot)))
    goto cleanup;
  if (n) {
    pm_validation_log_stats(pred, obs, n, &s);
    stats_text(fig, &s);
  }
cleanup:
  free(pred);
  free(obs);
  return status;
}

/* Without a height or aspect given, the page is 0.95 as high as wide,
 * or higher where panel (a) needs it: a title, each unit's strip with
 * its tick labels and units (2.8 lines), and 1.3 lines a quantity. */
static int default_aspect(const pm_plot_validation_data *d, pm_figure_spec *s)
{
  size_t *group = malloc(d->nrows * sizeof *group);
  size_t *row = malloc(d->nrows * sizeof *row);
  size_t *first = malloc(d->nrows * sizeof *first), ng, g, nq = 0;
  pm_figure_spec r;
  int status;

  if (!group || !row || !first) {
    status = pm_error_nomem();
    goto cleanup;
  }
  if ((status = pm_plot_spec_resolve(s, 0.95, &r)) ||
      s->height_mm != 0 || s->aspect != 0)
    goto cleanup;
  ng = pm_plot_validation_units(d, group);
  for (g = 0; g < ng; g++) nq += quantity_rows(d, group, g, row, first);
  s->aspect = fmax(0.95, 2 * 1.5 * r.font_pt * 25.4 / 72 *
                             (2 + 2.8 * (double)ng + 1.3 * (double)nq) /
                             r.width_mm);
cleanup:
  free(group);
  free(row);
  free(first);
  return status;
}

int pm_plot_validation(const char *path, const pm_figure_spec *spec,
                       const char *dir)
{
  pm_plot_validation_data *d = NULL;
  pm_figure_spec s = spec ? *spec : (pm_figure_spec){0};
  pm_figure *fig = NULL;
  int status;

  if ((status = pm_plot_validation_read(dir, &d))) return status;
  if (d->nrows == 0) {
    char tsv[4096];
    pm_run_file_format(tsv, sizeof tsv, dir, PM_RUN_VALIDATION, NULL);
    status = pm_error(PM_EINPUT, "%s has no published comparison to draw",
                      tsv);
    goto cleanup;
  }
  s.nx = 1; /* (a) the page's width for its labels, (b) a square below */
  s.ny = 2;
  if ((status = default_aspect(d, &s))) goto cleanup;
  if ((status = pm_figure_open(&fig, path, &s)) ||
      (status = totals_panel(fig, d)) ||
      (status = pm_figure_panel(fig, 1)) || (status = traps_panel(fig, d)))
    goto cleanup;
  status = pm_figure_close(fig);
  fig = NULL;
cleanup:
  pm_figure_discard(fig);
  pm_plot_validation_free(d);
  return status;
}
