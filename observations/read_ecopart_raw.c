/* read_ecopart_raw.c: the reader of EcoPart "raw" exports: per cast, a
 * *_PAR_raw_* file (particles per image depth) and a *_ZOO_raw_* file (one
 * classified object per row), with the export's metadata summary.
 *
 * The PAR_raw file gives, on every row of an integer depth d (m), the number
 * of images taken at d.  A bin [k step, (k+1) step) has sampled the volume
 * (sum of those image counts over the distinct depths in the bin) ×
 * acq_volimage (L per image, from the summary), which is the "Sampled volume
 * [L]" of EcoPart's detailed export.  Every bin with images is a sample, with
 * or without objects.  The objects of the ZOO_raw file are counted per bin
 * (by depth_including_offset) and per class (name, with taxo_hierarchy as
 * path).  The objects' sizes (major, minor, esd, area, in pixels of
 * acq_pixel mm from the summary) give the biovolume and carbon summed per
 * bin and class (pm_obs_add_biomass).  Here a row of the report is an
 * object of a ZOO_raw file; the
 * PAR_raw rows only give volumes.  All files are read as Latin-1, the
 * encoding of EcoPart's exports.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "pm_ecopart.h"
#include "pm_error.h"
#include "pm_object_size.h"
#include "pm_text.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define PM_ECOPART_RAW_STEP_M 5.0 /* default depth bin */

/* The filter's decision on an object class, cached by class name. */
typedef struct {
  char *name;
  size_t index; /* class in obs, or SIZE_MAX */
  int reason;   /* drop reason, -1 when kept */
} class_decision;

typedef struct {
  pm_obs *obs;
  const pm_obs_source *src;
  const pm_filter *filter;
  pm_filter_counts *counts;
  const pm_ecopart_meta *meta;
  pm_obs_report *report;
  double step;
  class_decision *decision;
  size_t n_decision, cap_decision;
  pm_carbon_cache carbon;
} raw_reader;

/* The bins of one cast. */
typedef struct {
  double *images; /* images taken at each integer depth, -1 where none */
  size_t n_depth;  /* deepest depth + 1 */
  size_t cap_depth;
  size_t n_bin;
  size_t *sample; /* sample of each bin, SIZE_MAX when none */
  int *reason;    /* why a bin has no sample (a pm_obs_drop) */
} raw_cast;

static void free_cast(raw_cast *c)
{
  free(c->images);
  free(c->sample);
  free(c->reason);
}

static int grow_depths(raw_cast *c, size_t depth)
{
  size_t n = c->cap_depth ? c->cap_depth : 1024, i;
  double *p;

  if (depth >= c->cap_depth) {
    while (n <= depth) n *= 2;
    p = realloc(c->images, n * sizeof *p);
    if (!p) return pm_error_nomem();
    for (i = c->cap_depth; i < n; i++) p[i] = -1;
    c->images = p;
    c->cap_depth = n;
  }
  if (depth >= c->n_depth) c->n_depth = depth + 1;
  return PM_SUCCESS;
}

/* A field that must be a whole number >= 0. */
static int whole_field(const pm_text *t, size_t col, double *x)
{
  int status = pm_text_double(t, col, x);
  if (status) return status;
  if (!(*x >= 0) || *x != floor(*x) || *x > 1e9)
    return pm_text_error(t, PM_EINPUT, col,
                         "%g is not a whole number >= 0", *x);
  return PM_SUCCESS;
}

/* Images per integer depth from a PAR_raw file. */
static int read_par(const char *path, raw_cast *c, pm_obs_report *report)
{
  pm_text *t = NULL;
  size_t col_depth, col_images, d;
  double depth, images;
  int more, status;

  if ((status = pm_text_open(&t, path, '\t', PM_TEXT_LATIN1)) ||
      (status = pm_text_read_header(t)) ||
      (status = pm_text_column(t, "depth", &col_depth)) ||
      (status = pm_text_column(t, "imgcount", &col_images)))
    goto cleanup;
  for (;;) {
    if ((status = pm_text_next(t, &more)) || !more) break;
    if ((status = pm_text_check_width(t)) ||
        (status = whole_field(t, col_depth, &depth)) ||
        (status = whole_field(t, col_images, &images)))
      break;
    d = (size_t)depth;
    if ((status = grow_depths(c, d))) break;
    if (c->images[d] >= 0 && c->images[d] != images) {
      status = pm_text_error(t, PM_EINPUT, col_images,
                             "%g images at %zu m, but %g on an earlier row of "
                             "the same depth",
                             images, d, c->images[d]);
      break;
    }
    c->images[d] = images;
  }
  if (!status && report) {
    report->files_read++;
    report->bytes_read += pm_text_size(t);
  }
cleanup:
  pm_text_free(t);
  return status;
}

