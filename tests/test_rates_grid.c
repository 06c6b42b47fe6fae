/* test_rates_grid.c: process rates on the cells of a map (science/rates_grid.c)
 * against hand computations: the rates of one cell, the maps, intervals and
 * standard errors from three draws, column integrals, totals per region and
 * globally in Pg C yr-1 and Tmol Si, paired differences, totals of depth
 * layers that split the cells' layers (summing to the whole when they
 * tile it), and bad input.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "pm_error.h"
#include "pm_mapper.h"
#include "pm_rates.h"
#include "pm_test.h"

#include <math.h>

#define YEAR 365.25e-18 /* Pg per mg, times days per year */

/* Q10 form, specific rate 0.1 d-1 at 10 degrees C, Q10 = 2; ae 0.5 and
 * k2 0.2, so that the demand is 2.5 R; silica 1e-6 mol Si per mg C at
 * 0.5 d-1. */
static void q10_spec(pm_rates_spec *s)
{
  memset(s, 0, sizeof *s);
  s->form = PM_RESPIRATION_Q10;
  s->q10 = 2;
  s->r_ref_per_d = 0.1;
  s->t_ref = 10;
  s->individual_mass_mgC = 0.01;
  s->ae = 0.5;
  s->k2 = 0.2;
  s->silica = 1;
  s->silica_per_mgC = 1;
  s->si.si_per_cell_mol = 1e-6;
  s->si.rate_per_d = 0.5;
}

static void test_cell(void)
{
  pm_rates_spec s;
  double out[PM_RATE_N], r_ind;

  q10_spec(&s);
  pm_test_ok(pm_rates_cell(&s, 10, NAN, 20, out) == PM_SUCCESS,
             "Q10 rates of a cell");
  pm_test_rel(out[PM_RATE_RESPIRATION], 10 * 0.1 * 2, 1e-12,
              "Q10: R = B r_ref 2^((20 - 10)/10) = 2");
  pm_test_rel(out[PM_RATE_CARBON_DEMAND], 2 / (0.5 * 0.8), 1e-12,
              "demand = R / (ae (1 - k2)) = 5");
  pm_test_rel(out[PM_RATE_SILICA_STOCK], 10 * 1e-6 * 1e3, 1e-12,
              "silica stock per mg C: 10 mg C x 1e-6 mol = 0.01 mmol m-3");
  pm_test_rel(out[PM_RATE_SILICA_PRODUCTION], 0.005, 1e-12,
              "silica production: stock x 0.5 d-1");
  s.silica_per_mgC = 0;
  s.si.si_per_cell_mol = 1e-9;
  pm_rates_cell(&s, 10, NAN, 20, out);
  pm_test_rel(out[PM_RATE_SILICA_STOCK], 10 / 0.01 * 1e-9 * 1e3, 1e-12,
              "silica per individual: N = B / mass = 1000 ind m-3");
  s.silica = 0;
  pm_rates_cell(&s, 10, NAN, 20, out);
  pm_test_ok(isnan(out[PM_RATE_SILICA_STOCK]) &&
                 isnan(out[PM_RATE_SILICA_PRODUCTION]),
             "no silica asked for: NAN");

  /* Ikeda's form with given coefficients: N R(B/N, T), W = 0.1 mg C */
  s.form = PM_RESPIRATION_IKEDA;
  s.ikeda.a0 = 0.5;
  s.ikeda.a1 = 0.8;
  s.ikeda.a2 = 0.06;
  s.ikeda.rq = 0.9;
  pm_rates_cell(&s, 10, 100, 20, out);
  r_ind = exp(0.5 + 0.8 * log(0.1) + 0.06 * 20) * 0.9 * 12 / 22.4 * 24e-3;
  pm_test_rel(out[PM_RATE_RESPIRATION], 100 * r_ind, 1e-12,
              "Ikeda: 100 ind of 0.1 mg C at 20 degrees C, by hand");
  pm_rates_cell(&s, 10, NAN, 20, out);
  pm_test_rel(out[PM_RATE_RESPIRATION],
              1000 * exp(0.5 + 0.8 * log(0.01) + 1.2) * 0.9 * 12 / 22.4 *
                  24e-3,
              1e-12, "Ikeda without N: 1000 ind of the individual mass");
  s.individual_mass_mgC = NAN;
  pm_test_error(pm_rates_cell(&s, 10, NAN, 20, out), PM_EINPUT,
                pm_error_message(), "give an abundance model or a positive "
                "individual mass", "no abundance and no individual mass");
  q10_spec(&s);
  pm_test_error(pm_rates_cell(&s, -1, NAN, 20, out), PM_EINPUT,
                pm_error_message(), "carbon biomass -1", "negative biomass");
  s.ae = 0;
  pm_test_error(pm_rates_cell(&s, 1, NAN, 20, out), PM_EINPUT,
                pm_error_message(), "assimilation efficiency 0",
                "ae = 0 in the library");
}

