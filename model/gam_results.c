/* gam_results.c: the fit object from a converged fit.
 *
 * Vp = phi (X'WX + S)^-1 is the Bayesian posterior covariance and
 * Ve = phi F (X'WX + S)^-1 the frequentist one, with F = (X'WX + S)^-1 X'WX
 * whose diagonal holds the effective degrees of freedom per coefficient and
 * 2F - FF mgcv's alternative edf1 (Wood 2017, sections 6.1.2 and 6.10).
 * The null deviance is that of the intercept-only model with the offset, as
 * R's glm and mgcv's gam report it.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "gam_internal.h"
#include "pm_error.h"
#include "pm_smooth_test.h"

#include <cblas.h>
#include <gsl/gsl_cdf.h>
#include <lapacke.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* The null model's one coefficient by Fisher scoring: it stops when a
 * step is below 1e-13 of 1 + |c|, some 450 DBL_EPSILON, converged to
 * rounding; scoring on one coefficient gets there in a few steps, and the
 * 100 are only a guard. */
#define PM_NULL_MAX_ITER 100
#define PM_NULL_TOL 1e-13
/* Fletcher's correction 1 + s_bar keeps s_bar >= -0.9, as mgcv's gam.fit3
 * does (max(-.9, mean(...))), so that the divisor stays positive. */
#define PM_FLETCHER_SBAR_MIN (-0.9)
/* A negative tolerance asks LAPACK's dpstrf for its default, p times the
 * unit roundoff times the largest diagonal entry (R's chol(pivot = TRUE)
 * passes -1 too). */
#define PM_DPSTRF_DEFAULT_TOL (-1.0)

void pm_gam_fit_free(pm_gam_fit *f)
{
  if (!f) return;
  free(f->beta);
  free(f->Vp);
  free(f->Ve);
  free(f->edf);
  free(f->edf1);
  free(f->sp);
  free(f->eta);
  free(f->mu);
  free(f->R);
  free(f->terms);
  free(f);
}

/* A fit with room for everything but the per-row eta and mu. */
static pm_gam_fit *fit_alloc(size_t n, size_t p, size_t M, size_t nblocks)
{
  pm_gam_fit *f = calloc(1, sizeof *f);

  if (!f) return NULL;
  f->n = n;
  f->p = p;
  f->npenalties = M;
  f->nblocks = nblocks;
  f->beta = malloc(p * sizeof(double));
  f->Vp = malloc(p * p * sizeof(double));
  f->Ve = malloc(p * p * sizeof(double));
  f->edf = malloc(p * sizeof(double));
  f->edf1 = malloc(p * sizeof(double));
  f->sp = malloc((M + 1) * sizeof(double));
  f->R = calloc(p * p, sizeof(double));
  f->terms = calloc(nblocks + 1, sizeof *f->terms);
  if (!f->beta || !f->Vp || !f->Ve || !f->edf || !f->edf1 || !f->sp ||
      !f->R || !f->terms) {
    pm_gam_fit_free(f);
    return NULL;
  }
  return f;
}

/* Deviance of the intercept-only model with the offset (Fisher scoring on
 * the one coefficient), or of the offset alone without an intercept. */
static double null_deviance(const pm_model_matrix *m, const pm_family *fam,
                            int intercept)
{
  double c = 0, ybar = 0, dev = 0;
  size_t i;
  int it;

  for (i = 0; i < m->n; i++) ybar += m->y[i] / (double)m->n;
  if (intercept) c = pm_link_eta(fam->link, pm_family_mustart(fam, ybar));
  for (it = 0; intercept && it < PM_NULL_MAX_ITER; it++) {
    double su = 0, sw = 0, step;
    for (i = 0; i < m->n; i++) {
      double mu = pm_link_mu(fam->link, c + m->offset[i]), g[3], v[3];
      pm_link_derivs(fam->link, mu, g);
      pm_family_variance(fam, mu, v);
      su += (m->y[i] - mu) / (v[0] * g[0]);
      sw += 1 / (v[0] * g[0] * g[0]);
    }
    step = su / sw;
    c += step;
    if (fabs(step) <= PM_NULL_TOL * (fabs(c) + 1)) break;
  }
  for (i = 0; i < m->n; i++)
    dev += pm_family_deviance(fam, m->y[i],
                              pm_link_mu(fam->link, c + m->offset[i]));
  return dev;
}

