/* cv.c: refits on k-1 folds, predictions of the held-out fold, and scores.
 *
 * Deviance explained on held-out data is 1 - sum d(y, mu_cv) / sum d(y,
 * mu_0), d the family's unit deviance (Wood 2017, section 3.1.7) and mu_0
 * the intercept-with-offset model fitted on the same training rows: the
 * held-out analogue of mgcv's "deviance explained" (Wood 2017, section
 * 7.2).  Concentrations are y / exp(offset) and mu / exp(offset); the RMSE
 * is that of their log(1 + c), and Spearman's rho that of their ranks.
 *
 * The folds are refitted on the threads of pm_threads.h, one fold per
 * thread at a time (so that peak memory holds as many training copies of
 * the model matrix as there are threads); each fold's deviances are kept
 * apart and added in fold order, so that the scores do not depend on the
 * number of threads.  In an MPI job each rank refits its block of the
 * folds (pm_ranks.h) and every fold's outcome is then sent to every rank,
 * so that the scores are those of one process.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "pm_cv.h"
#include "pm_error.h"
#include "pm_ranks.h"

#include <gsl/gsl_statistics_double.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- ranks and Spearman's rho ------------------------------------------- */

typedef struct {
  double v;
  size_t i;
} ranked;

static int cmp_ranked(const void *a, const void *b)
{
  double x = ((const ranked *)a)->v, y = ((const ranked *)b)->v;
  return (x > y) - (x < y);
}

/* Ranks 1..n of x, ties sharing the mean of the ranks they span. */
static int average_ranks(const double *x, size_t n, double *rank)
{
  ranked *s = malloc((n + 1) * sizeof *s);
  size_t i, j;

  if (!s) return pm_error_nomem();
  for (i = 0; i < n; i++) s[i] = (ranked){x[i], i};
  qsort(s, n, sizeof *s, cmp_ranked);
  for (i = 0; i < n; i = j) {
    double r;
    size_t t;
    for (j = i + 1; j < n && s[j].v == s[i].v; j++) continue;
    r = 0.5 * (double)(i + 1 + j); /* mean of ranks i+1..j */
    for (t = i; t < j; t++) rank[s[t].i] = r;
  }
  free(s);
  return PM_SUCCESS;
}

int pm_cv_spearman(const double *x, const double *y, size_t n, double *rho)
{
  double *rx = malloc((2 * n + 1) * sizeof *rx), sx, sy;
  int status = rx ? PM_SUCCESS : pm_error_nomem();

  *rho = NAN;
  if (status == PM_SUCCESS && n >= 2 &&
      (status = average_ranks(x, n, rx)) == PM_SUCCESS &&
      (status = average_ranks(y, n, rx + n)) == PM_SUCCESS) {
    sx = gsl_stats_sd(rx, 1, n);
    sy = gsl_stats_sd(rx + n, 1, n);
    if (sx > 0 && sy > 0) *rho = gsl_stats_correlation(rx, 1, rx + n, 1, n);
  }
  free(rx);
  return status;
}

/* ---- one fold ------------------------------------------------------------ */

/* The rows of `m` with (fold[i] == f) == held_out, as a model matrix of its
 * own (the rows still name the frame's rows for messages). */
static int subset(const pm_model_matrix *m, const int *fold, int f,
                  int held_out, pm_model_matrix *out)
{
  size_t *rows = malloc((m->n + 1) * sizeof *rows), i, n = 0;
  int status;

  memset(out, 0, sizeof *out);
  if (!rows) return pm_error_nomem();
  for (i = 0; i < m->n; i++)
    if ((fold[i] == f) == held_out) rows[n++] = i;
  status = pm_model_matrix_rows(m, rows, n, out);
  free(rows);
  return status;
}

