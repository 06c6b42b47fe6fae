/* test_bin.c: binning observations on a grid, checked against cells summed
 * by hand, and the exact Poisson interval.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "pm_bin.h"
#include "pm_error.h"
#include "pm_test.h"

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <stdint.h>

static double edges[] = {0, 10, 50, 200};

static pm_grid *grid(double lon_min, double lon_max, double lat_min,
                     double lat_max, double step, pm_time_axis axis,
                     double tmin, double tmax)
{
  pm_grid_spec s = {lon_min, lon_max, lat_min, lat_max, step, step,
                    edges,   4,       axis};
  pm_grid *g = NULL;
  if (pm_grid_alloc(&g, &s, tmin, tmax))
    printf("# grid: %s\n", pm_error_message());
  return g;
}

static size_t profile(pm_obs *obs, const char *name, double time, double lat,
                      double lon)
{
  pm_obs_profile p = {"test", (char *)name, "", time, lat, lon, NULL, NULL, 0};
  size_t i = SIZE_MAX;
  if (pm_obs_add_profile(obs, &p, &i)) printf("# %s\n", pm_error_message());
  return i;
}

/* A sample with counts of the two classes. */
static void sample(pm_obs *obs, size_t p, double top, double bottom, double v,
                   double copepoda, double lpm)
{
  size_t s;
  if (pm_obs_add_sample(obs, p, top, bottom, v, "test", &s)) {
    printf("# %s\n", pm_error_message());
    return;
  }
  obs->count[0][s] = copepoda;
  obs->count[1][s] = lpm;
}

/* Four profiles; A and B share a cell across the dateline (lon 359.5 and
 * -0.5), lat 10.x, layer 0..10 m. */
static pm_obs *observations(void)
{
  pm_obs *obs = pm_obs_alloc();
  size_t c, a, b, cc, d;
  double t = 1262304000; /* 2010-01-01 */

  pm_obs_class_index(obs, "Copepoda", "living>Copepoda", NAN, NAN, &c);
  pm_obs_class_index(obs, "LPM (1.02-1.29 mm)", NULL, 1.02, 1.29, &c);
  a = profile(obs, "A", t, 10.5, 359.5);
  b = profile(obs, "B", t + 86400 * 40, 10.2, -0.5);
  cc = profile(obs, "C", t + 86400 * 400, -30.5, 20.5);
  d = profile(obs, "D", t, 10.5, 0.5);
  sample(obs, a, 0, 5, 0.5, 3, 0);      /* cell A/B, layer 0 */
  sample(obs, a, 5, 15, 1.0, 1, 0);     /* mid 10 m: layer 1 */
  sample(obs, b, 2, 8, 0.25, 0, 7);     /* cell A/B, layer 0 */
  sample(obs, cc, 100, 150, 2.0, 0, 0); /* layer 2, nothing counted */
  sample(obs, cc, 190, 260, 1.0, 5, 5); /* mid 225 m: below the grid */
  sample(obs, d, 0, 10, 0.1, 2, 1);     /* the cell east of A/B */
  return obs;
}

static size_t find(const pm_bin *b, size_t lon, size_t lat, size_t depth,
                   size_t time)
{
  pm_bin_cell c = {lon, lat, depth, time};
  return pm_bin_find(b, &c);
}

