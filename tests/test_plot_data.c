/* test_plot_data.c: the data of the profile and validation figures, read
 * from a small run folder made here (a 2 x 2 x 3 maps file, frame tables)
 * and from validation tables of the demo run.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "pm_error.h"
#include "pm_plot_charts.h"
#include "pm_test.h"

#include <netcdf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define FILL 9.96920996838687e+36

/* Values of <model>_<part> at (depth k, lat j, lon i): 100 k + 10 j + i,
 * the lower bound half, the upper bound twice; cell (k 2, j 0, i 0)
 * masked. */
static double value(int part, size_t k, size_t j, size_t i)
{
  double v = 100.0 * (double)k + 10.0 * (double)j + (double)i + 1;
  if (k == 2 && j == 0 && i == 0) return FILL;
  return part == 0 ? v : part == 1 ? v / 2 : 2 * v;
}

static int put(int nc, const char *name, int nd, const int *dims,
               const double *v)
{
  int id;
  if (nc_def_var(nc, name, NC_DOUBLE, nd, dims, &id)) return -1;
  if (nc_enddef(nc) || nc_put_var_double(nc, id, v) || nc_redef(nc)) return -1;
  return id;
}

/* A coordinate variable with its units and bounds, as pm_ncmaps.h writes
 * them. */
static int put_coord(int nc, const char *name, int dim, const double *v,
                     const char *units)
{
  char bounds[32];
  int id = put(nc, name, 1, &dim, v);

  snprintf(bounds, sizeof bounds, "%s_bnds", name);
  if (id < 0 || nc_put_att_text(nc, id, "units", strlen(units), units) ||
      nc_put_att_text(nc, id, "bounds", strlen(bounds), bounds))
    return -1;
  return id;
}

/* A maps file: lon centres -1, 1 (bounds -2, 0, 2), lat 10, 12 (9, 11,
 * 13), depths 25, 75, 150 (0, 50, 100, 200); model `model`. */
static int make_maps(const char *path, const char *model)
{
  static const double lon[2] = {-1, 1}, lonb[4] = {-2, 0, 0, 2};
  static const double lat[2] = {10, 12}, latb[4] = {9, 11, 11, 13};
  static const double dep[3] = {25, 75, 150}, depb[6] = {0, 50, 50, 100,
                                                         100, 200};
  static const char *const parts[3] = {"mean", "lower", "upper"};
  double v[12], fill = FILL;
  int nc, d[4], b[2], p, id;
  size_t k, j, i;
  char name[64];

  if (nc_create(path, NC_CLOBBER | NC_NETCDF4, &nc)) return -1;
  nc_def_dim(nc, "depth", 3, &d[0]);
  nc_def_dim(nc, "lat", 2, &d[1]);
  nc_def_dim(nc, "lon", 2, &d[2]);
  nc_def_dim(nc, "nv", 2, &d[3]);
  b[1] = d[3];
  b[0] = d[2];
  if (put_coord(nc, "lon", d[2], lon, "degrees_east") < 0 ||
      put(nc, "lon_bnds", 2, b, lonb) < 0)
    return -1;
  b[0] = d[1];
  if (put_coord(nc, "lat", d[1], lat, "degrees_north") < 0 ||
      put(nc, "lat_bnds", 2, b, latb) < 0)
    return -1;
  b[0] = d[0];
  if (put_coord(nc, "depth", d[0], dep, "m") < 0 ||
      put(nc, "depth_bnds", 2, b, depb) < 0)
    return -1;
  for (p = 0; p < 3; p++) {
    for (k = 0; k < 3; k++)
      for (j = 0; j < 2; j++)
        for (i = 0; i < 2; i++) v[(k * 2 + j) * 2 + i] = value(p, k, j, i);
    snprintf(name, sizeof name, "%s_%s", model, parts[p]);
    if (nc_def_var(nc, name, NC_DOUBLE, 3, d, &id) ||
        nc_put_att_double(nc, id, "_FillValue", NC_DOUBLE, 1, &fill) ||
        nc_put_att_text(nc, id, "units", 10, "mg m-2 d-1") || nc_enddef(nc) ||
        nc_put_var_double(nc, id, v) || nc_redef(nc))
      return -1;
  }
  return nc_close(nc) ? -1 : 0;
}

/* A frame table of the fit stage (cli/stage_fit_table.c), rows `rows`. */
static int make_frame(const char *path, const char *rows)
{
  FILE *f = fopen(path, "w");
  if (!f) return -1;
  fputs("profile\tlon\tlat\tdepth_m\tmonth\tresponse\tvolume_m3\t"
        "observed\tunits\n", f);
  fputs(rows, f);
  return fclose(f) ? -1 : 0;
}

