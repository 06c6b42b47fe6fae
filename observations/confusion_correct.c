/* confusion_correct.c: the counts of one source's samples corrected for
 * misclassification: the confusion matrix brought to the observation
 * classes through the class filter, checked (every observed class a
 * predicted class of it, its true classes told apart), the source's pooled
 * true counts estimated by maximum likelihood (pm_confusion_em), and each
 * sample's objects reassigned in expectation (Saerens et al. 2002, Neural
 * Comput. 14:21-41, eq. 2.4: P(true i | predicted j) =
 * pi_i R_ij / sum_k pi_k R_kj).
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "pm_confusion.h"
#include "pm_error.h"

#include <gsl/gsl_errno.h>
#include <gsl/gsl_linalg.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Classes that the matrix cannot tell apart: the smallest singular value of
 * the rates below this fraction of the largest. */
#define PM_CONFUSION_RANK_TOL 1e-9
/* A class belongs to a null direction of the rates when its share of that
 * direction is at least this fraction of the largest. */
#define PM_CONFUSION_NULL_SHARE 0.1

#define LEFT_OUT "the classes the filters leave out"

/* The matrix in observation classes: rows are true classes (an observation
 * class, or SIZE_MAX for the classes the filter leaves out), columns the
 * predicted classes the filter keeps (an observation class, or SIZE_MAX
 * for one without object). */
typedef struct {
  size_t nt, np;
  size_t *tclass, *pclass;
  const char **pname; /* the kept name of each column */
  double *C;          /* nt x np: the test set's counts, merged */
  double *R;          /* nt x np: the rates C / total */
  double *total;      /* test-set objects of each row, all columns */
  size_t *row_of, *col_of; /* the file's rows and columns: their row and
                              column here, SIZE_MAX when left out */
} reduced;

static void reduced_free(reduced *m)
{
  free(m->tclass);
  free(m->pclass);
  free(m->pname);
  free(m->C);
  free(m->R);
  free(m->total);
  free(m->row_of);
  free(m->col_of);
}

/* The class a name of the matrix counts in, or NULL when the filter leaves
 * it out (the observations' own rule, pm_filter_class). */
static const char *kept_name(const pm_filter *f, const char *name)
{
  const char *out = name;
  if (f && pm_filter_class(f, NULL, name, NULL, NAN, NAN, &out) != -1)
    return NULL;
  return out;
}

/* The columns: one per distinct kept predicted class. */
static void map_columns(const pm_confusion *cm, const pm_filter *f,
                        const pm_obs *obs, reduced *m)
{
  size_t j, k;
  for (j = 0; j < cm->n_pred; j++) {
    const char *name = kept_name(f, cm->pred_names[j]);
    m->col_of[j] = SIZE_MAX;
    if (!name) continue;
    for (k = 0; k < m->np && strcmp(m->pname[k], name) != 0; k++)
      ;
    if (k == m->np) {
      m->pname[m->np] = name;
      m->pclass[m->np++] = pm_obs_find_class(obs, name);
    }
    m->col_of[j] = k;
  }
}

/* The rows: one per distinct kept true class, added to the observation
 * classes when new, and one for the classes left out. */
static int map_rows(const pm_confusion *cm, const pm_filter *f, pm_obs *obs,
                    reduced *m)
{
  size_t i, k, c;
  int status;
  for (i = 0; i < cm->n_true; i++) {
    const char *name = kept_name(f, cm->true_names[i]);
    c = SIZE_MAX;
    if (name &&
        (status = pm_obs_class_index(obs, name, NULL, NAN, NAN, &c)))
      return status;
    for (k = 0; k < m->nt && m->tclass[k] != c; k++)
      ;
    if (k == m->nt) m->tclass[m->nt++] = c;
    m->row_of[i] = k;
  }
  return PM_SUCCESS;
}

/* The counts of the merged rows and columns (summed), the row totals
 * counting every column. */
static void merged_counts(const pm_confusion *cm, reduced *m)
{
  size_t i, j, k;
  for (i = 0; i < cm->n_true; i++)
    for (j = 0; j < cm->n_pred; j++) {
      k = m->row_of[i];
      m->total[k] += cm->counts[i * cm->n_pred + j];
      if (m->col_of[j] != SIZE_MAX)
        m->C[k * m->np + m->col_of[j]] += cm->counts[i * cm->n_pred + j];
    }
}

/* The row of the left-out classes goes when none of its objects is
 * predicted as a kept class: it cannot add to the counts. */
static void drop_silent_rows(reduced *m)
{
  size_t k, j, l;
  for (k = 0; k < m->nt; k++) {
    double s = 0;
    for (j = 0; j < m->np; j++) s += m->C[k * m->np + j];
    if (m->tclass[k] != SIZE_MAX || s > 0) continue;
    for (l = k + 1; l < m->nt; l++) {
      m->tclass[l - 1] = m->tclass[l];
      m->total[l - 1] = m->total[l];
      memcpy(m->C + (l - 1) * m->np, m->C + l * m->np, m->np * sizeof *m->C);
    }
    m->nt--;
    return; /* there is one such row at most */
  }
}