/* The samples of a cast: one per bin with images, unless the filter drops
 * it. */
static int make_samples(raw_reader *r, const char *path,
                        const pm_ecopart_cast *cast, raw_cast *c)
{
  size_t b, d, profile = SIZE_MAX;
  double images, top;
  int status;
  char where[64];

  c->n_bin = c->n_depth ? (size_t)floor((double)(c->n_depth - 1) / r->step) + 1
                        : 0;
  c->sample = malloc((c->n_bin + 1) * sizeof *c->sample);
  c->reason = malloc((c->n_bin + 1) * sizeof *c->reason);
  if (!c->sample || !c->reason) return pm_error_nomem();
  for (b = 0; b < c->n_bin; b++) {
    top = (double)b * r->step;
    images = 0;
    for (d = (size_t)ceil(top); d < c->n_depth && (double)d < top + r->step;
         d++)
      if (c->images[d] > 0) images += c->images[d];
    c->sample[b] = SIZE_MAX;
    c->reason[b] = images > 0 ? -1 : PM_DROP_NO_VOLUME;
    if (images > 0 && r->filter)
      c->reason[b] = pm_filter_sample(r->filter, cast->time, top,
                                      top + r->step);
    if (c->reason[b] >= 0) continue;
    if (profile == SIZE_MAX &&
        (status = pm_ecopart_add_profile(r->obs, r->src, r->meta, cast, path,
                                         &profile)))
      return status;
    snprintf(where, sizeof where, "bin %g-%g m", top, top + r->step);
    if ((status = pm_obs_add_sample(r->obs, profile, top, top + r->step,
                                    images * cast->volimage * 1e-3, where,
                                    &c->sample[b])))
      return pm_error_prefix(status, "%s", path);
  }
  return PM_SUCCESS;
}

/* The class of an object: asks the filter once per class name. */
static int object_class(raw_reader *r, const char *name, const char *path,
                        const class_decision **out)
{
  class_decision *d;
  size_t i;
  int status;

  for (i = 0; i < r->n_decision; i++)
    if (strcmp(r->decision[i].name, name) == 0) {
      *out = &r->decision[i];
      return PM_SUCCESS;
    }
  if (r->n_decision == r->cap_decision) {
    size_t cap = r->cap_decision ? 2 * r->cap_decision : 64;
    d = realloc(r->decision, cap * sizeof *d);
    if (!d) return pm_error_nomem();
    r->decision = d;
    r->cap_decision = cap;
  }
  d = &r->decision[r->n_decision];
  if ((status = pm_ecopart_class(r->obs, r->filter, r->counts, name,
                                 *path ? path : NULL, NAN, NAN, &d->index,
                                 &d->reason)))
    return status;
  if (!(d->name = strdup(name))) return pm_error_nomem();
  r->n_decision++;
  *out = d;
  return PM_SUCCESS;
}

typedef struct {
  size_t name, path, status, depth;
  pm_size_columns size;
  double pixel_mm; /* NAN: the objects are not measured */
} zoo_columns;

/* Add the biovolume and carbon of the current row's object to its class
 * and sample. */
static int add_object_biomass(raw_reader *r, const pm_text *t,
                              const zoo_columns *z, size_t k, size_t s)
{
  double v, mgC;
  int status;
  if ((status = pm_size_biovolume(t, &z->size, z->pixel_mm, &v)) ||
      (status = pm_carbon_cache_of(&r->carbon, r->obs, k, v, &mgC)))
    return status;
  return pm_obs_add_biomass(r->obs, k, s, v, mgC);
}

static int zoo_row(raw_reader *r, const pm_text *t, const zoo_columns *z,
                   const raw_cast *c)
{
  const class_decision *d = NULL;
  double depth;
  size_t b;
  int status, reason;

  if ((status = pm_text_check_width(t)) ||
      (status = pm_text_double(t, z->depth, &depth)))
    return status;
  if (depth < 0)
    return pm_text_error(t, PM_EINPUT, z->depth, "depth %g m is negative",
                         depth);
  b = (size_t)floor(depth / r->step);
  if (r->filter && r->filter->validated_only &&
      strcmp(pm_text_field(t, z->status), "V") != 0)
    reason = PM_DROP_STATUS;
  else if (b >= c->n_bin)
    reason = PM_DROP_NO_VOLUME;
  else
    reason = c->reason[b];
  if (reason < 0) {
    if ((status = object_class(r, pm_text_field(t, z->name),
                               pm_text_field(t, z->path), &d)))
      return status;
    reason = d->reason;
  }
  if (reason >= 0) {
    if (r->report) r->report->rows_dropped[reason]++;
    return PM_SUCCESS;
  }
  r->obs->count[d->index][c->sample[b]] += 1;
  if (!isnan(z->pixel_mm) &&
      (status = add_object_biomass(r, t, z, d->index, c->sample[b])))
    return status;
  if (r->report) r->report->rows_kept++;
  return PM_SUCCESS;
}

