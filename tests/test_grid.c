/* test_grid.c: grid axes, cell lookup, time axes and exact cell areas.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "pm_error.h"
#include "pm_grid.h"
#include "pm_test.h"

#include <stdint.h>

/* WGS84 (a = 6378137 m, f = 1/298.257223563) total area, m2, as GeographicLib
 * documents it (Karney 2013; the a0 of its polygon tests). */
#define WGS84_AREA 510065621724088.5093

static double edges4[] = {0, 10, 50, 200};

static pm_grid_spec spec(double lon_min, double lon_max, double lat_min,
                         double lat_max, double dlon, double dlat,
                         pm_time_axis axis)
{
  pm_grid_spec s;
  s.lon_min = lon_min;
  s.lon_max = lon_max;
  s.lat_min = lat_min;
  s.lat_max = lat_max;
  s.dlon = dlon;
  s.dlat = dlat;
  s.depth_edges = edges4;
  s.n_depth_edges = 4;
  s.time_axis = axis;
  return s;
}

/* Authalic area of a quadrangle written out independently of PROJ:
 * A = (dlambda b^2 / 2) [sin phi / (1 - e^2 sin^2 phi)
 *      + (1 / 2e) ln((1 + e sin phi) / (1 - e sin phi))] from phi1 to phi2,
 * i.e. dlambda a^2 q / 2 with q of Snyder (1987) eq. 3-12. */
static double authalic_term(double phi, double e, double b)
{
  double s = sin(phi);
  return 0.5 * b * b *
         (s / (1 - e * e * s * s) + log((1 + e * s) / (1 - e * s)) / (2 * e));
}

static double authalic_area(double lat1, double lat2, double dlon)
{
  double a = 6378137, f = 1 / 298.257223563, b = a * (1 - f);
  double e = sqrt(f * (2 - f)), d2r = M_PI / 180;
  return dlon * d2r *
         (authalic_term(lat2 * d2r, e, b) - authalic_term(lat1 * d2r, e, b));
}

static void test_total_area(double dlon, double dlat)
{
  pm_grid_spec s = spec(-180, 180, -90, 90, dlon, dlat, PM_TIME_NONE);
  pm_grid *g = NULL;
  double sum = 0;
  size_t j;
  int status = pm_grid_alloc(&g, &s, 0, 1);

  if (!pm_test_ok(status == PM_SUCCESS, "global %g x %g grid builds: %s", dlon,
                  dlat, pm_error_message()))
    return;
  for (j = 0; j < g->nlat; j++) sum += g->area[j] * (double)g->nlon;
  pm_test_rel(sum, WGS84_AREA, 1e-9,
              "the cells of the %g x %g grid cover the WGS84 ellipsoid", dlon,
              dlat);
  pm_grid_free(g);
}

static void test_areas(void)
{
  double area = 0, lats[][2] = {{45, 46}, {-1, 0}, {89, 90}, {-90, -89.75}};
  size_t i;

  test_total_area(1, 1);
  test_total_area(0.5, 0.5);
  test_total_area(0.25, 0.25);
  test_total_area(5, 2.5);
  for (i = 0; i < 4; i++) {
    int status = pm_grid_quadrangle_area(lats[i][0], lats[i][1], 1, &area);
    pm_test_ok(status == PM_SUCCESS, "quadrangle area %g..%g", lats[i][0],
               lats[i][1]);
    /* Both sides difference two nearly equal numbers near the pole (a 0.25
     * degree polar row is 61 m tall in y ~ 6.4e6 m): agreement to 1e-10. */
    pm_test_rel(area, authalic_area(lats[i][0], lats[i][1], 1), 1e-10,
                "area %g..%g N x 1 degree equals the authalic formula",
                lats[i][0], lats[i][1]);
  }
  /* A 1 x 1 degree cell at the equator is about 111.32 km x 110.57 km. */
  pm_grid_quadrangle_area(0, 1, 1, &area);
  pm_test_rel(area, 111319.49 * 110574.4, 1e-4, "1 degree cell at the equator");
  pm_test_error(pm_grid_quadrangle_area(10, 5, 1, &area), PM_EINPUT,
                pm_error_message(), "out of range", "reversed latitudes");
  pm_test_error(pm_grid_quadrangle_area(0, 5, 400, &area), PM_EINPUT,
                pm_error_message(), "out of range", "longitude width > 360");
}

