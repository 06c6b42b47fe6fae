/* stage_predict_horizon.c: per-cell export horizons of the predict stage:
 * the depth of a horizon in each grid column (a covariate's field, the
 * mixed-layer depth derived from temperature and salinity, or its annual
 * maximum over the months of a climatology), the covariates of a flux
 * model at that depth, and the flux predicted there with its export
 * total.
 *
 * A horizon's depth is the same in every scenario (scenario changes act on
 * the covariates of the formula, not on the horizon), so that paired
 * differences compare the flux through the same surface.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "pm_pipeline.h"
#include "pm_builtin.h"
#include "pm_error.h"
#include "pm_mld.h"
#include "pm_rates.h"
#include "stage_predict.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* The fields a mixed-layer depth is derived from, with their covariates:
 * temperature, and salinity (s, cs NULL: the temperature criterion). */
typedef struct {
  const pm_field *t, *s;
  const pm_scenario_covariate *ct, *cs;
} mld_inputs;

static mld_inputs inputs_of(const pm_scenario *sc,
                            const pm_scenario_covariate *cov,
                            pm_field *const *fields)
{
  const char *salinity = cov->salinity;
  mld_inputs in = {NULL, NULL,
                   pm_scenario_covariate_named(sc, cov->temperature),
                   salinity ? pm_scenario_covariate_named(sc, salinity) : NULL};
  in.t = fields[in.ct - sc->covariates];
  if (in.cs) in.s = fields[in.cs - sc->covariates];
  return in;
}

/* An annual maximum takes the months of 12-month climatologies. */
static int check_months(const pm_field *f, const pm_scenario_covariate *c,
                        const char *role)
{
  size_t nt;
  if (!f) return PM_SUCCESS;
  pm_field_months(f, &nt);
  if (nt == 12) return PM_SUCCESS;
  return pm_error(PM_EINPUT, "derived = \"mld_max\" takes the maximum over "
                  "the 12 months of a climatology, and its %s covariate "
                  "'%s' (%s, variable '%s') is not a 12-month climatology "
                  "(%zu time steps); name a monthly climatology, or use "
                  "derived = \"mld\"", role, c->name, c->field.where,
                  c->field.variable, nt);
}

static int check_climatologies(const mld_inputs *in)
{
  int status = check_months(in->t, in->ct, "temperature");
  return status ? status : check_months(in->s, in->cs, "salinity");
}

/* The mixed-layer depth of each column for `month` from the fields
 * regridded onto the columns at the temperature field's levels. */
static int mld_columns(const pm_pipeline_pgrid *pg, const mld_inputs *in,
                       int month, double *z)
{
  size_t ncol = pg->grid->nlat * pg->grid->nlon, nz;
  const double *levels = pm_field_depth(in->t, &nz);
  pm_field_rows all = pm_pipeline_pgrid_rows(pg);
  double *t = NULL, *s = NULL, *tmp = NULL;
  int status;

  if (nz < 2)
    return pm_error(PM_EINPUT, "the temperature field '%s' has no depth "
                    "levels; a mixed-layer depth needs profiles",
                    in->ct->name);
  t = malloc(nz * ncol * sizeof *t);
  s = in->s ? malloc(nz * ncol * sizeof *s) : NULL;
  tmp = malloc(nz * ncol * sizeof *tmp);
  if (!t || (in->s && !s) || !tmp)
    status = pm_error_nomem();
  else if (!(status = pm_pipeline_regrid_at(pg, in->t, month, &all, nz,
                                            levels, in->ct->max_distance_km,
                                            t, tmp)) &&
           !(status = in->s ? pm_pipeline_regrid_at(pg, in->s, month, &all,
                                                    nz, levels,
                                                    in->cs->max_distance_km,
                                                    s, tmp)
                            : PM_SUCCESS))
    status = pm_mld_columns(levels, nz, ncol, t, s, z, NULL);
  free(t);
  free(s);
  free(tmp);
  return status;
}

