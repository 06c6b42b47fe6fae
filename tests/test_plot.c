/* test_plot.c: the figures core: device from the extension, colour maps
 * against their published end points, colour bar ticks, PNG size; the
 * legend of a map's marks, and the colour bar's label and extrapolation
 * marks of a section, on a small maps file made here.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "plot_internal.h"
#include "pm_error.h"
#include "pm_plot.h"
#include "pm_test.h"

#include <math.h>
#include <netcdf.h>
#include <png.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void formats(void)
{
  pm_plot_format f = PM_PLOT_PNG;
  int status;

  pm_test_ok(pm_plot_format_of("a/b.pdf", &f) == 0 && f == PM_PLOT_PDF,
             ".pdf is PDF");
  pm_test_ok(pm_plot_format_of("b.SVG", &f) == 0 && f == PM_PLOT_SVG,
             ".SVG is SVG");
  pm_test_ok(pm_plot_format_of("b.png", &f) == 0 && f == PM_PLOT_PNG,
             ".png is PNG");
  status = pm_plot_format_of("fig.jpg", &f);
  pm_test_error(status, PM_EUSAGE, pm_error_message(), "'.jpg'",
                "a bad extension is named");
  pm_test_error(status, PM_EUSAGE, pm_error_message(), ".png, .pdf or .svg",
                "the allowed extensions are listed");
}

static void cmaps(void)
{
  const pm_plot_cmap *c = NULL;
  int status;

  /* viridis: #440154 and #fde725 (matplotlib _viridis_data[0], [255]) */
  pm_test_ok(pm_plot_cmap_find("viridis", &c) == 0 &&
                 pm_plot_cmap_rgb(c, 0) == 0x440154 &&
                 pm_plot_cmap_rgb(c, 1) == 0xfde725,
             "viridis ends at #440154 and #fde725");
  /* cividis: (0, 0.135112, 0.304751) -> #00224e; (0.995737, 0.909344,
   * 0.217772) -> #fee838 */
  pm_test_ok(pm_plot_cmap_find("cividis", &c) == 0 &&
                 pm_plot_cmap_rgb(c, 0) == 0x00224e &&
                 pm_plot_cmap_rgb(c, 1) == 0xfee838,
             "cividis ends at #00224e and #fee838");
  pm_test_ok(pm_plot_cmap_find("rdbu", &c) == 0 && pm_plot_cmap_diverging(c) &&
                 pm_plot_cmap_rgb(c, 0.5) == 0xf7f7f7 &&
                 pm_plot_cmap_rgb(c, 0) == 0x053061,
             "rdbu is diverging, #f7f7f7 at its centre, #053061 below");
  status = pm_plot_cmap_find("jet", &c);
  pm_test_error(status, PM_EUSAGE, pm_error_message(),
                "'jet'; the colour maps are viridis, cividis, rdbu",
                "an unknown colour map lists the names");
}

/* The ticks of [lo, hi] (log or not) at most `max`: n, and each value
 * within a relative 1e-12 of want[]. */
static void ticks_are(double lo, double hi, int log, size_t max, size_t n,
                      const double *want)
{
  pm_plot_scale s = {0};
  double t[16];
  size_t got = 0, i;
  int same;

  s.min = lo, s.max = hi, s.log = log;
  pm_plot_scale_ticks(&s, t, max, &got);
  same = got == n;
  for (i = 0; same && i < n; i++)
    same = fabs(t[i] - want[i]) <= 1e-12 * fabs(want[i]);
  pm_test_ok(same, "%s ticks of %g .. %g, at most %zu: %zu from %g to %g "
             "(got %zu: %g .. %g)", log ? "log" : "linear", lo, hi, max, n,
             want[0], want[n - 1], got, got ? t[0] : NAN,
             got ? t[got - 1] : NAN);
}

