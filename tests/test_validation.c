/* test_validation.c: the published table, the trap table, the comparison
 * of totals and the matching of traps to a hand-made maps file.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "pm_error.h"
#include "pm_test.h"
#include "pm_validation.h"

#include <netcdf.h>
#include <stdint.h>
#include <unistd.h>

static char dir[4096];

static const char header[] =
    "quantity\tvalue\tlower\tupper\tunits\thorizon\tregion\tsource\tdoi\tnote\n";

static const pm_published_row *find(const pm_published *p, const char *q)
{
  size_t i;
  for (i = 0; i < p->n; i++)
    if (strcmp(p->rows[i].quantity, q) == 0) return &p->rows[i];
  return NULL;
}

/* The installed table: 31 rows of the POC flux database, 2 Clements et al.
 * 2023, Martin et al. 1987, 2 Laget et al. 2024, 4 Hernandez-Leon & Ikeda
 * 2005, Buitenhuis et al. 2013. */
static void test_published(void)
{
  pm_published *p = NULL;
  const pm_published_row *r;
  int status = pm_published_read(&p, pm_test_path("validation/published.tsv"));

  if (!pm_test_ok(status == 0, "published.tsv reads (%s)",
                  pm_error_message()))
    return;
  pm_test_ok(p->n == 41, "41 published estimates (got %zu)", p->n);
  r = &p->rows[0];
  pm_test_ok(strcmp(r->quantity, "export_100m") == 0 && r->line == 2 &&
                 r->value == 10.122771653442515 && isnan(r->lower) &&
                 strcmp(r->units, "Pg C yr-1") == 0,
             "first row: Dunne 2007 export at 100 m as in the file");
  r = find(p, "export_euphotic");
  pm_test_ok(r && r->value == 5.8 && r->lower == 5.7 && r->upper == 5.9 &&
                 strcmp(r->doi, "10.1029/2022GB007633") == 0,
             "Clements et al. 2023: 5.8 +- 0.1 Pg C yr-1");
  r = find(p, "martin_b");
  pm_test_ok(r && r->value == 0.858 && strcmp(r->units, "1") == 0,
             "Martin et al. 1987: b = 0.858");
  r = find(p, "heterotrophic_plankton_biomass");
  pm_test_ok(r && isnan(r->value) && r->lower == 2.0 && r->upper == 4.6,
             "Buitenhuis et al. 2013: a range without a central value");
  pm_published_free(p);
}

static void bad_table(const char *name, const char *rows, const char *fragment)
{
  char text[2048];
  pm_published *p = (pm_published *)1;
  int status;

  snprintf(text, sizeof text, "%s%s", strncmp(rows, "quantity", 8) ? header : "",
           rows);
  status = pm_published_read(&p, pm_test_write_file(dir, "bad.tsv", text));
  pm_test_error(status, PM_EINPUT, pm_error_message(), fragment, "%s", name);
  pm_test_ok(p == NULL, "%s: nothing returned", name);
}

static void test_bad_published(void)
{
  bad_table("a value that is not a number",
            "a\t1\t\t\tPg C yr-1\t100 m\tglobal\tX 2000\t\t\n"
            "b\tabc\t\t\tPg C yr-1\t100 m\tglobal\tX 2000\t\t\n",
            "bad.tsv:3: column 2 'value': 'abc' is not a number");
  bad_table("a bound that is not a number",
            "a\t1\t0.5\tlots\tPg C yr-1\t100 m\tglobal\tX 2000\t\t\n",
            "bad.tsv:2: column 4 'upper': 'lots' is not a number");
  bad_table("a missing column",
            "quantity\tvalue\tlower\tupper\tunits\thorizon\tregion\tsource\t"
            "note\na\t1\t\t\tPg\t\tglobal\tX\t\n",
            "bad.tsv:1: no column 'doi' in the header");
  bad_table("a truncated row", "a\t1\t\t\tPg C yr-1\n",
            "bad.tsv:2: the row has 5 fields but the header has 10");
  bad_table("lower above upper",
            "a\t1\t2\t0.5\tPg C yr-1\t100 m\tglobal\tX 2000\t\t\n",
            "bad.tsv:2: column 3 'lower': lower 2 is above upper 0.5");
  bad_table("a value outside its range",
            "a\t3\t1\t2\tPg C yr-1\t100 m\tglobal\tX 2000\t\t\n",
            "bad.tsv:2: column 2 'value': 3 lies outside its range");
  bad_table("neither value nor range",
            "a\t\t1\t\tPg C yr-1\t100 m\tglobal\tX 2000\t\t\n",
            "bad.tsv:2: column 2 'value': no value and no complete range");
  bad_table("empty units", "a\t1\t\t\t\t100 m\tglobal\tX 2000\t\t\n",
            "column 5 'units': the units are empty");
  bad_table("no source", "a\t1\t\t\tPg\t100 m\tglobal\t\t\t\n",
            "column 8 'source': the source is empty");
  bad_table("no rows", "", "no estimates after the header");
}

