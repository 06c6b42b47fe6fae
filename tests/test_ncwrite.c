/* test_ncwrite.c: the CF NetCDF file of binned observations, read back with
 * the NetCDF API and ncdump; the summary of `plankmap info`; outputs renamed
 * into place.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "pm_error.h"
#include "pm_ncwrite.h"
#include "pm_output.h"
#include "pm_test.h"

#include <netcdf.h>
#include <sys/stat.h>
#include <unistd.h>

static char dir[] = "/tmp/pm-ncwrite-XXXXXX";
static char out_path[256];

static double edges[] = {0, 100, 500};

/* Two classes (a taxon and a size class), three samples in two cells. */
static pm_obs *observations(void)
{
  pm_obs *obs = pm_obs_alloc();
  pm_obs_profile p = {"test", "P1", "", 1400000000 /* 2014-05-13 */, 42.25, 7.75,
                      NULL, NULL, 0};
  size_t c, i, s;

  pm_obs_class_index(obs, "Copepoda", "living>Arthropoda>Copepoda", NAN, NAN, &c);
  pm_obs_class_index(obs, "LPM (1.02-1.29 mm)", NULL, 1.02, 1.29, &c);
  pm_obs_add_profile(obs, &p, &i);
  pm_obs_add_sample(obs, i, 0, 50, 2.0, "t", &s);
  obs->count[0][s] = 6;
  obs->count[1][s] = 0;
  pm_obs_add_sample(obs, i, 50, 90, 1.0, "t", &s);
  obs->count[0][s] = 2;
  obs->count[1][s] = 1;
  p.name = "P2";
  p.lat = -10.5;
  p.lon = -120.5;
  p.time = 1420000000; /* 2014-12-31 */
  pm_obs_add_profile(obs, &p, &i);
  pm_obs_add_sample(obs, i, 200, 300, 0.5, "t", &s);
  obs->count[0][s] = 0;
  obs->count[1][s] = 4;
  return obs;
}

