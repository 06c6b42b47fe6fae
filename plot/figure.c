/* figure.c: a figure file: its device, size, fonts and panels, drawn under
 * a temporary name and renamed into place (pm_output.h).
 *
 * The cairo drivers of PLplot take the page in device units, which they
 * treat as 1/72 inch: points for PDF and SVG, pixels for PNG.  PLplot's
 * millimetres are therefore real millimetres in PDF and SVG and dpi/72 of
 * them in PNG; `unit` converts.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "plot_internal.h"
#include "pm_error.h"
#include "pm_output.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define MM_PER_INCH 25.4
#define PT_PER_INCH 72.0

static const char *const devices[] = {"pngcairo", "pdfcairo", "svgcairo"};
static const char *const extensions[] = {".png", ".pdf", ".svg"};

int pm_plot_format_of(const char *path, pm_plot_format *format)
{
  const char *dot = strrchr(path, '.');
  int i;

  if (dot && !strchr(dot, '/'))
    for (i = 0; i < 3; i++)
      if (strcasecmp(dot, extensions[i]) == 0) {
        *format = (pm_plot_format)i;
        return PM_SUCCESS;
      }
  return pm_error(PM_EUSAGE,
                  "%s: the extension '%s' names no figure format; use .png, "
                  ".pdf or .svg",
                  path, dot && !strchr(dot, '/') ? dot : "");
}

static int in_range(double v, double lo, double hi)
{
  return isfinite(v) && v >= lo && v <= hi;
}

int pm_plot_spec_resolve(const pm_figure_spec *in, double default_aspect,
                         pm_figure_spec *out)
{
  *out = *in;
  if (out->width_mm == 0) out->width_mm = 180;
  if (out->aspect == 0) out->aspect = default_aspect;
  if (out->height_mm == 0) out->height_mm = out->width_mm * out->aspect;
  if (out->dpi == 0) out->dpi = 300;
  /* 7 pt in a single column (85 mm), 8 pt across a page */
  if (out->font_pt == 0) out->font_pt = out->width_mm <= 100 ? 7 : 8;
  if (out->nx == 0) out->nx = 1;
  if (out->ny == 0) out->ny = 1;
  if (!in_range(out->width_mm, 10, 2000) ||
      !in_range(out->height_mm, 10, 2000))
    return pm_error(PM_EUSAGE,
                    "a figure of %g x %g mm: width and height must be "
                    "between 10 and 2000 mm",
                    out->width_mm, out->height_mm);
  if (!in_range(out->dpi, 30, 2400))
    return pm_error(PM_EUSAGE, "a resolution of %g dpi: use 30 to 2400",
                    out->dpi);
  if (!in_range(out->font_pt, 3, 30))
    return pm_error(PM_EUSAGE, "a font of %g pt: use 3 to 30 pt",
                    out->font_pt);
  if (out->nx < 1 || out->ny < 1 || out->nx > 20 || out->ny > 20)
    return pm_error(PM_EUSAGE, "%d x %d panels: use 1 to 20 each way",
                    out->nx, out->ny);
  return PM_SUCCESS;
}

/* Device units of a length in mm. */
static int device_units(const pm_figure *fig, double mm)
{
  double per_inch = fig->format == PM_PLOT_PNG ? fig->spec.dpi : PT_PER_INCH;
  return (int)lround(mm / MM_PER_INCH * per_inch);
}

void pm_figure_size(const pm_figure *fig, int *width, int *height)
{
  *width = device_units(fig, fig->spec.width_mm);
  *height = device_units(fig, fig->spec.height_mm);
}

/* PLplot's own errors (plabort) are not printed: the library never
 * prints, and every input is checked before it reaches PLplot. */
static void quiet_abort(PLCHAR_VECTOR message)
{
  (void)message;
}

static void start(pm_figure *fig)
{
  int w, h;

  pm_figure_size(fig, &w, &h);
  plmkstrm(&fig->stream);
  plsabort(quiet_abort);
  plsdev(devices[fig->format]);
  plsfnam(fig->tmp);
  plspage(0, 0, w, h, 0, 0);
  plscolbg(255, 255, 255);
  plsetopt("drvopt", "text_clipping=0");
  plinit();
  fig->started = 1;
  pladv(0);
  plvpor(0, 1, 0, 1);
  plwind(0, 1, 0, 1);
}

