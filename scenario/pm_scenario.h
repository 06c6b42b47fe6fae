/* pm_scenario.h: the scenario file, one libconfig file that describes a run.
 *
 * pm_scenario_load() reads and validates the whole file before any work
 * starts: unknown settings (with the nearest known name suggested), wrong
 * types and out-of-range values are errors naming the file, the line and the
 * setting.  Relative paths of inputs are taken from the input folder,
 * `input_dir` (itself taken from the config file's folder) or else the
 * config file's folder; `output_dir` from the working directory.
 * configs/demo.cfg documents the observations, filters and grid;
 * configs/example_full.cfg the covariates, relief, models, prediction,
 * scenarios, input_dir and the simulate and recovery groups.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#ifndef PM_SCENARIO_H
#define PM_SCENARIO_H

#include <stddef.h>

#include "pm_family.h"
#include "pm_engine.h"
#include "pm_filter.h"
#include "pm_gam.h"
#include "pm_grid.h"
#include "pm_rates.h"
#include "pm_read.h"

/* Where a source's inputs were named in the file, for messages about them:
 * "demo.cfg:9: observations[0].files[2]". */
typedef struct {
  char *source;       /* "demo.cfg:5: observations[0]" */
  char **files;       /* one per file of the source (after glob expansion) */
  char *metadata;     /* NULL when the source has none */
  char *volume_table; /* NULL when the source has none */
  char *confusion;    /* classifier.confusion, NULL when none */
  char *columns;      /* format table: its `columns` group, else NULL */
} pm_scenario_where;

/* A field of a CF NetCDF file: a covariate, the relief, a region mask. */
typedef struct {
  char *file;     /* path taken from the input folder; NULL: none */
  char *variable;
  char *where;    /* "demo.cfg:30: covariates[0].file" */
} pm_scenario_field;

typedef enum {
  PM_TRANSFORM_NONE,
  PM_TRANSFORM_LOG,
  PM_TRANSFORM_LOG10,
  PM_TRANSFORM_SQRT
} pm_transform;

/* A covariate computed from others instead of read from a file. */
typedef enum {
  PM_DERIVED_NONE,   /* a field of a file */
  PM_DERIVED_MLD,    /* mixed-layer depth (m) of a temperature and an
                        optional salinity covariate (fields/pm_mld.h) */
  PM_DERIVED_MLD_MAX /* the annual maximum of the monthly mixed-layer depths
                        of 12-month climatologies */
} pm_derived;

typedef struct {
  char *name; /* its name in formulas */
  pm_scenario_field field; /* file NULL for a derived covariate */
  pm_transform transform;
  double max_distance_km; /* nearest-ocean search radius; default 100 */
  pm_derived derived;
  char *temperature, *salinity; /* MLD: the covariates it is derived from
                                   (salinity NULL: temperature criterion) */
} pm_scenario_covariate;

typedef enum {
  PM_RESPONSE_CLASS,   /* counts of one class */
  PM_RESPONSE_CLASSES, /* counts of several classes, summed */
  PM_RESPONSE_SIZE,    /* counts of particles in a size window */
  PM_RESPONSE_BIOMASS, /* biomass */
  PM_RESPONSE_FLUX,    /* particle flux of each sample (the `flux` section) */
  PM_RESPONSE_SPECTRUM /* a parameter of each sample's size spectrum */
} pm_response_kind;

/* The parameters of a sample's particle size spectrum over a size window
 * (Clements et al. 2022, Global Biogeochem. Cycles 36, e2021GB007276). */
typedef enum {
  PM_SPECTRUM_LOG_BIOVOLUME, /* ln of the summed biovolume, mm3 m-3 */
  PM_SPECTRUM_SLOPE          /* slope of the number spectrum (log-log) */
} pm_spectrum_param;

/* The response: `count` in formulas, `biomass` for PM_RESPONSE_BIOMASS,
 * `flux` (mg C m-2 d-1) for PM_RESPONSE_FLUX, `log_biovolume` or `slope`
 * for PM_RESPONSE_SPECTRUM. */
