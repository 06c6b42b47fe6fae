/* load.c: read a scenario file, validate it against the schema and fill a
 * pm_scenario.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "pm_scenario.h"
#include "load_internal.h"
#include "paths.h"
#include "pm_error.h"
#include "schema.h"

#include <errno.h>
#include <libconfig.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PATH_SIZE 512
#define SECONDS_PER_DAY 86400.0

static int read_text(const char *path, char **text)
{
  FILE *f = fopen(path, "rb");
  size_t n = 0, cap = 4096, got;
  char *buf = NULL, *p;
  int status = PM_SUCCESS;
  if (!f)
    return pm_error(PM_EINPUT, "cannot open the scenario file '%s': %s", path,
                    strerror(errno));
  do {
    if (!(p = realloc(buf, cap + 1))) {
      status = pm_error_nomem();
      goto cleanup;
    }
    buf = p;
    got = fread(buf + n, 1, cap - n, f);
    n += got;
    if (n == cap) cap *= 2;
  } while (got > 0);
  if (ferror(f)) status = pm_error(PM_EIO, "cannot read '%s'", path);
  buf[n] = '\0';
cleanup:
  fclose(f);
  if (status)
    free(buf);
  else
    *text = buf;
  return status;
}

static char *folder_of(const char *path)
{
  const char *slash = strrchr(path, '/');
  if (!slash) return strdup(".");
  if (slash == path) return strdup("/");
  return strndup(path, (size_t)(slash - path));
}

int pm_scenario_copy_member(const config_setting_t *g, const char *name,
                            char **out)
{
  const char *text = NULL;
  *out = NULL;
  if (!config_setting_lookup_string(g, name, &text)) return PM_SUCCESS;
  return (*out = strdup(text)) ? PM_SUCCESS : pm_error_nomem();
}

int pm_scenario_path_member(const pm_scenario_loader *ld,
                            const config_setting_t *g, const char *where,
                            const char *name, char **path, char **named)
{
  const config_setting_t *s = config_setting_get_member(g, name);
  char at[PATH_SIZE];
  if (!s) return PM_SUCCESS;
  snprintf(at, sizeof at, "%s.%s", where, name);
  *path = pm_scenario_resolve(ld->dir, config_setting_get_string(s));
  *named = pm_scenario_where_of(s, ld->file, at);
  return *path && *named ? PM_SUCCESS : pm_error_nomem();
}

int pm_scenario_index_of(const char *const *values, const char *text)
{
  int i;
  for (i = 0; values[i]; i++)
    if (strcmp(values[i], text) == 0) return i;
  return -1;
}

static int load_columns(const config_setting_t *g, pm_table_columns *t)
{
  const config_setting_t *c = config_setting_get_member(g, "columns");
  const config_setting_t *list = config_setting_get_member(c, "classes");
  const char *text;
  int status = PM_SUCCESS, i;
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
      (status = pm_scenario_copy_member(c, "volume", &t->volume)))
    return status;
  if (!(t->classes =
            calloc((size_t)config_setting_length(list), sizeof *t->classes)))
    return pm_error_nomem();
  for (i = 0; i < config_setting_length(list); i++, t->n_classes++)
    if (!(t->classes[i] = strdup(config_setting_get_string_elem(list, i))))
      return pm_error_nomem();
  return PM_SUCCESS;
}

static int load_source(const pm_scenario_loader *ld, const config_setting_t *g,
                       int index, pm_obs_source *src, pm_scenario_where *w)
{
  char where[32], at[PATH_SIZE]; /* where: "observations[12]" */
  const char *format = NULL;
  const config_setting_t *step = config_setting_get_member(g, "depth_step");
  int status;
  snprintf(where, sizeof where, "observations[%d]", index);
  snprintf(at, sizeof at, "%s.files", where);
  config_setting_lookup_string(g, "format", &format);
  src->format = (pm_obs_format)pm_scenario_index_of(pm_schema_formats, format);
  src->depth_step_m = step ? pm_schema_number(step) : 5.0;
  if (!(w->source = pm_scenario_where_of(g, ld->file, where)))
    return pm_error_nomem();
  if ((status = pm_scenario_copy_member(g, "name", &src->name)) ||
      (status = pm_scenario_expand(config_setting_get_member(g, "files"),
                                   ld->file, at, ld->dir, &src->files,
                                   &w->files, &src->n_files)) ||
      (status = pm_scenario_path_member(ld, g, where, "metadata",
                                        &src->metadata, &w->metadata)) ||
      (status = pm_scenario_path_member(ld, g, where, "volume_table",
                                        &src->volume_table, &w->volume_table)))
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

/* The two numbers of a RANGE setting, left as they are when it is absent. */
static void load_range(const config_setting_t *g, const char *name, double *lo,
                       double *hi)
{
  const config_setting_t *s = config_setting_get_member(g, name);
  if (!s) return;
  *lo = pm_schema_number(config_setting_get_elem(s, 0));
  *hi = pm_schema_number(config_setting_get_elem(s, 1));
}

