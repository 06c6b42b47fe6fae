/* pm_ncmaps.h: prediction maps of one scenario as a CF-1.11 NetCDF-4 file.
 *
 * The file holds the longitude-latitude grid with bounds and cell areas,
 * the depth of the maps with the bounds of their layers, a climatological
 * month axis when the maps are monthly, and per model <model>_mean,
 * <model>_se, <model>_lower, <model>_upper (m-3, [month][depth][lat][lon]),
 * <model>_extrapolation (byte flag) and <model>_inventory (m-2,
 * [month][lat][lon]), and for a model with an area of applicability its
 * dissimilarity index <model>_di and flag <model>_aoa (byte, 1 inside).  A flux model's maps are fluxes (mg m-2 d-1) and
 * its 2-D maps, instead of the inventory, are the attenuation of the mean
 * flux profile: <model>_martin_b, <model>_z_star (m), <model>_teff_100,
 * <model>_martin_b_se (the standard deviation of b over the draws),
 * the remineralisation rate -dF/dz between consecutive depths on the axis
 * remin_depth (mid-depths, bounded by the two depths), with its 95%
 * interval: <model>_remineralisation, _lower, _upper (mg m-3 d-1),
 * and per export horizon of the spec the flux through it,
 * <model>_export_<horizon> (mg m-2 d-1) with <model>_export_<horizon>_lower
 * and _upper, its 95% interval.
 * A process rate's maps are in the units its pm_ncmaps_rate gives, and its
 * 2-D maps are the column integral <model>_column with its interval
 * <model>_column_lower and <model>_column_upper.
 * Masked cells (land, below the seafloor, a covariate
 * missing) hold the _FillValue.  The maps are put one model and month at a
 * time from inside the writer's callback, so that memory holds one month of
 * one model; the file is written under a temporary name and renamed into
 * place.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#ifndef PM_NCMAPS_H
#define PM_NCMAPS_H

#include <stddef.h>

#include "pm_grid.h"
#include "pm_ncwrite.h"

/* The units of a process rate's maps: UDUNITS strings for `units`, and
 * the same naming the element ("mg C m-3 d-1") for the attribute
 * units_familiar. */
typedef struct {
  const char *units, *column_units;
  const char *familiar, *column_familiar;
} pm_ncmaps_rate;

typedef struct {
  const pm_grid *grid;       /* lon, lat (with bounds) and cell areas */
  size_t ndepth;
  const double *depth;       /* m, positive down: where the maps are */
  const double *depth_bnds;  /* 2 per depth: the layer each one stands for */
  size_t nmonths;            /* 0: annual maps, no time axis */
  const int *months;         /* 1..12 */
  int year;                  /* year of the climatological time values */
  const char *scenario;
  const char *const *models; /* model names */
  const char *const *what;   /* per model: "particles in 100-500 um" ... */
  const char *const *comment; /* per model: how it was estimated (its
                                 intervals, the flux estimator), the
                                 comment of its variables; NULL: none */
  const int *flux;           /* per model: 1 for a flux; NULL: none is */
  const pm_ncmaps_rate *const *rates; /* per model: a rate's units, or
                                         NULL; NULL: none is */
  const double *aoa_threshold; /* per model: the threshold of its area of
                                  applicability, NAN for none; NULL: none
                                  has one */
  const char *const *horizons; /* names of the per-cell export horizons
                                  of the flux models */
  size_t nhorizons;
  size_t nmodels;
  const pm_nc_meta *meta;    /* provenance (title and summary may be NULL) */
} pm_ncmaps_spec;

/* One model and month of maps: NAN marks a masked cell.  mean, se, lower,
 * upper and extrapolation hold ndepth * nlat * nlon values [depth][lat][lon];
 * inventory nlat * nlon values. */
typedef struct {
  const double *mean, *se, *lower, *upper;
  const unsigned char *extrapolation; /* 0/1; 255 for a masked cell */
  const double *di;                   /* the dissimilarity index, and */
  const unsigned char *aoa;           /* 1 inside the area of
                                         applicability, 0 outside, 255
                                         masked: with aoa_threshold */
  const double *inventory;            /* a concentration */
  const double *martin_b, *z_star, *teff_100; /* a flux */
  const double *martin_b_se; /* a flux: over the draws (NAN without) */
  /* a rate: the interval of its column integral (`inventory`) */
  const double *column_lower, *column_upper;
  /* a flux: per horizon of the spec, nlat * nlon values each */
  const double *const *export_mean, *const *export_lower,
      *const *export_upper;
  /* a flux with two depths or more: the remineralisation rate between
   * consecutive depths, (ndepth - 1) * nlat * nlon values each */
  const double *remin_mean, *remin_lower, *remin_upper;
} pm_ncmaps_slice;

typedef struct pm_ncmaps pm_ncmaps;

/* Define `path` from `spec`, call fill(w, arg), which puts every model and
 * month with pm_ncmaps_put, and rename the file into place.  On error
 * (fill's included) no file is left. */
int pm_ncmaps_write(const char *path, const pm_ncmaps_spec *spec,
                    int (*fill)(pm_ncmaps *w, void *arg), void *arg);

/* Put model `model`'s maps of month index `k` (0 for annual maps). */
int pm_ncmaps_put(pm_ncmaps *w, size_t model, size_t k,
                  const pm_ncmaps_slice *s);

#endif
