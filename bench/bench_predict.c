/* bench_predict.c: prediction maps on a 1-degree global grid with 47 depth
 * layers and 12 months, for a Poisson GAM with four smooths.
 *
 * The model is fitted to 20 000 simulated rows; the grid's covariates are
 * synthesized block by block (no file is read).  Two modes, each in its own
 * process so that its peak memory is its own: (a) mean and SE, (b) mean, SE,
 * 95% interval from 200 posterior draws and totals per latitude band.
 * Phases are timed by the wall clock; "CPU s" is the user time of the whole
 * mode (covariates included), to tell a busy machine from a slow program.
 * Usage: bench_predict [MONTHS [TERM]]: MONTHS 1-12 (default 12); TERM
 * adds a smooth of position to the four: "tp2d" s(lon, lat, k=30) or "sos"
 * s(lat, lon, bs='sos', k=50), fitted to 400 stations (so 400 knots) with
 * a geographic pattern in the truth.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "pm_design.h"
#include "pm_error.h"
#include "pm_formula.h"
#include "pm_frame.h"
#include "pm_gam.h"
#include "pm_grid.h"
#include "pm_mapper.h"

#include "bench_util.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define NLON 360
#define NLAT 180
#define NDEPTH 47
#define BLOCK 8192
#define NDRAWS 200
#define NFIT 20000
#define NSTATIONS 400
#define NCOL 8

static const char *const names[NCOL] = {"y",        "temp",   "sal", "oxy",
                                        "logdepth", "volume", "lat", "lon"};
#define CR_TERMS                                                             \
  "y ~ s(temp, bs='cr', k=10) + s(sal, bs='cr', k=10) + "                    \
  "s(oxy, bs='cr', k=10) + s(logdepth, bs='cr', k=10) + offset(log(volume))"
/* The models: four cr smooths, alone or with a smooth of position. */
static const struct {
  const char *name, *formula;
} models[] = {{"cr", CR_TERMS},
              {"tp2d", CR_TERMS " + s(lon, lat, k=30)"},
              {"sos", CR_TERMS " + s(lat, lon, bs='sos', k=50)"}};
static const char *formula;
static int geographic; /* the truth has a pattern in position */

/* Synthetic ocean: covariates of a place, depth (m) and month. */
static void ocean(double lat, double depth, double month, double *temp,
                  double *sal, double *oxy)
{
  double season = sin(2 * M_PI * (month - 1) / 12) * (lat >= 0 ? 1 : -1);
  double surface = 28 * cos(lat * M_PI / 180) + 3 * season;
  *temp = 2 + (surface - 2) * exp(-depth / 600);
  *sal = 34.5 + 1.2 * cos(lat * M_PI / 90) * exp(-depth / 1000);
  *oxy = 260 - 150 * exp(-pow((depth - 500) / 300, 2)) * cos(lat * M_PI / 180);
}

/* log mean of the simulated response */
static double truth(double temp, double sal, double oxy, double logdepth,
                    double lat, double lon)
{
  double place = geographic ? 0.4 * cos(lat * M_PI / 180) *
                                  sin(2 * lon * M_PI / 180)
                            : 0;
  return 0.5 + 0.08 * temp + sin(sal - 34) - 0.004 * (oxy - 200) -
         0.3 * (logdepth - 4) + place;
}

static int fit_model(pm_formula **f, pm_frame **fr, pm_design **d,
                     pm_gam_fit **fit)
{
  static double col[NCOL][NFIT], slat[NSTATIONS], slon[NSTATIONS];
  const double *cols[NCOL];
  pm_model_matrix m;
  pm_gam_options o;
  pm_family fam;
  size_t i;
  int status;
  unsigned int seed = 1;

  for (i = 0; i < NSTATIONS; i++) {
    slat[i] = -80 + 160 * rand_r(&seed) / (double)RAND_MAX;
    slon[i] = -180 + 360 * rand_r(&seed) / (double)RAND_MAX;
  }
  for (i = 0; i < NFIT; i++) {
    double lat = slat[i % NSTATIONS];
    double depth = exp(log(5) + log(5000 / 5.) * rand_r(&seed) / (double)RAND_MAX);
    double month = 1 + rand_r(&seed) % 12, lambda;
    ocean(lat, depth, month, &col[1][i], &col[2][i], &col[3][i]);
    col[4][i] = log(depth);
    col[5][i] = 0.5 + 4.5 * rand_r(&seed) / (double)RAND_MAX;
    col[6][i] = lat;
    col[7][i] = slon[i % NSTATIONS];
    lambda = col[5][i] * exp(truth(col[1][i], col[2][i], col[3][i], col[4][i],
                                   lat, col[7][i]));
    /* a Poisson count by inversion (lambda is small here) */
    {
      double u = rand_r(&seed) / ((double)RAND_MAX + 1), p = exp(-lambda),
             cdf = p;
      int k = 0;
      while (u > cdf && k < 1000) p *= lambda / ++k, cdf += p;
      col[0][i] = k;
    }
  }
  for (i = 0; i < NCOL; i++) cols[i] = col[i];
  if ((status = pm_formula_parse(f, formula)) ||
      (status = pm_frame_from_columns(fr, "simulated", names, cols, NCOL, NFIT)) ||
      (status = pm_design_alloc(d, *f, *fr)) ||
      (status = pm_design_matrix(*d, *fr, 1, &m)))
    return status;
  pm_family_from_name(&fam, "poisson");
  pm_gam_options_default(&o, &fam);
  status = pm_gam_fit_model(fit, *d, &m, &o);
  pm_model_matrix_free(&m);
  return status;
}

