/* bench_plot.c: the figures: a 1-degree global map (360 x 180 cells) to
 * PNG and to PDF, a depth section of 20 levels, and the partial effects of
 * a model file when one is given.
 *
 * Usage: bench/bench_plot [MODEL.nc]; the coastline is found through
 * PLANKMAP_DATADIR (make bench-plot sets it to the source tree).
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "pm_error.h"
#include "pm_partial.h"
#include "pm_plot.h"
#include "pm_plot_charts.h"

#include "bench_util.h"

#include <math.h>
#include <netcdf.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

/* A smooth field over lon, lat and depth. */
static double smooth_field(double lon, double lat, double depth)
{
  return (2 + cos(lat * M_PI / 90) + sin(lon * M_PI / 60)) /
         (1 + depth / 100);
}

static int report(const char *what, double t0, int status)
{
  if (status)
    fprintf(stderr, "bench_plot: %s: %s\n", what, pm_error_message());
  else
    printf("%-44s %8.2f s\n", what, bench_now() - t0);
  return status;
}

/* The partial effects alone: the model read and every term evaluated with
 * its standard errors (pm_partial_alloc), without drawing. */
static int bench_partial_eval(const char *model)
{
  pm_model *m = NULL;
  pm_partial *p = NULL;
  double t = bench_now();
  int status = pm_model_read(&m, model);

  if (!status) status = pm_partial_alloc(&p, m);
  status = report("partial effects computed (no drawing)", t, status);
  pm_partial_free(p);
  pm_model_free(m);
  return status;
}

int main(int argc, char **argv)
{
  char dir[] = "/tmp/plankmap-bench-plot.XXXXXX", nc[64], out[64];
  pm_figure_spec fs = {0};
  pm_plot_map_spec m = {0};
  pm_plot_section_spec q = {0};
  double t;
  int status = 0;

  if (!mkdtemp(dir)) return 4;
  snprintf(nc, sizeof nc, "%s/maps.nc", dir);
  if (bench_write_map(nc, "x_mean", "m-3", smooth_field)) {
    fprintf(stderr, "bench_plot: cannot write %s\n", nc);
    rmdir(dir);
    return 4;
  }
  m.file = q.file = nc;
  m.variable = q.variable = "x_mean";
  m.depth = NAN;
  m.min = m.max = q.min = q.max = NAN;
  q.lon = 30;
  q.lat = NAN;
  snprintf(out, sizeof out, "%s/map.png", dir);
  t = bench_now();
  status = report("map 360 x 180, 180 mm, PNG 300 dpi", t,
                  pm_plot_map(out, &fs, &m));
  unlink(out);
  snprintf(out, sizeof out, "%s/map.pdf", dir);
  t = bench_now();
  if (!status)
    status = report("map 360 x 180, 180 mm, PDF", t, pm_plot_map(out, &fs, &m));
  unlink(out);
  snprintf(out, sizeof out, "%s/section.png", dir);
  t = bench_now();
  if (!status)
    status = report("section 180 x 20, 180 mm, PNG 300 dpi", t,
                    pm_plot_section(out, &fs, &q));
  unlink(out);
  if (!status && argc > 1) status = bench_partial_eval(argv[1]);
  snprintf(out, sizeof out, "%s/partial.png", dir);
  t = bench_now();
  if (!status && argc > 1)
    status = report("partial effects, 180 mm, PNG 300 dpi", t,
                    pm_plot_partial(out, &fs, argv[1], NULL));
  unlink(out);
  unlink(nc);
  rmdir(dir);
  return status;
}
