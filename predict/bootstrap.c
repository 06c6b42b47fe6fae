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
 * The refits of a round run on the threads and, in an MPI job, are shared
 * among the ranks (pm_ranks.h): rank r refits its block of the round and
 * every refit is then sent to every rank, so that the draws are those of
 * one process.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "pm_error.h"
#include "pm_mapper.h"
#include "pm_ranks.h"

#include <gsl/gsl_rng.h>
#include <stdio.h>
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

/* A round of `want` resamples: the groups each draws, uniformly with
 * replacement, into pick (want x ngroups), in the order the serial
 * algorithm draws them. */
static void draw_round(gsl_rng *rng, const groups *g, size_t want,
                       size_t *pick)
{
  size_t k;
  for (k = 0; k < want * g->ngroups; k++)
    pick[k] = gsl_rng_uniform_int(rng, g->ngroups);
}

/* The rows of one resample: those of each group drawn, every time drawn. */
static size_t resample_rows(const groups *g, const size_t *pick,
                            size_t *rows)
{
  size_t k, n = 0;

  for (k = 0; k < g->ngroups; k++) {
    size_t j = pick[k];
    memcpy(rows + n, g->order + g->start[j], g->count[j] * sizeof *rows);
    n += g->count[j];
  }
  return n;
}

/* One refit: the coefficients into beta (p).  A refit that fails or does
 * not converge sets *failed and keeps its message in *msg; only running
 * out of memory or an I/O error is returned (its message in *msg too,
 * since a thread's message is its own). */
static int refit(const pm_design *design, const pm_model_matrix *m,
                 const pm_gam_options *o, const groups *g,
                 const size_t *pick, double *beta, int *failed, char **msg)
{
  size_t *rows = malloc((g->ngroups * g->largest + 1) * sizeof *rows);
  pm_model_matrix r;
  pm_gam_fit *fit = NULL;
  int status = rows ? pm_model_matrix_rows(m, rows, resample_rows(g, pick,
                                                                  rows), &r)
                    : pm_error_nomem();

  *failed = 0;
  if (status == PM_SUCCESS) {
    status = pm_gam_fit_model(&fit, design, &r, o);
    if (status == PM_SUCCESS && !fit->converged)
      status = pm_error(PM_ENUMERIC, "the smoothing parameters did not "
                                     "converge");
    if (status == PM_SUCCESS)
      memcpy(beta, fit->beta, m->p * sizeof *beta);
    pm_model_matrix_free(&r);
  }
  if (status != PM_SUCCESS) *msg = strdup(pm_error_message());
  if (status != PM_SUCCESS && status != PM_EIO) {
    *failed = 1;
    status = PM_SUCCESS;
  }
  pm_gam_fit_free(fit);
  free(rows);
  return status;
}

/* The scratch of a round of up to B refits. */
typedef struct {
  size_t *pick;
  double *beta;
  int *st, *failed;
  char **msg;
} round_work;

static void round_free(round_work *w, size_t B)
{
  size_t r;
  for (r = 0; w->msg && r < B; r++) free(w->msg[r]);
  free(w->msg);
  free(w->pick);
  free(w->beta);
  free(w->st);
  free(w->failed);
}

static int round_alloc(round_work *w, size_t B, size_t p, size_t ngroups)
{
  w->pick = malloc((B * ngroups + 1) * sizeof *w->pick);
  w->beta = calloc(B * p + 1, sizeof *w->beta);
  w->st = calloc(B + 1, sizeof *w->st);
  w->failed = calloc(B + 1, sizeof *w->failed);
  w->msg = calloc(B + 1, sizeof *w->msg);
  return w->pick && w->beta && w->st && w->failed && w->msg
             ? PM_SUCCESS : pm_error_nomem();
}

/* A refit's outcome as the ranks of an MPI job send it, followed by its
 * p coefficients. */
typedef struct {
  int status, failed, has_message;
  char message[PM_ERROR_MAX];
} refit_record;

/* The refits [lo, hi) of a round this rank ran, and the others' from
 * their ranks. */