typedef struct {
  pm_response_kind kind;
  char **classes; /* CLASS: 1, CLASSES: one or more; else NULL */
  size_t n_classes;
  double size_min_um, size_max_um; /* SIZE, SPECTRUM: the window (um, ESD) */
  pm_spectrum_param spectrum;      /* SPECTRUM: which parameter */
} pm_scenario_response;

/* "count", "biomass", "flux", "log_biovolume" or "slope": the response's
 * name in formulas. */
const char *pm_scenario_response_name(const pm_scenario_response *r);

typedef enum { PM_FRAME_SAMPLES, PM_FRAME_CELLS } pm_frame_kind;
typedef enum { PM_CV_PROFILE, PM_CV_BLOCK } pm_cv_kind;

typedef struct {
  char *name;
  char *where; /* "demo.cfg:40: models[0]" */
  pm_scenario_response response;
  pm_family family; /* theta, p: the fixed values when given */
  int theta_fixed, p_fixed; /* 1: theta / tweedie_p given, not estimated */
  char *formula;
  pm_gam_method method;
  pm_discrete discrete; /* engine gam: the model matrix, compact or dense */
  pm_frame_kind frame;
  size_t draws;         /* posterior draws; default 200 */
  unsigned long seed;   /* default 1 */
  size_t bootstrap;     /* cluster-bootstrap refits; default 0 */
  size_t cv_folds;      /* default 5 */
  pm_cv_kind cv_by;     /* default PM_CV_PROFILE */
  double cv_block_deg;  /* default 10 */
  const char *engine;   /* "gam" (default), "xgboost" or "random_forest"
                           (static) */
  pm_engine_boost boost; /* xgboost: `boost` and `ensemble`;
                            random_forest: `forest` and `ensemble` */
} pm_scenario_model;

typedef struct {
  double *depths; /* depths of the maps (m), or NULL when in layers */
  size_t n_depths;
  double *depth_edges; /* layers of the maps: `depth_edges`, else the grid's */
  size_t n_depth_edges;
  int months[12]; /* months of the maps (1..12); n_months = 0: annual */
  size_t n_months;
  pm_scenario_field regions; /* file NULL: latitude bands */
} pm_scenario_prediction;

typedef enum {
  PM_CHANGE_ADD,      /* covariate + value */
  PM_CHANGE_MULTIPLY, /* covariate * value */
  PM_CHANGE_DELTA,    /* covariate + the field */
  PM_CHANGE_REPLACE   /* the field instead of the covariate */
} pm_change_kind;

typedef struct {
  char *covariate; /* a covariate's name or a built-in */
  char *where;     /* "demo.cfg:60: scenarios[0].changes[0]" */
  pm_change_kind kind;
  double value;            /* ADD, MULTIPLY */
  pm_scenario_field field; /* DELTA, REPLACE */
} pm_scenario_change;

/* A named scenario; the baseline (no change) is implicit. */
typedef struct {
  char *name;
  char *where;
  pm_scenario_change *changes;
  size_t n_changes;
} pm_scenario_case;

/* A per-cell export horizon: the depth (m) of each cell is the value of a
 * covariate (taken at the top level of a 3-D field). */
typedef struct {
  char *name;      /* export_<name> in totals.tsv */
  char *covariate; /* a covariate of the config */
  char *where;     /* "demo.cfg:130: flux.export_horizons[0]" */
} pm_scenario_horizon;

/* The `flux` section: the flux of each sample from its size spectrum, and
 * the flux maps, export horizons and attenuation fit of a flux model. */
