/* predict.c: predictions and their standard errors from a fitted model.
 *
 * eta = X beta + offset; se(eta)_i = sqrt(x_i' Vp x_i), the Bayesian
 * interval of Wood (2006, Aust. N. Z. J. Stat. 48:445-464) that mgcv's
 * predict.gam(se.fit = TRUE) gives; mu = g^-1(eta).
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "gam_internal.h"
#include "pm_error.h"

#include <cblas.h>
#include <math.h>
#include <stdlib.h>

int pm_gam_predict(const pm_gam_fit *fit, const pm_model_matrix *m,
                   double *eta, double *se_eta, double *mu)
{
  size_t p = fit->p, nbmax = m->n < PM_ROW_BLOCK ? m->n : PM_ROW_BLOCK;
  size_t i0, i;
  double *XV = NULL, *rows = NULL;
  int status = PM_SUCCESS;

  if (m->p != p)
    return pm_error(PM_EINPUT,
                    "prediction data give %zu model columns, the model has %zu",
                    m->p, p);
  if (!(XV = malloc((nbmax * p + 1) * sizeof *XV)) ||
      (m->xd && !(rows = malloc((nbmax * p + 1) * sizeof *rows)))) {
    status = pm_error_nomem();
    goto cleanup;
  }
  for (i0 = 0; i0 < m->n; i0 += PM_ROW_BLOCK) {
    size_t nb = m->n - i0 < PM_ROW_BLOCK ? m->n - i0 : PM_ROW_BLOCK;
    const double *Xb = pm_mm_rows(m, i0, nb, rows);
    cblas_dgemv(CblasRowMajor, CblasNoTrans, (int)nb, (int)p, 1.0, Xb,
                (int)p, fit->beta, 1, 0.0, eta + i0, 1);
    for (i = i0; i < i0 + nb; i++) {
      if (m->offset) eta[i] += m->offset[i];
      if (mu) mu[i] = pm_link_mu(fit->family.link, eta[i]);
    }
    if (!se_eta) continue;
    cblas_dsymm(CblasRowMajor, CblasRight, CblasUpper, (int)nb, (int)p, 1.0,
                fit->Vp, (int)p, Xb, (int)p, 0.0, XV, (int)p);
    for (i = 0; i < nb; i++)
      se_eta[i0 + i] =
          sqrt(fmax(0, cblas_ddot((int)p, XV + i * p, 1, Xb + i * p, 1)));
  }
cleanup:
  free(XV);
  free(rows);
  return status;
}
