/* stage_rates.c: the process rates of the `rates` section, at the end of
 * the predict stage: per scenario, the respiration, carbon demand and
 * silica of every rate set on the prediction grid (rates_<scenario>.nc),
 * with column integrals and global totals (Pg C yr-1, Tmol Si yr-1), over
 * the whole prediction depth range and over each of the set's `layers`.
 *
 * A rate set's biomass model (and abundance model) is predicted block by
 * block at its fitted coefficients and under each of its draws
 * (pm_mapper_cells, mu_draws); the rates of every draw give the intervals
 * (science/rates_grid.c).  With two models, draw d of the rate uses draw d
 * of each: the two models' draws are independent, made with each model's
 * own seed, and must be as many.  A scenario's totals are paired with the
 * baseline's through the same draws, as for concentrations.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "config.h"
#include "pm_error.h"
#include "pm_ncmaps.h"
#include "pm_rates.h"
#include "paired_model.h"
#include "stage_predict.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>



/* A rate set during one scenario. */
typedef struct {
  const pm_scenario_rates *rs;
  pm_paired_model m[2];              /* biomass, abundance */
  size_t nm;
  const char **names;       /* the union of the models' columns and T */
  size_t nnames, tcol;
  size_t D;
  unsigned long seed;
  pm_totals **totals;       /* (1 + layers) x PM_RATE_N: the whole range,
                               then each layer (pm_rates_grid_cells) */
  size_t first;             /* its first map set in the file */
  char what[PM_RATE_N][128];  /* "respiration of rate set X" */
  char comment[1024];         /* its form, parameters, models, intervals */
  pm_rates_grid *grid;
} rset;

typedef struct {
  const pm_scenario *sc;
  pm_pipeline_pgrid pg;
  const pm_pipeline_provenance *prov; /* of the maps */
  const pm_scenario_case *cs;
  rset *sets;
  size_t nsets;
} rctx;

static int n_rates(const rset *s)
{
  return s->rs->spec.silica ? PM_RATE_N : PM_RATE_SILICA_STOCK;
}

/* --- set-up ---------------------------------------------------------- */

/* Long names, "respiration of rate set X", and the comment of the set's
 * variables: "Ikeda 1985 ...; biomass model B, abundance model N;
 * intervals by ...". */
static void describe(rset *s)
{
  static const char *const what[PM_RATE_N] = {
      "respiration", "carbon demand (respiration / (ae (1 - k2)))",
      "biogenic silica stock", "biogenic silica production"};
  const pm_rates_spec *p = &s->rs->spec;
  char form[128], models[384];
  int k;

  if (p->form == PM_RESPIRATION_IKEDA)
    snprintf(form, sizeof form, "Ikeda 1985 form ln R = a0 + a1 ln W + a2 T "
             "with a0 %g, a1 %g, a2 %g, rq %g", p->ikeda.a0, p->ikeda.a1,
             p->ikeda.a2, p->ikeda.rq);
  else
    snprintf(form, sizeof form, "Q10 %g, %g d-1 at %g degrees C", p->q10,
             p->r_ref_per_d, p->t_ref);
  snprintf(models, sizeof models, "biomass model %s, %s%s%s",
           s->rs->biomass_model,
           s->nm > 1 ? "abundance model " : "individual mass from the config",
           s->nm > 1 ? s->rs->abundance_model : "",
           s->nm > 1 ? ", draw d of each model together" : "");
  for (k = 0; k < n_rates(s); k++)
    snprintf(s->what[k], sizeof s->what[k], "%s of rate set %s", what[k],
             s->rs->name);
  snprintf(s->comment, sizeof s->comment,
           "%s; ae %g, k2 %g; %s; temperature %s; intervals by %s", form,
           p->ae, p->k2, models, s->rs->temperature, s->m[0].interval);
}