static void ticks(void)
{
  static const double a[] = {10000, 20000, 30000, 40000, 50000, 60000, 70000},
    b[] = {0, 20000, 40000, 60000}, c[] = {0.1, 1, 10, 100},
    d[] = {1e-4, 1e-2, 1, 1e2, 1e4}, e[] = {0.5, 1, 2, 5, 10, 20, 50},
    f[] = {0.1, 0.5, 1, 5, 10, 50}, g[] = {3, 4, 5, 6, 7, 8},
    h[] = {-0.4, -0.2, 0, 0.2, 0.4}, k[] = {2.5, 5, 7.5, 10, 12.5, 15, 17.5},
    m[] = {0.0002, 0.0004, 0.0006, 0.0008};
  const pm_plot_cmap *cm = NULL;
  pm_plot_scale s = {0};
  unsigned rgb;

  /* the demo's particle map: 2nd to 98th percentiles 4210 .. 74800 */
  ticks_are(4210, 74800, 0, 8, 7, a);
  ticks_are(0, 67000, 0, 5, 4, b);
  ticks_are(0.05, 200, 1, 5, 4, c);
  /* 9 decades: every other power of ten */
  ticks_are(1e-4, 1e4, 1, 8, 5, d);
  /* over two decades but only two powers: 1, 2, 5 in each decade */
  ticks_are(0.5, 60, 1, 8, 7, e);
  /* 1, 2, 5 would be nine (0.1 .. 50): 1 and 5 */
  ticks_are(0.1, 99.9, 1, 8, 6, f);
  /* under a decade: fewer than four of 1, 2, 5, the linear steps */
  ticks_are(2.5, 8.5, 1, 8, 6, g);
  ticks_are(-0.45, 0.45, 0, 8, 5, h);
  /* 5 leaves three, 2 nine: 2.5 gives seven */
  ticks_are(0.1, 19.1, 0, 8, 7, k);
  ticks_are(0.00012, 0.00089, 0, 4, 4, m);
  pm_plot_cmap_find("viridis", &cm);
  s.cmap = cm, s.min = 0.05, s.max = 200, s.log = 1;
  pm_test_ok(pm_plot_scale_rgb(&s, 200, &rgb) && rgb == 0xfde725,
             "the top of the range has the last colour");
  pm_test_ok(!pm_plot_scale_rgb(&s, -1, &rgb) && !pm_plot_scale_rgb(&s, NAN, &rgb),
             "no colour for a non-positive value on a log scale or NAN");
}

/* Micrometres as µm in labels; "um" inside a word untouched. */
static void micro(void)
{
  char buf[128];

  pm_plot_micro("particles of 100-500 um ESD [um3 m-3]", buf, sizeof buf);
  pm_test_ok(strcmp(buf, "particles of 100-500 \xc2\xb5m ESD "
                         "[\xc2\xb5m3 m-3]") == 0,
             "um written as µm (got '%s')", buf);
  pm_plot_micro("maximum plum", buf, sizeof buf);
  pm_test_ok(strcmp(buf, "maximum plum") == 0,
             "um inside a word is left (got '%s')", buf);
  pm_plot_micro("um", buf, 3);
  pm_test_ok(strcmp(buf, "um") == 0,
             "no room for µm: um, not half a µ (got '%s')", buf);
}

/* The PNG as 8-bit RGB rows from the top (freed by the caller), its
 * width and height; NULL when it cannot be read. */
static unsigned char *png_read(const char *path, unsigned *w, unsigned *h)
{
  png_image img;
  unsigned char *buf = NULL;

  memset(&img, 0, sizeof img);
  img.version = PNG_IMAGE_VERSION;
  if (!png_image_begin_read_from_file(&img, path)) return NULL;
  img.format = PNG_FORMAT_RGB;
  if (!(buf = malloc(PNG_IMAGE_SIZE(img))) ||
      !png_image_finish_read(&img, NULL, buf, 0, NULL)) {
    png_image_free(&img);
    free(buf);
    return NULL;
  }
  *w = img.width;
  *h = img.height;
  return buf;
}

static int png_size(const char *path, unsigned *w, unsigned *h)
{
  unsigned char *buf = png_read(path, w, h);

  free(buf);
  return buf != NULL;
}

/* The colour 0xRRGGBB of pixel (x, y) of an image of width w. */
static unsigned pixel(const unsigned char *buf, unsigned w, unsigned x,
                      unsigned y)
{
  const unsigned char *p = buf + 3 * ((size_t)y * w + x);
  return (unsigned)p[0] << 16 | (unsigned)p[1] << 8 | p[2];
}

/* A red dot of 6 mm in the middle of a 40 x 40 mm figure at 100 dpi
 * (157 x 157 pixels, 3.94 pixels a mm) is filled: red at its centre and
 * 2 mm from it, white 4 mm from it. */
