/* stage_predict.c: the predict stage of `plankmap run`: maps of every model
 * on the prediction grid for the baseline and each scenario, the totals per
 * region with intervals from posterior draws, and the paired differences
 * against the baseline; totals.tsv.
 *
 * Each model's draws are made once (its config's seed and count) and used
 * for every scenario, so that differences are paired (Wood 2017, Generalized
 * Additive Models, 2nd ed., section 6.10); a model file that holds the
 * coefficients of a cluster bootstrap has them used as the draws instead,
 * and the maps file says which kind of interval each model's is.  A total is the integral of the
 * concentration over the cells (exact cell area x layer thickness, m3); for
 * monthly maps it is the mean over the mapped months.  A cell is flagged
 * as an extrapolation when one of its covariates lies outside the range
 * the model saw in fitting (kept in the model file).
 *
 * Flux models are mapped apart, at the depths of the flux section
 * (flux_<scenario>.nc): their totals are the export through each horizon
 * (fixed depths, and per-cell horizons predicted at each column's depth in
 * stage_predict_horizon.c) over the area and a year, and each column's
 * mean flux profile gets its Martin curve (stage_predict_att.c), whose
 * area-weighted summaries are totals rows too.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "config.h"
#include "pm_pipeline.h"
#include "pm_error.h"
#include "pm_mapper.h"
#include "pm_ncmaps.h"
#include "pm_output.h"
#include "pm_rates.h"
#include "pm_ranks.h"
#include "stage_predict.h"

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* One model ready to predict. */
typedef struct {
  const pm_pipeline_fitted *fitted;
  const char *const *names; /* the formula's columns but the response */
  size_t ncols;
  size_t D;                 /* members of its intervals */
  unsigned long seed;       /* and their seed */
  char interval[64];        /* the kind of its intervals */
  char what[128];           /* what it predicts, for long names */
  char comment[384];        /* how: its intervals, the flux estimator */
  size_t n_cells, n_flagged; /* a scenario's cells predicted, and those
                                outside the fitting ranges */
  const char *units;        /* of its totals */
  pm_pipeline_ranges ranges;     /* the fitting ranges of its covariates */
  size_t *aoa_col;          /* its area of applicability's covariates among
                               names; NULL: it has none */
  size_t n_outside;         /* a scenario's cells outside it */
  double total, outside;    /* the global total, and the part of it from
                               cells outside */
} model_ctx;

/* A scenario's run of one group of models: the concentration models on the
 * prediction grid, or the flux models at the flux depths; maps written
 * through `w` (NULL: totals only). */
typedef struct {
  const pm_scenario *sc;
  const pm_pipeline_pgrid *pg;
  const pm_pipeline_provenance *prov; /* of the maps */
  int flux;                   /* 1: the flux models */
  int *horizon;               /* flux: per depth, its export horizon or -1 */
  /* flux: the depth of per-cell horizon h in month k, the same in every
   * scenario: hz_depth + (h * nmonth + k) * ncol, with its ocean columns
   * without a depth in hz_missing[h * nmonth + k] */
  double *hz_depth;
  size_t *hz_missing;
  const pm_scenario_case *cs; /* NULL: the baseline */
  model_ctx *models;
  size_t nmodels;
  pm_totals **totals;         /* per model; a flux model's regions: those
                                 of each export horizon, then the means of
                                 martin_b and teff_100 */
  pm_pipeline_att_run *att;        /* flux: the month being predicted */
  size_t n_missing;           /* ocean cells without a covariate, all months */
  size_t n_no_horizon;        /* ocean columns without a horizon depth */
  size_t n_extrapolated;      /* horizon columns outside the fitting range */
  size_t n_shallow;           /* horizon columns above the first flux depth */
  size_t n_unfitted;          /* columns fitted but not under every draw */
} run_ctx;

/* A flux model's month of 2-D maps: per export horizon the flux through
 * it (mean, lower, upper), then the attenuation; the draws of the flux
 * through the reference horizon when there is one. */
typedef struct {
  double **mean, **lower, **upper; /* one per horizon */
  double *b, *z_star, *teff, *b_se, *zref;
  double *remin_mean, *remin_lower, *remin_upper; /* per layer */
  float *ref_draws;
} flux_2d;

/* One month of one model's maps, and the block being gathered. */
typedef struct {
  double **x;                      /* ncols columns of a tile's cells */
  size_t n_missing;                /* the tile's ocean cells without every
                                      column, not yet in a record */
  double *mean, *se, *lower, *upper, *inv; /* the maps */
  unsigned char *flag, *bflag;     /* the maps' and the block's */
  double *di, *bdi;                /* dissimilarity index: map, block */
  unsigned char *aoa;              /* inside the area of applicability */
  double **xb;                     /* the block's columns */
  size_t *cell, nb;                /* the block's cells */
  double *weight, *thick, *bmean, *bse, *blo, *bhi, *binv;
  double *bdraws;                  /* flux: the block's draws */
  int *region;
  size_t *column, *rcell;          /* per row of the block's matrix */
  pm_totals *bt;                   /* the block's totals */
  pm_pipeline_tiles tiles;         /* the blocks' records */
} month_buf;

static void month_buf_free(month_buf *b, size_t ncols)
{
  size_t j;
  for (j = 0; j < ncols; j++) {
    if (b->x) free(b->x[j]);
    if (b->xb) free(b->xb[j]);
  }
  free(b->x);
  free(b->xb);
  free(b->mean);
  free(b->se);
  free(b->lower);
  free(b->upper);
  free(b->inv);
  free(b->flag);
  free(b->bflag);
  free(b->di);
  free(b->bdi);
  free(b->aoa);
  free(b->cell);
  free(b->weight);
  free(b->thick);
  free(b->bmean);
  free(b->bse);
  free(b->blo);
  free(b->bhi);
  free(b->binv);
  free(b->bdraws);
  free(b->region);
  free(b->column);
  free(b->rcell);
  pm_totals_free(b->bt);
  pm_pipeline_tiles_free(&b->tiles);
}