static void test_traps(void)
{
  pm_traps *t = NULL;
  int status = pm_traps_read(&t, pm_test_path("validation/traps.csv"));

  if (!pm_test_ok(status == 0, "traps.csv reads (%s)", pm_error_message()))
    return;
  pm_test_ok(t->n == 1975, "1975 point observations (got %zu)", t->n);
  pm_test_ok(strcmp(t->rows[0].id, "10355") == 0 &&
                 strcmp(t->rows[0].method, "sediment trap") == 0 &&
                 t->rows[0].lon == -126.08 && t->rows[0].lat == 71.073 &&
                 t->rows[0].depth == 100 && t->rows[0].flux == 41.9,
             "first observation as in the file");
  pm_traps_free(t);
  status = pm_traps_read(
      &t, pm_test_write_file(dir, "t.csv",
                             "id,method,lon,lat,depth,poc_flux_obs\n"
                             "1,trap,10,95,100,3\n"));
  pm_test_error(status, PM_EINPUT, pm_error_message(),
                "t.csv:2: column 4 'lat': 95 is not a latitude",
                "a latitude beyond the pole");
  status = pm_traps_read(
      &t, pm_test_write_file(dir, "t.csv", "id,method,lon,lat,poc_flux_obs\n"));
  pm_test_error(status, PM_EINPUT, pm_error_message(), "no column 'depth'",
                "a trap table without depth");
}

static const pm_validation_comparison *
comparison(const pm_validation_comparison *c, size_t n, const char *q)
{
  size_t i;
  for (i = 0; i < n; i++)
    if (strcmp(c[i].published->quantity, q) == 0) return &c[i];
  return NULL;
}

