/* test_field.c: covariate fields read from the real Levitus and ETOPO files
 * of ferret-datasets and from small World Ocean Atlas-style files written
 * here: axes, unpacking, sampling rules and errors; slices of those files
 * (pm_slice.h).
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#define _POSIX_C_SOURCE 200809L
#include "config.h"
#include "pm_error.h"
#include "pm_field.h"
#include "pm_slice.h"
#include "pm_test.h"

#include <netcdf.h>
#include <stdint.h>
#include <time.h>
#include <unistd.h>

#define LEVITUS PM_FERRET_DATA_DIR "/levitus_climatology.cdf"
#define ETOPO PM_FERRET_DATA_DIR "/etopo20.cdf"

static char tmpdir[64];

static int opened(int st, const char *what)
{
  return pm_test_ok(st == 0, "%s opens%s%s", what, st ? ": " : "",
                    st ? pm_error_message() : "");
}

/* ---- small WOA-style files ---- */

enum { NLON = 8, NLAT = 4, NDEPTH = 3 };
static const double lats[NLAT] = {-30, -10, 10, 30};
static const double depths[NDEPTH] = {0, 10, 50};

/* The physical field the small files hold (linear in lat and depth). */
static double truth(double lon360, double lat, double depth, int month)
{
  return 10 + 0.01 * lon360 + 0.1 * lat + 0.02 * depth + month;
}

typedef struct {
  double lon0;         /* first longitude: -157.5 or 22.5, step 45 */
  int up;              /* depth positive up, dimensions (lon, depth, lat) */
  int packed;          /* short with scale_factor and add_offset */
  int ntime;           /* 0: no time axis; 12: months since */
  const char *zunits;  /* depth units */
  int no_lon_attrs;    /* longitude without axis, standard_name, units */
  int all_fill;
} woa;

static int def_coord(int ncid, const char *name, int dim, const char *units,
                     const char *sname, const char *axis)
{
  int v;
  nc_def_var(ncid, name, NC_DOUBLE, 1, &dim, &v);
  if (units) nc_put_att_text(ncid, v, "units", strlen(units), units);
  if (sname) nc_put_att_text(ncid, v, "standard_name", strlen(sname), sname);
  if (axis) nc_put_att_text(ncid, v, "axis", strlen(axis), axis);
  return v;
}

/* Raw value of a packed short: v = raw * 0.01 + 10. */
static short pack(double v) { return (short)lround((v - 10) / 0.01); }
static double unpacked(double v) { return pack(v) * 0.01 + 10; }

