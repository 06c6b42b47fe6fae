/* read.c: read an observation source with the reader of its format.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "pm_read.h"
#include "pm_ecopart.h"
#include "pm_error.h"

#include <stdlib.h>
#include <string.h>

int pm_obs_read(pm_obs *obs, const pm_obs_source *src,
                const pm_filter *f, pm_filter_counts *counts,
                pm_obs_report *report, const pm_progress *progress)
{
  pm_filter keep_all;
  pm_obs_report scratch = {0};

  pm_filter_init(&keep_all);
  if (!f) f = &keep_all;
  if (!report) report = &scratch;

  switch (src->format) {
  case PM_FORMAT_ECOPART_DETAILED:
    return pm_obs_read_ecopart_detailed(obs, src, f, counts, report, progress);
  case PM_FORMAT_ECOPART_RAW:
    return pm_obs_read_ecopart_raw(obs, src, f, counts, report, progress);
  case PM_FORMAT_ECOTAXA:
    return pm_obs_read_ecotaxa(obs, src, f, counts, report, progress);
  case PM_FORMAT_TABLE:
    return pm_obs_read_table(obs, src, f, counts, report, progress);
  case PM_FORMAT_UVP5_DATASET:
    return pm_obs_read_uvp5_dataset(obs, src, f, counts, report, progress);
  }
  return pm_error(PM_EINPUT, "observation source '%s': unknown format %d",
                  src->name, (int)src->format);
}

void pm_obs_source_inputs_free(char **paths, size_t n)
{
  size_t i;
  for (i = 0; i < n; i++) free(paths[i]);
  free(paths);
}

/* Append a copy of `path` (or, with `zoo`, its ZOO_raw file) to the list. */
static int add_input(char **paths, size_t *n, const char *path, int zoo)
{
  int status = PM_SUCCESS;
  if (zoo)
    status = pm_ecopart_zoo_path(path, &paths[*n]);
  else if (!(paths[*n] = strdup(path)))
    status = pm_error_nomem();
  if (status == PM_SUCCESS)
    (*n)++;
  else {
    free(paths[*n]);
    paths[*n] = NULL;
  }
  return status;
}

int pm_obs_source_inputs(const pm_obs_source *src, char ***paths, size_t *n)
{
  int raw = src->format == PM_FORMAT_ECOPART_RAW, status = PM_SUCCESS;
  size_t i, cap = (raw ? 2 : 1) * src->n_files + 3;

  *n = 0;
  if (!(*paths = calloc(cap, sizeof **paths))) return pm_error_nomem();
  if (src->metadata) status = add_input(*paths, n, src->metadata, 0);
  if (src->volume_table && !status)
    status = add_input(*paths, n, src->volume_table, 0);
  if (src->confusion && !status)
    status = add_input(*paths, n, src->confusion, 0);
  for (i = 0; i < src->n_files && !status; i++) {
    status = add_input(*paths, n, src->files[i], 0);
    if (raw && !status) status = add_input(*paths, n, src->files[i], 1);
  }
  if (status) {
    pm_obs_source_inputs_free(*paths, *n);
    *paths = NULL;
    *n = 0;
  }
  return status;
}

int pm_obs_sources_inputs(const pm_obs_source *src, size_t nsrc,
                          char ***paths, size_t *n)
{
  size_t i, m;
  char **p, **all;
  int status = PM_SUCCESS;

  *n = 0;
  *paths = NULL;
  for (i = 0; i < nsrc && !status; i++) {
    if ((status = pm_obs_source_inputs(&src[i], &p, &m))) break;
    if ((all = realloc(*paths, (*n + m + 1) * sizeof *all))) {
      memcpy(all + *n, p, m * sizeof *p);
      *paths = all;
      *n += m;
      free(p);
    } else {
      pm_obs_source_inputs_free(p, m);
      status = pm_error_nomem();
    }
  }
  if (status) {
    pm_obs_source_inputs_free(*paths, *n);
    *paths = NULL;
    *n = 0;
  }
  return status;
}
