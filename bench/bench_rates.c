/* bench_rates.c: throughput of carbon table lookups with conversions, and of
 * Ikeda respiration evaluations.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "pm_error.h"
#include "pm_rates.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#define N_CALLS 10000000L

static double now(void)
{
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + 1e-9 * ts.tv_nsec;
}

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
  t0 = now();
  for (i = 0; i < N_CALLS && !status; i++) {
    int k = (int)(i % 3);
    if (!(status = pm_carbon_table_lookup(t, names[k], paths[k], &row)) &&
        !(status = pm_carbon_of(row, 1e-3 * (double)(i % 1000 + 1), &c)))
      sum += c;
  }
  t0 = now() - t0;
  if (!status)
    printf("carbon lookup + conversion: %ld in %.2f s, %.2f M/s "
           "(checksum %.6g)\n", N_CALLS, t0, N_CALLS / t0 * 1e-6, sum);
cleanup:
  pm_carbon_table_free(t);
  return status;
}

static int bench_ikeda(void)
{
  double sum = 0, r, t0 = now();
  long i;
  int status = PM_SUCCESS;

  for (i = 0; i < N_CALLS && !status; i++)
    if (!(status = pm_respiration_ikeda(1e-4 * (double)(i % 1000 + 1),
                                        (double)(i % 30), 0.97, &r)))
      sum += r;
  t0 = now() - t0;
  if (!status)
    printf("Ikeda respiration: %ld in %.2f s, %.2f M/s (checksum %.6g)\n",
           N_CALLS, t0, N_CALLS / t0 * 1e-6, sum);
  return status;
}

int main(void)
{
  int status = bench_carbon();
  if (!status) status = bench_ikeda();
  if (status) fprintf(stderr, "bench_rates: %s\n", pm_error_message());
  return status;
}