static const char *write_woa(const char *name, const woa *w)
{
  static char path[8][128];
  static int next;
  char *p = path[next++ % 8];
  int ncid, dx, dy, dz, dt, vx, vy, vz, vt = -1, var, dims[4], nd = 0;
  int nt = w->ntime ? w->ntime : 1;
  double lon[NLON], z[NDEPTH], t[12];
  size_t n = (size_t)nt * NLON * NLAT * NDEPTH, i;
  float *vals = malloc(n * sizeof *vals);
  short *raw = malloc(n * sizeof *raw);
  short sfill = -32767;
  float ffill = 9.96921e36f;

  snprintf(p, 128, "%s/%s", tmpdir, name);
  nc_create(p, NC_CLOBBER | NC_NETCDF4, &ncid);
  nc_def_dim(ncid, "lon", NLON, &dx);
  nc_def_dim(ncid, "lat", NLAT, &dy);
  nc_def_dim(ncid, "depth", NDEPTH, &dz);
  if (w->ntime) nc_def_dim(ncid, "time", (size_t)w->ntime, &dt);
  vx = w->no_lon_attrs ? def_coord(ncid, "lon", dx, "degrees", NULL, NULL)
                       : def_coord(ncid, "lon", dx, "degrees_east",
                                   "longitude", "X");
  vy = def_coord(ncid, "lat", dy, "degrees_north", "latitude", "Y");
  vz = def_coord(ncid, "depth", dz, w->zunits, "depth", "Z");
  nc_put_att_text(ncid, vz, "positive", w->up ? 2 : 4, w->up ? "up" : "down");
  if (w->ntime) vt = def_coord(ncid, "time", dt, "months since 1955-01-01",
                               "time", "T");
  if (w->ntime) dims[nd++] = dt;
  if (w->up) dims[nd++] = dx, dims[nd++] = dz, dims[nd++] = dy;
  else dims[nd++] = dz, dims[nd++] = dy, dims[nd++] = dx;
  nc_def_var(ncid, "t_an", w->packed ? NC_SHORT : NC_FLOAT, nd, dims, &var);
  if (w->packed) {
    double scale = 0.01, offset = 10;
    short range[2] = {-30000, 30000};
    nc_put_att_short(ncid, var, "_FillValue", NC_SHORT, 1, &sfill);
    nc_put_att_double(ncid, var, "scale_factor", NC_DOUBLE, 1, &scale);
    nc_put_att_double(ncid, var, "add_offset", NC_DOUBLE, 1, &offset);
    nc_put_att_short(ncid, var, "valid_range", NC_SHORT, 2, range);
  } else
    nc_put_att_float(ncid, var, "_FillValue", NC_FLOAT, 1, &ffill);
  nc_put_att_text(ncid, var, "units", 16, "degrees_Celsius");
  nc_enddef(ncid);
  for (i = 0; i < NLON; i++) lon[i] = w->lon0 + 45.0 * (double)i;
  for (i = 0; i < NDEPTH; i++) z[i] = w->up ? -depths[i] : depths[i];
  for (i = 0; i < 12; i++) t[i] = (double)i + 0.5;
  nc_put_var_double(ncid, vx, lon);
  nc_put_var_double(ncid, vy, lats);
  nc_put_var_double(ncid, vz, z);
  if (w->ntime) nc_put_var_double(ncid, vt, t);
  for (i = 0; i < n; i++) { /* i runs over the file's own order */
    size_t it = i / (NLON * NLAT * NDEPTH), r = i % (NLON * NLAT * NDEPTH);
    size_t ix, iy, iz;
    if (w->up) ix = r / (NDEPTH * NLAT), iz = r / NLAT % NDEPTH, iy = r % NLAT;
    else iz = r / (NLAT * NLON), iy = r / NLON % NLAT, ix = r % NLON;
    double v = truth(fmod(lon[ix] + 360.0, 360.0), lats[iy], depths[iz],
                     w->ntime ? (int)it + 1 : 0);
    vals[i] = (float)v;
    raw[i] = pack(v);
    if (w->all_fill || (iz == 2 && iy == 0 && ix == 0)) /* one missing */
      vals[i] = ffill, raw[i] = sfill;
    if (w->packed && iz == 2 && iy == 1 && ix == 0) raw[i] = 31000;
  }
  if (w->packed) nc_put_var_short(ncid, var, raw);
  else nc_put_var_float(ncid, var, vals);
  nc_close(ncid);
  free(vals);
  free(raw);
  return p;
}

static void test_woa_axes(void)
{
  woa a = {.lon0 = -157.5, .zunits = "m"};
  pm_field *f = NULL;
  size_t n;
  const double *v;
  int st = pm_field_open(&f, write_woa("a.nc", &a), "t_an");

  opened(st, "WOA-style file");
  if (st) return;
  v = pm_field_lon(f, &n);
  pm_test_ok(n == NLON && v[0] == -157.5 && v[7] == 157.5 &&
                 pm_field_lon_periodic(f),
             "longitudes -157.5..157.5, periodic");
  v = pm_field_depth(f, &n);
  pm_test_ok(n == 3 && v[2] == 50, "3 depths, positive down");
  pm_test_ok(pm_field_months(f, &n) == NULL && n == 0, "no time axis");
  pm_test_ok(!strcmp(pm_field_units(f), "degrees_Celsius"), "units");
  pm_test_ok(isnan(pm_field_at(f, 0, 2, 0, 0)), "_FillValue is NAN");
  pm_test_rel(pm_field_at(f, 0, 1, 2, 3), truth(-22.5 + 360, 10, 10, 0), 1e-6,
              "value at (lon -22.5, lat 10, 10 m)");
  pm_field_free(f);
}

