/* stage_spectrum.c: the flux of the particle size spectrum rebuilt in every
 * cell, at the end of the predict stage: per scenario, the flux section's
 * `spectrum_models` (a log_biovolume and a slope model over one size
 * window) predicted at the flux depths, the power-law spectrum of each
 * cell rebuilt from the two (Clements et al. 2022, Global Biogeochem.
 * Cycles 36, e2021GB007276) and its flux in closed form
 * (science/flux_powerlaw.c, the flux section's estimator over the
 * models' window; with the calibration against the traps applied, its A
 * and b at each depth, Clements et al. 2023, read back from
 * flux_calibration.tsv), written as flux_<scenario>.nc with the export
 * totals and the Martin curve of each column (stage_predict_att.c).
 *
 * Member d of the flux uses member d of each model, as the rate sets pair
 * a biomass and an abundance model (stage_rates.c): the two models' draws
 * are independent, made with each one's seed, and must be as many.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "config.h"
#include "pm_error.h"
#include "pm_flux.h"
#include "pm_ncmaps.h"
#include "pm_rates.h"
#include "paired_model.h"
#include "stage_predict.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


typedef struct {
  const pm_scenario *sc;
  const pm_scenario_flux *f;
  pm_pipeline_pgrid pg;
  const pm_pipeline_provenance *prov;
  const pm_scenario_case *cs;
  pm_paired_model m[2];              /* log biovolume, slope */
  const char **names;       /* the union of the models' columns */
  size_t nnames, D;
  pm_flux_estimator e;      /* over the models' window */
  pm_flux_calib cal;        /* A(z) and b(z) when applied, else no nodes */
  double d1, d2;            /* the window, mm */
  int *horizon;             /* per depth: its export depth, or -1 */
  pm_totals *totals;        /* export depths, then b and T100 means */
  double *zref;             /* per column: the fixed reference depth */
  char what[256], comment[768];
} sctx;

/* --- set-up ---------------------------------------------------------- */

static void describe(sctx *s)
{
  char est[256];
  pm_pipeline_flux_describe_maps(s->sc, &s->e, est, sizeof est);
  snprintf(s->what, sizeof s->what,
           "particulate organic carbon of the power-law size spectrum of "
           "models %s and %s (%s)",
           s->f->spectrum_biovolume, s->f->spectrum_slope,
           s->f->spectrum_name);
  snprintf(s->comment, sizeof s->comment,
           "n(d) = N0 d^slope rebuilt in each cell from the log biovolume "
           "(model %s) and the slope (model %s) over %g-%g mm, its flux in "
           "closed form; flux: %s; draw d of each model together; intervals "
           "by %s",
           s->f->spectrum_biovolume, s->f->spectrum_slope, s->d1, s->d2, est,
           s->m[0].interval);
}

static int set_init(sctx *s, const pm_pipeline_fitted *models, size_t n,
                    const char *dir)
{
  const pm_pipeline_fitted *f[2];
  const char *const *names;
  size_t i, nc, max = 1;
  int status;

  f[0] = pm_paired_find(models, n, s->f->spectrum_biovolume);
  f[1] = pm_paired_find(models, n, s->f->spectrum_slope);
  if (!f[0] || !f[1])
    return pm_error(PM_EINPUT, "%s: model '%s' was not fitted; run the fit "
                    "stage first", s->f->spectrum_where,
                    f[0] ? s->f->spectrum_slope : s->f->spectrum_biovolume);
  for (i = 0; i < 2; i++) {
    if ((status = pm_engine_columns(f[i]->engine, &names, &nc)))
      return status;
    max += nc;
  }
  if (!(s->names = calloc(max + 1, sizeof *s->names))) return pm_error_nomem();
  for (i = 0; i < 2; i++)
    if ((status = pm_paired_init(&s->m[i], f[i], s->names, &s->nnames))) return status;
  s->D = s->m[0].D;
  if (s->m[1].D != s->D)
    return pm_error(PM_EINPUT, "%s: model '%s' has %zu draws and model '%s' "
                    "%zu; give both models the same `draws` (or bootstrap "
                    "refits)", s->f->spectrum_where, s->f->spectrum_biovolume,
                    s->D, s->f->spectrum_slope, s->m[1].D);
  s->d1 = f[0]->spec->response.size_min_um / 1000;
  s->d2 = f[0]->spec->response.size_max_um / 1000;
  if ((status = pm_pipeline_flux_estimator(s->sc, &s->e))) return status;
  s->e.min_mm = s->d1;
  s->e.max_mm = s->d2;
  if (s->f->calibrate && s->f->calib_apply &&
      (status = pm_pipeline_flux_calibration_read(dir, &s->cal)))
    return status;
  describe(s);
  return PM_SUCCESS;
}

