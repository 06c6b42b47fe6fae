/* rates_grid.c: process rates of a rate set on the cells of a map, with
 * intervals, column integrals and totals from the posterior draws.
 *
 * The rate of a cell is a function of its predicted biomass (and
 * abundance) and temperature; applying it to the predictions of every draw
 * of the coefficients gives the draws of the rate, whose quantiles are its
 * interval (Wood 2017, Generalized Additive Models, 2nd ed., section
 * 6.10).  Column integrals and totals are summed per draw before the
 * quantiles are taken, as the mapper does for concentrations
 * (predict/totals.c), so that the correlation between cells is kept.
 * The total of a depth layer [top, bottom] takes from each cell its volume
 * times the fraction of its layer inside (area x overlap x time): the rate
 * is constant within a cell's layer, as in the whole-range total, so
 * layers that tile the range sum to it.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "pm_mapper.h"
#include "pm_error.h"
#include "pm_rates.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

struct pm_rates_grid {
  pm_rates_spec spec;
  size_t D;
  double *cell;    /* PM_RATE_N x D: the draws of one cell's rates */
  double *col;     /* PM_RATE_N x D: the draws of one column's integrals */
  double col_mean[PM_RATE_N];
  double *scratch; /* D */
};

static const char *const rate_names[PM_RATE_N] = {
    "respiration", "carbon_demand", "silica_stock", "silica_production"};

/* [rate][per m3, per m2][UDUNITS, with the element named] */
static const char *const rate_units[PM_RATE_N][2][2] = {
    {{"mg m-3 d-1", "mg C m-3 d-1"}, {"mg m-2 d-1", "mg C m-2 d-1"}},
    {{"mg m-3 d-1", "mg C m-3 d-1"}, {"mg m-2 d-1", "mg C m-2 d-1"}},
    {{"mmol m-3", "mmol Si m-3"}, {"mmol m-2", "mmol Si m-2"}},
    {{"mmol m-3 d-1", "mmol Si m-3 d-1"}, {"mmol m-2 d-1", "mmol Si m-2 d-1"}}};

static const char *const total_units[PM_RATE_N] = {
    "Pg C yr-1", "Pg C yr-1", "Tmol Si", "Tmol Si yr-1"};

const char *pm_rate_name(pm_rate k)
{
  return k < PM_RATE_N ? rate_names[k] : NULL;
}

const char *pm_rate_units(pm_rate k, int column, int familiar)
{
  return k < PM_RATE_N ? rate_units[k][column != 0][familiar != 0] : NULL;
}

const char *pm_rate_total_units(pm_rate k)
{
  return k < PM_RATE_N ? total_units[k] : NULL;
}

/* The factor from (rate x m3) to the unit of its total.  Carbon: mg C d-1
 * to Pg C yr-1 (pm_rates_pg_per_year of 1 mg C m-2 d-1 over 1 m2); silica
 * production: mmol d-1 to Tmol yr-1, 1e3 times the carbon factor since
 * 1 Tmol = 1e15 mmol and 1 Pg = 1e18 mg; the stock: mmol to Tmol. */
static double total_factor(pm_rate k)
{
  double pg_per_mg_d;
  pm_rates_pg_per_year(1.0, 1.0, &pg_per_mg_d);
  if (k == PM_RATE_SILICA_STOCK) return 1e-15;
  if (k == PM_RATE_SILICA_PRODUCTION) return pg_per_mg_d * 1e3;
  return pg_per_mg_d;
}

static int respiration(const pm_rates_spec *s, double B, double N, double T,
                       double *R)
{
  double r;
  int status;

  if (s->form == PM_RESPIRATION_IKEDA)
    return pm_respiration_community(N, B, T, &s->ikeda, R);
  if (!isfinite(B) || B < 0)
    return pm_error(PM_EINPUT, "carbon biomass %g mg C m-3; it must be >= 0",
                    B);
  /* specific rate r (d-1) at T, times the biomass */
  if ((status = pm_respiration_q10(s->r_ref_per_d, s->t_ref, s->q10, T, &r)))
    return status;
  *R = B * r;
  return PM_SUCCESS;
}

int pm_rates_cell(const pm_rates_spec *s, double B, double N, double T,
                  double *out)
{
  int status;

  if (isnan(N)) {
    if (!(s->individual_mass_mgC > 0))
      return pm_error(PM_EINPUT, "no abundance and an individual mass of %g "
                      "mg C; give an abundance model or a positive "
                      "individual mass", s->individual_mass_mgC);
    N = B / s->individual_mass_mgC;
  }
  if ((status = respiration(s, B, N, T, &out[PM_RATE_RESPIRATION])) ||
      (status = pm_carbon_demand(out[PM_RATE_RESPIRATION], s->ae, s->k2,
                                 &out[PM_RATE_CARBON_DEMAND])))
    return status;
  out[PM_RATE_SILICA_STOCK] = out[PM_RATE_SILICA_PRODUCTION] = NAN;
  if (!s->silica) return PM_SUCCESS;
  /* per mg C the stock is B q; per individual N q (pm_silica's form) */
  return pm_silica(s->silica_per_mgC ? B : N, &s->si,
                   &out[PM_RATE_SILICA_STOCK],
                   &out[PM_RATE_SILICA_PRODUCTION]);
}

