/* test_recovery.c: the recovery of a simulated truth (pipeline/recovery.h)
 * on a maps file and a truth map made by hand (2 x 2 cells, 2 layers, known
 * areas and thicknesses) and totals made by hand: the ratios and inside
 * flags of the totals, the volume-weighted log10 RMSE and the coverage of
 * the map, recovery.tsv, the report's section, and the errors of a truth
 * on another grid or without its variable.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "config.h"
#include "pm_error.h"
#include "pm_test.h"
#include "recovery.h"

#include <math.h>
#include <netcdf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char dir[4096];

#define CHECK(call)                                                          \
  do {                                                                       \
    if ((call) != NC_NOERR) {                                                \
      printf("Bail out! NetCDF call failed: %s\n", #call);                   \
      exit(1);                                                               \
    }                                                                        \
  } while (0)

#define F (-1e30) /* the _FillValue of the maps */

/* The grid: lon 2 cells (or 3), lat 2 cells, the layers 0-50 m and 50-150
 * m (thicknesses 50 and 100 m); the cell areas [lat][lon] are 1, 2, 3, 4
 * m2 (1, 2, 3, 4, 5, 6 with 3 columns).  So the volumes [depth][lat][lon]
 * are 50, 100, 150, 200 in the first layer, 100, 200, 300, 400 in the
 * second. */
static void def_grid(int nc, size_t nlon, int d[3])
{
  static const double lon2[2] = {-90, 90}, lon2_b[4] = {-180, 0, 0, 180};
  static const double lon3[3] = {-120, 0, 120},
                      lon3_b[6] = {-180, -60, -60, 60, 60, 180};
  static const double lat[2] = {-45, 45}, lat_b[4] = {-90, 0, 0, 90};
  static const double depth[2] = {25, 100}, depth_b[4] = {0, 50, 50, 150};
  static const double area[6] = {1, 2, 3, 4, 5, 6};
  int nv, var[7], b2[2], a2[2];

  CHECK(nc_def_dim(nc, "lon", nlon, &d[2]));
  CHECK(nc_def_dim(nc, "lat", 2, &d[1]));
  CHECK(nc_def_dim(nc, "depth", 2, &d[0]));
  CHECK(nc_def_dim(nc, "nv", 2, &nv));
  CHECK(nc_def_var(nc, "lon", NC_DOUBLE, 1, &d[2], &var[0]));
  CHECK(nc_def_var(nc, "lat", NC_DOUBLE, 1, &d[1], &var[1]));
  CHECK(nc_def_var(nc, "depth", NC_DOUBLE, 1, &d[0], &var[2]));
  b2[1] = nv;
  b2[0] = d[2];
  CHECK(nc_def_var(nc, "lon_bnds", NC_DOUBLE, 2, b2, &var[3]));
  b2[0] = d[1];
  CHECK(nc_def_var(nc, "lat_bnds", NC_DOUBLE, 2, b2, &var[4]));
  b2[0] = d[0];
  CHECK(nc_def_var(nc, "depth_bnds", NC_DOUBLE, 2, b2, &var[5]));
  a2[0] = d[1];
  a2[1] = d[2];
  CHECK(nc_def_var(nc, "area", NC_DOUBLE, 2, a2, &var[6]));
  CHECK(nc_put_att_text(nc, var[0], "units", 12, "degrees_east"));
  CHECK(nc_put_att_text(nc, var[0], "bounds", 8, "lon_bnds"));
  CHECK(nc_put_att_text(nc, var[1], "units", 13, "degrees_north"));
  CHECK(nc_put_att_text(nc, var[1], "bounds", 8, "lat_bnds"));
  CHECK(nc_put_att_text(nc, var[2], "units", 1, "m"));
  CHECK(nc_put_att_text(nc, var[2], "positive", 4, "down"));
  CHECK(nc_put_att_text(nc, var[2], "bounds", 10, "depth_bnds"));
  CHECK(nc_put_att_text(nc, var[6], "units", 2, "m2"));
  CHECK(nc_enddef(nc));
  CHECK(nc_put_var_double(nc, var[0], nlon == 3 ? lon3 : lon2));
  CHECK(nc_put_var_double(nc, var[1], lat));
  CHECK(nc_put_var_double(nc, var[2], depth));
  CHECK(nc_put_var_double(nc, var[3], nlon == 3 ? lon3_b : lon2_b));
  CHECK(nc_put_var_double(nc, var[4], lat_b));
  CHECK(nc_put_var_double(nc, var[5], depth_b));
  CHECK(nc_put_var_double(nc, var[6], area));
  CHECK(nc_redef(nc));
}