/* The same physical field stored with longitudes -180..180 and 0..360,
 * queried in both conventions, gives the same values. */
static void test_lon_conventions(void)
{
  woa a = {.lon0 = -157.5, .zunits = "m"}, b = {.lon0 = 22.5, .zunits = "m"};
  pm_field *fa = NULL, *fb = NULL;
  double lon[4] = {180, -180, 0, 359.999}, lat[4] = {0, 0, 0, 0};
  double d[4] = {5, 5, 5, 5}, va[4], vb[4], wa[4], wb[4], lon2[4];
  size_t ma, mb, i;
  int ok = 1;

  pm_field_open(&fa, write_woa("a.nc", &a), "t_an");
  if (pm_field_open(&fb, write_woa("b.nc", &b), "t_an") || !fa) {
    pm_test_ok(0, "0..360 file opens: %s", pm_error_message());
    pm_field_free(fa);
    return;
  }
  pm_field_sample(fa, 4, lon, lat, d, NULL, 0, va, &ma);
  pm_field_sample(fb, 4, lon, lat, d, NULL, 0, vb, &mb);
  for (i = 0; i < 4; i++) lon2[i] = lon[i] < 0 ? lon[i] + 360 : lon[i] - 360;
  pm_field_sample(fa, 4, lon2, lat, d, NULL, 0, wa, &ma);
  pm_field_sample(fb, 4, lon2, lat, d, NULL, 0, wb, &mb);
  for (i = 0; i < 4; i++)
    ok &= fabs(va[i] - vb[i]) < 1e-5 && fabs(va[i] - wa[i]) < 1e-5 &&
          fabs(vb[i] - wb[i]) < 1e-5;
  pm_test_ok(ok && ma == 0 && mb == 0,
             "-180..180 and 0..360 files, queried either way, agree");
  /* lon 180 lies halfway between 157.5 and 202.5; lon 0 between 337.5
   * and 22.5; lat 0 halfway between -10 and 10; 5 m halfway to 10 m. */
  pm_test_rel(va[0], (truth(157.5, 0, 5, 0) + truth(202.5, 0, 5, 0)) / 2,
              1e-6, "bilinear across the dateline");
  pm_test_rel(va[2], (truth(337.5, 0, 5, 0) + truth(22.5, 0, 5, 0)) / 2,
              1e-6, "bilinear across the Greenwich meridian");
  pm_field_free(fa);
  pm_field_free(fb);
}

static void test_packed_up_months(void)
{
  woa p = {.lon0 = 22.5, .up = 1, .packed = 1, .ntime = 12, .zunits = "meters"};
  pm_field *f = NULL;
  size_t n, miss;
  const double *z;
  const int *m;
  double lon[3] = {22.5, 22.5, 67.5}, lat[3] = {10, 10, -30},
         d[3] = {10, 10, 30}, v[3];
  int mon[3] = {3, 12, 1};
  int st = pm_field_open(&f, write_woa("p.nc", &p), "t_an");

  opened(st, "packed, positive up, 12 months");
  if (st) return;
  z = pm_field_depth(f, &n);
  pm_test_ok(n == 3 && z[0] == 0 && z[1] == 10 && z[2] == 50,
             "positive-up depths become 0, 10, 50 m down");
  m = pm_field_months(f, &n);
  pm_test_ok(n == 12 && m[0] == 1 && m[11] == 12,
             "months since 1955-01-01, 0.5..11.5: January..December");
  pm_test_rel(pm_field_at(f, 2, 1, 2, 0), unpacked(truth(22.5, 10, 10, 3)), 1e-6,
              "unpacked short (scale_factor, add_offset), dims (lon, depth, lat)");
  pm_test_ok(isnan(pm_field_at(f, 0, 2, 0, 0)), "short _FillValue is NAN");
  pm_test_ok(isnan(pm_field_at(f, 0, 2, 1, 0)), "outside valid_range is NAN");
  st = pm_field_sample(f, 3, lon, lat, d, mon, 0, v, &miss);
  pm_test_rel(v[0], unpacked(truth(22.5, 10, 10, 3)), 1e-6, "month 3 picks March");
  pm_test_rel(v[1], unpacked(truth(22.5, 10, 10, 12)), 1e-6,
              "month 12 picks December");
  /* halfway between 10 and 50 m; each level exact to 0.005 once packed */
  pm_test_rel(v[2], truth(67.5, -30, 30, 1), 0.005 / 10, "linear in depth (30 m)");
  pm_test_error(pm_field_sample(f, 3, lon, lat, d, NULL, 0, v, &miss),
                PM_EUSAGE, pm_error_message(), "give the month",
                "a climatology needs months");
  mon[1] = 13;
  pm_test_error(pm_field_sample(f, 3, lon, lat, d, mon, 0, v, &miss), PM_EUSAGE,
                pm_error_message(), "month 13 of point 2",
                "month 13 is refused");
  pm_field_free(f);
}