static void test_cells(void)
{
  pm_obs *obs = observations();
  pm_grid *g = grid(-180, 180, -90, 90, 1, PM_TIME_NONE, 1262304000,
                    1262304000 + 86400 * 400);
  pm_bin *b = NULL;
  double conc, lo, hi;
  size_t s;

  if (!pm_test_ok(g && pm_bin_alloc(&b, g, obs) == PM_SUCCESS, "bins: %s",
                  pm_error_message()))
    goto cleanup;
  pm_test_ok(pm_bin_n_cells(b) == 4 && pm_bin_n_binned(b) == 5 &&
                 pm_bin_n_classes(b) == 2,
             "4 occupied cells from 5 samples, 2 classes");
  pm_test_ok(pm_bin_n_dropped(b, PM_DROP_DEPTH) == 1 &&
                 pm_bin_n_dropped(b, PM_DROP_REGION) == 0,
             "the sample below 200 m is left out and counted");
  s = find(b, 179, 100, 0, 0);
  if (!pm_test_ok(s != SIZE_MAX, "lon 359.5 and -0.5 binned in cell (179, 100)"))
    goto cleanup;
  pm_test_rel(pm_bin_volume(b, s), 0.75, 1e-15, "cell volume 0.5 + 0.25 m3");
  pm_test_ok(pm_bin_n_samples(b, s) == 2, "2 samples in the cell");
  pm_test_ok(pm_bin_count(b, s, 0) == 3 && pm_bin_count(b, s, 1) == 7,
             "counts 3 Copepoda and 7 LPM");
  pm_bin_concentration(b, s, 0, &conc, &lo, &hi);
  pm_test_rel(conc, 4, 1e-15, "Copepoda 3 / 0.75 m3 = 4 m-3");
  /* Garwood (1936) table, k = 3: 0.6186, 8.7673. */
  pm_test_rel(lo, 0.61867 / 0.75, 1e-4, "lower 95%% limit of 3 counts / V");
  pm_test_rel(hi, 8.76727 / 0.75, 1e-5, "upper 95%% limit of 3 counts / V");
  pm_bin_concentration(b, s, 1, &conc, &lo, &hi);
  pm_test_rel(conc, 7 / 0.75, 1e-15, "LPM 7 / 0.75 m3");

  s = find(b, 200, 59, 2, 0);
  pm_test_ok(s != SIZE_MAX && pm_bin_volume(b, s) == 2, "cell of C, layer 2");
  pm_bin_concentration(b, s, 0, &conc, &lo, &hi);
  pm_test_ok(conc == 0 && lo == 0, "zero count: concentration and lower 0");
  pm_test_rel(hi, 3.68888 / 2, 1e-5, "zero count: upper 3.689 / V");
  s = find(b, 179, 100, 1, 0);
  pm_test_ok(s != SIZE_MAX && pm_bin_count(b, s, 0) == 1,
             "sample of 5..15 m in layer 1 by its mid-depth");
  pm_test_ok(find(b, 180, 100, 0, 0) != SIZE_MAX, "profile D east of the seam");
  pm_test_ok(find(b, 181, 100, 0, 0) == SIZE_MAX, "an empty cell has no slot");
  {
    pm_bin_cell c = pm_bin_slot_cell(b, find(b, 200, 59, 2, 0));
    pm_test_ok(c.lon == 200 && c.lat == 59 && c.depth == 2 && c.time == 0,
               "slot back to its cell");
  }
  pm_bin_time_range(b, &lo, &hi);
  pm_test_ok(lo == 1262304000 && hi == 1262304000 + 86400 * 400,
             "time range of the binned samples");
cleanup:
  pm_bin_free(b);
  pm_grid_free(g);
  pm_obs_free(obs);
}

static void test_drops(void)
{
  pm_obs *obs = observations();
  pm_grid *g = grid(0, 10, 0, 20, 1, PM_TIME_YEAR, 1262304000, 1262304000);
  pm_bin *b = NULL;

  if (!pm_test_ok(g && pm_bin_alloc(&b, g, obs) == PM_SUCCESS,
                  "regional grid over 2010"))
    goto cleanup;
  /* A (359.5) and B (-0.5) lie west of 0, C south of 0: region; D in 2010. */
  pm_test_ok(pm_bin_n_dropped(b, PM_DROP_REGION) == 5, "5 samples outside the region");
  pm_test_ok(pm_bin_n_binned(b) == 1 && find(b, 0, 10, 0, 0) != SIZE_MAX,
             "profile D binned in cell (0, 10)");
  pm_bin_free(b);
  b = NULL;
  pm_grid_free(g);
  g = grid(-180, 180, -90, 90, 1, PM_TIME_YEAR, 1262304000, 1262304000);
  if (!pm_test_ok(g && pm_bin_alloc(&b, g, obs) == PM_SUCCESS, "year 2010 only"))
    goto cleanup;
  pm_test_ok(pm_bin_n_dropped(b, PM_DROP_DATE) == 1,
             "the 2011 sample lies outside the time axis");
cleanup:
  pm_bin_free(b);
  pm_grid_free(g);
  pm_obs_free(obs);
}

/* A quarter-degree global grid with months and 20 layers has 2.5e8 cells per
 * class; the bins hold only the occupied ones. */
static void test_sparse(void)
{
  double e20[21];
  pm_grid_spec s = {-180, 180, -90, 90, 0.25, 0.25, e20, 21, PM_TIME_MONTH};
  pm_obs *obs = observations();
  pm_grid *g = NULL;
  pm_bin *b = NULL;
  size_t i;

  for (i = 0; i < 21; i++) e20[i] = 10.0 * (double)i;
  if (!pm_test_ok(pm_grid_alloc(&g, &s, 1262304000, 1300000000) == PM_SUCCESS &&
                      pm_bin_alloc(&b, g, obs) == PM_SUCCESS,
                  "quarter-degree monthly grid with 20 layers"))
    goto cleanup;
  pm_test_ok(pm_bin_n_cells(b) == 5, "5 occupied cells stored");
  pm_test_ok(find(b, 718, 402, 0, 0) != SIZE_MAX &&
                 find(b, 718, 400, 0, 1) != SIZE_MAX &&
                 find(b, 718, 402, 0, 1) == SIZE_MAX,
             "A in January (cell 718, 402), B in February (718, 400)");
cleanup:
  pm_bin_free(b);
  pm_grid_free(g);
  pm_obs_free(obs);
}

