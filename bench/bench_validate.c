/* bench_validate.c: the validation step on a 1-degree global flux map of
 * 20 depths: reading the tables and the map, matching the 1975 traps.
 *
 * Usage: bench/bench_validate [DATADIR] (default $top_srcdir/validation).
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "pm_error.h"
#include "pm_validation.h"

#include "bench_util.h"

#include <math.h>
#include <netcdf.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

/* A flux map falling off with depth as a Martin curve (b = 0.858) from
 * 100 mg C m-2 d-1 at 100 m. */
static double martin_flux(double lon, double lat, double depth)
{
  (void)lon;
  (void)lat;
  return 100 * pow(depth / 100, -0.858);
}

int main(int argc, char **argv)
{
  const char *top = getenv("top_srcdir"), *tmpdir = getenv("TMPDIR");
  char dir[4096], pub[4200], trp[4200], map[4200];
  pm_published *p = NULL;
  pm_traps *t = NULL;
  pm_validation_map *m = NULL;
  pm_validation_stats s;
  double t0, t1, t2, t3;
  int status;

  if (argc > 1)
    snprintf(dir, sizeof dir, "%s", argv[1]);
  else
    snprintf(dir, sizeof dir, "%s/validation", top ? top : ".");
  snprintf(pub, sizeof pub, "%s/published.tsv", dir);
  snprintf(trp, sizeof trp, "%s/traps.csv", dir);
  snprintf(map, sizeof map, "%s/plankmap-bench-validate-%ld.nc",
           tmpdir ? tmpdir : "/tmp", (long)getpid());
  if (bench_write_map(map, "flux_mean", "mg m-2 d-1", martin_flux) !=
      NC_NOERR) {
    fprintf(stderr, "bench_validate: cannot write %s\n", map);
    return 4;
  }
  t0 = bench_now();
  status = pm_published_read(&p, pub);
  if (!status) status = pm_traps_read(&t, trp);
  t1 = bench_now();
  if (!status) status = pm_validation_map_read(&m, map, "flux");
  t2 = bench_now();
  if (!status) status = pm_validation_match_traps(t, m, &s);
  t3 = bench_now();
  remove(map);
  if (status) {
    fprintf(stderr, "bench_validate: %s\n", pm_error_message());
  } else {
    printf("bench_validate: tables (%zu estimates, %zu traps) %.1f ms, "
           "map %dx%dx%d %.1f ms, matching %.2f ms (%zu matched, "
           "bias %.3f)\n",
           p->n, t->n, 1e3 * (t1 - t0), BENCH_NLON, BENCH_NLAT, BENCH_NDEPTH, 1e3 * (t2 - t1),
           1e3 * (t3 - t2), s.n_matched, s.bias);
  }
  pm_published_free(p);
  pm_traps_free(t);
  pm_validation_map_free(m);
  return status;
}