/* Two columns of two layers (100 m and 400 m thick) in two regions;
 * T = 20, 10, 20, 0 gives specific rates 0.2, 0.1, 0.2, 0.05 d-1; the
 * three draws are 0.5, 1 and 2 times the biomass. */
static const double B[4] = {10, 4, 6, 8};
static const double T[4] = {20, 10, 20, 0};
static const double thick[4] = {100, 400, 100, 400};
static const double volume[4] = {1e12, 4e12, 2e12, 8e12};
static const int region[4] = {0, 0, 1, 1};
static const size_t column[4] = {0, 0, 1, 1};
static const double scale[3] = {0.5, 1, 2};

static void fill_draws(double *Bd, double factor)
{
  size_t i, d;
  for (i = 0; i < 4; i++)
    for (d = 0; d < 3; d++) Bd[i * 3 + d] = factor * B[i] * scale[d];
}

/* Type-7 quantiles of x s for s = 0.5, 1, 2: h = 0.05 and 1.95. */
#define LOW(x) ((x) * (0.5 + 0.05 * 0.5))
#define HIGH(x) ((x) * (1 + 0.95 * 1))

static int totals_of(pm_totals *t[PM_RATE_N], double factor)
{
  pm_rates_spec s;
  pm_rates_grid *g = NULL;
  double Bd[12], Bf[4], m[PM_RATE_N][4], se[PM_RATE_N][4], lo[PM_RATE_N][4],
      hi[PM_RATE_N][4], cm[PM_RATE_N][2], cl[PM_RATE_N][2], cu[PM_RATE_N][2];
  pm_rates_values v = {0};
  size_t k, i;
  int status;

  q10_spec(&s);
  fill_draws(Bd, factor);
  for (i = 0; i < 4; i++) Bf[i] = factor * B[i];
  for (k = 0; k < PM_RATE_N; k++) {
    v.mean[k] = m[k];
    v.se[k] = se[k];
    v.lower[k] = lo[k];
    v.upper[k] = hi[k];
    v.col_mean[k] = cm[k];
    v.col_lower[k] = cl[k];
    v.col_upper[k] = cu[k];
  }
  {
    pm_rates_cells c = {.n = 4, .ndraws = 3, .B = Bf, .B_draws = Bd, .T = T,
                        .volume = volume, .region = region,
                        .thickness = thick, .column = column};
    if ((status = pm_rates_grid_alloc(&g, &s, 3)) ||
        (status = pm_rates_grid_cells(g, &c, &v, t, 7)))
      goto cleanup;
  }
  if (factor != 1) goto cleanup;
  pm_test_rel(m[PM_RATE_RESPIRATION][0], 2, 1e-12, "cell 0: R = 10 x 0.2");
  pm_test_rel(m[PM_RATE_RESPIRATION][3], 0.4, 1e-12, "cell 3: R = 8 x 0.05");
  pm_test_rel(m[PM_RATE_CARBON_DEMAND][1], 2.5 * 0.4, 1e-12,
              "cell 1: demand 2.5 x 0.4");
  pm_test_rel(lo[PM_RATE_RESPIRATION][2], LOW(1.2), 1e-12,
              "cell 2: lower bound, the 2.5%% quantile of the 3 draws");
  pm_test_rel(hi[PM_RATE_RESPIRATION][2], HIGH(1.2), 1e-12,
              "cell 2: upper bound, the 97.5%% quantile of the 3 draws");
  pm_test_rel(se[PM_RATE_RESPIRATION][0], 2 * sqrt(7.0 / 12.0), 1e-12,
              "cell 0: se, the sd of 1, 2, 4 = sqrt(7/3)");
  pm_test_ok(v.ncolumns == 2, "two columns");
  pm_test_rel(cm[PM_RATE_RESPIRATION][0], 2 * 100 + 0.4 * 400, 1e-12,
              "column 0: 2 x 100 m + 0.4 x 400 m = 360 mg C m-2 d-1");
  pm_test_rel(cm[PM_RATE_RESPIRATION][1], 1.2 * 100 + 0.4 * 400, 1e-12,
              "column 1: 280 mg C m-2 d-1");
  pm_test_rel(cl[PM_RATE_RESPIRATION][1], LOW(280), 1e-12,
              "column 1: lower bound from the per-draw integrals");
  pm_test_rel(cu[PM_RATE_CARBON_DEMAND][0], HIGH(2.5 * 360), 1e-12,
              "column 0: demand upper bound");
  pm_test_rel(m[PM_RATE_SILICA_STOCK][3], 8e-3, 1e-12,
              "cell 3: silica stock 8 mg C x 1e-6 mol = 8e-3 mmol m-3");
cleanup:
  pm_rates_grid_free(g);
  return status;
}

