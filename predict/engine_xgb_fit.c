/* engine_xgb_fit.c: the boosted-trees engine's fitting: the ensemble of
 * Drago et al. (2022, Front. Mar. Sci. 9:894372), one booster fitted on
 * the training part of each fold of `repeats` repetitions of blocked
 * `folds`-fold cross-validation (pm_cv_folds, the folds of repetition r
 * seeded with seed + r), so that the boosters are the members of the
 * model's uncertainty and their held-out predictions its cross-validation;
 * with the settings of the tuning grid's chosen point (engine_xgb_tune.c)
 * when there is one.  In an MPI job the members are shared among the
 * ranks (pm_ranks.h): each rank fits its block of them, and every member's
 * booster, margins and gains are then sent to every rank, where they are
 * added to the sums in member order, as one process adds them.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "engine_xgb_internal.h"
#include "pm_error.h"
#include "pm_ranks.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void pm_engine_boost_default(pm_engine_boost *b)
{
  b->eta = 0.1;
  b->max_depth = 4;
  b->min_child_weight = 1;
  b->subsample = 0.5; /* Drago et al. 2022 */
  b->colsample = 1;
  b->rounds = 300;
  b->nthread = 1;
  b->tree_method = 0;
  b->forest = 0;
  b->folds = 5;
  b->repeats = 20;
  b->early_stopping = 0;
  memset(&b->tune, 0, sizeof b->tune);
}

void pm_engine_forest_default(pm_engine_boost *b)
{
  pm_engine_boost_default(b);
  b->forest = 500;
  b->rounds = 1;
  b->eta = 1;
  b->subsample = 0.632; /* the expected share of distinct rows of a
                           bootstrap sample, 1 - 1/e */
  b->colsample = 1.0 / 3;
  b->min_child_weight = 5;
  b->max_depth = 16;
}

int pm_engine_forest_fits(const pm_family *fam)
{
  return fam->kind == PM_FAMILY_GAUSSIAN;
}

int pm_engine_xgb_setup(pm_engine *e, const pm_engine_spec *spec)
{
  xgb_state *s = calloc(1, sizeof *s);
  int status;

  if (!s) return pm_error_nomem();
  e->state = s;
  if (e->type == &pm_engine_random_forest &&
      (!pm_engine_forest_fits(&spec->family) || spec->boost.forest == 0))
    return pm_error(PM_EINPUT, "engine \"random_forest\" fits family "
                    "gaussian with at least one tree (family '%s', %zu "
                    "trees)", pm_family_name(&spec->family),
                    spec->boost.forest);
  if (!pm_xgb_objective(&spec->family))
    return pm_error(PM_EINPUT, "family '%s' is not fitted by engine "
                    "\"xgboost\" (poisson, tweedie, gamma, gaussian or "
                    "binomial)", pm_family_name(&spec->family));
  s->family = spec->family;
  s->boost = spec->boost;
  s->groups = spec->groups;
  s->seed = spec->seed;
  e->family = spec->family;
  e->summary.family = spec->family;
  if ((status = pm_xgb_terms(s, spec->formula))) return status;
  e->formula = s->formula->text;
  return PM_SUCCESS;
}

int pm_engine_xgb_columns(const pm_engine *e, const char *const **names,
                          size_t *n)
{
  const xgb_state *s = e->state;
  return pm_formula_columns(s->formula, names, n);
}

/* What member m leaves for the ensemble's sums: its base margin less the
 * offset b0, its trees kept, and after the record the total gain of each
 * feature (nfeatures) and its margins of every row (n: those of the
 * held-out rows, then those of its training rows, each in row order).  In
 * an MPI job the ranks send it with the size of its serialised booster. */
typedef struct {
  int status;
  char message[PM_ERROR_MAX];
  double b0, kept;
  unsigned long long nbytes;
} member_record;

static double *member_gain(member_record *rec) { return (double *)(rec + 1); }

