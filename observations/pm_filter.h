/* pm_filter.h: which observations a run keeps.
 *
 * Classes are kept or merged by name or by taxonomic path prefix; size
 * classes by a size window; objects by annotation status; samples by depth
 * and date ranges.  Readers ask the filter about every class and sample as
 * they read, and count what it leaves out.  The filter itself (a scenario's)
 * stays const: the classes each of its patterns matched are counted in a
 * pm_filter_counts that the caller owns.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#ifndef PM_FILTER_H
#define PM_FILTER_H

#include <stddef.h>

#include "pm_obs.h"

/* A class name or path prefix as written in the config, with where it was
 * written ("demo.cfg:42: filters.classes.keep[1]") for error messages. */
typedef struct {
  char *pattern; /* exact class name, or a path prefix ending in '>' or
                    matching whole path components ("living>Rhizaria") */
  char *where;
} pm_filter_pattern;

typedef struct {
  char *into;                /* name of the merged class */
  pm_filter_pattern *from;   /* names or path prefixes merged into it */
  size_t n_from;
} pm_filter_merge;

typedef struct {
  pm_filter_pattern *keep; /* when n_keep > 0, only these classes are kept */
  size_t n_keep;
  pm_filter_merge *merge;
  size_t n_merge;
  double size_min_mm, size_max_mm; /* a size class is kept when it lies
                                      inside [min, max]; default 0, INFINITY */
  int validated_only;              /* EcoTaxa: status 'validated' only */
  double depth_min_m, depth_max_m; /* a sample is kept when its mid-depth
                                      lies in [min, max) */
  double time_min, time_max;       /* s since 1970; a sample is kept when
                                      time_min <= t < time_max */
} pm_filter;

/* A filter that keeps everything. */
void pm_filter_init(pm_filter *f);
void pm_filter_free(pm_filter *f); /* frees the arrays and strings */

/* The classes each keep and merge pattern of a filter matched while
 * reading: matched[k] for its k-th pattern, the keep patterns first, then
 * the from patterns of each merge in order. */
typedef struct {
  size_t *matched;
  size_t n;
} pm_filter_counts;

/* Counts at zero for the patterns of `f`; free with pm_filter_counts_free. */
int pm_filter_counts_alloc(pm_filter_counts *c, const pm_filter *f);
void pm_filter_counts_free(pm_filter_counts *c);

/* Decide about a class as read: on keep, *name_out is the class to count it
 * in (its own name, or the merged class's) and the function returns -1; else
 * it returns the pm_obs_drop reason.  The patterns that match it are counted
 * in `counts` (those of `f`; NULL: not counted).  `path` may be NULL; size
 * bounds NAN for a taxon. */
int pm_filter_class(const pm_filter *f, pm_filter_counts *counts,
                    const char *name, const char *path, double size_min_mm,
                    double size_max_mm, const char **name_out);

/* -1 to keep a sample, else the pm_obs_drop reason. */
int pm_filter_sample(const pm_filter *f, double time, double depth_top,
                     double depth_bottom);

/* After reading: every keep or merge pattern must have matched a class (as
 * `counts` of `f` say); the error names the pattern, where it was written,
 * and the classes seen. */
int pm_filter_check_matched(const pm_filter *f, const pm_filter_counts *counts,
                            const pm_obs *obs);

/* The length of `prefix` as a prefix of taxonomic path `path` on whole
 * '>' components (a trailing '>' in the prefix is ignored), or 0 when it is
 * not one (or path is NULL): "living>Rhizaria" matches
 * "living>Rhizaria>Phaeodaria" but not "living>Rhizariax". */
size_t pm_filter_path_prefix(const char *prefix, const char *path);

#endif