static void test_compare(void)
{
  pm_published *p = NULL;
  pm_validation_totals *t = NULL;
  pm_validation_comparison *c = NULL;
  const pm_validation_comparison *k;
  size_t n = 0;
  int status;

  status = pm_published_read(&p, pm_test_path("validation/published.tsv"));
  if (!status)
    status = pm_validation_totals_read(
        &t, pm_test_write_file(
                dir, "totals.tsv",
                "scenario\tmodel\tregion\tquantity\tvalue\tlower\tupper\tunits\n"
                "baseline\tflux\tglobal\texport_euphotic\t6.0\t5.8\t6.2\tPg C yr-1\n"
                "baseline\tflux\tglobal\texport_mld_max\t6.15\t6.1\t6.2\tPg C yr-1\n"
                "baseline\tflux\tglobal\tmartin_b\t0.9\t0.8\t1\tm\n"
                "baseline\tflux\ttropics\tphaeodaria_carbon_demand\t1\t\t\tPg C yr-1\n"
                "warm\tflux\tglobal\tphaeodaria_carbon_demand\t1\t\t\tPg C yr-1\n"
                "baseline\tflux\tglobal\tmesozooplankton_respiration_0_200m\t3\t2\t4\tPg C yr-1\n"
                "baseline\tflux\tglobal\tmesozooplankton_respiration_1000_3000m\t0.3\t0.2\t0.4\tPg C yr-1\n"
                "baseline\tflux\tglobal\tmesozooplankton_respiration_1000_5000m\t0.5\t0.3\t0.7\tPg C yr-1\n"));
  if (!status) status = pm_validation_compare_totals(p, t, &c, &n);
  if (!pm_test_ok(status == 0, "totals read and compared (%s)",
                  pm_error_message()))
    goto cleanup;
  pm_test_ok(n == p->n, "one comparison per published row (%zu)", n);
  k = comparison(c, n, "export_mld_max");
  pm_test_ok(k && k->verdict == PM_VERDICT_INSIDE, "6.15 lies inside 6.0-6.2");
  pm_test_rel(k ? k->ratio : 0, 6.15 / 6.1, 1e-15, "ratio 6.15 / 6.1");
  k = comparison(c, n, "export_euphotic");
  pm_test_ok(k && k->verdict == PM_VERDICT_OVERLAP,
             "6.0 (5.8-6.2) overlaps 5.7-5.9");
  k = comparison(c, n, "mesozooplankton_respiration_0_200m");
  pm_test_ok(k && k->verdict == PM_VERDICT_OUTSIDE,
             "3 (2-4) lies outside 6.7-14.1");
  k = comparison(c, n, "mesozooplankton_respiration_below_1000m");
  pm_test_ok(k && k->run && k->run->value == 0.5 &&
                 k->verdict == PM_VERDICT_INSIDE,
             "below 1000 m: the deepest layer from 1000 m, 1000-5000 m");
  k = comparison(c, n, "martin_b");
  pm_test_ok(k && k->verdict == PM_VERDICT_UNITS && isnan(k->ratio),
             "units m against 1: a units mismatch, no ratio");
  k = comparison(c, n, "phaeodaria_carbon_demand");
  pm_test_ok(k && k->verdict == PM_VERDICT_NOT_PRODUCED && !k->run,
             "a regional or non-baseline row does not count");
  k = comparison(c, n, "export_100m");
  pm_test_ok(k && k->verdict == PM_VERDICT_NOT_PRODUCED &&
                 strcmp(pm_verdict_name(k->verdict),
                        "not produced by this run") == 0,
             "export_100m: not produced by this run");
cleanup:
  free(c);
  pm_published_free(p);
  pm_validation_totals_free(t);
}