/* DIR/name: the grid with nlon columns and the variables names[0..n)
 * (depth, lat, lon) holding values[k], F where there is none. */
static const char *write_maps(const char *name, size_t nlon,
                              const char *const *names,
                              const double *const *values, size_t n)
{
  static char path[4200];
  const double fill = F;
  int nc, d[3], var[8];
  size_t k;

  snprintf(path, sizeof path, "%s/%s", dir, name);
  CHECK(nc_create(path, NC_CLOBBER | NC_NETCDF4, &nc));
  def_grid(nc, nlon, d);
  for (k = 0; k < n; k++) {
    CHECK(nc_def_var(nc, names[k], NC_DOUBLE, 3, d, &var[k]));
    CHECK(nc_def_var_fill(nc, var[k], 0, &fill));
    CHECK(nc_put_att_text(nc, var[k], "units", 3, "m-3"));
  }
  CHECK(nc_enddef(nc));
  for (k = 0; k < n; k++) CHECK(nc_put_var_double(nc, var[k], values[k]));
  CHECK(nc_close(nc));
  return path;
}

/* The run's maps of model "m", [depth][lat][lon], beside the truth:
 *
 *   cell      truth  mean  lower  upper  volume  log10(mean/truth) inside
 *   (0,0,0)   10     10    5      20     50       0                yes
 *   (0,0,1)   10     100   50     200    100      1                no
 *   (0,1,0)   10     1     0.5    5      150     -1                no
 *   (0,1,1)   10     0     0      1      200     (mean not > 0: left out)
 *   (1,0,0)   1      1     0.5    2      100      0                yes
 *   (1,0,1)   1      10    5      20     200      1                no
 *   (1,1,0)   1      F     F      F      300     (no mean: left out)
 *   (1,1,1)   F      5     1      10     400     (no truth: left out)
 *
 * 5 cells compared, total volume 600; the weighted sum of squares is
 * 100 + 150 + 200 = 450, so the log10 RMSE is sqrt(450 / 600) =
 * sqrt(0.75) = 0.8660254; the truth lies inside in cells of volume 50 +
 * 100 = 150: coverage 150 / 600 = 0.25, and in 2 cells of 5: 0.4. */
static const double truth[8] = {10, 10, 10, 10, 1, 1, 1, F};
static const double mean[8] = {10, 100, 1, 0, 1, 10, F, 5};
static const double lower[8] = {5, 50, 0.5, 0, 0.5, 5, F, 1};
static const double upper[8] = {20, 200, 5, 1, 2, 20, F, 10};

static char maps_path[4200], truth_path[4200], totals_path[4200];

static void write_inputs(void)
{
  static const char *const mnames[3] = {"m_mean", "m_lower", "m_upper"};
  const double *mvals[3] = {mean, lower, upper};
  const char *tname = "truth_mean";
  const double *tval = truth;

  snprintf(maps_path, sizeof maps_path, "%s",
           write_maps("maps_baseline.nc", 2, mnames, mvals, 3));
  snprintf(truth_path, sizeof truth_path, "%s",
           write_maps("truth.nc", 2, &tname, &tval, 1));
  /* the truth's totals: other scenarios, models and quantities are not
   * read; lat_eq has no predicted total */
  snprintf(totals_path, sizeof totals_path, "%s",
           pm_test_write_file(
               dir, "truth_totals.tsv",
               "scenario\tmodel\tregion\tquantity\tvalue\tlower\tupper\tunits\n"
               "baseline\ttruth\tlat_s\ttotal\t40\t\t\t1\n"
               "baseline\ttruth\tlat_n\ttotal\t60\t\t\t1\n"
               "baseline\ttruth\tlat_eq\ttotal\t5\t\t\t1\n"
               "warming\ttruth\tglobal\ttotal\t999\t\t\t1\n"
               "baseline\ttruth\tglobal\tinventory\t7\t\t\tm-2\n"
               "baseline\ttruth\tglobal\ttotal\t100\t\t\t1\n"));
}