static int load_filters(const pm_scenario_loader *ld,
                        const config_setting_t *root, pm_filter *f)
{
  const config_setting_t *g = config_setting_get_member(root, "filters");
  const config_setting_t *dates, *classes;
  const char *status = NULL;
  if (!g) return PM_SUCCESS;
  load_range(g, "size_mm", &f->size_min_mm, &f->size_max_mm);
  load_range(g, "depth_m", &f->depth_min_m, &f->depth_max_m);
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
  const config_setting_t *edges = config_setting_get_member(g, "depth_edges");
  const config_setting_t *one = config_setting_get_member(g, "resolution");
  const char *time = "none";
  size_t i;
  spec->lon_min = -180;
  spec->lon_max = 180;
  spec->lat_min = -90;
  spec->lat_max = 90;
  load_range(g, "lon", &spec->lon_min, &spec->lon_max);
  load_range(g, "lat", &spec->lat_min, &spec->lat_max);
  spec->dlon = pm_schema_number(
      one ? one : config_setting_get_member(g, "resolution_lon"));
  spec->dlat = pm_schema_number(
      one ? one : config_setting_get_member(g, "resolution_lat"));
  config_setting_lookup_string(g, "time", &time);
  spec->time_axis =
      (pm_time_axis)pm_scenario_index_of(pm_schema_time_axes, time);
  spec->n_depth_edges = (size_t)config_setting_length(edges);
  if (!(spec->depth_edges = malloc(spec->n_depth_edges * sizeof(double))))
    return pm_error_nomem();
  for (i = 0; i < spec->n_depth_edges; i++)
    spec->depth_edges[i] =
        pm_schema_number(config_setting_get_elem(edges, (unsigned)i));
  return PM_SUCCESS;
}

/* libconfig's own parse error, as "file:line: syntax error: ...". */
static int parse_error(const config_t *cfg, const char *path)
{
  const char *file = config_error_file(cfg) ? config_error_file(cfg) : path;
  if (config_error_type(cfg) == CONFIG_ERR_FILE_IO)
    return pm_error(PM_EIO, "cannot read the scenario file '%s'", file);
  return pm_error(PM_EINPUT, "%s:%d: syntax error: %s", file,
                  config_error_line(cfg), config_error_text(cfg));
}

int pm_scenario_load(pm_scenario **out, const char *path)
{
  pm_scenario *sc = calloc(1, sizeof *sc);
  pm_scenario_loader ld = {path, NULL};
  config_t cfg;
  const config_setting_t *root;
  int status;
  *out = NULL;
  config_init(&cfg);
  if (!sc) {
    status = pm_error_nomem();
    goto cleanup;
  }
  pm_filter_init(&sc->filter);
  if (!(sc->path = strdup(path)) || !(ld.dir = folder_of(path))) {
    status = pm_error_nomem();
    goto cleanup;
  }
  if ((status = read_text(path, &sc->text))) goto cleanup;
  config_set_include_dir(&cfg, ld.dir); /* @include is relative to the file */
  if (!config_read_file(&cfg, path)) {
    status = parse_error(&cfg, path);
    goto cleanup;
  }
  if ((status = pm_schema_validate(&cfg, path, &pm_schema_scenario)))
    goto cleanup;
  root = config_root_setting(&cfg);
  if ((status = pm_scenario_copy_member(root, "output_dir", &sc->output_dir)) ||
      (status = load_sources(&ld, root, sc)) ||
      (status = load_filters(&ld, root, &sc->filter)) ||
      (status = load_grid(root, &sc->grid)) ||
      (status = pm_scenario_load_models(&ld, root, sc)) ||
      (status = pm_scenario_load_biomass(&ld, root, sc)) ||
      (status = pm_scenario_load_rates(&ld, root, sc)) ||
      (status = pm_scenario_load_figures(&ld, root, sc)))
    goto cleanup;
  *out = sc;
  sc = NULL;
cleanup:
  config_destroy(&cfg);
  free(ld.dir);
  pm_scenario_free(sc);
  return status;
}

static void free_strings(char **s, size_t n)
{
  size_t i;
  for (i = 0; s && i < n; i++) free(s[i]);
  free(s);
}

static void free_source(pm_obs_source *src, pm_scenario_where *w)
{
  pm_table_columns *t = &src->table;
  free(src->name);
  free_strings(src->files, src->n_files);
  free(src->metadata);
  free(src->volume_table);
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
  free_strings(t->classes, t->n_classes);
  free(w->source);
  free_strings(w->files, src->n_files);
  free(w->metadata);
  free(w->volume_table);
  free(w->columns);
}

void pm_scenario_free(pm_scenario *sc)
{
  size_t i;
  if (!sc) return;
  for (i = 0; i < sc->n_sources; i++)
    free_source(&sc->sources[i], &sc->where[i]);
  free(sc->sources);
  free(sc->where);
  pm_filter_free(&sc->filter);
  pm_scenario_free_models(sc);
  pm_scenario_free_biomass(&sc->biomass);
  pm_scenario_free_rates(sc);
  pm_scenario_free_figures(&sc->figures);
  free(sc->grid.depth_edges);
  free(sc->output_dir);
  free(sc->text);
  free(sc->path);
  free(sc);
}