/* The intercept-only design (a single parametric column of ones). */
static void null_design(const pm_design *d, pm_design *d0, pm_design_block *b0,
                        char **colnames)
{
  static char intercept[] = "(Intercept)";

  memset(d0, 0, sizeof *d0);
  memset(b0, 0, sizeof *b0);
  b0->label = intercept;
  b0->ncoef = 1;
  colnames[0] = intercept;
  d0->formula = d->formula;
  d0->p = d0->nparametric = d0->nblocks = 1;
  d0->blocks = b0;
  d0->colnames = colnames;
}

/* The model matrix of the same rows with one column of ones (`ones` holds
 * at least m->n values; y and offset are shared, not copied). */
static pm_model_matrix ones_matrix(const pm_model_matrix *m, double *ones)
{
  pm_model_matrix m0 = *m;
  size_t i;

  for (i = 0; i < m->n; i++) ones[i] = 1;
  m0.X = ones;
  m0.xd = NULL;
  m0.p = 1;
  return m0;
}

/* The refit's failure as the fold's message; NULL on success.  Only an
 * allocation failure is returned as an error. */
static int fold_failure(int status, const pm_gam_fit *fit, char **msg)
{
  const char *why = status != PM_SUCCESS ? pm_error_message()
                    : !fit->converged
                        ? "the smoothing parameters did not converge"
                        : NULL;

  *msg = NULL;
  if (!why) return PM_SUCCESS;
  if (status == PM_EIO) return status;
  if (!(*msg = malloc(strlen(why) + 1))) return pm_error_nomem();
  strcpy(*msg, why);
  pm_error_clear();
  return PM_SUCCESS;
}

/* The fits of one fold: the model and the intercept-only model on the
 * training rows, and their predictions of the held-out rows. */
typedef struct {
  pm_model_matrix train, test;
  pm_gam_fit *fit, *fit0;
  double *buf; /* ones (the larger n), eta, mu, mu0 (test.n each) */
  double *eta, *mu, *mu0;
} fold_work;

static void fold_work_free(fold_work *w)
{
  pm_model_matrix_free(&w->train);
  pm_model_matrix_free(&w->test);
  pm_gam_fit_free(w->fit);
  pm_gam_fit_free(w->fit0);
  free(w->buf);
}

/* Refit fold f; *msg says why when it failed (status stays PM_SUCCESS). */
static int fit_fold(fold_work *w, const pm_design *d, const pm_model_matrix *m,
                    const pm_gam_options *o, const int *fold, int f, char **msg)
{
  pm_design d0;
  pm_design_block b0;
  char *names[1];
  pm_gam_options o0 = *o;
  pm_model_matrix train0, test0;
  size_t nones;
  int status;

  memset(w, 0, sizeof *w);
  if ((status = subset(m, fold, f, 0, &w->train)) ||
      (status = subset(m, fold, f, 1, &w->test)))
    return status;
  nones = w->train.n > w->test.n ? w->train.n : w->test.n;
  if (!(w->buf = malloc((nones + 3 * w->test.n + 1) * sizeof *w->buf)))
    return pm_error_nomem();
  w->eta = w->buf + nones;
  w->mu = w->eta + w->test.n;
  w->mu0 = w->mu + w->test.n;
  status = pm_gam_fit_model(&w->fit, d, &w->train, o);
  if ((status = fold_failure(status, w->fit, msg)) || *msg) return status;
  /* the null model keeps the refit's theta or Tweedie power */
  o0.family = w->fit->family;
  o0.estimate_theta = o0.estimate_p = 0;
  null_design(d, &d0, &b0, names);
  train0 = ones_matrix(&w->train, w->buf);
  status = pm_gam_fit_model(&w->fit0, &d0, &train0, &o0);
  if ((status = fold_failure(status, w->fit0, msg)) || *msg) return status;
  test0 = ones_matrix(&w->test, w->buf);
  if ((status = pm_gam_predict(w->fit, &w->test, w->eta, NULL, w->mu)))
    return status;
  return pm_gam_predict(w->fit0, &test0, w->eta, NULL, w->mu0);
}

/* ---- the cross-validation ------------------------------------------------ */