/* Flux model pf: profile A in cell (lon 0..2, lat 11..13), three depths; B
 * in (-2..0, 9..11); C in A's cell; no volume (no offset). */
static const char flux_rows[] =
    "A\t0.5\t11.5\t10\t2\t5\t\t5\tmg C m-2 d-1\n"
    "A\t0.5\t11.5\t60\t2\t3\t\t3\tmg C m-2 d-1\n"
    "B\t-0.5\t10.5\t20\t2\t7\t\t7\tmg C m-2 d-1\n"
    "A\t0.5\t11.5\t120\t2\t2\t\t2\tmg C m-2 d-1\n"
    "C\t1.9\t12.9\t40\t3\t4\t\t4\tmg C m-2 d-1\n";

/* Count model conc: counts per volume; B and D in cell (-2..0, 9..11), A
 * in (0..2, 11..13). */
static const char count_rows[] =
    "A\t0.5\t11.5\t10\t2\t4\t0.5\t8\tm-3\n"
    "B\t-0.5\t10.5\t20\t2\t6\t2\t3\tm-3\n"
    "D\t-1.9\t9.8\t80\t4\t9\t0.5\t18\tm-3\n"
    "B\t-0.5\t10.5\t140\t2\t0\t1.5\t0\tm-3\n";

static char dir[64], file[128];

static const char *in_dir(const char *name)
{
  snprintf(file, sizeof file, "%s/%s", dir, name);
  return file;
}

static void test_profile(void)
{
  pm_plot_profile_request r = {dir, "pf", NULL, "A", 0, 0};
  pm_plot_profile_data d;
  int status = pm_plot_profile_read(&r, &d);

  pm_test_ok(status == PM_SUCCESS, "profile A of a flux model is read");
  if (status) {
    printf("# %s\n", pm_error_message());
    return;
  }
  pm_test_ok(d.flux == 1 && strstr(d.file, "flux_baseline.nc") != NULL,
             "the flux model's maps come from flux_baseline.nc");
  pm_test_rel(d.lon, 0.5, 0, "the profile's longitude from its first sample");
  pm_test_rel(d.cell_lon, 1, 0, "its cell's centre longitude");
  pm_test_rel(d.cell_lat, 12, 0, "its cell's centre latitude");
  pm_test_ok(d.ndepth == 3, "three map depths");
  pm_test_rel(d.depth[2], 150, 0, "the third depth is 150 m");
  /* cell i = 1, j = 1: 100 k + 10 + 1 + 1 */
  pm_test_rel(d.mean[0], 12, 0, "mean at 25 m: 0 + 10 + 1 + 1 = 12");
  pm_test_rel(d.mean[2], 212, 0, "mean at 150 m: 200 + 10 + 1 + 1 = 212");
  pm_test_rel(d.lower[1], 56, 0, "lower at 75 m: 112 / 2 = 56");
  pm_test_rel(d.upper[1], 224, 0, "upper at 75 m: 2 * 112 = 224");
  pm_test_ok(strcmp(d.units, "mg m-2 d-1") == 0, "the map's units");
  pm_test_ok(d.nobs == 3, "profile A has 3 samples (got %zu)", d.nobs);
  if (d.nobs == 3)
    pm_test_ok(d.obs_depth[2] == 120 && d.obs_value[2] == 2,
               "its third sample: 2 mg C m-2 d-1 at 120 m");
  pm_plot_profile_free(&d);
}

static void test_column(void)
{
  pm_plot_profile_request r = {dir, "pf", NULL, NULL, 1.2, 12.4};
  pm_plot_profile_data d;
  int status = pm_plot_profile_read(&r, &d);

  pm_test_ok(status == PM_SUCCESS, "the column at 1.2 E, 12.4 N is read");
  if (status) return;
  pm_test_ok(d.nobs == 4, "the samples inside its cell: A's three and C's "
             "one (got %zu)", d.nobs);
  pm_plot_profile_free(&d);

  r.lon = -1.5;
  r.lat = 9.5;
  r.model = "conc";
  status = pm_plot_profile_read(&r, &d);
  pm_test_ok(status == PM_SUCCESS && !d.flux,
             "a concentration model's column: maps_baseline.nc");
  if (status) return;
  pm_test_ok(isnan(d.mean[2]), "the masked cell at 150 m is NAN");
  pm_test_rel(d.mean[1], 101, 0, "mean at 75 m in cell (0, 0): 101");
  pm_test_ok(d.nobs == 3, "its observed rows: B's two and D's one (got %zu)",
             d.nobs);
  if (d.nobs == 3) {
    pm_test_ok(d.obs_depth[1] == 80 && d.obs_value[1] == 18,
               "D: 9 counted in 0.5 m3 at 80 m, 18 m-3");
    pm_test_ok(d.obs_depth[2] == 140 && d.obs_value[2] == 0,
               "B's zero count at 140 m is kept");
  }
  pm_plot_profile_free(&d);

  r.profile = "B";
  status = pm_plot_profile_read(&r, &d);
  pm_test_ok(status == PM_SUCCESS && d.nobs == 2,
             "profile B of the concentration model: 2 rows");
  if (status) return;
  pm_test_rel(d.lon, -0.5, 0, "its longitude from the frame table");
  pm_test_rel(d.obs_value[0], 3, 0, "its first row: 6 in 2 m3, 3 m-3");
  pm_test_rel(d.mean[0], 1, 0, "its column is cell (0, 0): mean 1 at 25 m");
  pm_plot_profile_free(&d);
}

