/* pm_grid.h: a regular longitude-latitude grid with depth layers and a time
 * axis, and the exact area of its cells on the WGS84 ellipsoid.
 *
 * A point on an edge belongs to the cell above the edge; the last edge of a
 * regional axis (and of the depth axis) belongs to the last cell.  Times are
 * in s since 1970-01-01T00:00:00Z (CF "seconds since 1970-01-01 00:00:00",
 * standard calendar).  A month or season axis is a CF climatology (CF 1.11
 * section 7.4): its time values lie in the first year of the data and its
 * bounds run from the start of the month or season in the first year to its
 * end in the last year.  A December belongs to the DJF season of the next
 * year.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#ifndef PM_GRID_H
#define PM_GRID_H

#include <stddef.h>

typedef enum {
  PM_TIME_NONE,   /* one time step covering all the data */
  PM_TIME_MONTH,  /* month of year (climatology, 12 steps) */
  PM_TIME_SEASON, /* DJF, MAM, JJA, SON (climatology, 4 steps) */
  PM_TIME_YEAR    /* calendar years from the first to the last year */
} pm_time_axis;

typedef struct {
  double lon_min, lon_max; /* degrees east; lon_max - lon_min <= 360 */
  double lat_min, lat_max; /* degrees north */
  double dlon, dlat;       /* cell size, degrees; must divide the ranges */
  double *depth_edges;     /* layer edges (m, positive down), increasing */
  size_t n_depth_edges;    /* >= 2 */
  pm_time_axis time_axis;
} pm_grid_spec;

typedef struct {
  size_t nlon, nlat, ndepth, ntime;
  double *lon, *lat, *depth;             /* cell centres */
  double *lon_bnds, *lat_bnds, *depth_bnds; /* 2 per cell */
  double *time, *time_bnds;  /* s since 1970-01-01; bounds 2 per step (for a
                                climatology: the climatology bounds) */
  double *area;              /* m2, one per latitude row (nlat) */
  pm_time_axis time_axis;
  int year_first, year_last; /* years of the data (season years for DJF) */
  double lon_min;            /* west edge of the grid */
  double dlon, dlat;         /* cell size, degrees */
  int lon_global;            /* the longitudes go round the globe */
} pm_grid;

/* Build a grid; for PM_TIME_NONE and PM_TIME_YEAR the time axis spans
 * [time_min, time_max] (the kept observations' range). */
int pm_grid_alloc(pm_grid **g, const pm_grid_spec *spec, double time_min,
                  double time_max);
void pm_grid_free(pm_grid *g);

/* A check of the spec alone (pm_grid_alloc calls it): ranges, cell sizes
 * dividing the ranges within 1e-9, increasing depth edges. */
int pm_grid_check_spec(const pm_grid_spec *spec);

/* Index of the cell holding a point, or SIZE_MAX outside the grid.  The
 * longitude is wrapped into the grid's range. */
/* Edges of cell i of monotonic centres c[n] when a file gives none:
 * halfway between neighbours, half a spacing beyond the ends (a single
 * cell: 0.5 either side). */
void pm_grid_cell_edges(const double *c, size_t n, size_t i, double *lo,
                        double *hi);

/* The depth layer of point k of the increasing depths z[n] (m) of maps
 * given at points: from the surface (the first point) or halfway to the
 * point above, to halfway to the point below or, for the last, as far
 * below it as halfway to the one above; a single point stands for 1 m
 * around it, not above the surface. */
void pm_grid_depth_layer(const double *z, size_t n, size_t k, double *top,
                         double *bottom);

size_t pm_grid_lon_index(const pm_grid *g, double lon);
size_t pm_grid_lat_index(const pm_grid *g, double lat);
size_t pm_grid_depth_index(const pm_grid *g, double depth);
size_t pm_grid_time_index(const pm_grid *g, double time);

/* A name of time step `k` for tables and messages: "2014", "Mar", "DJF", or
 * "all". */
const char *pm_grid_time_label(const pm_grid *g, size_t k, char buf[16]);

/* Area (m2) on the WGS84 ellipsoid of the quadrangle between two parallels
 * and two meridians `dlon_deg` apart, computed with PROJ. */
int pm_grid_quadrangle_area(double lat1_deg, double lat2_deg, double dlon_deg,
                            double *area);

#endif
