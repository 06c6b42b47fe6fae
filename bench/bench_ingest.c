/* bench_ingest.c: time the ingest of an EcoTaxa export and its gridding
 * (binning on a global 1-degree monthly grid, and writing observations.nc),
 * and report MB/s, objects/s and the peak memory.
 *
 * Usage: bench_ingest FILE OUTPUT.nc [FILE.gz]
 *
 * With FILE.gz, the same export gzip-compressed (gzip -1 FILE), it then
 * times the ingest of the compressed file and reports its rate in MB of
 * uncompressed text per second.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "pm_bin.h"
#include "pm_error.h"
#include "pm_grid.h"
#include "pm_ncwrite.h"
#include "pm_read.h"

#include "bench_util.h"

#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

static double cpu_seconds(void)
{
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  return ru.ru_utime.tv_sec + 1e-6 * ru.ru_utime.tv_usec + ru.ru_stime.tv_sec +
         1e-6 * ru.ru_stime.tv_usec;
}

/* Bin the samples on a global 1-degree monthly grid and write them. */
static int grid_and_write(const pm_obs *obs, const char *out)
{
  double edges[] = {0, 50, 100, 200, 500, 1000, 2000, 6000}, t0, t1;
  pm_grid_spec spec = {-180, 180, -90, 90, 1, 1, edges, 8, PM_TIME_MONTH};
  pm_grid *g = NULL;
  pm_bin *b = NULL;
  pm_nc_meta meta;
  int status;

  pm_nc_meta_init(&meta);
  meta.version = "bench";
  meta.command = "bench_ingest";
  pm_obs_time_range(obs, &t0, &t1);
  status = pm_grid_alloc(&g, &spec, t0, t1);
  if (!status) status = pm_bin_alloc(&b, g, obs);
  if (!status) status = pm_ncwrite_observations(out, g, b, obs, &meta);
  pm_bin_free(b);
  pm_grid_free(g);
  return status;
}

/* Read `path` as an EcoTaxa export into obs; wall-clock and CPU seconds. */
static int ingest(pm_obs *obs, char *path, pm_obs_report *rep, double *wall,
                  double *cpu)
{
  pm_obs_source src;
  double t0 = bench_now(), c0 = cpu_seconds();
  int status;

  memset(&src, 0, sizeof src);
  memset(rep, 0, sizeof *rep);
  src.name = "bench";
  src.format = PM_FORMAT_ECOTAXA;
  src.files = &path;
  src.n_files = 1;
  status = pm_obs_read(obs, &src, NULL, NULL, rep, NULL);
  *wall = bench_now() - t0;
  *cpu = cpu_seconds() - c0;
  return status;
}

/* The same export gzip-compressed: its text read at what rate, in MB of
 * uncompressed text (`mb`, those of the plain run) per second. */
static int ingest_gzip(char *path, double mb, unsigned long long rows)
{
  pm_obs *obs = pm_obs_alloc();
  pm_obs_report rep;
  double wall, cpu;
  int status = obs ? ingest(obs, path, &rep, &wall, &cpu) : pm_error_nomem();

  if (!status && rep.rows_read != rows)
    status = pm_error(PM_EINPUT, "%s: %llu objects, not %llu", path,
                      (unsigned long long)rep.rows_read, rows);
  if (!status)
    printf("  gzip (%s, %.0f MB compressed): wall %.2f s, cpu %.2f s: %.0f "
           "MB/s of text (per cpu second: %.0f MB/s)\n",
           path, rep.bytes_read / 1e6, wall, cpu, mb / wall, mb / cpu);
  pm_obs_free(obs);
  return status;
}

int main(int argc, char **argv)
{
  pm_obs_report rep;
  pm_obs *obs = pm_obs_alloc();
  struct rusage ru;
  double wall, cpu, mb, t1;
  int status;

  if (argc != 3 && argc != 4) {
    fprintf(stderr, "usage: bench_ingest FILE OUTPUT.nc [FILE.gz]\n");
    return 2;
  }
  status = ingest(obs, argv[1], &rep, &wall, &cpu);
  t1 = bench_now();
  if (!status) status = grid_and_write(obs, argv[2]);
  t1 = bench_now() - t1;
  mb = rep.bytes_read / 1e6;
  if (!status) {
    printf("%s: %llu objects, %.0f MB, %zu samples, %zu classes\n", argv[1],
           (unsigned long long)rep.rows_read, mb, obs->n_samples,
           obs->n_classes);
    printf("  ingest: wall %.2f s, cpu %.2f s: %.0f MB/s, %.2f M objects/s "
           "(per cpu second: %.0f MB/s)\n",
           wall, cpu, mb / wall, rep.rows_read / wall / 1e6, mb / cpu);
    printf("  grid and write observations.nc: %.2f s; ingest + grid: %.0f "
           "MB/s\n",
           t1, mb / (wall + t1));
  }
  pm_obs_free(obs); /* the peak memory is that of one ingest */
  if (!status && argc == 4)
    status = ingest_gzip(argv[3], mb, (unsigned long long)rep.rows_read);
  if (status) {
    fprintf(stderr, "bench_ingest: %s\n", pm_error_message());
    return status;
  }
  getrusage(RUSAGE_SELF, &ru);
  printf("  peak memory (ru_maxrss): %ld MiB\n", ru.ru_maxrss / 1024);
  return 0;
}
