/* basis.c: the table of smooth bases, by their names in mgcv's bs= and by
 * the basis kinds of a parsed formula.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include <string.h>

#include "smooth_internal.h"

/* Indexed by pm_basis_kind. */
static const pm_basis_type *const *const types[] = {
    [PM_BASIS_CR] = &pm_basis_cr,
    [PM_BASIS_PS] = &pm_basis_ps,
    [PM_BASIS_CC] = &pm_basis_cc,
    [PM_BASIS_RE] = &pm_basis_re,
};

#define NTYPES (sizeof types / sizeof *types)

int pm_basis_kind_of(const char *name, pm_basis_kind *kind)
{
  for (size_t i = 0; i < NTYPES; i++)
    if (strcmp((*types[i])->name, name) == 0) {
      *kind = (pm_basis_kind)i;
      return 0;
    }
  return -1;
}

const char *pm_basis_known(void)
{
  return "cr, ps, cc, re";
}

const pm_basis_type *pm_basis_of(pm_basis_kind kind)
{
  return (size_t)kind < NTYPES ? *types[kind] : NULL;
}
