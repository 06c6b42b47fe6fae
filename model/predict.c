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
  size_t p = fit->p, i;
  double *v = NULL;
  int status;

  if (m->p != p)
    return pm_error(PM_EINPUT,
                    "prediction data give %zu model columns, the model has %zu",
                    m->p, p);
  if (!(v = malloc((pm_mm_coef_size(m) + 1) * sizeof *v)))
    return pm_error_nomem();
  pm_mm_xb_prepare(m, fit->beta, v);
  pm_mm_xb(m, fit->beta, v, 0, m->n, eta);
  free(v);
  for (i = 0; i < m->n; i++) {
    if (m->offset) eta[i] += m->offset[i];
    if (mu) mu[i] = pm_link_mu(fit->family.link, eta[i]);
  }
  if (!se_eta) return PM_SUCCESS;
  if ((status = pm_mm_quad_diag(m, fit->Vp, se_eta))) return status;
  for (i = 0; i < m->n; i++) se_eta[i] = sqrt(fmax(0, se_eta[i]));
  return PM_SUCCESS;
}