/* Member m, the booster of fold m % folds of repetition m / folds, into
 * s->members[m] and its record (its margins, gains, b0 and trees). */
static int fit_member(xgb_state *s, xgb_rows *d, size_t m, member_record *rec)
{
  size_t r = m / s->boost.folds, nf = s->nfeatures;
  double *gain = member_gain(rec), *margin = gain + nf;
  xgb_fold b;
  int status;

  status = pm_xgb_fit_fold(s, d, r, (int)(m % s->boost.folds), &s->boost,
                           s->seed + m, d->trained, &b);
  s->members[m] = b.b;
  if (status) return status;
  rec->b0 = b.b0;
  rec->kept = (double)b.kept;
  memcpy(margin, d->margin, b.ntest * sizeof *margin);
  memcpy(margin + b.ntest, d->trained, (d->n - b.ntest) * sizeof *margin);
  memset(gain, 0, nf * sizeof *gain);
  return pm_xgb_add_gain(b.b, nf, gain);
}

/* Member m's record added to the sums: its held-out and null predictions
 * to the cross-validation's, its predictions of every row to the fitted
 * means, its gains to the features'. */
static void add_member(xgb_state *s, xgb_rows *d, size_t m,
                       member_record *rec)
{
  int f = (int)(m % s->boost.folds);
  const int *fold = d->fold + m / s->boost.folds * d->n;
  const double *gain = member_gain(rec), *margin = gain + s->nfeatures;
  size_t i, k = 0, j = 0;
  pm_link_kind link = s->family.link;

  s->intercept[m] = rec->b0;
  s->rounds[m] = rec->kept;
  for (i = 0; i < d->n; i++) j += fold[i] == f; /* the held-out rows */
  for (i = 0; i < d->n; i++) {
    if (fold[i] != f) {
      d->fitted[i] += pm_link_mu(link, margin[j++]);
      continue;
    }
    d->mu[i] += pm_link_mu(link, margin[k]);
    d->fitted[i] += pm_link_mu(link, margin[k++]);
    d->mu0[i] += pm_link_mu(link, d->off[i] + rec->b0);
  }
  for (i = 0; i < s->nfeatures; i++) s->gain[i] += gain[i];
}

/* The boosters of this rank's members from lo on, up to the first that
 * failed, serialised one after the other into *own, and their sizes into
 * their records. */
static int serialise_boosters(const xgb_state *s, char *rec, size_t size,
                              size_t lo, size_t hi, char **own)
{
  size_t m, len = 0;

  for (m = lo; m < hi && s->members[m]; m++) {
    bst_ulong n;
    const char *buf;
    char *grown;
    if (XGBoosterSerializeToBuffer(s->members[m], &n, &buf))
      return pm_xgb_fail("serialising a booster");
    if (!(grown = realloc(*own, len + n + 1))) return pm_error_nomem();
    memcpy(grown + len, buf, n);
    *own = grown;
    len += n;
    ((member_record *)(rec + m * size))->nbytes = n;
  }
  return PM_SUCCESS;
}

/* The boosters of the members outside [lo, hi), from their ranks (rec:
 * the records of all M, with their sizes; own: this rank's boosters). */
static int share_boosters(xgb_state *s, const char *rec, size_t size,
                          size_t M, size_t lo, size_t hi, const char *own)
{
  size_t *start = malloc((M + 1) * sizeof *start), m;
  char *bytes = NULL;
  int status = PM_SUCCESS;

  for (m = 0; start && m <= M; m++)
    start[m] = m ? start[m - 1] +
                       ((const member_record *)(rec + (m - 1) * size))->nbytes
                 : 0;
  if (!start || !(bytes = malloc(start[M] + 1)))
    status = pm_error_nomem();
  else if (hi > lo)
    memcpy(bytes + start[lo], own, start[hi] - start[lo]);
  if (!(status = pm_ranks_agree(status)))
    status = pm_ranks_gather(bytes, start, M);
  for (m = 0; !status && m < M; m++) {
    if (m >= lo && m < hi) continue;
    if (XGBoosterCreate(NULL, 0, &s->members[m]) ||
        XGBoosterUnserializeFromBuffer(s->members[m], bytes + start[m],
                                       start[m + 1] - start[m]))
      status = pm_xgb_fail("reading a booster another rank fitted");
  }
  free(start);
  free(bytes);
  return status;
}