/* The models' draws must pair one to one. */
static int check_draws(const rset *s)
{
  if (s->nm < 2 || s->m[1].D == s->D) return PM_SUCCESS;
  return pm_error(PM_EINPUT, "%s: the biomass model '%s' has %zu draws and "
                  "the abundance model '%s' %zu; give both models the same "
                  "`draws` (or bootstrap refits)",
                  s->rs->where, s->rs->biomass_model, s->D,
                  s->rs->abundance_model, s->m[1].D);
}

static int set_init(rset *s, const pm_scenario_rates *rs,
                    const pm_pipeline_fitted *models, size_t n)
{
  const pm_pipeline_fitted *f[2];
  const char *const *names;
  size_t i, nc, max = 1;
  int status;

  s->rs = rs;
  f[0] = pm_paired_find(models, n, rs->biomass_model);
  f[1] = rs->abundance_model ? pm_paired_find(models, n, rs->abundance_model)
                             : NULL;
  if (!f[0] || (rs->abundance_model && !f[1]))
    return pm_error(PM_EINPUT, "%s: model '%s' was not fitted; run the fit "
                    "stage first", rs->where,
                    f[0] ? rs->abundance_model : rs->biomass_model);
  s->nm = f[1] ? 2 : 1;
  for (i = 0; i < s->nm; i++) {
    if ((status = pm_engine_columns(f[i]->engine, &names, &nc)))
      return status;
    max += nc;
  }
  if (!(s->names = calloc(max + 1, sizeof *s->names))) return pm_error_nomem();
  for (i = 0; i < s->nm; i++)
    if ((status = pm_paired_init(&s->m[i], f[i], s->names, &s->nnames))) return status;
  s->tcol = pm_paired_column(s->names, &s->nnames, rs->temperature);
  s->D = s->m[0].D;
  s->seed = s->m[0].seed;
  if ((status = check_draws(s))) return status;
  describe(s);
  return pm_rates_grid_alloc(&s->grid, &rs->spec, s->D);
}

static void totals_free(pm_totals **t, const pm_scenario_rates *rs)
{
  size_t j;
  for (j = 0; t && j < (rs->n_layers + 1) * PM_RATE_N; j++)
    pm_totals_free(t[j]);
  free(t);
}

static void set_free(rset *s)
{
  size_t i;
  for (i = 0; i < s->nm; i++) pm_paired_free(&s->m[i]);
  totals_free(s->totals, s->rs);
  pm_rates_grid_free(s->grid);
  free(s->names);
}

/* --- one month of one rate set ---------------------------------------- */

/* The maps of a month and the block being gathered. */
typedef struct {
  double **x;                         /* nnames columns of every cell */
  double *map[PM_RATE_N][4];          /* mean, se, lower, upper */
  double *col[PM_RATE_N][3];          /* column integral, lower, upper */
  unsigned char *flag;
  size_t nb, *cell, *column;          /* the block */
  double *volume, *thick, *T, *xb;    /* xb: nnames x block */
  double *bnds;                       /* 2 x block: depth bounds */
  int *region;
  unsigned char *bflag, *mflag; /* the block's flags: all models, one */
  double *bmap[PM_RATE_N][4], *bcol[PM_RATE_N][3];
} rbuf;

static void rbuf_free(rbuf *b, size_t nnames)
{
  size_t j, k;
  for (j = 0; b->x && j < nnames; j++) free(b->x[j]);
  free(b->x);
  for (k = 0; k < PM_RATE_N; k++) {
    for (j = 0; j < 4; j++) free(b->map[k][j]), free(b->bmap[k][j]);
    for (j = 0; j < 3; j++) free(b->col[k][j]), free(b->bcol[k][j]);
  }
  free(b->flag);
  free(b->cell);
  free(b->column);
  free(b->volume);
  free(b->thick);
  free(b->bnds);
  free(b->T);
  free(b->xb);
  free(b->region);
  free(b->bflag);
  free(b->mflag);
}