/* The run's totals: model m with lat_s 30 [25, 35] (ratio 30 / 40 =
 * 0.75, truth 40 outside), lat_n 80 [50, 90] (ratio 80 / 60 = 1.3333,
 * inside), global 110 [90, 130] (ratio 1.1, inside), and rows that must
 * not be read. */
static pm_pipeline_total totals[5] = {
    {"baseline", "m", "lat_s", "total", "1", 30, 25, 35, 0},
    {"baseline", "m", "lat_n", "total", "1", 80, 50, 90, 0},
    {"warming", "m", "global", "total", "1", 500, 400, 600, 0},
    {"baseline", "m", "global", "total_difference", "1", 3, 2, 4, 0},
    {"baseline", "m", "global", "total", "1", 110, 90, 130, 0}};

/* A scenario of models m and f (a flux model, without a map) and its
 * recovery group. */
static void scenario(pm_scenario *sc, pm_scenario_model *models,
                     const char *truth_map)
{
  memset(sc, 0, sizeof *sc);
  memset(models, 0, 2 * sizeof *models);
  models[0].name = "m";
  models[1].name = "f";
  sc->path = "sim.cfg";
  sc->models = models;
  sc->n_models = 2;
  sc->recovery.given = 1;
  sc->recovery.where = "sim.cfg:80: recovery";
  sc->recovery.truth_map = (char *)truth_map;
  sc->recovery.truth_totals = totals_path;
}

static void check_rows(const pm_pipeline_recovery_model *m)
{
  static const char *const regions[4] = {"lat_s", "lat_n", "lat_eq",
                                         "global"};
  static const double ratio[4] = {0.75, 80.0 / 60, NAN, 1.1};
  static const int inside[4] = {0, 1, -1, 1};
  size_t j;

  for (j = 0; j < 4 && j < m->nrows; j++) {
    const pm_pipeline_recovery_row *w = &m->rows[j];
    pm_test_ok(strcmp(w->region, regions[j]) == 0, "row %zu is region %s",
               j, regions[j]);
    if (isnan(ratio[j]))
      pm_test_ok(isnan(w->predicted) && w->truth == 5 && isnan(w->ratio),
                 "%s: no predicted total, truth 5, no ratio", w->region);
    else
      pm_test_rel(w->ratio, ratio[j], 1e-12, "%s: ratio predicted / truth",
                  w->region);
    pm_test_ok(w->inside == inside[j], "%s: inside flag %d (got %d)",
               w->region, inside[j], w->inside);
  }
}

static void check_measures(const pm_pipeline_recovery_model *m)
{
  pm_test_ok(m->cells == 5, "5 cells compared (got %zu)", m->cells);
  pm_test_rel(m->log10_rmse, sqrt(0.75), 1e-12,
              "volume-weighted log10 RMSE sqrt(450 / 600)");
  pm_test_rel(m->coverage, 0.25, 1e-12, "coverage by volume 150 / 600");
  pm_test_rel(m->coverage_cells, 0.4, 1e-12, "coverage by cells 2 / 5");
}

/* The whole text of the file `path` (static buffer). */
static const char *slurp(const char *path)
{
  static char buf[16384];
  FILE *f = fopen(path, "r");
  size_t n = f ? fread(buf, 1, sizeof buf - 1, f) : 0;

  buf[n] = '\0';
  if (f) fclose(f);
  return buf;
}

