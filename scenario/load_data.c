/* load_data.c: fill a pm_scenario's data side from a validated scenario
 * file: the observation sources, the filters on their samples and the grid
 * they are binned on.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "load_internal.h"
#include "paths.h"
#include "pm_error.h"
#include "schema.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PATH_SIZE 512
#define SECONDS_PER_DAY 86400.0

static int load_columns(const config_setting_t *g, pm_table_columns *t)
{
  const config_setting_t *c = config_setting_get_member(g, "columns");
  const config_setting_t *classes = config_setting_get_member(c, "classes");
  const char *text;
  int status = PM_SUCCESS;
  t->delimiter = ',';
  if (config_setting_lookup_string(g, "delimiter", &text))
    t->delimiter = text[0];
  config_setting_lookup_string(g, "volume_units", &text);
  t->volume_to_m3 = strcmp(text, "L") == 0 ? 1e-3 : 1.0;
  if ((status = pm_scenario_copy_member(c, "profile", &t->profile)) ||
      (status = pm_scenario_copy_member(c, "project", &t->project)) ||
      (status = pm_scenario_copy_member(c, "datetime", &t->datetime)) ||
      (status = pm_scenario_copy_member(c, "date", &t->date)) ||
      (status = pm_scenario_copy_member(c, "time", &t->time)) ||
      (status = pm_scenario_copy_member(c, "lat", &t->lat)) ||
      (status = pm_scenario_copy_member(c, "lon", &t->lon)) ||
      (status = pm_scenario_copy_member(c, "depth_top", &t->depth_top)) ||
      (status = pm_scenario_copy_member(c, "depth_bottom", &t->depth_bottom)) ||
      (status = pm_scenario_copy_member(c, "volume", &t->volume)) ||
      (status = pm_scenario_copy_member(c, "class", &t->class_column)) ||
      (status = pm_scenario_copy_member(c, "count", &t->count_column)) ||
      (status = pm_scenario_copy_member(c, "carbon", &t->carbon_column)))
    return status;
  /* the long layout has no count column per class */
  if (!classes) return PM_SUCCESS;
  return pm_scenario_copy_strings(classes, &t->classes, &t->n_classes);
}

/* The strings of the list setting `name` of g, when given. */
static int optional_strings(const config_setting_t *g, const char *name,
                            char ***out, size_t *n)
{
  const config_setting_t *s = config_setting_get_member(g, name);
  return s && config_setting_length(s) > 0 ? pm_scenario_copy_strings(s, out, n)
                                           : PM_SUCCESS;
}

static int load_source(const pm_scenario_loader *ld, const config_setting_t *g,
                       int index, pm_obs_source *src, pm_scenario_where *w)
{
  const config_setting_t *classifier =
      config_setting_get_member(g, "classifier");
  char where[32], at[PATH_SIZE]; /* where: "observations[12]" */
  int status;
  snprintf(where, sizeof where, "observations[%d]", index);
  snprintf(at, sizeof at, "%s.files", where);
  src->format =
      (pm_obs_format)pm_scenario_enum_or_first(g, "format", pm_schema_formats);
  src->depth_step_m = pm_scenario_number_or(g, "depth_step", 5.0);
  src->by_taxon = pm_scenario_enum_or_first(g, "class_by",
                                            pm_schema_class_by) == 1;
  if (!(w->source = pm_scenario_where_of(g, ld->file, where)))
    return pm_error_nomem();
  if ((status = pm_scenario_copy_member(g, "name", &src->name)) ||
      (status = pm_scenario_expand(config_setting_get_member(g, "files"),
                                   ld->file, at, ld->dir, &src->files,
                                   &w->files, &src->n_files)) ||
      (status = pm_scenario_path_member(ld, g, where, "metadata",
                                        &src->metadata, &w->metadata)) ||
      (status = pm_scenario_path_member(ld, g, where, "volume_table",
                                        &src->volume_table, &w->volume_table)) ||
      (status = optional_strings(g, "projects", &src->projects,
                                 &src->n_projects)) ||
      (status = optional_strings(g, "uvp_models", &src->uvp_models,
                                 &src->n_uvp_models)))
    return status;
  snprintf(at, sizeof at, "%s.classifier", where);
  if (classifier &&
      ((status = pm_scenario_path_member(ld, classifier, at, "confusion",
                                         &src->confusion, &w->confusion)) ||
       (status = optional_strings(classifier, "predicted", &src->predicted,
                                  &src->n_predicted))))
    return status;
  if (src->format != PM_FORMAT_TABLE) return PM_SUCCESS;
  snprintf(at, sizeof at, "%s.columns", where);
  if (!(w->columns = pm_scenario_where_of(
            config_setting_get_member(g, "columns"), ld->file, at)))
    return pm_error_nomem();
  return load_columns(g, &src->table);
}

static int load_sources(const pm_scenario_loader *ld,
                        const config_setting_t *root, pm_scenario *sc)
{
  const config_setting_t *list =
      config_setting_get_member(root, "observations");
  size_t n = (size_t)config_setting_length(list), i;
  int status;
  sc->sources = calloc(n, sizeof *sc->sources);
  sc->where = calloc(n, sizeof *sc->where);
  if (!sc->sources || !sc->where) return pm_error_nomem();
  for (i = 0; i < n; i++) {
    sc->n_sources++;
    status = load_source(ld, config_setting_get_elem(list, (unsigned)i), (int)i,
                         &sc->sources[i], &sc->where[i]);
    if (status) return status;
  }
  return PM_SUCCESS;
}