/* The block's buffers, and a tile's columns. */
static int month_buf_alloc(month_buf *b, size_t ncols, size_t ntile,
                           size_t block, size_t ndraws, const pm_totals *t)
{
  size_t j;
  int status;

  memset(b, 0, sizeof *b);
  if ((status = pm_totals_alloc(&b->bt, pm_totals_nregions(t),
                                pm_totals_ndraws(t))))
    return status;
  b->x = calloc(ncols + 1, sizeof *b->x);
  b->xb = calloc(ncols + 1, sizeof *b->xb);
  if (!b->x || !b->xb) return pm_error_nomem();
  for (j = 0; j < ncols; j++)
    if (!(b->x[j] = malloc(ntile * sizeof **b->x)) ||
        !(b->xb[j] = malloc(block * sizeof **b->xb)))
      return pm_error_nomem();
  b->bflag = malloc(block);
  b->bdi = malloc(block * sizeof *b->bdi);
  b->cell = malloc(block * sizeof *b->cell);
  b->weight = malloc(block * sizeof *b->weight);
  b->thick = malloc(block * sizeof *b->thick);
  b->bmean = malloc(block * sizeof *b->bmean);
  b->bse = malloc(block * sizeof *b->bse);
  b->blo = malloc(block * sizeof *b->blo);
  b->bhi = malloc(block * sizeof *b->bhi);
  b->binv = malloc(block * sizeof *b->binv);
  b->region = malloc(block * sizeof *b->region);
  b->column = malloc(block * sizeof *b->column);
  b->rcell = malloc(block * sizeof *b->rcell);
  if (ndraws && !(b->bdraws = malloc(block * ndraws * sizeof *b->bdraws)))
    return pm_error_nomem();
  if (!b->rcell || !b->bflag || !b->bdi || !b->cell || !b->weight ||
      !b->thick || !b->bmean || !b->bse || !b->blo || !b->bhi || !b->binv ||
      !b->region || !b->column)
    return pm_error_nomem();
  return PM_SUCCESS;
}

/* The month's maps, all masked, on the rank that applies the records. */
static int month_maps_alloc(month_buf *b, size_t ncell, size_t ncol2d)
{
  size_t j;

  b->mean = malloc(ncell * sizeof *b->mean);
  b->se = malloc(ncell * sizeof *b->se);
  b->lower = malloc(ncell * sizeof *b->lower);
  b->upper = malloc(ncell * sizeof *b->upper);
  b->flag = malloc(ncell);
  b->di = malloc(ncell * sizeof *b->di);
  b->aoa = malloc(ncell);
  b->inv = malloc(ncol2d * sizeof *b->inv);
  if (!b->mean || !b->se || !b->lower || !b->upper || !b->flag || !b->di ||
      !b->aoa || !b->inv)
    return pm_error_nomem();
  for (j = 0; j < ncell; j++) {
    b->mean[j] = b->se[j] = b->lower[j] = b->upper[j] = b->di[j] = NAN;
    b->flag[j] = b->aoa[j] = 255;
  }
  for (j = 0; j < ncol2d; j++) b->inv[j] = NAN;
  return PM_SUCCESS;
}

/* How a cell counts in the totals: a concentration integrated over its
 * volume (m3), in its region; a flux at an export horizon integrated over
 * its area and a year (Pg C yr-1 from mg C m-2 d-1), in the region of that
 * horizon (regions numbered horizon by horizon); other flux depths do not
 * count.  Monthly maps give the mean over their months. */
static int cell_total(const run_ctx *r, size_t col, size_t d, size_t nmonth,
                      double *weight, int *region)
{
  const pm_pipeline_pgrid *pg = r->pg;
  double area = pg->grid->area[col / pg->grid->nlon];
  int h = r->flux ? r->horizon[d] : 0, status;

  *region = pg->region[col] < 0 || h < 0
                ? -1
                : h * (int)pg->nregions + pg->region[col];
  if (!r->flux) {
    *weight = area * (pg->depth_bnds[2 * d + 1] - pg->depth_bnds[2 * d]) /
              (double)nmonth;
    return PM_SUCCESS;
  }
  if ((status = pm_rates_pg_per_year(1.0, area, weight))) return status;
  *weight /= (double)nmonth;
  return PM_SUCCESS;
}

/* A block's record (pm_pipeline_tiles): this head, n cells, ninv column
 * inventories, then the block's totals packed (pm_totals_pack; none when
 * totals_size is 0: a record of cells without every covariate alone).
 * Each part is a whole number of 8-byte words, so that the parts of
 * records laid end to end in a malloc'ed buffer stay aligned. */
typedef struct {
  size_t n, ninv, n_flagged, n_outside; /* cells predicted, inventories,
                                           flagged, outside the AOA */
  size_t n_missing;      /* ocean cells without every covariate */
  double total, outside; /* of the global total: the block's part, and
                            that from cells outside the AOA */
  size_t totals_size;
} block_head;

typedef struct {
  size_t cell;
  double mean, se, lower, upper, di;
  unsigned char flag, aoa;
} cell_rec;

typedef struct {
  size_t column;
  double inv;
} inv_rec;

/* The block's cells inside or outside the area of applicability:
 * counted, with their part of the global total; each cell's index and
 * whether it lies inside (255: unknown). */
static void aoa_block(const model_ctx *mc, const month_buf *b,
                      const pm_engine_prediction *p, block_head *h,
                      cell_rec *cr)
{
  double thr = pm_aoa_threshold(mc->fitted->aoa);
  size_t k;

  for (k = 0; k < p->n; k++) {
    double di = b->bdi[p->rows[k]], part = b->weight[k] * b->bmean[k];
    int outside = !(di <= thr);
    cr[k].di = di;
    cr[k].aoa = isnan(di) ? 255 : !outside;
    h->n_outside += outside;
    if (b->region[k] < 0 || !isfinite(part)) continue;
    h->total += part;
    if (outside) h->outside += part;
  }
}

/* The block's record, after its prediction p: its cells' values, one
 * inventory per run of a column, its totals. */
static int write_record(const model_ctx *mc, month_buf *b,
                        const pm_engine_prediction *p)
{
  block_head h = {.n = p->n, .n_missing = b->n_missing,
                  .totals_size = pm_totals_packed_size(b->bt)};
  size_t k, i;
  cell_rec *cr;
  inv_rec *ir;
  char *rec;

  for (k = 0; k < p->n; k++) /* one inventory per run of a column */
    h.ninv += k == 0 || b->column[k] != b->column[k - 1];
  if (!(rec = pm_pipeline_tiles_room(&b->tiles, sizeof h + p->n * sizeof *cr +
                                                    h.ninv * sizeof *ir +
                                                    h.totals_size)))
    return pm_error_nomem();
  cr = (cell_rec *)(void *)(rec + sizeof h);
  ir = (inv_rec *)(void *)(cr + p->n);
  for (k = 0; k < p->n; k++) {
    unsigned char flag = b->bflag[p->rows[k]];
    cr[k] = (cell_rec){b->cell[p->rows[k]], b->bmean[k], b->bse[k],
                       b->blo[k], b->bhi[k], NAN, flag, 255};
    h.n_flagged += flag == 1;
  }
  if (mc->aoa_col) aoa_block(mc, b, p, &h, cr);
  for (k = 0, i = 0; k < p->n; k++)
    if (k == 0 || b->column[k] != b->column[k - 1]) {
      ir[i] = (inv_rec){b->column[k], b->binv[i]};
      i++;
    }
  pm_totals_pack(b->bt, ir + h.ninv);
  memcpy(rec, &h, sizeof h);
  b->n_missing = 0;
  return PM_SUCCESS;
}

/* The record of the tile's cells without every covariate that no block's
 * record has counted. */
