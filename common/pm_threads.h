/* pm_threads.h: the threads of plankmap's parallel loops (OpenMP).
 *
 * Loops over row chunks and over cross-validation folds run on these
 * threads.  Their results do not depend on the number of threads: rows are
 * cut into chunks by their number alone (pm_threads_chunks), each chunk's
 * partial sums are kept apart, and the partials are added in chunk order.
 * A build without OpenMP runs the same loops on one thread.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#ifndef PM_THREADS_H
#define PM_THREADS_H

#include <stddef.h>

/* Use n threads (n >= 1), or one per processor (n = 0, the default unless
 * OMP_NUM_THREADS says otherwise). */
void pm_threads_set(int n);
/* The number of threads a parallel loop gets now. */
int pm_threads_count(void);
/* The chunks n rows are cut into: a fixed function of n (up to
 * PM_THREADS_MAX_CHUNKS, each at least PM_THREADS_MIN_ROWS rows). */
size_t pm_threads_chunks(size_t n);
/* The chunks of n rows whose work per row is large (a row of a smooth's
 * basis, a map cell's draws): at least PM_THREADS_MIN_CELLS rows each, so
 * that a block of a map's cells is shared among the threads; again a
 * fixed function of n. */
size_t pm_threads_cell_chunks(size_t n);
/* The first row of chunk c of nc over n rows (c = nc gives n). */
size_t pm_threads_chunk_start(size_t n, size_t nc, size_t c);

/* 16 chunks keep 16 cores busy; chunks of at least 16384 rows keep each
 * one's BLAS calls large. */
#define PM_THREADS_MAX_CHUNKS 16
#define PM_THREADS_MIN_ROWS 16384
/* A thin-plate row of 2,000 knots, or a cell's 200 draws with their
 * quantiles, costs some 10 microseconds: 256 of them far outweigh the
 * start of a chunk on a thread. */
#define PM_THREADS_MIN_CELLS 256

#endif