/* Per depth its export horizon; per column the fixed reference depth of
 * the Martin curves (NAN with a per-column one: no curve). */
static int grid_init(sctx *s)
{
  const pm_pipeline_pgrid *pg = &s->pg;
  size_t ncol = pg->grid->nlat * pg->grid->nlon, d, h;

  s->horizon = malloc((pg->ndepth + 1) * sizeof *s->horizon);
  s->zref = malloc((ncol + 1) * sizeof *s->zref);
  if (!s->horizon || !s->zref) return pm_error_nomem();
  for (d = 0; d < pg->ndepth; d++) {
    s->horizon[d] = -1;
    for (h = 0; h < s->f->n_export_depths; h++)
      if (s->f->export_depths[h] == pg->depth[d]) s->horizon[d] = (int)h;
  }
  for (d = 0; d < ncol; d++)
    s->zref[d] = s->f->ref_horizon < 0 ? s->f->ref_depth : NAN;
  return PM_SUCCESS;
}

/* --- one month ------------------------------------------------------- */

/* A month's maps, the block being gathered, and its attenuation. */
typedef struct {
  double **x;                         /* nnames columns of every cell */
  double *mean, *se, *lower, *upper;  /* the maps */
  unsigned char *flag;
  double *b, *z_star, *teff, *b_se;   /* per column */
  double *remin[3];                   /* per layer: mean, lower, upper */
  size_t nb, *cell;                   /* the block */
  double *xb, *F, *Fd;                /* nnames x block; n; n x D */
  double *scratch;                    /* D: a cell's draws, reordered */
  unsigned char *bflag, *mflag;
  pm_pipeline_att_run att;
} sbuf;

static void sbuf_free(sbuf *b, size_t nnames)
{
  size_t j;
  for (j = 0; b->x && j < nnames; j++) free(b->x[j]);
  free(b->x);
  free(b->mean);
  free(b->se);
  free(b->lower);
  free(b->upper);
  free(b->flag);
  free(b->b);
  free(b->z_star);
  free(b->teff);
  free(b->b_se);
  for (j = 0; j < 3; j++) free(b->remin[j]);
  free(b->cell);
  free(b->xb);
  free(b->F);
  free(b->Fd);
  free(b->scratch);
  free(b->bflag);
  free(b->mflag);
}

static int sbuf_alloc(sbuf *b, const sctx *s, size_t block)
{
  const pm_pipeline_pgrid *pg = &s->pg;
  size_t ncell = pm_pipeline_pgrid_ncells(pg), j;
  size_t ncol = pg->grid->nlat * pg->grid->nlon;
  size_t nl = pg->ndepth > 1 ? (pg->ndepth - 1) * ncol : 1;
  int bad = 0;

  memset(b, 0, sizeof *b);
  if (!(b->x = calloc(s->nnames + 1, sizeof *b->x))) return pm_error_nomem();
  for (j = 0; j < s->nnames; j++)
    bad |= !(b->x[j] = malloc((ncell + 1) * sizeof **b->x));
  for (j = 0; j < 3; j++) bad |= !(b->remin[j] = pm_paired_nans(nl));
  b->mean = pm_paired_nans(ncell);
  b->se = pm_paired_nans(ncell);
  b->lower = pm_paired_nans(ncell);
  b->upper = pm_paired_nans(ncell);
  b->flag = malloc(ncell + 1);
  b->b = pm_paired_nans(ncol);
  b->z_star = pm_paired_nans(ncol);
  b->teff = pm_paired_nans(ncol);
  b->b_se = pm_paired_nans(ncol);
  b->cell = malloc((block + 1) * sizeof *b->cell);
  b->xb = malloc((s->nnames * block + 1) * sizeof *b->xb);
  b->F = malloc((block + 1) * sizeof *b->F);
  b->Fd = malloc((block * s->D + 1) * sizeof *b->Fd);
  b->scratch = malloc((s->D + 1) * sizeof *b->scratch);
  b->bflag = malloc(block + 1);
  b->mflag = malloc(block + 1);
  if (bad || !b->mean || !b->se || !b->lower || !b->upper || !b->flag ||
      !b->b || !b->z_star || !b->teff || !b->b_se || !b->cell || !b->xb ||
      !b->F || !b->Fd || !b->scratch || !b->bflag || !b->mflag)
    return pm_error_nomem();
  memset(b->flag, 255, ncell);
  return PM_SUCCESS;
}

