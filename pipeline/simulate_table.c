/* simulate_table.c: the virtual observations as a table in the long layout
 * of the `table` format (one line per sample of the one virtual class, or
 * with a classifier per sample and predicted class), which the scenarios
 * written beside it read back.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "simulate.h"
#include "pm_error.h"
#include "pm_output.h"
#include "pm_read.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The header, which simulate_config.c names column by column; a draw of
 * biomass adds the column "carbon". */
const char pm_pipeline_simulated_header[] =
    "profile,project,datetime,lat,lon,depth_top,depth_bottom,volume_m3,"
    "class,count";

typedef struct {
  const pm_scenario *sc;
  const pm_pipeline_simulated *v;
} table;

static int put_table(FILE *f, void *arg)
{
  const table *t = arg;
  const pm_pipeline_simulated *v = t->v;
  const pm_obs *obs = v->g.obs;
  /* the classes of the lines: the predicted ones, or the class drawn */
  const double *count = v->predicted ? v->predicted : v->count;
  size_t nl = v->predicted ? v->confusion->n_pred : 1, i, l;

  fprintf(f, "%s%s\n", pm_pipeline_simulated_header,
          v->carbon ? ",carbon" : "");
  for (i = 0; i < v->n; i++) {
    size_t s = v->sample[i];
    const pm_obs_profile *p = &obs->profiles[obs->profile[s]];
    char when[64];
    pm_format_datetime(obs->time[s], when, sizeof when);
    for (l = 0; l < nl; l++) {
      fprintf(f, "%s/%s,%s,%s,%.6f,%.6f,%.10g,%.10g,%.10g,%s,%.0f",
              p->source, p->name, p->project, when, obs->lat[s], obs->lon[s],
              obs->depth_top[s], obs->depth_bottom[s], obs->volume_m3[s],
              v->predicted ? v->confusion->pred_names[l]
                           : t->sc->simulate.class_name,
              count[l * v->n + i]);
      if (v->carbon) fprintf(f, ",%.10g", v->carbon[i]);
      fputc('\n', f);
    }
  }
  return PM_SUCCESS;
}

/* A name with a comma or a quote would break the table's columns. */
static int writable(const pm_obs_profile *p)
{
  if (strpbrk(p->name, ",\"\n") || strpbrk(p->source, ",\"\n") ||
      strpbrk(p->project, ",\"\n"))
    return pm_error(PM_EINPUT, "profile '%s' of source '%s': a comma or "
                    "quote in a name cannot be written to the virtual "
                    "observations' table",
                    p->name, p->source);
  return PM_SUCCESS;
}

static int by_key(const void *a, const void *b)
{
  const pm_obs_profile *p = *(const pm_obs_profile *const *)a;
  const pm_obs_profile *q = *(const pm_obs_profile *const *)b;
  int c = strcmp(p->source, q->source);
  if (!c) c = strcmp(p->project, q->project);
  return c ? c : strcmp(p->name, q->name);
}

/* Every profile can be written, and its key (source, project, name), by
 * which the table is read back, is its own. */
static int check_names(const pm_obs *obs)
{
  const pm_obs_profile **sorted = malloc((obs->n_profiles + 1) *
                                         sizeof *sorted);
  size_t p;
  int status = sorted ? PM_SUCCESS : pm_error_nomem();

  for (p = 0; p < obs->n_profiles && !status; p++) {
    sorted[p] = &obs->profiles[p];
    status = writable(sorted[p]);
  }
  if (!status) qsort(sorted, obs->n_profiles, sizeof *sorted, by_key);
  for (p = 1; p < obs->n_profiles && !status; p++)
    if (by_key(&sorted[p - 1], &sorted[p]) == 0)
      status = pm_error(PM_EINPUT, "profile '%s' of source '%s' is named "
                        "twice (%s and %s), so the virtual observations' "
                        "table could not tell its casts apart; give the "
                        "column of their project (simulate.sites.columns."
                        "project)",
                        sorted[p]->name, sorted[p]->source,
                        sorted[p - 1]->origin ? sorted[p - 1]->origin : "",
                        sorted[p]->origin ? sorted[p]->origin : "");
  free(sorted);
  return status;
}

int pm_pipeline_simulated_write(const pm_scenario *sc,
                                const pm_pipeline_simulated *v,
                                const char *path)
{
  table t = {sc, v};
  int status = check_names(v->g.obs);
  return status ? status : pm_output_text(path, put_table, &t);
}