typedef struct {
  int given;        /* 0: the file has no flux section */
  char *where;      /* "demo.cfg:120: flux" */
  int mass_speed;   /* 0: Guidi et al. 2008; 1: mass x sinking speed */
  double A, b;      /* Guidi et al. 2008: F = sum n_i A d_i^b dd_i */
  double alpha, zeta, beta, eta; /* m = alpha d^zeta, w = beta d^eta */
  double size_min_mm, size_max_mm; /* NAN: the estimator's own window */
  double slope_min_mm, slope_max_mm; /* spectrum slope window; NAN: the
                                        flux window */
  double *depths;   /* depths of the flux maps (m), increasing */
  size_t n_depths;
  double *export_depths; /* export horizons, among depths */
  size_t n_export_depths;
  pm_scenario_horizon *horizons; /* per-cell export horizons */
  size_t n_horizons;
  double ref_depth, max_depth; /* attenuation: z_ref and deepest sample */
  int ref_horizon;  /* z_ref per cell from horizons[ref_horizon]; -1: the
                       fixed ref_depth */
  int nonlinear;    /* 1: least squares of F rather than of ln F */
  /* `spectrum_models`: the flux of the power-law spectrum rebuilt in every
   * cell from a log_biovolume and a slope model; NULL: none */
  char *spectrum_biovolume, *spectrum_slope; /* the two models' names */
  char *spectrum_name;  /* the flux maps' variable; "flux_spectrum" */
  char *spectrum_where; /* "demo.cfg:130: flux.spectrum_models" */
  int calibrate;    /* 1: A and b fitted to the traps (`calibrate`) */
  double calib_radius_km, calib_depth_m; /* matching of samples to traps */
  double *calib_nodes; /* depth nodes (m), NULL: one A and b */
  size_t n_calib_nodes;
  int calib_apply;  /* 1: the samples' fluxes use the calibrated A, b */
} pm_scenario_flux;

/* The `biomass` section: how the objects' biovolumes become carbon. */
typedef struct {
  char *carbon_table; /* the override file, or NULL */
  char *where;        /* "demo.cfg:90: biomass.carbon_table", or NULL */
  /* the defaults (pm_carbon_table_defaults) with the file's rows on top;
   * the grid stage hands it to every source */
  pm_carbon_table *carbon;
} pm_scenario_biomass;

/* One rate set of the `rates` section: respiration, carbon demand and
 * (optionally) biogenic silica of the organisms of a biomass model, from
 * its predictions, those of an abundance model (or an individual mass) and
 * a temperature covariate. */
typedef struct {
  char *name;
  char *where;           /* "x.cfg:120: rates[0]" */
  char *biomass_model;   /* a model with a biomass response (mg C m-3) */
  char *abundance_model; /* a count model (ind m-3), or NULL */
  char *temperature;     /* a covariate's name (degrees C) */
  pm_rates_spec spec;    /* individual_mass_mgC NAN with an abundance model */
  double *layers;        /* n_layers x 2: [top, bottom] (m) of the extra
                            totals <name>_<rate>_<top>_<bottom>m */
  size_t n_layers;
  char *layers_where;    /* "x.cfg:131: rates[0].layers"; NULL without */
} pm_scenario_rates;

/* The `figures` group: the figures `plankmap run` writes into
 * <output_dir>/figures/. */
typedef struct {
  int given;        /* 0: the file has no figures group (no figures) */
  char *where;      /* "demo.cfg:140: figures" */
  double *depths;   /* depths (m) of the maps; none: the first level */
  size_t n_depths;
  char *projection; /* "robin" by default, or another of plankmap plot's */
  char *format;     /* "png" (default), "pdf" or "svg" */
  double width_mm;  /* default 180 */
  double dpi;       /* default 300 */
} pm_scenario_figures;

/* A true class of the classifier of the `simulate` group other than the
 * simulated class: its name and truth. */
typedef struct {
  char *name;
  char *truth;  /* its concentration (m-3), an expression as `truth` */
  char *where;  /* "x.cfg:172: simulate.classifier.classes[0]" */
} pm_scenario_simulate_class;

/* The `simulate` group: virtual observations (`plankmap simulate`) drawn
 * from a known truth at the samples of the observations, or at the casts of
 * a table of sites, for the recovery check of a run. */