/* The zero-inflated Poisson's deviances as mgcv's ziP() reports them
 * (its postproc): -2 l less the saturated -2 l, for the fit and for the
 * constant linear predictor. */
static void zip_deviances(pm_gam_fit *f, const pm_pirls *s)
{
  size_t i;

  for (i = 0; i < s->n; i++) f->deviance -= pm_zip_saturated(&s->fam, s->y[i]);
  f->null_deviance = pm_zip_null_deviance(&s->fam, s->y, s->n);
}

/* Pearson's estimate of the scale as R's summary.glm computes it: the
 * working residuals (y - mu)/mu.eta weighted by the last IRLS weights. */
static double pearson_scale(const pm_pirls *s, double df)
{
  size_t i;
  double x2 = 0;

  for (i = 0; i < s->n; i++) {
    double r = (s->y[i] - s->mu[i]) / pm_link_dmu_deta(s->fam.link, s->eta[i]);
    x2 += s->w[i] * r * r;
  }
  return x2 / df;
}

/* The scale estimate mgcv reports for a GAM (gam.control(scale.est =
 * "fletcher")): Pearson's statistic over the residual degrees of freedom,
 * divided by 1 + mean(V'(mu)(y - mu)/V(mu)) (Fletcher 2012, Biometrika
 * 99:230-237). */
static double fletcher_scale(const pm_pirls *s, double df)
{
  size_t i;
  double x2 = 0, sbar = 0;

  for (i = 0; i < s->n; i++) {
    double v[3];
    pm_family_variance(&s->fam, s->mu[i], v);
    x2 += (s->y[i] - s->mu[i]) * (s->y[i] - s->mu[i]) / v[0];
    sbar += v[1] * (s->y[i] - s->mu[i]) / v[0] / (double)s->n;
  }
  return x2 / df / (1 + fmax(PM_FLETCHER_SBAR_MIN, sbar));
}

/* R with R'R = X'WX (upper triangular up to the column order): the pivoted
 * Cholesky factor with its columns put back in place. */
static int cross_product_root(const double *A, size_t p, double *R)
{
  double *U = malloc(p * p * sizeof *U);
  lapack_int *piv = malloc(p * sizeof *piv), rank;
  size_t i, j;

  if (!U || !piv) {
    free(U);
    free(piv);
    return pm_error_nomem();
  }
  memcpy(U, A, p * p * sizeof *U);
  LAPACKE_dpstrf(LAPACK_ROW_MAJOR, 'U', (lapack_int)p, U, (lapack_int)p, piv,
                 &rank, PM_DPSTRF_DEFAULT_TOL);
  for (i = 0; i < (size_t)rank; i++)
    for (j = i; j < p; j++) R[i * p + (size_t)piv[j] - 1] = U[i * p + j];
  free(U);
  free(piv);
  return PM_SUCCESS;
}

/* Vp / phi, Ve / phi, edf and edf1 from H^-1 and X'WX. */
static int covariances(pm_gam_fit *f, const pm_pirls *s)
{
  size_t p = f->p, i, j;
  double *Hinv = malloc(p * p * sizeof *Hinv), *F = malloc(p * p * sizeof *F);
  int status = Hinv && F ? pm_chol_inverse(&s->H, Hinv) : pm_error_nomem();

  if (status == PM_SUCCESS) {
    cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, (int)p, (int)p,
                (int)p, 1.0, Hinv, (int)p, s->A, (int)p, 0.0, F, (int)p);
    cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, (int)p, (int)p,
                (int)p, 1.0, F, (int)p, Hinv, (int)p, 0.0, f->Ve, (int)p);
    memcpy(f->Vp, Hinv, p * p * sizeof *Hinv);
    for (i = 0; i < p; i++) {
      double ff = 0;
      for (j = 0; j < p; j++) ff += F[i * p + j] * F[j * p + i];
      f->edf[i] = F[i * p + i];
      f->edf1[i] = 2 * F[i * p + i] - ff;
      f->edf_total += f->edf[i];
    }
  }
  free(Hinv);
  free(F);
  return status;
}

