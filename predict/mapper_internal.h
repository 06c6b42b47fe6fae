/* mapper_internal.h: the pieces of the prediction mapper shared by its files.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#ifndef PM_MAPPER_INTERNAL_H
#define PM_MAPPER_INTERNAL_H

#include <stddef.h>

#include "pm_mapper.h"

/* The interval's probabilities: 2.5% and 97.5%. */
#define PM_MAP_PLOW 0.025
#define PM_MAP_PHIGH 0.975

/* Z (p x ndraws) standard normal from gsl_rng_mt19937 seeded with `seed`,
 * drawn column by column (draw by draw). */
int pm_map_normals(unsigned long seed, size_t p, size_t ndraws, double *Z);

/* Add the sums of `part` (totals of the same regions and draws as t, such
 * as a row chunk's) to those of t. */
void pm_totals_merge(pm_totals *t, const pm_totals *part);

#endif
