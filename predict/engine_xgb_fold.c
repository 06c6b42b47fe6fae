/* engine_xgb_fold.c: one booster of the boosted-trees engine fitted on
 * the training part of one fold, from the null model of its training rows,
 * and scored on the fold it leaves out: the unit of the ensemble
 * (engine_xgb_fit.c) and of the tuning grid (engine_xgb_tune.c).
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "engine_xgb_internal.h"
#include "pm_error.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* The intercept b of the model g(mu) = offset + b fitted (by maximum
 * likelihood) on the rows not in fold f (f < 0: every row): in closed form
 * for the log link with variance mu^p (poisson p = 1, gamma p = 2) and the
 * identity, by Newton's method for the logit. */
double pm_xgb_null_intercept(const pm_family *fam, const double *y,
                             const double *off, const int *fold, int f,
                             size_t n)
{
  double a = 0, b = 0, p = fam->kind == PM_FAMILY_POISSON ? 1
                         : fam->kind == PM_FAMILY_GAMMA   ? 2
                                                          : fam->p;
  size_t i;
  int it;

  for (i = 0; i < n; i++) {
    if (fold[i] == f) continue;
    if (fam->link == PM_LINK_LOG) {
      a += y[i] * exp((1 - p) * off[i]);
      b += exp((2 - p) * off[i]);
    } else {
      a += y[i] - off[i];
      b += 1;
    }
  }
  if (fam->link == PM_LINK_LOG) return log(a / b);
  if (fam->link == PM_LINK_IDENTITY) return a / b;
  for (it = 0, b = 0; it < 50; it++) { /* logit: score and information */
    double u = 0, w = 0;
    for (i = 0; i < n; i++) {
      double mu;
      if (fold[i] == f) continue;
      mu = pm_link_mu(PM_LINK_LOGIT, off[i] + b);
      u += y[i] - mu;
      w += mu * (1 - mu);
    }
    b += u / w;
  }
  return b;
}

/* The rows of x, y and offset in fold f (held_out) or not, as a matrix
 * whose base margin is the offset plus `b0`. */
static int fold_matrix(const xgb_state *s, const double *x, const double *y,
                       const double *off, size_t n, const int *fold, int f,
                       int held_out, double b0, DMatrixHandle *m)
{
  size_t p = s->nfeatures, i, k = 0;
  double *sx = malloc((n * p + 1) * sizeof *sx);
  double *sy = malloc((2 * n + 1) * sizeof *sy), *so = sy + n;
  int status;

  if (!sx || !sy) {
    free(sx);
    free(sy);
    return pm_error_nomem();
  }
  for (i = 0; i < n; i++) {
    if ((fold[i] == f) != held_out) continue;
    memcpy(sx + k * p, x + i * p, p * sizeof *sx);
    sy[k] = y[i];
    so[k++] = off[i] + b0;
  }
  status = pm_xgb_matrix(m, sx, k, p, held_out ? NULL : sy, so);
  free(sx);
  free(sy);
  return status;
}

/* The booster's trees start from the null model of its training rows,
 * the offset plus the intercept b0 as base margin, as XGBoost's base_score
 * starts a model without an offset: from the offset alone, a log-link
 * model of counts in small volumes (a UVP samples about 1 L) would spend
 * its rounds on the intercept.  Its held-out rows stop it early
 * (engine_xgb_stop.c). */
int pm_xgb_fit_fold(const xgb_state *s, xgb_rows *d, size_t r, int f,
                    const pm_engine_boost *o, unsigned long seed,
                    double *trained, xgb_fold *out)
{
  const int *fold = d->fold + r * d->n;
  DMatrixHandle train = NULL;
  xgb_heldout h = {NULL, NULL, 0, d->margin};
  double *y = malloc((d->n + 1) * sizeof *y);
  size_t i;
  int status;

  out->b = NULL;
  out->b0 = pm_xgb_null_intercept(&s->family, d->y, d->off, fold, f, d->n);
  if (!y) return pm_error_nomem();
  for (i = 0; i < d->n; i++)
    if (fold[i] == f) y[h.n++] = d->y[i];
  h.y = y;
  out->ntest = h.n;
  if (!isfinite(out->b0)) {
    status = pm_error(PM_EINPUT, "the training rows of fold %d of "
                      "repetition %zu have no intercept (every response is "
                      "0)", f + 1, r + 1);
    goto cleanup;
  }
  if ((status = fold_matrix(s, d->x, d->y, d->off, d->n, fold, f, 0,
                            out->b0, &train)) ||
      (status = fold_matrix(s, d->x, d->y, d->off, d->n, fold, f, 1,
                            out->b0, &h.m)) ||
      (status = pm_xgb_train_stopped(&out->b, train, &h, &s->family, o,
                                     seed, &out->kept)) ||
      (status = pm_xgb_margin(out->b, h.m, h.n, d->margin)) ||
      (trained && (status = pm_xgb_margin(out->b, train, d->n - h.n,
                                          trained))))
    goto cleanup;
  out->dev = pm_xgb_deviance(&s->family, y, d->margin, h.n);
cleanup:
  if (train) XGDMatrixFree(train);
  if (h.m) XGDMatrixFree(h.m);
  free(y);
  return status;
}
