/* bench_aoa.c: the area of applicability (Meyer & Pebesma 2021; pm_aoa.h)
 * of TRAIN training rows over every cell of the 1-degree global grid at
 * LAYERS depths, against R's FNN (bench/aoa_fnn.R) and a brute-force scan.
 *
 * The training rows are casts of LAYERS layers, 25 casts along each
 * cruise track, 5 cross-validation folds by cast; the cells (360 x 180 x
 * LAYERS) and the rows take four covariates (temperature-, salinity-,
 * log depth- and latitude-like) from the same deterministic functions of
 * position and depth, the rows with noise.  Every "random" number is a
 * term of an additive recurrence frac(i sqrt(q)) (Weyl 1916), so that
 * aoa_fnn.R makes the same rows and cells from the same formulas and no
 * matrix is exchanged.  Times pm_aoa_alloc (standardisation, mean
 * distance, trees, cross-validation threshold) and pm_aoa_index of every
 * cell, then 20 000 cells spread over the grid by the kd-tree and by a scan
 * of every training row.  With CHECK, writes the times, the mean distance,
 * the threshold, the sum of the cells' indices and a few cells' indices to
 * that small text file for aoa_fnn.R to compare.
 * Usage: bench_aoa [TRAIN [LAYERS [CHECK]]] (default 100000 40).
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "aoa_internal.h" /* the standardised rows, for the brute force */
#include "pm_aoa.h"
#include "pm_error.h"

#include "bench_util.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define NCOV 4
#define CRUISE 25      /* casts per cruise track */
#define FOLDS 5
#define NBRUTE 20000   /* cells scanned by brute force */
#define NCHECK 8       /* cells whose index aoa_fnn.R checks */
#define NCELL2 (360 * 180)

static const char *const names[NCOV] = {"temp", "sal", "logdepth", "lat"};
static const double weight[NCOV] = {1, 0.5, 0.8, 0.3};

/* Seconds of CPU time of the process. */
static double cpu_now(void) { return (double)clock() / CLOCKS_PER_SEC; }

/* Term i of the additive recurrence of sqrt(q): frac(i sqrt(q)). */
static double weyl(size_t i, double q)
{
  double v = (double)i * sqrt(q);
  return v - floor(v);
}

/* Depth (m) of layer l of L: 5 to 5000 m, evenly spaced in log depth. */
static double layer_depth(size_t l, size_t L)
{
  return 5 * exp((double)l * log(1000) / (double)(L - 1));
}

/* The covariates of a place (degrees) and depth (m). */
static void covariates(double lon, double lat, double depth, double *x)
{
  x[0] = 2 + 26 * cos(lat * M_PI / 180) * exp(-depth / 600) +
         2 * sin(lon * M_PI / 180) * exp(-depth / 300);
  x[1] = 34.5 + 1.2 * cos(lat * M_PI / 90) * exp(-depth / 1000) +
         0.3 * cos(2 * lon * M_PI / 180);
  x[2] = log(depth);
  x[3] = lat;
}

/* Training row i (n x NCOV) and its fold: cast k = i / L, layer i mod L,
 * station k mod 25 of cruise k / 25 (a track from a centre placed by the
 * sequences of sqrt 2 and sqrt 3), depth and noise by those of sqrt 5, 7
 * and 11. */
static void training(size_t n, size_t L, double *x, int *fold)
{
  size_t i;

  for (i = 0; i < n; i++) {
    size_t k = i / L, c = k / CRUISE, s = k % CRUISE;
    double lon = -180 + 360 * weyl(c, 2) + 0.8 * (double)s;
    double lat = -60 + 120 * weyl(c, 3) + 0.4 * ((double)s - 12);
    double depth = layer_depth(i % L, L) * (0.9 + 0.2 * weyl(i, 5));
    covariates(lon, lat, depth, x + i * NCOV);
    x[i * NCOV] += 0.4 * (weyl(i, 7) - 0.5);
    x[i * NCOV + 1] += 0.1 * (weyl(i, 11) - 0.5);
    fold[i] = (int)(k % FOLDS);
  }
}

/* Every cell, longitude fastest, then latitude, then layer. */
static void cells(size_t L, double *x)
{
  size_t c;

  for (c = 0; c < NCELL2 * L; c++)
    covariates(-179.5 + (double)(c % 360), -89.5 + (double)(c / 360 % 180),
               layer_depth(c / NCELL2, L), x + c * NCOV);
}

/* The index of point x by a scan of every standardised training row. */
static double brute_index(const pm_aoa *a, const double *x)
{
  double z[NCOV], best = INFINITY;
  size_t i, j;

  for (j = 0; j < NCOV; j++) z[j] = (x[j] - a->mean[j]) * a->scale[j];
  for (i = 0; i < a->n; i++) {
    double d2 = 0;
    for (j = 0; j < NCOV; j++)
      d2 += (a->z[i * NCOV + j] - z[j]) * (a->z[i * NCOV + j] - z[j]);
    if (d2 < best) best = d2;
  }
  return sqrt(best) / a->dbar;
}

/* NBRUTE cells spread over the m: kd-tree and brute-force seconds, and
 * the largest difference between their indices. */
