/* filter.c: which classes and samples a run keeps.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "pm_filter.h"
#include "pm_error.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void pm_filter_init(pm_filter *f)
{
  memset(f, 0, sizeof *f);
  f->size_min_mm = 0;
  f->size_max_mm = INFINITY;
  f->depth_min_m = 0;
  f->depth_max_m = INFINITY;
  f->time_min = -INFINITY;
  f->time_max = INFINITY;
}

static void free_patterns(pm_filter_pattern *p, size_t n)
{
  size_t i;
  for (i = 0; i < n; i++) {
    free(p[i].pattern);
    free(p[i].where);
  }
  free(p);
}

void pm_filter_free(pm_filter *f)
{
  size_t i;
  if (!f) return;
  free_patterns(f->keep, f->n_keep);
  for (i = 0; i < f->n_merge; i++) {
    free(f->merge[i].into);
    free_patterns(f->merge[i].from, f->merge[i].n_from);
  }
  free(f->merge);
  pm_filter_init(f);
}

int pm_filter_counts_alloc(pm_filter_counts *c, const pm_filter *f)
{
  size_t i;

  c->n = f->n_keep;
  for (i = 0; i < f->n_merge; i++) c->n += f->merge[i].n_from;
  c->matched = calloc(c->n + 1, sizeof *c->matched);
  return c->matched ? PM_SUCCESS : pm_error_nomem();
}

void pm_filter_counts_free(pm_filter_counts *c)
{
  free(c->matched);
  c->matched = NULL;
  c->n = 0;
}

size_t pm_filter_path_prefix(const char *prefix, const char *path)
{
  size_t n = strlen(prefix);
  if (n > 0 && prefix[n - 1] == '>') n--;
  if (n == 0 || !path || strncmp(path, prefix, n) != 0) return 0;
  return path[n] == '\0' || path[n] == '>' ? n : 0;
}

/* A pattern matches a class of that exact name, or a class whose taxonomic
 * path starts with it on whole components. */
static int pattern_matches(const char *pattern, const char *name,
                           const char *path)
{
  return strcmp(pattern, name) == 0 || pm_filter_path_prefix(pattern, path);
}

/* 1 when one of the n patterns p matches; each that does is counted in
 * matched[] (one count per pattern; NULL: not counted). */
static int match_any(const pm_filter_pattern *p, size_t n, size_t *matched,
                     const char *name, const char *path)
{
  size_t i;
  int hit = 0;
  for (i = 0; i < n; i++)
    if (pattern_matches(p[i].pattern, name, path)) {
      if (matched) matched[i]++;
      hit = 1;
    }
  return hit;
}

int pm_filter_class(const pm_filter *f, pm_filter_counts *counts,
                    const char *name, const char *path, double size_min_mm,
                    double size_max_mm, const char **name_out)
{
  size_t *keep = counts ? counts->matched : NULL;
  size_t *from = keep ? keep + f->n_keep : NULL, i;

  *name_out = name;
  if (!isnan(size_min_mm) &&
      (size_min_mm < f->size_min_mm || size_max_mm > f->size_max_mm))
    return PM_DROP_SIZE;
  for (i = 0; i < f->n_merge; i++) {
    if (match_any(f->merge[i].from, f->merge[i].n_from, from, name, path)) {
      *name_out = f->merge[i].into;
      break;
    }
    if (from) from += f->merge[i].n_from;
  }
  /* A class is kept when the keep list names it, its path, or the class it
   * is merged into. */
  if (f->n_keep > 0 && !match_any(f->keep, f->n_keep, keep, name, path) &&
      (*name_out == name ||
       !match_any(f->keep, f->n_keep, keep, *name_out, NULL)))
    return PM_DROP_CLASS;
  return -1;
}

int pm_filter_sample(const pm_filter *f, double time, double depth_top,
                     double depth_bottom)
{
  double mid = 0.5 * (depth_top + depth_bottom);
  if (mid < f->depth_min_m || mid >= f->depth_max_m) return PM_DROP_DEPTH;
  if (time < f->time_min || time >= f->time_max) return PM_DROP_DATE;
  return -1;
}

static int check_patterns(const pm_filter_pattern *p, size_t n,
                          const size_t *matched, const pm_obs *obs)
{
  char seen[512] = "";
  size_t i, c, len = 0;

  for (i = 0; i < n; i++) {
    if (matched[i]) continue;
    for (c = 0; c < obs->n_classes && len + 64 < sizeof seen; c++)
      len += (size_t)snprintf(seen + len, sizeof seen - len, "%s'%s'",
                              c ? ", " : "", obs->classes[c].name);
    if (c < obs->n_classes) snprintf(seen + len, sizeof seen - len, ", ...");
    return pm_error(PM_EINPUT,
                    "%s: class '%s' matches no class in the observations "
                    "(by name or taxonomic path); classes seen: %s",
                    p[i].where ? p[i].where : "filters", p[i].pattern,
                    obs->n_classes ? seen : "none");
  }
  return PM_SUCCESS;
}

int pm_filter_check_matched(const pm_filter *f, const pm_filter_counts *counts,
                            const pm_obs *obs)
{
  const size_t *from = counts->matched + f->n_keep;
  size_t i;
  int status = check_patterns(f->keep, f->n_keep, counts->matched, obs);
  for (i = 0; i < f->n_merge && !status; i++) {
    status = check_patterns(f->merge[i].from, f->merge[i].n_from, from, obs);
    from += f->merge[i].n_from;
  }
  return status;
}