static void test_poisson(void)
{
  double lo, hi, k;
  int ok = 1;

  pm_bin_poisson_interval(0, &lo, &hi);
  pm_test_ok(lo == 0, "k = 0: lower 0");
  pm_test_rel(hi, 3.688879, 1e-6, "k = 0: upper -ln(0.025) = 3.688879");
  pm_test_rel(hi, -log(0.025), 1e-12, "k = 0: upper is -ln(0.025) exactly");
  pm_bin_poisson_interval(1, &lo, &hi);
  pm_test_rel(lo, 0.0253178, 1e-5, "k = 1: lower 0.0253");
  pm_test_rel(hi, 5.571643, 1e-6, "k = 1: upper 5.572");
  /* The defining property: P(X >= k | lower) = P(X <= k | upper) = 0.025. */
  for (k = 1; k <= 200; k += 7) {
    pm_bin_poisson_interval(k, &lo, &hi);
    ok &= fabs(gsl_cdf_poisson_Q((unsigned)k - 1, lo) - 0.025) < 1e-9 &&
          fabs(gsl_cdf_poisson_P((unsigned)k, hi) - 0.025) < 1e-9;
  }
  pm_test_ok(ok, "tail probabilities 0.025 at both limits, k = 1..197");
  for (k = 1e4; k <= 1e8; k *= 10) {
    pm_bin_poisson_interval(k, &lo, &hi);
    pm_test_ok(fabs(gsl_cdf_poisson_Q((unsigned)k - 1, lo) - 0.025) < 1e-8 &&
                   fabs(gsl_cdf_poisson_P((unsigned)k, hi) - 0.025) < 1e-8 &&
                   fabs(lo - (k - 1.96 * sqrt(k))) < 0.01 * sqrt(k),
               "k = %g: tail probabilities 0.025, about k -/+ 1.96 sqrt(k)", k);
  }
  pm_test_error(pm_bin_poisson_interval(-1, &lo, &hi), PM_ENUMERIC,
                pm_error_message(), "not a finite non-negative", "negative count");
}

/* The intervals of concentration are those of pm_bin_poisson_interval, to
 * the bit: of whole counts (computed once when binned, shared by cells),
 * fractional counts (corrected ones) and counts above the table. */
static void test_interval_table(void)
{
  static const double counts[] = {3, 3, 0, 2.5, 70000.5, 70001};
  pm_obs *obs = pm_obs_alloc();
  pm_grid *g = grid(-180, 180, -90, 90, 1, PM_TIME_NONE, 1262304000,
                    1262304000 + 86400);
  pm_bin *b = NULL;
  size_t i, n = sizeof counts / sizeof *counts, c, differ = 0;

  pm_obs_class_index(obs, "Copepoda", NULL, NAN, NAN, &c);
  pm_obs_class_index(obs, "LPM", NULL, NAN, NAN, &c);
  for (i = 0; i < n; i++) /* one cell each, lat i to i + 1 */
    sample(obs, profile(obs, "P", 1262304000 + (double)i, (double)i, 0.5), 0,
           5, 0.5, counts[i], 1);
  if (!pm_test_ok(g && pm_bin_alloc(&b, g, obs) == PM_SUCCESS, "bins: %s",
                  pm_error_message()))
    goto cleanup;
  for (i = 0; i < n; i++) {
    double conc, lo, hi, want_lo, want_hi;
    pm_bin_cell cell = {180, 90 + i, 0, 0};
    size_t s = pm_bin_find(b, &cell);
    if (s == SIZE_MAX ||
        pm_bin_concentration(b, s, 0, &conc, &lo, &hi) != PM_SUCCESS ||
        pm_bin_poisson_interval(counts[i], &want_lo, &want_hi) != PM_SUCCESS ||
        lo != want_lo / 0.5 || hi != want_hi / 0.5)
      differ++;
  }
  pm_test_ok(differ == 0, "intervals of %zu counts as computed one by one "
             "(%zu differ)", n, differ);
cleanup:
  pm_bin_free(b);
  pm_grid_free(g);
  pm_obs_free(obs);
}

int main(void)
{
  gsl_set_error_handler_off(); /* the checks below call GSL at large k */
  test_cells();
  test_drops();
  test_sparse();
  test_poisson();
  test_interval_table();
  return pm_test_done();
}
