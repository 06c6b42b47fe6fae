/* pm_class_map.h: string-keyed hash maps for the readers.
 *
 * A file of millions of objects names a few thousand samples and a few
 * hundred classes: the readers map each sample key to its slot and each class
 * name to the filter's decision once, so that a row costs two hash look-ups
 * instead of scans of the class list and of the filter's patterns.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#ifndef PM_CLASS_MAP_H
#define PM_CLASS_MAP_H

#include <stddef.h>
#include <stdint.h>

#include "pm_filter.h"
#include "pm_obs.h"

/* The 64-bit FNV-1a hash of a string. */
uint64_t pm_strhash(const char *s);

/* A map from strings (copied in) to size_t values. */
typedef struct pm_strmap pm_strmap;

int pm_strmap_alloc(pm_strmap **m);
void pm_strmap_free(pm_strmap *m);
/* The value stored under `key`, or SIZE_MAX when the key is absent. */
size_t pm_strmap_find(const pm_strmap *m, const char *key);
/* Store `value` under `key` (replacing an earlier value). */
int pm_strmap_insert(pm_strmap *m, const char *key, size_t value);
size_t pm_strmap_size(const pm_strmap *m);

/* A set of object identifiers, each with where it was first read (file
 * index and line).  To hold millions of objects it keeps 16 bytes per
 * identifier, its 64-bit hash and not its text: two identifiers are taken as
 * the same when their hashes are, which for n distinct identifiers happens
 * with probability about n^2 / 2^65 (3e-4 for 10^8 objects); a match is
 * reported with both places, so that it can be checked. */
typedef struct pm_idset pm_idset;

int pm_idset_alloc(pm_idset **set);
void pm_idset_free(pm_idset *set);
/* Add identifier `id` read on `line` of file `file`: 0 when it is new, 1
 * when it was there (then *first_file and *first_line say where it was first
 * read), or PM_EIO (negated) when out of memory. */
int pm_idset_add(pm_idset *set, const char *id, uint32_t file, uint64_t line,
                 uint32_t *first_file, uint64_t *first_line);

/* The filter's decision per class name, and the class's index in the
 * observation table when it is kept. */
typedef struct pm_class_map pm_class_map;

int pm_class_map_alloc(pm_class_map **m);
void pm_class_map_free(pm_class_map *m);

/* Decide about class `name` (taxonomic `path` or NULL; size bounds NAN for a
 * taxon): the first time a name is seen the filter decides (counting its
 * patterns that match in `counts`, as pm_filter_class) and a kept class is
 * added to `obs` (under its merged name when merged); later calls answer
 * from the map.  On keep *drop = -1 and *index is the class in `obs`; else
 * *drop is the pm_obs_drop reason. */
int pm_class_map_lookup(pm_class_map *m, pm_obs *obs, const pm_filter *filter,
                        pm_filter_counts *counts, const char *name,
                        const char *path, double size_min_mm,
                        double size_max_mm, size_t *index, int *drop);

#endif