/* Every rank's members [lo, hi) and their records (up to the first that
 * failed), then the records of all on every rank: the first failure's
 * error, or every member's booster. */
static int share_members(xgb_state *s, char *rec, size_t size, size_t M,
                         size_t lo, size_t hi)
{
  char *own = NULL;
  size_t m;
  int status = serialise_boosters(s, rec, size, lo, hi, &own);

  if (!(status = pm_ranks_agree(status)) &&
      !(status = pm_ranks_gather_equal(rec, size, M)))
    for (m = 0; !status && m < M; m++) {
      const member_record *r = (const member_record *)(rec + m * size);
      if (r->status) status = pm_error(r->status, "%s", r->message);
    }
  if (!status) status = share_boosters(s, rec, size, M, lo, hi, own);
  free(own);
  return status;
}

/* The ensemble's members: this rank's (all in a job of one rank), the
 * others' from their ranks (pm_ranks.h), then added to the sums in member
 * order, so that any number of ranks gives one process's ensemble. */
static int fit_members(xgb_state *s, xgb_rows *d)
{
  size_t M = s->boost.folds * s->boost.repeats, lo, hi, m;
  size_t size = sizeof(member_record) + (s->nfeatures + d->n) * sizeof(double);
  int one = pm_ranks_size() == 1, status = PM_SUCCESS;
  char *rec = calloc(one ? 1 : M, size);

  s->nmembers = M; /* freed up to M; a member not fitted is NULL */
  if (!rec) return pm_ranks_agree(pm_error_nomem());
  pm_ranks_units(M, &lo, &hi);
  for (m = lo; m < hi; m++) {
    member_record *r = (member_record *)(rec + (one ? 0 : m) * size);
    if ((r->status = fit_member(s, d, m, r))) {
      snprintf(r->message, sizeof r->message, "%s", pm_error_message());
      status = r->status;
      break;
    }
    if (one) add_member(s, d, m, r);
  }
  if (!one && !(status = share_members(s, rec, size, M, lo, hi)))
    for (m = 0; m < M; m++)
      add_member(s, d, m, (member_record *)(rec + m * size));
  free(rec);
  return status;
}

/* The groups of the rows and the folds of each repetition. */
static int deal_folds(const xgb_state *s, const pm_frame *frame,
                      xgb_rows *d, size_t *rows)
{
  pm_model_matrix mm = {.n = d->n, .rows = rows, .frame = frame};
  size_t ng, r;
  int status;

  status = s->groups.column
               ? pm_cv_groups_column(&mm, s->groups.column, d->group, &ng)
               : pm_cv_groups_blocks(&mm, "lat", "lon", s->groups.block_deg,
                                     d->group, &ng);
  for (r = 0; r < s->boost.repeats && !status; r++)
    status = pm_cv_folds(d->group, d->n, s->boost.folds, s->seed + r,
                         d->fold + r * d->n);
  return status;
}

void pm_xgb_rows_free(xgb_rows *d)
{
  free(d->x);
  free(d->off);
  free(d->y);
  free(d->group);
  free(d->fold);
  free(d->mu);
}

