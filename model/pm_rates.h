/* pm_rates.h: biomass and process rates of plankton: biovolume, carbon,
 * respiration, carbon demand, biogenic silica, and their integrals.
 *
 * Units: sizes in mm, biovolumes in mm3, carbon in mg C, abundances in
 * ind m-3, biomasses in mg C m-3, temperatures in degrees C.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#ifndef PM_RATES_H
#define PM_RATES_H

#include <stddef.h>

/* Biovolume of one object (mm3). */
int pm_biovolume_sphere(double esd_mm, double *v_mm3);
/* Prolate spheroid from the major and minor axes of the fitted ellipse. */
int pm_biovolume_ellipsoid(double major_mm, double minor_mm, double *v_mm3);
/* Equivalent spherical diameter (mm) of an object of area `area_mm2`. */
int pm_biovolume_esd(double area_mm2, double *esd_mm);

/* Carbon conversion: the forms a table row may take. */
typedef enum {
  PM_CARBON_POWER /* mg C = a V^b, V the biovolume in mm3 */
} pm_carbon_form;

typedef struct {
  char *key;     /* class name, taxonomic path prefix, or "*" */
  pm_carbon_form form;
  double a, b;
  char *source;  /* the publication, with table or equation */
} pm_carbon_row;

typedef struct pm_carbon_table pm_carbon_table;

pm_carbon_table *pm_carbon_table_alloc(void);
void pm_carbon_table_free(pm_carbon_table *t);
size_t pm_carbon_table_size(const pm_carbon_table *t);
const pm_carbon_row *pm_carbon_table_row(const pm_carbon_table *t, size_t i);

/* Add the literature rows (model/rates_carbon_defaults.c) to `t`. */
int pm_carbon_table_defaults(pm_carbon_table *t);
/* Add a row; a row with the same key is replaced (how a config overrides a
 * default).  `a` must be positive, `b` finite. */
int pm_carbon_table_add(pm_carbon_table *t, const char *key,
                        pm_carbon_form form, double a, double b,
                        const char *source);
/* Add the rows of a TSV file with the header `key form a b source`; errors
 * name the file, the line and the column. */
int pm_carbon_table_read(pm_carbon_table *t, const char *path);
/* The row for a class: its exact name first, else the longest key that is a
 * prefix of `path` on whole '>' components, else the "*" row.  `path` may
 * be NULL.  The row stays valid until the table is changed. */
int pm_carbon_table_lookup(const pm_carbon_table *t, const char *name,
                           const char *path, const pm_carbon_row **row);
/* The name of a form ("power") and back. */
const char *pm_carbon_form_name(pm_carbon_form form);
int pm_carbon_form_parse(const char *name, pm_carbon_form *form);
/* Carbon (mg C) of one object of biovolume `v_mm3`. */
int pm_carbon_of(const pm_carbon_row *row, double v_mm3, double *mgC);

/* Respiration: ln R = a0 + a1 ln W + a2 T (Ikeda 1985), R in ul O2 ind-1
 * h-1, W in mg C ind-1; carbon respired = R rq 12/22.4 ug C. */
typedef struct {
  double a0, a1, a2; /* regression coefficients */
  double rq;         /* respiratory quotient, mol CO2 / mol O2 */
} pm_respiration_params;

/* Ikeda's carbon-weight coefficients and rq = 0.97. */
void pm_respiration_params_init(pm_respiration_params *p);
/* Carbon respired (mg C ind-1 d-1) by an individual of W_mgC at T_degC. */
int pm_respiration_rate(const pm_respiration_params *p, double W_mgC,
                        double T_degC, double *mgC_ind_d);
/* The same with Ikeda's coefficients and the given rq. */
int pm_respiration_ikeda(double W_mgC, double T_degC, double rq,
                         double *mgC_ind_d);
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

#endif
