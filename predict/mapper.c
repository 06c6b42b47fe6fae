/* mapper.c: maps of blocks of cells from their predictions: the mean, its
 * standard error, intervals from the members (draws or ensemble members),
 * totals and column inventories.
 *
 * A block comes either as an engine's prediction (pm_mapper_predicted: eta
 * and the linear predictor of every member, any engine) or, for a GAM, as
 * model-matrix rows (pm_mapper_cells), predicted here with pm_gam_predict
 * and pm_draws_predict.  Then mu = g^-1(eta) and, for member d,
 * mu_id = g^-1(eta_id) (Wood 2017, Generalized Additive Models, 2nd ed.,
 * section 6.10; for the zero-inflated Poisson mu is its expected count,
 * pm_family_mean); the se and the interval of a cell are the standard
 * deviation and the 2.5% and 97.5% quantiles of its mu_id.  Only one
 * block's n x D members are held at a time.
 *
 * The members' means, the cells' intervals and their totals run over the
 * block's row chunks on the threads (pm_threads.h): every cell's values
 * are its own, and each chunk's totals are kept apart and added to the
 * totals in chunk order, so that no number depends on the threads.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "mapper_internal.h"
#include "pm_design.h"
#include "pm_error.h"
#include "pm_threads.h"

#include <cblas.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct pm_mapper {
  const pm_gam_fit *fit;    /* for model-matrix blocks; NULL otherwise */
  const pm_draws *draws;    /* likewise */
  pm_family family;         /* the mean of a linear predictor */
  unsigned long seed;       /* of the members, for the totals */
  size_t p, D, max;
  double *eta, *mean;       /* max */
  double *base;             /* max: the baseline's means of a difference */
  double *E, *E2;           /* max x D: mu per cell and draw */
  double *scale;            /* D factors of the members' means, or NULL */
  double *acc;              /* D per chunk: the chunk's scratch; the first
                               also a column inventory per draw */
  size_t last_column;       /* the previous block's last column */
  int started;              /* a block with columns was seen */
};

void pm_mapper_free(pm_mapper *m)
{
  if (!m) return;
  free(m->eta);
  free(m->mean);
  free(m->base);
  free(m->E);
  free(m->E2);
  free(m->acc);
  free(m->scale);
  free(m);
}

int pm_mapper_scale_members(pm_mapper *m, const double *scale, size_t n)
{
  size_t d;

  free(m->scale);
  m->scale = NULL;
  if (!scale || !n || !m->D) return PM_SUCCESS;
  for (d = 0; d < n; d++)
    if (!(scale[d] > 0 && isfinite(scale[d])))
      return pm_error(PM_EINPUT, "member scale factor %zu is %g; the factors "
                      "must be finite and positive", d, scale[d]);
  if (!(m->scale = malloc(m->D * sizeof *m->scale))) return pm_error_nomem();
  for (d = 0; d < m->D; d++) m->scale[d] = scale[d % n];
  return PM_SUCCESS;
}

int pm_mapper_alloc_members(pm_mapper **out, const pm_family *family,
                            size_t D, unsigned long seed, size_t max_cells)
{
  pm_mapper *m;
  size_t n = max_cells ? max_cells : 1;

  *out = NULL;
  if (max_cells == 0)
    return pm_error(PM_EINPUT, "the block size is 0 cells; give at least 1");
  if (!(m = calloc(1, sizeof *m))) return pm_error_nomem();
  m->family = *family;
  m->seed = seed;
  m->D = D;
  m->max = max_cells;
  m->eta = malloc(n * sizeof *m->eta);
  m->mean = malloc(n * sizeof *m->mean);
  m->base = malloc(n * sizeof *m->base);
  m->E = malloc((n * D + 1) * sizeof *m->E);
  m->E2 = malloc((n * D + 1) * sizeof *m->E2);
  m->acc = malloc(pm_threads_cell_chunks(n) * (D + 1) * sizeof *m->acc);
  if (!m->eta || !m->mean || !m->base || !m->E || !m->E2 || !m->acc) {
    pm_mapper_free(m);
    return pm_error_nomem();
  }
  *out = m;
  return PM_SUCCESS;
}

