/* pm_rates.h: process rates of plankton: respiration, carbon demand,
 * biogenic silica, and their integrals (biovolume and carbon of objects:
 * pm_carbon.h).
 *
 * Units: sizes in mm, biovolumes in mm3, carbon in mg C, abundances in
 * ind m-3, biomasses in mg C m-3, temperatures in degrees C.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#ifndef PM_RATES_H
#define PM_RATES_H

#include <stddef.h>

/* Respiration: ln R = a0 + a1 ln W + a2 T (Ikeda 1985), R in ul O2 ind-1
 * h-1, W in mg C ind-1; carbon respired = R rq 12/22.4 ug C. */
typedef struct {
  double a0, a1, a2; /* regression coefficients */
  double rq;         /* respiratory quotient, mol CO2 / mol O2 */
} pm_respiration_params;

/* a2 = 0.0601 (Ikeda 1985); a0, a1 and rq NAN: no checked default, a run
 * sets them (science/rates_respiration.c). */
void pm_respiration_params_init(pm_respiration_params *p);
/* Carbon respired (mg C ind-1 d-1) by an individual of W_mgC at T_degC. */
int pm_respiration_rate(const pm_respiration_params *p, double W_mgC,
                        double T_degC, double *mgC_ind_d);
/* R = R_ref Q10^((T - T_ref) / 10). */
int pm_respiration_q10(double R_ref, double T_ref, double Q10, double T,
                       double *R);
/* Community respiration (mg C m-3 d-1) of N ind m-3 holding B mg C m-3:
 * N R(B / N, T). */
int pm_respiration_community(double N, double B, double T_degC,
                             const pm_respiration_params *p,
                             double *mgC_m3_d);
/* Ingestion needed to pay for respiration R (any unit): R / (ae (1 - k2)),
 * with ae the assimilation efficiency and k2 the net growth efficiency. */
int pm_carbon_demand(double R, double ae, double k2, double *demand);

/* Biogenic silica of silicifying taxa. */
typedef struct {
  double si_per_cell_mol; /* mol Si cell-1 */
  double rate_per_d;      /* specific production rate, d-1 */
} pm_silica_params;

/* Both parameters NAN: a run must set them. */
void pm_silica_params_init(pm_silica_params *p);
/* Stock (mmol Si m-3) and production (mmol Si m-3 d-1) of N cells m-3. */
int pm_silica(double N, const pm_silica_params *p, double *stock_mmol_m3,
              double *production_mmol_m3_d);

/* Column integral sum(values[i] thickness[i]) (per m2 from per m3 and m). */
int pm_rates_column(const double *values, const double *thickness, size_t n,
                    double *column);
/* Pg C yr-1 from mg C m-2 d-1 over `area_m2`. */
int pm_rates_pg_per_year(double mgC_m2_d, double area_m2, double *pg_yr);

/* --- gridded rates from posterior draws (science/rates_grid.c) ------------ */

/* The rates of one rate set, in the order of their maps and totals. */
typedef enum {
  PM_RATE_RESPIRATION,       /* mg C m-3 d-1 */
  PM_RATE_CARBON_DEMAND,     /* mg C m-3 d-1 */
  PM_RATE_SILICA_STOCK,      /* mmol Si m-3 */
  PM_RATE_SILICA_PRODUCTION, /* mmol Si m-3 d-1 */
  PM_RATE_N
} pm_rate;

/* "respiration", "carbon_demand", "silica_stock", "silica_production". */
const char *pm_rate_name(pm_rate k);
/* Units of a rate per m3 ("mg m-3 d-1") and of its column integral
 * ("mg m-2 d-1"), UDUNITS strings; the same with the element named
 * ("mg C m-3 d-1"); and of its global total ("Pg C yr-1", "Tmol Si yr-1",
 * "Tmol Si"). */
const char *pm_rate_units(pm_rate k, int column, int familiar);
const char *pm_rate_total_units(pm_rate k);

typedef enum { PM_RESPIRATION_IKEDA, PM_RESPIRATION_Q10 } pm_respiration_form;

