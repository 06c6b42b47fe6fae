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

#include "pm_filter.h"
#include "pm_obs.h"

/* A map from strings (copied in) to size_t values. */
typedef struct pm_strmap pm_strmap;

int pm_strmap_alloc(pm_strmap **m);
void pm_strmap_free(pm_strmap *m);
/* The value stored under `key`, or SIZE_MAX when the key is absent. */
size_t pm_strmap_find(const pm_strmap *m, const char *key);
/* Store `value` under `key` (replacing an earlier value). */
int pm_strmap_insert(pm_strmap *m, const char *key, size_t value);
size_t pm_strmap_size(const pm_strmap *m);

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