int pm_mapper_alloc(pm_mapper **out, const pm_gam_fit *fit,
                    const pm_draws *draws, size_t max_cells)
{
  int status;

  *out = NULL;
  if (draws && draws->p != fit->p)
    return pm_error(PM_EINPUT, "the draws have %zu coefficients, the model "
                    "%zu; draw from this model's fit", draws->p, fit->p);
  if ((status = pm_mapper_alloc_members(out, &fit->family,
                                        draws ? draws->ndraws : 0,
                                        draws ? draws->seed : 0, max_cells)))
    return status;
  (*out)->fit = fit;
  (*out)->draws = draws;
  (*out)->p = fit->p;
  return PM_SUCCESS;
}

/* --- checks ----------------------------------------------------------- */

static int check_size(const pm_mapper *m, size_t n)
{
  if (n > m->max)
    return pm_error(PM_EINPUT, "a block of %zu cells is larger than the "
                    "mapper's %zu; split it or allocate a larger mapper",
                    n, m->max);
  return PM_SUCCESS;
}

static int check_matrix(const pm_mapper *m, const pm_map_cells *c)
{
  int status;

  if (!m->fit)
    return pm_error(PM_EINPUT, "a block of model-matrix rows given to a "
                    "mapper of an engine's predictions; give the prediction");
  if (c->p != m->p)
    return pm_error(PM_EINPUT, "the block's model matrix has %zu columns, "
                    "the model %zu coefficients; build it with the model's "
                    "design", c->p, m->p);
  if ((status = check_size(m, c->n))) return status;
  if (c->n > 0 && !c->X)
    return pm_error(PM_EINPUT, "the block has %zu cells and no model matrix",
                    c->n);
  return PM_SUCCESS;
}

static int check_totals(const pm_mapper *m, const pm_map_cells *c,
                        const pm_totals *t)
{
  size_t i, D = pm_totals_ndraws(t), nregions = pm_totals_nregions(t);

  if (!c->weight)
    return pm_error(PM_EINPUT, "totals asked for without cell weights; give "
                    "the volume (m3) of each cell");
  if (D != 0 && D != m->D)
    return pm_error(PM_EINPUT, "the totals hold %zu draws, the mapper %zu; "
                    "allocate them with the mapper's draws", D, m->D);
  for (i = 0; i < c->n; i++) {
    if (!(c->weight[i] >= 0 && isfinite(c->weight[i])))
      return pm_error(PM_EINPUT, "cell %zu of the block has weight %g; a "
                      "cell volume must be finite and not negative", i,
                      c->weight[i]);
    if (c->region && c->region[i] >= (int)nregions)
      return pm_error(PM_EINPUT, "cell %zu of the block is in region %d; the "
                      "totals have %zu regions (0..%zu)", i, c->region[i],
                      nregions, nregions - 1);
  }
  return PM_SUCCESS;
}

/* Column ids increase from cell to cell, and no column continues from the
 * previous block. */
static int check_columns(const pm_mapper *m, const pm_map_cells *c)
{
  size_t i;

  if (!c->column || !c->thickness)
    return pm_error(PM_EINPUT, "column inventories need both the column id "
                    "and the layer thickness of each cell");
  for (i = 0; i < c->n; i++) {
    if (!(c->thickness[i] >= 0 && isfinite(c->thickness[i])))
      return pm_error(PM_EINPUT, "cell %zu of the block has layer thickness "
                      "%g; it must be finite and not negative", i,
                      c->thickness[i]);
    if (i > 0 && c->column[i] < c->column[i - 1])
      return pm_error(PM_EINPUT, "cell %zu of the block is in column %zu after "
                      "column %zu; give the cells of a column together, in "
                      "increasing column order", i, c->column[i],
                      c->column[i - 1]);
  }
  if (c->n > 0 && m->started && c->column[0] <= m->last_column)
    return pm_error(PM_EINPUT, "the block starts in column %zu, at or before "
                    "the previous block's last column %zu; a column must lie "
                    "in one block", c->column[0], m->last_column);
  return PM_SUCCESS;
}

static int wants_draws(const pm_map_values *v, const pm_totals *t)
{
  return v->se || v->lower || v->upper || v->inv_lower || v->inv_upper ||
         v->mu_draws || (t && pm_totals_ndraws(t) > 0);
}

