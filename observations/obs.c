/* obs.c: the observation table.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "pm_obs.h"
#include "pm_error.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

pm_obs *pm_obs_alloc(void) { return calloc(1, sizeof(pm_obs)); }

void pm_obs_free(pm_obs *obs)
{
  size_t i;
  if (!obs) return;
  for (i = 0; i < obs->n_classes; i++) {
    free(obs->classes[i].name);
    free(obs->classes[i].path);
    free(obs->count[i]);
    if (obs->biovolume_mm3) free(obs->biovolume_mm3[i]);
    if (obs->carbon_mg) free(obs->carbon_mg[i]);
    if (obs->predicted) free(obs->predicted[i]);
  }
  for (i = 0; i < obs->n_profiles; i++) {
    free(obs->profiles[i].source);
    free(obs->profiles[i].name);
    free(obs->profiles[i].project);
    free(obs->profiles[i].origin);
    free(obs->profiles[i].instrument);
  }
  free(obs->classes);
  free(obs->count);
  free(obs->biovolume_mm3);
  free(obs->carbon_mg);
  free(obs->predicted);
  free(obs->sized);
  free(obs->profiles);
  free(obs->profile);
  free(obs->time);
  free(obs->lat);
  free(obs->lon);
  free(obs->depth_top);
  free(obs->depth_bottom);
  free(obs->volume_m3);
  free(obs);
}

/* Grow *array (of elements of `size` bytes) to hold `cap` elements. */
static int grow(void *array, size_t size, size_t cap)
{
  void **p = array;
  void *q = realloc(*p, cap * size);
  if (!q) return pm_error_nomem();
  *p = q;
  return PM_SUCCESS;
}

/* Grow *column from `old` to `cap` elements of `size` bytes, the new ones
 * zero; a NULL column stays NULL (not allocated yet). */
static int grow_zero(void *column, size_t size, size_t old, size_t cap)
{
  void **p = column;
  int status;
  if (!*p) return PM_SUCCESS;
  if ((status = grow(column, size, cap))) return status;
  memset((char *)*p + old * size, 0, (cap - old) * size);
  return PM_SUCCESS;
}

static char *dup_or_empty(const char *s) { return strdup(s ? s : ""); }

static int same_profile(const pm_obs_profile *a, const pm_obs_profile *b)
{
  return a->time == b->time && strcmp(a->name, b->name) == 0 &&
         strcmp(a->source, b->source) == 0 &&
         strcmp(a->project, b->project) == 0;
}

/* The error of profile p given a second time, after profile q. */
static int duplicate_profile(const pm_obs_profile *p, const pm_obs_profile *q)
{
  return pm_error(PM_EINPUT,
                  "%s%sduplicate profile key: profile '%s'%s%s of source '%s' "
                  "at the same date-time is given twice%s%s%s; its samples "
                  "would be counted twice",
                  p->origin ? p->origin : "", p->origin ? ": " : "", p->name,
                  *p->project ? " of project " : "", p->project, p->source,
                  q->origin ? " (first on " : "", q->origin ? q->origin : "",
                  q->origin ? ")" : "");
}

int pm_obs_add_profile(pm_obs *obs, const pm_obs_profile *p, size_t *index)
{
  pm_obs_profile *q, key = *p;
  size_t i;

  if (!key.project) key.project = "";
  /* Profiles arrive in order: a duplicate of a recent one is the common case,
   * and the number of profiles (thousands) keeps a scan cheap. */
  for (i = obs->n_profiles; i-- > 0;)
    if (same_profile(&obs->profiles[i], &key))
      return duplicate_profile(&key, &obs->profiles[i]);
  if (obs->n_profiles == obs->cap_profiles) {
    size_t cap = obs->cap_profiles ? 2 * obs->cap_profiles : 64;
    int status = grow(&obs->profiles, sizeof *obs->profiles, cap);
    if (status) return status;
    obs->cap_profiles = cap;
  }
  q = &obs->profiles[obs->n_profiles];
  *q = key;
  q->source = dup_or_empty(p->source);
  q->name = dup_or_empty(p->name);
  q->project = dup_or_empty(p->project);
  q->origin = p->origin ? strdup(p->origin) : NULL;
  q->instrument = p->instrument ? strdup(p->instrument) : NULL;
  if (!q->source || !q->name || !q->project || (p->origin && !q->origin) ||
      (p->instrument && !q->instrument)) {
    free(q->source);
    free(q->name);
    free(q->project);
    free(q->origin);
    free(q->instrument);
    return pm_error_nomem();
  }
  *index = obs->n_profiles++;
  return PM_SUCCESS;
}

