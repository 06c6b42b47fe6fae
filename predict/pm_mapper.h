/* pm_mapper.h: prediction maps with uncertainty, totals and paired scenarios.
 *
 * From a fitted model (coefficients beta, Bayesian covariance Vp), cells are
 * predicted block by block: the caller gives each block's model matrix rows
 * (pm_design_matrix on the block's covariates) and offset.  Per cell the
 * mapper gives eta = x'beta + offset, se(eta) = sqrt(x' Vp x) and the mean
 * mu = g^-1(eta) (Wood 2006, Aust. N. Z. J. Stat. 48:445-464).  Intervals
 * come from posterior simulation (Wood 2017, Generalized Additive Models,
 * 2nd ed., section 6.10): D draws beta_d ~ N(beta, Vp) made once, each block
 * giving eta_d = X beta_d + offset as one matrix product, so that memory holds
 * the draws of one block only.  Totals over regions and column inventories
 * are summed per draw and their intervals are quantiles over the draws (not
 * sums of standard errors).  The same draws applied to a scenario's
 * covariates give paired differences.
 *
 * Intervals are the 2.5% and 97.5% quantiles over the draws (R's quantile
 * type 7).  Matrices are row-major.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#ifndef PM_MAPPER_H
#define PM_MAPPER_H

#include <stddef.h>

#include "pm_frame.h"
#include "pm_engine.h"
#include "pm_gam.h"

/* --- posterior draws of the coefficients (predict/draws.c) --------------- */

/* beta_d = beta + L z_d, z_d standard normal from gsl_rng_mt19937 seeded
 * with `seed` (z drawn draw by draw, coefficient by coefficient), L L' = Vp
 * (Cholesky; an eigen factor with negative eigenvalues set to zero when Vp
 * is only semi-definite). */
typedef struct {
  size_t p, ndraws;
  unsigned long seed;
  double *B;             /* p x ndraws: column d is beta_d */
} pm_draws;

/* At least 2 draws. */
int pm_draws_alloc(pm_draws **d, const pm_gam_fit *fit, size_t ndraws,
                   unsigned long seed);
void pm_draws_free(pm_draws *d);

/* --- cluster bootstrap of the coefficients (predict/bootstrap.c) ---------- */

/* B refits of the model of design `d` on resamples of the groups (profiles)
 * of its model matrix `m` (with the response): each resample draws as many
 * groups as there are, uniformly with replacement (gsl_rng_mt19937 seeded
 * with `seed`), and repeats each drawn group's rows as often as it was
 * drawn (Davison & Hinkley 1997, Bootstrap Methods and their Application,
 * section 3.8, the resampling of clusters).  Refit b's coefficients are
 * column b of (*d)->B, so that intervals, totals and paired differences use
 * them as they use posterior draws.  Every refit estimates its smoothing
 * parameters (and theta or the Tweedie power when `o` asks for it) again,
 * so that the spread includes their uncertainty; the design (knots,
 * constraints) is that of all rows.  group[i] (>= 0) is the group of row i
 * (pm_cv_groups_column); at least 2 groups and B >= 2.  A refit that fails
 * or does not converge is replaced by another resample and counted in
 * *nfailed (NULL: not reported); more than B failures in all is an error
 * quoting the last one. */
int pm_draws_bootstrap(pm_draws **d, const pm_design *design,
                       const pm_model_matrix *m, const pm_gam_options *o,
                       const int *group, size_t B, unsigned long seed,
                       size_t *nfailed);

/* Draws made of the given columns: B (p x ndraws, column d is draw d) is
 * copied; `seed` names them for the pairing of totals.  For bootstrap
 * coefficients read back from a model file. */
int pm_draws_from_matrix(pm_draws **d, const double *B, size_t p,
                         size_t ndraws, unsigned long seed);

/* E (n x ndraws, row-major) = X B + offset: the linear predictor of the n
 * rows of X (n x p) under every draw (Wood 2017, Generalized Additive
 * Models, 2nd ed., section 6.10); a NULL offset is none.  One product per
 * row chunk of pm_threads.h, on the threads. */
void pm_draws_predict(const pm_draws *d, const double *X, const double *offset,
                      size_t n, double *E);

/* --- totals per region (predict/totals.c) --------------------------------- */

