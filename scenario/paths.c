/* paths.c: input paths of a scenario, taken from the config file's folder,
 * and glob patterns expanded.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "paths.h"
#include "pm_error.h"
#include "schema.h"

#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char *pm_scenario_where_of(const config_setting_t *s, const char *file,
                           const char *path)
{
  const config_setting_t *at = s;
  size_t size;
  char *out;
  while (config_setting_source_line(at) == 0 && config_setting_parent(at))
    at = config_setting_parent(at);
  size = strlen(pm_schema_file(at, file)) + strlen(path) + 32;
  if (!(out = malloc(size))) return NULL;
  snprintf(out, size, "%s:%u: %s", pm_schema_file(at, file),
           config_setting_source_line(at), path);
  return out;
}

char *pm_scenario_resolve(const char *dir, const char *path)
{
  size_t size;
  char *out;
  if (path[0] == '/' || strcmp(dir, ".") == 0) return strdup(path);
  size = strlen(dir) + strlen(path) + 2;
  if (!(out = malloc(size))) return NULL;
  snprintf(out, size, "%s/%s", dir, path);
  return out;
}

/* Append one file (taking `path`) and where it was named. */
static int append(char ***files, char ***wheres, size_t *n, char *path,
                  char *where)
{
  char **f = realloc(*files, (*n + 1) * sizeof *f);
  char **w = f ? realloc(*wheres, (*n + 1) * sizeof *w) : NULL;
  if (f) *files = f;
  if (w) *wheres = w;
  if (!f || !w || !path || !where) {
    free(path);
    free(where);
    return pm_error_nomem();
  }
  f[*n] = path;
  w[*n] = where;
  (*n)++;
  return PM_SUCCESS;
}

/* Files of element `elem` of the list: the path itself, or a glob's matches. */
static int expand_one(const config_setting_t *elem, const char *file,
                      const char *path, const char *dir, char ***files,
                      char ***wheres, size_t *n)
{
  const char *text = config_setting_get_string(elem);
  char *full = pm_scenario_resolve(dir, text);
  glob_t g;
  size_t i;
  int status = PM_SUCCESS, rc;
  if (!full) return pm_error_nomem();
  if (!strpbrk(text, "*?[")) /* a plain path: its checks come later */
    return append(files, wheres, n, full,
                  pm_scenario_where_of(elem, file, path));
  rc = glob(full, 0, NULL, &g);
  if (rc == GLOB_NOMATCH)
    status = pm_schema_error(elem, file,
                             "setting '%s': the pattern '%s' "
                             "matches no file (looked for '%s')",
                             path, text, full);
  else if (rc != 0)
    status = pm_error(PM_EIO,
                      "%s: setting '%s': cannot expand the pattern "
                      "'%s' (glob error %d)",
                      file, path, full, rc);
  for (i = 0; rc == 0 && status == PM_SUCCESS && i < g.gl_pathc; i++)
    status = append(files, wheres, n, strdup(g.gl_pathv[i]),
                    pm_scenario_where_of(elem, file, path));
  if (rc == 0) globfree(&g);
  free(full);
  return status;
}

int pm_scenario_expand(const config_setting_t *list, const char *file,
                       const char *where, const char *dir, char ***files,
                       char ***wheres, size_t *n)
{
  char path[512];
  size_t first = *n, i, j;
  int k, status;
  for (k = 0; k < config_setting_length(list); k++) {
    snprintf(path, sizeof path, "%s[%d]", where, k);
    status = expand_one(config_setting_get_elem(list, (unsigned)k), file, path,
                        dir, files, wheres, n);
    if (status) return status;
  }
  /* a file counted twice would double its counts */
  for (i = first + 1; i < *n; i++)
    for (j = first; j < i; j++)
      if (strcmp((*files)[i], (*files)[j]) == 0)
        return pm_error(PM_EINPUT,
                        "%s: the file '%s' is already named by %s; "
                        "name each file once",
                        (*wheres)[i], (*files)[i], (*wheres)[j]);
  return PM_SUCCESS;
}