static void check_outputs(const pm_scenario *sc,
                          const pm_pipeline_recovered *r)
{
  char path[4200];
  const char *text, *totals_at;

  pm_test_ok(pm_pipeline_recovery_write(dir, r) == PM_SUCCESS,
             "recovery.tsv written (%s)", pm_error_message());
  snprintf(path, sizeof path, "%s/recovery.tsv", dir);
  text = slurp(path);
  if (!pm_test_ok(strcmp(text,
                    "model\tregion\tpredicted\tlower\tupper\ttruth\tratio\t"
                    "truth_inside\tlog10_rmse\tcell_coverage\tcells\n"
                    "m\tlat_s\t30\t25\t35\t40\t0.75\t0\t\t\t\n"
                    "m\tlat_n\t80\t50\t90\t60\t1.333333333\t1\t\t\t\n"
                    "m\tlat_eq\t\t\t\t5\t\t\t\t\t\n"
                    "m\tglobal\t110\t90\t130\t100\t1.1\t1\t0.8660254038\t"
                    "0.25\t5\n") == 0,
             "recovery.tsv: the map measures on the global row only"))
    printf("# recovery.tsv:\n%s", text);
  pm_test_ok(pm_pipeline_write_report(dir, sc, NULL, NULL, 0, totals, 5, r, NULL,
                                      0) == PM_SUCCESS,
             "report.md written (%s)", pm_error_message());
  snprintf(path, sizeof path, "%s/report.md", dir);
  text = slurp(path);
  totals_at = strstr(text, "## Totals");
  pm_test_ok(totals_at && strstr(totals_at, "## Recovery of the simulated "
                                            "truth"),
             "report.md: the recovery after the totals");
  pm_test_ok(strstr(text, "| global | 110 [90, 130] | 100 | 1.1 | yes |") &&
                 strstr(text, "| lat_s | 30 [25, 35] | 40 | 0.75 | no |") &&
                 strstr(text, "| lat_eq | n/a [n/a, n/a] | 5 | n/a | n/a |"),
             "report.md: the rows of model m");
  /* 10^0.866 = 7.35: a factor of about 7.3 */
  pm_test_ok(strstr(text, "1.1 times the true total (10% above it), inside "
                          "its 95% interval") &&
                 strstr(text, "log10 RMSE of map over truth is 0.866: the "
                              "map is typically within a factor of about "
                              "7.3 of the truth") &&
                 strstr(text, "in 25% of the volume (40% of the cells)"),
             "report.md: what the numbers mean");
}

static void test_recovery(void)
{
  pm_scenario sc;
  pm_scenario_model models[2];
  pm_pipeline_recovered *r = NULL;
  int status;

  scenario(&sc, models, truth_path);
  status = pm_pipeline_recovery(&sc, dir, totals, 5, &r);
  if (!pm_test_ok(status == PM_SUCCESS, "recovery computed (%s)",
                  pm_error_message()))
    return;
  pm_test_ok(r->nmodels == 1 && strcmp(r->models[0].model, "m") == 0,
             "model f, without a map, is left out (%zu models)", r->nmodels);
  pm_test_ok(r->models[0].nrows == 4, "4 regions: those of the truth "
             "(got %zu)", r->models[0].nrows);
  check_rows(&r->models[0]);
  check_measures(&r->models[0]);
  check_outputs(&sc, r);
  pm_pipeline_recovery_free(r);
}

/* The section's words for a close map: a global ratio of 1.02 and a log10
 * RMSE of 0.05, 10^0.05 = 1.122: within about 12% of the truth. */