static int rbuf_alloc(rbuf *b, size_t nnames, size_t ncell, size_t ncol2d,
                      size_t block)
{
  size_t j, k;
  int bad = 0;

  memset(b, 0, sizeof *b);
  if (!(b->x = calloc(nnames + 1, sizeof *b->x))) return pm_error_nomem();
  for (j = 0; j < nnames; j++) bad |= !(b->x[j] = malloc(ncell * sizeof **b->x));
  for (k = 0; k < PM_RATE_N; k++) {
    for (j = 0; j < 4; j++)
      bad |= !(b->map[k][j] = pm_paired_nans(ncell)) || !(b->bmap[k][j] = pm_paired_nans(block));
    for (j = 0; j < 3; j++)
      bad |= !(b->col[k][j] = pm_paired_nans(ncol2d)) || !(b->bcol[k][j] = pm_paired_nans(block));
  }
  b->flag = malloc(ncell + 1);
  b->cell = malloc(block * sizeof *b->cell);
  b->column = malloc(block * sizeof *b->column);
  b->volume = malloc(block * sizeof *b->volume);
  b->thick = malloc(block * sizeof *b->thick);
  b->bnds = malloc(2 * block * sizeof *b->bnds);
  b->T = malloc(block * sizeof *b->T);
  b->xb = malloc(nnames * block * sizeof *b->xb + 1);
  b->region = malloc(block * sizeof *b->region);
  b->bflag = malloc(block + 1);
  b->mflag = malloc(block + 1);
  if (bad || !b->flag || !b->cell || !b->column || !b->volume || !b->thick ||
      !b->bnds || !b->T || !b->xb || !b->region || !b->bflag ||
      !b->mflag)
    return pm_error_nomem();
  memset(b->flag, 255, ncell);
  return PM_SUCCESS;
}

/* Keep the block rows every model predicted (moved to the front). */
static size_t compact(rset *s, rbuf *b)
{
  size_t k, i, n = 0, D = s->D;

  for (k = 0; k < b->nb; k++) {
    int ok = 1;
    for (i = 0; i < s->nm; i++) ok &= !isnan(s->m[i].mean[k]);
    if (!ok) continue;
    for (i = 0; i < s->nm && n != k; i++) {
      s->m[i].mean[n] = s->m[i].mean[k];
      memmove(s->m[i].mu + n * D, s->m[i].mu + k * D, D * sizeof *s->m[i].mu);
    }
    b->cell[n] = b->cell[k];
    b->column[n] = b->column[k];
    b->volume[n] = b->volume[k];
    b->thick[n] = b->thick[k];
    b->bnds[2 * n] = b->bnds[2 * k];
    b->bnds[2 * n + 1] = b->bnds[2 * k + 1];
    b->T[n] = b->T[k];
    b->region[n] = b->region[k];
    b->bflag[n++] = b->bflag[k];
  }
  return n;
}

