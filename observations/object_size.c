/* object_size.c: biovolume and carbon of one imaged object, from its sizes
 * in pixels and the carbon conversion table.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "pm_error.h"
#include "pm_object_size.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static size_t column_of(const pm_text *t, const char *prefix, const char *name)
{
  char full[64];
  snprintf(full, sizeof full, "%s%s", prefix, name);
  return pm_text_column_opt(t, full);
}

/* 1 when the columns found are enough for a biovolume. */
static int enough(const pm_size_columns *c)
{
  return (c->major != SIZE_MAX && c->minor != SIZE_MAX) ||
         c->esd != SIZE_MAX || c->area != SIZE_MAX;
}

int pm_size_columns_find(const pm_text *t, const char *prefix,
                         pm_size_columns *c)
{
  c->major = column_of(t, prefix, "major");
  c->minor = column_of(t, prefix, "minor");
  c->esd = column_of(t, prefix, "esd");
  c->area = column_of(t, prefix, "area");
  return enough(c);
}

int pm_size_columns_find_mm(const pm_text *t, pm_size_columns *c)
{
  c->major = pm_text_column_opt(t, "major_mm");
  c->minor = pm_text_column_opt(t, "minor_mm");
  c->esd = pm_text_column_opt(t, "esd_mm");
  c->area = pm_text_column_opt(t, "area_mm2");
  return enough(c);
}

/* A size in pixels, NAN when the column is absent or the field empty. */
static int size_field(const pm_text *t, size_t col, double *x)
{
  int status;
  *x = NAN;
  if (col == SIZE_MAX) return PM_SUCCESS;
  if ((status = pm_text_double_opt(t, col, x))) return status;
  if (*x < 0 || isinf(*x))
    return pm_text_error(t, PM_EINPUT, col,
                         "size %g pixels is not a finite number >= 0", *x);
  return PM_SUCCESS;
}

int pm_size_biovolume(const pm_text *t, const pm_size_columns *c,
                      double pixel_mm, double *v_mm3)
{
  double major, minor, esd, area;
  int status;

  if ((status = size_field(t, c->major, &major)) ||
      (status = size_field(t, c->minor, &minor)) ||
      (status = size_field(t, c->esd, &esd)) ||
      (status = size_field(t, c->area, &area)))
    return status;
  if (!isnan(major) && !isnan(minor)) {
    if ((status = pm_biovolume_ellipsoid(major * pixel_mm, minor * pixel_mm,
                                         v_mm3)))
      return pm_error_prefix(status, "%s:%zu: column '%s'", pm_text_path(t),
                             pm_text_line(t),
                             pm_text_column_name(t, c->minor));
    return PM_SUCCESS;
  }
  /* an area of n pixels is n pixel_mm^2 mm2 */
  if (isnan(esd) && !isnan(area)) /* area >= 0 was checked above */
    (void)pm_biovolume_esd(area * pixel_mm * pixel_mm, &esd);
  else
    esd *= pixel_mm;
  if (isnan(esd))
    return pm_text_error(t, PM_EINPUT, SIZE_MAX,
                         "the object has no size (major and minor axes, ESD "
                         "or area are all empty); its biomass is unknown");
  return pm_biovolume_sphere(esd, v_mm3);
}

int pm_carbon_cache_init(pm_carbon_cache *cc, const pm_carbon_table *table)
{
  int status;
  memset(cc, 0, sizeof *cc);
  cc->table = table;
  if (table) return PM_SUCCESS;
  if (!(cc->defaults = pm_carbon_table_alloc())) return pm_error_nomem();
  if ((status = pm_carbon_table_defaults(cc->defaults))) return status;
  cc->table = cc->defaults;
  return PM_SUCCESS;
}

void pm_carbon_cache_free(pm_carbon_cache *cc)
{
  pm_carbon_table_free(cc->defaults);
  free(cc->row);
  free(cc->known);
  memset(cc, 0, sizeof *cc);
}

/* Room for the classes of obs. */
static int cache_grow(pm_carbon_cache *cc, size_t n)
{
  const pm_carbon_row **row;
  unsigned char *known;
  if (n <= cc->n) return PM_SUCCESS;
  if (!(row = realloc(cc->row, n * sizeof *row))) return pm_error_nomem();
  cc->row = row;
  if (!(known = realloc(cc->known, n))) return pm_error_nomem();
  cc->known = known;
  memset(cc->known + cc->n, 0, n - cc->n);
  cc->n = n;
  return PM_SUCCESS;
}

int pm_carbon_cache_of(pm_carbon_cache *cc, const pm_obs *obs, size_t k,
                       double v_mm3, double *mgC)
{
  const pm_obs_class *c = &obs->classes[k];
  int status;

  if ((status = cache_grow(cc, obs->n_classes))) return status;
  if (!cc->known[k]) {
    if (pm_carbon_table_lookup(cc->table, c->name, c->path, &cc->row[k])) {
      cc->row[k] = NULL; /* no row: NAN carbon, reported by the response */
      pm_error_clear();
    }
    cc->known[k] = 1;
  }
  *mgC = NAN;
  if (!cc->row[k]) return PM_SUCCESS;
  return pm_carbon_of(cc->row[k], v_mm3, mgC);
}