void pm_rates_grid_free(pm_rates_grid *g)
{
  if (!g) return;
  free(g->cell);
  free(g->col);
  free(g->scratch);
  free(g);
}

int pm_rates_grid_alloc(pm_rates_grid **out, const pm_rates_spec *s,
                        size_t ndraws)
{
  pm_rates_grid *g;

  *out = NULL;
  if (ndraws < 2)
    return pm_error(PM_EINPUT, "rates need at least 2 draws of the "
                    "coefficients, got %zu", ndraws);
  if (!(g = calloc(1, sizeof *g))) return pm_error_nomem();
  g->spec = *s;
  g->D = ndraws;
  g->cell = malloc(PM_RATE_N * ndraws * sizeof *g->cell);
  g->col = malloc(PM_RATE_N * ndraws * sizeof *g->col);
  g->scratch = malloc(ndraws * sizeof *g->scratch);
  if (!g->cell || !g->col || !g->scratch) {
    pm_rates_grid_free(g);
    return pm_error_nomem();
  }
  *out = g;
  return PM_SUCCESS;
}

static int check(const pm_rates_grid *g, const pm_rates_cells *c)
{
  size_t i;

  if (c->ndraws != g->D)
    return pm_error(PM_EINPUT, "the block has %zu draws, the rates workspace "
                    "%zu; allocate it with the models' draw count",
                    c->ndraws, g->D);
  if (c->n > 0 && (!c->B || !c->B_draws || !c->T || (c->N && !c->N_draws)))
    return pm_error(PM_EINPUT, "the block has %zu cells and no biomass, "
                    "temperature or abundance draws", c->n);
  if (!c->N && !(g->spec.individual_mass_mgC > 0))
    return pm_error(PM_EINPUT, "the block has no abundance and the rate set "
                    "no individual mass; give one of them");
  for (i = 1; c->column && i < c->n; i++)
    if (c->column[i] < c->column[i - 1])
      return pm_error(PM_EINPUT, "cell %zu of the block is in column %zu "
                      "after column %zu; give the cells of a column together",
                      i, c->column[i], c->column[i - 1]);
  return PM_SUCCESS;
}

/* The rates of cell i at the fitted coefficients and for every draw
 * (g->cell). */
static int cell_rates(pm_rates_grid *g, const pm_rates_cells *c, size_t i,
                      double mean[PM_RATE_N])
{
  size_t d, k, D = g->D;
  double r[PM_RATE_N];
  int status;

  if ((status = pm_rates_cell(&g->spec, c->B[i], c->N ? c->N[i] : NAN,
                              c->T[i], mean)))
    return status;
  for (d = 0; d < D; d++) {
    if ((status = pm_rates_cell(&g->spec, c->B_draws[i * D + d],
                                c->N ? c->N_draws[i * D + d] : NAN, c->T[i],
                                r)))
      return status;
    for (k = 0; k < PM_RATE_N; k++) g->cell[k * D + d] = r[k];
  }
  return PM_SUCCESS;
}

/* The standard deviation and quantiles of x (D values, kept). */
static void spread(pm_rates_grid *g, const double *x, double *sd, double *lo,
                   double *hi)
{
  *sd = pm_map_draw_sd(x, g->D);
  memcpy(g->scratch, x, g->D * sizeof *x);
  pm_map_quantiles(g->scratch, g->D, lo, hi);
}

/* Overlap of [b0, b1] with [top, bottom] over b1 - b0. */
static double fraction(const double *b, const double *layer)
{
  double over = fmin(b[1], layer[1]) - fmax(b[0], layer[0]);
  return over > 0 ? over / (b[1] - b[0]) : 0;
}

int pm_rates_layer_fraction(const double bnds[2], const double layer[2],
                            double *f)
{
  if (!(bnds[0] < bnds[1]) || !(layer[0] < layer[1]))
    return pm_error(PM_EINPUT, "depth ranges [%g, %g] and [%g, %g] m: each "
                    "needs its top above its bottom", bnds[0], bnds[1],
                    layer[0], layer[1]);
  *f = fraction(bnds, layer);
  return PM_SUCCESS;
}

/* Cell i's rates (their draws in g->cell) added to each total asked for:
 * the whole column with weight 1, layer l with the fraction of the cell
 * inside it.  One rule for both, so that tiling layers sum to the whole. */
static int add_totals(const pm_rates_grid *g, const pm_rates_cells *c,
                      size_t i, const double mean[PM_RATE_N],
                      struct pm_totals *const *totals, unsigned long seed)
{
  size_t k, l;
  int r = c->region ? c->region[i] : 0, status = PM_SUCCESS;

