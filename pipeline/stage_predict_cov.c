/* stage_predict_cov.c: the prediction grid of the predict stage (layers,
 * relief mask, regions) and the covariates of its cells under a scenario.
 *
 * Covariate fields are regridded onto the cell centres at the depths of the
 * maps with pm_field_regrid (PM_FIELD_AUTO: conservative where the field is
 * finer than the grid, else bilinear), month by month for a 12-month
 * climatology.  Annual maps of a monthly field use the mean of its 12
 * regridded months (the annual-mean covariate), so that one prediction
 * stands for the year.  Scenario changes act on the covariate's values
 * before its transform; a change of a built-in changes that column alone
 * (a change of depth does not move logdepth).
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "pm_builtin.h"
#include "pm_error.h"
#include "pm_mapper.h"
#include "stage_predict.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void pm_pipeline_pgrid_free(pm_pipeline_pgrid *pg)
{
  size_t i;
  if (pg->region_names)
    for (i = 0; i < pg->nregions; i++) free(pg->region_names[i]);
  free(pg->region_names);
  if (pg->fields)
    for (i = 0; i < pg->nfields; i++) pm_field_free(pg->fields[i]);
  free(pg->fields);
  free(pg->region);
  free(pg->masked);
  free(pg->depth);
  free(pg->depth_bnds);
  free(pg->top);
  pm_grid_free(pg->grid);
  memset(pg, 0, sizeof *pg);
}

/* Layers from `depth_edges` (mid-depths), or points `depths` with the
 * layers of pm_grid_depth_layer. */
static int layers(pm_pipeline_pgrid *pg, const pm_scenario *sc,
                  const double *depths, size_t ndepths)
{
  const pm_scenario_prediction *p = &sc->prediction;
  const double *at = depths ? depths : p->depths;
  int points = at != NULL;
  const double *e = p->n_depth_edges ? p->depth_edges : sc->grid.depth_edges;
  size_t n = depths ? ndepths
                    : points ? p->n_depths
                             : (p->n_depth_edges ? p->n_depth_edges
                                                 : sc->grid.n_depth_edges) -
                                   1,
         k;

  pg->ndepth = n;
  pg->depth = malloc(n * sizeof *pg->depth);
  pg->top = malloc(n * sizeof *pg->top);
  pg->depth_bnds = malloc(2 * n * sizeof *pg->depth_bnds);
  if (!pg->depth || !pg->top || !pg->depth_bnds) return pm_error_nomem();
  for (k = 0; k < n; k++) {
    double *b = pg->depth_bnds + 2 * k;
    if (!points) {
      b[0] = e[k];
      b[1] = e[k + 1];
      pg->depth[k] = 0.5 * (b[0] + b[1]);
      pg->top[k] = b[0];
      continue;
    }
    pg->depth[k] = pg->top[k] = at[k];
    pm_grid_depth_layer(at, n, k, &b[0], &b[1]);
  }
  return PM_SUCCESS;
}

/* Land (relief >= 0) and cells whose top lies below the seafloor
 * (top > -relief) are masked; without a relief nothing is. */
static int relief_mask(pm_pipeline_pgrid *pg, const pm_scenario *sc)
{
  const pm_grid *g = pg->grid;
  size_t ncol = g->nlat * g->nlon, c, k, nmiss;
  double *relief = NULL;
  pm_field *f = NULL;
  int status = PM_SUCCESS;

  if (!(pg->masked = calloc(pm_pipeline_pgrid_ncells(pg), 1))) return pm_error_nomem();
  if (!sc->relief.file) return PM_SUCCESS;
  if (!(relief = malloc(ncol * sizeof *relief))) return pm_error_nomem();
  if ((status = pm_field_open(&f, sc->relief.file, sc->relief.variable)) ||
      (status = pm_field_regrid(f, g->nlon, g->lon, g->nlat, g->lat, 0, NULL,
                                0, PM_FIELD_AUTO, 0, relief, &nmiss))) {
    pm_error_prefix(status, "%s", sc->relief.where);
    goto cleanup;
  }
  for (c = 0; c < ncol; c++)
    for (k = 0; k < pg->ndepth; k++)
      if (relief[c] >= 0 || pg->top[k] > -relief[c])
        pg->masked[k * ncol + c] = 1;
cleanup:
  pm_field_free(f);
  free(relief);
  return status;
}