void pm_cv_result_free(pm_cv_result *res)
{
  size_t f;

  if (!res) return;
  for (f = 0; res->fold_error && f < res->k; f++) free(res->fold_error[f]);
  free(res->fold_error);
  free(res->fold_deviance_explained);
  free(res->fold_n);
  free(res->mu);
  free(res);
}

static int result_alloc(pm_cv_result **res, size_t n, size_t k)
{
  pm_cv_result *r = calloc(1, sizeof *r);
  size_t i;

  *res = r;
  if (!r) return pm_error_nomem();
  r->k = k;
  r->mu = malloc((n + 1) * sizeof *r->mu);
  r->fold_n = calloc(k, sizeof *r->fold_n);
  r->fold_deviance_explained = malloc(k * sizeof *r->fold_deviance_explained);
  r->fold_error = calloc(k, sizeof *r->fold_error);
  if (!r->mu || !r->fold_n || !r->fold_deviance_explained || !r->fold_error)
    return pm_error_nomem();
  for (i = 0; i < n; i++) r->mu[i] = NAN;
  for (i = 0; i < k; i++) r->fold_deviance_explained[i] = NAN;
  r->deviance_explained = r->rmse_log1p = r->spearman = NAN;
  return PM_SUCCESS;
}

static int check_folds(const int *fold, size_t n, size_t k, size_t *fold_n)
{
  size_t i;

  if (k < 2)
    return pm_error(PM_EINPUT, "%zu folds: cross-validation needs at least 2",
                    k);
  for (i = 0; i < n; i++) {
    if (fold[i] < 0 || (size_t)fold[i] >= k)
      return pm_error(PM_EINPUT, "row %zu is in fold %d; folds are 0 to %zu",
                      i + 1, fold[i], k - 1);
    fold_n[fold[i]]++;
  }
  for (i = 0; i < k; i++)
    if (fold_n[i] == 0)
      return pm_error(PM_EINPUT,
                      "fold %zu (of 0 to %zu) holds no rows; use "
                      "fewer folds",
                      i, k - 1);
  return PM_SUCCESS;
}

/* Copy fold f's held-out predictions into res->mu and add its deviances. */
static void score_fold(pm_cv_result *res, const fold_work *w,
                       const pm_model_matrix *m, const int *fold, int f,
                       double dev[2])
{
  const pm_family *fam = &w->fit->family;
  double d[2] = {0, 0};
  size_t i, j = 0;

  for (i = 0; i < m->n; i++) {
    /* the zero-inflated Poisson's fitted value is its linear predictor:
     * the prediction is its expected count, and its deviance is taken
     * from the saturated -2 l, as mgcv's ziP() reports it */
    int zip = fam->kind == PM_FAMILY_ZIP;
    double sat;
    if (fold[i] != f) continue;
    sat = zip ? pm_zip_saturated(fam, m->y[i]) : 0;
    res->mu[i] = zip ? pm_zip_mean(fam, w->mu[j], NULL) : w->mu[j];
    d[0] += pm_family_deviance(fam, m->y[i], w->mu[j]) - sat;
    d[1] += pm_family_deviance(fam, m->y[i], w->mu0[j]) - sat;
    j++;
  }
  res->fold_deviance_explained[f] = 1 - d[0] / d[1];
  dev[0] += d[0];
  dev[1] += d[1];
}

/* RMSE of log(1 + concentration) and Spearman's rho over the rows that
 * have a held-out prediction (y and offset of n rows). */
static int concentration_scores(pm_cv_result *res, const double *y,
                                const double *offset, size_t nrows)
{
  double *c = malloc((2 * nrows + 1) * sizeof *c), ss = 0;
  size_t i, n = 0;
  int status;

  if (!c) return pm_error_nomem();
  for (i = 0; i < nrows; i++) {
    double scale = exp(offset[i]);
    if (isnan(res->mu[i])) continue;
    c[n] = y[i] / scale;
    c[nrows + n] = res->mu[i] / scale;
    ss += pow(log1p(c[n]) - log1p(c[nrows + n]), 2);
    n++;
  }
  res->n = n;
  res->rmse_log1p = n ? sqrt(ss / (double)n) : NAN;
  status = pm_cv_spearman(c, c + nrows, n, &res->spearman);
  free(c);
  return status;
}