static void test_grid(void)
{
  pm_totals *t[PM_RATE_N] = {NULL}, *t2[PM_RATE_N] = {NULL};
  pm_interval v;
  double sum = 2e12 + 0.4 * 4e12 + 1.2 * 2e12 + 0.4 * 8e12; /* R V */
  double bv = 10e12 + 4 * 4e12 + 6 * 2e12 + 8 * 8e12;     /* B V */
  size_t k;

  for (k = 0; k < PM_RATE_N; k++) {
    pm_totals_alloc(&t[k], 2, 3);
    pm_totals_alloc(&t2[k], 2, 3);
  }
  if (!pm_test_ok(totals_of(t, 1) == PM_SUCCESS, "the rates of the grid"))
    printf("# %s\n", pm_error_message());
  pm_totals_get(t[PM_RATE_RESPIRATION], 2, &v);
  pm_test_rel(v.mean, sum * YEAR, 1e-12,
              "global respiration = sum R V 365.25e-18 Pg C yr-1");
  pm_test_rel(v.lower, LOW(sum * YEAR), 1e-12, "its lower bound");
  pm_test_rel(v.upper, HIGH(sum * YEAR), 1e-12, "its upper bound");
  pm_test_ok(v.lower <= v.mean && v.mean <= v.upper, "inside its interval");
  pm_totals_get(t[PM_RATE_RESPIRATION], 1, &v);
  pm_test_rel(v.mean, (1.2 * 2e12 + 0.4 * 8e12) * YEAR, 1e-12,
              "region 1 holds column 1 only");
  pm_totals_get(t[PM_RATE_CARBON_DEMAND], 2, &v);
  pm_test_rel(v.mean, 2.5 * sum * YEAR, 1e-12, "global carbon demand");
  pm_totals_get(t[PM_RATE_SILICA_STOCK], 2, &v);
  pm_test_rel(v.mean, bv * 1e-3 * 1e-15, 1e-12,
              "silica stock: sum B V 1e-3 mmol, in Tmol Si");
  pm_totals_get(t[PM_RATE_SILICA_PRODUCTION], 2, &v);
  pm_test_rel(v.mean, 0.5 * bv * 1e-3 * 365.25 * 1e-15, 1e-12,
              "silica production in Tmol Si yr-1");
  /* twice the biomass everywhere: the paired difference is the total */
  totals_of(t2, 2);
  pm_totals_difference(t2[PM_RATE_RESPIRATION], t[PM_RATE_RESPIRATION], 2,
                       &v);
  pm_test_rel(v.mean, sum * YEAR, 1e-12, "paired difference of the totals");
  pm_test_rel(v.lower, LOW(sum * YEAR), 1e-12,
              "its interval from the per-draw differences");
  for (k = 0; k < PM_RATE_N; k++) {
    pm_totals_free(t[k]);
    pm_totals_free(t2[k]);
  }
}