static void test_bad_files(void)
{
  woa nolon = {.lon0 = 22.5, .zunits = "m", .no_lon_attrs = 1};
  woa fath = {.lon0 = 22.5, .zunits = "fathoms"};
  woa fill = {.lon0 = 22.5, .zunits = "m", .all_fill = 1};
  const char *p;
  pm_field *f = NULL;

  p = write_woa("nolon.nc", &nolon);
  pm_test_error(pm_field_open(&f, p, "t_an"), PM_EINPUT, pm_error_message(),
                "has no longitude axis: looked for a coordinate variable with "
                "axis = \"X\", standard_name = \"longitude\"",
                "missing longitude axis");
  pm_test_ok(f == NULL && strstr(pm_error_message(), p) != NULL,
             "the message names the file");
  pm_test_error(pm_field_open(&f, write_woa("fath.nc", &fath), "t_an"),
                PM_EINPUT, pm_error_message(),
                "variable 't_an', axis 'depth': depth axis units 'fathoms' not "
                "understood",
                "depth in fathoms");
  pm_test_error(pm_field_open(&f, write_woa("fill.nc", &fill), "t_an"),
                PM_EINPUT, pm_error_message(),
                "all values of variable 't_an' are missing", "all fill");
  pm_test_error(pm_field_open(&f, LEVITUS, "o_an"), PM_EINPUT,
                pm_error_message(), "no variable 'o_an'; the file has: "
                "XAXLEVITR, YAXLEVITR, ZAXLEVITR, ZAXLEVITRedges, TEMP, SALT",
                "no such variable lists the variables");
  pm_test_error(pm_field_open(&f, "/nonexistent/x.nc", "t"), PM_EIO,
                pm_error_message(), "/nonexistent/x.nc", "no such file");
}

/* ---- Levitus ---- */