/* Sums over cells of w * mu, per region: of the mean and of every draw.
 * Those that add to it (process rates) check their regions and draws
 * against nregions and ndraws; it is changed only through the functions
 * below. */
typedef struct pm_totals pm_totals;

/* `ndraws` 0 keeps the total of the mean only (no interval). */
int pm_totals_alloc(pm_totals **t, size_t nregions, size_t ndraws);
void pm_totals_free(pm_totals *t);
size_t pm_totals_nregions(const pm_totals *t);
size_t pm_totals_ndraws(const pm_totals *t);

typedef struct {
  double mean, lower, upper;  /* lower, upper NAN without draws */
} pm_interval;

/* Add one cell (or column) of weight w >= 0 to `region` (< nregions): w *
 * mean to its total, w * draws[d] to the total of each draw d (draws:
 * ndraws values from the draws named `seed`; NULL when the totals keep no
 * draws), and w to its sum of weights.  For quantities derived from the
 * predictions (process rates, column attenuation); the mapper adds its
 * cells itself. */
int pm_totals_add(pm_totals *t, size_t region, double w, double mean,
                  const double *draws, unsigned long seed);

/* Totals sent between the ranks of an MPI job, such as those of one block
 * of cells: pm_totals_pack writes t's sums into pm_totals_packed_size(t)
 * bytes (no alignment needed); pm_totals_add_packed adds the sums so
 * packed from totals of the same regions and draws to t's, as if their
 * cells had been added after t's own; pm_totals_clear sets every sum to
 * zero. */
size_t pm_totals_packed_size(const pm_totals *t);
void pm_totals_pack(const pm_totals *t, void *buf);
int pm_totals_add_packed(pm_totals *t, const void *buf);
void pm_totals_clear(pm_totals *t);

/* Region `region` (< nregions), or nregions for all regions together. */
int pm_totals_get(const pm_totals *t, size_t region, pm_interval *out);
/* scenario - base: the difference of the totals of the mean, and the
 * interval of the per-draw differences.  Both must come from the same
 * draws (same seed and count). */
int pm_totals_difference(const pm_totals *scenario, const pm_totals *base,
                         size_t region, pm_interval *out);
/* The same for regions first..first+count-1 together (the regions of one
 * export horizon, when regions are numbered horizon by horizon). */
int pm_totals_get_range(const pm_totals *t, size_t first, size_t count,
                        pm_interval *out);
int pm_totals_difference_range(const pm_totals *scenario,
                               const pm_totals *base, size_t first,
                               size_t count, pm_interval *out);

/* Weighted means instead of totals: the totals of regions first ..
 * first + count - 1 together (of the mean and of every draw) divided by
 * their sum of weights, and the paired difference of such means (each
 * divided by its own sum of weights); NAN values when the regions hold no
 * weight. */
int pm_totals_mean_range(const pm_totals *t, size_t first, size_t count,
                         pm_interval *out);
int pm_totals_mean_difference_range(const pm_totals *scenario,
                                    const pm_totals *base, size_t first,
                                    size_t count, pm_interval *out);

/* Region of each latitude: band k holds edges[k] <= lat < edges[k+1] (the
 * last edge in the last band); -1 outside.  edges NULL: the six 30-degree
 * bands from 90S to 90N. */
int pm_map_lat_bands(const double *edges, size_t nedges, const double *lat,
                     size_t n, int *region);

/* --- the mapper (predict/mapper.c) ---------------------------------------- */

typedef struct pm_mapper pm_mapper;

/* A mapper for blocks of at most `max_cells` cells of an engine's
 * predictions (pm_mapper_predicted) with `D` members (0: the mean and
 * standard errors alone) made with `seed`, the means those of `family`
 * (pm_family_mean; copied). */
int pm_mapper_alloc_members(pm_mapper **m, const pm_family *family,
                            size_t D, unsigned long seed, size_t max_cells);
/* A mapper for blocks of at most `max_cells` model-matrix rows of a GAM
 * (pm_mapper_cells); `draws` NULL for the mean and standard errors alone.
 * The fit and draws are not copied. */
int pm_mapper_alloc(pm_mapper **m, const pm_gam_fit *fit,
                    const pm_draws *draws, size_t max_cells);
void pm_mapper_free(pm_mapper *m);