static void test_profile_errors(void)
{
  pm_plot_profile_request r = {dir, "nosuch", NULL, "A", 0, 0};
  pm_plot_profile_data d;
  int status = pm_plot_profile_read(&r, &d);

  pm_test_error(status, PM_EINPUT, pm_error_message(), "neither",
                "a model the run has no maps of");
  r.model = "pf";
  r.scenario = "warming";
  status = pm_plot_profile_read(&r, &d);
  pm_test_error(status, PM_EINPUT, pm_error_message(), "scenario 'warming'",
                "a scenario the run did not predict");
  r.scenario = NULL;
  r.profile = "Z";
  status = pm_plot_profile_read(&r, &d);
  pm_test_error(status, PM_EINPUT, pm_error_message(),
                "profile 'Z' is not in", "a profile that is not in the run");
  r.profile = NULL;
  r.lon = 5;
  r.lat = 12;
  status = pm_plot_profile_read(&r, &d);
  pm_test_error(status, PM_EUSAGE, pm_error_message(),
                "outside the grid of the maps (longitude -2 to 2",
                "a position east of the grid");
  r.lon = 0.5;
  r.lat = 8;
  status = pm_plot_profile_read(&r, &d);
  pm_test_error(status, PM_EUSAGE, pm_error_message(), "latitude 9 to 13",
                "a position south of the grid");
  r.lat = 12;
  unlink(in_dir("frame_pf.tsv"));
  status = pm_plot_profile_read(&r, &d);
  pm_test_error(status, PM_EINPUT, pm_error_message(),
                "frame_pf.tsv: cannot read the rows model 'pf' was fitted to",
                "a run without the model's frame table");
  if (make_frame(in_dir("frame_pf.tsv"), "A\t0.5\t11.5\tdeep\t2\t5\t\t5\t"
                 "mg C m-2 d-1\n"))
    return;
  status = pm_plot_profile_read(&r, &d);
  pm_test_error(status, PM_EINPUT, pm_error_message(), "deep",
                "a frame table with a depth that is not a number");
}

static void test_validation(void)
{
  pm_plot_validation_data *d = NULL;
  int status = pm_plot_validation_read(pm_test_path("tests/data/plot"), &d);

  pm_test_ok(status == PM_SUCCESS, "the demo run's validation tables read");
  if (status) {
    printf("# %s\n", pm_error_message());
    return;
  }
  /* facts of tests/data/plot/validation.tsv: 5 published rows, 5 traps
   * rows (left out); validation_traps.tsv: 6 traps */
  pm_test_ok(d->nrows == 5, "5 published comparisons (got %zu)", d->nrows);
  pm_test_ok(d->npairs == 6, "6 trap pairs (got %zu)", d->npairs);
  if (d->nrows == 5) {
    const pm_plot_validation_row *e = &d->rows[0], *h = &d->rows[4];
    pm_test_ok(strcmp(e->quantity, "export_100m") == 0 &&
                   strcmp(e->units, "Pg C yr-1") == 0,
               "the first quantity is export_100m in Pg C yr-1");
    pm_test_rel(e->run, 1.04735, 0, "its run value 1.04735");
    pm_test_rel(e->run_upper, 1.11552, 0, "its run upper bound 1.11552");
    pm_test_rel(e->value, 10.1228, 0, "its published value 10.1228");
    pm_test_ok(isnan(e->lower), "it has no published range");
    pm_test_ok(strcmp(h->quantity, "heterotrophic_plankton_biomass") == 0 &&
                   isnan(h->value) && isnan(h->run) && h->lower == 2 &&
                   h->upper == 4.6,
               "a range without a value, not produced: NAN, 2-4.6, NAN run");
    pm_test_ok(strcmp(h->verdict, "not produced by this run") == 0,
               "its verdict");
  }
  if (d->nrows == 5) {
    size_t group[5];
    pm_test_ok(pm_plot_validation_units(d, group) == 2 && group[3] == 0 &&
                   group[4] == 1,
               "two units, Pg C yr-1 and Pg C: two strips");
  }
  if (d->npairs == 6) {
    pm_test_ok(strcmp(d->pairs[0].model, "poc_flux") == 0,
               "the pairs are of model poc_flux");
    pm_test_rel(d->pairs[1].observed, 80.4, 0, "the second trap's observed");
    pm_test_rel(d->pairs[5].predicted, 12.9635, 0,
                "the sixth trap's predicted");
  }
  pm_plot_validation_free(d);

  status = pm_plot_validation_read(dir, &d);
  pm_test_error(status, PM_EIO, pm_error_message(), "plankmap validate",
                "a folder without validation.tsv");
  pm_test_ok(d == NULL, "nothing is returned on error");
}

