/* test_aoa.c: the area of applicability (predict/aoa.c) against cases
 * computed by hand, and its nearest-neighbour search (predict/kdtree.c)
 * against a scan of every point.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "pm_aoa.h"
#include "pm_error.h"
#include "pm_kdtree.h"
#include "pm_test.h"

#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define CLOSE(a, b) (fabs((a) - (b)) <= 1e-12 * fmax(1, fabs(b)))

/* The file read back gives the same indices, threshold and names. */
static void test_file(const pm_aoa *a, const double *q, const double *di)
{
  const char *path = "test_aoa.nc";
  pm_aoa *b = NULL;
  double back[3];
  int status = pm_aoa_write(a, path);

  if (!status) status = pm_aoa_read(&b, path);
  if (!status) status = pm_aoa_index(b, q, 3, back);
  pm_test_ok(!status && back[0] == di[0] && back[1] == di[1] &&
                 isnan(back[2]) &&
                 pm_aoa_threshold(b) == pm_aoa_threshold(a) &&
                 !strcmp(pm_aoa_name(b, 1), "x2"),
             "written and read back: the same indices and threshold");
  pm_aoa_free(b);
  unlink(path);
  status = pm_aoa_read(&b, "test_aoa_missing.nc");
  pm_test_error(status, PM_EIO, pm_error_message(), "test_aoa_missing.nc",
                "a missing file is named");
}

/* Three points A (0, 0), B (2, 0), C (0, 4).  The standard deviations are
 * 2/sqrt(3) and 4/sqrt(3), so that AB = AC = sqrt(3) and BC = sqrt(6)
 * once standardised, the mean distance (2 sqrt(3) + sqrt(6)) / 3, and
 * each point's nearest other point sqrt(3) away: every training index is
 * 3 / (2 + sqrt(2)), and so is the threshold.  P (1, 0) lies sqrt(3)/2
 * from A; Q (6, 8) lies sqrt(24) from B, its nearest. */
static void test_three_points(void)
{
  const double x[] = {0, 0, 2, 0, 0, 4}, q[] = {1, 0, 6, 8, NAN, 1};
  const int fold[] = {0, 1, 2};
  double dbar = (2 * sqrt(3) + sqrt(6)) / 3, di[3];
  pm_aoa *a = NULL;
  int status = pm_aoa_alloc(&a, x, 3, 2, NULL, fold, NULL);

  pm_test_ok(!status, "three training points");
  if (status) return;
  pm_test_ok(CLOSE(pm_aoa_mean_distance(a), dbar),
             "mean distance %.15g = (2 sqrt 3 + sqrt 6) / 3",
             pm_aoa_mean_distance(a));
  pm_test_ok(CLOSE(pm_aoa_threshold(a), 3 / (2 + sqrt(2))),
             "threshold %.15g = 3 / (2 + sqrt 2)", pm_aoa_threshold(a));
  status = pm_aoa_index(a, q, 3, di);
  pm_test_ok(!status && CLOSE(di[0], sqrt(3) / 2 / dbar) &&
                 di[0] <= pm_aoa_threshold(a),
             "P: index %.6g = (sqrt 3 / 2) / mean distance, inside", di[0]);
  pm_test_ok(!status && CLOSE(di[1], sqrt(24) / dbar) &&
                 di[1] > pm_aoa_threshold(a),
             "Q: index %.6g = sqrt 24 / mean distance, outside", di[1]);
  pm_test_ok(!status && isnan(di[2]), "a point with a missing value: NAN");
  test_file(a, q, di);
  pm_aoa_free(a);
}

/* Weights 1 and 0: the second covariate ignored.  A and C coincide, so the
 * training indices (leave-one-out) are 0, 1.5 and 0 of the mean distance
 * 2 sqrt(3) / 3, whose fivenum hinges are 0 and 0.75: the whisker, 0.75 +
 * 1.5 x 0.75 = 1.875 at most, is 1.5. */
