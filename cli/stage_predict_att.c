/* stage_predict_att.c: the attenuation of the predicted flux in each grid
 * column (the Martin curve from a fixed or per-column reference depth) and
 * its area-weighted summaries per region for totals.tsv.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "pm_error.h"
#include "pm_flux.h"
#include "pm_mapper.h"
#include "stage_predict.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

int pm_cli_column_attenuation(const pm_cli_pgrid *pg,
                              const pm_scenario_flux *f, const double *mean,
                              const double *zref, const double *Fref,
                              double *b, double *z_star, double *teff)
{
  size_t ncol = pg->grid->nlat * pg->grid->nlon, nd = pg->ndepth, col, d, m;
  double *z = malloc(2 * (nd + 1) * sizeof *z), *F = z + nd + 1;
  pm_flux_fit_kind kind =
      f->nonlinear ? PM_FLUX_FIT_NONLINEAR : PM_FLUX_FIT_LOG_LINEAR;
  int status = PM_SUCCESS;

  if (!z) return pm_error_nomem();
  for (col = 0; col < ncol && !status; col++) {
    pm_martin fit;
    m = 0;
    if (Fref) { /* the flux at the column's own z_ref, then the maps below */
      z[m] = zref[col];
      F[m++] = Fref[col];
    }
    for (d = 0; d < nd; d++)
      if (!Fref || pg->depth[d] > zref[col]) {
        z[m] = pg->depth[d];
        F[m++] = mean[d * ncol + col];
      }
    status = pm_flux_martin_fit(z, F, m, zref[col], f->max_depth, kind, &fit);
    if (status == PM_EINPUT) status = PM_SUCCESS; /* no fit: NAN values */
    b[col] = fit.b;
    z_star[col] = fit.z_star;
    teff[col] = fit.teff_100;
  }
  free(z);
  return status;
}

/* --- summaries -------------------------------------------------------------- */

typedef struct {
  double b, teff, weight;
  int region;
} att_entry;

struct pm_cli_att_summary {
  att_entry *e;
  size_t n, cap;
};

int pm_cli_att_summary_alloc(pm_cli_att_summary **s, size_t capacity)
{
  if (!(*s = calloc(1, sizeof **s)) ||
      !((*s)->e = malloc((capacity + 1) * sizeof *(*s)->e))) {
    pm_cli_att_summary_free(*s);
    *s = NULL;
    return pm_error_nomem();
  }
  (*s)->cap = capacity;
  return PM_SUCCESS;
}

void pm_cli_att_summary_free(pm_cli_att_summary *s)
{
  if (!s) return;
  free(s->e);
  free(s);
}

int pm_cli_att_summary_add(pm_cli_att_summary *s, const pm_cli_pgrid *pg,
                           const double *b, const double *teff,
                           size_t nmonth)
{
  size_t ncol = pg->grid->nlat * pg->grid->nlon, c;

  for (c = 0; c < ncol; c++) {
    if (isnan(b[c]) || pg->region[c] < 0) continue;
    if (s->n == s->cap)
      return pm_error(PM_EUSAGE, "attenuation summary: more columns than "
                      "the %zu it was allocated for", s->cap);
    s->e[s->n].b = b[c];
    s->e[s->n].teff = teff[c];
    s->e[s->n].weight = pg->grid->area[c / pg->grid->nlon] / (double)nmonth;
    s->e[s->n++].region = pg->region[c];
  }
  return PM_SUCCESS;
}

/* Area-weighted mean and 2.5-97.5% quantiles of quantity k (0: b, 1: T100)
 * over the entries of `region` (-1: all); NAN without entries. */
static int summarise(const pm_cli_att_summary *s, int k, int region,
                     pm_weighted *buf, pm_interval *out)
{
  static const double p[2] = {0.025, 0.975};
  double total = 0, sum = 0, q[2] = {NAN, NAN};
  int status;
  size_t i, n = 0;

  for (i = 0; i < s->n; i++) {
    const att_entry *e = &s->e[i];
    double v = k ? e->teff : e->b;
    if ((region >= 0 && e->region != region) || isnan(v)) continue;
    buf[n].v = v;
    buf[n++].w = e->weight;
    total += e->weight;
    sum += e->weight * v;
  }
  status = pm_weighted_quantiles(buf, n, p, 2, q);
  out->mean = n ? sum / total : NAN;
  out->lower = q[0];
  out->upper = q[1];
  return status;
}

int pm_cli_att_summary_totals(const pm_cli_att_summary *s,
                              const pm_cli_pgrid *pg, const char *scenario,
                              const char *model, pm_cli_total **list,
                              size_t *n)
{
  static const char *const quantity[2] = {"martin_b", "teff_100"};
  pm_weighted *buf = malloc((s->n + 1) * sizeof *buf);
  size_t g;
  int k, status = PM_SUCCESS;

  if (!buf) return pm_error_nomem();
  for (k = 0; k < 2 && !status; k++)
    for (g = 0; g <= pg->nregions && !status; g++) {
      pm_interval v;
      if ((status = summarise(s, k, g < pg->nregions ? (int)g : -1, buf, &v)))
        break;
      status = pm_cli_totals_add(
          list, n, scenario, model,
          g < pg->nregions ? pg->region_names[g] : "global", quantity[k],
          "1", &v);
    }
  free(buf);
  return status;
}