/* The rates of the block, scattered onto the maps. */
static int flush(rset *s, rbuf *b, size_t block)
{
  size_t i, k, j, n, c = 0, nr = (size_t)n_rates(s);
  pm_rates_values v = {0};
  int status;

  if (b->nb == 0) return PM_SUCCESS;
  for (k = 0; k < b->nb; k++) b->bflag[k] = 0;
  for (i = 0; i < s->nm; i++)
    if ((status = pm_paired_predict(&s->m[i], b->xb, block, b->nb,
                                    "the prediction grid", b->mflag,
                                    b->bflag)))
      goto cleanup;
  n = compact(s, b);
  for (k = 0; k < nr; k++) {
    v.mean[k] = b->bmap[k][0];
    v.se[k] = b->bmap[k][1];
    v.lower[k] = b->bmap[k][2];
    v.upper[k] = b->bmap[k][3];
    v.col_mean[k] = b->bcol[k][0];
    v.col_lower[k] = b->bcol[k][1];
    v.col_upper[k] = b->bcol[k][2];
  }
  {
    pm_rates_cells cells = {
        .n = n, .ndraws = s->D, .B = s->m[0].mean, .B_draws = s->m[0].mu,
        .N = s->nm > 1 ? s->m[1].mean : NULL,
        .N_draws = s->nm > 1 ? s->m[1].mu : NULL, .T = b->T,
        .volume = b->volume, .region = b->region, .thickness = b->thick,
        .column = b->column, .nlayers = s->rs->n_layers,
        .layers = s->rs->layers, .bnds = b->bnds};
    if ((status = pm_rates_grid_cells(s->grid, &cells, &v, s->totals,
                                      s->seed)))
      goto cleanup;
  }
  for (i = 0; i < n; i++) {
    size_t cell = b->cell[i];
    b->flag[cell] = b->bflag[i];
    for (k = 0; k < nr; k++)
      for (j = 0; j < 4; j++) b->map[k][j][cell] = b->bmap[k][j][i];
    if (i > 0 && b->column[i] == b->column[i - 1]) continue;
    for (k = 0; k < nr; k++) /* one integral per run of a column */
      for (j = 0; j < 3; j++) b->col[k][j][b->column[i]] = b->bcol[k][j][c];
    c++;
  }
cleanup:
  b->nb = 0;
  return status;
}

/* Add a cell to the block. */
static void gather(rctx *r, rset *s, rbuf *b, const pm_pipeline_cell *cell,
                   size_t block)
{
  const pm_pipeline_pgrid *pg = &r->pg;
  size_t j, nmonth = pm_pipeline_pgrid_nsteps(pg), d = cell->d;
  double thick = pg->depth_bnds[2 * d + 1] - pg->depth_bnds[2 * d];

  for (j = 0; j < s->nnames; j++)
    b->xb[j * block + b->nb] = b->x[j][cell->at];
  b->cell[b->nb] = cell->c;
  b->column[b->nb] = cell->col;
  b->thick[b->nb] = thick;
  memcpy(b->bnds + 2 * b->nb, pg->depth_bnds + 2 * d, 2 * sizeof *b->bnds);
  b->volume[b->nb] =
      pg->grid->area[cell->col / pg->grid->nlon] * thick / (double)nmonth;
  b->region[b->nb] = pg->region[cell->col];
  b->T[b->nb++] = b->x[s->tcol][cell->at];
}

/* What the block loop hands to gather_cell and flush_cells. */
typedef struct {
  rctx *r;
  rset *s;
  rbuf *b;
  size_t block;
} block_ctx;

static void gather_cell(void *ctx, const pm_pipeline_cell *cell)
{
  block_ctx *bc = ctx;
  gather(bc->r, bc->s, bc->b, cell, bc->block);
}

static int flush_cells(void *ctx)
{
  block_ctx *bc = ctx;
  return flush(bc->s, bc->b, bc->block);
}

static int put_maps(pm_ncmaps *w, const rset *s, size_t month,
                    const rbuf *b)
{
  int k, status = PM_SUCCESS;

  for (k = 0; k < n_rates(s) && !status; k++) {
    pm_ncmaps_slice sl = {.mean = b->map[k][0], .se = b->map[k][1],
                          .lower = b->map[k][2], .upper = b->map[k][3],
                          .extrapolation = b->flag,
                          .inventory = b->col[k][0],
                          .column_lower = b->col[k][1],
                          .column_upper = b->col[k][2]};
    status = pm_ncmaps_put(w, s->first + (size_t)k, month, &sl);
  }
  return status;
}

