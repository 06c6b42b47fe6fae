/* ranks.c: the ranks of an MPI job and the sharing of units of work
 * (pm_ranks.h).
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "config.h"
#include "pm_ranks.h"
#include "pm_error.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#if PM_HAVE_MPI
#include <mpi.h>
#endif

static int rank, size = 1;
static int alone;     /* pm_ranks_alone */
static int failed;    /* the status of a failure already shared */

int pm_ranks_rank(void) { return rank; }

int pm_ranks_size(void) { return alone ? 1 : size; }

int pm_ranks_alone(int a)
{
  int was = alone;
  alone = a;
  return was;
}

/* The first of the n units of rank r of nr (r = nr: n). */
static size_t block_start(size_t n, int r, int nr)
{
  return (size_t)((unsigned long long)n * (unsigned)r / (unsigned)nr);
}

void pm_ranks_units(size_t n, size_t *lo, size_t *hi)
{
  int nr = pm_ranks_size(), r = alone ? 0 : rank;

  *lo = block_start(n, r, nr);
  *hi = block_start(n, r + 1, nr);
}

int pm_ranks_gather_equal(void *buf, size_t unit, size_t n)
{
  size_t *start, u;
  int status;

  if (pm_ranks_size() == 1) return PM_SUCCESS;
  if (!(start = malloc((n + 1) * sizeof *start)))
    return pm_ranks_agree(pm_error_nomem());
  for (u = 0; u <= n; u++) start[u] = u * unit;
  status = pm_ranks_gather(buf, start, n);
  free(start);
  return status;
}

/* A job of one rank: its own bytes. */
static int collect_alone(int status, const void *mine, size_t n, char **all,
                         size_t *start)
{
  *all = NULL;
  if (status) return status;
  if (!(*all = malloc(n + 1))) return pm_error_nomem();
  if (n) memcpy(*all, mine, n);
  start[0] = 0;
  start[1] = n;
  return PM_SUCCESS;
}

#if PM_HAVE_MPI

static int started;   /* pm_ranks_init started MPI */
static int foreign;   /* 1: the failure shared was another rank's */
static char failure_message[PM_ERROR_MAX];

int pm_ranks_init(int *argc, char ***argv)
{
  int provided;

  if (!getenv("OMPI_COMM_WORLD_SIZE")) return PM_SUCCESS;
  if (MPI_Init_thread(argc, argv, MPI_THREAD_FUNNELED, &provided) !=
      MPI_SUCCESS)
    return pm_error(PM_EIO, "MPI_Init_thread failed");
  started = 1;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  if (rank > 0 && (!freopen("/dev/null", "w", stdout) ||
                   !freopen("/dev/null", "w", stderr)))
    return pm_error(PM_EIO, "rank %d: cannot send its output to /dev/null",
                    rank);
  return PM_SUCCESS;
}

void pm_ranks_finalize(void)
{
  if (started) MPI_Finalize();
  started = 0;
}

const char *pm_ranks_library(void)
{
  static char version[MPI_MAX_LIBRARY_VERSION_STRING];
  int n;

  if (MPI_Get_library_version(version, &n) != MPI_SUCCESS) return "MPI";
  version[strcspn(version, ",\n")] = '\0';
  return version;
}

/* The failed rank's status and message, as it sends them. */
typedef struct {
  int status;
  char message[PM_ERROR_MAX];
} failure;

/* *out = the least *in over the ranks.  A rank that arrives early waits
 * here, while rank 0 runs the stages alone, for instance: it sleeps
 * between tests of the reduction (1 ms) rather than spin on a core its
 * node's threads may use. */
static void wait_min(int *in, int *out)
{
  const struct timespec nap = {0, 1000000};
  MPI_Request req;
  int done = 0;

  MPI_Iallreduce(in, out, 1, MPI_INT, MPI_MIN, MPI_COMM_WORLD, &req);
  for (MPI_Test(&req, &done, MPI_STATUS_IGNORE); !done;
       MPI_Test(&req, &done, MPI_STATUS_IGNORE))
    nanosleep(&nap, NULL);
}

int pm_ranks_agree(int status)
{
  failure f;
  int me, first;

  if (pm_ranks_size() == 1) return status;
  if (failed) return failed;
  me = status ? rank : size;
  wait_min(&me, &first);
  if (first == size) return PM_SUCCESS;
  memset(&f, 0, sizeof f);
  if (rank == first) {
    f.status = status;
    snprintf(f.message, sizeof f.message, "%s", pm_error_message());
  }
  MPI_Bcast(&f, (int)sizeof f, MPI_BYTE, first, MPI_COMM_WORLD);
  if ((foreign = rank != first)) {
    snprintf(failure_message, sizeof failure_message, "rank %d: %.*s", first,
             (int)sizeof failure_message - 24, f.message);
    pm_error(f.status, "%s", failure_message);
  }
  return failed = f.status;
}

