/* pm_alloc_fail.c: malloc, calloc, realloc, free, strdup and strndup of a
 * test program, which fail the k-th allocation of libplankmap and keep the
 * set of its live pointers (pm_alloc_fail.h).
 *
 * The live set is an open-addressing hash table (linear probing, deletion
 * by backward shift) in memory from glibc's own allocator, so that it
 * never calls itself.  A pointer is in the set from its allocation by
 * libplankmap until anyone frees it; realloc moves it.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#define _GNU_SOURCE
#include "pm_alloc_fail.h"

#include <dlfcn.h>
#include <link.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

void *__libc_malloc(size_t size);
void *__libc_calloc(size_t n, size_t size);
void *__libc_realloc(void *p, size_t size);
void __libc_free(void *p);

/* AddressSanitizer has its own malloc, which glibc's must not free */
#if defined(__SANITIZE_ADDRESS__)
#define PM_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define PM_ASAN 1
#endif
#endif
#ifndef PM_ASAN
#define PM_ASAN 0
#endif

#define SET_BITS 16
#define SET_SIZE ((size_t)1 << SET_BITS)
#define MAX_RANGES 8

static struct {
  uintptr_t lo[MAX_RANGES], hi[MAX_RANGES];
  size_t n_ranges;
  const char *name;
  uintptr_t *set;  /* SET_SIZE slots, 0 = empty */
  size_t live, count, fail_at;
  int armed, fired, overflow;
} st;

/* ---- the live set --------------------------------------------------- */

static size_t slot_of(uintptr_t p)
{
  return (size_t)((p >> 4) * 0x9E3779B97F4A7C15u >> (64 - SET_BITS));
}

static void set_add(void *ptr)
{
  uintptr_t p = (uintptr_t)ptr;
  size_t i = slot_of(p);
  if (!p || !st.set) return;
  if (st.live >= SET_SIZE / 2) {
    st.overflow = 1;
    return;
  }
  while (st.set[i]) i = (i + 1) & (SET_SIZE - 1);
  st.set[i] = p;
  st.live++;
}

/* Remove `ptr`; 1 when it was there. */
static int set_remove(void *ptr)
{
  uintptr_t p = (uintptr_t)ptr;
  size_t i = slot_of(p), j, home;
  if (!p || !st.set) return 0;
  while (st.set[i] && st.set[i] != p) i = (i + 1) & (SET_SIZE - 1);
  if (!st.set[i]) return 0;
  st.set[i] = 0;
  st.live--;
  for (j = (i + 1) & (SET_SIZE - 1); st.set[j]; j = (j + 1) & (SET_SIZE - 1)) {
    home = slot_of(st.set[j]);
    /* move j back to the hole i unless its home lies in (i, j] */
    if ((j > i && (home <= i || home > j)) || (j < i && home <= i && home > j)) {
      st.set[i] = st.set[j];
      st.set[j] = 0;
      i = j;
    }
  }
  return 1;
}

/* ---- who calls ------------------------------------------------------- */

static int phdr_ranges(struct dl_phdr_info *info, size_t size, void *data)
{
  int h;
  (void)size;
  (void)data;
  if (!info->dlpi_name || strcmp(info->dlpi_name, st.name) != 0) return 0;
  for (h = 0; h < info->dlpi_phnum && st.n_ranges < MAX_RANGES; h++) {
    const ElfW(Phdr) *ph = &info->dlpi_phdr[h];
    if (ph->p_type != PT_LOAD || !(ph->p_flags & PF_X)) continue;
    st.lo[st.n_ranges] = info->dlpi_addr + ph->p_vaddr;
    st.hi[st.n_ranges++] = info->dlpi_addr + ph->p_vaddr + ph->p_memsz;
  }
  return 1;
}

int pm_alloc_fail_init(const void *library_function)
{
  Dl_info info;
  if (PM_ASAN || !dladdr(library_function, &info) || !info.dli_fname ||
      !strstr(info.dli_fname, "libplankmap"))
    return -1;
  st.name = info.dli_fname;
  dl_iterate_phdr(phdr_ranges, NULL);
  st.set = __libc_calloc(SET_SIZE, sizeof *st.set);
  return st.n_ranges && st.set ? 0 : -1;
}

static int from_library(const void *caller)
{
  uintptr_t a = (uintptr_t)caller;
  size_t r;
  for (r = 0; r < st.n_ranges; r++)
    if (a >= st.lo[r] && a < st.hi[r]) return 1;
  return 0;
}

/* Whether this allocation of the library must fail (counting it). */
static int must_fail(void)
{
  if (!st.armed) return 0;
  if (++st.count != st.fail_at) return 0;
  st.fired = 1;
  return 1;
}

/* ---- the interface ----------------------------------------------------- */

void pm_alloc_fail_arm(size_t k)
{
  if (st.set) memset(st.set, 0, SET_SIZE * sizeof *st.set);
  st.live = st.count = 0;
  st.fired = st.overflow = 0;
  st.fail_at = k;
  st.armed = 1;
}

size_t pm_alloc_fail_count(void) { return st.count; }
int pm_alloc_fail_fired(void) { return st.fired; }
size_t pm_alloc_fail_live(void) { return st.overflow ? SIZE_MAX : st.live; }

/* ---- the allocator ------------------------------------------------------ */

#if !PM_ASAN

static void *track(void *p, const void *caller)
{
  if (from_library(caller)) set_add(p);
  return p;
}

void *malloc(size_t size)
{
  const void *caller = __builtin_return_address(0);
  if (from_library(caller) && must_fail()) return NULL;
  return track(__libc_malloc(size), caller);
}

void *calloc(size_t n, size_t size)
{
  const void *caller = __builtin_return_address(0);
  if (from_library(caller) && must_fail()) return NULL;
  return track(__libc_calloc(n, size), caller);
}

void *realloc(void *p, size_t size)
{
  const void *caller = __builtin_return_address(0);
  int mine = from_library(caller);
  void *q;
  if (mine && must_fail()) return NULL;
  q = __libc_realloc(p, size);
  if (!q && p && size) return NULL; /* p is still allocated */
  if (set_remove(p)) mine = 1;
  if (mine) set_add(q);
  return q;
}

void free(void *p)
{
  set_remove(p);
  __libc_free(p);
}

static char *copy(const char *s, size_t n, const void *caller)
{
  char *d;
  if (from_library(caller) && must_fail()) return NULL;
  d = track(__libc_malloc(n + 1), caller);
  if (!d) return NULL;
  memcpy(d, s, n);
  d[n] = '\0';
  return d;
}

char *strdup(const char *s)
{
  return copy(s, strlen(s), __builtin_return_address(0));
}

char *strndup(const char *s, size_t n)
{
  return copy(s, strnlen(s, n), __builtin_return_address(0));
}
#endif
