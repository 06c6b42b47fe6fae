/* pm_plot_charts.h: figures of a fitted model and of a validation: the
 * partial effect of each model term, and a run's totals and trap fluxes
 * beside published values.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#ifndef PM_PLOT_CHARTS_H
#define PM_PLOT_CHARTS_H

#include "pm_plot.h"

/* One panel per term of the model file `model` (or only the term labelled
 * `term` when not NULL), as mgcv's plot.gam draws them: the effect on the
 * link scale with its 95% band (effect +- 1.96 SE, shaded) and a rug of the
 * fitted covariate values for one-covariate terms, labelled "s(x,edf)";
 * te() of two covariates as a filled-contour image with a colour bar;
 * a spline on the sphere (bs='sos') as a map of the whole globe (Robinson)
 * with the land over it and the fitted places as dots;
 * factors and re smooths as points with 95% intervals.  The panels are
 * laid out near-square.  A file that is not a model or an unknown term is
 * PM_EINPUT; no output is left on error. */
int pm_plot_partial(const char *path, const pm_figure_spec *spec,
                    const char *model, const char *term);

/* A covariate's units, "degC", for the axis labels of partial effects. */
typedef struct {
  const char *name, *units;
} pm_plot_covariate_units;

/* pm_plot_partial with each covariate axis labelled "name [units]": the
 * units of `units` (nunits of them, the fields a run read; a model file
 * keeps no units), else those of the built-in covariates (depth m,
 * logdepth log(m), lat degrees_north, lon degrees_east); the name alone
 * where neither knows it, or the units are "1" (dimensionless). */
int pm_plot_partial_units(const char *path, const pm_figure_spec *spec,
                          const char *model, const char *term,
                          const pm_plot_covariate_units *units, size_t nunits);
/* The axis label of covariate `name` as pm_plot_partial_units writes it:
 * "temp [degC]", "logdepth [log(m)]" (micrometres as µm), or the name. */
void pm_plot_covariate_label(const char *name,
                             const pm_plot_covariate_units *units,
                             size_t nunits, char *buf, size_t size);

/* ---- profiles ----------------------------------------------------------- */

/* A vertical profile of one model of a run's output folder `dir`: at the
 * profile named `profile` of the model's fitted rows (frame_<model>.tsv),
 * or (profile NULL) at the grid column holding (lon, lat). */
typedef struct {
  const char *dir, *model;
  const char *scenario; /* NULL: "baseline" */
  const char *profile;
  double lon, lat;
} pm_plot_profile_request;

/* The predicted mean and 95% interval of the model's map column (the
 * annual mean of maps_<scenario>.nc, or flux_<scenario>.nc for a flux
 * model) at every map depth, NAN where masked; and the observed values in
 * it: column `observed` of the fit stage's frame_<model>.tsv (count or
 * carbon per m3 sampled, or flux) at the rows of the profile, or at every
 * row inside the cell. */
typedef struct {
  char *file;            /* the maps file read */
  char *units;           /* the map's units */
  int flux;              /* 1: a flux model */
  double lon, lat;       /* the position asked for (a profile's own) */
  double cell_lon, cell_lat; /* the centre of its grid cell */
  size_t ndepth;
  double *depth, *mean, *lower, *upper;
  size_t nobs;
  double *obs_depth, *obs_value;
} pm_plot_profile_data;

/* Errors: a model in neither maps file, a profile not in the frame table
 * (PM_EINPUT), a position outside the grid (PM_EUSAGE naming its range). */
int pm_plot_profile_read(const pm_plot_profile_request *r,
                         pm_plot_profile_data *d);
void pm_plot_profile_free(pm_plot_profile_data *d);

/* The profile figure: depth downwards, observed as points, predicted as a
 * line in its shaded 95% band; log: a log10 value axis.  *nobs (when not
 * NULL) is set to the number of observed points. */
int pm_plot_profile(const char *path, const pm_figure_spec *spec,
                    const pm_plot_profile_request *r, int log, size_t *nobs);

/* ---- the validation chart ----------------------------------------------- */

/* One row of validation.tsv that sets a run total beside a published
 * estimate (NAN where either has no number). */
typedef struct {
  char *quantity, *units, *verdict;
  double run, run_lower, run_upper, value, lower, upper;
} pm_plot_validation_row;

/* One trap of validation_traps.tsv (predicted NAN where the map has none). */
typedef struct {
  char *model;
  double observed, predicted;
} pm_plot_trap_pair;

typedef struct {
  size_t nrows, npairs;
  pm_plot_validation_row *rows;
  pm_plot_trap_pair *pairs;
} pm_plot_validation_data;

/* Read DIR/validation.tsv and DIR/validation_traps.tsv (the latter may be
 * missing: no pairs).  A folder without validation.tsv is PM_EINPUT saying
 * to run `plankmap validate`. */
int pm_plot_validation_read(const char *dir, pm_plot_validation_data **d);
void pm_plot_validation_free(pm_plot_validation_data *d);

/* The unit group (from 0) of each published row, in group[i]: rows of
 * the same units share an axis of the chart, groups in the order of first
 * appearance; their number. */
size_t pm_plot_validation_units(const pm_plot_validation_data *d,
                                size_t *group);

/* Two panels: (a) each published quantity's run value and interval beside
 * the published value and range, one strip and x axis per unit (log where
 * its values are positive and span more than a decade, else linear), the
 * units under it; (b) predicted against
 * observed trap flux, log-log, with the 1:1 line and n, bias, RMSE and r
 * (pm_validation_log_stats). */
int pm_plot_validation(const char *path, const pm_figure_spec *spec,
                       const char *dir);

#endif