/* The annual maximum of each column's 12 monthly mixed-layer depths. */
static int mld_max_columns(const pm_pipeline_pgrid *pg, const mld_inputs *in,
                           double *z)
{
  size_t ncol = pg->grid->nlat * pg->grid->nlon;
  double *monthly = malloc(12 * ncol * sizeof *monthly);
  int m, status = monthly ? check_climatologies(in) : pm_error_nomem();

  for (m = 1; m <= 12 && !status; m++)
    status = mld_columns(pg, in, m, monthly + (size_t)(m - 1) * ncol);
  if (!status) status = pm_mld_max_months(12, ncol, monthly, z, NULL);
  free(monthly);
  return status;
}

/* A horizon's depth in each column: a derived covariate, or the top level
 * of a field. */
static int depth_columns(const pm_scenario *sc, const pm_pipeline_pgrid *pg,
                         const pm_scenario_covariate *cov, int month,
                         double *z)
{
  size_t ncol = pg->grid->nlat * pg->grid->nlon;
  pm_field_rows all = pm_pipeline_pgrid_rows(pg);
  mld_inputs in;
  double *tmp;
  int status;

  if (cov->derived != PM_DERIVED_NONE) {
    in = inputs_of(sc, cov, pg->fields);
    return cov->derived == PM_DERIVED_MLD_MAX ? mld_max_columns(pg, &in, z)
                                              : mld_columns(pg, &in, month, z);
  }
  if (!(tmp = malloc(ncol * sizeof *tmp))) return pm_error_nomem();
  status = pm_pipeline_regrid_at(pg, pg->fields[cov - sc->covariates], month,
                                 &all, 0, NULL, cov->max_distance_km, z, tmp);
  free(tmp);
  return status;
}

int pm_pipeline_horizon_depths(const pm_scenario *sc, const pm_pipeline_pgrid *pg,
                          size_t h, int month, double *z, size_t *n_missing)
{
  const pm_scenario_horizon *hz = &sc->flux.horizons[h];
  const pm_scenario_covariate *cov =
      pm_scenario_covariate_named(sc, hz->covariate);
  const pm_grid *g = pg->grid;
  size_t ncol = g->nlat * g->nlon, c;
  double deepest = pg->depth[pg->ndepth - 1];
  int status;

  *n_missing = 0;
  if ((status = depth_columns(sc, pg, cov, month, z)))
    return pm_error_prefix(status, "%s: covariate '%s'", hz->where,
                           cov->name);
  for (c = 0; c < ncol; c++) {
    if (isnan(z[c])) { /* counted in the ocean only */
      if (!pg->masked[c]) ++*n_missing;
      continue;
    }
    if (!(z[c] > 0) || z[c] > deepest)
      return pm_error(PM_EINPUT, "%s: the horizon '%s' lies at %g m at "
                      "lon %g, lat %g; a horizon must be a positive depth "
                      "(m, positive down) no deeper than the deepest flux "
                      "depth (%g m): check the covariate '%s' or add deeper "
                      "'flux.depths'", hz->where, hz->name, z[c],
                      g->lon[c % g->nlon], g->lat[c / g->nlon], deepest,
                      cov->name);
  }
  return PM_SUCCESS;
}

/* A field at n points in their calendar months (months[i] 1..12, used
 * when the field is a 12-month climatology); NAN where it has no value. */
static int sample_in_months(const pm_field *f, size_t n, const double *lon,
                            const double *lat, const double *z,
                            const int *months, double max_km, double *x)
{
  size_t nt, nmiss;
  pm_field_months(f, &nt);
  return pm_field_sample(f, n, lon, lat, z, nt == 12 ? months : NULL, max_km,
                         x, &nmiss);
}

/* The mixed-layer depth at n points in their months from the fields
 * sampled at the temperature field's levels. */
