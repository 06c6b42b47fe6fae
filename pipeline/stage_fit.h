/* stage_fit.h: the model frame of the fit stage (not installed).
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#ifndef PM_STAGE_FIT_H
#define PM_STAGE_FIT_H

#include "pm_pipeline.h"
#include "pm_formula.h"
#include "pm_frame.h"
#include "pm_model_file.h"

/* The rows model `spec` is fitted to: per sample (frame "samples") or per
 * occupied grid cell (frame "cells"), with the columns count, depth,
 * logdepth, lat, lon, month, volume_m3, profile (samples only: the
 * profile's index) and every covariate field that formula `f` reads,
 * sampled at the rows and transformed.  Rows where a covariate has no value
 * are left out and counted in *n_dropped.  The caller names the model in
 * the messages. */
int pm_pipeline_fit_frame(const pm_scenario *sc, const pm_scenario_model *spec,
                     const pm_pipeline_gridded *g, const pm_formula *f,
                     pm_frame **frame, size_t *n_dropped);

/* Write the model file `path` (pm_model_write_bootstrap) with the range of
 * every numeric covariate formula `f` reads (the response and the sampled
 * volume of the offset left out) over the rows of `frame`, and their values in up
 * to PM_PARTIAL_RUG_MAX rows for the rugs of partial-effect plots; `boot`
 * NULL: no bootstrap. */
int pm_pipeline_model_write(const char *path, const pm_formula *f,
                       const pm_design *d, const pm_gam_fit *fit,
                       const pm_gam_options *o,
                       const pm_model_provenance *prov, const pm_frame *frame,
                       const pm_model_bootstrap *boot);

/* Write DIR/frame_<name>.tsv (atomically): one line per row of `mm` (the
 * rows the model was fitted to) with the columns profile (its name; empty
 * for a frame of cells), lon, lat, depth_m, month, response, volume_m3 (the
 * sampled volume when formula `f` has an offset, else empty), observed
 * (response / volume_m3 with an offset, else the response) and units (of
 * observed: "m-3", "mg C m-3", "mg C m-2 d-1"; "1" or "mg C" without an
 * offset). */
int pm_pipeline_fit_table_write(const char *dir, const pm_scenario_model *spec,
                           const pm_pipeline_gridded *g, const pm_formula *f,
                           const pm_model_matrix *mm);

#endif
