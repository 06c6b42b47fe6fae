/* areas.c: exact areas of grid cells on the WGS84 ellipsoid, through PROJ.
 *
 * A cell bounded by two parallels and two meridians maps to a rectangle in the
 * Lambert cylindrical equal-area projection (PROJ "cea"): x = a (lambda -
 * lambda0) and y = a q / 2, with q the authalic function of the latitude
 * (Snyder 1987, Map Projections - A Working Manual, USGS Professional Paper
 * 1395, eqs. 10-14, 10-15 with k0 = 1, and eq. 3-12).  The projection keeps
 * areas, so the cell's area is exactly the rectangle's, dx dy.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "grid_internal.h"
#include "pm_error.h"

#include <math.h>
#include <proj.h>
#include <stdlib.h>

typedef struct {
  PJ_CONTEXT *ctx;
  PJ *pj;
} cea;

static int proj_fail(PJ_CONTEXT *ctx, const char *what)
{
  int err = proj_context_errno(ctx);
  return pm_error(PM_ENUMERIC, "PROJ: %s failed: %s", what,
                  err ? proj_context_errno_string(ctx, err) : "unknown error");
}

static void cea_close(cea *c)
{
  if (c->pj) proj_destroy(c->pj);
  if (c->ctx) proj_context_destroy(c->ctx);
}

static int cea_open(cea *c)
{
  c->pj = NULL;
  if (!(c->ctx = proj_context_create()))
    return pm_error(PM_EIO, "PROJ: cannot create a context");
  proj_log_level(c->ctx, PJ_LOG_NONE); /* the library never prints */
  if (!(c->pj = proj_create(c->ctx, "+proj=cea +ellps=WGS84 +lon_0=0"))) {
    int status = proj_fail(c->ctx, "creating the projection '+proj=cea "
                                   "+ellps=WGS84'");
    cea_close(c);
    return status;
  }
  return PM_SUCCESS;
}

/* Projected (x, y) of a point, in m. */
static int cea_forward(const cea *c, double lon_deg, double lat_deg, double *x,
                       double *y)
{
  PJ_COORD p = proj_coord(proj_torad(lon_deg), proj_torad(lat_deg), 0, 0);

  proj_errno_reset(c->pj);
  p = proj_trans(c->pj, PJ_FWD, p);
  if (proj_errno(c->pj) || !isfinite(p.xy.x) || !isfinite(p.xy.y)) {
    int err = proj_errno(c->pj);
    return pm_error(PM_ENUMERIC,
                    "PROJ: projecting longitude %g, latitude %g to the "
                    "cylindrical equal-area projection failed: %s",
                    lon_deg, lat_deg,
                    err ? proj_context_errno_string(c->ctx, err)
                        : "not a finite result");
  }
  *x = p.xy.x;
  *y = p.xy.y;
  return PM_SUCCESS;
}

static int cea_area(const cea *c, double lat1, double lat2, double dlon,
                    double *area)
{
  double x1, x2, y1, y2;
  int status;

  if (!(lat1 >= -90 && lat2 <= 90 && lat1 <= lat2) || !(dlon >= 0 && dlon <= 360))
    return pm_error(PM_EINPUT,
                    "cell area: latitudes [%g, %g] or longitude width %g out "
                    "of range",
                    lat1, lat2, dlon);
  /* Meridians at -dlon/2 and +dlon/2, inside [-180, 180] where PROJ does not
   * wrap them. */
  if ((status = cea_forward(c, -0.5 * dlon, lat1, &x1, &y1)) ||
      (status = cea_forward(c, 0.5 * dlon, lat2, &x2, &y2)))
    return status;
  *area = (x2 - x1) * (y2 - y1);
  return PM_SUCCESS;
}

int pm_grid_quadrangle_area(double lat1_deg, double lat2_deg, double dlon_deg,
                            double *area)
{
  cea c;
  int status = cea_open(&c);

  if (status) return status;
  status = cea_area(&c, lat1_deg, lat2_deg, dlon_deg, area);
  cea_close(&c);
  return status;
}

int pm_grid_row_areas(pm_grid *g)
{
  cea c;
  size_t j;
  int status;

  if (!(g->area = malloc(g->nlat * sizeof(double)))) return pm_error_nomem();
  if ((status = cea_open(&c))) return status;
  for (j = 0; j < g->nlat && !status; j++)
    status = cea_area(&c, g->lat_bnds[2 * j], g->lat_bnds[2 * j + 1], g->dlon,
                      &g->area[j]);
  cea_close(&c);
  return status;
}