static void test_levitus(void)
{
  pm_field *f = NULL;
  const double *v;
  size_t n, miss;
  int st = pm_field_open(&f, LEVITUS, "TEMP");
  /* Known values (ncdump): TEMP at lon 200.5, lat 0.5 is 26.795 at 0 m,
   * 1.41 at 4000 m and missing at 5000 m. */
  double lon[6] = {200.5, 200.5, 200.5 - 360, 200.5, 200.5, 200.5};
  double lat[6] = {0.5, 0.5, 0.5, 0.5, 0.5, 0.5};
  double d[6] = {0, 4000, 0, 4400, 4600, 5001}, s[6];

  opened(st, "Levitus TEMP");
  if (st) return;
  v = pm_field_lon(f, &n);
  pm_test_ok(n == 360 && v[0] == 20.5 && v[359] == 379.5 &&
                 pm_field_lon_periodic(f),
             "XAXLEVITR: 360 longitudes 20.5..379.5, periodic");
  v = pm_field_lat(f, &n);
  pm_test_ok(n == 180 && v[0] == -89.5 && v[179] == 89.5, "YAXLEVITR");
  v = pm_field_depth(f, &n);
  pm_test_ok(n == 20 && v[0] == 0 && v[19] == 5000 && v[13] == 1000,
             "ZAXLEVITR: 20 depths 0..5000 m (METERS, positive down)");
  pm_test_ok(isnan(pm_field_at(f, 0, 0, 90, 0)),
             "-1e10 fill at (20.5E, 0.5N): Africa");
  pm_test_rel(pm_field_at(f, 0, 0, 90, 180), 26.795, 1e-6, "surface value");
  pm_field_sample(f, 6, lon, lat, d, NULL, 0, s, &miss);
  pm_test_rel(s[0], 26.795, 1e-6, "sample at a surface tropical cell");
  pm_test_rel(s[1], 1.41, 1e-6, "sample at 4000 m");
  pm_test_rel(s[2], 26.795, 1e-6, "the same point as -159.5");
  pm_test_rel(s[3], 1.41, 1e-6, "4400 m: the seafloor lies below 4000 m");
  pm_test_ok(isnan(s[4]) && isnan(s[5]) && miss == 2,
             "4600 m (nearer the missing 5000 m level) and 5001 m are missing");
  pm_field_free(f);
}

static void test_levitus_dateline_coast(void)
{
  pm_field *f = NULL;
  double lon[4] = {179.9, -179.9, 180.1, 116.5}, lat[4] = {0, 0, 0, -29.5};
  double s[4], t[4];
  size_t miss;

  if (pm_field_open(&f, LEVITUS, "TEMP")) return;
  pm_field_sample(f, 4, lon, lat, NULL, NULL, 200, s, &miss);
  /* Between 179.5 and 180.5 the four corners are 28.077, 28.0, 28.118,
   * 28.044 (ncdump). */
  pm_test_ok(fabs(s[0] - s[1]) < 0.02 && s[0] > 28.0 && s[0] < 28.12,
             "179.9 and -179.9 nearly equal (%g, %g)", s[0], s[1]);
  pm_test_rel(s[1], s[2], 1e-12, "-179.9 and 180.1 equal");
  pm_test_rel(s[0], 0.6 * 0.5 * (28.077 + 28.118) + 0.4 * 0.5 * (28.0 + 28.044),
              1e-6, "bilinear at 179.9E, 0N by hand");
  /* 116.5E 29.5S lies in Western Australia; the nearest ocean cell is
   * 114.5E 29.5S (193 km), 21.39 degC. */
  pm_test_rel(s[3], 21.39, 1e-6, "coastal point takes the ocean 193 km away");
  pm_test_ok(miss == 0, "nothing missing with 200 km");
  pm_field_sample(f, 4, lon, lat, NULL, NULL, 1, t, &miss);
  pm_test_ok(isnan(t[3]) && miss == 1, "NAN within 1 km, and counted");
  pm_field_sample(f, 4, lon, lat, NULL, NULL, 150, t, &miss);
  pm_test_ok(isnan(t[3]) && miss == 1, "NAN within 150 km");
  pm_field_free(f);
}

/* 10^6 points at random: timing (10^7 points in about 10 times as long). */
static void test_speed(void)
{
  enum { N = 1000000 };
  pm_field *f = NULL;
  double *lon = malloc(N * sizeof *lon), *lat = malloc(N * sizeof *lat),
         *d = malloc(N * sizeof *d), *v = malloc(N * sizeof *v);
  size_t miss, i;
  struct timespec t0, t1;
  unsigned long long x = 88172645463325252ULL;

  if (pm_field_open(&f, LEVITUS, "TEMP")) goto done;
  for (i = 0; i < N; i++) { /* xorshift64 (Marsaglia 2003) */
    x ^= x << 13, x ^= x >> 7, x ^= x << 17;
    lon[i] = (double)(x % 3600000) / 10000.0 - 180.0;
    lat[i] = (double)(x / 3600000 % 1600000) / 10000.0 - 80.0;
    d[i] = (double)(x / 3600000 / 1600000 % 2000);
  }
  clock_gettime(CLOCK_MONOTONIC, &t0);
  pm_field_sample(f, N, lon, lat, d, NULL, 100, v, &miss);
  clock_gettime(CLOCK_MONOTONIC, &t1);
  printf("# %d points in %.3f s, %zu missing\n", N,
         (double)(t1.tv_sec - t0.tv_sec) + 1e-9 * (double)(t1.tv_nsec - t0.tv_nsec),
         miss);
  pm_test_ok(miss > N / 10 && miss < N / 2, "random points: some on land");
done:
  pm_field_free(f);
  free(lon), free(lat), free(d), free(v);
}

