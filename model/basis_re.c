/* basis_re.c: mgcv's random effect smooth ("re"): one indicator column per
 * factor level seen in the fitting rows (or the numeric covariate itself)
 * with an identity penalty, so that the coefficients are i.i.d. normal
 * random effects (Wood 2017, Generalized Additive Models, 2nd ed., section
 * 5.8).  A missing level gives a row of zeros, as in mgcv.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "pm_error.h"
#include "smooth_internal.h"

static int re_setup(pm_margin *mg, const pm_column *const *cv,
                    const size_t *rows, size_t n, int k, int m,
                    const double *uknots, size_t nuknots)
{
  const pm_column *c = cv[0];
  (void)k; /* the dimension is the number of levels */
  (void)m;
  (void)uknots;
  (void)nuknots;
  if (c->x) {
    mg->nlevels = 0;
    return PM_SUCCESS;
  }
  mg->nlevels = c->nlevels;
  mg->levmap = malloc((c->nlevels ? c->nlevels : 1) * sizeof *mg->levmap);
  if (!mg->levmap) return pm_error_nomem();
  for (size_t l = 0; l < c->nlevels; l++) mg->levmap[l] = -1;
  for (size_t i = 0; i < n; i++) { /* mark the levels in use */
    int l = c->level[rows ? rows[i] : i];
    if (l >= 0 && (size_t)l < c->nlevels) mg->levmap[l] = 0;
  }
  double next = 0; /* used levels keep their (sorted) order */
  for (size_t l = 0; l < c->nlevels; l++)
    if (mg->levmap[l] == 0) mg->levmap[l] = next++;
    else mg->levmap[l] = -1;
  if (next == 0)
    return pm_error(PM_EINPUT, "%s: '%s' has no level in the data",
                    mg->label, mg->var);
  return PM_SUCCESS;
}

/* A stored margin holds its levels, not knots. */
static size_t re_stored(pm_margin *mg, int k, int m)
{
  (void)mg;
  (void)k;
  (void)m;
  return 0;
}

static int re_build(pm_margin *mg)
{
  size_t dim = 1;
  if (mg->nlevels) {
    dim = 0;
    for (size_t l = 0; l < mg->nlevels; l++)
      if (mg->levmap[l] >= 0) dim++;
  }
  mg->dim = dim;
  mg->null_dim = 0;
  mg->S = calloc(dim * dim, sizeof *mg->S);
  if (!mg->S) return pm_error_nomem();
  for (size_t j = 0; j < dim; j++) mg->S[j * dim + j] = 1;
  return PM_SUCCESS;
}

static int re_row(const pm_margin *mg, const pm_column *const *cv,
                  size_t row, double *out)
{
  const pm_column *c = cv[0];
  int l;
  memset(out, 0, mg->dim * sizeof *out);
  if (!mg->nlevels) {
    if (!c->x)
      return pm_error(PM_EINPUT, "%s: '%s' is text here but was numeric "
                      "when the model was set up", mg->label, mg->var);
    out[0] = isfinite(c->x[row]) ? c->x[row] : 0;
    return PM_SUCCESS;
  }
  if (!c->level)
    return pm_error(PM_EINPUT, "%s: '%s' is numeric here but was a factor "
                    "when the model was set up", mg->label, mg->var);
  l = c->level[row];
  if (l < 0) return PM_SUCCESS;
  if ((size_t)l >= mg->nlevels || mg->levmap[l] < 0)
    return pm_error(PM_EINPUT, "%s: level %d of '%s' (row %zu) was not in "
                    "the data the model was fitted to", mg->label, l,
                    mg->var, row + 1);
  out[(size_t)mg->levmap[l]] = 1;
  return PM_SUCCESS;
}

static const pm_basis_type re_type = {
    .name = "re",
    .factor = 1,
    .centred = 0,
    .te_reparam = 0,
    .setup = re_setup,
    .stored = re_stored,
    .build = re_build,
    .row = re_row,
    .rows = NULL,
};

const pm_basis_type *const pm_basis_re = &re_type;