static void filled_points(void)
{
  char path[] = "/tmp/test_plot_XXXXXX.png";
  pm_figure_spec spec = {40, 40, 0, 100, 0, 1, 1};
  pm_plot_axes a = {0, 10, 0, 10, 0, 0, NULL, NULL, NULL, {0, 0, 40, 40}, 1, 1};
  double x = 5, y = 5;
  pm_plot_style st = {0xff0000, 0, 0, 6};
  pm_figure *fig = NULL;
  unsigned char *buf = NULL;
  unsigned w = 0, h = 0;
  int fd = mkstemps(path, 4), status;

  if (fd >= 0) close(fd);
  status = pm_figure_open(&fig, path, &spec) || pm_plot_xy_axes(fig, &a) ||
           pm_plot_xy_points(fig, 1, &x, &y, &st) || pm_figure_close(fig);
  if (!status) buf = png_read(path, &w, &h);
  pm_test_ok(buf && w == 157 && h == 157, "a dot on a 157 x 157 PNG");
  if (buf) {
    pm_test_ok(pixel(buf, w, 78, 78) == 0xff0000,
               "the dot's centre is red: filled (got %06x)", pixel(buf, w, 78, 78));
    pm_test_ok(pixel(buf, w, 78 + 8, 78) == 0xff0000,
               "2 mm from the centre is red (got %06x)", pixel(buf, w, 86, 78));
    pm_test_ok(pixel(buf, w, 78 + 16, 78) == 0xffffff,
               "4 mm from the centre is white (got %06x)", pixel(buf, w, 94, 78));
  }
  free(buf);
  unlink(path);
}

/* 1 when pixel (x, y) is ink: darker than a light grey (anti-aliased
 * text edges included). */
static int ink(const unsigned char *buf, unsigned w, unsigned x, unsigned y)
{
  const unsigned char *p = buf + 3 * ((size_t)y * w + x);
  return p[0] + p[1] + p[2] < 3 * 200;
}

/* The runs of consecutive inked lines among lines a .. b - 1 across
 * c .. d - 1 (rows when `rows`, else columns), at least `gap` blank
 * lines apart; their first and last lines into r[2k], r[2k + 1]. */
static size_t ink_runs(const unsigned char *buf, unsigned w, int rows,
                       unsigned a, unsigned b, unsigned c, unsigned d,
                       unsigned gap, unsigned *r, size_t max)
{
  size_t n = 0;
  unsigned i, j, blank = gap;

  for (i = a; i < b; i++) {
    int any = 0;
    for (j = c; j < d && !any; j++)
      any = rows ? ink(buf, w, j, i) : ink(buf, w, i, j);
    if (!any) {
      blank++;
      continue;
    }
    if (blank >= gap && n < max) r[2 * n++] = i;
    if (n) r[2 * n - 1] = i;
    blank = 0;
  }
  return n;
}

/* A colour bar of the scale lo .. hi in a figure width_mm wide at dpi,
 * horizontal (under a map, 0.6 of the width) or vertical (beside a
 * panel): its tick labels are four to eight apart from each other (as
 * many runs of ink, a third of a character's height apart, as ticks) and
 * from the label (two runs across them: rows under a horizontal bar, one
 * apart; columns right of a vertical one, a third of a character apart,
 * as digits side by side leave blank columns between them, and one more
 * for each further line of the label along a vertical bar). */
static void bar_labels(double width_mm, double dpi, int vertical, double lo,
                       double hi, int log)
{
  char path[] = "/tmp/test_plot_XXXXXX.png";
  pm_figure_spec spec = {width_mm, 40, 0, dpi, 0, 1, 1};
  pm_plot_box box = {0.2 * width_mm, 25, 0.6 * width_mm, 2.5};
  pm_plot_scale s = {0};
  pm_figure *fig = NULL;
  unsigned char *buf = NULL;
  unsigned w = 0, h = 0, r[40], bar_edge, gap;
  double t[8], mm = dpi / 25.4, em = (width_mm <= 100 ? 7 : 8) * 25.4 / 72;
  size_t n = 0, runs = 0, across = 0;
  int fd = mkstemps(path, 4), status;

  if (fd >= 0) close(fd);
  if (vertical) box = (pm_plot_box){0.5 * width_mm, 5, 2.5, 30};
  s.min = lo, s.max = hi, s.log = log;
  status = pm_plot_cmap_find("viridis", &s.cmap) ||
           pm_figure_open(&fig, path, &spec);
  if (!status) {
    n = pm_plot_colorbar_ticks(fig, &s, &box, t);
    status = pm_plot_colorbar(fig, &s, "particles of 100-500 um [m-3]", &box) ||
             pm_figure_close(fig);
  }
  if (!status) buf = png_read(path, &w, &h);
  gap = (unsigned)ceil(em / 3 * mm);
  if (buf && !vertical) { /* rows below the bar, its outline left out */
    bar_edge = (unsigned)((1 - box.y / 40) * h + 0.3 * mm) + 1;
    across = ink_runs(buf, w, 1, bar_edge, h, 0, w, 1, r, 20);
    if (across == 2)
      runs = ink_runs(buf, w, 0, 0, w, r[0], r[1] + 1, gap, r + 4, 16);
  } else if (buf) { /* columns right of the bar */
    bar_edge = (unsigned)((box.x + box.w) * mm + 0.3 * mm) + 1;
    across = ink_runs(buf, w, 0, bar_edge, w, 0, h, gap, r, 20);
    if (across >= 2 && across <= 4) /* the label in one to three lines */
      runs = ink_runs(buf, w, 1, 0, h, r[0], r[1] + 1, gap, r + 8, 16);
  }
  pm_test_ok(buf && n >= 4 && n <= 8 && across >= 2 &&
                 across <= (vertical ? 4u : 2u) && runs == n,
             "a %s bar of %g .. %g%s %g mm wide at %g dpi: %zu tick labels "
             "apart (got %zu runs), clear of the label (got %zu runs across)",
             vertical ? "vertical" : "horizontal", lo, hi, log ? " (log)" : "",
             width_mm, dpi, n, runs, across);
  free(buf);
  unlink(path);
}

