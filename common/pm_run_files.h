/* pm_run_files.h: the names of the files in a run's output folder, owned
 * here so that the stages that write them, the stages and figures that read
 * them back, and the messages that name them spell them alike.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#ifndef PM_RUN_FILES_H
#define PM_RUN_FILES_H

#include <stddef.h>

/* The files of a run folder.  Those named after a model or a scenario take
 * its name (NAME below). */
typedef enum {
  PM_RUN_OBSERVATIONS,     /* observations.nc */
  PM_RUN_FLUX_SAMPLES,     /* flux_samples.tsv */
  PM_RUN_FLUX_PROFILES,    /* flux_profiles.tsv */
  PM_RUN_FLUX_SPECTRA,     /* flux_spectra.tsv */
  PM_RUN_FLUX_REMIN,       /* flux_remineralisation.tsv */
  PM_RUN_FLUX_CALIBRATION, /* flux_calibration.tsv */
  PM_RUN_MODEL,            /* model_NAME.nc, NAME a model */
  PM_RUN_FRAME,            /* frame_NAME.tsv, NAME a model */
  PM_RUN_AOA,              /* aoa_NAME.nc, NAME a model: its area of
                              applicability */
  PM_RUN_MAPS,             /* maps_NAME.nc, NAME a scenario */
  PM_RUN_FLUX_MAPS,        /* flux_NAME.nc, NAME a scenario */
  PM_RUN_RATES,            /* rates_NAME.nc, NAME a scenario */
  PM_RUN_TOTALS,           /* totals.tsv, or totals_NAME.tsv for one
                              scenario */
  PM_RUN_RECOVERY,         /* recovery.tsv: the recovery of a simulated
                              truth */
  PM_RUN_VALIDATION,       /* validation.tsv */
  PM_RUN_VALIDATION_MD,    /* validation.md */
  PM_RUN_VALIDATION_TRAPS, /* validation_traps.tsv */
  PM_RUN_REPORT,           /* report.md */
  PM_RUN_FIGURES,          /* figures, a folder */
  PM_RUN_MANIFEST,         /* manifest.tsv */
  PM_RUN_STAMPS,           /* .plankmap-run */
  PM_RUN_PREVIOUS,         /* .plankmap-previous, a folder: the outputs of
                              the last complete run while one runs */
  PM_RUN_FILE_N
} pm_run_file;

/* Write "DIR/FILE", file k of run folder `dir`, into buf as snprintf does
 * (at most `size` bytes, buf may be NULL when size is 0), or the bare FILE
 * when dir is NULL.  `name` is the NAME of the files named after one, NULL
 * for the others.  Returns the length of the whole path. */
size_t pm_run_file_format(char *buf, size_t size, const char *dir,
                          pm_run_file k, const char *name);

/* The same, allocated (free it); NULL when out of memory. */
char *pm_run_file_path(const char *dir, pm_run_file k, const char *name);

#endif
