/* stage_grid.c: the grid stage of a scenario: read, filter, bin, write.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "config.h"
#include "pm_pipeline.h"
#include "pm_error.h"
#include "pm_output.h"
#include "pm_ncwrite.h"
#include "pm_sha256.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

void pm_pipeline_gridded_free(pm_pipeline_gridded *g)
{
  pm_bin_free(g->bin);
  pm_grid_free(g->grid);
  pm_obs_free(g->obs);
  pm_confusion_summary_free(&g->corrected);
  memset(g, 0, sizeof *g);
}

/* The counts of samples [s0, end) of source `src`, whose classes a
 * classifier predicted, corrected with its confusion matrix. */
static int correct_source(const pm_scenario *sc, const pm_obs_source *src,
                          size_t s0, pm_pipeline_gridded *g)
{
  pm_confusion *cm = NULL;
  int status;

  if (!src->confusion) return PM_SUCCESS;
  if (!(status = pm_confusion_read(&cm, src->confusion)))
    status = pm_confusion_correct(cm, &sc->filter, g->obs, s0,
                                  g->obs->n_samples,
                                  src->format != PM_FORMAT_ECOTAXA,
                                  &g->corrected);
  pm_confusion_free(cm);
  return status;
}

/* Every source read through the scenario's filter, and corrected for
 * misclassification where it has a classifier; each of the filter's class
 * patterns must match a class of one of them. */
static int read_sources(const pm_scenario *sc, const pm_pipeline_opts *opt,
                        pm_pipeline_gridded *g)
{
  pm_progress progress = opt->progress;
  pm_filter_counts counts;
  int status = pm_obs_sources_check_distinct(sc->sources, sc->n_sources);
  size_t i;

  if (status || (status = pm_filter_counts_alloc(&counts, &sc->filter)))
    return status;
  for (i = 0; i < sc->n_sources && !status; i++) {
    pm_obs_report r = {0};
    size_t s0 = g->obs->n_samples;
    status = pm_obs_read(g->obs, &sc->sources[i], &sc->filter, &counts, &r,
                         &progress);
    pm_obs_report_add(&g->report, &r);
    if (!status) status = correct_source(sc, &sc->sources[i], s0, g);
    if (status)
      pm_error_prefix(status, "observation source '%s'", sc->sources[i].name);
  }
  pm_pipeline_progress_end(opt);
  if (!status) status = pm_filter_check_matched(&sc->filter, &counts, g->obs);
  pm_filter_counts_free(&counts);
  return status;
}

/* A line per class whose count was corrected for misclassification. */
static int note_corrections(const pm_pipeline_opts *opt,
                            const pm_pipeline_gridded *g)
{
  double share, ratio, lo, hi, total;
  size_t c;
  int status = PM_SUCCESS;
  if (g->corrected.n)
    pm_pipeline_note(opt, "counts corrected for misclassification: %s\n",
                     PM_CONFUSION_METHOD);
  for (c = 0; c < g->corrected.n && !status; c++) {
    if (g->corrected.naive[c] == 0 && g->corrected.corrected[c] == 0) continue;
    pm_confusion_summary_class(&g->corrected, g->obs, c, &share, &ratio);
    status = pm_confusion_summary_interval(&g->corrected, g->obs, &c, 1,
                                           &total, &lo, &hi);
    pm_pipeline_note(opt, "  %s: %.1f%% of its objects only predicted; "
                     "corrected count %.4g (%.4g-%.4g from the confusion "
                     "matrix's test set), %.3g x the naive count\n",
                     g->obs->classes[c].name, 100 * share,
                     total, lo, hi, ratio);
  }
  return status;
}

/* "; 3 outside filters.depth_m, ..." for the reasons rows were left out. */
static void dropped_rows(const pm_obs_report *r, char *buf, size_t size)
{
  size_t len = 0;
  for (int k = 0; k < PM_DROP_N && len < size; k++)
    if (r->rows_dropped[k] > 0)
      len += (size_t)snprintf(buf + len, size - len, "%s%llu %s",
                              len ? ", " : "; left out: ",
                              (unsigned long long)r->rows_dropped[k],
                              pm_obs_drop_reason((pm_obs_drop)k));
}