typedef struct {
  double synth_s, design_s, map_s, cpu_s, total, lower, upper;
  size_t cells;
  long peak_kib;
} result;

/* The covariates of cells first..first+n-1 (index = ((t * NLAT + j) * NLON +
 * i) * NDEPTH + k), their weights (m3) and latitude bands. */
static void block_covariates(size_t first, size_t n, double **x,
                             const double *depth, const double *thick,
                             const double *area, double *w, double *lat)
{
  size_t c;

  for (c = 0; c < n; c++) {
    size_t id = first + c, k = id % NDEPTH, col = id / NDEPTH;
    size_t j = (col / NLON) % NLAT, t = col / (NLON * NLAT);
    lat[c] = -89.5 + (double)j;
    x[6][c] = lat[c];
    x[7][c] = -179.5 + (double)(col % NLON);
    ocean(lat[c], depth[k], (double)t + 1, &x[1][c], &x[2][c], &x[3][c]);
    x[4][c] = log(depth[k]);
    x[5][c] = 1; /* per m3 */
    x[0][c] = 0;
    w[c] = area[j] * thick[k];
  }
}

static int run_mode(const pm_design *d, const pm_gam_fit *fit, int draws_mode,
                    size_t months, result *res)
{
  static double cov[NCOL][BLOCK], w[BLOCK], lat[BLOCK], mean[BLOCK], se[BLOCK],
      lo[BLOCK], hi[BLOCK], se_eta[BLOCK];
  double *x[NCOL], edges[NDEPTH + 1], depth[NDEPTH], thick[NDEPTH], area[NLAT];
  int region[BLOCK];
  pm_draws *dr = NULL;
  pm_mapper *m = NULL;
  pm_totals *t = NULL;
  pm_interval iv;
  size_t ncells = (size_t)NLON * NLAT * NDEPTH * months, first, k;
  int status = PM_SUCCESS;

  for (k = 0; k < NCOL; k++) x[k] = cov[k];
  for (k = 0; k <= NDEPTH; k++) edges[k] = 5500.0 * pow(k / (double)NDEPTH, 2);
  for (k = 0; k < NDEPTH; k++) {
    depth[k] = (edges[k] + edges[k + 1]) / 2;
    thick[k] = edges[k + 1] - edges[k];
  }
  for (k = 0; k < NLAT && !status; k++)
    status = pm_grid_quadrangle_area(-90.0 + k, -89.0 + k, 1.0, &area[k]);
  memset(res, 0, sizeof *res);
  if (!status && draws_mode) status = pm_draws_alloc(&dr, fit, NDRAWS, 42);
  if (!status) status = pm_mapper_alloc(&m, fit, dr, BLOCK);
  if (!status) status = pm_totals_alloc(&t, 6, draws_mode ? NDRAWS : 0);
  for (first = 0; !status && first < ncells; first += BLOCK) {
    size_t n = ncells - first < BLOCK ? ncells - first : BLOCK;
    pm_frame *fr = NULL;
    pm_model_matrix mm;
    pm_map_values v = {.mean = mean, .se = se, .se_eta = se_eta};
    double ts = bench_now(), ta, tb;
    block_covariates(first, n, x, depth, thick, area, w, lat);
    pm_map_lat_bands(NULL, 0, lat, n, region);
    ta = bench_now();
    res->synth_s += ta - ts;
    status = pm_frame_from_columns(&fr, "grid", names, (const double *const *)x,
                                   NCOL, n);
    if (!status) status = pm_design_matrix(d, fr, 0, &mm);
    tb = bench_now();
    res->design_s += tb - ta;
    if (!status) {
      pm_map_cells c = {.n = mm.n, .p = mm.p, .X = mm.X, .offset = mm.offset,
                        .weight = w, .region = region};
      if (draws_mode) v.lower = lo, v.upper = hi;
      status = pm_mapper_cells(m, &c, &v, t);
      pm_model_matrix_free(&mm);
    }
    res->map_s += bench_now() - tb;
    pm_frame_free(fr);
  }
  if (!status) status = pm_totals_get(t, 6, &iv);
  if (!status) {
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    res->cells = ncells;
    res->total = iv.mean;
    res->lower = iv.lower;
    res->upper = iv.upper;
    res->peak_kib = ru.ru_maxrss;
    res->cpu_s =
        (double)ru.ru_utime.tv_sec + 1e-6 * (double)ru.ru_utime.tv_usec;
  }
  pm_totals_free(t);
  pm_mapper_free(m);
  pm_draws_free(dr);
  return status;
}

