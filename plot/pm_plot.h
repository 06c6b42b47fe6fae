/* pm_plot.h: publication figures (PNG, PDF, SVG) with PLplot and PROJ.
 *
 * A figure is one output file whose extension picks the device (.png:
 * pngcairo, .pdf: pdfcairo, .svg: svgcairo), of a size in millimetres with
 * a base font size in points, divided into nx x ny panels.  It is drawn
 * into a temporary file in the same folder and renamed into place by
 * pm_figure_close(); pm_figure_discard() (or any failure of close) removes
 * the temporary file and leaves an existing output untouched.
 *
 * Positions inside a panel are given in millimetres from the panel's lower
 * left corner (pm_plot_box), so that a figure keeps its layout at any size
 * and resolution.  Colours are 0xRRGGBB.  The x-y helpers (axes, lines,
 * bands, points) let every kind of figure share one look; the maps and
 * sections read plankmap's NetCDF outputs (ncio/pm_ncmaps.h).
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#ifndef PM_PLOT_H
#define PM_PLOT_H

#include <stddef.h>

/* ---- figures ------------------------------------------------------------ */

typedef enum { PM_PLOT_PNG, PM_PLOT_PDF, PM_PLOT_SVG } pm_plot_format;

/* The format of an output path from its extension (case-insensitive); any
 * other extension is PM_EUSAGE naming it and the three allowed. */
int pm_plot_format_of(const char *path, pm_plot_format *format);

typedef struct {
  double width_mm;  /* figure width; 0: 180 (a full page width) */
  double height_mm; /* 0: width_mm * aspect */
  double aspect;    /* height / width when height_mm is 0; 0: 0.75 */
  double dpi;       /* PNG resolution; 0: 300 */
  double font_pt;   /* base font size; 0: 7 pt up to 100 mm wide, else 8 */
  int nx, ny;       /* panels across and down; 0: 1 */
} pm_figure_spec;

typedef struct pm_figure pm_figure;

/* Start the figure `path` (its folder must exist).  A bad extension, a
 * size that is not positive and finite or larger than 2000 mm, a dpi
 * outside 30..2400 or a font outside 3..30 pt is PM_EUSAGE; an unwritable
 * folder PM_EIO.  The first panel is current. */
int pm_figure_open(pm_figure **fig, const char *path,
                   const pm_figure_spec *spec);
/* Finish the drawing, rename the file into place and free the figure; on
 * failure no file is left and an existing output is untouched. */
int pm_figure_close(pm_figure *fig);
/* Give up the figure: the temporary file is removed.  NULL is allowed. */
void pm_figure_discard(pm_figure *fig);

/* Make panel i (0-based, row by row from the top left) current. */
int pm_figure_panel(pm_figure *fig, int i);

/* The figure's size: PNG in pixels, round(mm / 25.4 * dpi); PDF and SVG
 * in points (1/72 inch). */
void pm_figure_size(const pm_figure *fig, int *width, int *height);
/* The current panel's size (mm) and the base font size (pt). */
void pm_figure_panel_mm(const pm_figure *fig, double *width, double *height);
double pm_figure_font_pt(const pm_figure *fig);
/* The resolved spec (defaults filled in). */
const pm_figure_spec *pm_figure_spec_of(const pm_figure *fig);

/* A rectangle in the current panel: mm from its lower left corner. */
typedef struct {
  double x, y, w, h;
} pm_plot_box;

/* ---- colour maps -------------------------------------------------------- */

typedef struct pm_plot_cmap pm_plot_cmap;

/* The colour map `name`: "viridis" and "cividis" (perceptually uniform
 * sequential) or "rdbu" (diverging, white at its centre); an unknown name
 * is PM_EUSAGE listing the names. */
int pm_plot_cmap_find(const char *name, const pm_plot_cmap **cmap);
/* "viridis, cividis, rdbu" */
const char *pm_plot_cmap_names(void);
const char *pm_plot_cmap_name(const pm_plot_cmap *cmap);
/* 1 for a diverging map (centred on zero by the figures). */
int pm_plot_cmap_diverging(const pm_plot_cmap *cmap);
/* The colour at t in [0, 1] (clamped), linear between control points. */
unsigned pm_plot_cmap_rgb(const pm_plot_cmap *cmap, double t);

/* Values to colours: [min, max] spans the map, clipped outside; with log,
 * log10 of the value spans [log10 min, log10 max]. */