/* Wald test of a parametric block, Wood's (2013) test of a smooth. */
static int term_summary(pm_gam_fit *f, const pm_design_block *b,
                        pm_gam_term_summary *t)
{
  size_t q = b->ncoef, i, j, p = f->p;
  double *V = malloc(q * q * sizeof *V);
  int status = V ? PM_SUCCESS : pm_error_nomem();

  for (i = 0; V && i < q; i++) {
    t->edf += f->edf[b->first + i];
    t->edf1 += f->edf1[b->first + i];
    for (j = 0; j < q; j++) V[i * q + j] = f->Vp[(b->first + i) * p + b->first + j];
  }
  if (status == PM_SUCCESS && b->smooth) {
    pm_smooth_test_result r;
    status = pm_smooth_test(f->beta + b->first, V, f->R + b->first, p, p, q,
                            fmin((double)q, t->edf1),
                            f->scale_estimated ? f->residual_df : -1, &r);
    t->stat = r.stat;
    t->ref_df = r.ref_df;
    t->p_value = r.p_value;
  } else if (status == PM_SUCCESS) {
    /* beta' V^-1 beta, chi-squared on q df (F on q and residual df) */
    double *x = malloc(q * sizeof *x);
    if (!x || LAPACKE_dposv(LAPACK_ROW_MAJOR, 'U', (lapack_int)q, 1, V,
                            (lapack_int)q, memcpy(x, f->beta + b->first,
                                                  q * sizeof *x),
                            1) != 0)
      status = x ? pm_error(PM_ENUMERIC, "covariance of term %s is singular",
                            b->label)
                 : pm_error_nomem();
    for (i = 0; status == PM_SUCCESS && i < q; i++)
      t->stat += f->beta[b->first + i] * x[i];
    t->ref_df = (double)q;
    if (status == PM_SUCCESS)
      t->p_value = f->scale_estimated
                       ? gsl_cdf_fdist_Q(t->stat / q, q, f->residual_df)
                       : gsl_cdf_chisq_Q(t->stat, q);
    if (f->scale_estimated) t->stat /= q;
    free(x);
  }
  free(V);
  return status;
}

int pm_gam_results(pm_gam_fit **fit, const pm_design *d,
                   const pm_model_matrix *m, pm_pirls *s,
                   const pm_smoothing *sm, double theta_se)
{
  pm_gam_fit *f = fit_alloc(s->n, s->p, d->npenalties, d->nblocks);
  size_t k;
  int status = f ? PM_SUCCESS : pm_error_nomem();
  double phi = 1, phi_ll;

  if (status != PM_SUCCESS) return status;
  f->family = s->fam;
  f->method = sm ? sm->method : PM_METHOD_REML;
  memcpy(f->beta, s->beta, s->p * sizeof *f->beta);
  for (k = 0; sm && k < d->npenalties; k++) f->sp[k] = exp(sm->rho[k]);
  f->scale_estimated = !pm_family_scale_known(&s->fam);
  f->theta_se = theta_se;
  f->deviance = s->dev;
  f->null_deviance = null_deviance(m, &s->fam, d->formula->intercept);
  if (s->fam.kind == PM_FAMILY_ZIP) zip_deviances(f, s);
  f->criterion = sm ? sm->score : NAN;
  f->converged = s->converged && (!sm || sm->converged);
  f->iterations = sm ? sm->iterations : s->iterations;
  status = covariances(f, s);
  f->residual_df = (double)f->n - f->edf_total;
  if (f->scale_estimated)
    phi = !sm ? pearson_scale(s, (double)(s->n - s->p))
              : sm->extended ? sm->phi
                             : fletcher_scale(s, f->residual_df);
  f->scale = phi;
  for (k = 0; k < s->p * s->p; k++) {
    f->Vp[k] *= phi;
    f->Ve[k] *= phi;
  }
  /* R's glm puts the scale's ML-like estimate dev/n into the Gamma and
   * Gaussian log-likelihood */
  phi_ll = f->scale_estimated && !sm ? f->deviance / (double)f->n : phi;
  f->loglik = pm_family_loglik(&s->fam, s->y, s->mu, s->n, phi_ll);
  f->aic = -2 * f->loglik +
           2 * (f->edf_total + f->scale_estimated +
                (s->fam.kind == PM_FAMILY_NEGBIN && theta_se > 0));
  if (status == PM_SUCCESS) status = cross_product_root(s->A, s->p, f->R);
  for (k = 0; status == PM_SUCCESS && k < d->nblocks; k++)
    status = term_summary(f, &d->blocks[k], &f->terms[k]);
  if (status != PM_SUCCESS) {
    pm_gam_fit_free(f);
    return status;
  }
  f->eta = s->eta;
  f->mu = s->mu;
  s->eta = s->mu = NULL;
  *fit = f;
  return PM_SUCCESS;
}
