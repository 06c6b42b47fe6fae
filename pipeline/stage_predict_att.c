/* stage_predict_att.c: the attenuation of the predicted flux in each grid
 * column (the Martin curve from a fixed or per-column reference depth),
 * under the mean coefficients and under every posterior draw, and its
 * area-weighted means per region for totals.tsv.
 *
 * The interval of a regional mean b is that of the mean over the draws
 * (Wood 2017, Generalized Additive Models, 2nd ed., section 6.10: any
 * function of the coefficients), so that it measures how well the model
 * pins down the mean attenuation, not how attenuation varies over the
 * ocean.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "pm_error.h"
#include "pm_flux.h"
#include "pm_mapper.h"
#include "stage_predict.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* One column's flux profile: m depths z with the mean flux F and, under
 * each of D draws, Fd[i * D + d]; the reference-horizon flux first when
 * the column has one. */
typedef struct {
  double *z, *F, *Fd, *bd, *td;
  size_t m;
} profile;

static void profile_free(profile *p)
{
  free(p->z);
  free(p->F);
  free(p->Fd);
  free(p->bd);
  free(p->td);
}

static int profile_alloc(profile *p, size_t nd, size_t D)
{
  memset(p, 0, sizeof *p);
  p->z = malloc((nd + 2) * sizeof *p->z);
  p->F = malloc((nd + 2) * sizeof *p->F);
  p->Fd = malloc(((nd + 2) * D + 1) * sizeof *p->Fd);
  p->bd = malloc((D + 1) * sizeof *p->bd);
  p->td = malloc((D + 1) * sizeof *p->td);
  return p->z && p->F && p->Fd && p->bd && p->td ? PM_SUCCESS
                                                 : pm_error_nomem();
}

/* Append one depth: its mean flux and its draws (NULL without). */
static void profile_put(profile *p, size_t D, double z, double F,
                        const double *Fd, const float *Fdf)
{
  size_t d;
  p->z[p->m] = z;
  p->F[p->m] = F;
  for (d = 0; d < D; d++)
    p->Fd[p->m * D + d] = Fd ? Fd[d] : (double)Fdf[d];
  p->m++;
}

/* 1 when every draw has a value. */
static int all_finite(const double *x, size_t D)
{
  size_t d;
  for (d = 0; d < D; d++)
    if (!isfinite(x[d])) return 0;
  return 1;
}

/* Fit column col's profile; its values go to the 2-D maps and, when the
 * mean and every draw have a fit, to the regional means. */
static int fit_column(pm_pipeline_att_run *a, profile *p, size_t col)
{
  const pm_pipeline_pgrid *pg = a->pg;
  pm_flux_fit_kind kind =
      a->f->nonlinear ? PM_FLUX_FIT_NONLINEAR : PM_FLUX_FIT_LOG_LINEAR;
  double zref = a->zref[col], w;
  pm_martin fit;
  size_t d, D = a->D;
  int status, region = pg->region[col];

  status = pm_flux_martin_fit(p->z, p->F, p->m, zref, a->f->max_depth, kind,
                              &fit);
  if (status == PM_EINPUT) return PM_SUCCESS; /* no fit: NAN values */
  if (status) return status;
  a->b[col] = fit.b;
  a->z_star[col] = fit.z_star;
  a->teff[col] = fit.teff_100;
  if (D > 0 && (status = pm_flux_martin_draws(p->z, p->Fd, p->m, D, zref,
                                              a->f->max_depth, kind, p->bd)))
    return status;
  if (!all_finite(p->bd, D)) {
    a->n_unfitted++;
    return PM_SUCCESS;
  }
  if (D > 1) a->b_se[col] = pm_map_draw_sd(p->bd, D);
  for (d = 0; d < D; d++) p->td[d] = pm_flux_teff_100(zref, p->bd[d]);
  if (region < 0) return PM_SUCCESS;
  w = pg->grid->area[col / pg->grid->nlon] / (double)a->nmonth;
  if ((status = pm_totals_add(a->totals, a->first_region + (size_t)region, w,
                              fit.b, D ? p->bd : NULL, a->seed)))
    return status;
  return pm_totals_add(a->totals,
                       a->first_region + pg->nregions + (size_t)region, w,
                       fit.teff_100, D ? p->td : NULL, a->seed);
}

/* The remineralisation rates of the layers between the consecutive depths
 * of cells j0..j1 - 1 (one column) of the block; buf holds D values. */
static int column_remin(pm_pipeline_att_run *a, const size_t *cell, size_t j0,
                        size_t j1, const double *mean, const double *mu_draws,
                        double *buf)
{
  const pm_pipeline_pgrid *pg = a->pg;
  size_t ncol = pg->grid->nlat * pg->grid->nlon, j;
  int status = PM_SUCCESS;

  for (j = j0; j + 1 < j1 && !status; j++) {
    size_t d = cell[j] / ncol, out = d * ncol + cell[j] % ncol;
    double z[2];
    if (cell[j + 1] / ncol != d + 1) continue; /* a depth without a value */
    z[0] = pg->depth[d];
    z[1] = pg->depth[d + 1];
    if ((status = pm_flux_remineralisation(z, mean + j, 2,
                                           &a->remin_mean[out], NULL)) ||
        a->D == 0 ||
        (status = pm_flux_remineralisation_draws(z, mu_draws + j * a->D, 2,
                                                 a->D, buf)))
      continue;
    pm_map_quantiles(buf, a->D, &a->remin_lower[out], &a->remin_upper[out]);
  }
  return status;
}

int pm_pipeline_att_block(pm_pipeline_att_run *a, const size_t *cell, size_t n,
                     const double *mean, const double *mu_draws)
{
  const pm_pipeline_pgrid *pg = a->pg;
  size_t ncol = pg->grid->nlat * pg->grid->nlon, D = a->D, k = 0, col, j;
  profile p;
  int status = profile_alloc(&p, pg->ndepth, D);

  while (!status && k < n) {
    col = cell[k] % ncol;
    p.m = 0;
    if (a->Fref) /* the flux at the column's own z_ref, then the maps */
      profile_put(&p, D, a->zref[col], a->Fref[col], NULL,
                  D ? a->Fref_draws + col * D : NULL);
    for (j = k; j < n && cell[j] % ncol == col; j++) {
      double z = pg->depth[cell[j] / ncol];
      if (!a->Fref || z > a->zref[col])
        profile_put(&p, D, z, mean[j], mu_draws ? mu_draws + j * D : NULL,
                    NULL);
    }
    status = column_remin(a, cell, k, j, mean, mu_draws, p.bd);
    k = j;
    if (!status && !isnan(a->zref[col])) status = fit_column(a, &p, col);
  }
  profile_free(&p);
  return status;
}
