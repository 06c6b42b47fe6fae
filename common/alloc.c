/* alloc.c: memory for arrays with one value per data row (pm_alloc.h).
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "pm_alloc.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#define HUGE_PAGE ((size_t)2 << 20)

void *pm_rows_calloc(size_t n, size_t size)
{
  size_t bytes;
  void *p = NULL;

  if (n && size > SIZE_MAX / n) return NULL;
  bytes = n * size;
  if (bytes < 16 * HUGE_PAGE) return calloc(n ? n : 1, size ? size : 1);
  if (posix_memalign(&p, HUGE_PAGE, bytes) != 0) return NULL;
  /* advice only: without huge pages the memory works the same */
  (void)madvise(p, bytes, MADV_HUGEPAGE);
  memset(p, 0, bytes);
  return p;
}
