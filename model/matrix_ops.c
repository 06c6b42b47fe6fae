/* matrix_ops.c: the products the fit takes of a model matrix, whether it
 * is dense (X) or compact (xd, discretised covariates).
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "gam_internal.h"
#include "pm_error.h"
#include "xd.h"

#include <cblas.h>
#include <stdlib.h>
#include <string.h>

const double *pm_mm_rows(const pm_model_matrix *m, size_t i0, size_t nb,
                         double *buf)
{
  if (!m->xd) return m->X + i0 * m->p;
  pm_xd_rows(m->xd, i0, nb, buf);
  return buf;
}

int pm_mm_xtv(const pm_model_matrix *m, const double *v, double *out)
{
  if (m->xd) return pm_xd_xtv(m->xd, v, out);
  cblas_dgemv(CblasRowMajor, CblasTrans, (int)m->n, (int)m->p, 1.0, m->X,
              (int)m->p, v, 1, 0.0, out, 1);
  return PM_SUCCESS;
}

int pm_mm_xtwx(const pm_model_matrix *m, const double *w, double *block,
               double *A)
{
  if (m->xd) return pm_xd_xtwx(m->xd, w, A);
  return pm_xtwx(m->X, m->n, m->p, w, block, A);
}

size_t pm_mm_coef_size(const pm_model_matrix *m)
{
  return m->xd ? m->xd->mtotal : 0;
}

void pm_mm_xb_prepare(const pm_model_matrix *m, const double *beta,
                      double *v)
{
  if (m->xd) pm_xd_coef(m->xd, beta, v);
}

void pm_mm_xb(const pm_model_matrix *m, const double *beta, const double *v,
              size_t i0, size_t i1, double *eta)
{
  if (m->xd) {
    pm_xd_gather(m->xd, v, i0, i1, eta);
    return;
  }
  cblas_dgemv(CblasRowMajor, CblasNoTrans, (int)(i1 - i0), (int)m->p, 1.0,
              m->X + i0 * m->p, (int)m->p, beta, 1, 0.0, eta, 1);
}

int pm_mm_quad_diag(const pm_model_matrix *m, const double *V, double *h)
{
  size_t p = m->p, nbmax = m->n < PM_ROW_BLOCK ? m->n : PM_ROW_BLOCK, i0, i;
  double *XV;

  if (m->xd) return pm_xd_quad_diag(m->xd, V, h);
  if (!(XV = malloc((nbmax * p + 1) * sizeof *XV))) return pm_error_nomem();
  for (i0 = 0; i0 < m->n; i0 += PM_ROW_BLOCK) {
    size_t nb = m->n - i0 < PM_ROW_BLOCK ? m->n - i0 : PM_ROW_BLOCK;
    const double *Xb = m->X + i0 * p;
    cblas_dsymm(CblasRowMajor, CblasRight, CblasUpper, (int)nb, (int)p, 1.0,
                V, (int)p, Xb, (int)p, 0.0, XV, (int)p);
    for (i = 0; i < nb; i++)
      h[i0 + i] = cblas_ddot((int)p, XV + i * p, 1, Xb + i * p, 1);
  }
  free(XV);
  return PM_SUCCESS;
}