typedef struct {
  const pm_plot_cmap *cmap;
  double min, max; /* min < max; both > 0 with log */
  int log;
  int below, above; /* 1: some values lie below min (above max) and take
                       its end colour; the colour bar ends in a triangle */
} pm_plot_scale;

/* The default colour range of a map or section: the p-th and (100-p)-th
 * percentiles (0 <= p < 50; the figures use 2) of the n values v that are
 * finite (and positive with log), each weighted by w[i] (NULL: equal
 * weights; a map passes its cells' areas).  The q-th quantile is the
 * smallest value whose cumulative weight reaches q of the total weight
 * (the inverse of the empirical distribution function, definition 1 of
 * Hyndman and Fan 1996, Am. Stat. 50:361, with weights).  No such value is
 * PM_EINPUT. */
int pm_plot_range_percentiles(size_t n, const double *v, const double *w,
                              int log, double p, double *lo, double *hi);

/* 1 and the colour of v, or 0 when v has none (not finite, or not
 * positive on a log scale). */
int pm_plot_scale_rgb(const pm_plot_scale *s, double v, unsigned *rgb);
/* Tick values of the scale's axis: round values within [min, max], at
 * most `max` of them and at least four where the range allows, increasing;
 * *n their number.  Linear: multiples of the smallest step 1, 2 or 5 x
 * 10^k that gives at most `max` (2.5 x 10^k where 5 leaves fewer than four
 * and 2 more than `max`).  Log: over two decades or more, the powers of
 * ten (every d-th, for at most `max`) where there are four; else 1, 2 and
 * 5 in each decade (1 and 5, or the powers alone, when those are too
 * many over two decades); under two decades and fewer than four of those,
 * the linear ticks. */
void pm_plot_scale_ticks(const pm_plot_scale *s, double *ticks, size_t max,
                         size_t *n);
/* A colour bar in `box` of the current panel, vertical when box is taller
 * than wide, with its ticks and `label` ("long_name [units]") beside it:
 * below a horizontal bar's tick labels, right of a vertical bar's (along
 * the bar in one to three lines no longer than it, broken between
 * words). */
int pm_plot_colorbar(pm_figure *fig, const pm_plot_scale *s,
                     const char *label, const pm_plot_box *box);
/* The ticks that pm_plot_colorbar labels in `box` (at most 8, into t) and
 * their number: the most, four to eight, of pm_plot_scale_ticks whose
 * labels keep half a character's height apart along the bar, at the base
 * font or a smaller one (down to 0.7 of it); two or three only where four
 * cannot fit at all. */
size_t pm_plot_colorbar_ticks(const pm_figure *fig, const pm_plot_scale *s,
                              const pm_plot_box *box, double *t);

/* ---- x-y panels --------------------------------------------------------- */

typedef struct {
  double xmin, xmax; /* data range; xmin > xmax reverses the axis */
  double ymin, ymax; /* ymin at the bottom, ymax at the top: ymin > ymax
                        reverses the axis (depth down: ymin the deepest,
                        ymax 0) */
  int xlog, ylog;    /* log10 axes (ranges and data positive) */
  const char *xlabel, *ylabel, *title; /* NULL: none */
  pm_plot_box box;   /* the plotting area; w = 0: the panel less margins
                        for the labels */
  int xticks_hidden, yticks_hidden; /* 1: no ticks or tick labels on that
                                       axis (factor levels, named rows) */
} pm_plot_axes;

/* Set the current panel's coordinates to `a` and draw the frame, ticks,
 * tick labels, axis labels and title.  The x-y drawing functions below
 * then take data coordinates (the helpers apply log10 themselves). */
int pm_plot_xy_axes(pm_figure *fig, const pm_plot_axes *a);

typedef struct {
  unsigned rgb;
  double width_pt;  /* lines; 0: 0.75 pt */
  int dashed;
  double size_mm;   /* points: symbol diameter; 0: 1.2 mm */
} pm_plot_style;

/* A polyline; non-finite points break it. */
int pm_plot_xy_line(pm_figure *fig, size_t n, const double *x,
                    const double *y, const pm_plot_style *s);
/* The band between lo and hi over x, filled with rgb. */
int pm_plot_xy_band(pm_figure *fig, size_t n, const double *x,
                    const double *lo, const double *hi, unsigned rgb);