int pm_pipeline_stage_grid(const pm_scenario *sc, const pm_pipeline_opts *opt,
                      pm_pipeline_gridded *g)
{
  int status;

  memset(g, 0, sizeof *g);
  if (!(g->obs = pm_obs_alloc())) return pm_error_nomem();
  g->corrected.ndraws = PM_CONFUSION_DRAWS;
  if ((status = read_sources(sc, opt, g)) ||
      (status = note_corrections(opt, g)))
    return status;
  if (g->obs->n_samples == 0) {
    char why[512] = "";
    dropped_rows(&g->report, why, sizeof why);
    return pm_error(PM_EINPUT,
                    "%s: no sample left after the filters; nothing to grid "
                    "(%llu rows read%s)",
                    sc->path, (unsigned long long)g->report.rows_read, why);
  }
  return pm_pipeline_grid_samples(sc, g);
}

int pm_pipeline_grid_samples(const pm_scenario *sc, pm_pipeline_gridded *g)
{
  double tmin, tmax;
  int status;

  pm_obs_time_range(g->obs, &tmin, &tmax);
  if ((status = pm_grid_alloc(&g->grid, &sc->grid, tmin, tmax)))
    return pm_error_prefix(status, "%s: grid", sc->path);
  return pm_bin_alloc(&g->bin, g->grid, g->obs);
}

/* Per class, the share only predicted, the corrected over naive count,
 * the corrected total and its draws, for observations.nc; a[0..3] are
 * allocated. */
static int correction_arrays(const pm_pipeline_gridded *g, double *a[4])
{
  const pm_confusion_summary *s = &g->corrected;
  size_t c, n = g->obs->n_classes;
  for (c = 0; c < 4; c++)
    if (!(a[c] = malloc((n * (c == 3 ? s->ndraws : 1) + 1) * sizeof *a[c])))
      return pm_error_nomem();
  for (c = 0; c < n; c++)
    pm_confusion_summary_class(s, g->obs, c, &a[0][c], &a[1][c]);
  pm_confusion_summary_totals(s, g->obs, a[2], a[3]);
  return PM_SUCCESS;
}

int pm_pipeline_write_observations(const pm_scenario *sc, const pm_pipeline_gridded *g,
                              const char *dir, const char *command,
                              char **written)
{
  pm_nc_meta meta;
  double *arrays[4] = {NULL};
  char **paths = NULL, *path = NULL, (*hex)[PM_SHA256_HEX] = NULL;
  const char **hashes = NULL;
  size_t n = 0, i;
  int status;

  *written = NULL;
  if ((status = pm_obs_sources_inputs(sc->sources, sc->n_sources, &paths,
                                      &n)))
    goto cleanup;
  hex = calloc(n + 1, sizeof *hex);
  hashes = calloc(n + 1, sizeof *hashes);
  path = pm_run_file_path(dir, PM_RUN_OBSERVATIONS, NULL);
  if (!hex || !hashes || !path) {
    status = pm_error_nomem();
    goto cleanup;
  }
  for (i = 0; i < n && !status; i++) {
    status = pm_sha256_file(paths[i], hex[i]);
    hashes[i] = hex[i];
  }
  if (status || (status = pm_mkdirs(dir))) goto cleanup;
  pm_nc_meta_init(&meta);
  meta.version = PACKAGE_VERSION;
  meta.command = command;
  meta.config_path = sc->path;
  meta.config_text = sc->text;
  meta.input_files = (const char *const *)paths;
  meta.input_sha256 = hashes;
  meta.n_input_files = n;
  if (g->corrected.n && !(status = correction_arrays(g, arrays))) {
    meta.count_correction = PM_CONFUSION_METHOD;
    meta.predicted_share = arrays[0];
    meta.correction_ratio = arrays[1];
    meta.corrected_total = arrays[2];
    meta.correction_draws = arrays[3];
    meta.n_correction_draws = g->corrected.ndraws;
  }
  if (!status)
    status = pm_ncwrite_observations(path, g->grid, g->bin, g->obs, &meta);
  if (!status) {
    *written = path;
    path = NULL;
  }
cleanup:
  pm_obs_source_inputs_free(paths, n);
  free(hex);
  free(hashes);
  for (i = 0; i < 4; i++) free(arrays[i]);
  free(path);
  return status;
}