/* With sizes and a pixel size, every sample of the cast is measured. */
static int find_sizes(raw_reader *r, const pm_text *t, double pixel_mm,
                      const raw_cast *c, zoo_columns *z)
{
  size_t b;
  int status;
  z->pixel_mm = NAN;
  if (!pm_size_columns_find(t, "", &z->size) || isnan(pixel_mm))
    return PM_SUCCESS;
  z->pixel_mm = pixel_mm;
  for (b = 0; b < c->n_bin; b++)
    if (c->sample[b] != SIZE_MAX &&
        (status = pm_obs_mark_sized(r->obs, c->sample[b])))
      return status;
  return PM_SUCCESS;
}

static int read_zoo(raw_reader *r, const char *path, double pixel_mm,
                    const raw_cast *c)
{
  pm_text *t = NULL;
  zoo_columns z;
  int more, status;

  if ((status = pm_text_open(&t, path, '\t', PM_TEXT_LATIN1)) ||
      (status = pm_text_read_header(t)) ||
      (status = pm_text_column(t, "name", &z.name)) ||
      (status = pm_text_column(t, "taxo_hierarchy", &z.path)) ||
      (status = pm_text_column(t, "classif_qual", &z.status)) ||
      (status = pm_text_column(t, "depth_including_offset", &z.depth)) ||
      (status = find_sizes(r, t, pixel_mm, c, &z)))
    goto cleanup;
  for (;;) {
    if ((status = pm_text_next(t, &more)) || !more) break;
    if (r->report) r->report->rows_read++;
    if ((status = zoo_row(r, t, &z, c))) break;
  }
  if (!status && r->report) {
    r->report->files_read++;
    r->report->bytes_read += pm_text_size(t);
  }
cleanup:
  pm_text_free(t);
  return status;
}

/* The ZOO_raw file beside a PAR_raw file: "_PAR_raw_" becomes "_ZOO_raw_". */
int pm_ecopart_zoo_path(const char *par, char **zoo)
{
  const char *base = pm_ecopart_basename(par), *p = NULL, *q;
  struct stat st;

  for (q = strstr(base, "_PAR_raw_"); q; q = strstr(q + 1, "_PAR_raw_")) p = q;
  if (!p)
    return pm_error(PM_EINPUT,
                    "%s: the name does not hold '_PAR_raw_'; the files of an "
                    "EcoPart raw export are the *_PAR_raw_* files",
                    par);
  if (!(*zoo = strdup(par))) return pm_error_nomem();
  memcpy(*zoo + (p - par) + 1, "ZOO", 3);
  if (stat(*zoo, &st) != 0)
    return pm_error(PM_EINPUT,
                    "%s: no ZOO file %s beside it (%s); an EcoPart raw export "
                    "has a *_ZOO_raw_* file for every *_PAR_raw_* file",
                    par, *zoo, strerror(errno));
  return PM_SUCCESS;
}

static int read_cast(void *ctx, const char *path)
{
  raw_reader *r = ctx;
  const pm_ecopart_cast *cast;
  raw_cast c = {0};
  char *zoo = NULL;
  int status;

  if ((status = pm_ecopart_meta_find_file(r->meta, pm_ecopart_basename(path),
                                          &cast)))
    return pm_error_prefix(status, "%s", path);
  if (!((status = pm_ecopart_zoo_path(path, &zoo)) ||
        (status = read_par(path, &c, r->report)) ||
        (status = make_samples(r, path, cast, &c))))
    status = read_zoo(r, zoo, cast->pixel_mm, &c);
  free(zoo);
  free_cast(&c);
  return status;
}

int pm_obs_read_ecopart_raw(pm_obs *obs, const pm_obs_source *src,
                            const pm_filter *filter, pm_filter_counts *counts,
                            pm_obs_report *report,
                            const pm_progress *progress)
{
  raw_reader r = {0};
  pm_ecopart_meta *meta = NULL;
  size_t i;
  int status;

  if ((status = pm_ecopart_meta_of(&meta, src, PM_ECOPART_RAW)))
    return status;
  r.obs = obs;
  r.src = src;
  r.filter = filter;
  r.counts = counts;
  r.meta = meta;
  r.report = report;
  r.step = src->depth_step_m > 0 ? src->depth_step_m : PM_ECOPART_RAW_STEP_M;
  if (!(status = pm_carbon_cache_init(&r.carbon, src->carbon)))
    status = pm_ecopart_each_file(src, progress, read_cast, &r);
  pm_carbon_cache_free(&r.carbon);
  for (i = 0; i < r.n_decision; i++) free(r.decision[i].name);
  free(r.decision);
  pm_ecopart_meta_free(meta);
  return status;
}