static int write_missing(month_buf *b)
{
  block_head h = {.n_missing = b->n_missing};
  char *rec;

  if (!b->n_missing) return PM_SUCCESS;
  if (!(rec = pm_pipeline_tiles_room(&b->tiles, sizeof h)))
    return pm_error_nomem();
  memcpy(rec, &h, sizeof h);
  b->n_missing = 0;
  return PM_SUCCESS;
}

/* Predict the gathered block into its record: matrix, mapper, flags, the
 * area of applicability.  Rows the design leaves out stay masked. */
static int predict_block(run_ctx *r, model_ctx *mc, pm_mapper *mapper,
                         month_buf *b)
{
  const pm_pipeline_pgrid *pg = r->pg;
  size_t ncol2d = pg->grid->nlat * pg->grid->nlon, k, nmonth;
  pm_engine_prediction p;
  int status;

  nmonth = pm_pipeline_pgrid_nsteps(pg);
  if ((status = pm_pipeline_predict_rows(
           mc->fitted->engine, "the prediction grid", mc->names,
           (const double *const *)b->xb, mc->ncols, b->nb, mc->D == 0, &p)))
    return status;
  for (k = 0; k < p.n && !status; k++) {
    size_t c = b->cell[p.rows[k]], col = c % ncol2d, d = c / ncol2d;
    b->thick[k] = pg->depth_bnds[2 * d + 1] - pg->depth_bnds[2 * d];
    b->column[k] = col;
    b->rcell[k] = c;
    status = cell_total(r, col, d, nmonth, &b->weight[k], &b->region[k]);
  }
  if (status) return status;
  {
    pm_map_cells cells = {.n = p.n, .weight = b->weight,
                          .region = b->region, .thickness = b->thick,
                          .column = b->column};
    pm_map_values v = {.mean = b->bmean, .se = b->bse, .lower = b->blo,
                       .upper = b->bhi, .inv_mean = b->binv,
                       .mu_draws = r->flux ? b->bdraws : NULL};
    pm_totals_clear(b->bt);
    if ((status = pm_mapper_predicted(mapper, &p, &cells, &v, b->bt)) ||
        (status = pm_pipeline_ranges_flag(&mc->ranges,
                                     (const double *const *)b->xb, b->nb,
                                     b->bflag)) ||
        (r->flux && (status = pm_pipeline_att_block(r->att, b->rcell, p.n,
                                               b->bmean, b->bdraws))) ||
        (mc->aoa_col &&
         (status = pm_pipeline_aoa_block(mc->fitted->aoa, mc->aoa_col,
                                         (const double *const *)b->xb, b->nb,
                                         b->bdi))))
      return status;
  }
  return write_record(mc, b, &p);
}

/* The gathered block, predicted into its record. */
static int flush_block(run_ctx *r, model_ctx *mc, pm_mapper *mapper,
                       month_buf *b)
{
  int status = PM_SUCCESS;

  if (b->nb) status = predict_block(r, mc, mapper, b);
  b->nb = 0;
  return status;
}

/* What the block loop and the records hand to their callbacks. */
typedef struct {
  run_ctx *r;
  model_ctx *mc;
  pm_mapper *mapper;
  month_buf *b;
  pm_totals *totals;
} block_ctx;

/* One record onto the maps, the counts and the totals; its length. */
static size_t apply_record(block_ctx *bc, const char *rec, int *status)
{
  month_buf *b = bc->b;
  model_ctx *mc = bc->mc;
  block_head h;
  const cell_rec *cr = (const cell_rec *)(const void *)(rec + sizeof h);
  const inv_rec *ir;
  size_t k;

  memcpy(&h, rec, sizeof h);
  ir = (const inv_rec *)(const void *)(cr + h.n);
  for (k = 0; k < h.n; k++) {
    size_t c = cr[k].cell;
    b->mean[c] = cr[k].mean;
    b->se[c] = cr[k].se;
    b->lower[c] = cr[k].lower;
    b->upper[c] = cr[k].upper;
    b->di[c] = cr[k].di;
    b->flag[c] = cr[k].flag;
    b->aoa[c] = cr[k].aoa;
  }
  for (k = 0; k < h.ninv; k++) b->inv[ir[k].column] = ir[k].inv;
  mc->n_cells += h.n;
  mc->n_flagged += h.n_flagged;
  mc->n_outside += h.n_outside;
  mc->total += h.total;
  mc->outside += h.outside;
  bc->r->n_missing += h.n_missing;
  if (h.totals_size) *status = pm_totals_add_packed(bc->totals, ir + h.ninv);
  return sizeof h + h.n * sizeof *cr + h.ninv * sizeof *ir + h.totals_size;
}

/* A rank's records of a round, in block order. */
static int apply_records(void *ctx, const char *rec, size_t len)
{
  size_t at = 0;
  int status = PM_SUCCESS;

  while (at < len && !status) at += apply_record(ctx, rec + at, &status);
  return status;
}

/* Put one model's month of maps into the file, with the 2-D maps of a
 * flux model. */
static int put_maps(const run_ctx *r, pm_ncmaps *w, size_t m, size_t k,
                    const month_buf *b, const flux_2d *x)
{
  pm_ncmaps_slice s = {.mean = b->mean, .se = b->se, .lower = b->lower,
                       .upper = b->upper, .extrapolation = b->flag,
                       .di = b->di, .aoa = b->aoa,
                       .inventory = r->flux ? NULL : b->inv};

  if (r->flux) {
    s.martin_b = x->b;
    s.z_star = x->z_star;
    s.teff_100 = x->teff;
    s.martin_b_se = x->b_se;
    s.remin_mean = x->remin_mean;
    s.remin_lower = x->remin_lower;
    s.remin_upper = x->remin_upper;
    s.export_mean = (const double *const *)x->mean;
    s.export_lower = (const double *const *)x->lower;
    s.export_upper = (const double *const *)x->upper;
  }
  return pm_ncmaps_put(w, m, k, &s);
}

static void flux_2d_free(flux_2d *x, size_t nh)
{
  size_t h;
  for (h = 0; h < nh; h++) {
    if (x->mean) free(x->mean[h]);
    if (x->lower) free(x->lower[h]);
    if (x->upper) free(x->upper[h]);
  }
  free(x->mean);
  free(x->lower);
  free(x->upper);
  free(x->b);
  free(x->z_star);
  free(x->teff);
  free(x->b_se);
  free(x->zref);
  free(x->remin_mean);
  free(x->remin_lower);
  free(x->remin_upper);
  free(x->ref_draws);
}

/* nh horizons over ncol columns, the layers between nd depths; the draws
 * through horizon `ref` (-1: none) when D > 0. */
