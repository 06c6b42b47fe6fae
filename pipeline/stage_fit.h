/* stage_fit.h: the model frame and frame table of the fit stage (not
 * installed).
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#ifndef PM_STAGE_FIT_H
#define PM_STAGE_FIT_H

#include "pm_pipeline.h"
#include "pm_engine.h"
#include "pm_frame.h"

/* The rows model `spec` is fitted to: per sample (frame "samples") or per
 * occupied grid cell (frame "cells"), with the columns count, depth,
 * logdepth, lat, lon, month, volume_m3, profile (samples only: the
 * profile's index) and every covariate field among the model's columns
 * `names` (pm_engine_columns), sampled at the rows and transformed.  Rows
 * where the response (a sample's flux or spectrum parameter) or a
 * covariate has no value are left out and counted in *n_dropped.
 * The caller names the model in the messages. */
int pm_pipeline_fit_frame(const pm_scenario *sc, const pm_scenario_model *spec,
                          const pm_pipeline_gridded *g,
                          const char *const *names, size_t ncols,
                          pm_frame **frame, size_t *n_dropped);

/* The frame of every binned sample with the columns of
 * pm_pipeline_fit_frame, its response `count` the sample's index in g->obs
 * (for the virtual observations of `plankmap simulate`).  Samples where a
 * covariate has no value are left out and counted in *n_dropped. */
int pm_pipeline_samples_frame(const pm_scenario *sc,
                              const pm_pipeline_gridded *g,
                              const char *const *names, size_t ncols,
                              pm_frame **frame, size_t *n_dropped);

/* Write DIR/frame_<name>.tsv (atomically): one line per fitted row of
 * `frame` (info->rows) with the columns profile (its name; empty for a
 * frame of cells), lon, lat, depth_m, month, response, volume_m3 (the
 * sampled volume when the response is per volume, else empty), observed
 * (response / volume_m3 per volume, else the response) and units (of
 * observed: "m-3", "mg C m-3", "mg C m-2 d-1"; "1" or "mg C" not per
 * volume). */
int pm_pipeline_fit_table_write(const char *dir, const pm_scenario_model *spec,
                                const pm_pipeline_gridded *g,
                                const pm_frame *frame,
                                const pm_engine_fit_info *info);

#endif
