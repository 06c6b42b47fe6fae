/* id_set.c: the set of object identifiers that finds an object given twice.
 *
 * Open addressing with linear probing on the identifiers' 64-bit FNV-1a
 * hashes (pm_strhash), at most half full.  A slot keeps the hash, the file
 * index and the line (48 bits, enough for any text file).
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "pm_class_map.h"
#include "pm_error.h"

#include <stdlib.h>

#define LINE_BITS 48

typedef struct {
  uint64_t hash;
  uint64_t where; /* file << LINE_BITS | line; 0: an empty slot */
} id_slot;

struct pm_idset {
  id_slot *slots;
  size_t cap, n; /* cap a power of two */
};

int pm_idset_alloc(pm_idset **out)
{
  pm_idset *set = calloc(1, sizeof *set);
  *out = NULL;
  if (!set) return pm_error_nomem();
  set->cap = 1024;
  if (!(set->slots = calloc(set->cap, sizeof *set->slots))) {
    free(set);
    return pm_error_nomem();
  }
  *out = set;
  return PM_SUCCESS;
}

void pm_idset_free(pm_idset *set)
{
  if (!set) return;
  free(set->slots);
  free(set);
}

/* The slot of hash h: the one holding it, or the empty one it would take. */
static id_slot *probe(const pm_idset *set, uint64_t h)
{
  size_t i = (size_t)h & (set->cap - 1);
  while (set->slots[i].where && set->slots[i].hash != h)
    i = (i + 1) & (set->cap - 1);
  return &set->slots[i];
}

static int grow(pm_idset *set)
{
  id_slot *old = set->slots;
  size_t i, cap = set->cap;

  if (!(set->slots = calloc(2 * cap, sizeof *set->slots))) {
    set->slots = old;
    return pm_error_nomem();
  }
  set->cap = 2 * cap;
  for (i = 0; i < cap; i++)
    if (old[i].where) *probe(set, old[i].hash) = old[i];
  free(old);
  return PM_SUCCESS;
}

int pm_idset_add(pm_idset *set, const char *id, uint32_t file, uint64_t line,
                 uint32_t *first_file, uint64_t *first_line)
{
  uint64_t h = pm_strhash(id);
  id_slot *s = probe(set, h);

  if (s->where) {
    *first_file = (uint32_t)(s->where >> LINE_BITS);
    *first_line = s->where & ((UINT64_C(1) << LINE_BITS) - 1);
    return 1;
  }
  if (2 * (set->n + 1) > set->cap) {
    if (grow(set)) return -PM_EIO;
    s = probe(set, h);
  }
  s->hash = h;
  /* line >= 1, so that a used slot is never 0 */
  s->where = (uint64_t)file << LINE_BITS |
             (line & ((UINT64_C(1) << LINE_BITS) - 1));
  set->n++;
  return 0;
}