/* Index of the value of v[0..n) (increasing) nearest to x. */
static size_t nearest(const double *v, size_t n, double x)
{
  size_t i, best = 0;
  for (i = 1; i < n; i++)
    if (fabs(v[i] - x) < fabs(v[best] - x)) best = i;
  return best;
}

static int name_regions(pm_pipeline_pgrid *pg, const double *edges)
{
  size_t r;
  if (!(pg->region_names = calloc(pg->nregions, sizeof *pg->region_names)))
    return pm_error_nomem();
  for (r = 0; r < pg->nregions; r++) {
    char buf[64];
    if (edges)
      snprintf(buf, sizeof buf, "lat_%g_%g", edges[r], edges[r + 1]);
    else
      snprintf(buf, sizeof buf, "region_%zu", r);
    if (!(pg->region_names[r] = strdup(buf))) return pm_error_nomem();
  }
  return PM_SUCCESS;
}

/* The region of each column: the latitude bands of pm_map_lat_bands, or the
 * value (an integer id >= 0) of the region mask at the nearest point of its
 * grid; a category is never interpolated. */
static int regions(pm_pipeline_pgrid *pg, const pm_scenario *sc)
{
  static const double bands[] = {-90, -60, -30, 0, 30, 60, 90};
  const pm_scenario_field *rf = &sc->prediction.regions;
  const pm_grid *g = pg->grid;
  size_t i, j, nx, ny, nz;
  const double *fx, *fy;
  pm_field *f = NULL;
  int status = PM_SUCCESS, *row, max = -1;

  if (!(pg->region = malloc(g->nlat * g->nlon * sizeof *pg->region)))
    return pm_error_nomem();
  if (!rf->file) {
    pg->nregions = 6;
    if ((status = pm_map_lat_bands(NULL, 0, g->lat, g->nlat, pg->region)))
      return status;
    row = pg->region;
    for (j = g->nlat; j-- > 0;)
      for (i = 0; i < g->nlon; i++) row[j * g->nlon + i] = row[j];
    return name_regions(pg, bands);
  }
  if ((status = pm_field_open(&f, rf->file, rf->variable)))
    return pm_error_prefix(status, "%s", rf->where);
  fx = pm_field_lon(f, &nx);
  fy = pm_field_lat(f, &ny);
  pm_field_depth(f, &nz);
  for (j = 0; j < g->nlat; j++)
    for (i = 0; i < g->nlon; i++) {
      double lon = g->lon[i];
      while (lon < fx[0] - 180) lon += 360;
      while (lon >= fx[0] + 180) lon -= 360;
      double v = pm_field_at(f, 0, 0, nearest(fy, ny, g->lat[j]),
                             nearest(fx, nx, lon));
      int r = isfinite(v) && v >= 0 && v < 1e6 ? (int)v : -1;
      pg->region[j * g->nlon + i] = r;
      if (r > max) max = r;
    }
  pm_field_free(f);
  if (max < 0)
    return pm_error(PM_EINPUT, "%s: no cell of the grid lies in a region "
                    "(ids 0, 1, ... in %s); check the region mask",
                    rf->where, rf->file);
  pg->nregions = (size_t)max + 1;
  return name_regions(pg, NULL);
}

static int open_fields(pm_pipeline_pgrid *pg, const pm_scenario *sc)
{
  size_t j;
  int status;

  if (!(pg->fields = calloc(sc->n_covariates + 1, sizeof *pg->fields)))
    return pm_error_nomem();
  pg->nfields = sc->n_covariates;
  for (j = 0; j < sc->n_covariates; j++)
    if (sc->covariates[j].field.file && /* NULL: derived, computed */
        (status = pm_field_open(&pg->fields[j], sc->covariates[j].field.file,
                                sc->covariates[j].field.variable)))
      return pm_error_prefix(status, "%s", sc->covariates[j].field.where);
  return PM_SUCCESS;
}