/* COADS SST: 12 steps in "hour since 0000-01-01" (366 h = 16 January,
 * 8401.335 h = 16 December of the leap year 0); missing_value only. */
static void test_coads_months(void)
{
  pm_field *f = NULL;
  const int *m;
  size_t n, i;
  int ok = 1, st = pm_field_open(&f, PM_FERRET_DATA_DIR "/coads_climatology.cdf",
                                 "SST");

  opened(st, "COADS SST");
  if (st) return;
  m = pm_field_months(f, &n);
  for (i = 0; i < n; i++) ok &= m[i] == (int)i + 1;
  pm_test_ok(n == 12 && ok, "hours since 0000-01-01: January..December");
  pm_field_free(f);
}

/* ---- ETOPO20 ---- */

static void test_etopo(void)
{
  pm_field *f = NULL;
  const double *v;
  size_t n, miss;
  double lon[3] = {86.9, 200, 116.4999904}, lat[3] = {28, 0, -29.500006}, s[3];
  double tlon[2] = {115.5, 116.5}, tlat[2] = {-30.5, -29.5}, g[4], b[4];
  pm_field_rows row = {1, 1};
  int st = pm_field_open(&f, ETOPO, "ROSE");

  opened(st, "ETOPO20 ROSE");
  if (st) return;
  v = pm_field_lon(f, &n);
  pm_test_ok(n == 1080 && pm_field_lon_periodic(f) && fabs(v[0] - 20.1666667) < 1e-9,
             "1081 longitudes, the repeated last one dropped, periodic");
  pm_test_ok(pm_field_depth(f, &n) == NULL && n == 0, "2-D relief");
  pm_field_sample(f, 3, lon, lat, NULL, NULL, 0, s, &miss);
  pm_test_ok(s[0] > 4000 && s[1] < -3000, "Himalaya %g m, central Pacific %g m",
             s[0], s[1]);
  pm_test_rel(s[2], 292.6875, 1e-4, "ROSE at a grid point (ncdump)");
  /* 1-degree cell 116-117E, 30-29S: the 9 ETOPO20 cells weighted by
   * cos(latitude) average 309.1958 m (computed from ncdump). */
  pm_field_regrid(f, 2, tlon, 2, tlat, 0, NULL, 0, PM_FIELD_CONSERVATIVE, 0, g,
                  &miss);
  pm_test_rel(g[3], 309.195828, 1e-6, "conservative mean onto 1 degree");
  pm_field_regrid(f, 2, tlon, 2, tlat, 0, NULL, 0, PM_FIELD_AUTO, 0, b, &miss);
  pm_test_ok(!memcmp(g, b, sizeof g), "auto chooses conservative (finer source)");
  pm_field_regrid(f, 2, tlon, 2, tlat, 0, NULL, 0, PM_FIELD_BILINEAR, 0, b, &miss);
  pm_field_sample(f, 1, &tlon[1], &tlat[1], NULL, NULL, 0, s, &miss);
  pm_test_rel(b[3], s[0], 1e-12, "bilinear regrid equals point sampling");
  pm_field_regrid_rows(f, 2, tlon, 2, tlat, &row, 0, NULL, 0, PM_FIELD_AUTO,
                       0, b, &miss);
  pm_test_ok(!memcmp(b, g + 2, 2 * sizeof *g),
             "the second row alone: conservative still, as in the whole grid");
  pm_field_free(f);
}

