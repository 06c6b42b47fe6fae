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
#include <string.h>

/* Convergence: the largest change of a count in one EM step, relative to
 * the total count, below this.  Where the maximum lies on the boundary
 * with a zero gradient (a true class absent from the counts, its rates a
 * mix of others'), EM approaches it sublinearly, the step shrinking as the
 * square of the distance, so that there the count stops at about
 * sqrt(1e-13) = 3e-7 of the total instead of 0. */
#define PM_CONFUSION_EM_TOL 1e-13
/* EM steps at most, counting those of the accelerated cycles. */
#define PM_CONFUSION_EM_MAX_ITER 1000000
/* A start from given counts adds this fraction of the mean count to each,
 * so that none starts at 0, where EM would keep it. */
#define PM_CONFUSION_EM_START_FLOOR 1e-2

typedef struct {
  const double *R, *y;
  size_t nt, np;
  double *s, *mu; /* nt row sums; np expected predicted counts */
} em_problem;

/* e->mu = R' lambda: the expected predicted counts of true counts
 * lambda. */
static void expected_counts(const em_problem *e, const double *lambda)
{
  size_t i, j, np = e->np;

  for (j = 0; j < np; j++) {
    e->mu[j] = 0;
    for (i = 0; i < e->nt; i++) e->mu[j] += lambda[i] * e->R[i * np + j];
  }
}

/* One EM step from `in` to `out` (Shepp and Vardi 1982, eq. 2.13):
 * out_i = in_i / s_i sum_j R_ij y_j / mu_j, mu_j = sum_k in_k R_kj,
 * s_i = sum_j R_ij. */
static void em_step(const em_problem *e, const double *in, double *out)
{
  size_t i, j, np = e->np;

  expected_counts(e, in);
  for (i = 0; i < e->nt; i++) {
    double sum = 0;
    for (j = 0; j < np; j++)
      if (e->mu[j] > 0) sum += e->R[i * np + j] * e->y[j] / e->mu[j];
    out[i] = in[i] * sum / e->s[i];
  }
}

/* The log-likelihood of the predicted counts as Poisson counts of means
 * mu = R' lambda, up to a constant: sum_j y_j log mu_j - sum_i s_i
 * lambda_i (Shepp and Vardi 1982, eq. 2.8). */
static double loglik(const em_problem *e, const double *lambda)
{
  double l = 0;
  size_t i, j;

  expected_counts(e, lambda);
  for (j = 0; j < e->np; j++)
    if (e->y[j] != 0) l += e->y[j] * log(e->mu[j]);
  for (i = 0; i < e->nt; i++) l -= e->s[i] * lambda[i];
  return l;
}

/* One cycle of SQUAREM (Varadhan and Roland 2008, Scand. J. Stat.
 * 35:335-353, scheme S3): two EM steps l1, l2 from lambda, r = l1 -
 * lambda, v = l2 - 2 l1 + lambda, the extrapolation lambda - 2 a r + a^2 v
 * with a = -|r| / |v|, then one EM step from it.  a is halved towards -1
 * (which gives l2) while a count of the extrapolation is not positive
 * (unless it is a zero of lambda), since EM keeps a zero at zero; and the
 * cycle falls back to l2 when it
 * would lower the likelihood, so that it increases it as EM does.  w holds
 * 4 nt; returns the largest change of the first EM step. */
static double squarem_cycle(const em_problem *e, double *lambda, double *w)
{
  double *l1 = w, *l2 = w + e->nt, *x = w + 2 * e->nt, *next = w + 3 * e->nt;
  double rr = 0, vv = 0, change = 0, a;
  size_t i, nt = e->nt;
  int positive;

  em_step(e, lambda, l1);
  em_step(e, l1, l2);
  for (i = 0; i < nt; i++) {
    double r = l1[i] - lambda[i], v = l2[i] - 2 * l1[i] + lambda[i];
    rr += r * r;
    vv += v * v;
    change = fmax(change, fabs(r));
  }
  a = vv > 0 ? fmin(-sqrt(rr / vv), -1) : -1;
  do {
    for (positive = 1, i = 0; i < nt; i++) {
      double r = l1[i] - lambda[i], v = l2[i] - 2 * l1[i] + lambda[i];
      x[i] = lambda[i] - 2 * a * r + a * a * v;
      positive &= x[i] > 0 || (x[i] == 0 && lambda[i] == 0);
    }
    a = a < -1.0001 ? (a - 1) / 2 : -1;
  } while (!positive && a < -1);
  em_step(e, positive ? x : l2, next);
  memcpy(lambda, loglik(e, next) >= loglik(e, l2) ? next : l2,
         nt * sizeof *lambda);
  return change;
}

int pm_confusion_em(const double *R, size_t nt, size_t np, const double *y,
                    const double *start, double *lambda)
{
  double *s = calloc(5 * nt + np, sizeof *s), total = 0;
  em_problem e = {R, y, nt, np, s, s + nt};
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
  for (iter = 0; total > 0; iter += 3) {
    if (iter >= PM_CONFUSION_EM_MAX_ITER) {
      status = pm_error(PM_ENUMERIC,
                        "the maximum-likelihood correction of the counts did "
                        "not converge in %d steps",
                        PM_CONFUSION_EM_MAX_ITER);
      break;
    }
    if (squarem_cycle(&e, lambda, s + nt + np) <= PM_CONFUSION_EM_TOL * total)
      break;
  }
  free(s);
  return status;
}