int pm_cv_score(pm_cv_result **res, const pm_family *fam, const double *y,
                const double *offset, size_t n, const int *fold, size_t k,
                const double *mu, const double *mu0)
{
  pm_cv_result *r = NULL;
  double dev[2] = {0, 0};
  size_t f, i;
  int status;

  *res = NULL;
  if ((status = result_alloc(&r, n, k)) == PM_SUCCESS &&
      (status = check_folds(fold, n, k, r->fold_n)) == PM_SUCCESS) {
    for (f = 0; f < k; f++) {
      double d[2] = {0, 0};
      for (i = 0; i < n; i++) {
        if (fold[i] != (int)f) continue;
        r->mu[i] = mu[i];
        d[0] += pm_family_deviance(fam, y[i], mu[i]);
        d[1] += pm_family_deviance(fam, y[i], mu0[i]);
      }
      r->fold_deviance_explained[f] = 1 - d[0] / d[1];
      dev[0] += d[0];
      dev[1] += d[1];
    }
    r->deviance_explained = 1 - dev[0] / dev[1];
    status = concentration_scores(r, y, offset, n);
  }
  if (status != PM_SUCCESS) {
    pm_cv_result_free(r);
    return status;
  }
  *res = r;
  return PM_SUCCESS;
}

/* Fold f refitted and scored into res and dev (2); an error's message
 * (each thread has its own) into *msg. */
static int run_fold(pm_cv_result *res, const pm_design *d,
                    const pm_model_matrix *m, const pm_gam_options *o,
                    const int *fold, int f, double dev[2], char **msg)
{
  fold_work w;
  int status = fit_fold(&w, d, m, o, fold, f, &res->fold_error[f]);

  if (status == PM_SUCCESS && !res->fold_error[f])
    score_fold(res, &w, m, fold, f, dev);
  fold_work_free(&w);
  if (status != PM_SUCCESS) *msg = strdup(pm_error_message());
  return status;
}

/* ---- the folds shared among the ranks of an MPI job ---------------------- */

/* What a fold leaves, as the ranks send it: its status, the message of its
 * error or of its refit's failure, its deviances and deviance explained,
 * then its rows' held-out predictions (in row order). */
typedef struct {
  int status, failed;
  char message[PM_ERROR_MAX];
  double dev[2], explained;
} fold_record;

typedef struct {
  int *st;
  char **msg;
  double *fdev;
} fold_outcomes;

static void pack_fold(const pm_cv_result *r, const fold_outcomes *out,
                      const int *fold, size_t n, int f, char *at)
{
  fold_record rec = {out->st[f], r->fold_error[f] != NULL, "", {0, 0}, 0};
  const char *why = out->st[f] ? out->msg[f] : r->fold_error[f];
  double *mu = (double *)(at + sizeof rec);
  size_t i;

  snprintf(rec.message, sizeof rec.message, "%s", why ? why : "");
  memcpy(rec.dev, out->fdev + 2 * f, sizeof rec.dev);
  rec.explained = r->fold_deviance_explained[f];
  memcpy(at, &rec, sizeof rec);
  for (i = 0; i < n; i++)
    if (fold[i] == f) *mu++ = r->mu[i];
}

static int unpack_fold(pm_cv_result *r, fold_outcomes *out, const int *fold,
                       size_t n, int f, const char *at)
{
  fold_record rec;
  const double *mu = (const double *)(at + sizeof rec);
  char *why = NULL;
  size_t i;

  memcpy(&rec, at, sizeof rec);
  if ((rec.status || rec.failed) && !(why = strdup(rec.message)))
    return pm_error_nomem();
  out->st[f] = rec.status;
  if (rec.status)
    out->msg[f] = why;
  else if (rec.failed)
    r->fold_error[f] = why;
  memcpy(out->fdev + 2 * f, rec.dev, sizeof rec.dev);
  r->fold_deviance_explained[f] = rec.explained;
  for (i = 0; i < n; i++)
    if (fold[i] == f) r->mu[i] = *mu++;
  return PM_SUCCESS;
}

