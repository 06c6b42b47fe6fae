/* section.c: a depth section of a plankmap NetCDF variable along a
 * meridian or a parallel: filled cells, depth downwards, a colour bar;
 * the cells that the file flags as extrapolated lightened, with a legend
 * entry when any is drawn.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "plot_internal.h"
#include "pm_error.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* 1 when cell k is drawn lightened: it has a colour and `flags` (NULL:
 * none) mark it 1. */
static int veiled(const pm_plot_slice *s, const pm_plot_scale *sc,
                  const pm_plot_slice *flags, size_t k)
{
  unsigned rgb;

  return flags && flags->v[k] == 1 && pm_plot_scale_rgb(sc, s->v[k], &rgb);
}

/* The number of cells drawn lightened. */
static size_t count_veiled(const pm_plot_slice *s, const pm_plot_scale *sc,
                           const pm_plot_slice *flags)
{
  size_t k, n = 0;

  for (k = 0; k < s->nx * s->ny; k++) n += (size_t)veiled(s, sc, flags, k);
  return n;
}

/* The cells, each grown by gx, gy (data units) each way so that
 * neighbours overlap and no background shows between them; those that
 * `flags` mark 1 lightened. */
static void cells(pm_figure *fig, const pm_plot_slice *s,
                  const pm_plot_scale *sc, const pm_plot_slice *flags,
                  double gx, double gy)
{
  size_t i, j;
  unsigned rgb;

  for (j = 0; j < s->ny; j++)
    for (i = 0; i < s->nx; i++) {
      double x0 = fmin(s->xb[i], s->xb[i + 1]) - gx;
      double x1 = fmax(s->xb[i], s->xb[i + 1]) + gx;
      double y0 = fmin(s->yb[j], s->yb[j + 1]) - gy;
      double y1 = fmax(s->yb[j], s->yb[j + 1]) + gy;
      PLFLT x[4] = {x0, x1, x1, x0}, y[4] = {y0, y0, y1, y1};
      if (!pm_plot_scale_rgb(sc, s->v[j * s->nx + i], &rgb)) continue;
      if (veiled(s, sc, flags, j * s->nx + i)) rgb = pm_plot_veil_rgb(rgb);
      pm_plot_colour(fig, rgb);
      plfill(4, x, y);
    }
}

/* "particles at -30°E, scenario baseline" unless q gives a title. */
static void section_title(const pm_plot_section_spec *q,
                          const pm_plot_slice *s, char *buf, size_t size)
{
  char name[256];
  int along_lat = isfinite(q->lon);

  pm_plot_long_name(s, name, sizeof name);
  if (q->title)
    snprintf(buf, size, "%s", q->title);
  else
    snprintf(buf, size, "%s at %g°%s, %s%s%s", name[0] ? name : q->variable,
             along_lat ? q->lon : q->lat, along_lat ? "E" : "N",
             q->minus ? "" : "scenario ", s->scenario,
             q->minus ? " minus baseline" : "");
}

static int draw(pm_figure *fig, const pm_plot_section_spec *q,
                const pm_plot_slice *s, const pm_plot_scale *sc,
                const pm_plot_slice *flags)
{
  char title[512], label[512];
  int legend = count_veiled(s, sc, flags) > 0, status;
  pm_plot_section_parts l;
  pm_plot_axes a;
  double px;

  pm_plot_label(s, label, sizeof label);
  if ((status = pm_plot_section_layout(fig, sc, label, legend, &l)))
    return status;
  memset(&a, 0, sizeof a);
  a.xmin = s->xb[0], a.xmax = s->xb[s->nx];
  a.ymin = fmax(s->yb[0], s->yb[s->ny]), a.ymax = fmin(s->yb[0], s->yb[s->ny]);
  a.xlabel = isfinite(q->lon) ? "latitude [°N]" : "longitude [°E]";
  a.ylabel = "depth [m]";
  section_title(q, s, title, sizeof title);
  a.title = title;
  a.box = l.plot;
  pm_plot_viewport(fig, &a.box, a.xmin, a.xmax, a.ymin, a.ymax);
  px = 0.6 * 25.4 / fig->spec.dpi; /* 0.6 pixel in mm */
  cells(fig, s, sc, flags, px * fabs(a.xmax - a.xmin) / a.box.w,
        px * fabs(a.ymax - a.ymin) / a.box.h);
  if ((status = pm_plot_xy_axes(fig, &a)) ||
      (status = pm_plot_colorbar(fig, sc, label, &l.bar)))
    return status;
  if (legend)
    pm_plot_marks_legend(fig, l.plot.x + 0.5 * l.plot.w, l.legend_y, 1, 0);
  return PM_SUCCESS;
}

/* The flags of the slice drawn, unless q leaves them out: *flags set
 * when the file has them at every cell of s. */
static int read_flags(const pm_plot_section_spec *q,
                      const pm_plot_slice_request *r, const pm_plot_slice *s,
                      pm_plot_slice *flags, int *found)
{
  int status;

  *found = 0;
  if (q->no_extrapolation) return PM_SUCCESS;
  if ((status = pm_plot_flags_read(r, flags, found))) return status;
  *found = *found && flags->nx == s->nx && flags->ny == s->ny;
  return PM_SUCCESS;
}

int pm_plot_section(const char *path, const pm_figure_spec *spec,
                    const pm_plot_section_spec *q)
{
  pm_plot_slice_request r = {q->file, q->variable, q->minus, NAN, 0, q->time,
                             1, q->lon, q->lat};
  pm_plot_slice s, flags;
  pm_plot_scale sc;
  pm_figure *fig = NULL;
  pm_plot_format format;
  int status, found = 0;

  memset(&s, 0, sizeof s);
  memset(&flags, 0, sizeof flags);
  if (isfinite(q->lon) == isfinite(q->lat))
    return pm_error(PM_EUSAGE, "a section needs exactly one of a longitude "
                    "(--lon) and a latitude (--lat)");
  if ((status = pm_plot_format_of(path, &format)) ||
      (status = pm_plot_slice_read(&r, &s)) ||
      (status = pm_plot_scale_of(&s, q->cmap, q->minus != NULL, q->log,
                                 q->min, q->max, 0, &sc)) ||
      (status = read_flags(q, &r, &s, &flags, &found)) ||
      (status = pm_figure_open(&fig, path, spec)) ||
      (status = draw(fig, q, &s, &sc, found ? &flags : NULL)))
    goto cleanup;
  status = pm_figure_close(fig);
  fig = NULL;
cleanup:
  pm_figure_discard(fig);
  pm_plot_slice_free(&s);
  pm_plot_slice_free(&flags);
  return status;
}