int pm_figure_open(pm_figure **out, const char *path,
                   const pm_figure_spec *spec)
{
  pm_figure *fig;
  pm_plot_format format;
  int status;

  *out = NULL;
  if ((status = pm_plot_format_of(path, &format))) return status;
  if (!(fig = calloc(1, sizeof *fig))) return pm_error_nomem();
  fig->format = format;
  if ((status = pm_plot_spec_resolve(spec, 0.75, &fig->spec))) goto cleanup;
  if (!(fig->path = strdup(path))) {
    status = pm_error_nomem();
    goto cleanup;
  }
  if ((status = pm_output_begin(path, &fig->tmp))) goto cleanup;
  fig->unit = format == PM_PLOT_PNG ? fig->spec.dpi / PT_PER_INCH : 1.0;
  start(fig);
  status = pm_figure_panel(fig, 0);
cleanup:
  if (status) {
    pm_figure_discard(fig);
    return status;
  }
  *out = fig;
  return PM_SUCCESS;
}

static void finish(pm_figure *fig)
{
  if (!fig->started) return;
  pm_plot_use(fig);
  plend1();
  fig->started = 0;
}

static void figure_free(pm_figure *fig)
{
  free(fig->path);
  free(fig);
}

void pm_figure_discard(pm_figure *fig)
{
  if (!fig) return;
  finish(fig);
  pm_output_abort(fig->tmp);
  figure_free(fig);
}

int pm_figure_close(pm_figure *fig)
{
  int status;

  finish(fig);
  status = pm_output_commit(fig->tmp, fig->path);
  figure_free(fig);
  return status;
}

int pm_figure_panel(pm_figure *fig, int i)
{
  int n = fig->spec.nx * fig->spec.ny;

  if (i < 0 || i >= n)
    return pm_error(PM_EUSAGE, "%s: panel %d does not exist; the figure has "
                    "%d (0 to %d)", fig->path, i, n, n - 1);
  fig->pw = fig->spec.width_mm / fig->spec.nx;
  fig->ph = fig->spec.height_mm / fig->spec.ny;
  fig->px = (i % fig->spec.nx) * fig->pw;
  fig->py = fig->spec.height_mm - (i / fig->spec.nx + 1) * fig->ph;
  return PM_SUCCESS;
}

void pm_figure_panel_mm(const pm_figure *fig, double *width, double *height)
{
  *width = fig->pw;
  *height = fig->ph;
}

double pm_figure_font_pt(const pm_figure *fig)
{
  return fig->spec.font_pt;
}

const pm_figure_spec *pm_figure_spec_of(const pm_figure *fig)
{
  return &fig->spec;
}

void pm_plot_use(pm_figure *fig)
{
  plsstrm(fig->stream);
}

void pm_plot_viewport(pm_figure *fig, const pm_plot_box *b, double xmin,
                      double xmax, double ymin, double ymax)
{
  double W = fig->spec.width_mm, H = fig->spec.height_mm;

  pm_plot_use(fig);
  plvpor((fig->px + b->x) / W, (fig->px + b->x + b->w) / W,
         (fig->py + b->y) / H, (fig->py + b->y + b->h) / H);
  plwind(xmin, xmax, ymin, ymax);
}

/* The cairo drivers draw text at about 1.45 times PLplot's character
 * height (measured on their PNG output); this brings the text to size. */
#define CAIRO_TEXT_RATIO 1.45

void pm_plot_font(pm_figure *fig, double scale)
{
  pm_plot_use(fig);
  plschr(fig->spec.font_pt * scale * MM_PER_INCH / PT_PER_INCH * fig->unit /
             CAIRO_TEXT_RATIO,
         1.0);
}

double pm_plot_line_mm(const pm_figure *fig, double scale)
{
  /* a line of text: the font's size and the space to the next line */
  return 1.5 * fig->spec.font_pt * scale * MM_PER_INCH / PT_PER_INCH;
}

void pm_plot_colour(pm_figure *fig, unsigned rgb)
{
  pm_plot_use(fig);
  plscol0(15, (PLINT)(rgb >> 16 & 0xff), (PLINT)(rgb >> 8 & 0xff),
          (PLINT)(rgb & 0xff));
  plcol0(15);
}

void pm_plot_width(pm_figure *fig, double pt)
{
  pm_plot_use(fig);
  plwidth(pt * fig->unit);
}
