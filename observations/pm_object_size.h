/* pm_object_size.h: the biovolume and carbon of one imaged object, from the
 * sizes (in pixels) that an image-analysis table gives for it (internal
 * header of the EcoPart raw, EcoTaxa and UVP5 data set readers).
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#ifndef PM_OBJECT_SIZE_H
#define PM_OBJECT_SIZE_H

#include <stddef.h>

#include "pm_obs.h"
#include "pm_carbon.h"
#include "pm_text.h"

/* The size columns of a table, SIZE_MAX where absent: the major and minor
 * axes of the fitted ellipse, the equivalent spherical diameter and the
 * area, all in pixels. */
typedef struct {
  size_t major, minor, esd, area;
} pm_size_columns;

/* The columns named prefix + "major", "minor", "esd", "area"; returns 1 when
 * they are enough for a biovolume (major and minor, esd, or area), else 0. */
int pm_size_columns_find(const pm_text *t, const char *prefix,
                         pm_size_columns *c);
/* The same in real units: the columns "major_mm", "minor_mm", "esd_mm" and
 * "area_mm2" (the UVP5 data set's), read with a pixel_mm of 1. */
int pm_size_columns_find_mm(const pm_text *t, pm_size_columns *c);

/* The biovolume (mm3) of the current row's object, `pixel_mm` the side of a
 * pixel: a prolate spheroid of the major and minor axes when both are given,
 * else the sphere of the ESD, else the sphere of the area's ESD.  A negative
 * or non-numeric size, or a row with none, is an error naming file, line
 * and column. */
int pm_size_biovolume(const pm_text *t, const pm_size_columns *c,
                      double pixel_mm, double *v_mm3);

/* The carbon conversion row of each class of an observation table, looked
 * up once per class in `table` (or in the default table when NULL). */
typedef struct {
  const pm_carbon_table *table;
  pm_carbon_table *defaults;  /* owned: the defaults when table is NULL */
  const pm_carbon_row **row;  /* per class; NULL when it has none */
  unsigned char *known;       /* per class: looked up */
  size_t n;
} pm_carbon_cache;

int pm_carbon_cache_init(pm_carbon_cache *cc, const pm_carbon_table *table);
void pm_carbon_cache_free(pm_carbon_cache *cc);

/* The carbon (mg C) of an object of class k of `obs` with biovolume v_mm3;
 * NAN when the table has no row for the class (not an error here: the
 * biomass response names such a class). */
int pm_carbon_cache_of(pm_carbon_cache *cc, const pm_obs *obs, size_t k,
                       double v_mm3, double *mgC);

#endif
