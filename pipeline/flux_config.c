/* flux_config.c: the flux estimator and attenuation fit that a scenario's
 * `flux` section asks for, and its description.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "pm_pipeline.h"
#include "pm_error.h"

#include <math.h>
#include <stdio.h>

/* A setting given in the file replaces the library's default. */
static void set_if_given(double *to, double value)
{
  if (!isnan(value)) *to = value;
}

int pm_pipeline_flux_estimator(const pm_scenario *sc, pm_flux_estimator *e)
{
  const pm_scenario_flux *f = &sc->flux;
  int status;

  if ((status = pm_flux_estimator_default(e))) return status;
  if (!f->given) return PM_SUCCESS;
  if (f->mass_speed) e->kind = PM_FLUX_MASS_SPEED;
  set_if_given(&e->A, f->A);
  set_if_given(&e->b, f->b);
  set_if_given(&e->alpha, f->alpha);
  set_if_given(&e->zeta, f->zeta);
  set_if_given(&e->beta, f->beta);
  set_if_given(&e->eta, f->eta);
  set_if_given(&e->min_mm, f->size_min_mm);
  set_if_given(&e->max_mm, f->size_max_mm);
  if ((status = pm_flux_estimator_check(e)))
    pm_error_prefix(status, "%s", f->where);
  return status;
}

void pm_pipeline_flux_describe(const pm_flux_estimator *e, char *buf, size_t size)
{
  if (e->kind == PM_FLUX_GUIDI)
    snprintf(buf, size, "Guidi et al. 2008 with A = %g, b = %g over the size "
             "classes inside %g-%g mm ESD", e->A, e->b, e->min_mm, e->max_mm);
  else
    snprintf(buf, size, "mass x sinking speed with m = %g d^%g, w = %g d^%g "
             "over the size classes inside %g-%g mm ESD", e->alpha, e->zeta,
             e->beta, e->eta, e->min_mm, e->max_mm);
}

void pm_pipeline_flux_describe_maps(const pm_scenario *sc,
                                    const pm_flux_estimator *e, char *buf,
                                    size_t size)
{
  if (sc->flux.calibrate && sc->flux.calib_apply) /* not e's A and b */
    snprintf(buf, size, "Guidi et al. 2008 with A and b calibrated against "
             "sediment traps (flux_calibration.tsv) over the size classes "
             "inside %g-%g mm ESD", e->min_mm, e->max_mm);
  else
    pm_pipeline_flux_describe(e, buf, size);
}
