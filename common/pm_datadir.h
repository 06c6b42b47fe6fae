/* pm_datadir.h: where plankmap's installed data files are (the published
 * estimates and trap fluxes of validation/, the coastline of plot/).
 *
 * The folders of $PLANKMAP_DATADIR, a ':'-separated list, are searched in
 * order, then the package's data folder (pkgdatadir, set by the build),
 * then the source tree's validation/ and plot/ folders (so that a program
 * in its build folder finds them before `make install`).
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#ifndef PM_DATADIR_H
#define PM_DATADIR_H

/* The path of the data file `name` (newly allocated, free() it) in the
 * first folder that holds a readable copy.  When none does, an error
 * (PM_EIO) naming the folders searched and PLANKMAP_DATADIR. */
int pm_datadir_find(const char *name, char **path);

#endif
