/* obs_frame.c: responses and built-in covariates of the observation table.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "pm_obs_frame.h"
#include "pm_error.h"

#include <math.h>
#include <stdint.h>
#include <string.h>
#include <time.h>

/* Size classes inside the window: a class counts when its bounds lie
 * within [lo, hi] (an open class, upper bound infinite, only with hi
 * infinite). */
static int in_window(const pm_obs_class *c, double lo, double hi)
{
  return !isnan(c->size_min_mm) && c->size_min_mm >= lo &&
         c->size_max_mm <= hi;
}

static void add_class(const pm_obs *obs, size_t c, double *y)
{
  size_t s;

  for (s = 0; s < obs->n_samples; s++) y[s] += obs->count[c][s];
}

/* A source that reports no particle of a size window in any sample did not
 * measure size classes (an EcoPart raw export read for its objects): its
 * samples get a missing response, not zero.  (A named class keeps its
 * zeros: a taxon absent from a whole cruise is a finding.) */
static void unmeasured_missing(const pm_obs *obs, double *y)
{
  size_t s, t;

  for (s = 0; s < obs->n_samples; s++) {
    const char *src = obs->profiles[obs->profile[s]].source;
    int seen = 0;
    if (isnan(y[s])) continue;
    for (t = 0; t < obs->n_samples && !seen; t++)
      seen = y[t] > 0 && strcmp(obs->profiles[obs->profile[t]].source, src) == 0;
    if (!seen)
      for (t = s; t < obs->n_samples; t++)
        if (strcmp(obs->profiles[obs->profile[t]].source, src) == 0) y[t] = NAN;
  }
}

int pm_obs_response(const pm_obs *obs, const pm_response_spec *r, double *y)
{
  size_t i, c, used = 0;

  memset(y, 0, obs->n_samples * sizeof *y);
  for (i = 0; i < r->nclasses; i++) {
    c = pm_obs_find_class(obs, r->classes[i]);
    if (c == (size_t)-1)
      return pm_error(PM_EINPUT,
                      "response class '%s' is not in the observations (%zu "
                      "classes read); check the name and the class filters",
                      r->classes[i], obs->n_classes);
    add_class(obs, c, y);
    used++;
  }
  if (!isnan(r->size_min_mm)) {
    for (c = 0; c < obs->n_classes; c++)
      if (in_window(&obs->classes[c], r->size_min_mm, r->size_max_mm)) {
        add_class(obs, c, y);
        used++;
      }
    if (used == r->nclasses)
      return pm_error(PM_EINPUT,
                      "response size window %g-%g mm holds no size class of "
                      "the observations; widen it or check the sources",
                      r->size_min_mm, r->size_max_mm);
  }
  if (used == 0)
    return pm_error(PM_EINPUT, "the response names no class and no size window");
  if (!isnan(r->size_min_mm)) unmeasured_missing(obs, y);
  return PM_SUCCESS;
}

/* A class with objects whose carbon is unknown (NAN sums): the first such
 * class, or SIZE_MAX. */
static size_t class_without_carbon(const pm_obs *obs)
{
  size_t c, s;
  for (c = 0; c < obs->n_classes; c++)
    for (s = 0; obs->carbon_mg[c] && s < obs->n_samples; s++)
      if (isnan(obs->carbon_mg[c][s])) return c;
  return SIZE_MAX;
}

int pm_obs_biomass(const pm_obs *obs, double *y)
{
  size_t c, s;

  if (!obs->sized)
    return pm_error(PM_EINPUT,
                    "a biomass response needs the sizes of the objects, and "
                    "no observation source measured them; use an EcoPart raw "
                    "export or an EcoTaxa export with object sizes and a "
                    "pixel size");
  for (s = 0; s < obs->n_samples; s++) y[s] = obs->sized[s] ? 0 : NAN;
  if (!obs->carbon_mg) return PM_SUCCESS; /* measured, but no object kept */
  if ((c = class_without_carbon(obs)) != SIZE_MAX)
    return pm_error(PM_EINPUT,
                    "class '%s' (path '%s') has no carbon conversion; add a "
                    "row for its name or a prefix of its path to the "
                    "biomass section's carbon_table (columns key form a b "
                    "source), or leave the class out with the filters",
                    obs->classes[c].name,
                    obs->classes[c].path ? obs->classes[c].path : "");
  for (c = 0; c < obs->n_classes; c++)
    for (s = 0; obs->carbon_mg[c] && s < obs->n_samples; s++)
      if (obs->sized[s]) y[s] += obs->carbon_mg[c][s];
  return PM_SUCCESS;
}

void pm_obs_builtins(const pm_obs *obs, double *depth, double *logdepth,
                     double *month)
{
  size_t s;

  for (s = 0; s < obs->n_samples; s++) {
    double mid = (obs->depth_top[s] + obs->depth_bottom[s]) / 2;
    if (depth) depth[s] = mid;
    if (logdepth) logdepth[s] = log(mid);
    if (month) {
      time_t t = (time_t)floor(obs->time[s]);
      struct tm tm;
      month[s] = gmtime_r(&t, &tm) ? tm.tm_mon + 1 : NAN;
    }
  }
}