static int share_refits(round_work *w, size_t p, size_t want, size_t lo,
                        size_t hi)
{
  size_t size = sizeof(refit_record) + p * sizeof(double), q;
  char *buf = malloc(want * size + 1);
  refit_record rec;
  int status;

  if (!buf) return pm_ranks_agree(pm_error_nomem());
  for (q = lo; q < hi; q++) {
    rec = (refit_record){w->st[q], w->failed[q], w->msg[q] != NULL, ""};
    if (w->msg[q]) snprintf(rec.message, sizeof rec.message, "%s", w->msg[q]);
    memcpy(buf + q * size, &rec, sizeof rec);
    memcpy(buf + q * size + sizeof rec, w->beta + q * p, p * sizeof(double));
  }
  status = pm_ranks_gather_equal(buf, size, want);
  for (q = 0; !status && q < want; q++) {
    if (q >= lo && q < hi) continue;
    memcpy(&rec, buf + q * size, sizeof rec);
    memcpy(w->beta + q * p, buf + q * size + sizeof rec, p * sizeof(double));
    w->st[q] = rec.status;
    w->failed[q] = rec.failed;
    if (rec.has_message && !(w->msg[q] = strdup(rec.message)))
      status = pm_error_nomem();
  }
  free(buf);
  return status;
}

/* This rank's refits of a round on the threads (all of them in a job of
 * one rank), the others' from their ranks, then the outcomes in draw
 * order: each success is the next column of d->B, each failure counted;
 * the first error, or more than B failures in all, ends the bootstrap. */
static int run_round(pm_draws *d, const pm_design *design,
                     const pm_model_matrix *m, const pm_gam_options *o,
                     const groups *g, round_work *w, size_t want, size_t *b,
                     size_t *failures)
{
  size_t r, i, B = d->ndraws, lo, hi;
  long q;
  int status;

  for (r = 0; r < want; r++) {
    free(w->msg[r]);
    w->msg[r] = NULL;
  }
  pm_ranks_units(want, &lo, &hi);
#pragma omp parallel for schedule(dynamic, 1)
  for (q = (long)lo; q < (long)hi; q++)
    w->st[q] = refit(design, m, o, g, w->pick + (size_t)q * g->ngroups,
                     w->beta + (size_t)q * d->p, &w->failed[q], &w->msg[q]);
  if (pm_ranks_size() > 1 &&
      (status = share_refits(w, d->p, want, lo, hi)))
    return status;
  for (r = 0; r < want; r++) {
    if (w->st[r])
      return w->msg[r] ? pm_error(w->st[r], "%s", w->msg[r])
                       : pm_error_nomem();
    if (w->failed[r] && ++*failures > B)
      return pm_error(PM_ENUMERIC, "%zu bootstrap refits failed, more than "
                      "the %zu asked for; check the model on all rows "
                      "first; the last failure: %s", *failures, B,
                      w->msg[r] ? w->msg[r] : "(no message)");
    for (i = 0; !w->failed[r] && i < d->p; i++)
      d->B[i * B + *b] = w->beta[r * d->p + i];
    *b += !w->failed[r];
  }
  return PM_SUCCESS;
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
  round_work w = {0};
  size_t b = 0, failures = 0;
  int status;

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
  rng = gsl_rng_alloc(gsl_rng_mt19937);
  if (!rng || (status = draws_new(&d, m->p, B, seed)) ||
      (status = round_alloc(&w, B, m->p, g.ngroups))) {
    status = status ? status : pm_error_nomem();
    goto cleanup;
  }
  gsl_rng_set(rng, seed);
  /* rounds of as many refits as draws are missing: the resamples are
   * drawn in the serial order and taken in it, so that any number of
   * threads gives the draws of one */
  while (b < B && !status) {
    draw_round(rng, &g, B - b, w.pick);
    status = run_round(d, design, m, o, &g, &w, B - b, &b, &failures);
  }
  if (nfailed) *nfailed = failures;
  if (!status) {
    *out = d;
    d = NULL;
  }
cleanup:
  pm_draws_free(d);
  gsl_rng_free(rng);
  round_free(&w, B);
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