static void bars(void)
{
  static const double widths[] = {85, 120, 180}, dpis[] = {72, 150, 300, 600};
  size_t i, j;

  for (i = 0; i < 3; i++)
    for (j = 0; j < 4; j++) {
      bar_labels(widths[i], dpis[j], 0, 4210, 74800, 0);
      bar_labels(widths[i], dpis[j], 0, 0.00012, 0.00089, 0);
    }
  bar_labels(85, 300, 0, 0.05, 200, 1);
  bar_labels(85, 300, 0, 1e-4, 1e4, 1);
  bar_labels(85, 72, 1, -0.45, 0.45, 0);
  bar_labels(180, 600, 1, 4210, 74800, 0);
}

/* The default colour range on a hand array: 1 .. 10, an outlier of 1e-7
 * and a NAN; 11 finite values. */
static void robust_range(void)
{
  double v[12] = {3, 1, 4, 1e-7, 5, 9, 2, 6, 10, 8, NAN, 7};
  double w[12] = {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1};
  double lo = 0, hi = 0;
  int status;

  /* p = 10: 10 % of 11 is 1.1, reached by the 2nd smallest (1); 90 % is
   * 9.9, reached by the 10th (9) */
  status = pm_plot_range_percentiles(12, v, NULL, 0, 10, &lo, &hi);
  pm_test_ok(status == 0 && lo == 1 && hi == 9,
             "10th and 90th percentiles of the hand array: 1 and 9 (got %g, %g)",
             lo, hi);
  status = pm_plot_range_percentiles(12, v, NULL, 0, 0, &lo, &hi);
  pm_test_ok(status == 0 && lo == 1e-7 && hi == 10,
             "p = 0: the whole range 1e-7 .. 10 (got %g, %g)", lo, hi);
  /* weights: 1e-7 weighs 8 of 18, so 10 % (1.8) falls on it; 90 % (16.2)
   * is reached at 9 (cumulative 8 + 9 = 17) */
  w[3] = 8;
  status = pm_plot_range_percentiles(12, v, w, 0, 10, &lo, &hi);
  pm_test_ok(status == 0 && lo == 1e-7 && hi == 9,
             "area weights move the percentiles: 1e-7 and 9 (got %g, %g)",
             lo, hi);
  /* log: the outlier is positive and counts; a zero would not */
  v[3] = 0;
  status = pm_plot_range_percentiles(12, v, NULL, 1, 10, &lo, &hi);
  pm_test_ok(status == 0 && lo == 1 && hi == 9,
             "log: 10 values, 10 %% of them is 1.0: 1 and 9 (got %g, %g)", lo, hi);
  status = pm_plot_range_percentiles(1, &v[3], NULL, 1, 2, &lo, &hi);
  pm_test_error(status, PM_EINPUT, pm_error_message(), "no positive value",
                "no positive value on a log scale");
  status = pm_plot_range_percentiles(12, v, NULL, 0, 50, &lo, &hi);
  pm_test_error(status, PM_EUSAGE, pm_error_message(), "from 0 to 50",
                "a percentile of 50 or more");
}