int pm_pipeline_pgrid_alloc(pm_pipeline_pgrid *pg, const pm_scenario *sc,
                       const double *depths, size_t ndepths)
{
  pm_grid_spec spec = sc->grid;
  int status;

  memset(pg, 0, sizeof *pg);
  spec.time_axis = PM_TIME_NONE; /* the maps have their own months */
  if ((status = pm_grid_alloc(&pg->grid, &spec, 0, 0)))
    status = pm_error_prefix(status, "%s: grid", sc->path);
  pg->nmonths = sc->prediction.n_months;
  memcpy(pg->months, sc->prediction.months, sizeof pg->months);
  if (status || (status = layers(pg, sc, depths, ndepths)) || (status = relief_mask(pg, sc)) ||
      (status = regions(pg, sc)) || (status = open_fields(pg, sc)))
    pm_pipeline_pgrid_free(pg);
  return status;
}

/* --- covariates of the cells ---------------------------------------------- */

int pm_pipeline_regrid_at(const pm_pipeline_pgrid *pg, const pm_field *f,
                          int month, const pm_field_rows *rows, size_t ndepth,
                          const double *depth, double max_km, double *x,
                          double *tmp)
{
  const pm_grid *g = pg->grid;
  size_t n = (ndepth ? ndepth : 1) * rows->n * g->nlon, nt, nmiss, i;
  int m, status;

  pm_field_months(f, &nt);
  if (nt != 12 || month > 0)
    return pm_field_regrid_rows(f, g->nlon, g->lon, g->nlat, g->lat, rows,
                                ndepth, depth, nt == 12 ? month : 0,
                                PM_FIELD_AUTO, max_km, x, &nmiss);
  for (i = 0; i < n; i++) x[i] = 0;
  for (m = 1; m <= 12; m++) {
    if ((status = pm_field_regrid_rows(f, g->nlon, g->lon, g->nlat, g->lat,
                                       rows, ndepth, depth, m, PM_FIELD_AUTO,
                                       max_km, tmp, &nmiss)))
      return status;
    for (i = 0; i < n; i++) x[i] += tmp[i] / 12;
  }
  return PM_SUCCESS;
}

double pm_pipeline_transform(pm_transform t, double v)
{
  switch (t) {
  case PM_TRANSFORM_LOG: v = log(v); break;
  case PM_TRANSFORM_LOG10: v = log10(v); break;
  case PM_TRANSFORM_SQRT: v = sqrt(v); break;
  case PM_TRANSFORM_NONE: break;
  }
  return isfinite(v) ? v : NAN;
}

/* A built-in column on the cells of `rows`; 0 when `name` is none. */
static int builtin(const pm_pipeline_pgrid *pg, const char *name, int month,
                   const pm_field_rows *rows, double *x)
{
  const pm_grid *g = pg->grid;
  size_t k, j, i, c = 0;
  int b = pm_builtin_find(name);

  if (b < 0) return 0;
  for (k = 0; k < pg->ndepth; k++)
    for (j = rows->first; j < rows->first + rows->n; j++)
      for (i = 0; i < g->nlon; i++, c++)
        x[c] = pm_builtin_at((pm_builtin)b, g->lon[i], g->lat[j],
                             pg->depth[k], month);
  return 1;
}

void pm_pipeline_changes_close(pm_pipeline_changes *ch)
{
  size_t i;

  if (ch->f)
    for (i = 0; i < ch->cs->n_changes; i++) pm_field_free(ch->f[i]);
  free(ch->f);
  memset(ch, 0, sizeof *ch);
}

int pm_pipeline_changes_open(pm_pipeline_changes *ch,
                             const pm_scenario_case *cs)
{
  size_t i;
  int status = PM_SUCCESS;

  ch->cs = cs;
  ch->f = NULL;
  if (!cs || !cs->n_changes) return PM_SUCCESS;
  if (!(ch->f = calloc(cs->n_changes, sizeof *ch->f)))
    return pm_error_nomem();
  for (i = 0; i < cs->n_changes && !status; i++) {
    const pm_scenario_change *c = &cs->changes[i];
    if (c->kind == PM_CHANGE_ADD || c->kind == PM_CHANGE_MULTIPLY) continue;
    if ((status = pm_field_open(&ch->f[i], c->field.file, c->field.variable)))
      pm_error_prefix(status, "%s", c->where);
  }
  if (status) pm_pipeline_changes_close(ch);
  return status;
}

