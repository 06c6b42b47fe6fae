/* datadir.c: where the installed validation tables are.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "pm_error.h"
#include "pm_validation.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Set by the build (validation/local.mk) to the package's data folder. */
#ifndef PM_PKGDATADIR
#define PM_PKGDATADIR "/usr/local/share/plankmap"
#endif

int pm_validation_data_path(const char *name, char **path)
{
  const char *dir = getenv("PLANKMAP_DATADIR");
  size_t len;

  if (!dir || dir[0] == '\0') dir = PM_PKGDATADIR;
  len = strlen(dir) + strlen(name) + 2;
  if (!(*path = malloc(len))) return pm_error_nomem();
  snprintf(*path, len, "%s/%s", dir, name);
  return PM_SUCCESS;
}
