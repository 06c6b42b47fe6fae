/* pm_obs_frame.h: the rows of a model frame from the observation table.
 *
 * One row per sample: the response (the counts of the classes a model
 * names, summed, or of the size classes inside a size window, or the carbon
 * of the sample's measured objects), the sampled
 * volume (the offset) and the built-in covariates depth, logdepth, lat, lon
 * and month.  Covariates read from fields are sampled by the caller at the
 * same rows.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#ifndef PM_OBS_FRAME_H
#define PM_OBS_FRAME_H

#include <stddef.h>

#include "pm_obs.h"

/* What a model counts: named classes (summed), or every size class lying
 * inside [size_min_mm, size_max_mm] (both NAN when not a size window). */
typedef struct {
  const char *const *classes;
  size_t nclasses;
  double size_min_mm, size_max_mm;
} pm_response_spec;

/* The response of every sample into y[0..n_samples).  For a size window,
 * NAN (missing) for the samples of a source that reports no particle of the
 * window in any sample: it did not measure size classes.  A class that the observations do not
 * hold, or a size window that holds no size class, is an error naming it. */
int pm_obs_response(const pm_obs *obs, const pm_response_spec *r, double *y);

/* The biomass of every sample into y[0..n_samples): the carbon (mg C) of
 * its objects, summed over every class (the classes the filters kept); NAN
 * (missing) for a sample whose objects were not measured (a source without
 * per-object sizes).  A class whose measured objects have no carbon
 * conversion is an error naming it; so is a table with no measured
 * sample. */
int pm_obs_biomass(const pm_obs *obs, double *y);

/* The built-in covariates of every sample: depth (the middle of the depth
 * bin, m), logdepth (its natural log), month (1-12, UTC), lat, lon and
 * volume_m3 are read from `obs` directly.  NULL skips an output. */
void pm_obs_builtins(const pm_obs *obs, double *depth, double *logdepth,
                     double *month);

#endif
