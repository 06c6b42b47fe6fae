/* project.c: map projections through PROJ, from WGS84 longitude and
 * latitude (degrees) to projected metres.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "plot_internal.h"
#include "pm_error.h"

#include <math.h>
#include <proj.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The projection is built centred on 0; pm_plot_proj_points moves each
 * longitude to the central meridian lon0 first, so that the map's window
 * is lon0 - 180 .. lon0 + 180 with both ends kept (the limbs). */
struct pm_plot_proj {
  PJ_CONTEXT *ctx;
  PJ *pj;
  double lon0;
};

/* The short names and their PROJ strings (Robinson 1974; Equal Earth,
 * Savric, Patterson and Jenny 2019; Mollweide; plate carree). */
static const char *const names[][2] = {{"robin", "+proj=robin"},
                                       {"eqearth", "+proj=eqearth"},
                                       {"moll", "+proj=moll"},
                                       {"eqc", "+proj=eqc"}};

static const char *proj_string(const char *projection)
{
  size_t i;
  for (i = 0; i < sizeof names / sizeof names[0]; i++)
    if (strcmp(projection, names[i][0]) == 0) return names[i][1];
  return projection;
}

void pm_plot_proj_free(pm_plot_proj *p)
{
  if (!p) return;
  if (p->pj) proj_destroy(p->pj);
  if (p->ctx) proj_context_destroy(p->ctx);
  free(p);
}

/* The PROJ string less its +lon_0=X into buf, X into *lon0 (0 when
 * none); 0 when X is not a number. */
static int take_lon0(const char *text, char *buf, size_t size, double *lon0)
{
  const char *at = strstr(text, "+lon_0="), *rest;
  char *end;

  *lon0 = 0;
  snprintf(buf, size, "%s", text);
  if (!at) return 1;
  *lon0 = strtod(at + 7, &end);
  if (end == at + 7 || !isfinite(*lon0) || (*end && *end != ' ')) return 0;
  rest = end;
  snprintf(buf + (at - text), size - (size_t)(at - text), "%s", rest);
  return 1;
}

int pm_plot_proj_open(pm_plot_proj **out, const char *projection,
                      double central_lon)
{
  pm_plot_proj *p = calloc(1, sizeof *p);
  char target[512], base[400];
  PJ *pj = NULL;
  int status = PM_SUCCESS;

  *out = NULL;
  if (!p) return pm_error_nomem();
  if (!projection) projection = "robin";
  if (projection[0] != '+' && strcmp(proj_string(projection), projection) == 0)
    goto unknown; /* neither a short name nor a PROJ string */
  if (!take_lon0(proj_string(projection), base, sizeof base, &p->lon0))
    goto unknown;
  if (isfinite(central_lon) && central_lon != 0) p->lon0 = central_lon;
  if (!(fabs(p->lon0) <= 360)) {
    status = pm_error(PM_EUSAGE, "a central longitude of %g: give one "
                      "from -360 to 360", p->lon0);
    goto cleanup;
  }
  snprintf(target, sizeof target, "%s +datum=WGS84 +type=crs", base);
  if (!(p->ctx = proj_context_create())) {
    status = pm_error_nomem();
    goto cleanup;
  }
  proj_log_level(p->ctx, PJ_LOG_NONE);
  pj = proj_create_crs_to_crs(p->ctx, "+proj=longlat +datum=WGS84 +type=crs",
                              target, NULL);
  if (!pj) goto unknown;
  /* longitude first, whatever the CRS's axis order */
  p->pj = proj_normalize_for_visualization(p->ctx, pj);
  proj_destroy(pj);
  if (!p->pj) goto unknown;
  goto cleanup;
unknown:
  status = pm_error(PM_EUSAGE, "unknown projection '%s'; use robin, eqearth, "
                    "moll, eqc or a PROJ string such as \"+proj=robin "
                    "+lon_0=180\"", projection);
cleanup:
  if (status) {
    pm_plot_proj_free(p);
    return status;
  }
  *out = p;
  return PM_SUCCESS;
}