/* The four cells in layers [0, 100] and [100, 500] m (their thicknesses
 * above), totalled over the whole range and over `nl` layers:
 * t[(l + 1) PM_RATE_N + k] for layer l. */
static const double bnds[8] = {0, 100, 100, 500, 0, 100, 100, 500};

static int layer_totals(pm_totals **t, size_t nl, const double *layers,
                        double factor)
{
  pm_rates_spec s;
  pm_rates_grid *g = NULL;
  double Bd[12], Bf[4];
  pm_rates_values v = {0};
  size_t i;
  int status;

  q10_spec(&s);
  fill_draws(Bd, factor);
  for (i = 0; i < 4; i++) Bf[i] = factor * B[i];
  for (i = 0; i < (nl + 1) * PM_RATE_N; i++)
    if ((status = pm_totals_alloc(&t[i], 2, 3))) return status;
  {
    pm_rates_cells c = {.n = 4, .ndraws = 3, .B = Bf, .B_draws = Bd, .T = T,
                        .volume = volume, .region = region, .nlayers = nl,
                        .layers = layers, .bnds = bnds};
    if (!(status = pm_rates_grid_alloc(&g, &s, 3)))
      status = pm_rates_grid_cells(g, &c, &v, t, 7);
  }
  pm_rates_grid_free(g);
  return status;
}

static void free_all(pm_totals **t, size_t n)
{
  size_t i;
  for (i = 0; i < n; i++) pm_totals_free(t[i]);
}

#define NL 6
#define AT(l, k) (((l) + 1) * PM_RATE_N + (k))

static void test_layers(void)
{
  /* [0, 200] splits the second layer; [0, 50], [50, 300], [300, 500] and
   * [0, 200], [200, 500] tile the range; [500, 600] lies below the cells */
  static const double layers[2 * NL] = {0,   200, 200, 500, 0,   50,
                                        50,  300, 300, 500, 500, 600};
  pm_totals *t[(NL + 1) * PM_RATE_N] = {NULL}, *t2[(NL + 1) * PM_RATE_N] = {
                                                    NULL};
  /* R V of the cells; a quarter of cells 1 and 3 lie within [0, 200] */
  double top = 2e12 + 0.25 * 0.4 * 4e12 + 1.2 * 2e12 + 0.25 * 0.4 * 8e12;
  double whole = 2e12 + 0.4 * 4e12 + 1.2 * 2e12 + 0.4 * 8e12, f, sum;
  double b01[2] = {100, 500}, l[2] = {0, 200};
  pm_interval v, w, u;
  size_t i, k;

  pm_test_ok(pm_rates_layer_fraction(b01, l, &f) == PM_SUCCESS && f == 0.25,
             "fraction of [100, 500] inside [0, 200]: 100 / 400");
  l[0] = 500, l[1] = 600;
  pm_rates_layer_fraction(b01, l, &f);
  pm_test_ok(f == 0, "a layer below the cell: 0");
  l[0] = 0, l[1] = 1000;
  pm_rates_layer_fraction(b01, l, &f);
  pm_test_ok(f == 1, "a layer holding the cell: 1");
  l[0] = 200, l[1] = 200;
  pm_test_error(pm_rates_layer_fraction(b01, l, &f), PM_EINPUT,
                pm_error_message(), "needs its top above its bottom",
                "an empty layer");

  if (!pm_test_ok(layer_totals(t, NL, layers, 1) == PM_SUCCESS,
                  "layer totals of the grid"))
    printf("# %s\n", pm_error_message());
  pm_totals_get(t[AT(0, PM_RATE_RESPIRATION)], 2, &v);
  pm_test_rel(v.mean, top * YEAR, 1e-12,
              "respiration 0-200 m: cells 0 and 2 whole, a quarter of 1, 3");
  pm_test_rel(v.lower, LOW(top * YEAR), 1e-12,
              "its lower bound from the per-draw sums");
  pm_test_rel(v.upper, HIGH(top * YEAR), 1e-12, "its upper bound");
  pm_totals_get(t[AT(0, PM_RATE_RESPIRATION)], 1, &v);
  pm_test_rel(v.mean, (1.2 * 2e12 + 0.25 * 0.4 * 8e12) * YEAR, 1e-12,
              "region 1 of the layer: column 1 only");
  pm_totals_get(t[AT(0, PM_RATE_CARBON_DEMAND)], 2, &v);
  pm_test_rel(v.mean, 2.5 * top * YEAR, 1e-12, "carbon demand 0-200 m");
  pm_totals_get(t[AT(5, PM_RATE_RESPIRATION)], 2, &v);
  pm_test_ok(v.mean == 0 && v.upper == 0, "a layer below every cell: 0");

  pm_totals_get(t[PM_RATE_RESPIRATION], 2, &w);
  pm_test_rel(w.mean, whole * YEAR, 1e-12, "the whole range as before");
  for (k = 0; k < PM_RATE_N; k++) {
    pm_totals_get(t[k], 2, &w);
    pm_totals_get(t[AT(0, k)], 2, &v);
    pm_totals_get(t[AT(1, k)], 2, &u);
    pm_test_rel(v.mean + u.mean, w.mean, 1e-12,
                "%s: 0-200 m + 200-500 m = the whole range", pm_rate_name(k));
    for (sum = 0, i = 2; i < 5; i++) {
      pm_totals_get(t[AT(i, k)], 2, &v);
      sum += v.mean;
    }
    pm_test_rel(sum, w.mean, 1e-12,
                "%s: 0-50, 50-300, 300-500 m sum to the whole range",
                pm_rate_name(k));
    pm_totals_get(t[AT(0, k)], 0, &v);
    pm_totals_get(t[AT(1, k)], 0, &u);
    pm_totals_get(t[k], 0, &w);
    pm_test_rel(v.upper + u.upper, w.upper, 1e-12,
                "%s, region 0: the layers' upper bounds sum too (draws "
                "scale together)", pm_rate_name(k));
  }

  /* twice the biomass: the paired difference of a layer is its total */
  layer_totals(t2, NL, layers, 2);
  pm_totals_difference(t2[AT(0, PM_RATE_RESPIRATION)],
                       t[AT(0, PM_RATE_RESPIRATION)], 2, &v);
  pm_test_rel(v.mean, top * YEAR, 1e-12, "paired difference of a layer");
  pm_test_rel(v.lower, LOW(top * YEAR), 1e-12, "its interval");
  free_all(t, (NL + 1) * PM_RATE_N);
  free_all(t2, (NL + 1) * PM_RATE_N);
}

