/* bootstrap.c: a cluster bootstrap of the coefficients, refitting on
 * groups (profiles) resampled with replacement.
 *
 * Samples of one profile share its water mass and its instrument cast, so
 * they are not independent: the posterior covariance Vp, which treats rows
 * as independent given the smooths, understates the spread of the
 * coefficients when profiles differ by more than the covariates explain.
 * Resampling whole profiles keeps that correlation in every resample
 * (Davison & Hinkley 1997, Bootstrap Methods and their Application, section
 * 3.8; Cameron, Gelbach & Miller 2008, Rev. Econ. Stat. 90:414-427), and
 * the refits' coefficients stand for draws from their sampling
 * distribution.  Smoothing parameters are estimated again in each refit.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "pm_error.h"
#include "pm_mapper.h"

#include <gsl/gsl_rng.h>
#include <stdlib.h>
#include <string.h>

/* The rows of `m` grouped: the rows of group k (k < ngroups, in increasing
 * label order) are order[start[k] .. start[k] + count[k]). */
typedef struct {
  size_t ngroups, largest;
  size_t *order, *start, *count;
} groups;

static void groups_free(groups *g)
{
  free(g->order);
  free(g->start);
  free(g->count);
}

/* The distinct labels of group[0..n) and their rows in row order (a
 * counting sort). */
static int groups_index(const int *group, size_t n, groups *g)
{
  size_t i, k, nlabels = 0, *slot = NULL, *cursor = NULL;
  int status = PM_SUCCESS;

  memset(g, 0, sizeof *g);
  for (i = 0; i < n; i++) {
    if (group[i] < 0)
      return pm_error(PM_EINPUT, "row %zu is in group %d; groups of the "
                                 "bootstrap are numbered from 0",
                      i + 1, group[i]);
    if ((size_t)group[i] + 1 > nlabels) nlabels = (size_t)group[i] + 1;
  }
  slot = calloc(nlabels + 1, sizeof *slot); /* rows per label, then group */
  cursor = calloc(nlabels + 1, sizeof *cursor);
  g->order = malloc((n + 1) * sizeof *g->order);
  g->start = malloc((nlabels + 1) * sizeof *g->start);
  g->count = malloc((nlabels + 1) * sizeof *g->count);
  if (!slot || !cursor || !g->order || !g->start || !g->count) {
    status = pm_error_nomem();
    goto cleanup;
  }
  for (i = 0; i < n; i++) slot[group[i]]++;
  for (k = 0, i = 0; k < nlabels; k++) { /* the labels in use, packed */
    if (!slot[k]) continue;
    g->start[g->ngroups] = i;
    g->count[g->ngroups] = slot[k];
    if (slot[k] > g->largest) g->largest = slot[k];
    i += slot[k];
    slot[k] = g->ngroups++;
  }
  for (i = 0; i < n; i++) {
    size_t j = slot[group[i]];
    g->order[g->start[j] + cursor[j]++] = i;
  }
cleanup:
  free(slot);
  free(cursor);
  return status;
}

/* One resample: ngroups groups drawn uniformly with replacement, the rows
 * of each appended every time it is drawn. */
static size_t resample(gsl_rng *rng, const groups *g, size_t *rows)
{
  size_t k, n = 0;

  for (k = 0; k < g->ngroups; k++) {
    size_t j = gsl_rng_uniform_int(rng, g->ngroups);
    memcpy(rows + n, g->order + g->start[j], g->count[j] * sizeof *rows);
    n += g->count[j];
  }
  return n;
}

/* Refit on rows[0..n) and put the coefficients in column b of d->B.  A
 * refit that fails or does not converge sets *failed (its message stays
 * the current error); only running out of memory or an I/O error is
 * returned. */