static int check(const pm_mapper *m, const pm_map_cells *c,
                 const pm_map_values *v, const pm_totals *t)
{
  int status;

  if ((v->lower || v->upper || v->inv_lower || v->inv_upper ||
       v->mu_draws) && m->D == 0)
    return pm_error(PM_EINPUT, "intervals asked for from a mapper without "
                    "posterior draws; allocate it with draws");
  if (t && (status = check_totals(m, c, t))) return status;
  if ((v->inv_mean || v->inv_lower || v->inv_upper) &&
      (status = check_columns(m, c)))
    return status;
  return PM_SUCCESS;
}

/* --- the computations ------------------------------------------------- */

/* mean = g^-1(eta) of the block (the expected count of a zero-inflated
 * Poisson). */
static void means(pm_mapper *m, size_t n)
{
  size_t i;
  for (i = 0; i < n; i++)
    m->mean[i] = pm_family_mean(&m->family, m->eta[i], NULL);
}

/* E (n x D): mu of every cell under every member, from their linear
 * predictors lp (E itself allowed), times the member's scale. */
static void member_means(const pm_mapper *m, const double *lp, size_t n,
                         double *E)
{
  size_t i;
  for (i = 0; i < n * m->D; i++)
    E[i] = pm_family_mean(&m->family, lp[i], NULL) *
           (m->scale ? m->scale[i % m->D] : 1);
}

/* eta = X beta + offset and mean = g^-1(eta) of a block of rows. */
static int linear_predictor(pm_mapper *m, const pm_map_cells *c,
                            double *se_eta)
{
  pm_model_matrix view = {.n = c->n, .p = c->p, .X = (double *)c->X,
                          .offset = (double *)c->offset};
  int status = pm_gam_predict(m->fit, &view, m->eta, se_eta, NULL);
  if (!status) means(m, c->n);
  return status;
}

/* E (n x D) = g^-1(X B + offset). */
static void draw_means(const pm_mapper *m, const pm_map_cells *c, double *E)
{
  pm_draws_predict(m->draws, c->X, c->offset, c->n, E);
  member_means(m, E, c->n, E);
}

double pm_map_draw_sd(const double *e, size_t D)
{
  double mean = 0, ss = 0;
  size_t d;

  for (d = 0; d < D; d++) mean += e[d];
  mean /= (double)D;
  for (d = 0; d < D; d++) ss += (e[d] - mean) * (e[d] - mean);
  return sqrt(ss / (double)(D - 1));
}

/* The se and interval from the draws of cells i0..i1 - 1; acc holds D. */
static void cell_intervals(const pm_mapper *m, size_t i0, size_t i1,
                           pm_map_values *v, double *acc)
{
  size_t i, D = m->D;
  double lo, hi;

  for (i = i0; i < i1; i++) {
    const double *e = m->E + i * D;
    if (v->se) v->se[i] = pm_map_draw_sd(e, D);
    if (!v->lower && !v->upper) continue;
    memcpy(acc, e, D * sizeof *e);
    pm_map_quantiles(acc, D, &lo, &hi);
    if (v->lower) v->lower[i] = lo;
    if (v->upper) v->upper[i] = hi;
  }
}

/* Cells i0..i1 - 1 added to the totals t. */
static int add_totals(const pm_mapper *m, const pm_map_cells *c, size_t i0,
                      size_t i1, pm_totals *t)
{
  size_t i;
  int status = PM_SUCCESS;

  for (i = i0; i < i1 && !status; i++) {
    int r = c->region ? c->region[i] : 0;
    if (r >= 0)
      status = pm_totals_add(t, (size_t)r, c->weight[i], m->mean[i],
                             pm_totals_ndraws(t) > 0 ? m->E + i * m->D : NULL,
                             m->seed);
  }
  return status;
}

/* Column inventories: sum of thickness x mu over each run of equal column
 * ids, of the mean and (for the interval) of every draw. */
