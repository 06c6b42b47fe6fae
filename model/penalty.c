/* penalty.c: the total penalty S_lambda and log|S_lambda|_+.
 *
 * Penalties of one smooth form a group acting on the same columns.  For a
 * group with one penalty, log|lambda S|_+ = r log(lambda) + log|S|_+ (r the
 * rank), so its derivatives in rho = log(lambda) are r and 0.  A group with
 * several penalties (te) is eigen-decomposed at each lambda and only its r
 * largest eigenvalues enter, with the derivatives of Wood (2011, JRSSB
 * 73:3-36, appendix B): d/drho_k = lambda_k tr(S+ S_k) and
 * d2/drho_k drho_l = delta_kl lambda_k tr(S+ S_k)
 *                    - lambda_k lambda_l tr(S+ S_k S+ S_l).
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "gam_internal.h"
#include "pm_error.h"

#include <cblas.h>
#include <lapacke.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Eigenvalues (ascending) and vectors of the q x q symmetric matrix S. */
static int eigen(const double *S, size_t q, double *vec, double *val)
{
  memcpy(vec, S, q * q * sizeof *vec);
  if (LAPACKE_dsyev(LAPACK_ROW_MAJOR, 'V', 'U', (lapack_int)q, vec,
                    (lapack_int)q, val) != 0)
    return pm_error(PM_ENUMERIC, "eigen-decomposition of a penalty failed");
  return PM_SUCCESS;
}

static int single_group_const(const pm_design_penalty *pen, size_t rank,
                              double *c)
{
  size_t q = pen->ncoef, i;
  double *vec = malloc(q * q * sizeof *vec), *val = malloc(q * sizeof *val);
  int status = vec && val ? eigen(pen->S, q, vec, val) : pm_error_nomem();

  *c = 0;
  for (i = q - rank; status == PM_SUCCESS && i < q; i++) *c += log(val[i]);
  free(vec);
  free(val);
  return status;
}

int pm_penalty_alloc(pm_penalty *P, const pm_design *d)
{
  size_t k, g = 0, ranked = 0;
  int status = PM_SUCCESS;

  memset(P, 0, sizeof *P);
  P->p = d->p;
  P->M = d->npenalties;
  P->pen = d->penalties;
  P->block_of = calloc(P->M + 1, sizeof *P->block_of);
  P->group_first = calloc(P->M + 1, sizeof(size_t));
  P->group_ncoef = calloc(P->M + 1, sizeof(size_t));
  P->group_rank = calloc(P->M + 1, sizeof(size_t));
  P->group_npen = calloc(P->M + 1, sizeof(size_t));
  P->group_const = calloc(P->M + 1, sizeof(double));
  if (!P->block_of || !P->group_first || !P->group_ncoef || !P->group_rank ||
      !P->group_npen || !P->group_const) {
    pm_penalty_free(P);
    return pm_error_nomem();
  }
  for (k = 0; k < P->M; k++) {
    const pm_design_penalty *pk = &d->penalties[k];
    if (k > 0 && pk->block == d->penalties[k - 1].block)
      g--;
    else {
      P->group_first[g] = pk->first;
      P->group_ncoef[g] = pk->ncoef;
      P->group_rank[g] = pm_smooth_penalty_rank(d->blocks[pk->block].smooth);
      ranked += P->group_rank[g];
    }
    P->block_of[k] = g;
    P->group_npen[g]++;
    g++;
  }
  P->nblocks = g;
  P->null_dim = d->p - ranked;
  for (g = 0; g < P->nblocks && status == PM_SUCCESS; g++)
    if (P->group_npen[g] == 1) {
      for (k = 0; P->block_of[k] != g; k++) continue;
      status = single_group_const(&d->penalties[k], P->group_rank[g],
                                  &P->group_const[g]);
    }
  if (status != PM_SUCCESS) pm_penalty_free(P);
  return status;
}

