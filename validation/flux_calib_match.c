/* flux_calib_match.c: the observed samples matched to each trap of a flux
 * calibration, and their mean size spectrum.
 *
 * A sample matches a trap when it lies within radius_km of it, the
 * geodesic distance on the WGS84 ellipsoid (Karney 2013, J. Geodesy 87:43,
 * through PROJ's geod_inverse, as fields/ measures distances), and its
 * depth range holds the trap depth or comes within depth_m of it.  The
 * traps of validation/traps.csv carry no date, so samples are not matched
 * in time.  The mean spectrum of a trap's samples is volume weighted: each
 * size class's concentration is its total count over the total volume.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "pm_error.h"
#include "pm_flux_calib.h"

#include <geodesic.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* WGS84 semi-major axis (m) and flattening. */
#define PM_WGS84_A 6378137.0
#define PM_WGS84_F (1.0 / 298.257223563)
/* Fewer km than a degree of latitude spans anywhere on WGS84 (110.57 km at
 * the equator): samples farther in latitude are skipped unmeasured. */
#define PM_KM_PER_DEGREE_LAT_MIN 110.0

void pm_flux_calib_pairs_free(pm_flux_calib_pairs *p)
{
  if (!p) return;
  free(p->lower_mm);
  free(p->upper_mm);
  free(p->conc_m3);
  free(p->depth);
  free(p->flux);
  free(p->trap);
  free(p->n_samples);
  free(p);
}

/* The distance (m) from depth z to the range [top, bottom]: 0 inside. */
static double depth_gap(double z, double top, double bottom)
{
  return z < top ? top - z : z > bottom ? z - bottom : 0;
}

static int matches(const struct geod_geodesic *g, const pm_obs *obs,
                   size_t s, const pm_trap *r, double radius_km,
                   double depth_m)
{
  double s12;

  if (depth_gap(r->depth, obs->depth_top[s], obs->depth_bottom[s]) > depth_m)
    return 0;
  if (fabs(obs->lat[s] - r->lat) * PM_KM_PER_DEGREE_LAT_MIN > radius_km)
    return 0;
  geod_inverse(g, r->lat, r->lon, obs->lat[s], obs->lon[s], &s12, NULL, NULL);
  return s12 / 1000.0 <= radius_km;
}

/* The size classes of obs (those with bounds): their indices in cls. */
static int size_classes(const pm_obs *obs, pm_flux_calib_pairs *p,
                        size_t *cls)
{
  size_t c;

  p->lower_mm = malloc((obs->n_classes + 1) * sizeof *p->lower_mm);
  p->upper_mm = malloc((obs->n_classes + 1) * sizeof *p->upper_mm);
  if (!p->lower_mm || !p->upper_mm) return pm_error_nomem();
  for (c = 0; c < obs->n_classes; c++)
    if (!isnan(obs->classes[c].size_min_mm)) {
      cls[p->n_classes] = c;
      p->lower_mm[p->n_classes] = obs->classes[c].size_min_mm;
      p->upper_mm[p->n_classes++] = obs->classes[c].size_max_mm;
    }
  return PM_SUCCESS;
}

/* Trap i's pair, when a sample matches it. */
static void add_pair(const struct geod_geodesic *g, const pm_obs *obs,
                     const pm_traps *t, size_t i, double radius_km,
                     double depth_m, const size_t *cls,
                     pm_flux_calib_pairs *p)
{
  double *conc = p->conc_m3 + p->n * p->n_classes, volume = 0;
  size_t s, c, used = 0;

  memset(conc, 0, p->n_classes * sizeof *conc);
  for (s = 0; s < obs->n_samples; s++) {
    if (!matches(g, obs, s, &t->rows[i], radius_km, depth_m)) continue;
    for (c = 0; c < p->n_classes; c++) conc[c] += obs->count[cls[c]][s];
    volume += obs->volume_m3[s];
    used++;
  }
  if (!used) return;
  for (c = 0; c < p->n_classes; c++) conc[c] /= volume;
  p->depth[p->n] = t->rows[i].depth;
  p->flux[p->n] = t->rows[i].flux;
  p->trap[p->n] = i;
  p->n_samples[p->n++] = used;
}

int pm_flux_calib_match(const pm_obs *obs, const pm_traps *t,
                        double radius_km, double depth_m,
                        pm_flux_calib_pairs **out)
{
  struct geod_geodesic g;
  pm_flux_calib_pairs *p = calloc(1, sizeof *p);
  size_t *cls = malloc((obs->n_classes + 1) * sizeof *cls), i, m = t->n + 1;
  int status = PM_SUCCESS;

  *out = NULL;
  if (!p || !cls) {
    status = pm_error_nomem();
    goto cleanup;
  }
  if (!isfinite(radius_km) || !(radius_km > 0) || !isfinite(depth_m) ||
      !(depth_m >= 0)) {
    status = pm_error(PM_EINPUT, "flux calibration: radius %g km, depth "
                      "%g m; the radius must be positive and the depth not "
                      "negative, both finite", radius_km, depth_m);
    goto cleanup;
  }
  if ((status = size_classes(obs, p, cls))) goto cleanup;
  p->conc_m3 = malloc(m * (p->n_classes + 1) * sizeof *p->conc_m3);
  p->depth = malloc(m * sizeof *p->depth);
  p->flux = malloc(m * sizeof *p->flux);
  p->trap = malloc(m * sizeof *p->trap);
  p->n_samples = malloc(m * sizeof *p->n_samples);
  if (!p->conc_m3 || !p->depth || !p->flux || !p->trap || !p->n_samples) {
    status = pm_error_nomem();
    goto cleanup;
  }
  geod_init(&g, PM_WGS84_A, PM_WGS84_F);
  for (i = 0; i < t->n; i++)
    add_pair(&g, obs, t, i, radius_km, depth_m, cls, p);
cleanup:
  free(cls);
  if (status)
    pm_flux_calib_pairs_free(p);
  else
    *out = p;
  return status;
}