static void column_inventories(pm_mapper *m, const pm_map_cells *c,
                               pm_map_values *v, int with_draws)
{
  size_t a = 0, b, i, k = 0;
  double lo, hi;

  while (a < c->n) {
    double inv = 0;
    for (b = a; b < c->n && c->column[b] == c->column[a]; b++) continue;
    if (with_draws) memset(m->acc, 0, m->D * sizeof *m->acc);
    for (i = a; i < b; i++) {
      inv += c->thickness[i] * m->mean[i];
      if (with_draws)
        cblas_daxpy((int)m->D, c->thickness[i], m->E + i * m->D, 1, m->acc, 1);
    }
    if (v->inv_mean) v->inv_mean[k] = inv;
    if (with_draws) {
      pm_map_quantiles(m->acc, m->D, &lo, &hi);
      if (v->inv_lower) v->inv_lower[k] = lo;
      if (v->inv_upper) v->inv_upper[k] = hi;
    }
    k++;
    a = b;
  }
  v->ncolumns = k;
  if (c->n > 0) {
    m->last_column = c->column[c->n - 1];
    m->started = 1;
  }
}

/* Cells i0..i1 - 1 of the block: the members' means from their linear
 * predictors lp (n x D; NULL without draws), the cells' se and intervals,
 * and the cells added to the totals t (NULL: none); acc holds D. */
static int chunk(pm_mapper *m, const pm_map_cells *c, pm_map_values *v,
                 const double *lp, pm_totals *t, size_t i0, size_t i1,
                 double *acc)
{
  size_t D = m->D;

  if (lp) {
    member_means(m, lp + i0 * D, i1 - i0, m->E + i0 * D);
    cell_intervals(m, i0, i1, v, acc);
    if (v->mu_draws)
      memcpy(v->mu_draws + i0 * D, m->E + i0 * D,
             (i1 - i0) * D * sizeof *m->E);
  }
  return t ? add_totals(m, c, i0, i1, t) : PM_SUCCESS;
}

/* The chunks of the block on the threads.  The first chunk adds its cells
 * to t itself, every other one to totals of its own (part[k], from zero),
 * which are then added to t in chunk order; with one chunk the sums are
 * those of a single pass.  The first error in row order is reported (each
 * thread has its own error message). */
static int block_chunks(pm_mapper *m, const pm_map_cells *c,
                        pm_map_values *v, const double *lp, pm_totals *t)
{
  size_t nc = pm_threads_cell_chunks(c->n), k;
  pm_totals *part[PM_THREADS_MAX_CHUNKS] = {t};
  int st[PM_THREADS_MAX_CHUNKS] = {0}, status = PM_SUCCESS;
  char *msg[PM_THREADS_MAX_CHUNKS] = {NULL};
  long q;

  for (k = 1; t && k < nc && !status; k++)
    status = pm_totals_alloc(&part[k], pm_totals_nregions(t),
                             pm_totals_ndraws(t));
  if (status) goto cleanup;
#pragma omp parallel for schedule(dynamic, 1)
  for (q = 0; q < (long)nc; q++) {
    st[q] = chunk(m, c, v, lp, part[q],
                  pm_threads_chunk_start(c->n, nc, (size_t)q),
                  pm_threads_chunk_start(c->n, nc, (size_t)q + 1),
                  m->acc + (size_t)q * (m->D + 1));
    if (st[q]) msg[q] = strdup(pm_error_message());
  }
  for (k = 0; k < nc && !status; k++)
    if (st[k]) status = msg[k] ? pm_error(st[k], "%s", msg[k])
                               : pm_error_nomem();
  for (k = 1; t && k < nc && !status; k++) pm_totals_merge(t, part[k]);
cleanup:
  for (k = 0; k < nc; k++) {
    if (k > 0) pm_totals_free(part[k]);
    free(msg[k]);
  }
  return status;
}

/* What follows the means and the members' linear predictors lp (n x D;
 * NULL without draws): the values of the cells, their totals and column
 * inventories. */
static int finish(pm_mapper *m, const pm_map_cells *c, pm_map_values *v,
                  pm_totals *t, const double *lp)
{
  int status;

  if (v->eta) memcpy(v->eta, m->eta, c->n * sizeof *v->eta);
  if (v->mean) memcpy(v->mean, m->mean, c->n * sizeof *v->mean);
  if ((lp || t) && (status = block_chunks(m, c, v, lp, t))) return status;
  if (v->inv_mean || v->inv_lower || v->inv_upper)
    column_inventories(m, c, v, lp != NULL);
  return PM_SUCCESS;
}