static int rates_month(rctx *r, rset *s, size_t k, pm_ncmaps *w)
{
  const pm_pipeline_pgrid *pg = &r->pg;
  size_t ncol2d = pg->grid->nlat * pg->grid->nlon;
  size_t block = pm_pipeline_block_cells(pg), i;
  int month = pm_pipeline_pgrid_month(pg, k), status;
  rbuf b;

  if ((status = rbuf_alloc(&b, s->nnames, pm_pipeline_pgrid_ncells(pg), ncol2d,
                           block)))
    goto cleanup;
  for (i = 0; i < s->nm && !status; i++) {
    pm_paired_model *m = &s->m[i];
    pm_mapper_free(m->mapper);
    m->mapper = NULL;
    free(m->mean);
    free(m->mu);
    m->mean = malloc(block * sizeof *m->mean);
    m->mu = malloc(block * s->D * sizeof *m->mu);
    if (!m->mean || !m->mu)
      status = pm_error_nomem();
    else
      status = pm_pipeline_model_mapper(m->fitted, m->D, m->seed, block,
                                        &m->mapper);
  }
  if (status ||
      (status = pm_pipeline_predict_grid(r->sc, pg, r->cs, month, s->names,
                                         s->nnames, b.x)))
    goto cleanup;
  {
    block_ctx bc = {r, s, &b, block};
    pm_pipeline_block_fns fns = {gather_cell, flush_cells, &bc};
    pm_field_rows all = pm_pipeline_pgrid_rows(pg);
    status = pm_pipeline_blocks(pg, &all, b.x, s->nnames, &fns, NULL);
  }
  if (!status && w) status = put_maps(w, s, k, &b);
cleanup:
  rbuf_free(&b, s->nnames);
  return status;
}

static int rates_all(rctx *r, pm_ncmaps *w)
{
  size_t i, k, nmonth = pm_pipeline_pgrid_nsteps(&r->pg);
  int status = PM_SUCCESS;

  for (i = 0; i < r->nsets && !status; i++) {
    for (k = 0; k < nmonth && !status; k++)
      status = rates_month(r, &r->sets[i], k, w);
    if (status) pm_error_prefix(status, "%s", r->sets[i].rs->where);
  }
  return status;
}

static int fill(pm_ncmaps *w, void *arg)
{
  return rates_all(arg, w);
}

/* --- scenarios and totals --------------------------------------------- */

/* Fresh totals of every set: rate k over the whole range and per layer. */
static int totals_alloc(rctx *r)
{
  size_t i, l;
  int k, status = PM_SUCCESS;

  for (i = 0; i < r->nsets && !status; i++) {
    rset *s = &r->sets[i];
    totals_free(s->totals, s->rs);
    if (!(s->totals = calloc((s->rs->n_layers + 1) * PM_RATE_N,
                             sizeof *s->totals)))
      return pm_error_nomem();
    for (l = 0; l <= s->rs->n_layers && !status; l++)
      for (k = 0; k < n_rates(s) && !status; k++)
        status = pm_totals_alloc(&s->totals[l * PM_RATE_N + (size_t)k],
                                 r->pg.nregions, s->D);
  }
  return status;
}

/* The file's map sets: one per rate of every rate set, "<set>_<rate>". */
typedef struct {
  size_t n;
  char (*names)[160];
  const char **mnames, **whats, **comments;
  const pm_ncmaps_rate **units;
  pm_ncmaps_rate unit[PM_RATE_N];
} map_sets;

static void map_sets_free(map_sets *ms)
{
  free(ms->names);
  free(ms->mnames);
  free(ms->whats);
  free(ms->comments);
  free(ms->units);
}

