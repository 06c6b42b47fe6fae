/* bench_rates.c: throughput of carbon table lookups with conversions, of
 * Ikeda respiration evaluations, and of gridded rates with intervals from
 * posterior draws (pm_rates_grid_cells), with and without layer totals.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "pm_error.h"
#include "pm_mapper.h"
#include "pm_rates.h"

#include "bench_util.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#define N_CALLS 10000000L

/* Classes as EcoTaxa names them, with their paths: an exact key, a path
 * prefix three levels deep, and one that only the '*' row covers. */
static const char *const names[] = {"Calanoida", "Dinophyceae", "detritus"};
static const char *const paths[] = {
    "living>Eukaryota>Opisthokonta>Holozoa>Metazoa>Arthropoda>Crustacea>"
    "Maxillopoda>Copepoda>Calanoida",
    "living>Eukaryota>Harosa>Alveolata>Myzozoa>Holodinophyta>Dinophyceae",
    "not-living>detritus"};

static int bench_carbon(void)
{
  pm_carbon_table *t = pm_carbon_table_alloc();
  const pm_carbon_row *row;
  double sum = 0, c, t0;
  long i;
  int status;

  if (!t) return pm_error_nomem();
  if ((status = pm_carbon_table_defaults(t)) ||
      (status = pm_carbon_table_add(t, "*", PM_CARBON_POWER, 0.0475, 1,
                                    "benchmark fallback")))
    goto cleanup;
  t0 = bench_now();
  for (i = 0; i < N_CALLS && !status; i++) {
    int k = (int)(i % 3);
    if (!(status = pm_carbon_table_lookup(t, names[k], paths[k], &row)) &&
        !(status = pm_carbon_of(row, 1e-3 * (double)(i % 1000 + 1), &c)))
      sum += c;
  }
  t0 = bench_now() - t0;
  if (!status)
    printf("carbon lookup + conversion: %ld in %.2f s, %.2f M/s "
           "(checksum %.6g)\n", N_CALLS, t0, N_CALLS / t0 * 1e-6, sum);
cleanup:
  pm_carbon_table_free(t);
  return status;
}

/* Ikeda's form with coefficients set for the benchmark (the speed does
 * not depend on their values). */
static int bench_ikeda(void)
{
  pm_respiration_params p = {0.5, 0.8, 0.06, 0.9};
  double sum = 0, r, t0 = bench_now();
  long i;
  int status = PM_SUCCESS;

  for (i = 0; i < N_CALLS && !status; i++)
    if (!(status = pm_respiration_rate(&p, 1e-4 * (double)(i % 1000 + 1),
                                       (double)(i % 30), &r)))
      sum += r;
  t0 = bench_now() - t0;
  if (!status)
    printf("Ikeda respiration: %ld in %.2f s, %.2f M/s (checksum %.6g)\n",
           N_CALLS, t0, N_CALLS / t0 * 1e-6, sum);
  return status;
}

/* A 1-degree grid of 5 layers (324,000 cells) with 200 draws, in blocks of
 * 4096 cells as the rates stage gives them: respiration by Ikeda's form
 * with explicit coefficients (benchmark values), carbon demand, column
 * integrals and global totals, and the totals of the first `nl` of
 * Hernandez-Leon & Ikeda (2005)'s layers 0-200, 200-1000, 1000-5000 m over
 * cell layers with edges 0, 100, 500, 1000, 2000, 5000 m. */
#define GRID_CELLS (360L * 180L * 5L)
#define GRID_BLOCK 4096
#define GRID_DRAWS 200
#define GRID_LAYERS 3

static const double layers[2 * GRID_LAYERS] = {0, 200, 200, 1000, 1000, 5000};
static const double edges[6] = {0, 100, 500, 1000, 2000, 5000};