/* Filled circles (discs) of diameter s->size_mm in s->rgb. */
int pm_plot_xy_points(pm_figure *fig, size_t n, const double *x,
                      const double *y, const pm_plot_style *s);
/* Segments (x0[i], y0[i]) - (x1[i], y1[i]): error bars, rugs. */
int pm_plot_xy_segments(pm_figure *fig, size_t n, const double *x0,
                        const double *y0, const double *x1, const double *y1,
                        const pm_plot_style *s);
/* Text at data point (x, y); just 0 left, 0.5 centred, 1 right. */
int pm_plot_xy_text(pm_figure *fig, double x, double y, double just,
                    const char *text);

/* ---- maps and sections of plankmap NetCDF outputs ----------------------- */

/* The projection of a map: "robin", "eqearth", "moll", "eqc" or any PROJ
 * string ("+proj=..."); NULL is "robin".  Checked when the map is drawn. */
typedef struct {
  const char *file, *variable;
  const char *minus; /* NULL, or a file with the same variable: the map
                        shows file - minus (a scenario difference) */
  double depth;      /* NAN: use layer */
  long layer;        /* depth index from 0 when depth is NAN */
  long time;         /* time index from 0 */
  const char *projection;
  double central_lon; /* the central meridian; 0: that of the projection
                         (a PROJ string's +lon_0, else 0) */
  int log;           /* log10 colour scale */
  double min, max;   /* NAN: the 2nd and 98th area-weighted percentiles
                        of the values drawn (pm_plot_range_percentiles;
                        symmetric about 0 for a diverging map), the colour
                        bar ending in triangles where values lie beyond */
  const char *cmap;  /* NULL: viridis, or rdbu for a difference */
  const char *title; /* NULL: the variable's long_name, depth, time and
                        scenario */
  int no_extrapolation; /* 0: cells that the file's <model>_extrapolation
                           flags (beside <model>_mean) mark 1 are lightened
                           (mixed 55% with white), with a legend entry
                           when any is drawn; 1: not */
  const char *sites; /* NULL, or an observations file (observations.nc):
                        a dot at the position of each of its profiles
                        (profile_lon, profile_lat; for a file without
                        them, the centre of each grid cell that holds a
                        sample), with a legend entry when any is drawn */
} pm_plot_map_spec;

/* PM_SUCCESS when `projection` is one a map can be drawn in (as above);
 * else PM_EUSAGE naming it and the short names. */
int pm_plot_projection_check(const char *projection);

/* Draw the map described by `m` into the figure file `path`.  Errors name
 * the file and what was wrong: no such variable (listing the variables), a
 * variable without longitude and latitude, a depth outside the depth axis
 * (naming its range), a layer or time out of range, an unknown projection
 * or colour map, a bad range, no positive value with log.  No output is
 * left on error. */
int pm_plot_map(const char *path, const pm_figure_spec *spec,
                const pm_plot_map_spec *m);

/* The depth (m) of the level that pm_plot_map draws for `m`: the level
 * nearest m->depth, or layer m->layer; NAN for a variable without depth.
 * Errors as pm_plot_map's. */
int pm_plot_map_depth(const pm_plot_map_spec *m, double *depth);

/* Where (lon, lat) falls in the PNG that pm_plot_map draws with `spec` and
 * `projection`: pixel column *px and row *py from the top left. */
int pm_plot_map_pixel(const pm_figure_spec *spec, const char *projection,
                      double lon, double lat, double *px, double *py);

/* `text` into buf with each "um" that stands as a unit (not inside a
 * word: "um", "um3", "100-200 um") written "µm" (UTF-8 U+00B5, which the
 * cairo drivers draw), as the titles and labels of figures show units. */
void pm_plot_micro(const char *text, char *buf, size_t size);

/* The light grey of land on maps. */
#define PM_PLOT_LAND_RGB 0xd9d9d9u

/* A depth section along a meridian (lon given) or a parallel (lat given,
 * lon NAN) through the nearest grid column or row. */
typedef struct {
  const char *file, *variable, *minus;
  double lon, lat; /* exactly one finite */
  long time;
  int log;
  double min, max;
  const char *cmap, *title;
  int no_extrapolation; /* as a map's: 0: the cells flagged 1 lightened,
                           with a legend entry under the section when any
                           is drawn; 1: not */
} pm_plot_section_spec;

int pm_plot_section(const char *path, const pm_figure_spec *spec,
                    const pm_plot_section_spec *s);

#endif