static void test_regrid_levitus(void)
{
  pm_field *f = NULL;
  double tlon[3] = {-160.5, -159.5, -158.5}, tlat[2] = {0.5, 1.5};
  double d[2] = {0, 5001}, g[12], r[6];
  pm_field_rows second = {1, 1}, past = {1, 2};
  size_t miss;

  if (pm_field_open(&f, LEVITUS, "TEMP")) return;
  pm_field_regrid(f, 3, tlon, 2, tlat, 2, d, 0, PM_FIELD_AUTO, 0, g, &miss);
  pm_test_rel(g[1], 26.795, 1e-6, "regrid onto the same grid keeps the value");
  pm_test_ok(miss == 6 && isnan(g[6]), "below the deepest level: missing");
  pm_field_regrid_rows(f, 3, tlon, 2, tlat, &second, 2, d, 0, PM_FIELD_AUTO,
                       0, r, &miss);
  pm_test_ok(!memcmp(r, g + 3, 3 * sizeof *g) && miss == 3 && isnan(r[3]),
             "the second row alone, at both depths: the grid's values");
  pm_test_ok(pm_field_regrid_rows(f, 3, tlon, 2, tlat, &past, 2, d, 0,
                                  PM_FIELD_AUTO, 0, r, &miss) == PM_EUSAGE &&
                 strstr(pm_error_message(), "rows 2 to 3 of a grid of 2"),
             "rows past the grid: usage error (%s)", pm_error_message());
  pm_field_free(f);
}

/* ---- slices of a variable (pm_slice.h) ---- */

/* A map of the WOA-style file at a depth given by value. */
static void test_slice_by_value(void)
{
  woa a = {.lon0 = -157.5, .zunits = "m"};
  pm_slice_var *v = NULL;
  pm_slice_coord z = {0};
  size_t at[3] = {0, 0, 0}, nd, k = 0;
  double map[NLAT * NLON];
  int st = pm_slice_open(&v, write_woa("a.nc", &a), "t_an"), dx, dy;

  opened(st, "a slice of the WOA-style file");
  if (st) return;
  pm_slice_dims(v, &nd);
  dx = pm_slice_find(v, PM_SLICE_LON);
  dy = pm_slice_find(v, PM_SLICE_LAT);
  pm_test_ok(nd == 3 && pm_slice_find(v, PM_SLICE_DEPTH) == 0 && dy == 1 &&
                 dx == 2 && pm_slice_find(v, PM_SLICE_TIME) == -1,
             "dimensions (depth, lat, lon) told by their attributes");
  st = pm_slice_coord_read(v, 0, &z);
  if (!st) st = pm_slice_nearest(v, &z, "depth", 40, &k);
  pm_test_ok(!st && k == 2 && !z.from_file && z.bnds[2] == 5 &&
                 z.bnds[3] == 30 && !strcmp(z.units, "m"),
             "40 m: the nearest depth is 50 m; no bounds variable: 10 m "
             "spans 5 to 30 m");
  at[0] = k;
  st = pm_slice_read(v, (size_t)dx, (size_t)dy, at, map);
  pm_test_ok(!st && isnan(map[0]), "the _FillValue at (-157.5, -30, 50 m) "
             "is NAN");
  pm_test_rel(map[2 * NLON + 3], truth(-22.5 + 360, 10, 50, 0), 1e-6,
              "row lat 10, column lon -22.5: the value at 50 m");
  pm_test_ok(!strcmp(pm_slice_units(v), "degrees_Celsius") &&
                 !strcmp(pm_slice_long_name(v), ""),
             "its units; no long_name is \"\"");
  pm_test_error(pm_slice_nearest(v, &z, "depth", 80, &k), PM_EUSAGE,
                pm_error_message(), "depth 80 is outside the depth axis (-5 "
                "to 70)", "a depth below the axis");
  pm_slice_coord_free(&z);
  pm_slice_close(v);
}

