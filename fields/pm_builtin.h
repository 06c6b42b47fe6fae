/* pm_builtin.h: the built-in covariates, which a formula may read without
 * a covariate field: what the position, time and depth of a sample or of a
 * map cell give.  Defined here once for the scenario's checks, the model
 * frames and the prediction grids.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#ifndef PM_BUILTIN_H
#define PM_BUILTIN_H

typedef enum {
  PM_BUILTIN_DEPTH,    /* depth (m, positive down) */
  PM_BUILTIN_LOGDEPTH, /* natural log of the depth; NAN at or above 0 m */
  PM_BUILTIN_LAT,      /* latitude (degrees north) */
  PM_BUILTIN_LON,      /* longitude (degrees east) */
  PM_BUILTIN_MONTH,    /* month 1-12; NAN when unknown */
  PM_BUILTIN_VOLUME,   /* volume_m3: the sampled volume (m3) */
  PM_BUILTIN_N
} pm_builtin;

/* Their names in formulas ("depth", "logdepth", "lat", "lon", "month",
 * "volume_m3"), NULL-terminated. */
extern const char *const pm_builtin_names[PM_BUILTIN_N + 1];

/* The same names as one string for messages: "depth, logdepth, ...". */
extern const char pm_builtin_list[];

/* The built-in called `name`, or -1 when there is none. */
int pm_builtin_find(const char *name);

/* The value of built-in `b` at a point (month 0: unknown).  The volume of
 * a point of a map is 1 m3, so that a model with offset(log(volume_m3))
 * predicts per cubic metre. */
double pm_builtin_at(pm_builtin b, double lon, double lat, double depth,
                     int month);

#endif