int pm_ranks_failure(int status)
{
  if (status && failed && foreign) pm_error(status, "%s", failure_message);
  return status;
}

int pm_ranks_finish(int status)
{
  status = pm_ranks_failure(pm_ranks_agree(status));
  failed = foreign = 0;
  return status;
}

/* MPI counts are ints: a share of more than INT_MAX bytes is refused. */
static int too_large(size_t n)
{
  return n > INT_MAX ? pm_error(PM_EIO, "%zu bytes to share among the "
                                "ranks, more than MPI's %d in one message",
                                n, INT_MAX)
                     : PM_SUCCESS;
}

int pm_ranks_share(int status, void *buf, size_t n)
{
  if (pm_ranks_size() == 1) return status;
  if (!status) status = too_large(n);
  if ((status = pm_ranks_agree(status))) return status;
  MPI_Bcast(buf, (int)n, MPI_BYTE, 0, MPI_COMM_WORLD);
  return PM_SUCCESS;
}

int pm_ranks_gather(void *buf, const size_t *start, size_t n)
{
  int nr = pm_ranks_size(), *count = NULL, *displ = NULL, r, status;

  if (nr == 1) return PM_SUCCESS;
  status = too_large(start[n]);
  count = malloc((size_t)nr * sizeof *count);
  displ = malloc((size_t)nr * sizeof *displ);
  if (!status && (!count || !displ)) status = pm_error_nomem();
  if (!(status = pm_ranks_agree(status))) {
    for (r = 0; r < nr; r++) {
      displ[r] = (int)start[block_start(n, r, nr)];
      count[r] = (int)start[block_start(n, r + 1, nr)] - displ[r];
    }
    MPI_Allgatherv(MPI_IN_PLACE, 0, MPI_BYTE, buf, count, displ, MPI_BYTE,
                   MPI_COMM_WORLD);
  }
  free(count);
  free(displ);
  return status;
}

/* Rank 0's buffer for the counts gathered (bytes of every rank, as
 * unsigned long long), with their offsets; the others return at once. */
static int collect_room(const unsigned long long *count, char **all,
                        size_t *start, int *icount, int *displ)
{
  int r;

  if (rank > 0) return PM_SUCCESS;
  start[0] = 0;
  for (r = 0; r < size; r++) {
    start[r + 1] = start[r] + (size_t)count[r];
    icount[r] = (int)count[r];
    displ[r] = (int)start[r];
  }
  if (start[size] > INT_MAX) return too_large(start[size]);
  return (*all = malloc(start[size] + 1)) ? PM_SUCCESS : pm_error_nomem();
}

int pm_ranks_collect(int status, const void *mine, size_t n, char **all,
                     size_t *start)
{
  unsigned long long me = n, *count = NULL;
  int *icount = NULL, *displ = NULL;

  if (pm_ranks_size() == 1) return collect_alone(status, mine, n, all, start);
  *all = NULL;
  if (!status) status = too_large(n);
  count = malloc((size_t)size * sizeof *count);
  icount = malloc((size_t)size * sizeof *icount);
  displ = malloc((size_t)size * sizeof *displ);
  if (!status && (!count || !icount || !displ)) status = pm_error_nomem();
  if (!(status = pm_ranks_agree(status))) {
    MPI_Gather(&me, 1, MPI_UNSIGNED_LONG_LONG, count, 1,
               MPI_UNSIGNED_LONG_LONG, 0, MPI_COMM_WORLD);
    status = pm_ranks_agree(collect_room(count, all, start, icount, displ));
  }
  if (!status)
    MPI_Gatherv(mine, (int)n, MPI_BYTE, *all, icount, displ, MPI_BYTE, 0,
                MPI_COMM_WORLD);
  free(count);
  free(icount);
  free(displ);
  if (status) {
    free(*all);
    *all = NULL;
  }
  return status;
}

#else /* a build without MPI: a job of one rank */

int pm_ranks_init(int *argc, char ***argv)
{
  (void)argc, (void)argv;
  return PM_SUCCESS;
}

void pm_ranks_finalize(void) {}

const char *pm_ranks_library(void) { return NULL; }

int pm_ranks_agree(int status) { return status; }

int pm_ranks_failure(int status) { return status; }

int pm_ranks_finish(int status)
{
  failed = 0;
  return status;
}

int pm_ranks_share(int status, void *buf, size_t n)
{
  (void)buf, (void)n;
  return status;
}

int pm_ranks_gather(void *buf, const size_t *start, size_t n)
{
  (void)buf, (void)start, (void)n;
  return PM_SUCCESS;
}

int pm_ranks_collect(int status, const void *mine, size_t n, char **all,
                     size_t *start)
{
  return collect_alone(status, mine, n, all, start);
}

#endif