static void png_figure(void)
{
  char path[] = "/tmp/test_plot_XXXXXX.png";
  pm_figure_spec spec = {85, 60, 0, 300, 0, 2, 1};
  pm_plot_axes a = {0, 10, 0, 1, 0, 0, "x", "y", "panel", {0, 0, 0, 0}, 0, 0};
  double x[3] = {0, 5, 10}, y[3] = {0, 1, 0.5};
  pm_plot_style st = {0x1f77b4, 0, 0, 0};
  pm_figure *fig = NULL;
  unsigned w = 0, h = 0;
  struct stat sb = {0};
  mode_t mask;
  int fd = mkstemps(path, 4), status;

  if (fd >= 0) close(fd);
  status = pm_figure_open(&fig, path, &spec);
  pm_test_ok(status == 0, "a 85 x 60 mm figure of two panels opens");
  if (status) return;
  pm_test_ok(pm_figure_font_pt(fig) == 7, "7 pt at a column's width");
  status = pm_plot_xy_axes(fig, &a) || pm_plot_xy_line(fig, 3, x, y, &st) ||
           pm_figure_panel(fig, 1) || pm_plot_xy_points(fig, 3, x, y, &st);
  pm_test_ok(status == 0, "axes, a line and points in two panels");
  status = pm_figure_panel(fig, 2);
  pm_test_error(status, PM_EUSAGE, pm_error_message(), "panel 2 does not exist",
                "a panel that does not exist");
  pm_test_ok(pm_figure_close(fig) == 0, "the figure is written");
  /* round(85 / 25.4 * 300) = 1004, round(60 / 25.4 * 300) = 709 */
  status = png_size(path, &w, &h); /* read before the message uses w, h */
  pm_test_ok(status && w == 1004 && h == 709,
             "the PNG is 1004 x 709 pixels (got %u x %u)", w, h);
  /* mkstemps made the old file 0600; the figure replaces it as any new
   * output is made: 0666 less the umask */
  mask = umask(0);
  umask(mask);
  status = stat(path, &sb);
  pm_test_ok(status == 0 && (sb.st_mode & 0777) == (0666 & ~mask),
             "the figure's mode is %03o, as other outputs' (got %03o)",
             (unsigned)(0666 & ~mask), (unsigned)(sb.st_mode & 0777));
  unlink(path);
}

/* ---- maps and sections of a small maps file ----------------------------- */

#define NLON 4
#define NLAT 3
#define NDEP 3

/* A double variable `name` over dims (nd of them) holding v, with a
 * text attribute (NULL: none). */
static int put_var(int nc, const char *name, nc_type type, int nd,
                   const int *dims, const double *v, const char *att,
                   const char *text)
{
  int id;

  if (nc_def_var(nc, name, type, nd, dims, &id) ||
      (att && nc_put_att_text(nc, id, att, strlen(text), text)) ||
      nc_enddef(nc) || nc_put_var_double(nc, id, v) || nc_redef(nc))
    return -1;
  return id;
}

/* Coordinate `name` of n cells of `step` from `start`, with bounds. */
static int put_axis(int nc, const char *name, int dim, int nv, size_t n,
                    double start, double step, const char *units)
{
  double c[8], b[16];
  char bounds[32];
  int dims[2] = {dim, nv}, id;
  size_t i;

  for (i = 0; i < n; i++) {
    b[2 * i] = start + step * (double)i;
    b[2 * i + 1] = b[2 * i] + step;
    c[i] = b[2 * i] + 0.5 * step;
  }
  snprintf(bounds, sizeof bounds, "%s_bnds", name);
  if ((id = put_var(nc, name, NC_DOUBLE, 1, &dim, c, "units", units)) < 0 ||
      nc_put_att_text(nc, id, "bounds", strlen(bounds), bounds) ||
      put_var(nc, bounds, NC_DOUBLE, 2, dims, b, NULL, NULL) < 0)
    return -1;
  return 0;
}

/* A maps file of model "x" on 10-degree cells (lon -20 .. 20, lat -15
 * .. 15) at depths 0-50-100-200 m: x_mean from 1 up and
 * x_extrapolation, 1 in every cell east of 0 when `flagged`, else 0; or,
 * when `samples` >= 0, an observations file whose n_samples is `samples`
 * in one cell. */