/* Published rows in different units: one strip (axis) per unit, in the
 * order of first appearance. */
static void test_validation_units(void)
{
  pm_plot_validation_row rows[5];
  pm_plot_validation_data d = {5, 0, rows, NULL};
  const char *units[5] = {"%", "Pg C yr-1", "%", "1", "Pg C yr-1"};
  size_t group[5], want[5] = {0, 1, 0, 2, 1}, i, n;
  int same = 1;

  memset(rows, 0, sizeof rows);
  for (i = 0; i < 5; i++) rows[i].units = (char *)units[i];
  n = pm_plot_validation_units(&d, group);
  for (i = 0; i < 5; i++) same = same && group[i] == want[i];
  pm_test_ok(n == 3 && same, "%%, Pg C yr-1, %%, 1, Pg C yr-1: three units, "
             "groups 0 1 0 2 1 (got %zu: %zu %zu %zu %zu %zu)", n, group[0],
             group[1], group[2], group[3], group[4]);
}

/* Axis labels of partial effects: the caller's units, else a built-in
 * covariate's, else the name alone. */
static void test_covariate_labels(void)
{
  pm_plot_covariate_units u[3] = {{"temp", "degC"}, {"size", "um"},
                                  {"ratio", "1"}};
  char buf[64];

  pm_plot_covariate_label("temp", u, 3, buf, sizeof buf);
  pm_test_ok(strcmp(buf, "temp [degC]") == 0, "temp [degC] (got '%s')", buf);
  pm_plot_covariate_label("size", u, 3, buf, sizeof buf);
  pm_test_ok(strcmp(buf, "size [\xc2\xb5m]") == 0, "size [µm] (got '%s')",
             buf);
  pm_plot_covariate_label("logdepth", NULL, 0, buf, sizeof buf);
  pm_test_ok(strcmp(buf, "logdepth [log(m)]") == 0,
             "logdepth [log(m)] (got '%s')", buf);
  pm_plot_covariate_label("lat", u, 3, buf, sizeof buf);
  pm_test_ok(strcmp(buf, "lat [degrees_north]") == 0,
             "lat [degrees_north] (got '%s')", buf);
  pm_plot_covariate_label("ratio", u, 3, buf, sizeof buf);
  pm_test_ok(strcmp(buf, "ratio") == 0, "dimensionless: the name (got '%s')",
             buf);
  pm_plot_covariate_label("oxy", u, 3, buf, sizeof buf);
  pm_test_ok(strcmp(buf, "oxy") == 0, "unknown units: the name (got '%s')",
             buf);
}

int main(void)
{
  strcpy(dir, "/tmp/pm-plot-data.XXXXXX");
  if (!mkdtemp(dir)) return 99;
  if (make_maps(in_dir("flux_baseline.nc"), "pf") ||
      make_maps(in_dir("maps_baseline.nc"), "conc") ||
      make_frame(in_dir("frame_pf.tsv"), flux_rows) ||
      make_frame(in_dir("frame_conc.tsv"), count_rows))
    return 99;
  test_profile();
  test_column();
  test_profile_errors();
  test_validation();
  test_validation_units();
  test_covariate_labels();
  unlink(in_dir("flux_baseline.nc"));
  unlink(in_dir("maps_baseline.nc"));
  unlink(in_dir("frame_pf.tsv"));
  unlink(in_dir("frame_conc.tsv"));
  rmdir(dir);
  return pm_test_done();
}
