/* paths.h: input paths of a scenario, taken from the config file's folder,
 * and glob patterns expanded.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#ifndef PM_SCENARIO_PATHS_H
#define PM_SCENARIO_PATHS_H

#include <libconfig.h>
#include <stddef.h>

/* "file:line: path" naming setting s (its parent's line when it has none). */
char *pm_scenario_where_of(const config_setting_t *s, const char *file,
                           const char *path);

/* `path` taken from folder `dir` unless it is absolute (newly allocated). */
char *pm_scenario_resolve(const char *dir, const char *path);

/* The files named by the strings of `list` (setting `where`, e.g.
 * "observations[0].files"), each taken from `dir` and expanded with glob(3)
 * when it holds a pattern: *files and *wheres get *n new strings.  A pattern
 * matching nothing and a file named twice are errors. */
int pm_scenario_expand(const config_setting_t *list, const char *file,
                       const char *where, const char *dir, char ***files,
                       char ***wheres, size_t *n);

#endif
