/* pm_alloc_fail.h: failing one allocation of libplankmap on purpose, and
 * the allocations of libplankmap still live.
 *
 * The test program that links pm_alloc_fail.c has its own malloc, calloc,
 * realloc, free, strdup and strndup, which call glibc's.  An allocation
 * is counted when its caller's code lies in the shared library
 * libplankmap.so (found with dladdr); allocations made inside NetCDF,
 * HDF5, GSL or libc (fopen, getline, ...) are never counted nor failed:
 * their own robustness is not tested here.  Memory of posix_memalign (the
 * large arrays of pm_rows_calloc) is neither counted nor tracked.  A
 * library function that ends in a tail call of malloc or calloc
 * (pm_obs_alloc) returns to its own caller, so that allocation is seen as
 * the caller's: when the caller is the test program, it is not counted.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#ifndef PM_ALLOC_FAIL_H
#define PM_ALLOC_FAIL_H

#include <stddef.h>

/* Find libplankmap's code from one of its functions; 0, or -1 when that
 * function is not in a shared library named libplankmap. */
int pm_alloc_fail_init(const void *library_function);

/* Start counting: the k-th counted allocation from now on returns NULL
 * (k = 0: none fails) and the live set is emptied. */
void pm_alloc_fail_arm(size_t k);

/* Counted allocations since the last pm_alloc_fail_arm. */
size_t pm_alloc_fail_count(void);
/* Whether the armed allocation was reached (and failed). */
int pm_alloc_fail_fired(void);
/* Pointers libplankmap allocated since arming and nobody freed. */
size_t pm_alloc_fail_live(void);

#endif