/* Run a mode in a child process; its result comes back through a pipe. */
static int run_child(const pm_design *d, const pm_gam_fit *fit, int mode,
                     size_t months, result *res)
{
  int fd[2], st;
  pid_t pid;

  if (pipe(fd) != 0 || (pid = fork()) < 0) return 1;
  if (pid == 0) {
    int s = run_mode(d, fit, mode, months, res);
    if (s) fprintf(stderr, "bench_predict: %s\n", pm_error_message());
    if (write(fd[1], res, sizeof *res) != (ssize_t)sizeof *res) s = 1;
    _exit(s ? 1 : 0);
  }
  close(fd[1]);
  st = read(fd[0], res, sizeof *res) == (ssize_t)sizeof *res ? 0 : 1;
  close(fd[0]);
  if (waitpid(pid, &st, 0) < 0 || !WIFEXITED(st) || WEXITSTATUS(st)) return 1;
  return 0;
}

int main(int argc, char **argv)
{
  pm_formula *f = NULL;
  pm_frame *fr = NULL;
  pm_design *d = NULL;
  pm_gam_fit *fit = NULL;
  size_t months = argc > 1 ? (size_t)atoi(argv[1]) : 12, i;
  const char *term = argc > 2 ? argv[2] : "cr";
  const char *label[2] = {"mean + SE", "+ 200 draws, 95% CI, totals"};
  double tf = bench_now();
  int mode, status = 0;

  for (i = 0; i < sizeof models / sizeof models[0]; i++)
    if (strcmp(models[i].name, term) == 0) formula = models[i].formula;
  geographic = strcmp(term, "cr") != 0;
  if (months < 1 || months > 12 || !formula) {
    fprintf(stderr, "usage: bench_predict [MONTHS 1-12 [cr|tp2d|sos]]\n");
    return 2;
  }
  if (fit_model(&f, &fr, &d, &fit)) {
    fprintf(stderr, "bench_predict: fit failed: %s\n", pm_error_message());
    status = 1;
    goto cleanup;
  }
  printf("model: %s\nfitted to %d rows in %.2f s, %zu coefficients; grid "
         "%dx%dx%d x %zu months, blocks of %d cells\n\n", formula, NFIT,
         bench_now() - tf, fit->p, NLON, NLAT, NDEPTH, months, BLOCK);
  printf("| mode | cells | covariates s | design matrix s | mapper s | "
         "cells/s (design + mapper) | cells/s (mapper) | CPU s | "
         "peak memory | global total [95%%] |\n");
  printf("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n");
  for (mode = 0; mode < 2 && !status; mode++) {
    result r;
    if ((status = run_child(d, fit, mode, months, &r))) break;
    printf("| %s | %zu | %.2f | %.2f | %.2f | %.2f M | %.2f M | %.1f | "
           "%.0f MiB | %.4g [%.4g, %.4g] |\n", label[mode], r.cells,
           r.synth_s, r.design_s, r.map_s,
           r.cells / (r.design_s + r.map_s) / 1e6, r.cells / r.map_s / 1e6,
           r.cpu_s, r.peak_kib / 1024.0, r.total, r.lower, r.upper);
    fflush(stdout);
  }
cleanup:
  pm_gam_fit_free(fit);
  pm_design_free(d);
  pm_frame_free(fr);
  pm_formula_free(f);
  return status;
}
