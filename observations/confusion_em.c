/* confusion_em.c: maximum-likelihood true counts from predicted counts and
 * a classifier's conditional rates, by the EM algorithm for Poisson counts
 * of Shepp and Vardi (1982, IEEE Trans. Med. Imaging 1:113-122, eq. 2.13),
 * the multinomial form of which Saerens et al. (2002, Neural Comput.
 * 14:21-41, eq. 2.9) give for the class priors of a classifier.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "pm_confusion.h"
#include "pm_error.h"

#include <math.h>
#include <stdlib.h>

/* Convergence: the largest change of a count, relative to the total count,
 * below this; EM increases the likelihood at every step and converges
 * linearly, slowly near a zero, hence the large number of steps. */
#define PM_CONFUSION_EM_TOL 1e-13
#define PM_CONFUSION_EM_MAX_ITER 1000000
/* A start from given counts adds this fraction of the mean count to each,
 * so that none starts at 0, where EM would keep it. */
#define PM_CONFUSION_EM_START_FLOOR 1e-2

/* One EM step (Shepp and Vardi 1982, eq. 2.13):
 * lambda_i <- lambda_i / s_i sum_j R_ij y_j / mu_j, mu_j = sum_k lambda_k R_kj,
 * s_i = sum_j R_ij; returns the largest change. */
static double em_step(const double *R, size_t nt, size_t np, const double *y,
                      const double *s, double *mu, double *lambda)
{
  double change = 0;
  size_t i, j;

  for (j = 0; j < np; j++) {
    mu[j] = 0;
    for (i = 0; i < nt; i++) mu[j] += lambda[i] * R[i * np + j];
  }
  for (i = 0; i < nt; i++) {
    double sum = 0, next;
    for (j = 0; j < np; j++)
      if (mu[j] > 0) sum += R[i * np + j] * y[j] / mu[j];
    next = lambda[i] * sum / s[i];
    change = fmax(change, fabs(next - lambda[i]));
    lambda[i] = next;
  }
  return change;
}

int pm_confusion_em(const double *R, size_t nt, size_t np, const double *y,
                    const double *start, double *lambda)
{
  double *s = calloc(nt + np, sizeof *s), *mu = s + nt, total = 0;
  size_t i, j, iter;
  int status = PM_SUCCESS;

  if (!s) return pm_error_nomem();
  for (j = 0; j < np; j++) total += y[j];
  for (i = 0; i < nt; i++) {
    for (j = 0; j < np; j++) s[i] += R[i * np + j];
    /* EM needs a positive start: a count at 0 stays there */
    lambda[i] = total / (double)nt;
    if (start)
      lambda[i] = start[i] + PM_CONFUSION_EM_START_FLOOR * lambda[i];
  }
  for (iter = 0; total > 0; iter++) {
    if (iter == PM_CONFUSION_EM_MAX_ITER) {
      status = pm_error(PM_ENUMERIC,
                        "the maximum-likelihood correction of the counts did "
                        "not converge in %d steps",
                        PM_CONFUSION_EM_MAX_ITER);
      break;
    }
    if (em_step(R, nt, np, y, s, mu, lambda) <= PM_CONFUSION_EM_TOL * total)
      break;
  }
  free(s);
  return status;
}