size_t pm_obs_find_class(const pm_obs *obs, const char *name)
{
  size_t i;
  for (i = 0; i < obs->n_classes; i++)
    if (strcmp(obs->classes[i].name, name) == 0) return i;
  return SIZE_MAX;
}

int pm_obs_class_index(pm_obs *obs, const char *name, const char *path,
                       double size_min_mm, double size_max_mm, size_t *index)
{
  pm_obs_class *c;
  size_t i = pm_obs_find_class(obs, name);

  if (i != SIZE_MAX) {
    *index = i;
    return PM_SUCCESS;
  }
  if (obs->n_classes == obs->cap_classes) {
    size_t cap = obs->cap_classes ? 2 * obs->cap_classes : 16;
    if (grow(&obs->classes, sizeof *obs->classes, cap) ||
        grow(&obs->count, sizeof *obs->count, cap) ||
        grow_zero(&obs->biovolume_mm3, sizeof(double *), obs->cap_classes,
                  cap) ||
        grow_zero(&obs->carbon_mg, sizeof(double *), obs->cap_classes, cap) ||
        grow_zero(&obs->predicted, sizeof(double *), obs->cap_classes, cap))
      return PM_EIO; /* out of memory, said by grow() */
    obs->cap_classes = cap;
  }
  c = &obs->classes[obs->n_classes];
  c->name = strdup(name);
  c->path = path ? strdup(path) : NULL;
  c->size_min_mm = size_min_mm;
  c->size_max_mm = size_max_mm;
  obs->count[obs->n_classes] = calloc(obs->cap_samples ? obs->cap_samples : 1,
                                      sizeof(double));
  if (!c->name || (path && !c->path) || !obs->count[obs->n_classes]) {
    free(c->name);
    free(c->path);
    free(obs->count[obs->n_classes]);
    return pm_error_nomem();
  }
  *index = obs->n_classes++;
  return PM_SUCCESS;
}

static int grow_samples(pm_obs *obs)
{
  size_t cap = obs->cap_samples ? 2 * obs->cap_samples : 1024, c;

  if (grow(&obs->profile, sizeof *obs->profile, cap) ||
      grow(&obs->time, sizeof(double), cap) ||
      grow(&obs->lat, sizeof(double), cap) ||
      grow(&obs->lon, sizeof(double), cap) ||
      grow(&obs->depth_top, sizeof(double), cap) ||
      grow(&obs->depth_bottom, sizeof(double), cap) ||
      grow(&obs->volume_m3, sizeof(double), cap))
    return PM_EIO;
  if (grow_zero(&obs->sized, 1, obs->cap_samples, cap)) return PM_EIO;
  for (c = 0; c < obs->n_classes; c++)
    if (grow_zero(&obs->count[c], sizeof(double), obs->cap_samples, cap) ||
        (obs->biovolume_mm3 &&
         grow_zero(&obs->biovolume_mm3[c], sizeof(double), obs->cap_samples,
                   cap)) ||
        (obs->carbon_mg && grow_zero(&obs->carbon_mg[c], sizeof(double),
                                     obs->cap_samples, cap)) ||
        (obs->predicted && grow_zero(&obs->predicted[c], sizeof(double),
                                     obs->cap_samples, cap)))
      return PM_EIO;
  obs->cap_samples = cap;
  return PM_SUCCESS;
}