/* se = se(eta) dmu/deta (the delta method), where there are no members. */
static void delta_se(const pm_mapper *m, size_t n, const double *se_eta,
                     double *se)
{
  size_t i;
  double dmean;
  for (i = 0; i < n; i++) {
    pm_family_mean(&m->family, m->eta[i], &dmean);
    se[i] = se_eta[i] * dmean;
  }
}

int pm_mapper_cells(pm_mapper *m, const pm_map_cells *c, pm_map_values *v,
                    pm_totals *t)
{
  int status, draws;
  double *se_eta;

  if ((status = check_matrix(m, c)) || (status = check(m, c, v, t)))
    return status;
  draws = m->D > 0 && wants_draws(v, t);
  se_eta = v->se_eta ? v->se_eta : v->se && m->D == 0 ? v->se : NULL;
  if ((status = linear_predictor(m, c, se_eta))) return status;
  if (v->se && m->D == 0) delta_se(m, c->n, se_eta, v->se);
  if (draws) pm_draws_predict(m->draws, c->X, c->offset, c->n, m->E);
  return finish(m, c, v, t, draws ? m->E : NULL);
}

int pm_mapper_predicted(pm_mapper *m, const pm_engine_prediction *p,
                        const pm_map_cells *c, pm_map_values *v,
                        pm_totals *t)
{
  int status, draws;

  if ((status = check_size(m, p->n)) || (status = check(m, c, v, t)))
    return status;
  if (c->n != p->n || p->D != m->D)
    return pm_error(PM_EINPUT, "the prediction has %zu cells and %zu "
                    "members, the block %zu cells and the mapper %zu "
                    "members; give the block's prediction", p->n, p->D, c->n,
                    m->D);
  if ((v->se_eta || (v->se && m->D == 0)) && !p->se_eta)
    return pm_error(PM_EINPUT, "standard errors of eta asked for from an "
                    "engine that gives none; use the members' intervals");
  draws = m->D > 0 && wants_draws(v, t);
  memcpy(m->eta, p->eta, p->n * sizeof *m->eta);
  means(m, p->n);
  if (v->se_eta) memcpy(v->se_eta, p->se_eta, p->n * sizeof *v->se_eta);
  if (v->se && m->D == 0) delta_se(m, p->n, p->se_eta, v->se);
  return finish(m, c, v, t, draws ? p->draws : NULL);
}

/* --- paired differences ------------------------------------------------ */

int pm_mapper_difference(pm_mapper *m, const pm_map_cells *base,
                         const pm_map_cells *scenario, double *diff_mean,
                         double *diff_lower, double *diff_upper)
{
  size_t i, d, D = m->D;
  double lo, hi;
  int status;

  if ((status = check_matrix(m, base)) || (status = check_matrix(m, scenario)))
    return status;
  if (base->n != scenario->n)
    return pm_error(PM_EINPUT, "the scenario block has %zu cells, the "
                    "baseline block %zu; give the same cells", scenario->n,
                    base->n);
  if ((diff_lower || diff_upper) && D == 0)
    return pm_error(PM_EINPUT, "difference intervals asked for from a mapper "
                    "without posterior draws; allocate it with draws");
  if ((status = linear_predictor(m, base, NULL))) return status;
  memcpy(m->base, m->mean, base->n * sizeof *m->mean);
  if ((status = linear_predictor(m, scenario, NULL))) return status;
  if (diff_mean)
    for (i = 0; i < base->n; i++) diff_mean[i] = m->mean[i] - m->base[i];
  if (!diff_lower && !diff_upper) return PM_SUCCESS;
  draw_means(m, base, m->E);
  draw_means(m, scenario, m->E2);
  for (i = 0; i < base->n; i++) {
    for (d = 0; d < D; d++) m->acc[d] = m->E2[i * D + d] - m->E[i * D + d];
    pm_map_quantiles(m->acc, D, &lo, &hi);
    if (diff_lower) diff_lower[i] = lo;
    if (diff_upper) diff_upper[i] = hi;
  }
  return PM_SUCCESS;
}