static void test_axes(void)
{
  pm_grid_spec s = spec(-180, 180, -90, 90, 1, 1, PM_TIME_NONE);
  pm_grid *g = NULL;

  if (!pm_test_ok(pm_grid_alloc(&g, &s, 100, 300) == PM_SUCCESS, "1 degree grid"))
    return;
  pm_test_ok(g->nlon == 360 && g->nlat == 180 && g->ndepth == 3 &&
                 g->ntime == 1,
             "sizes 360 x 180 x 3 x 1");
  pm_test_ok(g->lon[0] == -179.5 && g->lon_bnds[0] == -180 &&
                 g->lon_bnds[719] == 180 && g->lat[179] == 89.5,
             "centres and bounds");
  pm_test_ok(g->depth[1] == 30 && g->depth_bnds[2] == 10 &&
                 g->depth_bnds[3] == 50,
             "depth layer 2 is 10..50 m, centre 30 m");
  pm_test_ok(g->time[0] == 200 && g->time_bnds[0] == 100 &&
                 g->time_bnds[1] == 300,
             "one time step spans the data");
  pm_test_ok(pm_grid_lon_index(g, 359.5) == 179 &&
                 pm_grid_lon_index(g, -0.5) == 179,
             "lon 359.5 and -0.5 fall in the same cell (dateline wrapping)");
  pm_test_ok(pm_grid_lon_index(g, 180) == 0 && pm_grid_lon_index(g, -180) == 0 &&
                 pm_grid_lon_index(g, 179.999) == 359,
             "lon 180 wraps to the first cell");
  pm_test_ok(pm_grid_lon_index(g, NAN) == SIZE_MAX, "NaN longitude is outside");
  pm_test_ok(pm_grid_lat_index(g, 90) == 179 && pm_grid_lat_index(g, -90) == 0 &&
                 pm_grid_lat_index(g, 0) == 90 &&
                 pm_grid_lat_index(g, -0.1) == 89,
             "latitude cells, the pole in the last row");
  pm_test_ok(pm_grid_lat_index(g, 90.01) == SIZE_MAX, "latitude > 90 is outside");
  pm_test_ok(pm_grid_depth_index(g, 0) == 0 && pm_grid_depth_index(g, 9.99) == 0 &&
                 pm_grid_depth_index(g, 10) == 1 &&
                 pm_grid_depth_index(g, 200) == 2,
             "depth layers, edges going to the layer below, last edge inside");
  pm_test_ok(pm_grid_depth_index(g, 200.5) == SIZE_MAX &&
                 pm_grid_depth_index(g, -1) == SIZE_MAX,
             "depths beyond the edges are outside");
  pm_grid_free(g);

  s = spec(0, 10, 40, 50, 0.25, 0.25, PM_TIME_NONE);
  if (!pm_test_ok(pm_grid_alloc(&g, &s, 0, 0) == PM_SUCCESS, "regional grid"))
    return;
  pm_test_ok(g->nlon == 40 && !g->lon_global, "regional: 40 columns, not global");
  pm_test_ok(pm_grid_lon_index(g, 10) == 39 && pm_grid_lon_index(g, 10.1) == SIZE_MAX &&
                 pm_grid_lon_index(g, -0.1) == SIZE_MAX &&
                 pm_grid_lon_index(g, 365) == 20,
             "regional: east edge inside, beyond it outside, 365 wraps to 5");
  pm_test_ok(pm_grid_lat_index(g, 39.9) == SIZE_MAX &&
                 pm_grid_lat_index(g, 45.1) == 20,
             "regional latitudes");
  pm_grid_free(g);
}