static const char *files[] = {"data/a.tsv", "data/b.tsv"};
static const char *sums[] = {
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"};

static pm_nc_meta meta(void)
{
  pm_nc_meta m;
  pm_nc_meta_init(&m);
  m.version = "0.1.0";
  m.command = "grid test.cfg";
  m.config_path = "test.cfg";
  m.config_text = "grid = { resolution = 1.0; };\n";
  m.input_files = files;
  m.input_sha256 = sums;
  m.n_input_files = 2;
  m.date_created = 1700000000; /* 2023-11-14T22:13:20Z */
  return m;
}

static int text_att(int ncid, int var, const char *name, char *buf, size_t size)
{
  size_t len = 0;
  if (nc_inq_attlen(ncid, var, name, &len) || len >= size ||
      nc_get_att_text(ncid, var, name, buf))
    return 0;
  buf[len] = '\0';
  return 1;
}

static int att_is(int ncid, const char *var, const char *name, const char *want)
{
  char buf[4096];
  int v = NC_GLOBAL;
  if (var && nc_inq_varid(ncid, var, &v)) return 0;
  if (!text_att(ncid, v, name, buf, sizeof buf)) return 0;
  if (strcmp(buf, want)) printf("# %s:%s = '%s'\n", var ? var : "", name, buf);
  return strcmp(buf, want) == 0;
}

static double value(int ncid, const char *var, const size_t *index)
{
  int v;
  double x = -999;
  if (nc_inq_varid(ncid, var, &v) || nc_get_var1_double(ncid, v, index, &x))
    printf("# cannot read %s\n", var);
  return x;
}

/* Every numeric variable that is not a bounds variable has units; every data
 * variable a _FillValue. */
static void check_all_units(int ncid)
{
  int nvars, v, ndims, missing = 0, nofill = 0;
  nc_type type;
  char name[NC_MAX_NAME + 1];

  nc_inq_nvars(ncid, &nvars);
  for (v = 0; v < nvars; v++) {
    nc_inq_var(ncid, v, name, &type, &ndims, NULL, NULL);
    if (type == NC_STRING || strstr(name, "bnds") || strstr(name, "bounds"))
      continue;
    if (nc_inq_att(ncid, v, "units", NULL, NULL)) {
      printf("# %s has no units\n", name);
      missing++;
    }
    if (ndims >= 4 && nc_inq_att(ncid, v, "_FillValue", NULL, NULL)) nofill++;
  }
  pm_test_ok(nvars == 25 && !missing, "units on every variable (%d variables)", nvars);
  pm_test_ok(!nofill, "_FillValue on every data variable");
}

static void check_structure(int ncid)
{
  size_t len[6];
  const char *dims[6] = {"lon", "lat", "depth", "time", "class", "nv"};
  int d, i, ok = 1, v, fmt = 0;

  for (i = 0; i < 6; i++)
    ok &= !nc_inq_dimid(ncid, dims[i], &d) && !nc_inq_dimlen(ncid, d, &len[i]);
  pm_test_ok(ok && len[0] == 360 && len[1] == 180 && len[2] == 2 &&
                 len[3] == 12 && len[4] == 2 && len[5] == 2,
             "dimensions lon 360, lat 180, depth 2, time 12, class 2, nv 2");
  nc_inq_format(ncid, &fmt);
  pm_test_ok(fmt == NC_FORMAT_NETCDF4, "NetCDF-4 format");
  pm_test_ok(att_is(ncid, NULL, "Conventions", "CF-1.11, ACDD-1.3"), "Conventions");
  pm_test_ok(att_is(ncid, "lon", "units", "degrees_east") &&
                 att_is(ncid, "lon", "standard_name", "longitude") &&
                 att_is(ncid, "lon", "axis", "X") &&
                 att_is(ncid, "lon", "bounds", "lon_bnds"),
             "lon: units, standard_name, axis, bounds");
  pm_test_ok(att_is(ncid, "lat", "units", "degrees_north") &&
                 att_is(ncid, "lat", "bounds", "lat_bnds"),
             "lat: units, bounds");
  pm_test_ok(att_is(ncid, "depth", "units", "m") &&
                 att_is(ncid, "depth", "positive", "down") &&
                 att_is(ncid, "depth", "axis", "Z") &&
                 att_is(ncid, "depth", "bounds", "depth_bnds"),
             "depth: m, positive down, axis Z, bounds");
  pm_test_ok(att_is(ncid, "time", "units", "seconds since 1970-01-01 00:00:00") &&
                 att_is(ncid, "time", "calendar", "standard") &&
                 att_is(ncid, "time", "climatology", "climatology_bounds") &&
                 !nc_inq_varid(ncid, "climatology_bounds", &v),
             "time: units, calendar, monthly climatology bounds");
  pm_test_ok(att_is(ncid, "area", "standard_name", "cell_area") &&
                 att_is(ncid, "area", "units", "m2"),
             "area: cell_area in m2");
  pm_test_ok(att_is(ncid, "concentration", "standard_name",
                    "number_concentration_of_biological_taxon_in_sea_water") &&
                 att_is(ncid, "concentration", "units", "m-3") &&
                 att_is(ncid, "concentration", "cell_measures", "area: area") &&
                 att_is(ncid, "concentration", "coordinates",
                        "biological_taxon_name") &&
                 att_is(ncid, "concentration", "ancillary_variables",
                        "concentration_lower concentration_upper count"),
             "concentration: standard_name, units, cell_measures, coordinates, "
             "ancillary_variables");
  pm_test_ok(att_is(ncid, "concentration", "cell_methods",
                    "area: depth: mean time: mean within years time: mean "
                    "over years"),
             "climatological cell_methods");
  pm_test_ok(att_is(ncid, "biological_taxon_name", "standard_name",
                    "biological_taxon_name") &&
                 att_is(ncid, "size_min", "units", "m") &&
                 att_is(ncid, "volume", "units", "m3") &&
                 att_is(ncid, "n_samples", "units", "1") &&
                 att_is(ncid, "count", "units", "1"),
             "class names, size and volume units");
  check_all_units(ncid);
}

static void check_attributes(int ncid)
{
  char buf[4096];

  pm_test_ok(att_is(ncid, NULL, "history",
                    "2023-11-14T22:13:20Z plankmap 0.1.0 grid test.cfg") &&
                 att_is(ncid, NULL, "date_created", "2023-11-14T22:13:20Z"),
             "history and date_created");
  pm_test_ok(att_is(ncid, NULL, "plankmap_input_files",
                    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855  "
                    "data/a.tsv\n"
                    "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad  "
                    "data/b.tsv"),
             "input files with their SHA-256, one per line");
  pm_test_ok(att_is(ncid, NULL, "plankmap_config",
                    "grid = { resolution = 1.0; };\n") &&
                 att_is(ncid, NULL, "plankmap_version", "0.1.0"),
             "config text and version");
  pm_test_ok(att_is(ncid, NULL, "time_coverage_start", "2014-05-13T16:53:20Z") &&
                 att_is(ncid, NULL, "time_coverage_end", "2014-12-31T04:26:40Z"),
             "time coverage of the binned samples");
  pm_test_ok(text_att(ncid, NC_GLOBAL, "title", buf, sizeof buf) &&
                 text_att(ncid, NC_GLOBAL, "summary", buf, sizeof buf) &&
                 !text_att(ncid, NC_GLOBAL, "creator_name", buf, sizeof buf),
             "title and summary; creator_name left out when not given");
  {
    double latmax = 0, vmax = 0;
    nc_get_att_double(ncid, NC_GLOBAL, "geospatial_lat_max", &latmax);
    nc_get_att_double(ncid, NC_GLOBAL, "geospatial_vertical_max", &vmax);
    pm_test_ok(latmax == 90 && vmax == 500, "geospatial_lat_max 90, vertical max 500 m");
  }
}

static void check_values(int ncid, const pm_grid *g)
{
  /* P1 at (42.25 N, 7.75 E) in May: lon cell 187, lat cell 132, month 4. */
  size_t cop[5] = {0, 4, 0, 132, 187}, lpm[5] = {1, 4, 0, 132, 187};
  size_t deep[5] = {1, 11, 1, 79, 59}, empty[5] = {0, 4, 0, 133, 187};
  size_t cell[4] = {4, 0, 132, 187}, a[2] = {132, 0}, k[1] = {1};
  char *names[2] = {NULL, NULL};
  int v;

  /* 0-50 m (2 m3, 6 Copepoda) and 50-90 m (mid 70 m, 1 m3, 2 Copepoda). */
  pm_test_rel(value(ncid, "concentration", cop), 8.0 / 3.0, 1e-6,
              "Copepoda 8 / 3 m3 in layer 0..100 m");
  pm_test_rel(value(ncid, "concentration_upper", cop), 15.76319 / 3.0, 1e-5,
              "upper limit of 8 counts (15.763) / 3 m3");
  pm_test_rel(value(ncid, "count", lpm), 1, 0, "1 LPM counted");
  pm_test_rel(value(ncid, "volume", cell), 3, 0, "volume 3 m3");
  pm_test_rel(value(ncid, "n_samples", cell), 2, 0, "2 samples");
  /* P2 at (-10.5, -120.5), 200..300 m, December. */
  pm_test_rel(value(ncid, "concentration", deep), 8, 1e-6, "LPM 4 / 0.5 m3 at depth");
  pm_test_rel(value(ncid, "concentration", empty), NC_FILL_FLOAT, 1e-6,
              "an empty cell holds the fill value");
  pm_test_rel(value(ncid, "area", a), g->area[132], 1e-15, "area of row 132");
  pm_test_rel(value(ncid, "size_max", k), 1.29e-3, 1e-12, "size_max in m");
  pm_test_ok(isnan(value(ncid, "size_min", (size_t[]){0})), "size_min NaN for a taxon");
  if (!nc_inq_varid(ncid, "biological_taxon_name", &v) &&
      !nc_get_var_string(ncid, v, names)) {
    pm_test_ok(strcmp(names[0], "Copepoda") == 0 &&
                   strcmp(names[1], "LPM (1.02-1.29 mm)") == 0,
               "biological_taxon_name");
    nc_free_string(2, names);
  } else
    pm_test_ok(0, "biological_taxon_name readable");
}

static void check_ncdump(void)
{
  const char *ncdump = getenv("NCDUMP");
  char cmd[600], line[1024];
  int n_conv = 0, n_clim = 0, n_std = 0;
  FILE *p;

  snprintf(cmd, sizeof cmd, "'%s' -h '%s' 2>&1", ncdump ? ncdump : "ncdump",
           out_path);
  if (!pm_test_ok((p = popen(cmd, "r")) != NULL, "run ncdump -h")) return;
  while (fgets(line, sizeof line, p)) {
    n_conv += strstr(line, ":Conventions = \"CF-1.11, ACDD-1.3\"") != NULL;
    n_clim += strstr(line, "double climatology_bounds(time, nv)") != NULL;
    n_std += strstr(line, "string biological_taxon_name(class)") != NULL;
  }
  pm_test_ok(pclose(p) == 0 && n_conv == 1 && n_clim == 1 && n_std == 1,
             "ncdump -h reads the header: Conventions, climatology bounds, "
             "string class names");
}

static void check_info(void)
{
  char *text = NULL;
  int status = pm_nc_info(out_path, &text);

  pm_test_ok(status == PM_SUCCESS && text &&
                 strstr(text, "concentration(class, time, depth, lat, lon)") &&
                 strstr(text, "units: m-3") &&
                 strstr(text, "Conventions: CF-1.11, ACDD-1.3") &&
                 strstr(text, "    e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855  data/a.tsv") &&
                 strstr(text, "dimensions: lon = 360, lat = 180"),
             "info: variables with units, Conventions, input files");
  if (text && !strstr(text, "units: m-3")) printf("%s", text);
  free(text);
  pm_test_error(pm_nc_info("/nonexistent/x.nc", &text), PM_EIO,
                pm_error_message(), "/nonexistent/x.nc: NetCDF error while opening",
                "info on a missing file");
}

/* The folder holds `n` entries, each named in `names`: no temporary file. */
static int dir_holds(int n, const char *const *names)
{
  char cmd[600], line[512];
  int seen = 0, ok = 1, i, known;
  FILE *p;
  snprintf(cmd, sizeof cmd, "ls -A '%s'", dir);
  if (!(p = popen(cmd, "r"))) return 0;
  while (fgets(line, sizeof line, p)) {
    line[strcspn(line, "\n")] = '\0';
    for (known = 0, i = 0; i < n; i++) known |= strcmp(line, names[i]) == 0;
    if (!known) printf("# unexpected file %s\n", line);
    ok &= known;
    seen++;
  }
  pclose(p);
  return ok && seen == n;
}

static const char *const output_only[] = {"observations.nc", "taken"};

static void test_failures(const pm_grid *g, const pm_bin *b, pm_obs *obs)
{
  pm_nc_meta m = meta();
  char sub[300], *tmp = NULL;
  pm_obs *none = pm_obs_alloc();
  struct stat st;
  FILE *f;

  pm_test_error(pm_ncwrite_observations("/nonexistent/dir/o.nc", g, b, obs, &m),
                PM_EIO, pm_error_message(), "/nonexistent/dir/o.nc: cannot create",
                "missing output folder");
  /* The final rename fails onto a folder: the folder stays, no temp file. */
  snprintf(sub, sizeof sub, "%s/taken", dir);
  mkdir(sub, 0755);
  pm_test_error(pm_ncwrite_observations(sub, g, b, obs, &m), PM_EIO,
                pm_error_message(), "cannot move the finished output",
                "output name taken by a folder");
  pm_test_ok(stat(sub, &st) == 0 && S_ISDIR(st.st_mode) &&
                 dir_holds(2, output_only),
             "the folder stays and no temporary file is left");
  rmdir(sub);
  pm_test_error(pm_ncwrite_observations(out_path, g, b, none, &m), PM_EINPUT,
                pm_error_message(), "no class", "observations without classes");
  pm_obs_free(none);
  /* An aborted output leaves the existing file as it was. */
  f = fopen(out_path, "w");
  fputs("old", f);
  fclose(f);
  pm_test_ok(pm_output_begin(out_path, &tmp) == PM_SUCCESS && tmp &&
                 access(tmp, F_OK) == 0,
             "temporary output created");
  pm_output_abort(tmp);
  pm_test_ok(stat(out_path, &st) == 0 && st.st_size == 3 &&
                 dir_holds(1, output_only),
             "abort: the existing output is untouched, the temporary file gone");
}

/* The class totals of a file without a correction (none), and with one:
 * every value read back as written; a missing file is named. */
static void test_class_totals(const pm_grid *g, const pm_bin *b,
                              const pm_obs *obs)
{
  const double share[2] = {1, 0}, ratio[2] = {0.8, 1}, total[2] = {8, 5},
               draws[6] = {7, 8.5, 9, 5, 5, 5};
  pm_nc_meta m = meta();
  pm_nc_class_totals t;
  int ok;

  pm_test_ok(pm_nc_class_totals_read(out_path, &t) == PM_SUCCESS &&
                 t.nclass == 0 && t.ndraws == 0,
             "a file of counts as read has no class totals");
  m.count_correction = "a method";
  m.predicted_share = share;
  m.correction_ratio = ratio;
  m.corrected_total = total;
  m.correction_draws = draws;
  m.n_correction_draws = 3;
  if (!pm_test_ok(pm_ncwrite_observations(out_path, g, b, obs, &m) ==
                          PM_SUCCESS &&
                      pm_nc_class_totals_read(out_path, &t) == PM_SUCCESS,
                  "class totals written and read back (%s)",
                  pm_error_message()))
    return;
  ok = t.nclass == 2 && t.ndraws == 3 && !strcmp(t.names[0], "Copepoda") &&
       !memcmp(t.total, total, sizeof total) &&
       !memcmp(t.draws, draws, sizeof draws);
  pm_test_ok(ok, "... 2 classes, 3 draws each, as written");
  pm_nc_class_totals_free(&t);
  pm_test_error(pm_nc_class_totals_read("/no/such/observations.nc", &t),
                PM_EIO, pm_error_message(), "/no/such/observations.nc",
                "a missing file is named");
}

int main(void)
{
  double e[3];
  pm_grid_spec s = {-180, 180, -90, 90, 1, 1, e, 3, PM_TIME_MONTH};
  pm_obs *obs = observations();
  pm_grid *g = NULL;
  pm_bin *b = NULL;
  pm_nc_meta m = meta();
  int ncid;

  memcpy(e, edges, sizeof e);
  if (!mkdtemp(dir)) return 99;
  snprintf(out_path, sizeof out_path, "%s/observations.nc", dir);
  if (!pm_test_ok(pm_grid_alloc(&g, &s, 1400000000, 1420000000) == PM_SUCCESS &&
                      pm_bin_alloc(&b, g, obs) == PM_SUCCESS,
                  "grid and bins"))
    return pm_test_done();
  if (pm_test_ok(pm_ncwrite_observations(out_path, g, b, obs, &m) == PM_SUCCESS,
                 "write %s: %s", out_path, pm_error_message()) &&
      pm_test_ok(nc_open(out_path, NC_NOWRITE, &ncid) == NC_NOERR,
                 "read it back")) {
    check_structure(ncid);
    check_attributes(ncid);
    check_values(ncid, g);
    nc_close(ncid);
    pm_test_ok(dir_holds(1, output_only), "no temporary file left");
    check_ncdump();
    check_info();
  }
  test_class_totals(g, b, obs);
  test_failures(g, b, obs);
  unlink(out_path);
  rmdir(dir);
  pm_bin_free(b);
  pm_grid_free(g);
  pm_obs_free(obs);
  return pm_test_done();
}
