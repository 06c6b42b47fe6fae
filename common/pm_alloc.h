/* pm_alloc.h: memory for arrays with one value per data row.
 *
 * Arrays of tens of millions of rows are touched page by page; with 4 KiB
 * pages that is hundreds of thousands of page faults, which on some
 * machines cost more than the arithmetic.  Large arrays are aligned to
 * 2 MiB and marked for transparent huge pages (madvise(2)), which cuts the
 * faults 512-fold where the kernel allows it.  Free them with free().
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#ifndef PM_ALLOC_H
#define PM_ALLOC_H

#include <stddef.h>

/* n elements of `size` bytes, zeroed; NULL when out of memory. */
void *pm_rows_calloc(size_t n, size_t size);

#endif
