/* aoa_internal.h: the state of an area of applicability, shared by its
 * computation (aoa.c) and its file (aoa_file.c).
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#ifndef PM_AOA_INTERNAL_H
#define PM_AOA_INTERNAL_H

#include "pm_aoa.h"
#include "pm_kdtree.h"

struct pm_aoa {
  size_t n, p;
  char **names;          /* p covariates */
  double *z;             /* n x p: the training rows, standardised and
                            weighted */
  double *mean, *scale;  /* p: z = (x - mean) * scale, scale = w / sd
                            (mean allocated for both) */
  double dbar, threshold;
  pm_kdtree *tree;       /* of z */
};

/* Copies of the covariates' names (NULL: "x1", "x2", ...). */
int pm_aoa_names(pm_aoa *a, const char *const *names);

#endif