/* The flux at depth z of the spectrum of log biovolume lv and slope s,
 * with the calibrated A(z) and b(z) when they are applied. */
static double spectrum_flux(const sctx *s, double z, double lv, double slope)
{
  pm_flux_estimator e = s->e;
  double F = NAN;

  if (s->cal.n_nodes > 0) pm_flux_calib_at(&s->cal, z, &e.A, &e.b);
  pm_flux_powerlaw(&e, pm_spectrum_powerlaw_n0(exp(lv), slope, s->d1, s->d2),
                   slope, &F);
  return F;
}

/* Cell k of the block: its flux under the mean and every member, its map
 * values and its share of the export totals. */
static int cell_flux(sctx *s, sbuf *b, size_t k)
{
  const pm_pipeline_pgrid *pg = &s->pg;
  size_t D = s->D, d, c = b->cell[k], ncol = pg->grid->nlat * pg->grid->nlon;
  size_t col = c % ncol, depth = c / ncol;
  double *Fd = b->Fd + k * D, w, lo = NAN, hi = NAN;
  double z = pg->depth[depth];
  int h = s->horizon[depth], status;

  b->F[k] = spectrum_flux(s, z, s->m[0].mean[k], s->m[1].mean[k]);
  for (d = 0; d < D; d++)
    Fd[d] = spectrum_flux(s, z, s->m[0].mu[k * D + d], s->m[1].mu[k * D + d]);
  b->mean[c] = b->F[k];
  b->se[c] = D > 1 ? pm_map_draw_sd(Fd, D) : NAN;
  if (D > 0) {
    memcpy(b->scratch, Fd, D * sizeof *Fd);
    pm_map_quantiles(b->scratch, D, &lo, &hi);
  }
  b->lower[c] = lo;
  b->upper[c] = hi;
  b->flag[c] = b->bflag[k];
  if (h < 0 || pg->region[col] < 0) return PM_SUCCESS;
  /* Pg C yr-1 over the cell's area, a month's share of the year */
  if ((status = pm_rates_pg_per_year(1.0, pg->grid->area[col / pg->grid->nlon],
                                     &w)))
    return status;
  w /= (double)pm_pipeline_pgrid_nsteps(pg);
  return pm_totals_add(s->totals,
                       (size_t)h * pg->nregions + (size_t)pg->region[col], w,
                       b->F[k], D ? Fd : NULL, s->m[0].seed);
}

/* The block: both models, the flux of the cells both predict, their
 * columns' attenuation. */
static int flush(sctx *s, sbuf *b, size_t block)
{
  size_t i, k, n = 0;
  int status = PM_SUCCESS;

  if (b->nb == 0) return PM_SUCCESS;
  for (k = 0; k < b->nb; k++) b->bflag[k] = 0;
  for (i = 0; i < 2 && !status; i++)
    status = pm_paired_predict(&s->m[i], b->xb, block, b->nb,
                               "the flux depths", b->mflag, b->bflag);
  for (k = 0; k < b->nb && !status; k++) {
    if (isnan(s->m[0].mean[k]) || isnan(s->m[1].mean[k])) continue;
    b->cell[n] = b->cell[k]; /* k >= n: the cells kept move forward */
    s->m[0].mean[n] = s->m[0].mean[k];
    s->m[1].mean[n] = s->m[1].mean[k];
    b->bflag[n] = b->bflag[k];
    memmove(s->m[0].mu + n * s->D, s->m[0].mu + k * s->D,
            s->D * sizeof *s->m[0].mu);
    memmove(s->m[1].mu + n * s->D, s->m[1].mu + k * s->D,
            s->D * sizeof *s->m[1].mu);
    status = cell_flux(s, b, n);
    n++;
  }
  if (!status)
    status = pm_pipeline_att_block(&b->att, b->cell, n, b->F,
                                   s->D ? b->Fd : NULL);
  b->nb = 0;
  return status;
}

typedef struct {
  sctx *s;
  sbuf *b;
  size_t block;
} block_ctx;

