/* datadir.c: find a data file in $PLANKMAP_DATADIR's folders, then in the
 * package's installed data folder, then in the source tree the program was
 * built from (so that the program runs from its build folder before
 * `make install`).
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "pm_datadir.h"
#include "pm_error.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Set by the build (common/local.mk): the package's data folder, and the
 * source tree's folders that hold the same files. */
#ifndef PM_PKGDATADIR
#define PM_PKGDATADIR "/usr/local/share/plankmap"
#endif
#ifndef PM_SRCDATADIRS
#define PM_SRCDATADIRS ""
#endif

/* "dir/name" from the first len bytes of dir. */
static char *join(const char *dir, size_t len, const char *name)
{
  size_t size = len + strlen(name) + 2;
  char *p = malloc(size);

  if (p) snprintf(p, size, "%.*s/%s", (int)len, dir, name);
  return p;
}

/* The first folder of the ':'-separated `list` that holds a readable
 * `name`: *path set (allocated) and 1; 0 when none does; -1 when out of
 * memory. */
static int search(const char *list, const char *name, char **path)
{
  const char *dir, *end;

  for (dir = list; *dir; dir = *end ? end + 1 : end) {
    if (!(end = strchr(dir, ':'))) end = dir + strlen(dir);
    if (end == dir) continue; /* an empty entry */
    if (!(*path = join(dir, (size_t)(end - dir), name))) return -1;
    if (access(*path, R_OK) == 0) return 1;
    free(*path);
    *path = NULL;
  }
  return 0;
}

int pm_datadir_find(const char *name, char **path)
{
  const char *env = getenv("PLANKMAP_DATADIR");
  const char *lists[] = {env ? env : "", PM_PKGDATADIR, PM_SRCDATADIRS};
  size_t i;
  int found = 0;

  *path = NULL;
  for (i = 0; i < sizeof lists / sizeof *lists && !found; i++)
    found = search(lists[i], name, path);
  if (found < 0) return pm_error_nomem();
  if (found) return PM_SUCCESS;
  return pm_error(PM_EIO, "data file %s: not found in %s%s%s%s%s; set "
                  "PLANKMAP_DATADIR to the folder that holds it, or run "
                  "`make install`", name, lists[0], *lists[0] ? ":" : "",
                  lists[1], *lists[2] ? ":" : "", lists[2]);
}