static int mld_points(const mld_inputs *in, size_t n, const double *lon,
                      const double *lat, const int *months, double *z)
{
  size_t nz, k, i;
  const double *levels = pm_field_depth(in->t, &nz);
  double *t = malloc((nz * n + 1) * sizeof *t),
         *s = in->s ? malloc((nz * n + 1) * sizeof *s) : NULL,
         *zk = malloc((n + 1) * sizeof *zk);
  int status = PM_SUCCESS;

  if (!t || (in->s && !s) || !zk) status = pm_error_nomem();
  for (k = 0; k < nz && !status; k++) {
    for (i = 0; i < n; i++) zk[i] = levels[k];
    if (!(status = sample_in_months(in->t, n, lon, lat, zk, months,
                                    in->ct->max_distance_km, t + k * n)) &&
        in->s)
      status = sample_in_months(in->s, n, lon, lat, zk, months,
                                in->cs->max_distance_km, s + k * n);
  }
  if (!status) status = pm_mld_columns(levels, nz, n, t, s, z, NULL);
  free(t);
  free(s);
  free(zk);
  return status;
}

/* The annual maximum of the 12 monthly mixed-layer depths at n points. */
static int mld_max_points(const mld_inputs *in, size_t n, const double *lon,
                          const double *lat, double *z)
{
  double *monthly = malloc((12 * n + 1) * sizeof *monthly);
  int *months = malloc((n + 1) * sizeof *months), m;
  size_t i;
  int status = monthly && months ? check_climatologies(in)
                                 : pm_error_nomem();

  for (m = 1; m <= 12 && !status; m++) {
    for (i = 0; i < n; i++) months[i] = m;
    status = mld_points(in, n, lon, lat, months, monthly + (size_t)(m - 1) * n);
  }
  if (!status) status = pm_mld_max_months(12, n, monthly, z, NULL);
  free(monthly);
  free(months);
  return status;
}

/* A derived horizon at n points: its input fields opened here. */
static int derived_points(const pm_scenario *sc,
                          const pm_scenario_covariate *cov, size_t n,
                          const double *lon, const double *lat,
                          const int *months, double *z)
{
  pm_field **f = calloc(sc->n_covariates + 1, sizeof *f);
  mld_inputs in;
  size_t k;
  int status = f ? PM_SUCCESS : pm_error_nomem();

  for (k = 0; k < sc->n_covariates && !status; k++) {
    const pm_scenario_covariate *c = &sc->covariates[k];
    if (!strcmp(c->name, cov->temperature) ||
        (cov->salinity && !strcmp(c->name, cov->salinity)))
      status = pm_field_open(&f[k], c->field.file, c->field.variable);
  }
  if (!status) {
    in = inputs_of(sc, cov, f);
    status = cov->derived == PM_DERIVED_MLD_MAX
                 ? mld_max_points(&in, n, lon, lat, z)
                 : mld_points(&in, n, lon, lat, months, z);
  }
  for (k = 0; f && k < sc->n_covariates; k++) pm_field_free(f[k]);
  free(f);
  return status;
}

int pm_pipeline_horizon_points(const pm_scenario *sc, size_t h, size_t n,
                          const double *lon, const double *lat,
                          const int *months, double *z, size_t *n_missing)
{
  const pm_scenario_horizon *hz = &sc->flux.horizons[h];
  const pm_scenario_covariate *cov =
      pm_scenario_covariate_named(sc, hz->covariate);
  pm_field *f = NULL;
  size_t i;
  int status;

  *n_missing = 0;
  if (cov->derived != PM_DERIVED_NONE)
    status = derived_points(sc, cov, n, lon, lat, months, z);
  else if (!(status = pm_field_open(&f, cov->field.file, cov->field.variable)))
    status = sample_in_months(f, n, lon, lat, NULL, months,
                              cov->max_distance_km, z);
  for (i = 0; i < n && !status; i++) *n_missing += isnan(z[i]);
  pm_field_free(f);
  return status ? pm_error_prefix(status, "%s: covariate '%s'", hz->where,
                                  cov->name)
                : PM_SUCCESS;
}

/* A field sampled at the points (lon, lat, z) of every column for `month`
 * (0: annual; the mean of the 12 months of a climatology). */