static void gather_cell(void *ctx, const pm_pipeline_cell *cell)
{
  block_ctx *bc = ctx;
  sbuf *b = bc->b;
  size_t j;
  for (j = 0; j < bc->s->nnames; j++)
    b->xb[j * bc->block + b->nb] = b->x[j][cell->at];
  b->cell[b->nb++] = cell->c;
}

static int flush_cells(void *ctx)
{
  block_ctx *bc = ctx;
  return flush(bc->s, bc->b, bc->block);
}

static int put_maps(pm_ncmaps *w, size_t k, const sbuf *b)
{
  pm_ncmaps_slice sl = {
      .mean = b->mean, .se = b->se, .lower = b->lower, .upper = b->upper,
      .extrapolation = b->flag, .martin_b = b->b, .z_star = b->z_star,
      .teff_100 = b->teff, .martin_b_se = b->b_se,
      .remin_mean = b->remin[0], .remin_lower = b->remin[1],
      .remin_upper = b->remin[2]};
  return pm_ncmaps_put(w, 0, k, &sl);
}

static int month(sctx *s, size_t k, pm_ncmaps *w)
{
  const pm_pipeline_pgrid *pg = &s->pg;
  size_t block = pm_pipeline_block_cells(pg), i;
  int mo = pm_pipeline_pgrid_month(pg, k), status;
  sbuf b;

  if ((status = sbuf_alloc(&b, s, block))) goto cleanup;
  for (i = 0; i < 2 && !status; i++) {
    pm_paired_model *m = &s->m[i];
    pm_mapper_free(m->mapper);
    m->mapper = NULL;
    free(m->mean);
    free(m->mu);
    m->mean = malloc((block + 1) * sizeof *m->mean);
    m->mu = malloc((block * s->D + 1) * sizeof *m->mu);
    if (!m->mean || !m->mu)
      status = pm_error_nomem();
    else
      status = pm_pipeline_model_mapper(m->fitted, m->D, m->seed, block,
                                        &m->mapper);
  }
  b.att = (pm_pipeline_att_run){
      .pg = pg, .f = s->f, .D = s->D, .seed = s->m[0].seed,
      .nmonth = pm_pipeline_pgrid_nsteps(pg), .zref = s->zref,
      .totals = s->totals,
      .first_region = s->f->n_export_depths * pg->nregions, .b = b.b,
      .z_star = b.z_star, .teff = b.teff, .b_se = b.b_se,
      .remin_mean = b.remin[0],
      .remin_lower = s->D ? b.remin[1] : NULL,
      .remin_upper = s->D ? b.remin[2] : NULL};
  if (status ||
      (status = pm_pipeline_predict_grid(s->sc, pg, s->cs, mo, s->names,
                                         s->nnames, b.x)))
    goto cleanup;
  {
    block_ctx bc = {s, &b, block};
    pm_pipeline_block_fns fns = {gather_cell, flush_cells, &bc};
    pm_field_rows all = pm_pipeline_pgrid_rows(pg);
    status = pm_pipeline_blocks(pg, &all, b.x, s->nnames, &fns, NULL);
  }
  if (!status && w) status = put_maps(w, k, &b);
cleanup:
  sbuf_free(&b, s->nnames);
  return status;
}

static int all_months(sctx *s, pm_ncmaps *w)
{
  size_t k, nmonth = pm_pipeline_pgrid_nsteps(&s->pg);
  int status = PM_SUCCESS;
  for (k = 0; k < nmonth && !status; k++) status = month(s, k, w);
  if (status) pm_error_prefix(status, "%s", s->f->spectrum_where);
  return status;
}

static int fill(pm_ncmaps *w, void *arg)
{
  return all_months(arg, w);
}

/* --- scenarios and totals --------------------------------------------- */

static int write_maps(sctx *s, const char *name, const char *dir,
                      const pm_pipeline_opts *opt)
{
  static const int flux = 1;
  const char *model = s->f->spectrum_name, *what = s->what;
  const char *comment = s->comment;
  pm_nc_meta meta;
  char *path = pm_run_file_path(dir, PM_RUN_FLUX_MAPS, name);
  int status;

  if (!path) return pm_error_nomem();
  pm_pipeline_provenance_meta(s->prov, s->sc, &meta);
  meta.title = "plankmap particle flux of the size spectrum";
  meta.summary = "Particle flux of the power-law size spectrum rebuilt in "
                 "every cell from the predicted log biovolume and slope, at "
                 "the depths of the flux section for one scenario, with "
                 "standard errors and 95% intervals from the paired draws "
                 "of the two models, extrapolation flags of either model "
                 "and the Martin curve of each column's mean flux profile.";
  {
    pm_ncmaps_spec spec = {
        .grid = s->pg.grid, .ndepth = s->pg.ndepth, .depth = s->pg.depth,
        .depth_bnds = s->pg.depth_bnds, .nmonths = s->pg.nmonths,
        .months = s->pg.months, .year = 2000, .scenario = name,
        .models = &model, .what = &what, .comment = &comment, .flux = &flux,
        .nmodels = 1, .meta = &meta};
    status = pm_ncmaps_write(path, &spec, fill, s);
  }
  if (!status) pm_pipeline_note(opt, "wrote %s\n", path);
  free(path);
  return status;
}

