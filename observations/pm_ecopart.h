/* pm_ecopart.h: pieces shared by the two EcoPart readers (internal header).
 *
 * An EcoPart export holds data files (PAR, ZOO) and one metadata summary
 * that gives, for every cast, its position, date-time, project and the
 * acquisition settings.  The summary of a "detailed" export and that of a
 * "raw" export name their columns differently; both are read into one list
 * of casts.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#ifndef PM_ECOPART_H
#define PM_ECOPART_H

#include <stddef.h>

#include "pm_obs.h"
#include "pm_read.h"

typedef enum { PM_ECOPART_DETAILED, PM_ECOPART_RAW } pm_ecopart_kind;

/* One line of a metadata summary. */
typedef struct {
  char *name;      /* profile name, quotes stripped */
  char *project;   /* project ("Project", or "ptitle" in a raw export) */
  char *par_file;  /* "Particle filename" */
  double time;     /* s since 1970-01-01 UTC */
  double lat, lon; /* degrees; NAN when the summary leaves them empty */
  double volimage; /* raw export: litres imaged per image; else NAN */
  double pixel_mm; /* raw export: side of a pixel (acq_pixel, mm); NAN when
                      the summary leaves it empty, or a detailed export */
  size_t line;     /* line in the summary */
} pm_ecopart_cast;

typedef struct {
  char *path;
  pm_ecopart_cast *cast;
  size_t n;
} pm_ecopart_meta;

/* Read the metadata summary of source `src`; an error naming the source
 * when it names none. */
int pm_ecopart_meta_of(pm_ecopart_meta **meta, const pm_obs_source *src,
                       pm_ecopart_kind kind);
void pm_ecopart_meta_free(pm_ecopart_meta *meta);

/* The cast of that profile name and date-time (a name alone is not a key:
 * EcoPart summaries repeat names).  No such cast, or two of them, is an
 * error. */
int pm_ecopart_meta_find(const pm_ecopart_meta *meta, const char *name,
                         double time, const pm_ecopart_cast **cast);
/* The cast whose "Particle filename" is `file` (a base name). */
int pm_ecopart_meta_find_file(const pm_ecopart_meta *meta, const char *file,
                              const pm_ecopart_cast **cast);

/* Add the profile of a cast to `obs` (checks that it has a position);
 * `origin` ("file:line") is where its first sample was read. */
int pm_ecopart_add_profile(pm_obs *obs, const pm_obs_source *src,
                           const pm_ecopart_meta *meta,
                           const pm_ecopart_cast *cast, const char *origin,
                           size_t *index);

/* Parse an EcoPart size-class column name, "LPM (1-1.26 µm) [# l-1]",
 * "LPM (0.813-1.02 mm) [# l-1]" or "LPM (>26 mm) [# l-1]": *label_len is
 * the length of the class name (up to the closing parenthesis, "LPM (1-1.26
 * µm)"), and the bounds are in mm (INFINITY above an open class).  Returns 0,
 * or -1 when the name is not a size class. */
int pm_ecopart_size_class(const char *column, size_t *label_len,
                          double *min_mm, double *max_mm);

/* Ask the filter about a class (counting its patterns that match in
 * `counts`, as pm_filter_class) and find (or add) the class its objects are
 * counted in: *index is the class, or SIZE_MAX when the filter drops it,
 * with the reason in *reason.  A merged size class spans its members.  A
 * NULL filter keeps everything. */
int pm_ecopart_class(pm_obs *obs, const pm_filter *filter,
                     pm_filter_counts *counts, const char *name,
                     const char *path, double min_mm, double max_mm,
                     size_t *index, int *reason);

/* Call fn(ctx, path) for every file of `src` in turn, reporting progress
 * ("reading <file>", bytes done, bytes of all files) before each. */
typedef int (*pm_ecopart_file_fn)(void *ctx, const char *path);
int pm_ecopart_each_file(const pm_obs_source *src, const pm_progress *progress,
                         pm_ecopart_file_fn fn, void *ctx);
const char *pm_ecopart_basename(const char *path);

/* The *_ZOO_raw_* file beside a *_PAR_raw_* file (allocated); an error when
 * the name has no "_PAR_raw_" or the ZOO file is not there. */
int pm_ecopart_zoo_path(const char *par, char **zoo);

#endif