static int sample_points(const pm_field *f, size_t n, const double *lon,
                         const double *lat, const double *z, int month,
                         double max_km, double *x, double *tmp)
{
  size_t nt, nmiss, i;
  int m, first = 1, last = 12, status;

  pm_field_months(f, &nt);
  if (nt != 12)
    return pm_field_sample(f, n, lon, lat, z, NULL, max_km, x, &nmiss);
  if (month > 0) first = last = month;
  for (i = 0; i < n; i++) x[i] = 0;
  for (m = first; m <= last; m++) {
    int *months = malloc(n * sizeof *months);
    if (!months) return pm_error_nomem();
    for (i = 0; i < n; i++) months[i] = m;
    status = pm_field_sample(f, n, lon, lat, z, months, max_km, tmp, &nmiss);
    free(months);
    if (status) return status;
    for (i = 0; i < n; i++) x[i] += tmp[i] / (double)(last - first + 1);
  }
  return PM_SUCCESS;
}

/* Where the points are, for a field sampled at them. */
typedef struct {
  size_t n;
  const double *lon, *lat, *z;
  int month;
  double max_km;
} points_at;

static int sample_at(const pm_field *f, void *ctx, double *out, double *tmp)
{
  const points_at *a = ctx;
  return sample_points(f, a->n, a->lon, a->lat, a->z, a->month, a->max_km,
                       out, tmp);
}

/* A built-in column at the points; 0 when `name` is none. */
static int builtin(const char *name, size_t n, const double *lon,
                   const double *lat, const double *z, int month, double *x)
{
  size_t i;
  int b = pm_builtin_find(name);

  if (b < 0) return 0;
  for (i = 0; i < n; i++)
    x[i] = pm_builtin_at((pm_builtin)b, lon[i], lat[i], z[i], month);
  return 1;
}

int pm_pipeline_horizon_columns(const pm_scenario *sc, const pm_pipeline_pgrid *pg,
                           const pm_scenario_case *cs, int month,
                           const double *z, const char *const *names,
                           size_t ncols, double *const *x)
{
  const pm_grid *g = pg->grid;
  size_t n = g->nlat * g->nlon, i, j;
  double *lon = malloc(4 * n * sizeof *lon), *lat = lon + n, *tmp = lon + 2 * n;
  pm_pipeline_changes ch;
  int status;

  if (!lon) return pm_error_nomem();
  if ((status = pm_pipeline_changes_open(&ch, cs))) {
    free(lon);
    return status;
  }
  for (i = 0; i < n; i++) {
    lon[i] = g->lon[i % g->nlon];
    lat[i] = g->lat[i / g->nlon];
  }
  for (j = 0; j < ncols && !status; j++) {
    const pm_scenario_covariate *cov =
        pm_scenario_covariate_named(sc, names[j]);
    if (cov)
      status = sample_points(pg->fields[cov - sc->covariates], n, lon, lat, z,
                             month, cov->max_distance_km, x[j], tmp);
    else if (!builtin(names[j], n, lon, lat, z, month, x[j]))
      status = pm_error(PM_EINPUT, "%s: the formula reads '%s', which is "
                        "neither a covariate of the config nor a built-in",
                        sc->path, names[j]);
    if (!status) {
      points_at at = {n, lon, lat, z, month, cov ? cov->max_distance_km : 0};
      status = pm_pipeline_apply_changes(&ch, names[j], n, x[j], tmp,
                                         tmp + n, sample_at, &at);
    }
    if (status && cov) pm_error_prefix(status, "%s", cov->field.where);
    for (i = 0; i < n && cov; i++)
      x[j][i] = isnan(z[i]) ? NAN : pm_pipeline_transform(cov->transform, x[j][i]);
    for (i = 0; i < n && !cov; i++)
      if (isnan(z[i])) x[j][i] = NAN;
  }
  pm_pipeline_changes_close(&ch);
  free(lon);
  return status;
}

/* One block of columns predicted at the horizon, added to the totals and
 * scattered onto the per-column outputs. */