/* The export through each depth (Pg C yr-1) and the means of martin_b and
 * teff_100, per region and globally, with the differences against base. */
static int collect(const sctx *s, const char *scenario, const pm_totals *base,
                   pm_pipeline_total **list, size_t *n)
{
  size_t nreg = s->pg.nregions, ne = s->f->n_export_depths, h, g;
  char quantity[64], diff[80];
  int status = PM_SUCCESS;

  for (h = 0; h < ne + 2 && !status; h++) {
    pm_pipeline_total_name row = {scenario, s->f->spectrum_name, NULL,
                                  quantity, diff,
                                  h < ne ? "Pg C yr-1" : "1"};
    if (h < ne)
      snprintf(quantity, sizeof quantity, "export_%gm", s->f->export_depths[h]);
    else
      snprintf(quantity, sizeof quantity, "%s",
               h == ne ? "martin_b" : "teff_100");
    snprintf(diff, sizeof diff, "%s_difference", quantity);
    for (g = 0; g <= nreg && !status; g++) {
      row.region = g < nreg ? s->pg.region_names[g] : "global";
      status = pm_pipeline_totals_rows(list, n, &row, s->totals, base,
                                       h * nreg + (g < nreg ? g : 0),
                                       g < nreg ? 1 : nreg, h >= ne);
    }
  }
  return status;
}

/* One scenario (case i; SIZE_MAX: the baseline): fresh totals, and the
 * maps when `write`. */
static int run_case(sctx *s, size_t i, int write, const char *dir,
                    const pm_pipeline_opts *opt)
{
  const char *name = i == SIZE_MAX ? "baseline" : s->sc->cases[i].name;
  int status;

  s->cs = i == SIZE_MAX ? NULL : &s->sc->cases[i];
  pm_totals_free(s->totals);
  s->totals = NULL;
  if ((status = pm_totals_alloc(&s->totals,
                                (s->f->n_export_depths + 2) * s->pg.nregions,
                                s->D)))
    return status;
  status = write ? write_maps(s, name, dir, opt) : all_months(s, NULL);
  if (status) pm_error_prefix(status, "scenario '%s'", name);
  return status;
}

int pm_pipeline_stage_spectrum(const pm_scenario *sc,
                               const pm_pipeline_fitted *models, size_t n,
                               const char *only, const pm_pipeline_opts *opt,
                               const char *dir,
                               const pm_pipeline_provenance *prov,
                               pm_pipeline_total **totals, size_t *ntotals)
{
  sctx s = {.sc = sc, .f = &sc->flux, .prov = prov};
  pm_totals *base = NULL;
  int all = !only || !strcmp(only, "baseline"), status;
  size_t i;

  if ((status = set_init(&s, models, n, dir)) ||
      (status = pm_pipeline_pgrid_alloc(&s.pg, sc, sc->flux.depths,
                                        sc->flux.n_depths)) ||
      (status = grid_init(&s)) ||
      (status = run_case(&s, SIZE_MAX, all, dir, opt)) ||
      (all && (status = collect(&s, "baseline", NULL, totals, ntotals))))
    goto cleanup;
  base = s.totals;
  s.totals = NULL;
  for (i = 0; i < sc->n_cases && !status; i++) {
    if (only && strcmp(only, sc->cases[i].name)) continue;
    if (!(status = run_case(&s, i, 1, dir, opt)))
      status = collect(&s, sc->cases[i].name, base, totals, ntotals);
  }
cleanup:
  pm_totals_free(base);
  pm_totals_free(s.totals);
  for (i = 0; i < 2; i++) pm_paired_free(&s.m[i]);
  free(s.names);
  free(s.horizon);
  free(s.zref);
  pm_pipeline_pgrid_free(&s.pg);
  return status;
}
