/* size_class.c: the classes of the EcoPart readers: size classes parsed from
 * EcoPart column names, and the filter's decision on a class.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "pm_ecopart.h"
#include "pm_error.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Millimetres per unit of a size-class label ("µm" is "\xC2\xB5m" in UTF-8,
 * as the text reader hands it out). */
static double unit_mm(const char *unit, size_t n)
{
  if (n == 2 && strncmp(unit, "mm", 2) == 0) return 1;
  if (n == 3 && strncmp(unit, "\xC2\xB5m", 3) == 0) return 1e-3;
  if (n == 2 && strncmp(unit, "um", 2) == 0) return 1e-3;
  return NAN;
}

static int parse_bound(const char **p, double *x)
{
  char *end;
  *x = strtod(*p, &end);
  if (end == *p || !(*x >= 0)) return -1;
  *p = end;
  return 0;
}

int pm_ecopart_size_class(const char *column, size_t *label_len,
                          double *min_mm, double *max_mm)
{
  const char *p = column, *unit;
  double lo, hi = INFINITY, mm;

  if (strncmp(p, "LPM (", 5) != 0) return -1;
  p += 5;
  if (*p == '>') { /* an open class, "LPM (>26 mm)" */
    p++;
    if (parse_bound(&p, &lo)) return -1;
  } else {
    if (parse_bound(&p, &lo) || *p++ != '-' || parse_bound(&p, &hi) ||
        !(hi > lo))
      return -1;
  }
  if (*p++ != ' ') return -1;
  unit = p;
  p = strchr(p, ')');
  if (!p || isnan(mm = unit_mm(unit, (size_t)(p - unit)))) return -1;
  *label_len = (size_t)(p + 1 - column);
  *min_mm = lo * mm;
  *max_mm = hi * mm;
  return 0;
}

/* Widen a merged size class to span a member. */
static void span(pm_obs_class *c, double min_mm, double max_mm)
{
  if (isnan(c->size_min_mm) || isnan(min_mm)) return;
  if (min_mm < c->size_min_mm) c->size_min_mm = min_mm;
  if (max_mm > c->size_max_mm) c->size_max_mm = max_mm;
}

int pm_ecopart_class(pm_obs *obs, const pm_filter *filter,
                     pm_filter_counts *counts, const char *name,
                     const char *path, double min_mm, double max_mm,
                     size_t *index, int *reason)
{
  const char *into = name;
  int status;

  *index = SIZE_MAX;
  *reason = filter ? pm_filter_class(filter, counts, name, path, min_mm,
                                     max_mm, &into)
                   : -1;
  if (*reason >= 0) return PM_SUCCESS;
  if (into == name)
    return pm_obs_class_index(obs, name, path, min_mm, max_mm, index);
  /* merged: the class is the filter's, its size range the union of its
   * members' */
  status = pm_obs_class_index(obs, into, NULL, min_mm, max_mm, index);
  if (!status) span(&obs->classes[*index], min_mm, max_mm);
  return status;
}