static void test_bad_layers(void)
{
  static const double bad[4] = {0, 200, 300, 300};
  pm_totals *t[3 * PM_RATE_N] = {NULL};
  pm_rates_spec s;
  pm_rates_grid *g = NULL;
  double Bd[12];
  pm_rates_values v = {0};
  pm_rates_cells c = {.n = 4, .ndraws = 3, .B = B, .B_draws = Bd, .T = T,
                      .volume = volume, .region = region, .nlayers = 2,
                      .layers = bad, .bnds = bnds};

  q10_spec(&s);
  fill_draws(Bd, 1);
  pm_rates_grid_alloc(&g, &s, 3);
  pm_totals_alloc(&t[AT(1, 0)], 2, 3);
  pm_test_error(pm_rates_grid_cells(g, &c, &v, t, 1), PM_EINPUT,
                pm_error_message(), "layer 1, cell 0 of the block: depth "
                "ranges [0, 100] and [300, 300] m", "a layer of no thickness");
  c.layers = bad;
  c.bnds = NULL;
  pm_test_error(pm_rates_grid_cells(g, &c, &v, t, 1), PM_EINPUT,
                pm_error_message(), "without the layers or the cells' depth "
                "bounds", "layers without the cells' depth bounds");
  pm_totals_free(t[AT(1, 0)]);
  pm_rates_grid_free(g);
}