static int map_sets_alloc(rctx *r, map_sets *ms)
{
  size_t i, total = 0;
  int k;

  memset(ms, 0, sizeof *ms);
  for (k = 0; k < PM_RATE_N; k++) {
    ms->unit[k].units = pm_rate_units((pm_rate)k, 0, 0);
    ms->unit[k].column_units = pm_rate_units((pm_rate)k, 1, 0);
    ms->unit[k].familiar = pm_rate_units((pm_rate)k, 0, 1);
    ms->unit[k].column_familiar = pm_rate_units((pm_rate)k, 1, 1);
  }
  for (i = 0; i < r->nsets; i++) total += (size_t)n_rates(&r->sets[i]);
  ms->names = malloc((total + 1) * sizeof *ms->names);
  ms->mnames = malloc((total + 1) * sizeof *ms->mnames);
  ms->whats = malloc((total + 1) * sizeof *ms->whats);
  ms->comments = malloc((total + 1) * sizeof *ms->comments);
  ms->units = malloc((total + 1) * sizeof *ms->units);
  if (!ms->names || !ms->mnames || !ms->whats || !ms->comments || !ms->units)
    return pm_error_nomem();
  for (i = 0; i < r->nsets; i++) {
    rset *s = &r->sets[i];
    s->first = ms->n;
    for (k = 0; k < n_rates(s); k++, ms->n++) {
      snprintf(ms->names[ms->n], sizeof ms->names[ms->n], "%s_%s",
               s->rs->name, pm_rate_name((pm_rate)k));
      ms->mnames[ms->n] = ms->names[ms->n];
      ms->whats[ms->n] = s->what[k];
      ms->comments[ms->n] = s->comment;
      ms->units[ms->n] = &ms->unit[k];
    }
  }
  return PM_SUCCESS;
}

static int write_maps(rctx *r, const char *name, const char *dir,
                      const pm_pipeline_opts *opt)
{
  map_sets ms;
  pm_nc_meta meta;
  char *path = pm_run_file_path(dir, PM_RUN_RATES, name);
  int status;

  if (!path) return pm_error_nomem();
  if ((status = map_sets_alloc(r, &ms))) goto cleanup;
  pm_pipeline_provenance_meta(r->prov, r->sc, &meta);
  meta.title = "plankmap process rates";
  meta.summary = "Respiration, carbon demand and biogenic silica of the rate "
                 "sets of the config on the prediction grid for one "
                 "scenario, from the predicted biomass (and abundance) and "
                 "temperature of every cell, with standard errors and 95% "
                 "intervals from the draws of the models' coefficients, "
                 "extrapolation flags of either model and column integrals "
                 "with their intervals.";
  {
    pm_ncmaps_spec spec = {
        .grid = r->pg.grid, .ndepth = r->pg.ndepth, .depth = r->pg.depth,
        .depth_bnds = r->pg.depth_bnds, .nmonths = r->pg.nmonths,
        .months = r->pg.months, .year = 2000, .scenario = name,
        .models = ms.mnames, .what = ms.whats, .comment = ms.comments,
        .rates = ms.units,
        .nmodels = ms.n, .meta = &meta};
    status = pm_ncmaps_write(path, &spec, fill, r);
  }
  if (!status) pm_pipeline_note(opt, "wrote %s\n", path);
cleanup:
  map_sets_free(&ms);
  free(path);
  return status;
}

/* "<set>_<rate>" for the whole range (l = 0), "<set>_<rate>_<top>_<bottom>m"
 * for layer l - 1. */
static void quantity_name(char *out, size_t size, const rset *s, int k,
                          size_t l)
{
  int n = snprintf(out, size, "%s_%s", s->rs->name, pm_rate_name((pm_rate)k));
  if (l > 0 && n > 0 && (size_t)n < size)
    snprintf(out + n, size - (size_t)n, "_%g_%gm", s->rs->layers[2 * (l - 1)],
             s->rs->layers[2 * (l - 1) + 1]);
}

/* The totals of scenario `name`, and the paired differences against the
 * baseline's (`base`, NULL for the baseline itself; base[i] as
 * sets[i].totals). */
