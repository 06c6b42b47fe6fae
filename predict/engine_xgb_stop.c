/* engine_xgb_stop.c: early stopping of a booster of the boosted-trees
 * engine.  The rule: after each round the booster's margins of its held-out
 * rows (the fold its member leaves out) give their deviance under the
 * family, computed from the margins as plankmap's families define it (the
 * quantity XGBoost's poisson-nloglik, tweedie-nloglik, gamma-nloglik, rmse
 * and logloss metrics order alike); boosting stops once `early_stopping`
 * rounds in a row have not lowered the least deviance so far, and the
 * booster is cut (XGBoosterSlice) to the trees up to the round of that
 * least deviance, so that it and the model file it is written to predict
 * as the booster was at its best round.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "engine_xgb_internal.h"
#include "pm_error.h"

#include <math.h>

double pm_xgb_deviance(const pm_family *fam, const double *y,
                       const double *margin, size_t n)
{
  double dev = 0;
  size_t i;

  for (i = 0; i < n; i++)
    dev += pm_family_deviance(fam, y[i], pm_link_mu(fam->link, margin[i]));
  return dev;
}

/* Booster b cut to its first `kept` rounds. */
static int cut(BoosterHandle *b, size_t kept)
{
  BoosterHandle out = NULL;
  int status = PM_SUCCESS;

  PM_XGB_TRY(XGBoosterSlice(*b, 0, (int)kept, 1, &out),
             "cutting a booster to its best round");
  XGBoosterFree(*b);
  *b = out;
cleanup:
  return status;
}

int pm_xgb_train_stopped(BoosterHandle *b, DMatrixHandle train,
                         const xgb_heldout *h, const pm_family *fam,
                         const pm_engine_boost *o, unsigned long seed,
                         size_t *kept)
{
  double best = INFINITY;
  size_t r, at = 0;
  int status;

  *kept = o->rounds;
  if (!o->early_stopping) return pm_xgb_train(b, train, fam, o, seed);
  if ((status = pm_xgb_booster(b, train, fam, o, seed))) return status;
  for (r = 0; r < o->rounds && r - at <= o->early_stopping; r++) {
    double dev;
    PM_XGB_TRY(XGBoosterUpdateOneIter(*b, (int)r, train), "boosting");
    if ((status = pm_xgb_margin(*b, h->m, h->n, h->margin))) goto cleanup;
    dev = pm_xgb_deviance(fam, h->y, h->margin, h->n);
    if (dev < best) best = dev, at = r;
  }
  *kept = at + 1;
  if (*kept < r && (status = cut(b, *kept))) goto cleanup;
  return PM_SUCCESS;
cleanup:
  if (*b) XGBoosterFree(*b);
  *b = NULL;
  return status;
}
