/* threads.c: the number of threads and the fixed cutting of rows into
 * chunks (pm_threads.h).
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "pm_threads.h"

#ifdef _OPENMP
#include <omp.h>
#endif

void pm_threads_set(int n)
{
#ifdef _OPENMP
  omp_set_num_threads(n > 0 ? n : omp_get_num_procs());
#else
  (void)n;
#endif
}

int pm_threads_count(void)
{
#ifdef _OPENMP
  return omp_get_max_threads();
#else
  return 1;
#endif
}

/* n rows in chunks of at least min_rows, up to PM_THREADS_MAX_CHUNKS. */
static size_t chunks_of(size_t n, size_t min_rows)
{
  size_t nc = n / min_rows;

  if (nc < 1) nc = 1;
  return nc > PM_THREADS_MAX_CHUNKS ? PM_THREADS_MAX_CHUNKS : nc;
}

size_t pm_threads_chunks(size_t n) { return chunks_of(n, PM_THREADS_MIN_ROWS); }

size_t pm_threads_cell_chunks(size_t n)
{
  return chunks_of(n, PM_THREADS_MIN_CELLS);
}

size_t pm_threads_chunk_start(size_t n, size_t nc, size_t c)
{
  return (size_t)((unsigned long long)n * c / nc);
}