void pm_penalty_free(pm_penalty *P)
{
  free(P->block_of);
  free(P->group_first);
  free(P->group_ncoef);
  free(P->group_rank);
  free(P->group_npen);
  free(P->group_const);
  memset(P, 0, sizeof *P);
}

void pm_penalty_sum(const pm_penalty *P, const double *rho, double *S)
{
  size_t k, i, j, p = P->p;

  memset(S, 0, p * p * sizeof *S);
  for (k = 0; k < P->M; k++) {
    const pm_design_penalty *pk = &P->pen[k];
    double lambda = exp(rho[k]);
    for (i = 0; i < pk->ncoef; i++)
      for (j = 0; j < pk->ncoef; j++)
        S[(pk->first + i) * p + pk->first + j] +=
            lambda * pk->S[i * pk->ncoef + j];
  }
}

/* One multi-penalty group: penalties k0 .. k0+npen-1 on q columns. */
static int group_logdet(const pm_penalty *P, size_t g, size_t k0,
                        const double *rho, double *det, double *det1,
                        double *det2)
{
  size_t q = P->group_ncoef[g], r = P->group_rank[g], np = P->group_npen[g];
  size_t a, b, i, M = P->M;
  double *S = calloc(q * q, sizeof *S), *val = malloc(q * sizeof *val);
  double *U = malloc(q * q * sizeof *U), *Sp = calloc(q * q, sizeof *Sp);
  double *T = malloc(np * q * q * sizeof *T);
  int status = S && val && U && Sp && T ? PM_SUCCESS : pm_error_nomem();

  for (a = 0; status == PM_SUCCESS && a < np; a++)
    cblas_daxpy((int)(q * q), exp(rho[k0 + a]), P->pen[k0 + a].S, 1, S, 1);
  if (status == PM_SUCCESS) status = eigen(S, q, U, val);
  for (i = q - r; status == PM_SUCCESS && i < q; i++) {
    *det += log(val[i]);
    /* S+ = sum over the range space of u u' / value */
    cblas_dger(CblasRowMajor, (int)q, (int)q, 1 / val[i], U + i, (int)q,
               U + i, (int)q, Sp, (int)q);
  }
  for (a = 0; status == PM_SUCCESS && a < np; a++)
    cblas_dsymm(CblasRowMajor, CblasLeft, CblasUpper, (int)q, (int)q,
                exp(rho[k0 + a]), Sp, (int)q, P->pen[k0 + a].S, (int)q, 0.0,
                T + a * q * q, (int)q);
  for (a = 0; status == PM_SUCCESS && a < np; a++) {
    double tr = 0;
    for (i = 0; i < q; i++) tr += T[a * q * q + i * q + i];
    det1[k0 + a] = tr;
    for (b = 0; b < np; b++) {
      double t2 = 0; /* tr(T_a T_b) */
      size_t x, y;
      for (x = 0; x < q; x++)
        for (y = 0; y < q; y++)
          t2 += T[a * q * q + x * q + y] * T[b * q * q + y * q + x];
      det2[(k0 + a) * M + k0 + b] = (a == b ? tr : 0) - t2;
    }
  }
  free(S);
  free(val);
  free(U);
  free(Sp);
  free(T);
  return status;
}

int pm_penalty_logdet(const pm_penalty *P, const double *rho, double *det,
                      double *det1, double *det2)
{
  size_t k = 0, g, M = P->M;
  int status = PM_SUCCESS;

  *det = 0;
  memset(det1, 0, M * sizeof *det1);
  memset(det2, 0, M * M * sizeof *det2);
  for (g = 0; g < P->nblocks && status == PM_SUCCESS; g++) {
    if (P->group_npen[g] == 1) {
      *det += P->group_rank[g] * rho[k] + P->group_const[g];
      det1[k] = (double)P->group_rank[g];
    } else
      status = group_logdet(P, g, k, rho, det, det1, det2);
    k += P->group_npen[g];
  }
  return status;
}