static int make_grid_file(const char *path, int flagged, int samples)
{
  static const double depth[NDEP + 1] = {0, 50, 100, 200};
  double v[NDEP * NLAT * NLON], f[NDEP * NLAT * NLON], b[2 * NDEP], c[NDEP];
  int nc, d[4], dims[2], id;
  size_t k;

  for (k = 0; k < NDEP * NLAT * NLON; k++) {
    v[k] = (double)k + 1;
    f[k] = flagged && k % NLON >= NLON / 2;
  }
  for (k = 0; k < NDEP; k++)
    b[2 * k] = depth[k], b[2 * k + 1] = depth[k + 1],
    c[k] = 0.5 * (depth[k] + depth[k + 1]);
  if (nc_create(path, NC_CLOBBER | NC_NETCDF4, &nc) ||
      nc_def_dim(nc, "depth", NDEP, &d[0]) ||
      nc_def_dim(nc, "lat", NLAT, &d[1]) || nc_def_dim(nc, "lon", NLON, &d[2]) ||
      nc_def_dim(nc, "nv", 2, &d[3]) ||
      put_axis(nc, "lon", d[2], d[3], NLON, -20, 10, "degrees_east") ||
      put_axis(nc, "lat", d[1], d[3], NLAT, -15, 10, "degrees_north"))
    return -1;
  dims[0] = d[0], dims[1] = d[3];
  if ((id = put_var(nc, "depth", NC_DOUBLE, 1, d, c, "units", "m")) < 0 ||
      nc_put_att_text(nc, id, "bounds", 10, "depth_bnds") ||
      nc_put_att_text(nc, id, "positive", 4, "down") ||
      put_var(nc, "depth_bnds", NC_DOUBLE, 2, dims, b, NULL, NULL) < 0)
    return -1;
  if (samples >= 0) {
    memset(f, 0, sizeof f);
    f[NLON + 1] = samples;
    if (put_var(nc, "n_samples", NC_INT, 3, d, f, NULL, NULL) < 0) return -1;
  } else if ((id = put_var(nc, "x_mean", NC_DOUBLE, 3, d, v, "long_name",
                           "predicted sinking flux of particulate organic "
                           "carbon (model x); of the tests")) < 0 ||
             nc_put_att_text(nc, id, "units", 10, "mg m-2 d-1") ||
             put_var(nc, "x_extrapolation", NC_BYTE, 3, d, f, NULL, NULL) < 0)
    return -1;
  return nc_close(nc) ? -1 : 0;
}

static char grid_dir[32];

/* `name` in the folder of the grid files, into buf (96 bytes). */
static const char *grid_path(char *buf, const char *name)
{
  snprintf(buf, 96, "%s/%s", grid_dir, name);
  return buf;
}

/* 1 when some pixel of rows y0 .. y1 - 1 of an image w wide is ink. */
static int inked(const unsigned char *buf, unsigned w, unsigned y0,
                 unsigned y1)
{
  unsigned r[2];

  return ink_runs(buf, w, 1, y0, y1, 0, w, 1, r, 1) > 0;
}

/* The map of x_mean in `maps` (dotting `sites` unless NULL; its
 * extrapolation marks left out when `plain`), 180 mm wide at 100 dpi: 1
 * when the band of its legend (1 to 7.5 mm from the bottom) holds ink, 0
 * when blank, -1 when it cannot be drawn. */
static int map_legend(const char *maps, const char *sites, int plain)
{
  pm_figure_spec spec = {180, 0, 0, 100, 0, 1, 1};
  pm_plot_map_spec m;
  unsigned char *buf = NULL;
  unsigned w = 0, h = 0;
  char png[96];
  int any = -1;

  memset(&m, 0, sizeof m);
  m.file = maps, m.variable = "x_mean", m.depth = NAN;
  m.min = m.max = NAN, m.sites = sites, m.no_extrapolation = plain;
  if (!pm_plot_map(grid_path(png, "map.png"), &spec, &m))
    buf = png_read(png, &w, &h);
  else
    printf("# %s\n", pm_error_message());
  if (buf)
    any = inked(buf, w, h - (unsigned)(7.5 * 100 / 25.4),
                h - (unsigned)(100 / 25.4));
  free(buf);
  return any;
}

/* A legend entry for each mark drawn, and none for a mark of nothing:
 * no flagged cell, no site. */
static void map_legends(void)
{
  char b[4][96];
  const char *flagged = grid_path(b[0], "flagged.nc");
  const char *plain = grid_path(b[1], "plain.nc");
  const char *one = grid_path(b[2], "one.nc"), *none = grid_path(b[3], "none.nc");
  int made = make_grid_file(flagged, 1, -1) == 0 &&
             make_grid_file(plain, 0, -1) == 0 &&
             make_grid_file(one, 0, 1) == 0 && make_grid_file(none, 0, 0) == 0;
  int got;

  pm_test_ok(made, "the maps and observations files are written");
  got = map_legend(flagged, NULL, 0);
  pm_test_ok(got == 1, "flagged cells: a legend entry (got %d)", got);
  got = map_legend(flagged, NULL, 1);
  pm_test_ok(got == 0, "flagged cells with --no-extrapolation: no legend "
             "(got %d)", got);
  got = map_legend(plain, NULL, 0);
  pm_test_ok(got == 0, "flags, none 1: no legend entry (got %d)", got);
  got = map_legend(plain, one, 0);
  pm_test_ok(got == 1, "a sampled cell: a legend entry (got %d)", got);
  got = map_legend(plain, none, 0);
  pm_test_ok(got == 0, "an observations file of no sample: no legend entry "
             "(got %d)", got);
}

