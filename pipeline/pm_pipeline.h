/* pm_pipeline.h: the stages of a scenario run as library calls: grid,
 * flux, fit, predict (with rates), validate and figures, the stage stamps
 * that let a run reuse what has not changed, the totals and the report.
 *
 * The library never prints: messages and progress go through the callbacks
 * of pm_pipeline_opts, which a program (the plankmap command line) or any
 * C caller sets.  Errors are returned as statuses with their message in
 * pm_error_message(), as everywhere in libplankmap.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#ifndef PM_PIPELINE_H
#define PM_PIPELINE_H

#include "pm_aoa.h"
#include "pm_bin.h"
#include "pm_confusion.h"
#include "pm_cv.h"
#include "pm_engine.h"
#include "pm_flux.h"
#include "pm_flux_calib.h"
#include "pm_grid.h"
#include "pm_model_file.h"
#include "pm_obs.h"
#include "pm_read.h"
#include "pm_run_files.h"
#include "pm_scenario.h"

#include <stdarg.h>
#include <stdio.h>

/* How a run speaks to its caller.  All may be NULL (a silent run). */
typedef struct {
  /* A message for the user, a whole line or part of one, as printf would
   * write it. */
  void (*note)(void *ctx, const char *text);
  void *ctx;
  /* Progress of long steps (reading files); progress_end(progress.ctx)
   * closes what the progress function drew. */
  pm_progress progress;
  void (*progress_end)(void *ctx);
  /* The command line after "plankmap", for the history of the outputs;
   * NULL: "run CONFIG". */
  const char *command;
} pm_pipeline_opts;