static int refit(pm_draws *d, size_t b, const pm_design *design,
                 const pm_model_matrix *m, const pm_gam_options *o,
                 const size_t *rows, size_t n, int *failed)
{
  pm_model_matrix r;
  pm_gam_fit *fit = NULL;
  size_t i;
  int status;

  *failed = 0;
  if ((status = pm_model_matrix_rows(m, rows, n, &r))) return status;
  status = pm_gam_fit_model(&fit, design, &r, o);
  if (status == PM_SUCCESS && !fit->converged)
    status = pm_error(PM_ENUMERIC, "the smoothing parameters did not "
                                   "converge");
  if (status != PM_SUCCESS && status != PM_EIO) {
    *failed = 1;
    status = PM_SUCCESS;
  }
  for (i = 0; status == PM_SUCCESS && !*failed && i < d->p; i++)
    d->B[i * d->ndraws + b] = fit->beta[i];
  pm_gam_fit_free(fit);
  pm_model_matrix_free(&r);
  return status;
}

static int check(const pm_design *design, const pm_model_matrix *m,
                 size_t B)
{
  if (B < 2)
    return pm_error(PM_EINPUT, "the number of bootstrap refits is %zu; ask "
                               "for at least 2 (200 or more for 95%% "
                               "intervals)", B);
  if (!m->y)
    return pm_error(PM_EINPUT, "the bootstrap needs the response; build the "
                               "model matrix with the response");
  if (m->p != design->p || m->p == 0)
    return pm_error(PM_EINPUT, "the model matrix has %zu columns and the "
                               "design %zu", m->p, design->p);
  return PM_SUCCESS;
}

static int draws_new(pm_draws **out, size_t p, size_t ndraws,
                     unsigned long seed)
{
  pm_draws *d = calloc(1, sizeof *d);

  *out = d;
  if (!d || !(d->B = malloc((p * ndraws + 1) * sizeof *d->B)))
    return pm_error_nomem();
  d->p = p;
  d->ndraws = ndraws;
  d->seed = seed;
  return PM_SUCCESS;
}

int pm_draws_bootstrap(pm_draws **out, const pm_design *design,
                       const pm_model_matrix *m, const pm_gam_options *o,
                       const int *group, size_t B, unsigned long seed,
                       size_t *nfailed)
{
  pm_draws *d = NULL;
  groups g = {0};
  gsl_rng *rng = NULL;
  size_t *rows = NULL, b = 0, failures = 0;
  int status, failed;

  *out = NULL;
  if (nfailed) *nfailed = 0;
  if ((status = check(design, m, B)) ||
      (status = groups_index(group, m->n, &g)))
    goto cleanup;
  if (g.ngroups < 2) {
    status = pm_error(PM_EINPUT, "the bootstrap resamples groups (profiles) "
                      "and the data hold %zu; it needs at least 2",
                      g.ngroups);
    goto cleanup;
  }
  rows = malloc((g.ngroups * g.largest + 1) * sizeof *rows);
  rng = gsl_rng_alloc(gsl_rng_mt19937);
  if (!rows || !rng || (status = draws_new(&d, m->p, B, seed))) {
    status = status ? status : pm_error_nomem();
    goto cleanup;
  }
  gsl_rng_set(rng, seed);
  while (b < B && !status) {
    size_t n = resample(rng, &g, rows);
    if ((status = refit(d, b, design, m, o, rows, n, &failed))) break;
    if (!failed) {
      b++;
      continue;
    }
    if (++failures > B)
      status = pm_error_prefix(PM_ENUMERIC, "%zu bootstrap refits failed, "
                               "more than the %zu asked for; check the "
                               "model on all rows first; the last failure",
                               failures, B);
    else
      pm_error_clear();
  }
  if (nfailed) *nfailed = failures;
  if (!status) {
    *out = d;
    d = NULL;
  }
cleanup:
  pm_draws_free(d);
  gsl_rng_free(rng);
  free(rows);
  groups_free(&g);
  return status;
}

int pm_draws_from_matrix(pm_draws **out, const double *B, size_t p,
                         size_t ndraws, unsigned long seed)
{
  pm_draws *d = NULL;
  int status;

  *out = NULL;
  if (p == 0 || ndraws < 2)
    return pm_error(PM_EINPUT, "%zu draws of %zu coefficients: draws need "
                               "at least 2 of at least 1", ndraws, p);
  if ((status = draws_new(&d, p, ndraws, seed))) {
    pm_draws_free(d);
    return status;
  }
  memcpy(d->B, B, p * ndraws * sizeof *d->B);
  *out = d;
  return PM_SUCCESS;
}