/* 1 when no pixel of columns x0 .. x1 - 1 and rows y0 .. y1 - 1 of an
 * image w x h is ink (the ranges clipped to the image). */
static int blank(const unsigned char *buf, unsigned w, unsigned h, double x0,
                 double x1, double y0, double y1)
{
  unsigned x, y;

  for (y = (unsigned)fmax(0, y0); y < fmin(h, y1); y++)
    for (x = (unsigned)fmax(0, x0); x < fmin(w, x1); x++)
      if (ink(buf, w, x, y)) return 0;
  return 1;
}

/* Where the parts of section q of x_mean go in a figure of `spec` (with
 * the legend's line when `legend`): *l, its bar's text *e and the
 * figure's height. */
static int section_parts(const pm_plot_section_spec *q, int legend,
                         const char *png, const pm_figure_spec *spec,
                         pm_plot_section_parts *l, pm_plot_bar_extent *e,
                         double *height_mm)
{
  pm_plot_slice_request r = {q->file, "x_mean", NULL, NAN, 0, 0, 1, q->lon,
                             q->lat};
  pm_plot_slice s;
  pm_plot_scale sc;
  pm_figure *fig = NULL;
  char label[512];
  int status;

  memset(&s, 0, sizeof s);
  if (!(status = pm_plot_slice_read(&r, &s)) &&
      !(status = pm_plot_scale_of(&s, NULL, 0, 0, NAN, NAN, 0, &sc)) &&
      !(status = pm_figure_open(&fig, png, spec))) {
    pm_plot_label(&s, label, sizeof label);
    *height_mm = pm_figure_spec_of(fig)->height_mm;
    if (!(status = pm_plot_section_layout(fig, &sc, label, legend, l)))
      pm_plot_colorbar_extent(fig, &sc, label, &l->bar, e);
  }
  pm_figure_discard(fig);
  pm_plot_slice_free(&s);
  return status;
}

/* The section of `file` along 5 E, width_mm wide at dpi: its colour
 * bar's label lies within the figure, clear of the tick labels, the bar
 * and the plot's frame: by the layout, and by pixels, blank columns over
 * the bar's height between the frame and the bar and between the tick
 * labels and the label, none inked right of the label, and no ink on the
 * figure's edges. */
static void section_label(const char *file, double width_mm, double dpi)
{
  pm_figure_spec spec = {width_mm, 0, 0, dpi, 0, 1, 1};
  pm_plot_section_spec q = {file, "x_mean", NULL, 5, NAN, 0, 0, NAN, NAN,
                            NULL, NULL, 0};
  pm_plot_section_parts l;
  pm_plot_bar_extent e;
  unsigned char *buf = NULL;
  unsigned w = 0, h = 0;
  double mm = dpi / 25.4, H = 0, top, bottom;
  char png[96];
  int laid, clear = 0;

  grid_path(png, "section.png");
  laid = section_parts(&q, 1, png, &spec, &l, &e, &H) == 0 &&
         l.plot.x + l.plot.w < l.bar.x && e.ticks < e.near &&
         e.far <= width_mm && e.bottom >= 0 && e.top <= H;
  if (laid && !pm_plot_section(png, &spec, &q))
    buf = png_read(png, &w, &h);
  if (buf) {
    top = (H - l.bar.y - l.bar.h) * mm, bottom = (H - l.bar.y) * mm;
    /* the frame's line (0.5 pt) and the bar's outline (0.5 pt) left out */
    clear = blank(buf, w, h, (l.plot.x + l.plot.w + 0.2) * mm + 1,
                  (l.bar.x - 0.2) * mm - 1, top, bottom) &&
            blank(buf, w, h, e.ticks * mm + 1, e.near * mm - 1, top, bottom) &&
            blank(buf, w, h, e.far * mm + 1, w, 0, h) &&
            blank(buf, w, h, 0, w, 0, 1) && blank(buf, w, h, 0, w, h - 1, h) &&
            blank(buf, w, h, 0, 1, 0, h) && blank(buf, w, h, w - 1, w, 0, h);
  }
  pm_test_ok(laid && clear, "a section %g mm wide at %g dpi: the colour "
             "bar's label within the figure and clear of its tick labels "
             "and the plot (laid out %d, blank bands %d)", width_mm, dpi,
             laid, clear);
  free(buf);
}