/* A packed variable stored (time, lon, depth, lat): the map comes out
 * [lat][lon], unpacked. */
static void test_slice_transposed(void)
{
  woa p = {.lon0 = 22.5, .up = 1, .packed = 1, .ntime = 12, .zunits = "m"};
  pm_slice_var *v = NULL;
  size_t at[4] = {2, 0, 1, 0};
  double map[NLAT * NLON];
  int st = pm_slice_open(&v, write_woa("p.nc", &p), "t_an");

  opened(st, "a slice of the packed file");
  if (st) return;
  st = pm_slice_read(v, (size_t)pm_slice_find(v, PM_SLICE_LON),
                     (size_t)pm_slice_find(v, PM_SLICE_LAT), at, map);
  pm_test_ok(!st && pm_slice_find(v, PM_SLICE_TIME) == 0,
             "March at 10 m read (%s)", st ? pm_error_message() : "");
  pm_test_rel(map[2 * NLON + 1], unpacked(truth(67.5, 10, 10, 3)), 1e-6,
              "row lat 10, column lon 67.5: unpacked");
  at[2] = 2;
  st = pm_slice_read(v, (size_t)pm_slice_find(v, PM_SLICE_LON),
                     (size_t)pm_slice_find(v, PM_SLICE_LAT), at, map);
  pm_test_ok(!st && isnan(map[0]) && isnan(map[NLON]),
             "a short _FillValue and a value outside valid_range are NAN");
  pm_slice_close(v);
}

static void test_slice_errors(void)
{
  woa a = {.lon0 = -157.5, .zunits = "m"};
  const char *path = write_woa("a.nc", &a);
  pm_slice_var *v = NULL;
  size_t at[3] = {3, 0, 0}, k;
  double map[NLAT * NLON];

  pm_test_error(pm_slice_open(&v, path, "s_an"), PM_EINPUT,
                pm_error_message(), "no variable 's_an'; the file has: lon, "
                "lat, depth, t_an", "a missing variable lists those there are");
  pm_test_ok(v == NULL && strstr(pm_error_message(), path) != NULL,
             "the message names the file");
  if (pm_slice_open(&v, path, "t_an")) return;
  pm_test_error(pm_slice_read(v, 2, 1, at, map), PM_EUSAGE,
                pm_error_message(), "variable 't_an': index 3 of its "
                "dimension 'depth' does not exist; it has 3",
                "a bad index names the variable and the dimension");
  pm_test_ok(strstr(pm_error_message(), path) != NULL,
             "the message names the file");
  pm_test_error(pm_slice_index(v, 0, "layer", -1, &k), PM_EUSAGE,
                pm_error_message(), "layer -1 does not exist; the file has 3 "
                "(0 to 2)", "a bad layer");
  pm_test_error(pm_slice_read(v, 2, 2, at, map), PM_EUSAGE,
                pm_error_message(), "a slice spans two different ones",
                "a slice of one dimension twice");
  pm_slice_close(v);
  pm_test_error(pm_slice_open(&v, "/nonexistent/x.nc", "t"), PM_EIO,
                pm_error_message(), "/nonexistent/x.nc", "no such file");
}

int main(void)
{
  snprintf(tmpdir, sizeof tmpdir, "/tmp/pm_test_field.XXXXXX");
  if (!mkdtemp(tmpdir)) return 99;
  test_woa_axes();
  test_lon_conventions();
  test_packed_up_months();
  test_bad_files();
  test_levitus();
  test_levitus_dateline_coast();
  test_coads_months();
  test_etopo();
  test_regrid_levitus();
  test_speed();
  test_slice_by_value();
  test_slice_transposed();
  test_slice_errors();
  {
    const char *names[] = {"a.nc", "b.nc", "p.nc", "nolon.nc", "fath.nc",
                           "fill.nc"};
    char p[128];
    for (size_t i = 0; i < 6; i++) {
      snprintf(p, sizeof p, "%s/%s", tmpdir, names[i]);
      unlink(p);
    }
    rmdir(tmpdir);
  }
  return pm_test_done();
}