static void test_words(void)
{
  pm_pipeline_recovery_row row = {"global", 102, 95, 110, 100, 1.02, 1};
  pm_pipeline_recovery_model m = {"close", &row, 1, 40, 0.05, 0.93, 0.9};
  pm_pipeline_recovered r = {"truth.nc", "truth_totals.tsv", &m, 1};
  char text[4096];
  FILE *f = tmpfile();
  size_t n;

  if (!f) {
    printf("Bail out! no temporary file\n");
    exit(1);
  }
  pm_pipeline_recovery_section(f, &r);
  rewind(f);
  n = fread(text, 1, sizeof text - 1, f);
  text[n] = '\0';
  fclose(f);
  pm_test_ok(strstr(text, "predicts 1.02 times the true total (2% above "
                          "it), inside its 95% interval") &&
                 strstr(text, "(40 cells, weighted by their volume) the "
                              "log10 RMSE of map over truth is 0.050: the "
                              "map is typically within about 12% of the "
                              "truth") &&
                 strstr(text, "in 93% of the volume (90% of the cells)"),
             "a close map: within about 12%% of the truth cell by cell");
}

/* A truth of 3 columns, and a truth without truth_mean. */
static void test_errors(void)
{
  static const double wide[12] = {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1};
  const char *name = "truth_mean", *other = "truth_median";
  const double *v = wide;
  char wide_path[4200], msg[1024];
  pm_scenario sc;
  pm_scenario_model models[2];
  pm_pipeline_recovered *r = NULL;
  int status;

  snprintf(wide_path, sizeof wide_path, "%s",
           write_maps("truth_wide.nc", 3, &name, &v, 1));
  scenario(&sc, models, wide_path);
  status = pm_pipeline_recovery(&sc, dir, totals, 5, &r);
  snprintf(msg, sizeof msg, "%s", pm_error_message());
  pm_test_error(status, PM_EINPUT, msg, wide_path,
                "a truth on another grid: an error naming it");
  pm_test_ok(strstr(msg, maps_path) != NULL && r == NULL,
             "... and the run's maps (%s)", msg);
  v = truth;
  scenario(&sc, models, write_maps("truth_other.nc", 2, &other, &v, 1));
  status = pm_pipeline_recovery(&sc, dir, totals, 5, &r);
  pm_test_error(status, PM_EINPUT, pm_error_message(),
                "no variable 'truth_mean'",
                "a truth without truth_mean: an error naming it");
  pm_test_ok(strstr(pm_error_message(), "truth_other.nc") != NULL,
             "... and its file");
}

/* Truth totals in other units than the model's, or with no row of the
 * truth's baseline total. */
static void test_bad_totals(void)
{
  pm_scenario sc;
  pm_scenario_model models[2];
  pm_pipeline_recovered *r = NULL;
  int status;

  scenario(&sc, models, truth_path);
  sc.recovery.truth_totals = (char *)pm_test_write_file(
      dir, "units.tsv",
      "scenario\tmodel\tregion\tquantity\tvalue\tlower\tupper\tunits\n"
      "baseline\ttruth\tglobal\ttotal\t100\t\t\tPg C\n");
  status = pm_pipeline_recovery(&sc, dir, totals, 5, &r);
  pm_test_error(status, PM_EINPUT, pm_error_message(),
                "region 'global': the true total is in 'Pg C'",
                "truth totals in other units: an error");
  sc.recovery.truth_totals = (char *)pm_test_write_file(
      dir, "none.tsv",
      "scenario\tmodel\tregion\tquantity\tvalue\tlower\tupper\tunits\n"
      "baseline\tm\tglobal\ttotal\t100\t\t\t1\n");
  status = pm_pipeline_recovery(&sc, dir, totals, 5, &r);
  pm_test_error(status, PM_EINPUT, pm_error_message(),
                "none.tsv: no row of scenario 'baseline', model 'truth'",
                "truth totals without the truth's total: an error");
}

int main(void)
{
  const char *base = getenv("TMPDIR");

  snprintf(dir, sizeof dir, "%s/pm-test-recovery-XXXXXX",
           base ? base : "/tmp");
  if (!mkdtemp(dir)) {
    printf("Bail out! cannot make a temporary folder\n");
    return 1;
  }
  write_inputs();
  test_recovery();
  test_words();
  test_errors();
  test_bad_totals();
  pm_test_remove_dir(dir);
  return pm_test_done();
}
