/* pm_ranks.h: the ranks of an MPI job (Open MPI), and the units of work
 * that plankmap's distributed loops share among them.
 *
 * Under `mpirun -n N plankmap run CONFIG` every rank runs the same
 * program on the same inputs.  The loops whose units are independent
 * (cross-validation folds, bootstrap refits, the members of a boosted-tree
 * ensemble) give rank r the units [r U / N, (r + 1) U / N) of their U
 * (pm_ranks_units), run them on the rank's threads, and then share every
 * unit's result with every rank (pm_ranks_gather), so that each rank holds
 * what one process would have computed, in unit order, to the bit.  Only
 * rank 0 writes files and prints: results only it needs, such as the
 * tiles of a map, are sent to it alone (pm_ranks_collect).
 *
 * Errors.  A rank that fails stops its work and calls pm_ranks_agree (or
 * pm_ranks_finish) with its status; every exchange starts with the same
 * agreement, so that the other ranks learn of the failure at their next
 * exchange instead of waiting for the failed rank, and all of them return
 * the status and message of the lowest failed rank ("rank K: ..." on the
 * others).  Once a failure is shared, the exchanges return it at once
 * until pm_ranks_finish, which every rank calls once, at the end of its
 * work.
 *
 * A build without MPI (configure --without-mpi), or a process not started
 * by mpirun, is a job of one rank: every call is local and the units are
 * all the rank's.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#ifndef PM_RANKS_H
#define PM_RANKS_H

#include <stddef.h>

/* Start MPI when mpirun started this process (Open MPI's
 * OMPI_COMM_WORLD_SIZE is set), with MPI_THREAD_FUNNELED: only the main
 * thread calls MPI, outside the threads' loops.  Ranks other than 0 send
 * their standard output and error to /dev/null. */
int pm_ranks_init(int *argc, char ***argv);
/* MPI_Finalize, when pm_ranks_init started MPI. */
void pm_ranks_finalize(void);

int pm_ranks_rank(void);
int pm_ranks_size(void);
/* "Open MPI v4.1.4" (MPI_Get_library_version's first line) in a build with
 * MPI, NULL without. */
const char *pm_ranks_library(void);

/* While `alone` is 1, this rank works as a job of one (rank 0 running a
 * command or a stage that does not share its work; the others wait in
 * their next exchange).  Returns the setting it replaces. */
int pm_ranks_alone(int alone);

/* Every rank's status: PM_SUCCESS when all succeeded, else the status of
 * the lowest rank that failed, whose message is recorded on every rank. */
int pm_ranks_agree(int status);
/* `status`, its message that of the rank that failed first when a failure
 * of another rank was shared: the context this rank added to it while
 * returning is not where it happened. */
int pm_ranks_failure(int status);
/* The end of the program's collective work, which every rank reaches once:
 * pm_ranks_agree(status) unless a failure was shared already, then
 * pm_ranks_failure; the shared failure is then forgotten. */
int pm_ranks_finish(int status);

/* pm_ranks_agree(status), then rank 0's n bytes of buf on every rank. */
int pm_ranks_share(int status, void *buf, size_t n);

/* The units [*lo, *hi) of n that this rank computes. */
void pm_ranks_units(size_t n, size_t *lo, size_t *hi);
/* After each rank has filled its units of buf (unit u the bytes
 * [start[u], start[u + 1]), start[0] = 0): every unit on every rank.
 * pm_ranks_agree(PM_SUCCESS) first. */
int pm_ranks_gather(void *buf, const size_t *start, size_t n);
/* The same for units of `size` bytes each. */
int pm_ranks_gather_equal(void *buf, size_t size, size_t n);

/* pm_ranks_agree(status), then every rank's n bytes `mine` on rank 0 one
 * after the other (MPI_Gatherv): rank r's at [start[r], start[r + 1]) of
 * *all (start: pm_ranks_size() + 1 entries), which the caller frees; *all
 * is NULL on the other ranks.  For results that rank 0 alone writes. */
int pm_ranks_collect(int status, const void *mine, size_t n, char **all,
                     size_t *start);

#endif
