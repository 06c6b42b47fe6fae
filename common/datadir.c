/* datadir.c: find an installed data file in $PLANKMAP_DATADIR's folders,
 * then in the package's data folder.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "pm_datadir.h"
#include "pm_error.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Set by the build (common/local.mk) to the package's data folder. */
#ifndef PM_PKGDATADIR
#define PM_PKGDATADIR "/usr/local/share/plankmap"
#endif

/* "dir/name" from the first len bytes of dir. */
static char *join(const char *dir, size_t len, const char *name)
{
  size_t size = len + strlen(name) + 2;
  char *p = malloc(size);

  if (p) snprintf(p, size, "%.*s/%s", (int)len, dir, name);
  return p;
}

int pm_datadir_find(const char *name, char **path)
{
  const char *list = getenv("PLANKMAP_DATADIR"), *dir, *end;
  char *first = NULL, *p;

  *path = NULL;
  for (dir = list ? list : ""; *dir; dir = *end ? end + 1 : end) {
    if (!(end = strchr(dir, ':'))) end = dir + strlen(dir);
    if (end == dir) continue; /* an empty entry */
    if (!(p = join(dir, (size_t)(end - dir), name))) goto nomem;
    if (access(p, R_OK) == 0) {
      free(first);
      *path = p;
      return PM_SUCCESS;
    }
    if (first) free(p);
    else first = p;
  }
  if (!(p = join(PM_PKGDATADIR, strlen(PM_PKGDATADIR), name))) goto nomem;
  if (first && access(p, R_OK) != 0) {
    free(p);
    p = first;
  } else {
    free(first);
  }
  *path = p;
  return PM_SUCCESS;
nomem:
  free(first);
  return pm_error_nomem();
}