static void test_time(void)
{
  pm_grid_spec s = spec(-180, 180, -90, 90, 10, 10, PM_TIME_MONTH);
  pm_grid *g = NULL;
  double t0 = 1268611200 /* 2010-03-15 */, t1 = 1341100800 /* 2012-07-01 */;

  if (!pm_test_ok(pm_grid_alloc(&g, &s, t0, t1) == PM_SUCCESS, "month axis"))
    return;
  pm_test_ok(g->ntime == 12 && g->year_first == 2010 && g->year_last == 2012,
             "12 months over 2010..2012");
  pm_test_ok(g->time[0] == 0.5 * (1262304000.0 + 1264982400.0) &&
                 g->time_bnds[0] == 1262304000 && g->time_bnds[1] == 1328054400,
             "January: mid-January 2010, climatology 2010-01-01..2012-02-01");
  pm_test_ok(pm_grid_time_index(g, t0) == 2 &&
                 pm_grid_time_index(g, 1323475200 /* 2011-12-10 */) == 11,
             "month of a time");
  pm_grid_free(g);

  s.time_axis = PM_TIME_SEASON;
  if (!pm_test_ok(pm_grid_alloc(&g, &s, t0, t1) == PM_SUCCESS, "season axis"))
    return;
  pm_test_ok(g->ntime == 4 && g->time_bnds[0] == 1259625600 &&
                 g->time_bnds[1] == 1330560000 &&
                 g->time[0] == 0.5 * (1259625600.0 + 1267401600.0),
             "DJF: Dec 2009..Mar 2012, time mid-winter 2009/10");
  pm_test_ok(g->time_bnds[2] == 1267401600, "MAM starts 2010-03-01");
  pm_test_ok(pm_grid_time_index(g, 1323475200) == 0 &&
                 pm_grid_time_index(g, 1275350400) == 2 &&
                 pm_grid_time_index(g, 1283299200) == 3 &&
                 pm_grid_time_index(g, 1267401600) == 1,
             "December in DJF, June in JJA, September in SON, March in MAM");
  pm_grid_free(g);

  /* A December sample belongs to the next year's winter. */
  if (!pm_test_ok(pm_grid_alloc(&g, &s, 1323475200, 1323475200) == PM_SUCCESS,
                  "season axis from December"))
    return;
  pm_test_ok(g->year_first == 2012 && g->time_bnds[0] == 1322697600 &&
                 g->time_bnds[1] == 1330560000,
             "December 2011 counts in DJF 2012 (Dec 2011..Mar 2012)");
  pm_grid_free(g);

  s.time_axis = PM_TIME_YEAR;
  if (!pm_test_ok(pm_grid_alloc(&g, &s, t0, t1) == PM_SUCCESS, "year axis"))
    return;
  pm_test_ok(g->ntime == 3 && g->time_bnds[0] == 1262304000 &&
                 g->time_bnds[1] == 1293840000 && g->time_bnds[5] == 1356998400,
             "years 2010, 2011, 2012 with their bounds");
  pm_test_ok(pm_grid_time_index(g, 1356912000 /* 2012-12-31 */) == 2 &&
                 pm_grid_time_index(g, 1356998400) == SIZE_MAX,
             "year index, 2013 outside");
  pm_grid_free(g);
}