/* The strings of `list` as filter patterns, each knowing where it was named. */
static int load_patterns(const pm_scenario_loader *ld,
                         const config_setting_t *list, const char *where,
                         pm_filter_pattern **out, size_t *n)
{
  char at[PATH_SIZE];
  int i, len = config_setting_length(list);
  if (!(*out = calloc((size_t)len, sizeof **out))) return pm_error_nomem();
  for (i = 0; i < len; i++) {
    const config_setting_t *e = config_setting_get_elem(list, (unsigned)i);
    *n = (size_t)i + 1; /* counted before filling: freed on every path */
    snprintf(at, sizeof at, "%s[%d]", where, i);
    (*out)[i].pattern = strdup(config_setting_get_string(e));
    (*out)[i].where = pm_scenario_where_of(e, ld->file, at);
    if (!(*out)[i].pattern || !(*out)[i].where) return pm_error_nomem();
  }
  return PM_SUCCESS;
}

static int load_classes(const pm_scenario_loader *ld,
                        const config_setting_t *classes, pm_filter *f)
{
  const config_setting_t *keep = config_setting_get_member(classes, "keep");
  const config_setting_t *merge = config_setting_get_member(classes, "merge");
  char at[PATH_SIZE];
  int i, n = merge ? config_setting_length(merge) : 0, status;
  if (keep && (status = load_patterns(ld, keep, "filters.classes.keep",
                                      &f->keep, &f->n_keep)))
    return status;
  if (n == 0) return PM_SUCCESS;
  if (!(f->merge = calloc((size_t)n, sizeof *f->merge)))
    return pm_error_nomem();
  for (i = 0; i < n; i++) {
    const config_setting_t *m = config_setting_get_elem(merge, (unsigned)i);
    f->n_merge = (size_t)i + 1;
    snprintf(at, sizeof at, "filters.classes.merge[%d].from", i);
    if ((status = pm_scenario_copy_member(m, "into", &f->merge[i].into)) ||
        (status = load_patterns(ld, config_setting_get_member(m, "from"), at,
                                &f->merge[i].from, &f->merge[i].n_from)))
      return status;
  }
  return PM_SUCCESS;
}

static int load_filters(const pm_scenario_loader *ld,
                        const config_setting_t *root, pm_filter *f)
{
  const config_setting_t *g = config_setting_get_member(root, "filters");
  const config_setting_t *dates, *classes;
  const char *status = NULL;
  if (!g) return PM_SUCCESS;
  pm_scenario_range_member(g, "size_mm", &f->size_min_mm, &f->size_max_mm);
  pm_scenario_range_member(g, "depth_m", &f->depth_min_m, &f->depth_max_m);
  if (config_setting_lookup_string(g, "annotation_status", &status))
    f->validated_only = strcmp(status, "validated") == 0;
  if ((dates = config_setting_get_member(g, "dates"))) {
    /* the last day is inclusive: keep up to the start of the next day */
    pm_schema_date(config_setting_get_string_elem(dates, 0), &f->time_min);
    pm_schema_date(config_setting_get_string_elem(dates, 1), &f->time_max);
    f->time_max += SECONDS_PER_DAY;
  }
  classes = config_setting_get_member(g, "classes");
  return classes ? load_classes(ld, classes, f) : PM_SUCCESS;
}

static int load_grid(const config_setting_t *root, pm_grid_spec *spec)
{
  const config_setting_t *g = config_setting_get_member(root, "grid");
  const config_setting_t *one = config_setting_get_member(g, "resolution");
  spec->lon_min = -180;
  spec->lon_max = 180;
  spec->lat_min = -90;
  spec->lat_max = 90;
  pm_scenario_range_member(g, "lon", &spec->lon_min, &spec->lon_max);
  pm_scenario_range_member(g, "lat", &spec->lat_min, &spec->lat_max);
  spec->dlon = pm_schema_number(
      one ? one : config_setting_get_member(g, "resolution_lon"));
  spec->dlat = pm_schema_number(
      one ? one : config_setting_get_member(g, "resolution_lat"));
  spec->time_axis =
      (pm_time_axis)pm_scenario_enum_or_first(g, "time", pm_schema_time_axes);
  return pm_scenario_copy_numbers(config_setting_get_member(g, "depth_edges"),
                                  &spec->depth_edges, &spec->n_depth_edges);
}

int pm_scenario_load_data(const pm_scenario_loader *ld,
                          const config_setting_t *root, pm_scenario *sc)
{
  int status;
  if ((status = load_sources(ld, root, sc)) ||
      (status = load_filters(ld, root, &sc->filter)))
    return status;
  return load_grid(root, &sc->grid);
}

static void free_source(pm_obs_source *src, pm_scenario_where *w)
{
  pm_table_columns *t = &src->table;
  free(src->name);
  pm_scenario_free_strings(src->files, src->n_files);
  free(src->metadata);
  free(src->volume_table);
  free(src->confusion);
  pm_scenario_free_strings(src->predicted, src->n_predicted);
  pm_scenario_free_strings(src->projects, src->n_projects);
  pm_scenario_free_strings(src->uvp_models, src->n_uvp_models);
  free(t->profile);
  free(t->project);
  free(t->datetime);
  free(t->date);
  free(t->time);
  free(t->lat);
  free(t->lon);
  free(t->depth_top);
  free(t->depth_bottom);
  free(t->volume);
  pm_scenario_free_strings(t->classes, t->n_classes);
  free(t->class_column);
  free(t->count_column);
  free(t->carbon_column);
  free(w->source);
  pm_scenario_free_strings(w->files, src->n_files);
  free(w->metadata);
  free(w->volume_table);
  free(w->confusion);
  free(w->columns);
}

void pm_scenario_free_data(pm_scenario *sc)
{
  size_t i;
  for (i = 0; i < sc->n_sources; i++)
    free_source(&sc->sources[i], &sc->where[i]);
  free(sc->sources);
  free(sc->where);
  pm_filter_free(&sc->filter);
  free(sc->grid.depth_edges);
}