static int bench_grid(size_t nl)
{
  pm_rates_spec s = {0};
  pm_rates_grid *g = NULL;
  pm_totals *t[(GRID_LAYERS + 1) * PM_RATE_N] = {NULL};
  pm_rates_values v = {0};
  pm_interval total;
  double *B = malloc(GRID_BLOCK * sizeof *B), *N = malloc(GRID_BLOCK * sizeof *N);
  double *Bd = malloc(GRID_BLOCK * GRID_DRAWS * sizeof *Bd);
  double *Nd = malloc(GRID_BLOCK * GRID_DRAWS * sizeof *Nd);
  double *T = malloc(GRID_BLOCK * sizeof *T), *vol = malloc(GRID_BLOCK * sizeof *vol);
  double *th = malloc(GRID_BLOCK * sizeof *th), *out = malloc(GRID_BLOCK * 7 * sizeof *out);
  double *bnds = malloc(2 * GRID_BLOCK * sizeof *bnds);
  size_t *col = malloc(GRID_BLOCK * sizeof *col), i, d, k;
  long done;
  double t0;
  int status = PM_SUCCESS;

  if (!B || !N || !Bd || !Nd || !T || !vol || !th || !out || !col || !bnds) {
    status = pm_error_nomem();
    goto cleanup;
  }
  s.form = PM_RESPIRATION_IKEDA;
  s.ikeda.a0 = 0.5;
  s.ikeda.a1 = 0.8;
  s.ikeda.a2 = 0.06;
  s.ikeda.rq = 0.9;
  s.individual_mass_mgC = NAN;
  s.ae = 0.7;
  s.k2 = 0.3;
  for (i = 0; i < GRID_BLOCK; i++) {
    B[i] = 1 + (double)(i % 17);
    N[i] = 50 + (double)(i % 13);
    T[i] = (double)(i % 30);
    vol[i] = 1e12;
    th[i] = 100;
    col[i] = i / 5;
    bnds[2 * i] = edges[i % 5];
    bnds[2 * i + 1] = edges[i % 5 + 1];
    for (d = 0; d < GRID_DRAWS; d++) {
      Bd[i * GRID_DRAWS + d] = B[i] * (0.8 + 0.002 * (double)d);
      Nd[i * GRID_DRAWS + d] = N[i] * (1.2 - 0.002 * (double)d);
    }
  }
  for (k = 0; k < 2; k++) {
    v.mean[k] = out + k * GRID_BLOCK;
    v.lower[k] = out + (2 + k) * GRID_BLOCK;
    v.upper[k] = out + (4 + k) * GRID_BLOCK;
    v.col_mean[k] = out + 6 * GRID_BLOCK;
  }
  if ((status = pm_rates_grid_alloc(&g, &s, GRID_DRAWS))) goto cleanup;
  for (k = 0; k < 2 * (nl + 1) && !status; k++)
    status = pm_totals_alloc(&t[k / 2 * PM_RATE_N + k % 2], 1, GRID_DRAWS);
  if (status) goto cleanup;
  t0 = bench_now();
  for (done = 0; done < GRID_CELLS && !status; done += GRID_BLOCK) {
    pm_rates_cells c = {.n = GRID_BLOCK, .ndraws = GRID_DRAWS, .B = B, .N = N,
                        .B_draws = Bd, .N_draws = Nd, .T = T, .volume = vol,
                        .thickness = th, .column = col, .nlayers = nl,
                        .layers = layers, .bnds = bnds};
    status = pm_rates_grid_cells(g, &c, &v, t, 1);
  }
  t0 = bench_now() - t0;
  if (!status && !(status = pm_totals_get(t[0], 0, &total)))
    printf("gridded rates, %zu layer totals: %ld cells x %d draws in %.2f s, "
           "%.0f k cells/s (respiration total %.6g Pg C yr-1, %.6g-%.6g)\n",
           nl, done, GRID_DRAWS, t0, (double)done / t0 * 1e-3, total.mean,
           total.lower, total.upper);
cleanup:
  for (k = 0; k < (GRID_LAYERS + 1) * PM_RATE_N; k++) pm_totals_free(t[k]);
  pm_rates_grid_free(g);
  free(B), free(N), free(Bd), free(Nd), free(T), free(vol), free(th);
  free(out), free(col), free(bnds);
  return status;
}

int main(void)
{
  int status = bench_grid(0);
  if (!status) status = bench_grid(GRID_LAYERS);
  if (!status) status = bench_carbon();
  if (!status) status = bench_ikeda();
  if (status) fprintf(stderr, "bench_rates: %s\n", pm_error_message());
  return status;
}
