/* load_settings.c: read the settings of a validated scenario file, with
 * their defaults: strings, paths, numbers, ranges, enumerations and arrays
 * of numbers or strings.  The section loaders read through these.
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

int pm_scenario_copy_member(const config_setting_t *g, const char *name,
                            char **out)
{
  const char *text = NULL;
  *out = NULL;
  if (!config_setting_lookup_string(g, name, &text)) return PM_SUCCESS;
  return (*out = strdup(text)) ? PM_SUCCESS : pm_error_nomem();
}

int pm_scenario_copy_or(const config_setting_t *g, const char *name,
                        const char *fallback, char **out)
{
  const char *text = fallback;
  if (g) config_setting_lookup_string(g, name, &text);
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
  if (named) *named = pm_scenario_where_of(s, ld->file, at);
  return *path && (!named || *named) ? PM_SUCCESS : pm_error_nomem();
}

double pm_scenario_number_or(const config_setting_t *g, const char *name,
                             double fallback)
{
  const config_setting_t *s = g ? config_setting_get_member(g, name) : NULL;
  return s ? pm_schema_number(s) : fallback;
}

void pm_scenario_range_member(const config_setting_t *g, const char *name,
                              double *lo, double *hi)
{
  const config_setting_t *s = g ? config_setting_get_member(g, name) : NULL;
  if (!s) return;
  *lo = pm_schema_number(config_setting_get_elem(s, 0));
  *hi = pm_schema_number(config_setting_get_elem(s, 1));
}

int pm_scenario_enum_or_first(const config_setting_t *g, const char *name,
                              const char *const *values)
{
  const char *text = NULL;
  int i;
  if (!g || !config_setting_lookup_string(g, name, &text)) return 0;
  for (i = 0; values[i]; i++)
    if (strcmp(values[i], text) == 0) return i;
  return -1; /* not reached: the schema has checked the value */
}

int pm_scenario_copy_numbers(const config_setting_t *s, double **out, size_t *n)
{
  size_t i;
  *n = (size_t)config_setting_length(s);
  if (!(*out = malloc(*n * sizeof **out))) return pm_error_nomem();
  for (i = 0; i < *n; i++)
    (*out)[i] = pm_schema_number(config_setting_get_elem(s, (unsigned)i));
  return PM_SUCCESS;
}

int pm_scenario_copy_strings(const config_setting_t *s, char ***out, size_t *n)
{
  int i, len = config_setting_length(s);
  if (!(*out = calloc((size_t)len, sizeof **out))) return pm_error_nomem();
  for (i = 0; i < len; i++, (*n)++)
    if (!((*out)[i] = strdup(config_setting_get_string_elem(s, i))))
      return pm_error_nomem();
  return PM_SUCCESS;
}

void pm_scenario_free_strings(char **s, size_t n)
{
  size_t i;
  for (i = 0; s && i < n; i++) free(s[i]);
  free(s);
}