double pm_plot_proj_lon0(const pm_plot_proj *p) { return p->lon0; }

/* lon - lon0 brought into -180..180, both ends kept (a tolerance keeps
 * the window's ends computed as lon0 +- 180 on their own side). */
static double relative(double lon, double lon0)
{
  double x = lon - lon0;

  if (x > 180 + 1e-9)
    x -= 360 * ceil((x - 180 - 1e-9) / 360);
  else if (x < -180 - 1e-9)
    x += 360 * ceil((-180 - 1e-9 - x) / 360);
  return fmax(-180, fmin(180, x));
}

void pm_plot_proj_points(const pm_plot_proj *p, size_t n, double *x,
                         double *y)
{
  size_t i;

  for (i = 0; i < n; i++)
    if (isfinite(x[i])) x[i] = relative(x[i], p->lon0);
  proj_trans_generic(p->pj, PJ_FWD, x, sizeof *x, n, y, sizeof *y, n, NULL,
                     0, 0, NULL, 0, 0);
  for (i = 0; i < n; i++)
    if (!isfinite(x[i]) || !isfinite(y[i]) || fabs(x[i]) > 1e30 ||
        fabs(y[i]) > 1e30)
      x[i] = y[i] = NAN;
}

void pm_plot_proj_extent(const pm_plot_proj *p, double ext[4])
{
  enum { N = 181 };
  double x[4 * N], y[4 * N];
  size_t i;

  /* the limb: both edge meridians, the poles and the equator */
  for (i = 0; i < N; i++) {
    x[i] = p->lon0 - 180, y[i] = -90 + (double)i;
    x[N + i] = p->lon0 + 180, y[N + i] = -90 + (double)i;
    x[2 * N + i] = p->lon0 - 180 + 2.0 * (double)i, y[2 * N + i] = 90;
    x[3 * N + i] = p->lon0 - 180 + 2.0 * (double)i, y[3 * N + i] = 0;
  }
  pm_plot_proj_points(p, 4 * N, x, y);
  ext[0] = ext[2] = INFINITY;
  ext[1] = ext[3] = -INFINITY;
  for (i = 0; i < 4 * N; i++) {
    if (!isfinite(x[i])) continue;
    ext[0] = fmin(ext[0], x[i]);
    ext[1] = fmax(ext[1], x[i]);
    ext[2] = fmin(ext[2], y[i]);
    ext[3] = fmax(ext[3], y[i]);
  }
}

int pm_plot_densify(size_t n, const double *lon, const double *lat,
                    double step, double **olon, double **olat, size_t *nout)
{
  size_t i, m = 1, k, cap = n;

  for (i = 1; i < n; i++)
    cap += (size_t)ceil(fmax(fabs(lon[i] - lon[i - 1]),
                             fabs(lat[i] - lat[i - 1])) / step);
  *olon = malloc((cap + 1) * sizeof **olon);
  *olat = malloc((cap + 1) * sizeof **olat);
  if (!*olon || !*olat) {
    free(*olon);
    free(*olat);
    *olon = *olat = NULL;
    return pm_error_nomem();
  }
  (*olon)[0] = lon[0];
  (*olat)[0] = lat[0];
  for (i = 1; i < n; i++) {
    size_t parts = (size_t)ceil(fmax(fabs(lon[i] - lon[i - 1]),
                                     fabs(lat[i] - lat[i - 1])) / step);
    if (parts < 1) parts = 1;
    for (k = 1; k <= parts; k++) {
      double f = (double)k / (double)parts;
      (*olon)[m] = lon[i - 1] + f * (lon[i] - lon[i - 1]);
      (*olat)[m++] = lat[i - 1] + f * (lat[i] - lat[i - 1]);
    }
  }
  *nout = m;
  return PM_SUCCESS;
}

int pm_plot_projection_check(const char *projection)
{
  pm_plot_proj *p = NULL;
  int status = pm_plot_proj_open(&p, projection, NAN);

  pm_plot_proj_free(p);
  return status;
}