static int flux_2d_alloc(flux_2d *x, size_t nh, size_t ncol, size_t nd,
                         int ref, size_t D)
{
  size_t h, c, n = ncol * sizeof(double), nl = nd > 1 ? (nd - 1) * ncol : 1;

  memset(x, 0, sizeof *x);
  x->mean = calloc(nh + 1, sizeof *x->mean);
  x->lower = calloc(nh + 1, sizeof *x->lower);
  x->upper = calloc(nh + 1, sizeof *x->upper);
  x->b = malloc(n);
  x->z_star = malloc(n);
  x->teff = malloc(n);
  x->b_se = malloc(n);
  x->zref = malloc(n);
  x->remin_mean = malloc(nl * sizeof(double));
  x->remin_lower = malloc(nl * sizeof(double));
  x->remin_upper = malloc(nl * sizeof(double));
  if (ref >= 0 && D > 0 && (x->ref_draws = malloc(ncol * D * sizeof(float))))
    for (c = 0; c < ncol * D; c++) x->ref_draws[c] = NAN;
  if (!x->mean || !x->lower || !x->upper || !x->b || !x->z_star ||
      !x->teff || !x->b_se || !x->zref || !x->remin_mean ||
      !x->remin_lower || !x->remin_upper || (ref >= 0 && D && !x->ref_draws))
    return pm_error_nomem();
  for (c = 0; c < ncol; c++)
    x->b[c] = x->z_star[c] = x->teff[c] = x->b_se[c] = NAN;
  for (c = 0; c < nl; c++)
    x->remin_mean[c] = x->remin_lower[c] = x->remin_upper[c] = NAN;
  for (h = 0; h < nh; h++)
    if (!(x->mean[h] = malloc(n)) ||
        !(x->lower[h] = malloc(n)) || !(x->upper[h] = malloc(n)))
      return pm_error_nomem();
  return PM_SUCCESS;
}

/* The flux model m predicted through the per-cell horizons of the flux
 * section (stage_predict_horizon.c); their regions follow those of the
 * fixed export depths. */
/* The depth of horizon h in each column in month index k. */
static const double *horizon_depth(const run_ctx *r, size_t h, size_t k)
{
  size_t nmonth = pm_pipeline_pgrid_nsteps(r->pg);
  return r->hz_depth + (h * nmonth + k) * r->pg->grid->nlat * r->pg->grid->nlon;
}

static int predict_horizons(run_ctx *r, size_t m, size_t k, int month,
                            pm_mapper *mapper, size_t block, flux_2d *x)
{
  const pm_scenario_flux *f = &r->sc->flux;
  size_t h, nmonth = pm_pipeline_pgrid_nsteps(r->pg);
  int status = PM_SUCCESS;

  for (h = 0; h < f->n_horizons && !status; h++) {
    pm_pipeline_horizon_run hr = {
        .sc = r->sc, .pg = r->pg, .cs = r->cs, .month = month,
        .nmonth = nmonth,
        .engine = r->models[m].fitted->engine, .names = r->models[m].names,
        .ncols = r->models[m].ncols, .ranges = &r->models[m].ranges,
        .mapper = mapper, .block = block,
        .totals = r->totals[m],
        .first_region = (f->n_export_depths + h) * r->pg->nregions,
        .z = horizon_depth(r, h, k), .mean = x->mean[h], .lower = x->lower[h],
        .upper = x->upper[h],
        .draws = (int)h == f->ref_horizon ? x->ref_draws : NULL,
        .D = r->models[m].D};
    status = pm_pipeline_horizon_export(&hr, h);
    r->n_no_horizon += r->hz_missing[h * nmonth + k];
    r->n_extrapolated += hr.n_extrapolated;
    r->n_shallow += hr.n_shallow;
  }
  return status;
}

/* Before a flux model's month of maps: the flux through the horizons, and
 * the reference depth of every column (the fixed one, or the depth of the
 * reference horizon with the flux there), for the Martin curves fitted
 * block by block. */
static int flux_month(run_ctx *r, size_t m, size_t k, int month,
                      pm_mapper *mapper, size_t block, flux_2d *x,
                      pm_pipeline_att_run *att)
{
  const pm_scenario_flux *f = &r->sc->flux;
  const model_ctx *mc = &r->models[m];
  size_t ncol = r->pg->grid->nlat * r->pg->grid->nlon, c;
  int zh = f->ref_horizon, status;
  const double *zr = zh < 0 ? NULL : horizon_depth(r, (size_t)zh, k);

  if ((status = predict_horizons(r, m, k, month, mapper, block, x)))
    return status;
  for (c = 0; c < ncol; c++) x->zref[c] = zr ? zr[c] : f->ref_depth;
  *att = (pm_pipeline_att_run){
      .pg = r->pg, .f = f, .D = mc->D, .seed = mc->seed,
      .nmonth = pm_pipeline_pgrid_nsteps(r->pg), .zref = x->zref,
      .Fref = zh < 0 ? NULL : x->mean[zh], .Fref_draws = x->ref_draws,
      .totals = r->totals[m],
      .first_region = (f->n_export_depths + f->n_horizons) * r->pg->nregions,
      .b = x->b, .z_star = x->z_star, .teff = x->teff, .b_se = x->b_se,
      .remin_mean = x->remin_mean, .remin_lower = x->remin_lower,
      .remin_upper = x->remin_upper};
  r->att = att;
  return PM_SUCCESS;
}

static void gather_cell(void *ctx, const pm_pipeline_cell *cell)
{
  block_ctx *bc = ctx;
  month_buf *b = bc->b;
  size_t j;

  for (j = 0; j < bc->mc->ncols; j++) b->xb[j][b->nb] = b->x[j][cell->at];
  b->cell[b->nb++] = cell->c;
}

static int flush_cells(void *ctx)
{
  block_ctx *bc = ctx;
  return flush_block(bc->r, bc->mc, bc->mapper, bc->b);
}

/* Tile t of a month (rows [t T, t T + T) for T = pm_pipeline_tile_rows):
 * its covariates, its blocks predicted into records, and those of its
 * cells without every covariate counted. */
static int predict_tile(block_ctx *bc, const pm_pipeline_changes *ch,
                        int month, size_t t)
{
  const pm_pipeline_pgrid *pg = bc->r->pg;
  size_t rows = pm_pipeline_tile_rows(pg), first = t * rows;
  pm_field_rows band = {first, first + rows <= pg->grid->nlat
                                   ? rows : pg->grid->nlat - first};
  pm_pipeline_block_fns fns = {gather_cell, flush_cells, bc};
  month_buf *b = bc->b;
  int status;

  if ((status = pm_pipeline_predict_columns(bc->r->sc, pg, ch, month, &band,
                                            bc->mc->names, bc->mc->ncols,
                                            b->x)) ||
      (status = pm_pipeline_blocks(pg, &band, b->x, bc->mc->ncols, &fns,
                                   &b->n_missing)))
    return status;
  return write_missing(b);
}

/* One month (index k) of one model: its tiles dealt among the ranks, each
 * predicted with its covariates, and the maps put into the file. */
