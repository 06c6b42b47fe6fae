/* test_ranks.c: the units of work and their sharing among the ranks of an
 * MPI job (pm_ranks.h).  Run alone it checks the job of one rank; under
 * `mpirun -n N` (tests/cli_mpi.sh) every rank takes part and rank 0
 * prints the checks of all: the units are cut without gap or overlap,
 * gathered units and shared bytes arrive whole, and a failure on one rank
 * reaches every other at its next exchange with the failed rank's status
 * and message, the lowest failed rank's when several fail.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "pm_error.h"
#include "pm_ranks.h"
#include "pm_test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* 1 when every rank's `ok` is 1 (the ranks' flags gathered as units). */
static int all_ranks(int ok)
{
  int n = pm_ranks_size(), *flag = calloc((size_t)n, sizeof *flag), r;
  size_t lo, hi;

  if (!flag) exit(99);
  pm_ranks_units((size_t)n, &lo, &hi);
  flag[lo] = ok; /* n units of n ranks: one each */
  if (pm_ranks_gather_equal(flag, sizeof *flag, (size_t)n)) ok = 0;
  for (r = 0; r < n; r++) ok &= flag[r];
  free(flag);
  return ok;
}

/* The units of n: every rank's block, in rank order, without gap. */
static void test_units(void)
{
  size_t n, lo, hi, counts[] = {0, 1, 2, 5, 7, 1000};
  int ok = 1, i;

  for (i = 0; i < 6; i++) {
    n = counts[i];
    pm_ranks_units(n, &lo, &hi);
    ok &= lo <= hi && hi <= n;
    ok &= hi - lo <= n / (size_t)pm_ranks_size() + 1;
  }
  pm_test_ok(all_ranks(ok), "each rank's units lie in 0..n, none holds "
             "more than its share (%d ranks)", pm_ranks_size());
}

/* Units of equal and of different sizes gathered: every unit holds what
 * its rank wrote. */
static void test_gather(void)
{
  enum { N = 37 };
  size_t start[N + 1], lo, hi, u, j;
  double *v;
  int ok = 1;

  start[0] = 0;
  for (u = 0; u < N; u++) start[u + 1] = start[u] + (u % 5) * sizeof *v;
  if (!(v = calloc(start[N] / sizeof *v + N + 1, sizeof *v))) exit(99);
  pm_ranks_units(N, &lo, &hi);
  for (u = lo; u < hi; u++) v[u] = 1000.0 * (double)u + 0.5;
  ok &= pm_ranks_gather_equal(v, sizeof *v, N) == PM_SUCCESS;
  for (u = 0; u < N; u++) ok &= v[u] == 1000.0 * (double)u + 0.5;
  pm_test_ok(all_ranks(ok), "units of one double gathered from every rank");
  ok = 1;
  memset(v, 0, start[N]);
  for (u = lo; u < hi; u++)
    for (j = 0; j < u % 5; j++) v[start[u] / sizeof *v + j] = (double)(u + j);
  ok &= pm_ranks_gather(v, start, N) == PM_SUCCESS;
  for (u = 0; u < N; u++)
    for (j = 0; j < u % 5; j++) ok &= v[start[u] / sizeof *v + j] == u + j;
  pm_test_ok(all_ranks(ok), "units of 0 to 4 doubles gathered from every "
             "rank");
  free(v);
}

static void test_share(void)
{
  char text[32] = "";

  if (pm_ranks_rank() == 0) strcpy(text, "the plan of rank 0");
  pm_test_ok(all_ranks(pm_ranks_share(PM_SUCCESS, text, sizeof text) == 0 &&
                       !strcmp(text, "the plan of rank 0")),
             "rank 0's bytes shared with every rank");
}

/* Rank r sends r + 1 bytes 'a' + r (none on a rank of 7 and more): rank 0
 * holds them all, in rank order; the others hold nothing. */
static void test_collect(void)
{
  int me = pm_ranks_rank(), n = pm_ranks_size(), r, ok;
  size_t *start = malloc(((size_t)n + 1) * sizeof *start), len, i;
  char mine[8], *all = NULL;

  if (!start) exit(99);
  len = me < 7 ? (size_t)me + 1 : 0;
  memset(mine, 'a' + me, len);
  ok = pm_ranks_collect(PM_SUCCESS, mine, len, &all, start) == PM_SUCCESS;
  if (me > 0) {
    ok &= all == NULL;
  } else {
    ok &= all != NULL && start[0] == 0;
    for (r = 0; ok && r < n; r++) {
      ok &= start[r + 1] - start[r] == (r < 7 ? (size_t)r + 1 : 0);
      for (i = start[r]; ok && i < start[r + 1]; i++) ok &= all[i] == 'a' + r;
    }
  }
  pm_test_ok(all_ranks(ok), "every rank's bytes collected on rank 0, in "
             "rank order");
  free(all);
  free(start);
}

/* Rank `bad` fails (a file only it reads) while the others gather: all
 * return its status, the others with "rank <bad>: " before its message. */
static void test_failure(int bad, int also)
{
  int me = pm_ranks_rank(), status, ok, first = also >= 0 && also < bad
                                                    ? also : bad;
  double unit[64] = {0};
  char want[128];

  if (me == bad || me == also) {
    status = pm_ranks_finish(pm_error(PM_EINPUT, "rank-only.tsv:3: a bad "
                                      "row read by rank %d", me));
  } else {
    status = pm_ranks_gather_equal(unit, sizeof unit[0],
                                   (size_t)pm_ranks_size());
    status = pm_ranks_finish(status);
  }
  if (me == first)
    snprintf(want, sizeof want, "rank-only.tsv:3: a bad row read by rank %d",
             first);
  else
    snprintf(want, sizeof want, "rank %d: rank-only.tsv:3: a bad row read "
             "by rank %d", first, first);
  ok = status == PM_EINPUT && !strcmp(pm_error_message(), want);
  if (!ok) fprintf(stderr, "rank %d: %d %s\n", me, status, pm_error_message());
  pm_test_ok(all_ranks(ok), "rank %d failing%s reaches every rank with the "
             "message of rank %d", bad, also >= 0 ? " with another" : "",
             first);
}

int main(int argc, char **argv)
{
  int n, status = pm_ranks_init(&argc, &argv);

  if (status) {
    printf("Bail out! %s\n", pm_error_message());
    return 99;
  }
  n = pm_ranks_size();
  printf("# %d rank%s\n", n, n > 1 ? "s" : "");
  test_units();
  test_gather();
  test_share();
  test_collect();
  test_failure(n - 1, -1);
  if (n > 2) test_failure(n - 1, 1);
  pm_test_ok(all_ranks(pm_ranks_finish(PM_SUCCESS) == PM_SUCCESS),
             "after a failure the ranks exchange again");
  status = pm_test_failed ? 1 : 0;
  printf("1..%d\n", pm_test_count);
  pm_ranks_finalize();
  return status;
}