static int check_sample(const pm_obs_profile *p, double top, double bottom,
                        double volume, const char *where)
{
  if (!(p->lat >= -90 && p->lat <= 90))
    return pm_error(PM_EINPUT, "%s: latitude %g is outside [-90, 90]", where,
                    p->lat);
  if (!(p->lon >= -180 && p->lon <= 360))
    return pm_error(PM_EINPUT, "%s: longitude %g is outside [-180, 360]",
                    where, p->lon);
  if (!(top >= 0))
    return pm_error(PM_EINPUT, "%s: top depth %g m is negative", where, top);
  if (!(bottom > top))
    return pm_error(PM_EINPUT,
                    "%s: top depth %g m is not above the bottom depth %g m",
                    where, top, bottom);
  if (!(volume > 0) || !isfinite(volume))
    return pm_error(PM_EINPUT,
                    "%s: sampled volume %g m3 is not positive; a sampled "
                    "volume must be positive",
                    where, volume);
  return PM_SUCCESS;
}

int pm_obs_add_sample(pm_obs *obs, size_t profile, double depth_top,
                      double depth_bottom, double volume_m3, const char *where,
                      size_t *index)
{
  const pm_obs_profile *p = &obs->profiles[profile];
  size_t s = obs->n_samples;
  int status = check_sample(p, depth_top, depth_bottom, volume_m3, where);

  if (status) return status;
  if (s == obs->cap_samples && (status = grow_samples(obs))) return status;
  obs->profile[s] = profile;
  obs->time[s] = p->time;
  obs->lat[s] = p->lat;
  obs->lon[s] = p->lon;
  obs->depth_top[s] = depth_top;
  obs->depth_bottom[s] = depth_bottom;
  obs->volume_m3[s] = volume_m3;
  *index = obs->n_samples++;
  return PM_SUCCESS;
}

int pm_obs_mark_sized(pm_obs *obs, size_t s)
{
  if (!obs->sized && !(obs->sized = calloc(obs->cap_samples, 1)))
    return pm_error_nomem();
  obs->sized[s] = 1;
  return PM_SUCCESS;
}

/* The biovolume and carbon columns of class c, allocated on first use. */
static int biomass_columns(pm_obs *obs, size_t c)
{
  size_t n = obs->cap_samples;
  if (!obs->biovolume_mm3 &&
      !(obs->biovolume_mm3 = calloc(obs->cap_classes, sizeof(double *))))
    return pm_error_nomem();
  if (!obs->carbon_mg &&
      !(obs->carbon_mg = calloc(obs->cap_classes, sizeof(double *))))
    return pm_error_nomem();
  if (!obs->biovolume_mm3[c] &&
      !(obs->biovolume_mm3[c] = calloc(n, sizeof(double))))
    return pm_error_nomem();
  if (!obs->carbon_mg[c] && !(obs->carbon_mg[c] = calloc(n, sizeof(double))))
    return pm_error_nomem();
  return PM_SUCCESS;
}

int pm_obs_add_biomass(pm_obs *obs, size_t c, size_t s, double biovolume_mm3,
                       double carbon_mg)
{
  int status;
  if ((status = pm_obs_mark_sized(obs, s)) ||
      (status = biomass_columns(obs, c)))
    return status;
  obs->biovolume_mm3[c][s] += biovolume_mm3;
  obs->carbon_mg[c][s] += carbon_mg;
  return PM_SUCCESS;
}

int pm_obs_add_predicted(pm_obs *obs, size_t c, size_t s, double n)
{
  if (!obs->predicted &&
      !(obs->predicted = calloc(obs->cap_classes, sizeof(double *))))
    return pm_error_nomem();
  if (!obs->predicted[c] &&
      !(obs->predicted[c] = calloc(obs->cap_samples, sizeof(double))))
    return pm_error_nomem();
  obs->predicted[c][s] += n;
  return PM_SUCCESS;
}

double pm_obs_class_total(const pm_obs *obs, size_t c)
{
  double sum = 0;
  size_t s;
  for (s = 0; s < obs->n_samples; s++) sum += obs->count[c][s];
  return sum;
}

void pm_obs_time_range(const pm_obs *obs, double *tmin, double *tmax)
{
  size_t s;
  *tmin = *tmax = NAN;
  for (s = 0; s < obs->n_samples; s++) {
    if (!(obs->time[s] >= *tmin)) *tmin = obs->time[s];
    if (!(obs->time[s] <= *tmax)) *tmax = obs->time[s];
  }
}