/* The colour of section q's cell at lon, 25 m (a section along a
 * parallel, from -20 to 20 E and 0 to 200 m), as drawn with or without
 * its legend's line; the figure's pixels in *buf, its size w x h and the
 * middle of the legend's line *legend_row; 0 when it cannot be drawn. */
static unsigned section_pixel(const pm_plot_section_spec *q, int legend,
                              double lon, unsigned char **buf, unsigned *w,
                              unsigned *h, double *legend_row)
{
  pm_figure_spec spec = {120, 0, 0, 100, 0, 1, 1};
  pm_plot_section_parts l;
  pm_plot_bar_extent e;
  double mm = 100 / 25.4, H = 0, x, y;
  char png[96];

  *buf = NULL;
  grid_path(png, "marks.png");
  if (section_parts(q, legend, png, &spec, &l, &e, &H) ||
      pm_plot_section(png, &spec, q) || !(*buf = png_read(png, w, h)))
    return 0;
  x = (l.plot.x + (lon + 20) / 40 * l.plot.w) * mm;
  y = (H - l.plot.y - (1 - 25.0 / 200) * l.plot.h) * mm;
  *legend_row = (H - l.legend_y) * mm;
  return pixel(*buf, *w, (unsigned)x, (unsigned)y);
}

/* A section along 10 S: the cells east of 0 that the file flags
 * lightened, with a legend entry; none lightened and no legend with
 * --no-extrapolation, or where no cell is flagged. */
static void section_marks(void)
{
  char b[2][96];
  pm_plot_section_spec q = {grid_path(b[0], "flagged.nc"), "x_mean", NULL,
                            NAN, -10, 0, 0, NAN, NAN, NULL, NULL, 0};
  unsigned char *marked = NULL, *plain = NULL;
  unsigned w = 0, h = 0, w2 = 0, h2 = 0, east, east0, west, west0;
  double row = 0, row0 = 0, em = 8 * 25.4 / 72 * 100 / 25.4;

  east = section_pixel(&q, 1, 15, &marked, &w, &h, &row);
  free(marked);
  west = section_pixel(&q, 1, -15, &marked, &w, &h, &row);
  q.no_extrapolation = 1;
  east0 = section_pixel(&q, 0, 15, &plain, &w2, &h2, &row0);
  free(plain);
  west0 = section_pixel(&q, 0, -15, &plain, &w2, &h2, &row0);
  pm_test_ok(marked && plain && east == pm_plot_veil_rgb(east0) &&
                 west == west0,
             "a section's flagged cell is lightened (%06x, unmarked %06x), "
             "one within range keeps its colour (%06x, %06x)", east, east0,
             west, west0);
  pm_test_ok(marked && inked(marked, w, (unsigned)(row - 0.4 * em),
                             (unsigned)(row + 0.4 * em)),
             "the section has a legend entry under it");
  free(marked);
  free(plain);
  q.file = grid_path(b[1], "plain.nc");
  q.no_extrapolation = 0;
  section_pixel(&q, 0, 15, &marked, &w, &h, &row);
  q.no_extrapolation = 1;
  section_pixel(&q, 0, 15, &plain, &w2, &h2, &row0);
  pm_test_ok(marked && plain && w == w2 && h == h2 &&
                 memcmp(marked, plain, 3 * (size_t)w * h) == 0,
             "no cell flagged: the section is as without its marks, no "
             "legend entry");
  free(marked);
  free(plain);
}

static void section_labels(void)
{
  static const double widths[] = {85, 120, 180}, dpis[] = {72, 300, 600};
  char file[96];
  size_t i, j;

  grid_path(file, "flagged.nc");
  for (i = 0; i < 3; i++)
    for (j = 0; j < 3; j++) section_label(file, widths[i], dpis[j]);
}

int main(void)
{
  formats();
  cmaps();
  ticks();
  micro();
  bars();
  robust_range();
  png_figure();
  filled_points();
  snprintf(grid_dir, sizeof grid_dir, "/tmp/test_plot_XXXXXX");
  if (!mkdtemp(grid_dir)) {
    pm_test_ok(0, "a folder for the grid files");
    return pm_test_done();
  }
  map_legends();
  section_labels();
  section_marks();
  pm_test_remove_dir(grid_dir);
  return pm_test_done();
}