/* The folds [lo, hi) this rank ran, and every other fold from its rank. */
static int share_folds(pm_cv_result *r, fold_outcomes *out, const int *fold,
                       size_t n, size_t k, size_t lo, size_t hi)
{
  size_t *start = malloc((k + 1) * sizeof *start), f;
  char *buf = NULL;
  int status;

  for (f = 0; start && f <= k; f++)
    start[f] = f ? start[f - 1] + sizeof(fold_record) +
                       r->fold_n[f - 1] * sizeof(double)
                 : 0;
  if (!start || !(buf = malloc(start[k] + 1))) {
    free(start);
    return pm_ranks_agree(pm_error_nomem());
  }
  for (f = lo; f < hi; f++) pack_fold(r, out, fold, n, (int)f, buf + start[f]);
  if (!(status = pm_ranks_gather(buf, start, k)))
    for (f = 0; !status && f < k; f++)
      if (f < lo || f >= hi)
        status = unpack_fold(r, out, fold, n, (int)f, buf + start[f]);
  free(start);
  free(buf);
  return status;
}

/* This rank's folds on the threads (every fold in a job of one rank), the
 * others' from their ranks, then the outcomes in fold order: the first
 * error, or the failed folds counted and the deviances added into dev. */
static int run_folds(pm_cv_result *r, const pm_design *d,
                     const pm_model_matrix *m, const pm_gam_options *o,
                     const int *fold, size_t k, double dev[2])
{
  int *st = calloc(k, sizeof *st), status = PM_SUCCESS;
  char **msg = calloc(k, sizeof *msg);
  double *fdev = calloc(2 * k, sizeof *fdev);
  fold_outcomes out = {st, msg, fdev};
  size_t lo, hi;
  long f;

  pm_ranks_units(k, &lo, &hi);
  if (!st || !msg || !fdev)
    status = pm_error_nomem();
  else {
#pragma omp parallel for schedule(dynamic, 1)
    for (f = (long)lo; f < (long)hi; f++)
      st[f] = run_fold(r, d, m, o, fold, (int)f, fdev + 2 * f, &msg[f]);
  }
  if (pm_ranks_size() > 1)
    status = status ? pm_ranks_agree(status)
                    : share_folds(r, &out, fold, m->n, k, lo, hi);
  for (f = 0; status == PM_SUCCESS && f < (long)k; f++) {
    if (st[f])
      status = msg[f] ? pm_error(st[f], "%s", msg[f]) : pm_error_nomem();
    else if (r->fold_error[f])
      r->nfailed++;
    else
      dev[0] += fdev[2 * f], dev[1] += fdev[2 * f + 1];
  }
  for (f = 0; msg && f < (long)k; f++) free(msg[f]);
  free(st);
  free(msg);
  free(fdev);
  return status;
}

int pm_cv_run(pm_cv_result **res, const pm_design *d, const pm_model_matrix *m,
              const pm_gam_options *o, const int *fold, size_t k)
{
  pm_cv_result *r = NULL;
  double dev[2] = {0, 0};
  int status;

  *res = NULL;
  if (!m->y)
    return pm_error(PM_EINPUT, "cross-validation needs the response; build "
                               "the model matrix with the response");
  if ((status = result_alloc(&r, m->n, k)) == PM_SUCCESS)
    status = check_folds(fold, m->n, k, r->fold_n);
  if (status == PM_SUCCESS) status = run_folds(r, d, m, o, fold, k, dev);
  if (status == PM_SUCCESS && r->nfailed < k) {
    r->deviance_explained = 1 - dev[0] / dev[1];
    status = concentration_scores(r, m->y, m->offset, m->n);
  }
  if (status != PM_SUCCESS) {
    pm_cv_result_free(r);
    return status;
  }
  *res = r;
  return PM_SUCCESS;
}