static int export_block(pm_pipeline_horizon_run *r, double *const *xb,
                        const size_t *col, size_t nb, const double *z,
                        double *work)
{
  const pm_pipeline_pgrid *pg = r->pg;
  double *weight = work, *mean = work + nb, *lo = work + 2 * nb,
         *hi = work + 3 * nb;
  int *region = malloc((nb + 1) * sizeof *region);
  unsigned char *flag = malloc(nb + 1);
  double *draws = r->draws ? malloc((nb * r->D + 1) * sizeof *draws) : NULL;
  pm_engine_prediction p;
  size_t k, d;
  int status;

  if (!region || !flag || (r->draws && !draws)) {
    status = pm_error_nomem();
    goto cleanup;
  }
  if ((status = pm_pipeline_predict_rows(r->engine, "the export horizon",
                                         r->names, (const double *const *)xb,
                                         r->ncols, nb, r->D == 0, &p)))
    goto cleanup;
  for (k = 0; k < p.n && !status; k++) {
    size_t c = col[p.rows[k]];
    int g = pg->region[c];
    region[k] = g < 0 ? -1 : (int)r->first_region + g;
    status = pm_rates_pg_per_year(1.0, pg->grid->area[c / pg->grid->nlon],
                                  &weight[k]);
    weight[k] /= (double)r->nmonth;
  }
  if (!status) {
    pm_map_cells cells = {.n = p.n, .weight = weight, .region = region};
    pm_map_values v = {.mean = mean, .lower = lo, .upper = hi,
                       .mu_draws = draws};
    status = pm_mapper_predicted(r->mapper, &p, &cells, &v, r->totals);
  }
  if (!status)
    status = pm_pipeline_ranges_flag(r->ranges, (const double *const *)xb, nb, flag);
  for (k = 0; k < p.n && !status; k++) {
    size_t c = col[p.rows[k]];
    r->n_extrapolated += flag[p.rows[k]];
    r->n_shallow += z[c] < pg->depth[0];
    if (r->mean) r->mean[c] = mean[k];
    if (r->lower) r->lower[c] = lo[k];
    if (r->upper) r->upper[c] = hi[k];
    for (d = 0; draws && d < r->D; d++)
      r->draws[c * r->D + d] = (float)draws[k * r->D + d];
  }
cleanup:
  free(region);
  free(flag);
  free(draws);
  return status;
}

static void fill_nan(double *x, size_t n)
{
  size_t i;
  for (i = 0; x && i < n; i++) x[i] = NAN;
}

int pm_pipeline_horizon_export(pm_pipeline_horizon_run *r, size_t h)
{
  const pm_pipeline_pgrid *pg = r->pg;
  size_t ncol = pg->grid->nlat * pg->grid->nlon, c, j, nb = 0;
  const double *z = r->z;
  double *work = malloc(4 * r->block * sizeof *work);
  double **x = calloc(r->ncols + 1, sizeof *x), **xb = calloc(r->ncols + 1, sizeof *xb);
  size_t *col = malloc(r->block * sizeof *col);
  int status = PM_SUCCESS;

  fill_nan(r->mean, ncol);
  fill_nan(r->lower, ncol);
  fill_nan(r->upper, ncol);
  if (!work || !x || !xb || !col) status = pm_error_nomem();
  for (j = 0; j < r->ncols && !status; j++)
    if (!(x[j] = malloc(ncol * sizeof **x)) ||
        !(xb[j] = malloc(r->block * sizeof **xb)))
      status = pm_error_nomem();
  if (!status)
    status = pm_pipeline_horizon_columns(r->sc, pg, r->cs, r->month, z, r->names,
                                    r->ncols, x);
  for (c = 0; c < ncol && !status; c++) {
    int ok = !pg->masked[c] && !isnan(z[c]);
    for (j = 0; j < r->ncols && ok; j++) ok = !isnan(x[j][c]);
    if (!ok) continue;
    for (j = 0; j < r->ncols; j++) xb[j][nb] = x[j][c];
    col[nb++] = c;
    if (nb == r->block) {
      status = export_block(r, xb, col, nb, z, work);
      nb = 0;
    }
  }
  if (!status && nb) status = export_block(r, xb, col, nb, z, work);
  for (j = 0; x && xb && j < r->ncols; j++) {
    free(x[j]);
    free(xb[j]);
  }
  free(x);
  free(xb);
  free(work);
  free(col);
  return status ? pm_error_prefix(status, "%s", r->sc->flux.horizons[h].where)
                : PM_SUCCESS;
}
