/* plot_internal.h: what the files of plot/ share (not installed).
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#ifndef PM_PLOT_INTERNAL_H
#define PM_PLOT_INTERNAL_H

#include <plplot.h>
#include <stddef.h>

#include "pm_plot.h"

struct pm_figure {
  PLINT stream;
  int started;        /* plinit done: the stream must be ended */
  char *path, *tmp;
  pm_plot_format format;
  pm_figure_spec spec;   /* defaults filled in */
  double unit;           /* PLplot millimetres per real millimetre */
  double px, py, pw, ph; /* current panel (mm, from the page's lower left) */
  int xlog, ylog;        /* the panel's x-y axes are log10 */
};

/* Make the figure's PLplot stream current. */
void pm_plot_use(pm_figure *fig);
/* Viewport = box of the current panel, window = the given coordinates. */
void pm_plot_viewport(pm_figure *fig, const pm_plot_box *box, double xmin,
                      double xmax, double ymin, double ymax);
/* Character height = `scale` times the base font; colour; line width. */
void pm_plot_font(pm_figure *fig, double scale);
void pm_plot_colour(pm_figure *fig, unsigned rgb);
void pm_plot_width(pm_figure *fig, double pt);
/* The height (mm) of a line of text at `scale` times the base font. */
double pm_plot_line_mm(const pm_figure *fig, double scale);

/* Projections (project.c): lon/lat degrees to projected x, y. */
typedef struct pm_plot_proj pm_plot_proj;
/* The central meridian is central_lon when finite and not 0, else the
 * +lon_0 of a PROJ string, else 0.  The map's window of longitudes is
 * lon0 - 180 .. lon0 + 180. */
int pm_plot_proj_open(pm_plot_proj **p, const char *projection,
                      double central_lon);
void pm_plot_proj_free(pm_plot_proj *p);
double pm_plot_proj_lon0(const pm_plot_proj *p);
/* Project n points in place (x = lon, y = lat in; metres out); a point
 * that cannot be projected becomes NAN.  Longitudes are taken relative to
 * the central meridian, lon0 - 180 and lon0 + 180 on their own sides. */
void pm_plot_proj_points(const pm_plot_proj *p, size_t n, double *x,
                         double *y);
/* The projected extent of the whole globe. */
void pm_plot_proj_extent(const pm_plot_proj *p, double ext[4]);

/* Densify the lon/lat polyline (n points) so that no step exceeds `step`
 * degrees; *out (allocated) gets *nout points. */
int pm_plot_densify(size_t n, const double *lon, const double *lat,
                    double step, double **olon, double **olat, size_t *nout);

/* The map's layout (map_layout.c): the map area and the colour bar. */
typedef struct {
  double title_h;          /* mm */
  pm_plot_box map, bar;    /* mm in the page */
  double legend_y;         /* the middle of the legend's line (mm) */
  double ext[4];           /* projected xmin, xmax, ymin, ymax */
  double height_mm;
} pm_plot_map_layout;
int pm_plot_map_layout_of(const pm_figure_spec *spec, const pm_plot_proj *p,
                          pm_plot_map_layout *l);
/* A spec with its defaults filled in (figure.c). */
int pm_plot_spec_resolve(const pm_figure_spec *in, double default_aspect,
                         pm_figure_spec *out);

/* The size (mm) of the font at `scale` of the base: the height the cairo
 * drivers draw text at (pm_plot_font); and the advance of a text in em
 * (text_size.c). */
double pm_plot_em_mm(const pm_figure *fig, double scale);
double pm_plot_text_em(const char *text);
/* Text at (x, y) mm of the current panel, its middle there across the
 * direction (dx, dy), `just` along it (colorbar.c). */
void pm_plot_text_mm(pm_figure *fig, double x, double y, double dx,
                     double dy, double just, const char *text);

/* The label of a vertical colour bar (bar_label.c): at `scale` of the
 * base font, in n lines each no longer than the bar where it can be:
 * one line at 1 to 0.8 of the base font, else two, else three at 1 to
 * 0.6 of it (the last line running over where even those are too few). */
#define PM_PLOT_BAR_LINES 3
typedef struct {
  double scale;
  size_t n;
  char line[PM_PLOT_BAR_LINES][512];
} pm_plot_bar_label;
void pm_plot_bar_label_fit(const pm_figure *fig, const char *label,
                           double length_mm, pm_plot_bar_label *l);

