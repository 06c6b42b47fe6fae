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

/* The chart row of each published row: one row per quantity, in the
 * order of first appearance; *nq the number of quantities. */
static void quantity_rows(const pm_plot_validation_data *d, size_t *row,
                          size_t *first, size_t *nq)
{
  size_t i, q;

  *nq = 0;
  for (i = 0; i < d->nrows; i++) {
    for (q = 0; q < *nq; q++)
      if (strcmp(d->rows[first[q]].quantity, d->rows[i].quantity) == 0) break;
    if (q == *nq) first[(*nq)++] = i;
    row[i] = q;
  }
}

/* The label of quantity row q on the left of the plotting area. */
static void row_label(pm_figure *fig, const pm_plot_validation_row *r,
                      size_t q, size_t nq, double scale)
{
  char label[200];

  snprintf(label, sizeof label, "%s [%s]", r->quantity, r->units);
  pm_plot_colour(fig, 0x000000);
  pm_plot_font(fig, scale);
  plmtex("lv", 0.6, ((double)nq - (double)q - 0.5) / (double)nq, 1.0, label);
}

/* Panel (a): one row per quantity, the published estimates (grey) above
 * the run's value and interval (black), its label on the left. */
static int totals_panel(pm_figure *fig, const pm_plot_validation_data *d)
{
  pm_plot_axes a = {0};
  double w, h, line = pm_plot_line_mm(fig, 1.0), longest = 0, scale;
  size_t *row = malloc(d->nrows * sizeof *row);
  size_t *first = malloc(d->nrows * sizeof *first), i, nq;
  int status;

  if (!row || !first) {
    status = pm_error_nomem();
    goto cleanup;
  }
  quantity_rows(d, row, first, &nq);
  a.xmin = INFINITY;
  a.xmax = -INFINITY;
  for (i = 0; i < d->nrows; i++) {
    const pm_plot_validation_row *r = &d->rows[i];
    double v[6] = {r->run, r->run_lower, r->run_upper,
                   r->value, r->lower, r->upper};
    size_t k;
    for (k = 0; k < 6; k++) extend(v[k], &a.xmin, &a.xmax);
  }
  log_range(&a.xmin, &a.xmax);
  pm_figure_panel_mm(fig, &w, &h);
  /* room for the longest label at 0.85 of the font (a character about
   * 0.55 of the font size wide; line = 1.5 font sizes), at most 0.55 of
   * the width: a longer label takes a smaller font */
  for (i = 0; i < nq; i++)
    longest = fmax(longest, (double)(strlen(d->rows[first[i]].quantity) +
                                     strlen(d->rows[first[i]].units) + 3));
  a.box.x = fmin(0.55 * w, longest * 0.55 * 0.85 * line / 1.5 + line);
  scale = fmin(0.85, (a.box.x - line) / (longest * 0.55 * line / 1.5));
  a.box.y = 2.6 * line;
  a.box.w = w - a.box.x - 1.0 * line;
  a.box.h = h - a.box.y - 2.0 * line;
  a.ymin = (double)nq + 0.5; /* the first quantity at the top */
  a.ymax = 0.5;
  a.xlog = 1;
  a.yticks_hidden = 1;
  a.xlabel = "value, in the units of its row";
  a.title = "(a) published (grey) and this run (black)";
  if ((status = pm_plot_xy_axes(fig, &a))) goto cleanup;
  for (i = 0; i < d->nrows && !status; i++) {
    const pm_plot_validation_row *r = &d->rows[i];
    double y = (double)row[i] + 1;
    if ((status = dot_interval(fig, y - 0.18, r->value, r->lower, r->upper,
                               PUBLISHED_RGB)))
      break;
    status = dot_interval(fig, y + 0.18, r->run, r->run_lower, r->run_upper,
                          RUN_RGB);
  }
  for (i = 0; i < nq; i++) row_label(fig, &d->rows[first[i]], i, nq, scale);
cleanup:
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
  if (s.height_mm == 0 && s.aspect == 0) s.aspect = 0.95;
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
