/* simulate_table.c: the virtual observations as a table in the long layout
 * of the `table` format (one line per sample of the one virtual class),
 * which the scenario written beside it reads back.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "simulate.h"
#include "pm_error.h"
#include "pm_output.h"
#include "pm_read.h"

#include <stdio.h>
#include <string.h>

/* The header, which simulate_config.c names column by column; a draw of
 * biomass adds the column "carbon". */
const char pm_pipeline_simulated_header[] =
    "profile,datetime,lat,lon,depth_top,depth_bottom,volume_m3,class,count";

typedef struct {
  const pm_scenario *sc;
  const pm_pipeline_simulated *v;
} table;

static int put_table(FILE *f, void *arg)
{
  const table *t = arg;
  const pm_obs *obs = t->v->g.obs;
  size_t i;

  fprintf(f, "%s%s\n", pm_pipeline_simulated_header,
          t->v->carbon ? ",carbon" : "");
  for (i = 0; i < t->v->n; i++) {
    size_t s = t->v->sample[i];
    const pm_obs_profile *p = &obs->profiles[obs->profile[s]];
    char when[64];
    pm_format_datetime(obs->time[s], when, sizeof when);
    fprintf(f, "%s/%s,%s,%.6f,%.6f,%.10g,%.10g,%.10g,%s,%.0f", p->source,
            p->name, when, obs->lat[s], obs->lon[s], obs->depth_top[s],
            obs->depth_bottom[s], obs->volume_m3[s],
            t->sc->simulate.class_name, t->v->count[i]);
    if (t->v->carbon) fprintf(f, ",%.10g", t->v->carbon[i]);
    fputc('\n', f);
  }
  return PM_SUCCESS;
}

/* A profile or source name with a comma or a quote would break the
 * table's columns. */
static int check_names(const pm_obs *obs)
{
  size_t p;
  for (p = 0; p < obs->n_profiles; p++)
    if (strpbrk(obs->profiles[p].name, ",\"\n") ||
        strpbrk(obs->profiles[p].source, ",\"\n"))
      return pm_error(PM_EINPUT, "profile '%s' of source '%s': a comma or "
                      "quote in a name cannot be written to the virtual "
                      "observations' table",
                      obs->profiles[p].name, obs->profiles[p].source);
  return PM_SUCCESS;
}

int pm_pipeline_simulated_write(const pm_scenario *sc,
                                const pm_pipeline_simulated *v,
                                const char *path)
{
  table t = {sc, v};
  int status = check_names(v->g.obs);
  return status ? status : pm_output_text(path, put_table, &t);
}