static void test_weights(void)
{
  const double x[] = {0, 0, 2, 0, 0, 4}, w[] = {1, 0}, bad[] = {1, -1};
  pm_aoa *a = NULL;
  int status = pm_aoa_alloc(&a, x, 3, 2, w, NULL, NULL);

  pm_test_ok(!status && CLOSE(pm_aoa_mean_distance(a), 2 * sqrt(3) / 3) &&
                 CLOSE(pm_aoa_threshold(a), 1.5),
             "weights (1, 0), leave-one-out: threshold %.15g = 1.5",
             a ? pm_aoa_threshold(a) : NAN);
  pm_aoa_free(a);
  status = pm_aoa_alloc(&a, x, 3, 2, bad, NULL, NULL);
  pm_test_error(status, PM_EINPUT, pm_error_message(), "weights are finite",
                "a negative weight is refused");
}

/* 0, 1, ..., 9 and 30 in one dimension: the nearest other point lies 1
 * away for all but 30 (21 away), an outlier beyond the whisker (both
 * hinges are 1), so the threshold is 1 over the mean distance. */
static void test_outlier(void)
{
  double x[11], sum = 0;
  const char *const names[] = {"salt"};
  pm_aoa *a = NULL;
  size_t i, j;
  int status;

  for (i = 0; i < 11; i++) x[i] = i < 10 ? (double)i : 30;
  for (i = 0; i < 11; i++)
    for (j = i + 1; j < 11; j++) sum += fabs(x[i] - x[j]);
  status = pm_aoa_alloc(&a, x, 11, 1, NULL, NULL, names);
  pm_test_ok(!status && CLOSE(pm_aoa_threshold(a), 1 / (sum / 55)),
             "the outlier is left out of the threshold (%.15g = 1 / %.15g)",
             a ? pm_aoa_threshold(a) : NAN, sum / 55);
  pm_aoa_free(a);
  for (i = 0; i < 11; i++) x[i] = 35;
  status = pm_aoa_alloc(&a, x, 11, 1, NULL, NULL, names);
  pm_test_error(status, PM_EINPUT, pm_error_message(), "covariate 'salt'",
                "a covariate that does not vary is named");
}

/* The tree's nearest point is the scan's, for 2000 random queries among
 * 1000 points in 3 dimensions with ties (coordinates on a grid of 0.05). */
static void test_kdtree(void)
{
  enum { N = 1000, P = 3, Q = 2000 };
  static double x[N * P], q[P];
  gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
  pm_kdtree *t = NULL;
  size_t i, j, k, bad = 0;

  for (i = 0; i < N * P; i++) x[i] = round(20 * gsl_rng_uniform(r)) / 20;
  if (pm_kdtree_alloc(&t, x, N, P)) {
    pm_test_ok(0, "a tree of 1000 points");
    gsl_rng_free(r);
    return;
  }
  for (k = 0; k < Q; k++) {
    double best = INFINITY, d;
    size_t skip = k % 2 ? k % N : SIZE_MAX, at;
    for (j = 0; j < P; j++) q[j] = 1.2 * gsl_rng_uniform(r) - 0.1;
    if (skip != SIZE_MAX) memcpy(q, x + skip * P, sizeof q);
    for (i = 0; i < N; i++) {
      double d2 = 0;
      if (i == skip) continue;
      for (j = 0; j < P; j++) d2 += (x[i * P + j] - q[j]) * (x[i * P + j] - q[j]);
      best = fmin(best, sqrt(d2));
    }
    d = pm_kdtree_nearest(t, q, skip, &at);
    bad += !CLOSE(d, best) || at == skip;
  }
  pm_test_ok(bad == 0, "the tree's nearest distances are the scan's for "
             "%d queries, half of them a point itself skipped (%zu differ)",
             Q, bad);
  pm_kdtree_free(t);
  gsl_rng_free(r);
}

int main(void)
{
  test_three_points();
  test_weights();
  test_outlier();
  test_kdtree();
  return pm_test_done();
}