/* Where a vertical colour bar in `box` puts its text (colorbar.c), mm
 * from the panel's lower left: the far side of its tick labels, the near
 * and far sides of its label's lines, and their bottom and top. */
typedef struct {
  double ticks, near, far, bottom, top;
} pm_plot_bar_extent;
void pm_plot_colorbar_extent(const pm_figure *fig, const pm_plot_scale *s,
                             const char *label, const pm_plot_box *box,
                             pm_plot_bar_extent *e);

/* The layout of a depth section (section_layout.c): its plot area and
 * colour bar, mm from the panel's lower left, the bar's tick labels and
 * `label` (pm_plot_colorbar_extent) within the panel right of it; with
 * `legend`, a line for the legend of its marks at the bottom, its middle
 * at legend_y.  A panel too small for a plot area of 10 mm is
 * PM_EUSAGE. */
typedef struct {
  pm_plot_box plot, bar;
  double legend_y;
} pm_plot_section_parts;
int pm_plot_section_layout(const pm_figure *fig, const pm_plot_scale *sc,
                           const char *label, int legend,
                           pm_plot_section_parts *l);

/* Fill the lon/lat rectangle [a, b] x [c, d] (within the map's window of
 * longitudes) as a densified projected polygon, in the current colour
 * (map.c). */
int pm_plot_fill_lonlat(const pm_plot_proj *p, double a, double b, double c,
                        double d);

/* The coastline (coast.c): fill the land and outline it. */
int pm_plot_coast(pm_figure *fig, const pm_plot_proj *p);

/* A slice of a NetCDF variable (ncslice.c). */
typedef struct {
  size_t nx, ny;        /* columns (lon or lat), rows (lat or depth) */
  double *x, *y;        /* centres */
  double *xb, *yb;      /* nx + 1 and ny + 1 cell edges */
  double *v;            /* ny * nx, NAN blank */
  char *long_name, *units, *scenario;
  double depth;         /* NAN when none */
  char time_label[32];  /* "" when none */
} pm_plot_slice;

typedef struct {
  const char *file, *variable, *minus;
  double depth;  /* map: NAN: layer */
  long layer, time;
  int section;   /* 1: a depth section */
  double lon, lat; /* section: one finite */
} pm_plot_slice_request;

int pm_plot_slice_read(const pm_plot_slice_request *r, pm_plot_slice *s);
void pm_plot_slice_free(pm_plot_slice *s);

/* The extrapolation flags (veil.c): those of the slice `drawn` (its
 * variable's <model>_extrapolation, at the same place, of its file alone),
 * 1 also where its <model>_aoa says the cell lies outside the area of
 * applicability, into *flags (*found 1), or *found 0 where the file has
 * neither. */
int pm_plot_flags_read(const pm_plot_slice_request *drawn,
                       pm_plot_slice *flags, int *found);
/* The colour of an extrapolated cell of colour rgb: lightened. */
unsigned pm_plot_veil_rgb(unsigned rgb);
/* The marks of a map (map_marks.c). */
/* The centres of the grid cells of an observations file (its n_samples)
 * that hold a sample (allocated; n of them). */
int pm_plot_sites_read(const char *path, double **lon, double **lat,
                       size_t *n);
/* Dots at the n sites (lon, lat projected in place), in the map's
 * viewport; *drawn of them project onto the map. */
int pm_plot_map_sites(pm_figure *fig, const pm_plot_proj *p, size_t n,
                      double *lon, double *lat, size_t *drawn);
/* The legend entries of the marks drawn on a map or section, centred on
 * centre_x at y (mm): "extrapolated or outside the area of
 * applicability" when `veiled` (some cell drawn lightened), "sampling
 * sites" when `sites` (some site drawn). */
void pm_plot_marks_legend(pm_figure *fig, double centre_x, double y,
                          int veiled, int sites);

/* The colour scale of a slice: [min, max] when given, else the 2nd and
 * 98th percentiles of its values, weighted by the cells' areas on the
 * sphere when area_weighted (a map); below / above set from the values. */
int pm_plot_scale_of(const pm_plot_slice *s, const char *cmap, int diverging,
                     int log, double min, double max, int area_weighted,
                     pm_plot_scale *out);

/* "long_name [units]" into buf. */
void pm_plot_label(const pm_plot_slice *s, char *buf, size_t size);
/* The long name alone (up to its first "; "), micrometres as µm. */
void pm_plot_long_name(const pm_plot_slice *s, char *buf, size_t size);

#endif