static void test_bad_spec(void)
{
  pm_grid *g = NULL;
  pm_grid_spec s = spec(-180, 180, -90, 90, 0.7, 1, PM_TIME_NONE);
  double down[] = {0, 50, 20}, negative[] = {-5, 10};

  pm_test_error(pm_grid_alloc(&g, &s, 0, 1), PM_EINPUT, pm_error_message(),
                "longitude cell size 0.7 does not divide", "0.7 does not divide 360");
  s = spec(-180, 180, -90, 91, 1, 1, PM_TIME_NONE);
  pm_test_error(pm_grid_alloc(&g, &s, 0, 1), PM_EINPUT, pm_error_message(),
                "latitude range [-90, 91]", "latitude beyond 90");
  s = spec(-180, 360, -90, 90, 1, 1, PM_TIME_NONE);
  pm_test_error(pm_grid_alloc(&g, &s, 0, 1), PM_EINPUT, pm_error_message(),
                "spans more than 360", "longitudes over more than 360 degrees");
  s = spec(10, 0, -90, 90, 1, 1, PM_TIME_NONE);
  pm_test_error(pm_grid_alloc(&g, &s, 0, 1), PM_EINPUT, pm_error_message(),
                "not an increasing range", "reversed longitude range");
  s = spec(0, 10, 0, 10, 0, 1, PM_TIME_NONE);
  pm_test_error(pm_grid_alloc(&g, &s, 0, 1), PM_EINPUT, pm_error_message(),
                "cell size 0 is not positive", "zero cell size");
  s = spec(0, 10, 0, 10, 1, 1, PM_TIME_NONE);
  s.depth_edges = down;
  s.n_depth_edges = 3;
  pm_test_error(pm_grid_alloc(&g, &s, 0, 1), PM_EINPUT, pm_error_message(),
                "depth edges must increase", "decreasing depth edges");
  s.n_depth_edges = 1;
  pm_test_error(pm_grid_alloc(&g, &s, 0, 1), PM_EINPUT, pm_error_message(),
                "at least two", "a single depth edge");
  s.depth_edges = negative;
  s.n_depth_edges = 2;
  pm_test_error(pm_grid_alloc(&g, &s, 0, 1), PM_EINPUT, pm_error_message(),
                "positive down", "negative depth edge");
  s = spec(0, 10, 0, 10, 1, 1, PM_TIME_NONE);
  pm_test_error(pm_grid_alloc(&g, &s, NAN, 1), PM_EINPUT, pm_error_message(),
                "time range", "no time range");
  s.time_axis = (pm_time_axis)7;
  pm_test_error(pm_grid_alloc(&g, &s, 0, 1), PM_EINPUT, pm_error_message(),
                "unknown time axis", "unknown time axis");
  pm_test_ok(g == NULL, "no grid after errors");
}

/* Cell edges from centres, and the depth layers of map points. */
static void test_edges_and_layers(void)
{
  const double c[3] = {10, 20, 40}, z[2] = {100, 500}, one[1] = {25},
               shallow[1] = {0.2};
  double lo, hi, top, bottom;

  pm_grid_cell_edges(c, 3, 0, &lo, &hi);
  pm_test_ok(lo == 5 && hi == 15, "first cell edges 5-15 (%g-%g)", lo, hi);
  pm_grid_cell_edges(c, 3, 2, &lo, &hi);
  pm_test_ok(lo == 30 && hi == 50, "last cell edges 30-50 (%g-%g)", lo, hi);
  pm_grid_depth_layer(z, 2, 0, &top, &bottom);
  pm_test_ok(top == 0 && bottom == 300, "the first point's layer starts at "
             "the surface: 0-300 m (%g-%g)", top, bottom);
  pm_grid_depth_layer(z, 2, 1, &top, &bottom);
  pm_test_ok(top == 300 && bottom == 700, "the last point's layer: 300-700 "
             "m (%g-%g)", top, bottom);
  pm_grid_depth_layer(one, 1, 0, &top, &bottom);
  pm_test_ok(top == 24.5 && bottom == 25.5, "a single point: 1 m around it "
             "(%g-%g)", top, bottom);
  pm_grid_depth_layer(shallow, 1, 0, &top, &bottom);
  pm_test_ok(top == 0 && fabs(bottom - 0.7) < 1e-15, "a single point near "
             "the surface: not above it (%g-%g)", top, bottom);
}

int main(void)
{
  test_edges_and_layers();
  test_areas();
  test_axes();
  test_time();
  test_bad_spec();
  return pm_test_done();
}