/* How the rates of a cell follow from its biomass B (mg C m-3), abundance
 * N (ind m-3) and temperature T (degrees C). */
typedef struct {
  pm_respiration_form form;
  pm_respiration_params ikeda;  /* IKEDA: N R(B/N, T) */
  double q10, r_ref_per_d, t_ref; /* Q10: B r_ref Q10^((T - t_ref)/10) */
  double individual_mass_mgC;   /* N = B / this without an abundance model;
                                   NAN: N is given */
  double ae, k2;                /* carbon demand R / (ae (1 - k2)) */
  int silica;                   /* 1: silica stock and production */
  int silica_per_mgC;           /* 1: si_mol per mg C; 0: per individual */
  pm_silica_params si;
} pm_rates_spec;

/* The rates of one cell (out[PM_RATE_N]; the silica ones NAN without
 * silica).  N NAN: B / individual_mass_mgC. */
int pm_rates_cell(const pm_rates_spec *s, double B, double N, double T,
                  double *out);

/* One block of cells of a rate set, with the biomass (and abundance)
 * predicted at the fitted coefficients and per posterior draw. */
typedef struct {
  size_t n, ndraws;
  const double *B, *N;      /* n; N NULL: from the individual mass */
  const double *B_draws, *N_draws; /* n x ndraws, row-major */
  const double *T;          /* n, degrees C */
  /* totals: the volume (m3) of each cell and its region (negative: left
   * out; NULL: region 0); column integrals: layer thickness (m) and column
   * id, the cells of a column consecutive (NULL: none) */
  const double *volume;
  const int *region;
  const double *thickness;
  const size_t *column;
  /* layer totals: nlayers depth ranges [top, bottom] (m, 2 each), and the
   * depth bounds [bnd0, bnd1] (m, n x 2) of each cell's layer (NULL with
   * no layers) */
  size_t nlayers;
  const double *layers;
  const double *bnds;
} pm_rates_cells;

/* Per rate k: the value at the fitted coefficients (mean), the standard
 * deviation over the draws (se), the 95% interval of the draws (lower,
 * upper), n each; the column integrals in block order (col_mean, col_lower,
 * col_upper, one per run of equal column ids; ncolumns is set).  NULL
 * skips a map. */
typedef struct {
  double *mean[PM_RATE_N], *se[PM_RATE_N], *lower[PM_RATE_N],
      *upper[PM_RATE_N];
  double *col_mean[PM_RATE_N], *col_lower[PM_RATE_N], *col_upper[PM_RATE_N];
  size_t ncolumns;
} pm_rates_values;

typedef struct pm_rates_grid pm_rates_grid;

/* A workspace for `ndraws` draws (at least 2). */
int pm_rates_grid_alloc(pm_rates_grid **g, const pm_rates_spec *s,
                        size_t ndraws);
void pm_rates_grid_free(pm_rates_grid *g);

/* The fraction of a cell's layer [bnds[0], bnds[1]] (m) inside the depth
 * range [layer[0], layer[1]]: their overlap over the cell's thickness, the
 * rate being constant within the cell's layer (0 when apart, 1 inside). */
int pm_rates_layer_fraction(const double bnds[2], const double layer[2],
                            double *fraction);

/* The rates of a block; with `totals` (from pm_totals_alloc with ndraws
 * draws; NULL entries skipped) add each cell's rate x volume over a year:
 * Pg C yr-1 for carbon, Tmol Si yr-1 for silica production, Tmol Si for
 * the stock.  totals[k] is the whole-column total of rate k, and
 * totals[(l + 1) PM_RATE_N + k] (l < c->nlayers) that of layer l, each cell
 * weighted by pm_rates_layer_fraction (so layers that tile the cells' depth
 * range sum to the whole total).  `seed` names the draws for the pairing of
 * scenario differences. */
struct pm_totals;
int pm_rates_grid_cells(pm_rates_grid *g, const pm_rates_cells *c,
                        pm_rates_values *v, struct pm_totals *const *totals,
                        unsigned long seed);

#endif