static int xgb_rows_alloc(xgb_state *s, const pm_frame *frame, xgb_rows *d)
{
  size_t n, R = s->boost.repeats, M = s->boost.folds * R;
  int status;

  memset(d, 0, sizeof *d);
  if ((status = pm_xgb_rows(s, frame, &d->x, &d->off, &d->y, &s->rows,
                            &s->n)))
    return status;
  d->n = n = s->n;
  d->group = malloc((n + 1) * sizeof *d->group);
  d->fold = malloc((n * R + 1) * sizeof *d->fold);
  d->mu = calloc(5 * n + 1, sizeof *d->mu);
  s->members = calloc(M, sizeof *s->members);
  s->intercept = calloc(M, sizeof *s->intercept);
  s->rounds = calloc(M, sizeof *s->rounds);
  s->gain = calloc(s->nfeatures, sizeof *s->gain);
  if (!d->group || !d->fold || !d->mu || !s->members || !s->intercept ||
      !s->rounds || !s->gain)
    return pm_error_nomem();
  d->mu0 = d->mu + n;
  d->margin = d->mu0 + n;
  d->trained = d->margin + n;
  d->fitted = d->trained + n;
  return deal_folds(s, frame, d, s->rows);
}

/* The cross-validation scores of the per-row means of the held-out
 * predictions over the repetitions (the folds those of the first), the
 * mean gain of each feature, and the deviance of the ensemble's mean on
 * the fitted rows against that of the null model. */
static int score(xgb_state *s, xgb_rows *d)
{
  double R = (double)s->boost.repeats, M = (double)s->nmembers;
  double b0 = pm_xgb_null_intercept(&s->family, d->y, d->off, d->fold, -1,
                                    d->n);
  size_t i;

  for (i = 0; i < d->n; i++) {
    d->mu[i] /= R;
    d->mu0[i] /= R;
  }
  for (i = 0; i < s->nfeatures; i++) s->gain[i] /= M;
  s->deviance = s->null_deviance = 0;
  for (i = 0; i < d->n; i++) {
    s->deviance += pm_family_deviance(&s->family, d->y[i], d->fitted[i] / M);
    s->null_deviance += pm_family_deviance(
        &s->family, d->y[i], pm_link_mu(s->family.link, d->off[i] + b0));
  }
  return pm_cv_score(&s->cv, &s->family, d->y, d->off, d->n, d->fold,
                     s->boost.folds, d->mu, d->mu0);
}

int pm_engine_xgb_fit(pm_engine *e, const pm_frame *frame,
                      pm_engine_fit_info *info)
{
  xgb_state *s = e->state;
  xgb_rows *d = &s->d;
  int status;

  s->frame = frame;
  if ((status = xgb_rows_alloc(s, frame, d)) ||
      (status = pm_xgb_tune(s, d)))
    goto cleanup;
  if ((status = fit_members(s, d)) || (status = score(s, d))) goto cleanup;
  info->n = s->n;
  info->dropped = pm_frame_nrows(frame) - s->n;
  info->rows = s->rows;
  info->deviance = s->deviance;
  info->null_deviance = s->null_deviance;
  info->converged = 1;
  info->per_volume = s->offset != NULL;
  e->summary.n = s->n;
  e->summary.deviance = s->deviance;
  e->summary.null_deviance = s->null_deviance;
cleanup:
  return status ? pm_error_prefix(status, "boosted trees") : PM_SUCCESS;
}

int pm_engine_xgb_bootstrap(pm_engine *e, const pm_engine_groups *g,
                            size_t B, unsigned long seed, size_t *nfailed)
{
  (void)e, (void)g, (void)seed, (void)nfailed;
  return pm_error(PM_EINPUT, "engine \"xgboost\" makes its members from its "
                  "cross-validation ensemble; %zu bootstrap refits are for "
                  "engine \"gam\" (remove uncertainty.bootstrap)", B);
}

/* The scores of the ensemble's folds, made by the fit: k and the groups
 * were the ensemble's. */
int pm_engine_xgb_cross_validate(const pm_engine *e,
                                 const pm_engine_groups *g, size_t k,
                                 unsigned long seed, pm_cv_result **cv)
{
  const xgb_state *s = e->state;
  (void)g, (void)k, (void)seed;
  return pm_cv_score(cv, &s->family, s->d.y, s->d.off, s->d.n, s->d.fold,
                     s->boost.folds, s->d.mu, s->d.mu0);
}