static int predict_month(run_ctx *r, size_t m, size_t k, pm_ncmaps *w)
{
  const pm_pipeline_pgrid *pg = r->pg;
  model_ctx *mc = &r->models[m];
  size_t ncol2d = pg->grid->nlat * pg->grid->nlon, nd = pg->ndepth;
  size_t block = pm_pipeline_block_cells(pg), rows = pm_pipeline_tile_rows(pg);
  size_t ntiles = (pg->grid->nlat + rows - 1) / rows, t;
  int month = pm_pipeline_pgrid_month(pg, k), status;
  month_buf b;
  flux_2d x = {0};
  pm_pipeline_att_run att;
  pm_pipeline_changes ch = {0};
  size_t nh = r->flux ? r->sc->flux.n_horizons : 0;
  size_t D = r->flux ? mc->D : 0;
  block_ctx bc = {r, mc, NULL, &b, r->totals[m]};

  status = month_buf_alloc(&b, mc->ncols, nd * rows * pg->grid->nlon, block,
                           D, r->totals[m]);
  pm_pipeline_tiles_init(&b.tiles, apply_records, &bc);
  if (status ||
      (b.tiles.rank == 0 &&
       (status = month_maps_alloc(&b, pm_pipeline_pgrid_ncells(pg), ncol2d))) ||
      (status = flux_2d_alloc(&x, nh, ncol2d, nd, r->sc->flux.ref_horizon,
                               D)) ||
      (status = pm_pipeline_model_mapper(mc->fitted, mc->D, mc->seed, block,
                                         &bc.mapper)) ||
      (r->flux && (status = flux_month(r, m, k, month, bc.mapper, block, &x,
                                       &att))) ||
      (status = pm_pipeline_changes_open(&ch, r->cs)))
    goto cleanup;
  for (t = 0; t < ntiles && !status; t++) {
    if (pm_pipeline_tiles_mine(&b.tiles))
      status = predict_tile(&bc, &ch, month, t);
    status = pm_pipeline_tiles_done(&b.tiles, status, 0);
  }
  status = pm_pipeline_tiles_done(&b.tiles, status, 1);
  if (r->flux) r->n_unfitted += att.n_unfitted;
  if (!status && w) status = put_maps(r, w, m, k, &b, &x);
cleanup:
  r->att = NULL;
  pm_pipeline_changes_close(&ch);
  pm_mapper_free(bc.mapper);
  month_buf_free(&b, mc->ncols);
  flux_2d_free(&x, nh);
  return status;
}

static int predict_all(run_ctx *r, pm_ncmaps *w)
{
  size_t m, k, nmonth = pm_pipeline_pgrid_nsteps(r->pg);
  int status = PM_SUCCESS;

  for (m = 0; m < r->nmodels && !status; m++) {
    for (k = 0; k < nmonth && !status; k++)
      status = predict_month(r, m, k, w);
    if (status)
      pm_error_prefix(status, "model '%s'", r->models[m].fitted->spec->name);
  }
  return status;
}

static int fill_maps(pm_ncmaps *w, void *arg)
{
  return predict_all(arg, w);
}

/* --- totals --------------------------------------------------------------- */

/* Model m's totals of regions [first, first + count) together (their
 * area-weighted mean when `as_mean`: martin_b, teff_100), named `region`
 * and `quantity`, and their paired difference against `base` unless NULL
 * (quantity "difference" for a concentration, quantity with "_difference"
 * appended for a flux model's rows). */
static int collect_range(const run_ctx *r, size_t m, const char *scenario,
                         pm_totals *const *base, size_t first, size_t count,
                         const char *region, const char *quantity,
                         int as_mean, pm_pipeline_total **list, size_t *n)
{
  char diff[80];
  pm_pipeline_total_name name = {scenario, r->models[m].fitted->spec->name,
                            region, quantity, diff,
                            as_mean ? "1" : r->models[m].units};

  snprintf(diff, sizeof diff, "%s%s", r->flux ? quantity : "",
           r->flux ? "_difference" : "difference");
  return pm_pipeline_totals_rows(list, n, &name, r->totals[m],
                            base ? base[m] : NULL, first, count, as_mean);
}

/* The name of set h of a model's totals (totals_alloc). */
static void set_name(const run_ctx *r, size_t h, char *name, size_t size)
{
  const pm_scenario_flux *f = &r->sc->flux;
  size_t nh = f->n_export_depths + f->n_horizons;
  if (!r->flux)
    snprintf(name, size, "total");
  else if (h < f->n_export_depths)
    snprintf(name, size, "export_%gm", f->export_depths[h]);
  else if (h < nh) /* a per-cell horizon */
    snprintf(name, size, "export_%s", f->horizons[h - f->n_export_depths].name);
  else
    snprintf(name, size, "%s", h == nh ? "martin_b" : "teff_100");
}

/* The share of model m's predicted cells (all layers and months) whose
 * covariates lie outside the ranges seen in fitting: quantity
 * "extrapolated_cells", in %, without an interval. */
static int extrapolated_share(const run_ctx *r, size_t m,
                              const char *scenario, pm_pipeline_total **list,
                              size_t *n)
{
  const model_ctx *mc = &r->models[m];
  pm_pipeline_total_name name = {scenario, mc->fitted->spec->name, "global",
                                 "extrapolated_cells", NULL, "%"};
  pm_interval v = {mc->n_cells ? 100.0 * (double)mc->n_flagged /
                                     (double)mc->n_cells
                               : NAN,
                   NAN, NAN};
  return pm_pipeline_totals_add(list, n, &name, name.quantity, &v);
}

/* A spectrum parameter is not summed over the cells: its totals are
 * volume-weighted means. */
static int is_spectrum_model(const pm_pipeline_fitted *model)
{
  return model->spec->response.kind == PM_RESPONSE_SPECTRUM;
}

/* Model m's area of applicability in a scenario: the share of its cells
 * outside it ("aoa_outside_cells") and the share of its global total that
 * comes from them ("aoa_outside_total"; not for a spectrum parameter,
 * whose totals are means), in %, without an interval. */
static int aoa_shares(const run_ctx *r, size_t m, const char *scenario,
                      pm_pipeline_total **list, size_t *n)
{
  const model_ctx *mc = &r->models[m];
  pm_pipeline_total_name name = {scenario, mc->fitted->spec->name, "global",
                                 "aoa_outside_cells", NULL, "%"};
  pm_interval v = {mc->n_cells ? 100.0 * (double)mc->n_outside /
                                     (double)mc->n_cells
                               : NAN,
                   NAN, NAN};
  int status;

  if (!mc->aoa_col) return PM_SUCCESS;
  if ((status = pm_pipeline_totals_add(list, n, &name, name.quantity, &v)) ||
      is_spectrum_model(mc->fitted))
    return status;
  name.quantity = "aoa_outside_total";
  v.mean = mc->total > 0 ? 100 * mc->outside / mc->total : NAN;
  return pm_pipeline_totals_add(list, n, &name, name.quantity, &v);
}

