/* pm_nc.h: the NetCDF helpers every reader and writer of plankmap shares:
 * errors turned into text, the atomic creation of a file, the global
 * attributes of provenance.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#ifndef PM_NC_H
#define PM_NC_H

#include "pm_ncwrite.h"

/* Record "PATH: NetCDF error while WHAT: <nc_strerror>" and return PM_EIO,
 * or PM_EINPUT when the file is not NetCDF (NC_ENOTNC). */
int pm_nc_fail(int rc, const char *path, const char *what);

/* Create the NetCDF-4 file `path` under a temporary name, let `write` fill
 * it (ncid open in define mode), close it and rename it into place; on any
 * error nothing is left and an existing file is untouched. */
int pm_nc_create_atomic(const char *path, int (*write)(int ncid, void *arg),
                        void *arg);

/* Run a netCDF call; on failure record the error and go to `cleanup`.  Needs
 * `int status` and `const char *path` in scope. */
#define PM_NC_TRY(call, what)                                                  \
  do {                                                                         \
    int pm_nc_rc_ = (call);                                                    \
    if (pm_nc_rc_ != NC_NOERR) {                                               \
      status = pm_nc_fail(pm_nc_rc_, path, what);                              \
      goto cleanup;                                                            \
    }                                                                          \
  } while (0)

/* The provenance of any output (global attributes): history (the date,
 * plankmap's version and the command), date_created, plankmap_version, the
 * scenario file's path and text, and the input files with their SHA-256
 * ("sha256  path" lines, as sha256sum prints them). */
int pm_nc_put_provenance(int ncid, const char *path, const pm_nc_meta *meta);

/* The global attributes (CF, ACDD, provenance) of an observations file. */
int pm_nc_put_global_attrs(int ncid, const char *path, const pm_grid *g,
                           const pm_bin *b, const pm_nc_meta *meta);

#endif
