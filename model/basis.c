/* basis.c: the table of smooth bases, by their names in mgcv's bs= and by
 * the basis kinds of a parsed formula.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include <stdio.h>
#include <string.h>

#include "smooth_internal.h"

/* Indexed by pm_basis_kind. */
static const pm_basis_type *const *const types[] = {
    [PM_BASIS_CR] = &pm_basis_cr,
    [PM_BASIS_PS] = &pm_basis_ps,
    [PM_BASIS_CC] = &pm_basis_cc,
    [PM_BASIS_RE] = &pm_basis_re,
    [PM_BASIS_TP] = &pm_basis_tp,
    [PM_BASIS_TS] = &pm_basis_ts,
    [PM_BASIS_CS] = &pm_basis_cs,
    [PM_BASIS_SOS] = &pm_basis_sos,
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

void pm_basis_known(char *list, size_t size)
{
  size_t i, n = 0;

  list[0] = '\0';
  for (i = 0; i < NTYPES && n < size; i++)
    n += (size_t)snprintf(list + n, size - n, "%s%s", i ? ", " : "",
                          (*types[i])->name);
}

const pm_basis_type *pm_basis_of(pm_basis_kind kind)
{
  return (size_t)kind < NTYPES ? *types[kind] : NULL;
}