typedef struct {
  int given;            /* 0: the file has no simulate group */
  char *where;          /* "x.cfg:150: simulate" */
  char *truth;          /* the truth concentration (m-3) as an expression
                           of covariates and built-ins, or NULL */
  char *truth_model;    /* or a fitted model file (`model`), or NULL */
  pm_family family;     /* poisson, negbin (theta) or tweedie (p) */
  double phi;           /* tweedie: dispersion (> 0) */
  unsigned long seed;   /* default 1 */
  char *class_name;     /* the virtual counts' class; default "virtual" */
  char **models;        /* the models fitted to the virtual counts; none:
                           every model of counts */
  size_t n_models;
  /* `sites`: casts from a table instead of the observations' samples;
   * sites_file NULL when absent. */
  char *sites_file;
  char *sites_where;    /* "x.cfg:160: simulate.sites" */
  char sites_delimiter; /* default '\t' */
  char *sites_profile, *sites_datetime, *sites_lat, *sites_lon; /* columns */
  char *sites_project;  /* column of the cast's project, or NULL */
  double *sites_depth_edges; /* the layers sampled in every cast (m) */
  size_t n_sites_depth_edges;
  double sites_volume_m3;    /* the volume sampled in each layer */
  /* `classifier`: the virtual objects labelled by an automated classifier;
   * confusion NULL when absent. */
  char *confusion;           /* its confusion matrix (path) */
  char *classifier_where;    /* "x.cfg:170: simulate.classifier" */
  pm_scenario_simulate_class *classes; /* the matrix's other true classes */
  size_t n_classes;
} pm_scenario_simulate;

/* The `recovery` group that `plankmap simulate` writes into the scenario of
 * the virtual observations: the truth the run is compared with. */
typedef struct {
  int given;
  char *where;          /* "scenario.cfg:80: recovery" */
  char *truth_map;      /* truth.nc: variable truth_mean on the maps' grid */
  char *truth_totals;   /* truth_totals.tsv: the truth's totals.tsv */
} pm_scenario_recovery;

typedef struct {
  char *path; /* the config file */
  char *text; /* its full text (written into every output) */
  char *output_dir;
  int threads;      /* `threads`: 0 when not given (every core) */
  char *input_dir;  /* the folder relative input paths were taken from:
                       `input_dir` resolved, else the file's folder */
  pm_obs_source *sources;
  pm_scenario_where *where; /* one per source */
  size_t n_sources;
  pm_filter filter;
  pm_grid_spec grid;
  pm_scenario_covariate *covariates;
  size_t n_covariates;
  pm_scenario_field relief; /* file NULL: none named */
  pm_scenario_model *models;
  size_t n_models;
  pm_scenario_prediction prediction;
  pm_scenario_case *cases; /* the `scenarios`, baseline not included */
  size_t n_cases;
  pm_scenario_flux flux;
  pm_scenario_biomass biomass;
  pm_scenario_rates *rates; /* the `rates` section, in its order */
  size_t n_rates;
  pm_scenario_figures figures;
  pm_scenario_simulate simulate;
  pm_scenario_recovery recovery;
} pm_scenario;

int pm_scenario_load(pm_scenario **sc, const char *path);
void pm_scenario_free(pm_scenario *sc);

/* The covariate named `name`, or NULL (a built-in, or no such name). */
const pm_scenario_covariate *pm_scenario_covariate_named(const pm_scenario *sc,
                                                         const char *name);

/* Some source has a classifier (classifier.confusion): its class counts
 * are corrected for misclassification, each object reassigned in
 * expectation to the true classes (observations/pm_confusion.h). */
int pm_scenario_has_classifier(const pm_scenario *sc);
/* Model m is fitted to expected counts, which may be fractional
 * (pm_gam_options.expected_counts): its response is the counts of one or
 * more classes and some source has a classifier.  The rule is by scenario,
 * not by class: a class no classifier touched has whole counts, which
 * expected counts include, and a sum of classes mixes the two. */
int pm_scenario_expected_counts(const pm_scenario *sc,
                                const pm_scenario_model *m);

/* Every input the scenario names exists, is a readable regular file, and
 * has the columns its reader needs (headers only; nothing is written); the
 * NetCDF fields (covariates, relief, region mask, scenario fields) open with
 * nc_open and hold their variable. */
int pm_scenario_check_inputs(const pm_scenario *sc);

/* One digest of what a stage of a run depends on: the settings of the
 * top-level `sections` (in a canonical form: comments and layout do not
 * count) and the path, size and modification time of each of `files`. */
int pm_scenario_digest(const pm_scenario *sc, const char *const *sections,
                       size_t nsections, const char *const *files,
                       size_t nfiles, char hex[65]);

#endif
