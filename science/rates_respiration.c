/* rates_respiration.c: respiration of zooplankton from body carbon and
 * temperature, the Q10 form, community respiration and carbon demand.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "pm_error.h"
#include "pm_rates.h"

#include <math.h>

/* Ikeda 1985 (Mar. Biol. 85:1-11, doi:10.1007/BF00396409), oxygen uptake of
 * epipelagic zooplankton by multiple regression on body mass and habitat
 * temperature, the carbon-weight form: ln R = a0 + a1 ln CW + a2 T, R in
 * ul O2 ind-1 h-1, CW in mg C ind-1, T in degrees C.
 *
 * a2 is checked against the abstract (Springer page of the paper), which
 * gives Q10 = 1.82 to 1.89 for oxygen uptake in carbon or nitrogen units:
 * Q10 = exp(10 a2) = exp(0.601) = 1.82.  The intercept a0 and the mass
 * exponent a1 are in the paper's regression table, which could not be
 * checked against the paper or a quotation of it; they are therefore not
 * defaults: a run sets them. */
#define IKEDA_A2 0.0601
/* The respiratory quotient (mol CO2 / mol O2) of zooplankton could not be
 * checked against a source either, so a run sets it too. */
/* 1 ul O2 at STP (0 degrees C, 1 atm; ideal-gas molar volume 22.414 L mol-1)
 * is 1/22.4 umol O2; times RQ, umol C; times 12 ug umol-1, ug C. */
#define UG_C_PER_UL_O2 (12.0 / 22.4)

void pm_respiration_params_init(pm_respiration_params *p)
{
  p->a0 = NAN;
  p->a1 = NAN;
  p->a2 = IKEDA_A2;
  p->rq = NAN;
}

static int check_params(const pm_respiration_params *p)
{
  if (!isfinite(p->a0) || !isfinite(p->a1) || !isfinite(p->a2))
    return pm_error(PM_EINPUT, "respiration coefficients a0 = %g, a1 = %g, "
                    "a2 = %g; set each to a finite number (a0 and a1 have no "
                    "default: take them from Ikeda 1985's carbon-weight "
                    "regression)", p->a0, p->a1, p->a2);
  if (!isfinite(p->rq) || p->rq <= 0)
    return pm_error(PM_EINPUT, "respiratory quotient %g; set it to a positive "
                    "number (mol CO2 per mol O2; it has no default)", p->rq);
  return PM_SUCCESS;
}

static int check_temperature(double T)
{
  if (!isfinite(T))
    return pm_error(PM_EINPUT, "temperature %g; it must be a finite number "
                    "(degrees C)", T);
  return PM_SUCCESS;
}

int pm_respiration_rate(const pm_respiration_params *p, double W_mgC,
                        double T_degC, double *mgC_ind_d)
{
  double ul_o2_h;
  int status;

  if ((status = check_params(p)) || (status = check_temperature(T_degC)))
    return status;
  if (!isfinite(W_mgC) || W_mgC <= 0)
    return pm_error(PM_EINPUT, "body carbon %g mg C ind-1; it must be "
                    "positive", W_mgC);
  ul_o2_h = exp(p->a0 + p->a1 * log(W_mgC) + p->a2 * T_degC);
  /* ug C h-1 -> mg C d-1: x 24 h d-1 x 1e-3 mg ug-1 */
  *mgC_ind_d = ul_o2_h * p->rq * UG_C_PER_UL_O2 * 24.0 * 1e-3;
  return PM_SUCCESS;
}

/* The rate changes by a factor Q10 for every 10 degrees:
 * R = R_ref Q10^((T - T_ref) / 10). */
int pm_respiration_q10(double R_ref, double T_ref, double Q10, double T,
                       double *R)
{
  int status;
  if (!isfinite(Q10) || Q10 <= 0)
    return pm_error(PM_EINPUT, "Q10 = %g; it must be positive", Q10);
  if (!isfinite(R_ref) || R_ref < 0)
    return pm_error(PM_EINPUT, "reference rate %g; it must be >= 0", R_ref);
  if ((status = check_temperature(T_ref)) || (status = check_temperature(T)))
    return status;
  *R = R_ref * pow(Q10, (T - T_ref) / 10.0);
  return PM_SUCCESS;
}

/* N individuals of mean mass W = B / N each respire R(W, T). */
int pm_respiration_community(double N, double B, double T_degC,
                             const pm_respiration_params *p,
                             double *mgC_m3_d)
{
  double r;
  int status;

  if ((status = check_params(p)) || (status = check_temperature(T_degC)))
    return status;
  if (!isfinite(N) || N < 0)
    return pm_error(PM_EINPUT, "abundance %g ind m-3; it must be >= 0", N);
  if (!isfinite(B) || B < 0)
    return pm_error(PM_EINPUT, "carbon biomass %g mg C m-3; it must be >= 0",
                    B);
  if (N == 0 && B > 0)
    return pm_error(PM_EINPUT, "carbon biomass %g mg C m-3 with no "
                    "individuals; give the abundance that holds it", B);
  if (N == 0 || B == 0) { /* R(W) -> 0 as W -> 0 since a1 > 0 */
    *mgC_m3_d = 0;
    return PM_SUCCESS;
  }
  if ((status = pm_respiration_rate(p, B / N, T_degC, &r))) return status;
  *mgC_m3_d = N * r;
  return PM_SUCCESS;
}

/* Carbon budget of a consumer: of the ingestion I, the fraction ae is
 * assimilated, and of the assimilated carbon the fraction k2 (net growth
 * efficiency) goes to growth and the rest is respired:
 * R = I ae (1 - k2), hence I = R / (ae (1 - k2)). */
int pm_carbon_demand(double R, double ae, double k2, double *demand)
{
  if (!isfinite(R) || R < 0)
    return pm_error(PM_EINPUT, "respiration %g; it must be >= 0", R);
  if (!(ae > 0 && ae <= 1))
    return pm_error(PM_EINPUT, "assimilation efficiency %g; it must lie in "
                    "(0, 1]", ae);
  if (!(k2 >= 0 && k2 < 1))
    return pm_error(PM_EINPUT, "net growth efficiency %g; it must lie in "
                    "[0, 1)", k2);
  *demand = R / (ae * (1 - k2));
  return PM_SUCCESS;
}
