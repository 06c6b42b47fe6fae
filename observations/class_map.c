/* class_map.c: open-addressing string hash maps for the readers.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "pm_class_map.h"
#include "pm_error.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
  char *key; /* NULL for an empty slot */
  uint64_t hash;
  size_t value;
} slot;

struct pm_strmap {
  slot *slots;
  size_t cap, n; /* cap is a power of two */
};

/* FNV-1a, 64 bits (Fowler, Noll and Vo; IETF draft-eastlake-fnv). */
uint64_t pm_strhash(const char *s)
{
  uint64_t h = 14695981039346656037ull;
  for (; *s; s++) h = (h ^ (unsigned char)*s) * 1099511628211ull;
  return h;
}

int pm_strmap_alloc(pm_strmap **out)
{
  pm_strmap *m = calloc(1, sizeof *m);
  *out = NULL;
  if (!m) return pm_error_nomem();
  m->cap = 64;
  m->slots = calloc(m->cap, sizeof *m->slots);
  if (!m->slots) {
    free(m);
    return pm_error_nomem();
  }
  *out = m;
  return PM_SUCCESS;
}

void pm_strmap_free(pm_strmap *m)
{
  size_t i;
  if (!m) return;
  for (i = 0; i < m->cap; i++) free(m->slots[i].key);
  free(m->slots);
  free(m);
}

/* The slot holding `key`, or the empty slot where it would go. */
static slot *probe(const pm_strmap *m, const char *key, uint64_t h)
{
  size_t i = (size_t)h & (m->cap - 1);
  while (m->slots[i].key &&
         (m->slots[i].hash != h || strcmp(m->slots[i].key, key) != 0))
    i = (i + 1) & (m->cap - 1);
  return &m->slots[i];
}

size_t pm_strmap_find(const pm_strmap *m, const char *key)
{
  const slot *s = probe(m, key, pm_strhash(key));
  return s->key ? s->value : SIZE_MAX;
}

/* Double the table (kept at most half full, so that probes stay short). */
static int grow(pm_strmap *m)
{
  pm_strmap bigger = {calloc(2 * m->cap, sizeof(slot)), 2 * m->cap, m->n};
  size_t i;
  if (!bigger.slots) return pm_error_nomem();
  for (i = 0; i < m->cap; i++)
    if (m->slots[i].key)
      *probe(&bigger, m->slots[i].key, m->slots[i].hash) = m->slots[i];
  free(m->slots);
  *m = bigger;
  return PM_SUCCESS;
}

int pm_strmap_insert(pm_strmap *m, const char *key, size_t value)
{
  uint64_t h = pm_strhash(key);
  slot *s = probe(m, key, h);

  if (!s->key) {
    if (2 * (m->n + 1) > m->cap) {
      if (grow(m)) return PM_EIO;
      s = probe(m, key, h);
    }
    s->key = strdup(key);
    if (!s->key) return pm_error_nomem();
    s->hash = h;
    m->n++;
  }
  s->value = value;
  return PM_SUCCESS;
}

size_t pm_strmap_size(const pm_strmap *m) { return m->n; }

/* A class map is a string map whose values are a class index, or a drop
 * reason stored above every possible index. */
#define DROPPED (SIZE_MAX - PM_DROP_N - 1)

struct pm_class_map {
  pm_strmap *names;
  /* the name looked up last and its value: a reader's consecutive rows
   * mostly share their class, which is then found without hashing */
  char *last; /* NULL before the first */
  size_t last_cap, last_value;
};

int pm_class_map_alloc(pm_class_map **out)
{
  pm_class_map *m = calloc(1, sizeof *m);
  *out = NULL;
  if (!m) return pm_error_nomem();
  if (pm_strmap_alloc(&m->names)) {
    free(m);
    return PM_EIO;
  }
  *out = m;
  return PM_SUCCESS;
}

void pm_class_map_free(pm_class_map *m)
{
  if (!m) return;
  pm_strmap_free(m->names);
  free(m->last);
  free(m);
}

/* The value of class `name`, the filter deciding on its first sight. */
static int decide(pm_class_map *m, pm_obs *obs, const pm_filter *filter,
                  pm_filter_counts *counts, const char *name,
                  const char *path, double size_min_mm, double size_max_mm,
                  size_t *v)
{
  const char *into;
  int drop, status;

  if ((*v = pm_strmap_find(m->names, name)) != SIZE_MAX) return PM_SUCCESS;
  drop = pm_filter_class(filter, counts, name, path, size_min_mm,
                         size_max_mm, &into);
  if (drop >= 0) {
    *v = DROPPED + (size_t)drop;
  } else {
    /* a merged class has no single taxonomic path */
    status = pm_obs_class_index(obs, into, into == name ? path : NULL,
                                size_min_mm, size_max_mm, v);
    if (status) return status;
  }
  return pm_strmap_insert(m->names, name, *v);
}

static int remember(pm_class_map *m, const char *name, size_t v)
{
  size_t n = strlen(name) + 1;
  if (n > m->last_cap) {
    char *p = realloc(m->last, n);
    if (!p) return pm_error_nomem();
    m->last = p;
    m->last_cap = n;
  }
  memcpy(m->last, name, n);
  m->last_value = v;
  return PM_SUCCESS;
}

int pm_class_map_lookup(pm_class_map *m, pm_obs *obs, const pm_filter *filter,
                        pm_filter_counts *counts, const char *name,
                        const char *path, double size_min_mm,
                        double size_max_mm, size_t *index, int *drop)
{
  size_t v;
  int status;

  if (m->last && strcmp(m->last, name) == 0) {
    v = m->last_value;
  } else if ((status = decide(m, obs, filter, counts, name, path, size_min_mm,
                              size_max_mm, &v)) ||
             (status = remember(m, name, v))) {
    return status;
  }
  *drop = v >= DROPPED ? (int)(v - DROPPED) : -1;
  *index = v;
  return PM_SUCCESS;
}