/* The totals of every region (and "global") of a scenario, and its paired
 * differences against `base` unless NULL: per model for concentrations
 * (quantity "total"), per model and export horizon for fluxes (quantity
 * "export_<depth>m" or "export_<name>"), and per flux model the
 * area-weighted means of its column attenuation ("martin_b",
 * "teff_100"). */
static int collect_totals(const run_ctx *r, const char *scenario,
                          pm_totals *const *base, pm_pipeline_total **list,
                          size_t *n)
{
  const pm_scenario_flux *f = &r->sc->flux;
  size_t m, g, h, nreg = r->pg->nregions;
  size_t nh = r->flux ? f->n_export_depths + f->n_horizons : 1;
  char quantity[64];
  int status = PM_SUCCESS;

  for (m = 0; m < r->nmodels && !status; m++)
    if (!(status = extrapolated_share(r, m, scenario, list, n)))
      status = aoa_shares(r, m, scenario, list, n);
  for (m = 0; m < r->nmodels && !status; m++)
    for (h = 0; h < nh + (r->flux ? 2 : 0) && !status; h++) {
      set_name(r, h, quantity, sizeof quantity);
      for (g = 0; g <= nreg && !status; g++)
        status = collect_range(
            r, m, scenario, base, h * nreg + (g < nreg ? g : 0),
            g < nreg ? 1 : nreg, g < nreg ? r->pg->region_names[g] : "global",
            quantity, h >= nh || is_spectrum_model(r->models[m].fitted), list,
            n);
    }
  return status;
}

/* --- the stage ------------------------------------------------------------ */

static void describe(model_ctx *mc)
{
  const pm_scenario_response *r = &mc->fitted->spec->response;
  switch (r->kind) {
  case PM_RESPONSE_SIZE:
    snprintf(mc->what, sizeof mc->what,
             "particles of %g-%g \u00b5m ESD (model %s)", r->size_min_um,
             r->size_max_um, mc->fitted->spec->name);
    mc->units = "particles";
    break;
  case PM_RESPONSE_BIOMASS:
    snprintf(mc->what, sizeof mc->what, "carbon biomass (model %s)",
             mc->fitted->spec->name);
    mc->units = "mg C";
    break;
  case PM_RESPONSE_FLUX:
    snprintf(mc->what, sizeof mc->what, "particulate organic carbon (model %s)",
             mc->fitted->spec->name);
    mc->units = "Pg C yr-1";
    break;
  case PM_RESPONSE_SPECTRUM: /* totals: volume-weighted means */
    snprintf(mc->what, sizeof mc->what,
             "%s of the size spectrum of particles of %g-%g \u00b5m ESD "
             "(model %s)",
             r->spectrum == PM_SPECTRUM_SLOPE ? "slope" : "log biovolume",
             r->size_min_um, r->size_max_um, mc->fitted->spec->name);
    mc->units = "1";
    break;
  default:
    snprintf(mc->what, sizeof mc->what, "%s%s (model %s)", r->classes[0],
             r->n_classes > 1 ? " and other classes" : "",
             mc->fitted->spec->name);
    mc->units = "individuals";
  }
}

/* The flux estimator and its size window added to a flux model's
 * description, so that the maps say how the flux was estimated. */
static int describe_estimator(const pm_scenario *sc, model_ctx *mc)
{
  pm_flux_estimator e;
  size_t len = strlen(mc->comment);
  int status = pm_pipeline_flux_estimator(sc, &e);

  if (!status && len + 16 < sizeof mc->comment) {
    snprintf(mc->comment + len, sizeof mc->comment - len, "%sflux: ",
             len ? "; " : "");
    len = strlen(mc->comment);
    pm_pipeline_flux_describe_maps(sc, &e, mc->comment + len,
                                   sizeof mc->comment - len);
  }
  return status;
}

/* The draws: the bootstrap coefficients of the model file, or posterior
 * draws; the kind is added to the variables' comment. */
static int model_draws(model_ctx *mc)
{
  int status = pm_pipeline_model_draws(mc->fitted, mc->interval,
                                       sizeof mc->interval);
  size_t len = strlen(mc->comment);

  mc->D = pm_engine_nmembers(mc->fitted->engine);
  mc->seed = pm_engine_seed(mc->fitted->engine);
  snprintf(mc->comment + len, sizeof mc->comment - len, "%sintervals by %s",
           len ? "; " : "", mc->interval);
  return status;
}

/* The maps file's summary, naming each model's kind of interval;
 * allocated. */
static char *maps_summary(const run_ctx *r)
{
  const char *head =
      r->flux ? "Particle fluxes predicted by the fitted flux models at the "
                "depths of the flux section for one scenario, with standard "
                "errors and 95% intervals ("
              : "Concentrations predicted by the fitted models on the "
                "prediction grid for one scenario, with standard errors and "
                "95% intervals (";
  const char *tail = r->flux ? "), extrapolation flags and the Martin curve "
                               "fitted to each column's mean flux profile."
                             : "), extrapolation flags and column inventories.";
  size_t m, size = strlen(head) + strlen(tail) + 1, len;
  char *text;

  for (m = 0; m < r->nmodels; m++)
    size += strlen(r->models[m].fitted->spec->name) +
            strlen(r->models[m].interval) + 16;
  if (!(text = malloc(size))) return NULL;
  len = (size_t)snprintf(text, size, "%s", head);
  for (m = 0; m < r->nmodels; m++)
    len += (size_t)snprintf(text + len, size - len, "%smodel %s: %s",
                            m ? "; " : "", r->models[m].fitted->spec->name,
                            r->models[m].interval);
  snprintf(text + len, size - len, "%s", tail);
  return text;
}

static int is_flux_model(const pm_pipeline_fitted *model)
{
  return model->spec->response.kind == PM_RESPONSE_FLUX;
}

/* The columns of the model's area of applicability among those it reads,
 * when it has one. */
static int aoa_columns(model_ctx *mc)
{
  const pm_aoa *a = mc->fitted->aoa;

  if (!a) return PM_SUCCESS;
  if (!(mc->aoa_col = malloc((pm_aoa_ncovariates(a) + 1) *
                             sizeof *mc->aoa_col)))
    return pm_error_nomem();
  return pm_pipeline_aoa_map(a, mc->names, mc->ncols, mc->aoa_col);
}

/* The models of run r's group (flux models or the others), ready to
 * predict; r->nmodels is set. */
