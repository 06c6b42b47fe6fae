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
/* The first row of chunk c of nc over n rows (c = nc gives n). */
size_t pm_threads_chunk_start(size_t n, size_t nc, size_t c);

/* 16 chunks keep 16 cores busy; chunks of at least 16384 rows keep each
 * one's BLAS calls large. */
#define PM_THREADS_MAX_CHUNKS 16
#define PM_THREADS_MIN_ROWS 16384

#endif