/* The rates R[k][l] = P(predicted l | true k). */
static void rates(reduced *m)
{
  size_t k, l;
  for (k = 0; k < m->nt; k++)
    for (l = 0; l < m->np; l++)
      m->R[k * m->np + l] = m->C[k * m->np + l] / m->total[k];
}

static int reduce(const pm_confusion *cm, const pm_filter *f, pm_obs *obs,
                  reduced *m)
{
  size_t nt = cm->n_true + 1, np = cm->n_pred;
  int status;

  m->tclass = calloc(nt, sizeof *m->tclass);
  m->pclass = calloc(np, sizeof *m->pclass);
  m->pname = calloc(np, sizeof *m->pname);
  m->C = calloc(nt * np, sizeof *m->C);
  m->R = calloc(nt * np, sizeof *m->R);
  m->total = calloc(nt, sizeof *m->total);
  m->row_of = calloc(cm->n_true, sizeof *m->row_of);
  m->col_of = calloc(np, sizeof *m->col_of);
  if (!m->tclass || !m->pclass || !m->pname || !m->C || !m->R || !m->total ||
      !m->row_of || !m->col_of)
    return pm_error_nomem();
  if ((status = map_rows(cm, f, obs, m))) return status;
  map_columns(cm, f, obs, m);
  if (m->np == 0)
    return pm_error(PM_EINPUT, "%s: the filters leave out every predicted "
                    "class", cm->path);
  merged_counts(cm, m);
  drop_silent_rows(m);
  rates(m);
  return PM_SUCCESS;
}

static const char *row_name(const pm_obs *obs, const reduced *m, size_t k)
{
  return m->tclass[k] == SIZE_MAX ? LEFT_OUT : obs->classes[m->tclass[k]].name;
}

/* The objects of class c in sample s that were only predicted. */
static double only_predicted(const pm_obs *obs, int all, size_t c, size_t s)
{
  if (all) return obs->count[c][s];
  return obs->predicted && obs->predicted[c] ? obs->predicted[c][s] : 0;
}

/* Every class with predicted objects in the samples is a predicted class
 * with rates: the matrix covers the observations. */
static int check_covered(const pm_confusion *cm, const pm_obs *obs,
                         const reduced *m, size_t s0, size_t s1, int all)
{
  size_t c, s, l, k;
  for (c = 0; c < obs->n_classes; c++) {
    double n = 0, col = 0;
    if (!isnan(obs->classes[c].size_min_mm)) continue;
    for (s = s0; s < s1; s++) n += only_predicted(obs, all, c, s);
    if (n == 0) continue;
    for (l = 0; l < m->np && m->pclass[l] != c; l++)
      ;
    if (l == m->np)
      return pm_error(PM_EINPUT,
                      "%s: class '%s' is observed (%g objects) but is not a "
                      "predicted class of the confusion matrix (its header "
                      "names %zu predicted classes, the first '%s')",
                      cm->path, obs->classes[c].name, n, cm->n_pred,
                      cm->pred_names[0]);
    for (k = 0; k < m->nt; k++) col += m->R[k * m->np + l];
    if (col == 0)
      return pm_error(PM_EINPUT,
                      "%s: class '%s' is observed (%g objects) but the test "
                      "set never predicted it: no true class explains them",
                      cm->path, obs->classes[c].name, n);
  }
  return PM_SUCCESS;
}

/* The rates must have full row rank: else some true classes give the same
 * predictions and no count tells them apart; the error names them, from
 * the right singular vector of the smallest singular value. */
static int check_rank(const pm_confusion *cm, const pm_obs *obs,
                      const reduced *m)
{
  size_t rows = m->np > m->nt ? m->np : m->nt, k, l;
  gsl_matrix *A = gsl_matrix_calloc(rows, m->nt);
  gsl_matrix *V = gsl_matrix_alloc(m->nt, m->nt);
  gsl_vector *S = gsl_vector_alloc(m->nt), *w = gsl_vector_alloc(m->nt);
  char names[1024] = "";
  size_t len = 0;
  double vmax = 0;
  int status = PM_SUCCESS;

  if (!A || !V || !S || !w) {
    status = pm_error_nomem();
    goto cleanup;
  }
  for (k = 0; k < m->nt; k++)
    for (l = 0; l < m->np; l++) gsl_matrix_set(A, l, k, m->R[k * m->np + l]);
  if (gsl_linalg_SV_decomp(A, V, S, w)) {
    status = pm_error(PM_ENUMERIC, "%s: the singular values of the confusion "
                      "matrix failed", cm->path);
    goto cleanup;
  }
  if (gsl_vector_get(S, m->nt - 1) >
      PM_CONFUSION_RANK_TOL * gsl_vector_get(S, 0))
    goto cleanup;
  for (k = 0; k < m->nt; k++)
    vmax = fmax(vmax, fabs(gsl_matrix_get(V, k, m->nt - 1)));
  for (k = 0; k < m->nt && len < sizeof names; k++)
    if (fabs(gsl_matrix_get(V, k, m->nt - 1)) >= PM_CONFUSION_NULL_SHARE * vmax)
      len += (size_t)snprintf(names + len, sizeof names - len, "%s'%s'",
                              len ? ", " : "", row_name(obs, m, k));
  status = pm_error(PM_EINPUT,
                    "%s: the confusion matrix cannot tell apart the true "
                    "classes %s: their rates over the kept predicted classes "
                    "are linearly dependent (a singular system); merge them "
                    "(filters.classes.merge) or give a test set that "
                    "separates them",
                    cm->path, names);
cleanup:
  gsl_matrix_free(A);
  gsl_matrix_free(V);
  gsl_vector_free(S);
  gsl_vector_free(w);
  return status;
}