  for (k = 0; k < PM_RATE_N && r >= 0 && !status; k++)
    for (l = 0; l <= c->nlayers && !isnan(mean[k]) && !status; l++) {
      struct pm_totals *t = totals[l * PM_RATE_N + k];
      double w = l ? fraction(c->bnds + 2 * i, c->layers + 2 * (l - 1)) : 1.0;
      if (t && w > 0)
        status = pm_totals_add(t, (size_t)r,
                               w * c->volume[i] * total_factor((pm_rate)k),
                               mean[k], g->cell + k * g->D, seed);
    }
  return status;
}

static void put_cell(pm_rates_grid *g, const pm_rates_cells *c, size_t i,
                     const double mean[PM_RATE_N], pm_rates_values *v)
{
  size_t k, D = g->D;

  for (k = 0; k < PM_RATE_N; k++) {
    const double *x = g->cell + k * D;
    double sd, lo, hi;
    if (isnan(mean[k])) continue; /* silica not asked for */
    spread(g, x, &sd, &lo, &hi);
    if (v->mean[k]) v->mean[k][i] = mean[k];
    if (v->se[k]) v->se[k][i] = sd;
    if (v->lower[k]) v->lower[k][i] = lo;
    if (v->upper[k]) v->upper[k][i] = hi;
    if (c->column) {
      g->col_mean[k] += c->thickness[i] * mean[k];
      for (size_t d = 0; d < D; d++) g->col[k * D + d] += c->thickness[i] * x[d];
    }
  }
}

/* Close the column being summed: its integrals go to entry j. */
static void put_column(pm_rates_grid *g, size_t j, pm_rates_values *v)
{
  size_t k;
  double lo, hi;

  for (k = 0; k < PM_RATE_N; k++) {
    if (v->col_mean[k]) v->col_mean[k][j] = g->col_mean[k];
    pm_map_quantiles(g->col + k * g->D, g->D, &lo, &hi);
    if (v->col_lower[k]) v->col_lower[k][j] = lo;
    if (v->col_upper[k]) v->col_upper[k][j] = hi;
  }
}

static void column_reset(pm_rates_grid *g)
{
  memset(g->col, 0, PM_RATE_N * g->D * sizeof *g->col);
  memset(g->col_mean, 0, sizeof g->col_mean);
}

/* The layers have their top above their bottom, the cells depth bounds. */
static int check_layers(const pm_rates_cells *c)
{
  size_t i, l;
  double f;
  int status;

  if (c->nlayers == 0) return PM_SUCCESS;
  if (!c->layers || (c->n > 0 && !c->bnds))
    return pm_error(PM_EINPUT, "layer totals asked for without the layers "
                    "or the cells' depth bounds");
  for (l = 0; l < c->nlayers; l++)
    for (i = 0; i < c->n; i++)
      if ((status = pm_rates_layer_fraction(c->bnds + 2 * i,
                                            c->layers + 2 * l, &f)))
        return pm_error_prefix(status, "layer %zu, cell %zu of the block", l,
                               i);
  return PM_SUCCESS;
}

static int check_totals(const pm_rates_grid *g, const pm_rates_cells *c,
                        struct pm_totals *const *totals)
{
  size_t j, k, i;

  for (j = 0; j < (c->nlayers + 1) * PM_RATE_N; j++) {
    if (!totals[j]) continue;
    k = j % PM_RATE_N;
    if (pm_totals_ndraws(totals[j]) != g->D)
      return pm_error(PM_EINPUT, "the totals of %s hold %zu draws, the rates "
                      "%zu; allocate them with the models' draw count",
                      rate_names[k], pm_totals_ndraws(totals[j]), g->D);
    for (i = 0; i < c->n; i++)
      if (c->region && c->region[i] >= (int)pm_totals_nregions(totals[j]))
        return pm_error(PM_EINPUT, "cell %zu of the block is in region %d; "
                        "the totals have %zu regions", i, c->region[i],
                        pm_totals_nregions(totals[j]));
  }
  if (c->n > 0 && !c->volume)
    return pm_error(PM_EINPUT, "totals asked for without cell volumes");
  return check_layers(c);
}

int pm_rates_grid_cells(pm_rates_grid *g, const pm_rates_cells *c,
                        pm_rates_values *v, struct pm_totals *const *totals,
                        unsigned long seed)
{
  double mean[PM_RATE_N];
  size_t i, j = 0;
  int status;

  if ((status = check(g, c)) ||
      (totals && (status = check_totals(g, c, totals))))
    return status;
  column_reset(g);
  for (i = 0; i < c->n; i++) {
    if ((status = cell_rates(g, c, i, mean)))
      return pm_error_prefix(status, "cell %zu of the block", i);
    put_cell(g, c, i, mean, v);
    if (totals && (status = add_totals(g, c, i, mean, totals, seed)))
      return pm_error_prefix(status, "cell %zu of the block", i);
    if (c->column && (i + 1 == c->n || c->column[i + 1] != c->column[i])) {
      put_column(g, j++, v);
      column_reset(g);
    }
  }
  v->ncolumns = j;
  return PM_SUCCESS;
}