static int brute(const pm_aoa *a, const double *x, size_t m, double *tk,
                 double *tb, double *diff)
{
  double *sub = malloc(NBRUTE * NCOV * sizeof *sub);
  double *di = malloc(NBRUTE * sizeof *di), t0;
  size_t i;
  int status = 1;

  if (!sub || !di) goto done;
  for (i = 0; i < NBRUTE; i++)
    memcpy(sub + i * NCOV, x + i * (m / NBRUTE) * NCOV, NCOV * sizeof *sub);
  t0 = bench_now();
  if (pm_aoa_index(a, sub, NBRUTE, di)) goto done;
  *tk = bench_now() - t0;
  t0 = bench_now();
  *diff = 0;
  for (i = 0; i < NBRUTE; i++)
    *diff = fmax(*diff, fabs(brute_index(a, sub + i * NCOV) - di[i]));
  *tb = bench_now() - t0;
  status = 0;
done:
  free(sub);
  free(di);
  return status;
}

/* The figures aoa_fnn.R compares with its own, as "key value" lines. */
static int write_check(const char *path, const pm_aoa *a, size_t n, size_t L,
                       const double *di, size_t m, const double *t)
{
  FILE *f = fopen(path, "w");
  double sum = 0;
  size_t c, inside = 0, k;

  if (!f) return 1;
  for (c = 0; c < m; c++) {
    sum += di[c];
    inside += di[c] <= pm_aoa_threshold(a);
  }
  fprintf(f, "train %zu\nlayers %zu\ncells %zu\nalloc_s %.6f\nalloc_cpu %.6f\n"
          "index_s %.6f\nindex_cpu %.6f\ndbar %.17g\nthreshold %.17g\n"
          "sum %.17g\ninside %zu\n", n, L, m, t[0], t[1], t[2], t[3],
          pm_aoa_mean_distance(a), pm_aoa_threshold(a), sum, inside);
  for (k = 0; k < NCHECK; k++) {
    c = (k * m) / NCHECK + k * 7919 % (m / NCHECK);
    fprintf(f, "cell %zu %.17g\n", c, di[c]);
  }
  return fclose(f) != 0;
}

int main(int argc, char **argv)
{
  size_t n = argc > 1 ? strtoul(argv[1], NULL, 10) : 100000;
  size_t L = argc > 2 ? strtoul(argv[2], NULL, 10) : 40, m = NCELL2 * L, c;
  double *x = malloc((n * NCOV + 1) * sizeof *x);
  double *g = malloc((m * NCOV + 1) * sizeof *g);
  double *di = malloc((m + 1) * sizeof *di), t[4], tk = 0, tb = 0, diff = 0;
  int *fold = malloc((n + 1) * sizeof *fold), status = 1;
  pm_aoa *a = NULL;
  size_t inside = 0;

  if (n < 2 * L * FOLDS || L < 2) {
    fprintf(stderr, "usage: bench_aoa [TRAIN >= 10 LAYERS [LAYERS >= 2 "
            "[CHECK]]]\n");
    goto done;
  }
  if (!x || !g || !di || !fold) {
    fprintf(stderr, "bench_aoa: out of memory\n");
    goto done;
  }
  training(n, L, x, fold);
  cells(L, g);
  printf("bench_aoa: %zu training rows (casts of %zu layers, %d folds by "
         "cast), %d covariates, %zu cells (360 x 180 x %zu)\n", n, L, FOLDS,
         NCOV, m, L);
  t[0] = bench_now();
  t[1] = cpu_now();
  if (pm_aoa_alloc(&a, x, n, NCOV, weight, fold, names)) goto fail;
  t[0] = bench_now() - t[0];
  t[1] = cpu_now() - t[1];
  t[2] = bench_now();
  t[3] = cpu_now();
  if (pm_aoa_index(a, g, m, di)) goto fail;
  t[2] = bench_now() - t[2];
  t[3] = cpu_now() - t[3];
  for (c = 0; c < m; c++) inside += di[c] <= pm_aoa_threshold(a);
  if (brute(a, g, m, &tk, &tb, &diff) ||
      (argc > 3 && write_check(argv[3], a, n, L, di, m, t))) {
    fprintf(stderr, "bench_aoa: out of memory, or cannot write %s\n",
            argc > 3 ? argv[3] : "");
    goto done;
  }
  printf("  pm_aoa_alloc (standardise, mean distance, trees, threshold): "
         "%.3f s (CPU %.3f s)\n"
         "  pm_aoa_index, %zu cells: %.3f s (CPU %.3f s), %.0f cells/s\n"
         "  mean distance %.6f, threshold %.6f, cells inside %zu (%.1f%%)\n"
         "  %d cells: kd-tree %.4f s, brute force %.3f s, brute / kd-tree "
         "%.0f (largest difference %.3g)\n", t[0], t[1], m, t[2], t[3],
         (double)m / t[2],
         pm_aoa_mean_distance(a), pm_aoa_threshold(a), inside,
         100.0 * (double)inside / (double)m, NBRUTE, tk, tb, tb / tk, diff);
  if (diff > 1e-12)
    fprintf(stderr, "bench_aoa: the kd-tree and the brute force differ\n");
  else
    status = 0;
  goto done;
fail:
  fprintf(stderr, "bench_aoa: %s\n", pm_error_message());
done:
  pm_aoa_free(a);
  free(x);
  free(g);
  free(di);
  free(fold);
  return status;
}