/* Format a message and hand it to opt->note (nothing when NULL). */
void pm_pipeline_note(const pm_pipeline_opts *opt, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Close the progress of a long step (see pm_pipeline_opts). */
void pm_pipeline_progress_end(const pm_pipeline_opts *opt);

/* The grid stage: every source of the scenario read and filtered, the grid
 * built, the samples binned. */
typedef struct {
  pm_obs *obs;
  pm_grid *grid;
  pm_bin *bin;
  pm_obs_report report; /* rows read, kept and left out, all sources */
  /* the counts corrected for misclassification (sources with a
   * classifier), per class; n 0 when none was */
  pm_confusion_summary corrected;
} pm_pipeline_gridded;

int pm_pipeline_stage_grid(const pm_scenario *sc, const pm_pipeline_opts *opt,
                      pm_pipeline_gridded *out);
void pm_pipeline_gridded_free(pm_pipeline_gridded *g);
/* The grid of the scenario over the times of g->obs, and its samples
 * binned (the end of the grid stage). */
int pm_pipeline_grid_samples(const pm_scenario *sc, pm_pipeline_gridded *g);

/* Write `g` as DIR/observations.nc with the scenario and its inputs'
 * checksums as metadata; `command` goes into the history attribute. */
int pm_pipeline_write_observations(const pm_scenario *sc, const pm_pipeline_gridded *g,
                              const char *dir, const char *command,
                              char **written);

/* The flux estimator of the scenario's `flux` section: the library's
 * default (Guidi et al. 2008) with the settings the file gives, checked. */
int pm_pipeline_flux_estimator(const pm_scenario *sc, pm_flux_estimator *e);

/* "Guidi et al. 2008 with A = 12.5, b = 3.81 over the size classes inside
 * 0.25-1.5 mm ESD": the estimator and its window, for every output. */
void pm_pipeline_flux_describe(const pm_flux_estimator *e, char *buf, size_t size);
/* The same for the maps of the scenario: the calibrated A and b named
 * instead of e's when the flux section's `calibrate` is applied. */
void pm_pipeline_flux_describe_maps(const pm_scenario *sc,
                                    const pm_flux_estimator *e, char *buf,
                                    size_t size);

/* The flux (mg C m-2 d-1) of every sample of `obs` with that estimator
 * (pm_flux_samples), calibrated against the traps when the flux section's
 * `calibrate` has `apply = true`. */
int pm_pipeline_flux_of_samples(const pm_scenario *sc, const pm_obs *obs,
                           double *flux);

/* The flux section's `calibrate`: the observed samples within its
 * radius_km and depth_m of each trap of the installed traps.csv matched to
 * it, and A and b (at its nodes, when given) fitted to the matched traps
 * (pm_flux_calibrate).  Too few matched traps is an error naming how many
 * matched. */
int pm_pipeline_flux_calibration(const pm_scenario *sc, const pm_obs *obs,
                                 pm_flux_calib *cal);
/* The flux of every sample with the calibrated A and b (at the sample's
 * mid-depth for a calibration at depth nodes). */
int pm_pipeline_flux_calibrated(const pm_scenario *sc, const pm_obs *obs,
                                const pm_flux_calib *cal, double *flux);
/* DIR/flux_calibration.tsv: one row per node (one for a single A and b)
 * with A, b, their standard errors, the traps used and the log10 bias,
 * RMSE and r before and after calibration; `applied`: whether the
 * samples' fluxes use it. */
int pm_pipeline_flux_calibration_write(const char *dir,
                                       const pm_flux_calib *cal, int applied);
/* The nodes, A and b of DIR/flux_calibration.tsv read back into `cal` (its
 * other members zero), for the stages after the flux stage; a table that
 * is missing or not as written is an error naming it. */
int pm_pipeline_flux_calibration_read(const char *dir, pm_flux_calib *cal);

/* The flux stage: the flux of every sample of `obs` and the Martin curve
 * of every profile (the scenario's flux section), written as
 * DIR/flux_samples.tsv, DIR/flux_profiles.tsv, DIR/flux_spectra.tsv and
 * DIR/flux_remineralisation.tsv (the columns of `plankmap flux --out`,
 * `--attenuation`, `--spectra` and `--remineralisation`, the layers over
 * each profile's [z_ref, max_depth]); a profile that cannot be
 * fitted is said on stderr unless quiet. */
int pm_pipeline_stage_flux(const pm_scenario *sc, const pm_obs *obs,
                      const pm_pipeline_opts *opt, const char *dir);

/* The tables of `plankmap flux` and where they go: the flux of every
 * sample (profile, datetime, lat, lon, depth_m, volume_L, flux_mgC_m2_d),
 * the Martin fit of every profile (profile, datetime, lat, lon, ref_depth_m,
 * flux_ref_mgC_m2_d, martin_b, martin_b_se, z_star_m, teff_100, n_bins;
 * empty fields where there is no fit) and the power-law slope of every
 * sample's number spectrum (profile, datetime, lat, lon, depth_m,
 * size_min_mm, size_max_mm, n_classes, slope, slope_se, intercept,
 * intercept_se) and the remineralisation rate of every layer of every
 * profile (profile, datetime, lat, lon, depth_top_m, depth_bottom_m,
 * depth_mid_m, remineralisation_mgC_m3_d).  A NULL path leaves that table
 * out. */
typedef struct {
  const double *flux;
  const pm_martin *fits;
  const pm_slope *slope;
  double slope_min_mm, slope_max_mm;
  const char *flux_path, *att_path, *spectra_path;
  const pm_flux_remin_row *remin; /* n_remin rows */
  size_t n_remin;
  const char *remin_path;
} pm_pipeline_flux_out;

/* Write the tables; they are committed only when all are written. */
int pm_pipeline_flux_tables(const pm_obs *obs, const pm_pipeline_flux_out *out);

/* A table of the observations: put(f, obs, data) writes its lines;
 * pm_pipeline_table_text is its pm_output_put (pm_output.h), `arg` a
 * pm_pipeline_table. */
typedef void (*pm_pipeline_table_put)(FILE *f, const pm_obs *obs,
                                      const void *data);
typedef struct {
  pm_pipeline_table_put put;
  const pm_obs *obs;
  const void *data;
} pm_pipeline_table;
int pm_pipeline_table_text(FILE *f, void *arg);
/* "plankmap COMMAND: profile NAME: reason" on stderr for every profile
 * without a Martin fit, unless quiet. */
void pm_pipeline_flux_reasons(const char *command, const pm_pipeline_opts *opt,
                         const pm_obs *obs, const pm_martin *fits);

/* The fit stage: each model of the scenario fitted to the observations
 * (response from the observation table, built-in covariates, covariate
 * fields sampled at the samples), written as DIR/model_<name>.nc, with its
 * blocked cross-validation.  A fitted model can also be read back from its
 * file (pm_pipeline_fitted_read) for prediction without refitting. */
typedef struct {
  const pm_scenario_model *spec; /* the config's model */
  pm_engine *engine;             /* the model read back from its file */
  pm_cv_result *cv;              /* NULL when not run */
  size_t n_rows;                 /* rows fitted */
  size_t n_dropped;              /* samples left out: a response or a
                                    covariate missing */
  char *path;                    /* the model file */
  pm_aoa *aoa;                   /* its area of applicability, read back
                                    from its file */
  /* Counts corrected for misclassification: the factor of each draw of the
   * confusion matrices by which the model's classes' total would change
   * (pipeline/classification.c), and the factors' 95% interval; NULL and
   * 0 when its counts were not corrected. */
  double *class_scale;
  size_t n_class_scale;
  double class_lower, class_upper;
} pm_pipeline_fitted;

/* The fit stage into folder `dir`: every model fitted, written (model
 * file, frame table, area of applicability), cross-validated and read
 * back.  `dir` NULL writes nothing and reads nothing back (the models hold
 * only their cross-validation): a rank other than 0 of an MPI job, which
 * computes its share of the folds, refits and ensemble members. */
int pm_pipeline_stage_fit(const pm_scenario *sc, const pm_pipeline_gridded *g,
                     const pm_pipeline_opts *opt, const char *dir,
                     pm_pipeline_fitted **models, size_t *n);
int pm_pipeline_fitted_read(const pm_scenario *sc, const char *dir,
                       pm_pipeline_fitted **models, size_t *n);
/* When cross-validation shows the model does not predict held-out data
 * (held-out deviance explained or Spearman's rho below 0), a warning that
 * says what it means, in text[0..size), and 1; else 0. */
int pm_pipeline_skill_warning(const pm_pipeline_fitted *m, char *text,
                              size_t size);
void pm_pipeline_fitted_free(pm_pipeline_fitted *models, size_t n);

/* The area of applicability of a fitted engine (model_aoa.c): over the
 * numeric covariates its formula reads (not the sampled volume) on the
 * fitted rows of `frame`, weighted by pm_engine_importance, its training
 * index across the k folds of the groups `g` dealt with `seed` (as the
 * model's cross-validation deals them), written to `path`. */
int pm_pipeline_aoa_write(const pm_engine *e, const pm_frame *frame,
                          const pm_engine_fit_info *info,
                          const pm_engine_groups *g, size_t k,
                          unsigned long seed, const char *path);
/* col[j]: the index among names[0..ncols) of covariate j of `a`; an error
 * naming one the names lack. */
int pm_pipeline_aoa_map(const pm_aoa *a, const char *const *names,
                        size_t ncols, size_t *col);
/* The dissimilarity index di[0..n) of n rows whose columns are xb[col[j]]
 * (pm_pipeline_aoa_map). */
int pm_pipeline_aoa_block(const pm_aoa *a, const size_t *col,
                          const double *const *xb, size_t n, double *di);

/* One line of totals.tsv.  classification_share: the part of the
 * interval (its squared log width) that comes from the uncertainty of the
 * confusion matrices the model's counts were corrected with, the interval
 * including it; 0 when none. */
typedef struct {
  char *scenario, *model, *region, *quantity, *units;
  double value, lower, upper;
  double classification_share;
} pm_pipeline_total;

/* The predict stage: for the baseline and each scenario (or only `only`
 * when not NULL), maps of every model on the prediction grid written as
 * DIR/maps_<scenario>.nc (flux models at the flux depths, with their
 * attenuation, as DIR/flux_<scenario>.nc), and the totals (with the paired
 * differences against the baseline; for flux models the export through
 * each horizon, quantity "export_<depth>m" in Pg C yr-1) returned for
 * totals.tsv.  In an MPI job every rank calls it (pm_run_scenario): the
 * blocks of the concentration maps are dealt among the ranks as tiles
 * (pipeline/tiles.c) and rank 0 writes them; the flux maps, the rates and
 * the spectra are rank 0's alone.  The other ranks give DIR NULL: they
 * predict their tiles, write nothing and get no totals. */
int pm_pipeline_stage_predict(const pm_scenario *sc, const pm_pipeline_fitted *models,
                         size_t n, const char *only,
                         const pm_pipeline_opts *opt, const char *dir,
                         pm_pipeline_total **totals, size_t *ntotals);
void pm_pipeline_totals_free(pm_pipeline_total *totals, size_t n);
/* The classification's factors of fitted model f (f->class_scale) from
 * DIR/observations.nc, when f is fitted to counts corrected for
 * misclassification (pm_scenario_expected_counts;
 * pipeline/classification.c). */
int pm_pipeline_classification_scale(const pm_scenario *sc, const char *dir,
                                     pm_pipeline_fitted *f);
/* The classification_share of the totals (quantity "total") of the models
 * with classification factors, whose intervals include them. */
void pm_pipeline_totals_classification(const pm_pipeline_fitted *models,
                                       size_t nmodels,
                                       pm_pipeline_total *totals, size_t n);
/* Write totals as DIR/totals.tsv (DIR/totals_ONLY.tsv when `only` names
 * one scenario), a table with the columns scenario, model, region,
 * quantity, value, lower, upper, units. */
int pm_pipeline_write_totals(const char *dir, const char *only,
                        const pm_pipeline_total *totals, size_t n);

/* `plankmap run`: what each stage did. */
typedef struct {
  const char *name;
  int reused;       /* its inputs had not changed since the last run */
  int skipped;      /* the config does not ask for it */
  double seconds;   /* wall time */
  double peak_mib;  /* the process's peak resident memory at its end */
} pm_pipeline_stage_log;

/* 1 when DIR/.plankmap-run records `hex` for `stage`. */
int pm_pipeline_stamp_matches(const char *dir, const char *stage, const char *hex);
/* Record the digests of the stages (replacing the file). */
int pm_pipeline_stamps_write(const char *dir, const char *const *stages,
                        const char *const *digests, size_t n);
/* How well the models of a run on simulated observations recover the
 * truth of the scenario's `recovery` group (pipeline/recovery.h). */
typedef struct pm_pipeline_recovered pm_pipeline_recovered;

/* DIR/report.md: the correction of the counts for misclassification (of
 * `g`, when not NULL), models with their cross-validation, totals, the
 * recovery of the simulated truth (when `recovery` is not NULL), stages. */
int pm_pipeline_write_report(const char *dir, const pm_scenario *sc,
                        const pm_pipeline_gridded *g,
                        const pm_pipeline_fitted *models, size_t nmodels,
                        const pm_pipeline_total *totals, size_t ntotals,
                        const pm_pipeline_recovered *recovery,
                        const pm_pipeline_stage_log *stages, size_t nstages);

/* --- virtual observations (`plankmap simulate`) ------------------------- */

/* What pm_pipeline_simulate drew. */
typedef struct {
  size_t n_samples;    /* samples drawn */
  size_t n_dropped;    /* binned samples without a covariate value */
  double mean_total;   /* the sum of the draws' means */
  double draw_total;   /* the sum of the draws (counts, or biomass in mg C) */
  double predicted_total; /* with a classifier, the objects it predicted as
                             the simulated class (draw_total its true
                             objects); else NAN */
} pm_pipeline_simulation;

/* Virtual observations of the scenario's `simulate` group: at each binned
 * sample of its observations (or each layer of each cast of its sites
 * table) one draw of the group's family whose mean is the truth's
 * concentration times the sampled volume.  Written into
 * <output_dir>/simulated/: observations.csv (the draws, the long layout of
 * the `table` format), truth.nc and truth_totals.tsv (the truth's maps and
 * totals on the prediction grid, as a run's maps_baseline.nc and
 * totals.tsv of a model named "truth") and scenario.cfg (the scenario
 * reading the draws, with a `recovery` group naming the truth).  With a
 * classifier, every true class of its matrix is drawn and each object
 * labelled; the table holds the predicted counts, confusion.tsv the matrix,
 * scenario.cfg corrects the counts with it and scenario_naive.cfg does
 * not. */
int pm_pipeline_simulate(const pm_scenario *sc, const pm_pipeline_opts *opt,
                         pm_pipeline_simulation *out);

/* --- a whole run ---------------------------------------------------------- */

/* The NetCDF fields the scenario names, by the stage that reads them: the
 * covariates (PM_FIELDS_FIT), then the relief, the region mask and the
 * scenario changes' fields (PM_FIELDS_PREDICT); those without a file left
 * out.  `out` has room for pm_pipeline_nfields(sc); returns how many. */
#define PM_FIELDS_FIT 1u
#define PM_FIELDS_PREDICT 2u
size_t pm_pipeline_nfields(const pm_scenario *sc);
size_t pm_pipeline_fields(const pm_scenario *sc, unsigned which,
                          const pm_scenario_field **out);
/* Every input file the scenario names (its fields, the carbon table, the
 * truth of its `recovery` group) is readable; else an I/O error naming the
 * setting and the file. */
int pm_pipeline_check_inputs(const pm_scenario *sc);

/* The run's command as the outputs' history gives it: opt->command, else
 * "run CONFIG" (allocated; NULL when out of memory). */
char *pm_pipeline_command(const pm_scenario *sc, const pm_pipeline_opts *opt);

/* DIR/manifest.tsv (run_manifest.c): every output of run folder `dir` with
 * its size, SHA-256 and the run that wrote it: this run (started at
 * `started`, s since 1970, with `command` after "plankmap") for the files it
 * wrote, and for the files it reused the run that the previous manifest
 * names. */
int pm_pipeline_manifest_write(const char *dir, double started,
                               const char *command);

/* The outputs of the last complete run in folder `dir`, kept while a run
 * writes new ones (run_snapshot.c): take them before the first stage
 * (restoring first what a killed run left, and removing its temporary
 * files), restore them when the run fails, drop them when it completes. */
int pm_pipeline_snapshot_take(const char *dir);
int pm_pipeline_snapshot_restore(const char *dir);
int pm_pipeline_snapshot_drop(const char *dir);
/* 1 when the file `path` (`rel` in the run folder `dir`) is as the
 * snapshot of this run holds it: the same file (an output rewritten by this
 * run is renamed into place, a new file), or one with the same bytes (a
 * snapshot copied where links are not possible); 0 when this run wrote it
 * anew or created it. */
int pm_pipeline_snapshot_kept(const char *dir, const char *rel,
                              const char *path);

/* The stages of a run, in the order they run. */
typedef enum {
  PM_STAGE_GRID,     /* observations.nc: the observations gridded */
  PM_STAGE_FLUX,     /* flux_*.tsv: the flux of every sample and profile */
  PM_STAGE_FIT,      /* model_<name>.nc, frame_<name>.tsv */
  PM_STAGE_PREDICT,  /* maps_, flux_, rates_<scenario>.nc, totals.tsv,
                        recovery.tsv */
  PM_STAGE_VALIDATE, /* validation.md, validation.tsv */
  PM_STAGE_FIGURES,  /* figures/ */
  PM_STAGE_N
} pm_stage;

/* "grid", "flux", ...: the stage's name in the report and the stamps. */
const char *pm_stage_name(pm_stage k);

/* What a run did and made: the gridded observations and the fitted models
 * (when their stages ran or were read back), the totals and the recovery
 * of a simulated truth (when the predict stage ran; the recovery only with
 * a `recovery` group) and the log of every stage. */
typedef struct {
  pm_pipeline_gridded g;
  pm_pipeline_fitted *models;
  size_t nmodels;
  pm_pipeline_total *totals;
  size_t ntotals;
  pm_pipeline_recovered *recovery;
  int ran[PM_STAGE_N];                   /* 1: the stage ran, 0: reused */
  pm_pipeline_stage_log log[PM_STAGE_N];
} pm_run;

/* Run every stage of scenario `sc` in order into sc->output_dir (created
 * when missing), reusing the stages whose settings and input files have not
 * changed since the last run there and whose outputs are present; write
 * report.md and the stamps.  The input files are checked before the first
 * stage runs; a run that fails leaves the folder's outputs as the last
 * complete run left them.  `run` is filled in also on error (free it with
 * pm_run_free).
 *
 * In an MPI job every rank calls it (and then pm_ranks_finish): rank 0
 * runs the stages and writes; the others compute their share of the fit
 * stage's folds, refits and ensemble members (pm_ranks.h) and return the
 * same status. */
int pm_run_scenario(const pm_scenario *sc, const pm_pipeline_opts *opt,
                    pm_run *run);
void pm_run_free(pm_run *run);

/* The validate stage of `plankmap run`: the run's totals and flux maps
 * beside the installed published estimates and trap fluxes
 * (validation.md, validation.tsv, validation_traps.tsv in output_dir). */
int pm_pipeline_stage_validate(const pm_scenario *sc, const char *config,
                               const pm_pipeline_opts *opt);
/* The same with other tables than the installed ones (NULL: installed). */
int pm_pipeline_validate_with(const pm_scenario *sc, const char *config,
                              const char *published, const char *traps,
                              const pm_pipeline_opts *opt);


#endif