/* Scale the mean of every cell under member d by scale[d % n] (n >= 1
 * positive factors, copied; NULL or n 0: none): an uncertainty of the
 * whole map that is independent of the model's, one factor per member,
 * such as the classification's of counts corrected for misclassification
 * (pipeline/classification.c).  The members' cell intervals, totals,
 * inventories, paired differences and mu_draws carry it; the mean map does
 * not change. */
int pm_mapper_scale_members(pm_mapper *m, const double *scale, size_t n);

/* One block of cells. */
typedef struct {
  size_t n, p;
  const double *X;          /* n x p model matrix rows */
  const double *offset;     /* n, or NULL for none */
  /* totals: weight (m3 per cell for a concentration per m3) and region
   * (0..nregions-1; negative leaves the cell out; NULL: all in region 0) */
  const double *weight;
  const int *region;
  /* column inventories: layer thickness (m) and column id per cell; the
   * cells of a column are consecutive and lie in one block, and column ids
   * increase from cell to cell and block to block */
  const double *thickness;
  const size_t *column;
} pm_map_cells;

/* Per-cell outputs (n each; NULL skips).  se is the standard deviation of
 * mu over the draws, or by the delta method |dmu/deta| se(eta) without
 * draws.  lower and upper need draws.  Column inventories, one per column
 * in block order (ncolumns is set): inv_mean = sum thickness * mean,
 * inv_lower/upper from the draws.  mu_draws (n x D, row-major, needs
 * draws): the mean of every cell under every draw, for quantities derived
 * from the predictions (science/rates_grid.c). */
typedef struct {
  double *eta, *se_eta;
  double *mean, *se, *lower, *upper;
  double *inv_mean, *inv_lower, *inv_upper;
  size_t ncolumns;
  double *mu_draws;
} pm_map_values;

/* The maps of a block from an engine's prediction `p` of its cells (their
 * weights, regions and columns in `c`, whose X is not read); with `totals`
 * add its cells to them. */
int pm_mapper_predicted(pm_mapper *m, const pm_engine_prediction *p,
                        const pm_map_cells *c, pm_map_values *v,
                        pm_totals *t);

/* Predict a block of GAM model-matrix rows; with `totals` (and weights)
 * add its cells to them. */
int pm_mapper_cells(pm_mapper *m, const pm_map_cells *c, pm_map_values *v,
                    pm_totals *totals);

/* Paired per-cell differences scenario - base of the same cells: of the
 * mean (diff_mean) and the interval of the per-draw differences (needs
 * draws; NULL skips). */
int pm_mapper_difference(pm_mapper *m, const pm_map_cells *base,
                         const pm_map_cells *scenario, double *diff_mean,
                         double *diff_lower, double *diff_upper);

/* --- extrapolation (predict/map_flags.c) ----------------------------------- */

/* The range [lo, hi] of each numeric column `names[j]` of the fitting
 * table (missing values ignored). */
int pm_map_ranges(const pm_frame *frame, const char *const *names,
                  size_t ncov, double *lo, double *hi);
/* flag[i] = 1 when a covariate x[j][i] lies outside [lo[j], hi[j]], else 0
 * (a missing value is not flagged). */
int pm_map_extrapolation(const double *const *x, size_t ncov,
                         const double *lo, const double *hi, size_t n,
                         unsigned char *flag);

/* The 2.5% and 97.5% quantiles of x[0..n) (n >= 1; R's type 7, Hyndman &
 * Fan 1996, Am. Stat. 50:361-365, definition 7), the interval of a
 * quantity over the draws; x is reordered. */
void pm_map_quantiles(double *x, size_t n, double *lo, double *hi);

/* The standard deviation of x[0..D) (divisor D - 1; D >= 2), such as a
 * quantity's values over the draws. */
double pm_map_draw_sd(const double *x, size_t D);

/* A value and its weight (a cell area), for pm_weighted_quantiles. */
typedef struct {
  double v, w;
} pm_weighted;

/* For each probability p[k] in [0, 1], q[k] = the smallest value whose
 * cumulative weight reaches p[k] of the total (Hyndman & Fan 1996,
 * definition 1, with weights; predict/quantile_weighted.c); NAN when no
 * entry has a positive weight.  Sorts x by value.  Values must be finite
 * and weights finite and not negative. */
int pm_weighted_quantiles(pm_weighted *x, size_t n, const double *p,
                          size_t np, double *q);

#endif
