/* stage_fit_table.c: frame_<name>.tsv, the rows a model was fitted to with
 * the observed concentration (or flux) of each, for profile figures.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "stage_fit.h"
#include "pm_error.h"
#include "pm_output.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

/* What one table shows. */
typedef struct {
  const pm_scenario_model *spec;
  const pm_engine_fit_info *info;
  const pm_column *col[6]; /* response, lon, lat, depth, month, volume_m3 */
  const pm_column *profile; /* NULL for a frame of cells */
  int per_volume;           /* the formula has an offset: divide by volume */
} frame_table;

/* The units of `observed`: a count or carbon per m3 of water sampled when
 * the model has a volume offset, else those of the response. */
static const char *observed_units(const frame_table *t)
{
  switch (t->spec->response.kind) {
  case PM_RESPONSE_FLUX: return "mg C m-2 d-1";
  case PM_RESPONSE_BIOMASS: return t->per_volume ? "mg C m-3" : "mg C";
  case PM_RESPONSE_SPECTRUM:
    return t->spec->response.spectrum == PM_SPECTRUM_LOG_BIOVOLUME
               ? "ln(mm3 m-3)"
               : "1";
  default: return t->per_volume ? "m-3" : "1";
  }
}

static void put_value(FILE *f, double x)
{
  if (isnan(x))
    fputs("\t", f);
  else
    fprintf(f, "\t%.10g", x);
}

static void put_rows(FILE *f, const pm_obs *obs, const void *data)
{
  const frame_table *t = data;
  const char *units = observed_units(t);
  size_t i, r, k;

  fputs("profile\tlon\tlat\tdepth_m\tmonth\tresponse\tvolume_m3\tobserved\t"
        "units\n", f);
  for (i = 0; i < t->info->n; i++) {
    double y, v;
    r = t->info->rows[i];
    if (t->profile)
      fputs(obs->profiles[(size_t)t->profile->x[r]].name, f);
    for (k = 1; k < 5; k++) put_value(f, t->col[k]->x[r]);
    y = t->col[0]->x[r];
    v = t->per_volume ? t->col[5]->x[r] : NAN;
    put_value(f, y);
    put_value(f, v);
    put_value(f, t->per_volume ? y / v : y);
    fprintf(f, "\t%s\n", units);
  }
}

int pm_pipeline_fit_table_write(const char *dir, const pm_scenario_model *spec,
                                const pm_pipeline_gridded *g,
                                const pm_frame *frame,
                                const pm_engine_fit_info *info)
{
  static const char *const names[6] = {NULL, "lon", "lat", "depth",
                                       "month", "volume_m3"};
  frame_table t = {spec, info, {NULL}, NULL, info->per_volume};
  pm_pipeline_table table = {put_rows, g->obs, &t};
  char *path = pm_run_file_path(dir, PM_RUN_FRAME, spec->name);
  size_t k;
  int status = PM_SUCCESS;

  if (!path) return pm_error_nomem();
  for (k = 0; k < 6 && !status; k++)
    status = pm_frame_column(frame,
                             k ? names[k]
                               : pm_scenario_response_name(&spec->response),
                             &t.col[k]);
  if (!status && spec->frame == PM_FRAME_SAMPLES)
    status = pm_frame_column(frame, "profile", &t.profile);
  if (!status) status = pm_output_text(path, pm_pipeline_table_text, &table);
  free(path);
  return status;
}