/* The predicted counts y (np) of sample s; columns without class are 0. */
static void predicted(const pm_obs *obs, const reduced *m, int all, size_t s,
                      double *y)
{
  size_t l;
  for (l = 0; l < m->np; l++)
    y[l] = m->pclass[l] == SIZE_MAX ? 0
                                    : only_predicted(obs, all, m->pclass[l], s);
}

/* Sample s's objects reassigned in expectation: t_k = sum_l y_l
 * lambda_k R_kl / mu_l / s_k (the 1 / s_k counts the objects of class k
 * predicted as a class the filter leaves out); the pooled sums of t equal
 * lambda at the EM's fixed point. */
static void reassign(pm_obs *obs, const reduced *m, int all,
                     const double *lambda, const double *mu,
                     const double *sens, size_t s, double *y,
                     pm_confusion_summary *sum)
{
  size_t k, l;
  predicted(obs, m, all, s, y);
  for (l = 0; l < m->np; l++)
    if (m->pclass[l] != SIZE_MAX) {
      obs->count[m->pclass[l]][s] -= y[l]; /* the validated objects stay */
      if (sum) sum->naive[m->pclass[l]] += y[l];
    }
  for (k = 0; k < m->nt; k++) {
    double t = 0;
    if (m->tclass[k] == SIZE_MAX) continue;
    for (l = 0; l < m->np; l++)
      if (mu[l] > 0) t += y[l] * lambda[k] * m->R[k * m->np + l] / mu[l];
    t /= sens[k];
    obs->count[m->tclass[k]][s] += t;
    if (sum) sum->corrected[m->tclass[k]] += t;
  }
}

/* The expected true counts under each draw of the matrix, added to the
 * summary's draws. */
static int add_draws(const reduced *m, const double *ytot,
                     const double *point, pm_confusion_summary *sum)
{
  double *lambda;
  size_t d, k;
  int status;

  if (!sum || !sum->ndraws) return PM_SUCCESS;
  if (!(lambda = malloc(sum->ndraws * m->nt * sizeof *lambda)))
    return pm_error_nomem();
  status = pm_confusion_em_draws(m->C, m->total, m->nt, m->np, ytot, point,
                                 sum->ndraws, PM_CONFUSION_SEED, lambda);
  for (d = 0; d < sum->ndraws && !status; d++)
    for (k = 0; k < m->nt; k++)
      if (m->tclass[k] != SIZE_MAX)
        sum->draws[m->tclass[k] * sum->ndraws + d] += lambda[d * m->nt + k];
  free(lambda);
  return status;
}

/* The pooled estimate and every sample's reassignment. */
static int correct(pm_obs *obs, const reduced *m, size_t s0, size_t s1,
                   int all, pm_confusion_summary *sum)
{
  size_t n = 3 * m->nt + 3 * m->np, s, k, l;
  double *buf = calloc(n, sizeof *buf), *lambda = buf, *sens = buf + m->nt,
         *mu = sens + m->nt, *ytot = mu + m->np, *y = ytot + m->np;
  int status;

  if (!buf) return pm_error_nomem();
  for (s = s0; s < s1; s++) {
    predicted(obs, m, all, s, y);
    for (l = 0; l < m->np; l++) ytot[l] += y[l];
  }
  if ((status = pm_confusion_em(m->R, m->nt, m->np, ytot, NULL, lambda)) ||
      (status = add_draws(m, ytot, lambda, sum)))
    goto cleanup;
  for (k = 0; k < m->nt; k++)
    for (l = 0; l < m->np; l++) {
      sens[k] += m->R[k * m->np + l];
      mu[l] += lambda[k] * m->R[k * m->np + l];
    }
  for (s = s0; s < s1; s++)
    reassign(obs, m, all, lambda, mu, sens, s, y, sum);
cleanup:
  free(buf);
  return status;
}

int pm_confusion_correct(const pm_confusion *cm, const pm_filter *f,
                         pm_obs *obs, size_t s0, size_t s1, int all_predicted,
                         pm_confusion_summary *sum)
{
  reduced m;
  int status;

  memset(&m, 0, sizeof m);
  if (!(status = reduce(cm, f, obs, &m)) &&
      !(status = check_covered(cm, obs, &m, s0, s1, all_predicted)) &&
      !(status = check_rank(cm, obs, &m)) &&
      !(status = pm_confusion_summary_grow(sum, obs->n_classes)))
    status = correct(obs, &m, s0, s1, all_predicted, sum);
  reduced_free(&m);
  return status;
}