static int models_alloc(run_ctx *r, const pm_pipeline_fitted *models, size_t n)
{
  model_ctx *mc = calloc(n + 1, sizeof *mc);
  size_t i, j, m = 0;
  int status = PM_SUCCESS;

  if (!(r->models = mc)) return pm_error_nomem();
  for (i = 0; i < n && !status; i++) {
    const char *const *names;
    size_t ncols;
    if (is_flux_model(&models[i]) != r->flux) continue;
    mc[m].fitted = &models[i];
    describe(&mc[m]);
    r->nmodels = ++m;
    if (r->flux && (status = describe_estimator(r->sc, &mc[m - 1]))) break;
    if ((status = pm_engine_columns(models[i].engine, &names, &ncols)))
      break;
    mc[m - 1].names = names + 1; /* the response comes first */
    mc[m - 1].ncols = ncols - 1;
    for (j = 0; j < ncols - 1 && !status; j++)
      if (!r->pg->nmonths && !strcmp(names[j + 1], "month"))
        status = pm_error(PM_EINPUT, "%s: model '%s' reads month and the "
                          "maps are annual; give prediction.months",
                          models[i].spec->where, models[i].spec->name);
    if (!status)
      status = pm_pipeline_ranges_alloc(&mc[m - 1].ranges, mc[m - 1].fitted->engine,
                                   mc[m - 1].names, mc[m - 1].ncols);
    if (!status) status = aoa_columns(&mc[m - 1]);
    if (!status) status = model_draws(&mc[m - 1]);
  }
  return status;
}

static void models_free(model_ctx *mc, size_t n)
{
  size_t m;
  if (!mc) return;
  for (m = 0; m < n; m++) {
    pm_pipeline_ranges_free(&mc[m].ranges);
    free(mc[m].aoa_col);
  }
  free(mc);
}

/* A scenario's totals: per model its regions, per export horizon for a
 * flux model, with two more sets for the means of martin_b and teff_100. */
static int totals_alloc(run_ctx *r)
{
  const pm_scenario_flux *f = &r->sc->flux;
  size_t m, sets = r->flux ? f->n_export_depths + f->n_horizons + 2 : 1;
  int status = PM_SUCCESS;

  if (!(r->totals = calloc(r->nmodels + 1, sizeof *r->totals)))
    return pm_error_nomem();
  for (m = 0; m < r->nmodels && !status; m++)
    status = pm_totals_alloc(&r->totals[m], r->pg->nregions * sets,
                             r->models[m].D);
  return status;
}

static void totals_free(pm_totals **t, size_t n)
{
  size_t m;
  if (!t) return;
  for (m = 0; m < n; m++) pm_totals_free(t[m]);
  free(t);
}

/* Run one scenario (case index i; SIZE_MAX: the baseline): maps written to
 * DIR/maps_<name>.nc (flux models: DIR/flux_<name>.nc) when `write`,
 * totals into r->totals. */
static int run_scenario(run_ctx *r, size_t i, int write, const char *dir,
                        const pm_pipeline_opts *opt)
{
  const pm_scenario *sc = r->sc;
  const char *name = i == SIZE_MAX ? "baseline" : sc->cases[i].name;
  const char **mnames = NULL, **whats = NULL, **comments = NULL;
  const char **hnames = NULL;
  char *path = NULL, *summary = NULL;
  int *flux = NULL;
  double *aoa = NULL;
  size_t m;
  int status;
  pm_nc_meta meta;

  r->cs = i == SIZE_MAX ? NULL : &sc->cases[i];
  r->n_missing = r->n_no_horizon = r->n_extrapolated = r->n_shallow = 0;
  r->n_unfitted = 0;
  for (m = 0; m < r->nmodels; m++) {
    r->models[m].n_cells = r->models[m].n_flagged = 0;
    r->models[m].n_outside = 0;
    r->models[m].total = r->models[m].outside = 0;
  }
  if ((status = totals_alloc(r))) return status;
  if (!write) return predict_all(r, NULL);
  pm_pipeline_provenance_meta(r->prov, sc, &meta);
  mnames = malloc((r->nmodels + 1) * sizeof *mnames);
  whats = malloc((r->nmodels + 1) * sizeof *whats);
  comments = malloc((r->nmodels + 1) * sizeof *comments);
  flux = malloc((r->nmodels + 1) * sizeof *flux);
  aoa = malloc((r->nmodels + 1) * sizeof *aoa);
  hnames = malloc((sc->flux.n_horizons + 1) * sizeof *hnames);
  path = pm_run_file_path(dir, r->flux ? PM_RUN_FLUX_MAPS : PM_RUN_MAPS, name);
  meta.summary = summary = maps_summary(r);
  if (!mnames || !whats || !comments || !flux || !aoa || !hnames || !path ||
      !summary) {
    status = pm_error_nomem();
    goto cleanup;
  }
  for (m = 0; m < r->nmodels; m++) {
    mnames[m] = r->models[m].fitted->spec->name;
    whats[m] = r->models[m].what;
    comments[m] = r->models[m].comment;
    flux[m] = r->flux;
    aoa[m] = r->models[m].aoa_col ? pm_aoa_threshold(r->models[m].fitted->aoa)
                                  : NAN;
  }
  for (m = 0; m < sc->flux.n_horizons; m++)
    hnames[m] = sc->flux.horizons[m].name;
  {
    pm_ncmaps_spec spec = {
        .grid = r->pg->grid, .ndepth = r->pg->ndepth, .depth = r->pg->depth,
        .depth_bnds = r->pg->depth_bnds, .nmonths = r->pg->nmonths,
        .months = r->pg->months, .year = 2000, .scenario = name,
        .models = mnames, .what = whats, .comment = comments, .flux = flux,
        .aoa_threshold = aoa, .horizons = hnames,
        .nhorizons = r->flux ? sc->flux.n_horizons : 0,
        .nmodels = r->nmodels, .meta = &meta};
    status = pm_ncmaps_write(path, &spec, fill_maps, r);
  }
  if (!status)
    pm_pipeline_note(opt, "wrote %s (%zu ocean cells without a covariate value "
                "left out)\n", path, r->n_missing);
  for (m = 0; m < r->nmodels && !status; m++)
    if (r->models[m].aoa_col && r->models[m].n_cells)
      pm_pipeline_note(opt, "model %s: %.1f%% of the cells lie outside its "
                       "area of applicability (threshold %.3g), %.1f%% of "
                       "its global total\n", mnames[m],
                       100.0 * (double)r->models[m].n_outside /
                           (double)r->models[m].n_cells,
                       aoa[m], r->models[m].total > 0
                                   ? 100 * r->models[m].outside /
                                         r->models[m].total
                                   : NAN);
  if (!status && r->flux && r->sc->flux.n_horizons)
    pm_pipeline_note(opt, "export horizons (all horizons and models): %zu "
                "ocean columns without a horizon depth left out; %zu "
                "columns predicted above the shallowest flux depth (%g m) "
                "and %zu outside the fitting range of the model (depth or "
                "another covariate), predicted, not clipped\n",
                r->n_no_horizon, r->n_shallow, r->pg->depth[0],
                r->n_extrapolated);
  if (!status && r->n_unfitted)
    pm_pipeline_note(opt, "attenuation: %zu columns have a Martin fit of the "
                "mean flux but not under every draw; they are left out of "
                "the martin_b and teff_100 means\n", r->n_unfitted);
  if (status)
    pm_error_prefix(status, "scenario '%s'", name);
cleanup:
  free(mnames);
  free(whats);
  free(comments);
  free(flux);
  free(aoa);
  free(hnames);
  free(path);
  free(summary);
  return status;
}

