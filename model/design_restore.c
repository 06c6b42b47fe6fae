/* design_restore.c: a design rebuilt from a model file's contents (factor
 * levels and smooth arrays) instead of the fitting data.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "design_internal.h"
#include "pm_error.h"

#include <stdlib.h>
#include <string.h>

static int restore_levels(pm_design_block *k, const pm_design_block_state *s)
{
  size_t i;
  k->levels = calloc(s->nlevels + 1, sizeof *k->levels);
  if (!k->levels) return pm_error_nomem();
  for (i = 0; i < s->nlevels; i++) {
    if (!(k->levels[i] = strdup(s->levels[i]))) return pm_error_nomem();
    k->nlevels = i + 1;
  }
  return PM_SUCCESS;
}

static int restore_block(pm_design_block *k, const pm_design_block_state *s)
{
  const pm_term *t = k->term;
  int status;

  if (!t || t->kind == PM_TERM_NUMERIC) return PM_SUCCESS;
  if (t->kind == PM_TERM_FACTOR || s->nlevels > 0)
    if ((status = restore_levels(k, s))) return status;
  if (t->kind == PM_TERM_FACTOR) {
    if (k->nlevels == 0)
      return pm_error(PM_EINPUT, "%s: the model file holds no levels",
                      t->label);
    return PM_SUCCESS;
  }
  status = pm_smooth_restore(&k->smooth, t, s->array_names, s->arrays,
                             s->array_lens, s->narrays);
  if (status) return pm_error_prefix(status, "%s", t->label);
  return PM_SUCCESS;
}

int pm_design_restore(pm_design **out, const pm_formula *f,
                      const pm_design_block_state *blocks, size_t nblocks)
{
  pm_design *d = NULL;
  size_t b;
  int status = PM_SUCCESS;

  *out = NULL;
  if ((status = pm_design_layout(&d, f))) return status;
  for (b = 0; b < d->nblocks && b < nblocks && !status; b++)
    if (d->blocks[b].term && d->blocks[b].term->by &&
        blocks[b].nby_levels && !d->blocks[b].by_levels)
      status = pm_design_expand_by(d, b, blocks[b].by_levels,
                                   blocks[b].nby_levels);
  if (status) goto cleanup;
  if (nblocks != d->nblocks) {
    status = pm_error(PM_EINPUT,
                      "formula '%s' has %zu blocks of coefficients but the "
                      "model file describes %zu",
                      f->text, d->nblocks, nblocks);
    goto cleanup;
  }
  for (b = 0; b < nblocks; b++)
    if ((status = restore_block(&d->blocks[b], &blocks[b]))) goto cleanup;
  status = pm_design_finish(d);
cleanup:
  if (status)
    pm_design_free(d);
  else
    *out = d;
  return status;
}