static void test_abundance(void)
{
  pm_rates_spec s;
  pm_rates_grid *g = NULL;
  double N[2] = {100, 50}, Nd[4] = {100, 100, 50, 50}, Bm[2] = {10, 5},
         Bd[4] = {10, 10, 5, 5}, Tc[2] = {20, 20}, mean[2];
  pm_rates_values v = {0};
  pm_rates_cells c = {.n = 2, .ndraws = 2, .B = Bm, .N = N, .B_draws = Bd,
                      .N_draws = Nd, .T = Tc};

  q10_spec(&s);
  s.form = PM_RESPIRATION_IKEDA;
  s.ikeda.a0 = 0.5;
  s.ikeda.a1 = 0.8;
  s.ikeda.a2 = 0.06;
  s.ikeda.rq = 0.9;
  s.individual_mass_mgC = NAN;
  v.mean[PM_RATE_RESPIRATION] = mean;
  pm_rates_grid_alloc(&g, &s, 2);
  pm_test_ok(pm_rates_grid_cells(g, &c, &v, NULL, 1) == PM_SUCCESS,
             "rates from biomass and abundance");
  pm_test_rel(mean[1], 50 * exp(0.5 + 0.8 * log(0.1) + 1.2) * 0.9 * 12 /
                           22.4 * 24e-3,
              1e-12, "cell 1: 50 ind of B/N = 0.1 mg C, by hand");
  c.N = NULL;
  pm_test_error(pm_rates_grid_cells(g, &c, &v, NULL, 1), PM_EINPUT,
                pm_error_message(), "no abundance and the rate set no "
                "individual mass", "no abundance and no individual mass");
  c.N = N;
  c.ndraws = 3;
  pm_test_error(pm_rates_grid_cells(g, &c, &v, NULL, 1), PM_EINPUT,
                pm_error_message(), "the block has 3 draws, the rates "
                "workspace 2", "a draw count that differs");
  pm_rates_grid_free(g);
}

static void test_bad(void)
{
  pm_rates_spec s;
  pm_rates_grid *g = NULL;
  pm_totals *t[PM_RATE_N] = {NULL};
  double Bd[12], out[4];
  size_t back[4] = {1, 0, 0, 0};
  pm_rates_values v = {0};
  pm_rates_cells c = {.n = 4, .ndraws = 3, .B = B, .B_draws = Bd, .T = T,
                      .volume = volume, .region = region, .thickness = thick,
                      .column = back};

  q10_spec(&s);
  fill_draws(Bd, 1);
  v.mean[0] = out;
  pm_test_error(pm_rates_grid_alloc(&g, &s, 1), PM_EINPUT, pm_error_message(),
                "at least 2 draws", "one draw");
  pm_test_ok(g == NULL, "no workspace on error");
  pm_rates_grid_alloc(&g, &s, 3);
  pm_test_error(pm_rates_grid_cells(g, &c, &v, NULL, 1), PM_EINPUT,
                pm_error_message(), "cell 1 of the block is in column 0 after "
                "column 1", "columns out of order");
  c.column = column;
  pm_totals_alloc(&t[0], 2, 2);
  pm_test_error(pm_rates_grid_cells(g, &c, &v, t, 1), PM_EINPUT,
                pm_error_message(), "the totals of respiration hold 2 draws",
                "totals of another draw count");
  pm_totals_free(t[0]);
  pm_totals_alloc(&t[0], 1, 3);
  pm_test_error(pm_rates_grid_cells(g, &c, &v, t, 1), PM_EINPUT,
                pm_error_message(), "cell 2 of the block is in region 1",
                "a region beyond the totals");
  pm_totals_free(t[0]);
  Bd[5] = -1;
  pm_test_error(pm_rates_grid_cells(g, &c, &v, NULL, 1), PM_EINPUT,
                pm_error_message(), "cell 1 of the block: carbon biomass -1",
                "a negative biomass draw names its cell");
  pm_rates_grid_free(g);
  pm_test_ok(!strcmp(pm_rate_name(PM_RATE_CARBON_DEMAND), "carbon_demand") &&
                 !strcmp(pm_rate_units(PM_RATE_RESPIRATION, 1, 1),
                         "mg C m-2 d-1") &&
                 !strcmp(pm_rate_total_units(PM_RATE_SILICA_PRODUCTION),
                         "Tmol Si yr-1") &&
                 pm_rate_name(PM_RATE_N) == NULL,
             "names and units of the rates");
}

int main(void)
{
  test_cell();
  test_grid();
  test_layers();
  test_bad_layers();
  test_abundance();
  test_bad();
  return pm_test_done();
}