static int has_case(const pm_scenario *sc, const char *only)
{
  size_t i;
  if (!strcmp(only, "baseline")) return 1;
  for (i = 0; i < sc->n_cases; i++)
    if (!strcmp(sc->cases[i].name, only)) return 1;
  return 0;
}

/* Per depth of the flux maps, the index of its export horizon, or -1;
 * and the depth of every per-cell horizon in every month, computed once
 * for all scenarios and models. */
static int horizons_alloc(run_ctx *r)
{
  const pm_scenario_flux *f = &r->sc->flux;
  const pm_pipeline_pgrid *pg = r->pg;
  size_t nmonth = pm_pipeline_pgrid_nsteps(pg), d, h, k;
  size_t ncol = pg->grid->nlat * pg->grid->nlon;
  int status = PM_SUCCESS;

  r->horizon = malloc((pg->ndepth + 1) * sizeof *r->horizon);
  r->hz_depth = malloc((f->n_horizons * nmonth * ncol + 1) * sizeof(double));
  r->hz_missing = malloc((f->n_horizons * nmonth + 1) * sizeof *r->hz_missing);
  if (!r->horizon || !r->hz_depth || !r->hz_missing) return pm_error_nomem();
  for (d = 0; d < pg->ndepth; d++) {
    r->horizon[d] = -1;
    for (h = 0; h < f->n_export_depths; h++)
      if (f->export_depths[h] == pg->depth[d]) r->horizon[d] = (int)h;
  }
  for (h = 0; h < f->n_horizons && !status; h++)
    for (k = 0; k < nmonth && !status; k++)
      status = pm_pipeline_horizon_depths(r->sc, pg, h,
                                     pm_pipeline_pgrid_month(pg, k),
                                     r->hz_depth + (h * nmonth + k) * ncol,
                                     &r->hz_missing[h * nmonth + k]);
  return status;
}

/* The baseline and the scenarios (or `only`) of one group of models: the
 * concentration models on the prediction grid, or (flux) the flux models
 * at the flux depths.  Totals are appended to *totals. */
static int predict_group(const pm_scenario *sc, const pm_pipeline_fitted *models,
                         size_t n, int flux, const char *only,
                         const pm_pipeline_opts *opt, const char *dir,
                         const pm_pipeline_provenance *prov,
                         pm_pipeline_total **totals, size_t *ntotals)
{
  pm_pipeline_pgrid pg = {0};
  run_ctx r = {.sc = sc, .pg = &pg, .prov = prov, .flux = flux};
  pm_totals **base = NULL;
  size_t i;
  int status;

  if ((status = pm_pipeline_pgrid_alloc(&pg, sc, flux ? sc->flux.depths : NULL,
                                   sc->flux.n_depths)) ||
      (status = models_alloc(&r, models, n)) ||
      (flux && (status = horizons_alloc(&r))))
    goto cleanup;
  /* the baseline: its totals are kept for the paired differences */
  if ((status = run_scenario(&r, SIZE_MAX,
                             dir && (!only || !strcmp(only, "baseline")),
                             dir, opt)))
    goto cleanup;
  if (dir && (!only || !strcmp(only, "baseline")) &&
      (status = collect_totals(&r, "baseline", NULL, totals, ntotals)))
    goto cleanup;
  base = r.totals;
  r.totals = NULL;
  for (i = 0; i < sc->n_cases && !status; i++) {
    if (only && strcmp(only, sc->cases[i].name)) continue;
    if (!(status = run_scenario(&r, i, dir != NULL, dir, opt)) && dir)
      status = collect_totals(&r, sc->cases[i].name, base, totals, ntotals);
    totals_free(r.totals, r.nmodels);
    r.totals = NULL;
  }
cleanup:
  totals_free(r.totals, r.nmodels);
  totals_free(base, r.nmodels);
  models_free(r.models, r.nmodels);
  free(r.horizon);
  free(r.hz_depth);
  free(r.hz_missing);
  pm_pipeline_pgrid_free(&pg);
  return status;
}

/* The other groups of the stage (flux models, rates, spectra), on rank 0
 * of an MPI job alone. */
static int predict_rest(const pm_scenario *sc, const pm_pipeline_fitted *models,
                        size_t n, size_t nflux, const char *only,
                        const pm_pipeline_opts *opt, const char *dir,
                        const pm_pipeline_provenance *prov,
                        pm_pipeline_total **totals, size_t *ntotals)
{
  int status = PM_SUCCESS, alone = pm_ranks_alone(1);

  if (nflux > 0)
    status = predict_group(sc, models, n, 1, only, opt, dir, prov, totals,
                           ntotals);
  if (!status && sc->n_rates > 0)
    status = pm_pipeline_stage_rates(sc, models, n, only, opt, dir, prov,
                                     totals, ntotals);
  if (!status && sc->flux.spectrum_biovolume)
    status = pm_pipeline_stage_spectrum(sc, models, n, only, opt, dir, prov,
                                        totals, ntotals);
  pm_ranks_alone(alone);
  return status;
}

int pm_pipeline_stage_predict(const pm_scenario *sc, const pm_pipeline_fitted *models,
                         size_t n, const char *only,
                         const pm_pipeline_opts *opt, const char *dir,
                         pm_pipeline_total **totals, size_t *ntotals)
{
  pm_pipeline_provenance prov = {0};
  size_t i, nflux = 0;
  int status = PM_SUCCESS;

  *totals = NULL;
  *ntotals = 0;
  if (n == 0)
    return pm_error(PM_EINPUT, "%s: no model to predict with; add a "
                    "`models` section", sc->path);
  if (only && !has_case(sc, only))
    return pm_error(PM_EINPUT, "%s: no scenario named '%s' (give "
                    "'baseline' or a name of the `scenarios` section)",
                    sc->path, only);
  for (i = 0; i < n; i++) nflux += (size_t)is_flux_model(&models[i]);
  if (dir) status = pm_pipeline_provenance_alloc(&prov, sc, models, n, opt);
  if (!status && nflux < n)
    status = predict_group(sc, models, n, 0, only, opt, dir, &prov, totals,
                           ntotals);
  if (!status && dir)
    status = predict_rest(sc, models, n, nflux, only, opt, dir, &prov, totals,
                          ntotals);
  pm_pipeline_provenance_free(&prov);
  if (!status) pm_pipeline_totals_classification(models, n, *totals, *ntotals);
  if (status) {
    pm_pipeline_totals_free(*totals, *ntotals);
    *totals = NULL;
    *ntotals = 0;
  }
  return status;
}
