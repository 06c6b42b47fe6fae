/* rates_silica.c: biogenic silica stock and production of silicifying taxa.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "pm_error.h"
#include "pm_rates.h"

#include <math.h>

/* No default: published silica contents span two orders of magnitude between
 * taxa (0.37 to 43.42 ug Si per cell in giant Phaeodaria, Biard et al. 2018,
 * Global Biogeochem. Cycles 32:987), so a run states its own values. */
void pm_silica_params_init(pm_silica_params *p)
{
  p->si_per_cell_mol = NAN;
  p->rate_per_d = NAN;
}

/* stock = N q (mol m-3, x 1e3 for mmol); production = stock x rate. */
int pm_silica(double N, const pm_silica_params *p, double *stock_mmol_m3,
              double *production_mmol_m3_d)
{
  if (!isfinite(N) || N < 0)
    return pm_error(PM_EINPUT, "abundance %g cells m-3; it must be >= 0", N);
  if (!isfinite(p->si_per_cell_mol) || p->si_per_cell_mol < 0)
    return pm_error(PM_EINPUT, "silica per cell %g mol Si; set it to a number "
                    ">= 0", p->si_per_cell_mol);
  if (!isfinite(p->rate_per_d) || p->rate_per_d < 0)
    return pm_error(PM_EINPUT, "specific silica production rate %g d-1; set "
                    "it to a number >= 0", p->rate_per_d);
  *stock_mmol_m3 = N * p->si_per_cell_mol * 1e3;
  *production_mmol_m3_d = *stock_mmol_m3 * p->rate_per_d;
  return PM_SUCCESS;
}