static int collect(const rctx *r, const char *name, pm_totals ***base,
                   pm_pipeline_total **list, size_t *n)
{
  size_t i, g, l, j, nreg = r->pg.nregions;
  char quantity[192], diff[208];
  int k, status = PM_SUCCESS;

  for (i = 0; i < r->nsets && !status; i++) {
    const rset *s = &r->sets[i];
    for (l = 0; l <= s->rs->n_layers && !status; l++)
      for (k = 0; k < n_rates(s) && !status; k++) {
        pm_pipeline_total_name row = {name, s->rs->name, NULL, quantity, diff,
                                 pm_rate_total_units((pm_rate)k)};
        j = l * PM_RATE_N + (size_t)k;
        quantity_name(quantity, sizeof quantity, s, k, l);
        snprintf(diff, sizeof diff, "%s_difference", quantity);
        for (g = 0; g <= nreg && !status; g++) {
          row.region = g < nreg ? r->pg.region_names[g] : "global";
          status = pm_pipeline_totals_rows(list, n, &row, s->totals[j],
                                      base ? base[i][j] : NULL,
                                      g < nreg ? g : 0, g < nreg ? 1 : nreg,
                                      0);
        }
      }
  }
  return status;
}

/* Take the sets' totals (the baseline's, kept for the differences). */
static int keep_totals(rctx *r, pm_totals ****base)
{
  size_t i;
  if (!(*base = calloc(r->nsets + 1, sizeof **base))) return pm_error_nomem();
  for (i = 0; i < r->nsets; i++) {
    (*base)[i] = r->sets[i].totals;
    r->sets[i].totals = NULL;
  }
  return PM_SUCCESS;
}

static void base_free(pm_totals ***base, const rctx *r)
{
  size_t i;
  for (i = 0; base && i < r->nsets; i++)
    totals_free(base[i], r->sets[i].rs);
  free(base);
}

/* One scenario (case i; SIZE_MAX: the baseline): its totals, and its maps
 * when `write`. */
static int run_case(rctx *r, size_t i, int write, const char *dir,
                    const pm_pipeline_opts *opt)
{
  const char *name = i == SIZE_MAX ? "baseline" : r->sc->cases[i].name;
  int status;

  r->cs = i == SIZE_MAX ? NULL : &r->sc->cases[i];
  if ((status = totals_alloc(r))) return status;
  status = write ? write_maps(r, name, dir, opt) : rates_all(r, NULL);
  if (status) pm_error_prefix(status, "scenario '%s'", name);
  return status;
}

int pm_pipeline_stage_rates(const pm_scenario *sc, const pm_pipeline_fitted *models,
                       size_t n, const char *only, const pm_pipeline_opts *opt,
                       const char *dir, const pm_pipeline_provenance *prov,
                       pm_pipeline_total **totals, size_t *ntotals)
{
  rctx r = {.sc = sc, .prov = prov};
  pm_totals ***base = NULL;
  int all = !only || !strcmp(only, "baseline"), status;
  size_t i;

  if (!(r.sets = calloc(sc->n_rates + 1, sizeof *r.sets)))
    return pm_error_nomem();
  for (i = 0; i < sc->n_rates; i++)
    if ((status = set_init(&r.sets[r.nsets++], &sc->rates[i], models, n)))
      goto cleanup;
  if ((status = pm_pipeline_pgrid_alloc(&r.pg, sc, NULL, 0)) ||
      (status = run_case(&r, SIZE_MAX, all, dir, opt)) ||
      (all && (status = collect(&r, "baseline", NULL, totals, ntotals))) ||
      (status = keep_totals(&r, &base)))
    goto cleanup;
  for (i = 0; i < sc->n_cases && !status; i++) {
    if (only && strcmp(only, sc->cases[i].name)) continue;
    if (!(status = run_case(&r, i, 1, dir, opt)))
      status = collect(&r, sc->cases[i].name, base, totals, ntotals);
  }
cleanup:
  base_free(base, &r);
  for (i = 0; i < r.nsets; i++) set_free(&r.sets[i]);
  free(r.sets);
  pm_pipeline_pgrid_free(&r.pg);
  return status;
}
