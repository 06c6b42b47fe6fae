/* run_files.c: the names of the files in a run's output folder.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "pm_run_files.h"

#include <stdio.h>
#include <stdlib.h>

/* FILE is STEM, then "_NAME" when there is a name, then EXT. */
static const struct {
  const char *stem, *ext;
} files[PM_RUN_FILE_N] = {
    [PM_RUN_OBSERVATIONS] = {"observations", ".nc"},
    [PM_RUN_FLUX_SAMPLES] = {"flux_samples", ".tsv"},
    [PM_RUN_FLUX_PROFILES] = {"flux_profiles", ".tsv"},
    [PM_RUN_FLUX_SPECTRA] = {"flux_spectra", ".tsv"},
    [PM_RUN_FLUX_REMIN] = {"flux_remineralisation", ".tsv"},
    [PM_RUN_FLUX_CALIBRATION] = {"flux_calibration", ".tsv"},
    [PM_RUN_MODEL] = {"model", ".nc"},
    [PM_RUN_FRAME] = {"frame", ".tsv"},
    [PM_RUN_AOA] = {"aoa", ".nc"},
    [PM_RUN_MAPS] = {"maps", ".nc"},
    [PM_RUN_FLUX_MAPS] = {"flux", ".nc"},
    [PM_RUN_RATES] = {"rates", ".nc"},
    [PM_RUN_TOTALS] = {"totals", ".tsv"},
    [PM_RUN_RECOVERY] = {"recovery", ".tsv"},
    [PM_RUN_VALIDATION] = {"validation", ".tsv"},
    [PM_RUN_VALIDATION_MD] = {"validation", ".md"},
    [PM_RUN_VALIDATION_TRAPS] = {"validation_traps", ".tsv"},
    [PM_RUN_REPORT] = {"report", ".md"},
    [PM_RUN_FIGURES] = {"figures", ""},
    [PM_RUN_MANIFEST] = {"manifest", ".tsv"},
    [PM_RUN_STAMPS] = {".plankmap-run", ""},
    [PM_RUN_PREVIOUS] = {".plankmap-previous", ""}};

size_t pm_run_file_format(char *buf, size_t size, const char *dir,
                          pm_run_file k, const char *name)
{
  int n = snprintf(buf, size, "%s%s%s%s%s%s", dir ? dir : "", dir ? "/" : "",
                   files[k].stem, name ? "_" : "", name ? name : "",
                   files[k].ext);
  return n > 0 ? (size_t)n : 0;
}

char *pm_run_file_path(const char *dir, pm_run_file k, const char *name)
{
  size_t size = pm_run_file_format(NULL, 0, dir, k, name) + 1;
  char *path = malloc(size);

  if (path) pm_run_file_format(path, size, dir, k, name);
  return path;
}