#define CHECK(call)                                                          \
  do {                                                                       \
    if ((call) != NC_NOERR) {                                                \
      printf("Bail out! NetCDF call failed: %s\n", #call);                   \
      exit(1);                                                               \
    }                                                                        \
  } while (0)

/* A maps file of 2 x 2 cells and 2 depths (100 m for 0-300 m, 500 m for
 * 300-1000 m; without layer bounds when `layers` is 0), its coordinates
 * told by their units and bounds as pm_ncmaps.h writes them; flux_mean
 * holds [depth][lat][lon] = {10, 20, masked, 40}, {1, 2, 3, 4}, and the
 * monthly flux_lower [time][depth][lat][lon] = {10, 20, masked, 40}, {1,
 * 2, 3, 4} in January, {30, masked, 5, 40}, {3, 4, 5, 6} in July. */
static const char *write_maps(const char *name, int layers)
{
  static char path[4200];
  static const double lon[2] = {-90, 90}, lat[2] = {-45, 45};
  static const double lon_b[4] = {-180, 0, 0, 180}, lat_b[4] = {-90, 0, 0, 90};
  static const double depth[2] = {100, 500}, depth_b[4] = {0, 300, 300, 1000};
  const double fill = -1e30;
  const double v[16] = {10, 20, fill, 40, 1, 2, 3, 4,
                        30, fill, 5, 40, 3, 4, 5, 6};
  int nc, d[5], var[8], b2[2], m3[3], m4[4];

  snprintf(path, sizeof path, "%s/%s", dir, name);
  CHECK(nc_create(path, NC_CLOBBER | NC_NETCDF4, &nc));
  CHECK(nc_def_dim(nc, "lon", 2, &d[0]));
  CHECK(nc_def_dim(nc, "lat", 2, &d[1]));
  CHECK(nc_def_dim(nc, "depth", 2, &d[2]));
  CHECK(nc_def_dim(nc, "nv", 2, &d[3]));
  CHECK(nc_def_dim(nc, "time", 2, &d[4]));
  CHECK(nc_def_var(nc, "lon", NC_DOUBLE, 1, &d[0], &var[0]));
  CHECK(nc_def_var(nc, "lat", NC_DOUBLE, 1, &d[1], &var[1]));
  CHECK(nc_def_var(nc, "depth", NC_DOUBLE, 1, &d[2], &var[2]));
  b2[1] = d[3];
  b2[0] = d[0];
  CHECK(nc_def_var(nc, "lon_bnds", NC_DOUBLE, 2, b2, &var[3]));
  b2[0] = d[1];
  CHECK(nc_def_var(nc, "lat_bnds", NC_DOUBLE, 2, b2, &var[4]));
  b2[0] = d[2];
  if (layers) CHECK(nc_def_var(nc, "depth_bnds", NC_DOUBLE, 2, b2, &var[5]));
  CHECK(nc_put_att_text(nc, var[0], "units", 12, "degrees_east"));
  CHECK(nc_put_att_text(nc, var[0], "bounds", 8, "lon_bnds"));
  CHECK(nc_put_att_text(nc, var[1], "units", 13, "degrees_north"));
  CHECK(nc_put_att_text(nc, var[1], "bounds", 8, "lat_bnds"));
  CHECK(nc_put_att_text(nc, var[2], "units", 1, "m"));
  if (layers) CHECK(nc_put_att_text(nc, var[2], "bounds", 10, "depth_bnds"));
  m3[0] = d[2];
  m3[1] = d[1];
  m3[2] = d[0];
  CHECK(nc_def_var(nc, "flux_mean", NC_DOUBLE, 3, m3, &var[6]));
  CHECK(nc_def_var_fill(nc, var[6], 0, &fill));
  CHECK(nc_put_att_text(nc, var[6], "units", 12, "mg C m-2 d-1"));
  m4[0] = d[4];
  memcpy(m4 + 1, m3, sizeof m3);
  CHECK(nc_def_var(nc, "flux_lower", NC_DOUBLE, 4, m4, &var[7]));
  CHECK(nc_def_var_fill(nc, var[7], 0, &fill));
  CHECK(nc_enddef(nc));
  CHECK(nc_put_var_double(nc, var[0], lon));
  CHECK(nc_put_var_double(nc, var[1], lat));
  CHECK(nc_put_var_double(nc, var[2], depth));
  CHECK(nc_put_var_double(nc, var[3], lon_b));
  CHECK(nc_put_var_double(nc, var[4], lat_b));
  if (layers) CHECK(nc_put_var_double(nc, var[5], depth_b));
  CHECK(nc_put_var_double(nc, var[6], v));
  CHECK(nc_put_var_double(nc, var[7], v));
  CHECK(nc_close(nc));
  return path;
}

static void test_maps(void)
{
  pm_validation_map *m = NULL;
  pm_traps *t = NULL;
  pm_validation_stats s;
  int status = pm_validation_map_read(&m, write_maps("maps.nc", 1), "flux");

  if (!pm_test_ok(status == 0, "hand-made maps read (%s)", pm_error_message()))
    return;
  pm_test_ok(strcmp(m->units, "mg C m-2 d-1") == 0, "the map's units");
  pm_test_ok(pm_validation_map_at(m, -100, -30, 100) == 10,
             "(-100, -30, 100 m): first cell, first layer");
  pm_test_ok(pm_validation_map_at(m, 100, -30, 250) == 20,
             "250 m lies in the 0-300 m layer");
  pm_test_ok(isnan(pm_validation_map_at(m, -100, 30, 100)),
             "a masked cell gives NAN");
  pm_test_ok(pm_validation_map_at(m, 270, 30, 800) == 3,
             "longitude 270 is -90: cell 0; 800 m in the second layer");
  /* Pairs (pred, obs): (10, 5), (20, 20), (3, 30) used; (40, 0) matched
   * but not positive; the masked cell not matched.  log10 differences
   * 0.30103, 0, -1: bias -0.69897/3, RMSE sqrt((0.30103^2 + 1)/3); r by
   * hand from x = (1, 1.30103, 0.47712), y = (0.69897, 1.30103, 1.47712). */
  status = pm_traps_read(
      &t, pm_test_write_file(dir, "t.csv",
                             "id,method,lon,lat,depth,poc_flux_obs\n"
                             "a,trap,-100,-30,100,5\n"
                             "b,trap,100,-30,150,20\n"
                             "c,trap,-100,30,100,7\n"
                             "d,thorium,270,30,800,30\n"
                             "e,trap,10,60,120,0\n"));
  if (!status) status = pm_validation_match_traps(t, m, &s);
  if (pm_test_ok(status == 0, "traps matched (%s)", pm_error_message())) {
    pm_test_ok(s.n_points == 5 && s.n_matched == 4 && s.n_used == 3,
               "5 traps, 4 matched, 3 positive pairs (got %zu, %zu, %zu)",
               s.n_points, s.n_matched, s.n_used);
    pm_test_rel(s.bias, -0.23299000144533963, 1e-12, "bias of log10");
    pm_test_rel(s.rmse, 0.6029425230455101, 1e-12, "RMSE of log10");
    pm_test_rel(s.r, -0.36320899753634983, 1e-12, "correlation of log10");
  }
  pm_traps_free(t);
  pm_validation_map_free(m);
  m = NULL;
  status = pm_validation_map_read(&m, write_maps("points.nc", 0), "flux");
  pm_test_ok(status == 0 && pm_validation_map_at(m, 100, -30, 250) == 20 &&
                 pm_validation_map_at(m, 100, -30, 350) == 2,
             "without layer bounds: the nearest depth (250 m -> 100 m, "
             "350 m -> 500 m)");
  pm_validation_map_free(m);
  status = pm_validation_map_read_part(&m, write_maps("maps.nc", 1), "flux",
                                       "lower");
  pm_test_ok(status == 0 && pm_validation_map_at(m, -100, -30, 100) == 20 &&
                 pm_validation_map_at(m, 100, -30, 100) == 20 &&
                 pm_validation_map_at(m, -100, 30, 100) == 5 &&
                 pm_validation_map_at(m, 100, 30, 800) == 5,
             "a monthly map: the mean over the months of each cell's values "
             "(one month masked: the other)");
  pm_validation_map_free(m);
  status = pm_validation_map_read(&m, write_maps("maps.nc", 1), "carbon");
  pm_test_error(status, PM_EINPUT, pm_error_message(),
                "no variable 'carbon_mean'", "a model the maps do not hold");
}

static void test_stats_edges(void)
{
  const double p[2] = {1, 2}, o[2] = {10, -1};
  pm_validation_stats s;

  pm_validation_log_stats(p, o, 2, &s);
  pm_test_ok(s.n_used == 1 && s.bias == -1 && s.rmse == 1 && isnan(s.r),
             "one pair: bias and RMSE, no correlation");
  pm_validation_log_stats(p, o, 0, &s);
  pm_test_ok(s.n_used == 0 && isnan(s.bias) && isnan(s.rmse),
             "no pairs: no statistics");
}

/* The files the tests wrote, then their folder. */
static void remove_files(void)
{
  static const char *const names[] = {"bad.tsv", "t.csv", "totals.tsv",
                                      "maps.nc", "points.nc"};
  char path[4200];
  size_t i;

  for (i = 0; i < sizeof names / sizeof names[0]; i++) {
    snprintf(path, sizeof path, "%s/%s", dir, names[i]);
    unlink(path);
  }
  rmdir(dir);
}

int main(void)
{
  const char *base = getenv("TMPDIR");

  snprintf(dir, sizeof dir, "%s/pm-test-validation-XXXXXX",
           base ? base : "/tmp");
  if (!mkdtemp(dir)) {
    printf("Bail out! cannot make a temporary folder\n");
    return 1;
  }
  test_published();
  test_bad_published();
  test_traps();
  test_compare();
  test_maps();
  test_stats_edges();
  remove_files();
  return pm_test_done();
}
