/* pm_datadir.h: where plankmap's installed data files are (the published
 * estimates and trap fluxes of validation/, the coastline of plot/).
 *
 * The folders of $PLANKMAP_DATADIR, a ':'-separated list, are searched in
 * order, then the package's data folder (pkgdatadir, set by the build).
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#ifndef PM_DATADIR_H
#define PM_DATADIR_H

/* The path of the data file `name` (newly allocated, free() it): the first
 * folder that holds a readable `name`.  When none does, the path in the
 * first folder searched, so that opening it fails with an error that names
 * it.  Fails (PM_EIO) only when out of memory. */
int pm_datadir_find(const char *name, char **path);

#endif