int pm_pipeline_apply_changes(const pm_pipeline_changes *ch, const char *name,
                              size_t n, double *x, double *tmp, double *tmp2,
                              pm_pipeline_field_sampler sample, void *ctx)
{
  const pm_scenario_case *cs = ch->cs;
  size_t c, i;
  int status = PM_SUCCESS;

  for (c = 0; cs && c < cs->n_changes && !status; c++) {
    const pm_scenario_change *cc = &cs->changes[c];
    if (strcmp(cc->covariate, name)) continue;
    if (cc->kind == PM_CHANGE_ADD || cc->kind == PM_CHANGE_MULTIPLY) {
      for (i = 0; i < n; i++)
        x[i] = cc->kind == PM_CHANGE_ADD ? x[i] + cc->value : x[i] * cc->value;
      continue;
    }
    if ((status = sample(ch->f[c], ctx, tmp, tmp2)))
      pm_error_prefix(status, "%s", cc->where);
    else
      for (i = 0; i < n; i++)
        x[i] = cc->kind == PM_CHANGE_DELTA ? x[i] + tmp[i] : tmp[i];
  }
  return status;
}

/* Where the maps' cells are, for a field regridded onto some rows of
 * them. */
typedef struct {
  const pm_pipeline_pgrid *pg;
  int month;
  const pm_field_rows *rows;
  double max_km;
} cells_at;

static int regrid_cells(const pm_field *f, void *ctx, double *out,
                        double *tmp)
{
  const cells_at *a = ctx;
  return pm_pipeline_regrid_at(a->pg, f, a->month, a->rows, a->pg->ndepth,
                               a->pg->depth, a->max_km, out, tmp);
}

int pm_pipeline_predict_columns(const pm_scenario *sc,
                                const pm_pipeline_pgrid *pg,
                                const pm_pipeline_changes *ch, int month,
                                const pm_field_rows *rows,
                                const char *const *names, size_t ncols,
                                double *const *x)
{
  size_t n = pm_pipeline_rows_ncells(pg, rows), j, i;
  double *tmp = malloc(2 * n * sizeof *tmp);
  int status = PM_SUCCESS;

  if (!tmp) return pm_error_nomem();
  for (j = 0; j < ncols && !status; j++) {
    const pm_scenario_covariate *cov =
        pm_scenario_covariate_named(sc, names[j]);
    cells_at at = {pg, month, rows, 0};
    if (cov) {
      at.max_km = cov->max_distance_km;
      if ((status = regrid_cells(pg->fields[cov - sc->covariates], &at, x[j],
                                 tmp))) {
        pm_error_prefix(status, "%s", cov->field.where);
        break;
      }
    } else if (!builtin(pg, names[j], month, rows, x[j])) {
      status = pm_error(PM_EINPUT, "%s: the formula reads '%s', which is "
                        "neither a covariate of the config nor a built-in "
                        "(%s)",
                        sc->path, names[j], pm_builtin_list);
      break;
    }
    status = pm_pipeline_apply_changes(ch, names[j], n, x[j], tmp, tmp + n,
                                       regrid_cells, &at);
    if (cov)
      for (i = 0; i < n; i++) x[j][i] = pm_pipeline_transform(cov->transform, x[j][i]);
  }
  free(tmp);
  return status;
}

int pm_pipeline_predict_grid(const pm_scenario *sc, const pm_pipeline_pgrid *pg,
                             const pm_scenario_case *cs, int month,
                             const char *const *names, size_t ncols,
                             double *const *x)
{
  pm_field_rows all = pm_pipeline_pgrid_rows(pg);
  pm_pipeline_changes ch;
  int status = pm_pipeline_changes_open(&ch, cs);

  if (!status)
    status = pm_pipeline_predict_columns(sc, pg, &ch, month, &all, names,
                                         ncols, x);
  pm_pipeline_changes_close(&ch);
  return status;
}
