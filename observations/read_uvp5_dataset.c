/* read_uvp5_dataset.c: the reader of the global UVP5 data set of Panaïotis,
 * Irisson et al. (format "uvp5-dataset"): tab-separated UTF-8 files, gzip-
 * compressed, joined on sample_id:
 *   samples.tsv.gz         one row per profile: sample_id, sample_name,
 *                          project, lat, lon, datetime (ISO 8601, UTC);
 *   samples_volume.tsv.gz  the water imaged in each depth bin of a profile:
 *                          sample_id, mid_depth_bin (m), water_volume_imaged
 *                          (L);
 *   objects.tsv.gz         one classified object per row: sample_id,
 *                          depth (optional), mid_depth_bin, group and
 *                          group_lineage, or taxon and lineage (the
 *                          source's class_by = "taxon"), and the sizes in
 *                          real units area_mm2, major_mm, minor_mm.
 * The source names them as `metadata`, `volume_table` and `files`.  A sample
 * of the observation table is a depth bin of a profile: the data set's 5 m
 * bin (mid_depth_bin plus or minus 2.5 m), or with depth_step a multiple of
 * 5 m the bin of that size that holds it ([0, step), [step, 2 step) ...),
 * whose volumes and counts are the sums of its 5 m bins'.  Its objects are
 * counted per `group`, the classification that is consistent across the
 * data set, with group_lineage ("a/b/c") as the taxonomic path ("a>b>c"),
 * or per original `taxon` with its `lineage`; the filters' keep and merge
 * patterns (names, path prefixes) apply to either.  An object of a bin with
 * no volume is left out (no volume); one whose depth lies outside its bin
 * is an error.  When the objects table has sizes in mm (major_mm and
 * minor_mm, esd_mm or area_mm2), the objects' biovolume and carbon are
 * summed per bin and class (pm_obs_add_biomass).  The UVP model and pixel
 * size of samples.tsv are kept with each profile.
 * The source's `projects` and `uvp_models` (samples.tsv's project and
 * uvp_model), when given, keep the profiles of those alone; the objects of
 * the others are counted as left out (PM_DROP_PROFILE).
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "pm_class_map.h"
#include "pm_error.h"
#include "pm_object_size.h"
#include "pm_read.h"
#include "pm_text.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define UVP5_STEP_M 5.0              /* the data set's depth bins */
#define UVP5_PROGRESS (4u << 20)     /* report progress every 4 MB */
#define UVP5_EPS 1e-6                /* m: rounding of written depths */

/* A 5 m bin of a profile: its number and its index in the reader's bins. */
typedef struct {
  long number;
  size_t bin;
} uvp5_bin_ref;

/* A profile of samples.tsv: where and when, its index in obs once one of
 * its bins is kept, and its bins by increasing number (a search in them
 * stays within the cast's few cache lines, where a hash of all the bins
 * of the data set would miss the cache). */
typedef struct {
  char *name, *project, *origin;
  char *model;     /* uvp_model, NULL when the table has none */
  double time, lat, lon;
  double pixel_mm; /* 0 when unknown */
  int kept;        /* of a project and UVP model the source keeps */
  size_t index;
  uvp5_bin_ref *bins;
  size_t n_bins, cap_bins;
} uvp5_profile;

/* The value last found under a key: consecutive rows mostly share their
 * profile, whose lookup it saves. */
typedef struct {
  char key[512];
  size_t value;
  int set; /* 0 while no key fitted */
} uvp5_memo;

/* A depth bin of samples_volume.tsv: its sample, or why it has none. */
typedef struct {
  size_t sample;
  size_t profile; /* in the reader's profiles */
  int reason;     /* a pm_obs_drop, -1 when kept */
} uvp5_bin;

typedef struct {
  pm_obs *obs;
  const pm_obs_source *src;
  const pm_filter *filter;
  pm_filter_counts *counts;
  pm_obs_report *report;
  const pm_progress *progress;
  double step;
  pm_strmap *profile_of; /* sample_id -> profile */
  uvp5_profile *profile;
  size_t n_profile, cap_profile;
  pm_strmap *sample_of; /* "sample_id top" of a depth_step bin -> sample */
  uvp5_bin *bin;
  size_t n_bin, cap_bin;
  pm_class_map *classes;
  uvp5_memo last_profile;
  char *path; /* a group_lineage with '>' separators */
  size_t path_cap;
  int sized;            /* the objects table being read has sizes */
  pm_size_columns size; /* its size columns */
  pm_carbon_cache carbon;
} uvp5_reader;

/* The value of `key` in `map` (SIZE_MAX when absent), through memo m. */
static size_t find(uvp5_memo *m, const pm_strmap *map, const char *key)
{
  size_t n;
  if (m->set && strcmp(m->key, key) == 0) return m->value;
  m->value = pm_strmap_find(map, key);
  n = strlen(key);
  m->set = n < sizeof m->key;
  if (m->set) memcpy(m->key, key, n + 1);
  return m->value;
}

/* Make room for one more element of an array of `size`-byte elements. */
static int grow(void **a, size_t *cap, size_t n, size_t size)
{
  size_t c = *cap ? 2 * *cap : 16;
  void *p;
  if (n < *cap) return PM_SUCCESS;
  if (!(p = realloc(*a, c * size))) return pm_error_nomem();
  *a = p;
  *cap = c;
  return PM_SUCCESS;
}

/* Account for a file read to its end. */
static void file_read(uvp5_reader *r, const pm_text *t)
{
  r->report->files_read++;
  r->report->bytes_read += pm_text_offset(t);
}

static int open_table(pm_text **t, const char *path)
{
  int status = pm_text_open(t, path, '\t', PM_TEXT_UTF8);
  if (!status) status = pm_text_read_header(*t);
  return status;
}

/* The optional pixel_size (mm) of the current row; 0 when absent. */
static int pixel_size(const pm_text *t, size_t col, double *mm)
{
  int status;
  *mm = 0;
  if (col == SIZE_MAX) return PM_SUCCESS;
  if ((status = pm_text_double_opt(t, col, mm))) return status;
  if (isnan(*mm)) *mm = 0;
  else if (*mm <= 0)
    return pm_text_error(t, PM_EINPUT, col, "pixel size %g mm is not "
                         "positive", *mm);
  return PM_SUCCESS;
}

/* 1 when `value` is one of list[0..n), or the list is empty. */
static int listed(char *const *list, size_t n, const char *value)
{
  for (size_t i = 0; i < n; i++)
    if (strcmp(list[i], value) == 0) return 1;
  return n == 0;
}

/* `prefix`, `sep` and the digits of k into s (size bytes, the prefix cut to
 * fit), written without printf, which a row per object would feel. */
static void join_number(char *s, size_t size, const char *prefix, char sep,
                        size_t k)
{
  char digits[24];
  size_t n = strlen(prefix), m = 0;
  if (n > size - sizeof digits - 2) n = size - sizeof digits - 2;
  memcpy(s, prefix, n);
  s[n++] = sep;
  do digits[m++] = (char)('0' + k % 10);
  while ((k /= 10) > 0);
  while (m > 0) s[n++] = digits[--m];
  s[n] = '\0';
}

/* The key of a bin: sample_id and the bin's number k >= 0 (so that "2.5"
 * and "2.50" are one bin). */
static void bin_key(char *key, size_t size, const char *id, long k)
{
  join_number(key, size, id, '\t', (size_t)k);
}

/* Where the current row is: "file:line". */
static void row_origin(char *where, size_t size, const pm_text *t)
{
  join_number(where, size, pm_text_path(t), ':', pm_text_line(t));
}

/* The profile of the current row of samples.tsv. */
static int profile_row(uvp5_reader *r, const pm_text *t, const size_t *col)
{
  uvp5_profile *p;
  char where[4200];
  int status;

  if ((status = pm_text_check_width(t))) return status;
  if (pm_strmap_find(r->profile_of, pm_text_field(t, col[0])) != SIZE_MAX)
    return pm_text_error(t, PM_EINPUT, col[0], "sample_id '%s' given twice",
                         pm_text_field(t, col[0]));
  if ((status = grow((void **)&r->profile, &r->cap_profile, r->n_profile,
                     sizeof *r->profile)))
    return status;
  p = &r->profile[r->n_profile];
  memset(p, 0, sizeof *p);
  p->index = SIZE_MAX;
  if ((status = pm_text_double(t, col[3], &p->lat)) ||
      (status = pm_text_double(t, col[4], &p->lon)) ||
      (status = pixel_size(t, col[6], &p->pixel_mm)))
    return status;
  if (pm_parse_datetime(pm_text_field(t, col[5]), &p->time))
    return pm_text_error(t, PM_EINPUT, col[5],
                         "'%s' is not an ISO 8601 date-time",
                         pm_text_field(t, col[5]));
  p->kept = listed(r->src->projects, r->src->n_projects,
                   pm_text_field(t, col[2])) &&
            listed(r->src->uvp_models, r->src->n_uvp_models,
                   col[7] == SIZE_MAX ? "" : pm_text_field(t, col[7]));
  row_origin(where, sizeof where, t);
  p->name = strdup(pm_text_field(t, col[1]));
  p->project = strdup(pm_text_field(t, col[2]));
  p->origin = strdup(where);
  if (col[7] != SIZE_MAX) p->model = strdup(pm_text_field(t, col[7]));
  r->n_profile++; /* freed with the others, even when a copy failed */
  if (!p->name || !p->project || !p->origin ||
      (col[7] != SIZE_MAX && !p->model))
    return pm_error_nomem();
  return pm_strmap_insert(r->profile_of, pm_text_field(t, col[0]),
                          r->n_profile - 1);
}

static int read_samples(uvp5_reader *r, const char *path)
{
  static const char *const names[] = {"sample_id", "sample_name", "project",
                                      "lat",       "lon",         "datetime"};
  pm_text *t = NULL;
  size_t col[8], i;
  int more = 1, status = open_table(&t, path);

  for (i = 0; i < 6 && !status; i++)
    status = pm_text_column(t, names[i], &col[i]);
  if (!status) col[6] = pm_text_column_opt(t, "pixel_size");
  if (!status) col[7] = pm_text_column_opt(t, "uvp_model");
  if (!status && col[7] == SIZE_MAX && r->src->n_uvp_models > 0)
    status = pm_error(PM_EINPUT, "%s: no uvp_model column, so the source "
                      "'%s' cannot keep the profiles of uvp_models",
                      path, r->src->name);
  while (!status && (status = pm_text_next(t, &more)) == 0 && more)
    status = profile_row(r, t, col);
  if (!status) file_read(r, t);
  pm_text_free(t);
  return status;
}

/* The number k of the 5 m bin [5 k, 5 k + 5) whose middle is the current
 * row's mid_depth_bin (column col), read into *mid: 2.5 is the bin from 0
 * to 5 m; a depth that is no bin's middle is an error. */
static int bin_number(const pm_text *t, size_t col, double *mid, long *k)
{
  int status = pm_text_double(t, col, mid);
  if (status) return status;
  if (!(*mid >= UVP5_STEP_M / 2 - UVP5_EPS && *mid < 1e7) ||
      fabs(remainder(*mid - UVP5_STEP_M / 2, UVP5_STEP_M)) > UVP5_EPS)
    return pm_text_error(t, PM_EINPUT, col, "%g m is not the middle of a "
                         "5 m bin (2.5, 7.5, 12.5 ...)", *mid);
  *k = lround((*mid - UVP5_STEP_M / 2) / UVP5_STEP_M);
  return PM_SUCCESS;
}

/* The profile of a bin, added to obs with its first kept bin. */
static int bin_profile(uvp5_reader *r, uvp5_profile *p, size_t *index)
{
  pm_obs_profile q = {0};
  int status;

  if (p->index == SIZE_MAX) {
    q.source = r->src->name;
    q.name = p->name;
    q.project = p->project;
    q.time = p->time;
    q.lat = p->lat;
    q.lon = p->lon;
    q.origin = p->origin;
    q.instrument = p->model;
    q.pixel_mm = p->pixel_mm;
    if ((status = pm_obs_add_profile(r->obs, &q, &p->index))) return status;
  }
  *index = p->index;
  return PM_SUCCESS;
}

/* Where bin `number` is in p's bins, or would go. */
static size_t bin_position(const uvp5_profile *p, long number)
{
  size_t lo = 0, hi = p->n_bins, mid;
  while (lo < hi) {
    mid = lo + (hi - lo) / 2;
    if (p->bins[mid].number < number) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/* The bin `number` of profile p, SIZE_MAX when it has none. */
static size_t profile_bin(const uvp5_profile *p, long number)
{
  size_t i = bin_position(p, number);
  return i < p->n_bins && p->bins[i].number == number ? p->bins[i].bin
                                                      : SIZE_MAX;
}

/* Add bin `bin`, numbered `number`, to profile p, which lacks it. */
static int add_profile_bin(uvp5_profile *p, long number, size_t bin)
{
  size_t i = bin_position(p, number);
  int status = grow((void **)&p->bins, &p->cap_bins, p->n_bins,
                    sizeof *p->bins);
  if (status) return status;
  memmove(p->bins + i + 1, p->bins + i, (p->n_bins - i) * sizeof *p->bins);
  p->bins[i].number = number;
  p->bins[i].bin = bin;
  p->n_bins++;
  return PM_SUCCESS;
}

/* The bin of the current row of samples_volume.tsv: a sample unless the
 * filter leaves it out. */
static int bin_row(uvp5_reader *r, const pm_text *t, const size_t *col)
{
  const char *id = pm_text_field(t, col[0]);
  size_t k = find(&r->last_profile, r->profile_of, id), profile;
  double mid, litres, top;
  long number, top_number;
  uvp5_bin *b;
  char key[512], where[4200];
  int status, joined;

  if ((status = pm_text_check_width(t)) ||
      (status = pm_text_double(t, col[2], &litres)))
    return status;
  if (k == SIZE_MAX)
    return pm_text_error(t, PM_EINPUT, col[0],
                         "sample_id '%s' is not in the samples table", id);
  if ((status = bin_number(t, col[1], &mid, &number))) return status;
  if (!(litres > 0))
    return pm_text_error(t, PM_EINPUT, col[2], "the bin at %g m of "
                         "sample_id '%s' has no volume imaged (%g L)", mid,
                         id, litres);
  if (profile_bin(&r->profile[k], number) != SIZE_MAX)
    return pm_text_error(t, PM_EINPUT, col[1],
                         "the bin at %g m of sample_id '%s' is given twice",
                         mid, id);
  if ((status = grow((void **)&r->bin, &r->cap_bin, r->n_bin, sizeof *r->bin)))
    return status;
  b = &r->bin[r->n_bin];
  /* the depth_step bin of the 5 m bin (the 5 m bin itself by default) */
  top_number = (long)floor(number * UVP5_STEP_M / r->step + 1e-9);
  top = r->step * (double)top_number;
  b->profile = k;
  b->reason = !r->profile[k].kept
                  ? PM_DROP_PROFILE
                  : pm_filter_sample(r->filter, r->profile[k].time, top,
                                     top + r->step);
  /* with 5 m samples, each bin (given once) is a sample of its own */
  joined = r->step > UVP5_STEP_M + UVP5_EPS;
  bin_key(key, sizeof key, id, top_number);
  b->sample = b->reason < 0 && joined ? pm_strmap_find(r->sample_of, key)
                                      : SIZE_MAX;
  if (b->reason < 0 && b->sample != SIZE_MAX) {
    r->obs->volume_m3[b->sample] += litres * 1e-3; /* volumes add */
  } else if (b->reason < 0) {
    row_origin(where, sizeof where, t);
    if ((status = bin_profile(r, &r->profile[k], &profile)) ||
        (status = pm_obs_add_sample(r->obs, profile, top, top + r->step,
                                    litres * 1e-3, where, &b->sample)) ||
        (joined && (status = pm_strmap_insert(r->sample_of, key, b->sample))))
      return status;
  }
  return add_profile_bin(&r->profile[k], number, r->n_bin++);
}

static int read_volumes(uvp5_reader *r, const char *path)
{
  static const char *const names[] = {"sample_id", "mid_depth_bin",
                                      "water_volume_imaged"};
  pm_text *t = NULL;
  size_t col[3], i;
  int more = 1, status = open_table(&t, path);

  for (i = 0; i < 3 && !status; i++)
    status = pm_text_column(t, names[i], &col[i]);
  while (!status && (status = pm_text_next(t, &more)) == 0 && more)
    status = bin_row(r, t, col);
  if (!status) file_read(r, t);
  pm_text_free(t);
  return status;
}

/* group_lineage with '>' between the levels, as the other readers' paths. */
static int lineage_path(uvp5_reader *r, const char *lineage, const char **path)
{
  size_t n = strlen(lineage) + 1, i;
  if (n > r->path_cap) {
    char *p = realloc(r->path, n);
    if (!p) return pm_error_nomem();
    r->path = p;
    r->path_cap = n;
  }
  for (i = 0; i < n; i++) r->path[i] = lineage[i] == '/' ? '>' : lineage[i];
  *path = n > 1 ? r->path : NULL;
  return PM_SUCCESS;
}

/* With sizes in mm, every sample of a kept bin is measured. */
static int find_sizes(uvp5_reader *r, const pm_text *t)
{
  size_t k;
  int status;
  r->sized = pm_size_columns_find_mm(t, &r->size);
  for (k = 0; k < r->n_bin && r->sized; k++)
    if (r->bin[k].sample != SIZE_MAX &&
        (status = pm_obs_mark_sized(r->obs, r->bin[k].sample)))
      return status;
  return PM_SUCCESS;
}

/* Add the biovolume and carbon of the current row's object, of class c, to
 * its bin's sums when it is measured. */
static int add_biomass(uvp5_reader *r, const pm_text *t, size_t c,
                       const uvp5_bin *b)
{
  double v, mgC;
  int status;
  if (!r->sized) return PM_SUCCESS;
  if ((status = pm_size_biovolume(t, &r->size, 1.0, &v)) ||
      (status = pm_carbon_cache_of(&r->carbon, r->obs, c, v, &mgC)))
    return status;
  return pm_obs_add_biomass(r->obs, c, b->sample, v, mgC);
}

/* The optional depth (column col) of an object lies in its bin. */
static int check_depth(const pm_text *t, size_t col, double mid)
{
  double z;
  int status;
  if (col == SIZE_MAX) return PM_SUCCESS;
  if ((status = pm_text_double_opt(t, col, &z))) return status;
  if (fabs(z - mid) > UVP5_STEP_M / 2 + UVP5_EPS)
    return pm_text_error(t, PM_EINPUT, col, "depth %g m is outside its bin "
                         "%g-%g m (mid_depth_bin %g)", z,
                         mid - UVP5_STEP_M / 2, mid + UVP5_STEP_M / 2, mid);
  return PM_SUCCESS;
}

/* Count the object of the current row of objects.tsv in its bin and class;
 * col: sample_id, mid_depth_bin, class name, lineage, depth. */
static int object_row(uvp5_reader *r, const pm_text *t, const size_t *col)
{
  const char *id = pm_text_field(t, col[0]), *path = NULL;
  double mid;
  long number;
  size_t p, k, c = SIZE_MAX;
  int status, drop;

  if ((status = pm_text_check_width(t)) ||
      (status = bin_number(t, col[1], &mid, &number)) ||
      (status = check_depth(t, col[4], mid)))
    return status;
  if ((p = find(&r->last_profile, r->profile_of, id)) == SIZE_MAX)
    return pm_text_error(t, PM_EINPUT, col[0], "sample_id '%s' is not in "
                         "the samples table", id);
  k = profile_bin(&r->profile[p], number);
  drop = k == SIZE_MAX ? PM_DROP_NO_VOLUME : r->bin[k].reason;
  if (drop < 0 &&
      ((status = lineage_path(r, pm_text_field(t, col[3]), &path)) ||
       (status = pm_class_map_lookup(r->classes, r->obs, r->filter,
                                     r->counts, pm_text_field(t, col[2]),
                                     path, NAN, NAN, &c, &drop))))
    return status;
  if (drop >= 0) {
    r->report->rows_dropped[drop]++;
    return PM_SUCCESS;
  }
  r->obs->count[c][r->bin[k].sample] += 1;
  r->report->rows_kept++;
  return add_biomass(r, t, c, &r->bin[k]);
}

static int read_objects(uvp5_reader *r, const char *path)
{
  static const char *const names[2][4] = {
      {"sample_id", "mid_depth_bin", "group", "group_lineage"},
      {"sample_id", "mid_depth_bin", "taxon", "lineage"}};
  pm_text *t = NULL;
  size_t col[5], i;
  uint64_t next_report = UVP5_PROGRESS;
  int more = 1, status = open_table(&t, path);

  for (i = 0; i < 4 && !status; i++)
    status = pm_text_column(t, names[r->src->by_taxon != 0][i], &col[i]);
  if (!status) col[4] = pm_text_column_opt(t, "depth");
  if (!status) status = find_sizes(r, t);
  while (!status && (status = pm_text_next(t, &more)) == 0 && more) {
    r->report->rows_read++;
    status = object_row(r, t, col);
    if (pm_text_offset(t) >= next_report) {
      pm_progress_report(r->progress, path, pm_text_offset(t),
                         pm_text_size(t));
      next_report += UVP5_PROGRESS;
    }
  }
  if (!status) pm_progress_report(r->progress, path, pm_text_size(t),
                                  pm_text_size(t)); /* the bar at 100% */
  if (!status) file_read(r, t);
  pm_text_free(t);
  return status;
}

static void free_reader(uvp5_reader *r)
{
  size_t i;
  for (i = 0; i < r->n_profile; i++) {
    free(r->profile[i].name);
    free(r->profile[i].project);
    free(r->profile[i].origin);
    free(r->profile[i].model);
    free(r->profile[i].bins);
  }
  free(r->profile);
  free(r->bin);
  free(r->path);
  pm_strmap_free(r->profile_of);
  pm_strmap_free(r->sample_of);
  pm_class_map_free(r->classes);
  pm_carbon_cache_free(&r->carbon);
}

int pm_obs_read_uvp5_dataset(pm_obs *obs, const pm_obs_source *src,
                             const pm_filter *filter, pm_filter_counts *counts,
                             pm_obs_report *report,
                             const pm_progress *progress)
{
  uvp5_reader r = {0};
  size_t i;
  int status;

  if (!src->metadata || !src->volume_table)
    return pm_error(PM_EINPUT, "observation source '%s': a uvp5-dataset "
                    "source names its samples table (metadata) and its "
                    "samples_volume table (volume_table)", src->name);
  r.obs = obs;
  r.src = src;
  r.filter = filter;
  r.counts = counts;
  r.report = report;
  r.progress = progress;
  r.step = src->depth_step_m > 0 ? src->depth_step_m : UVP5_STEP_M;
  if (fabs(r.step / UVP5_STEP_M - round(r.step / UVP5_STEP_M)) > 1e-9)
    return pm_error(PM_EINPUT, "observation source '%s': depth_step = %g: "
                    "the bins of a uvp5-dataset source join the data set's "
                    "5 m bins, so depth_step is a multiple of 5", src->name,
                    r.step);
  if (!(status = pm_carbon_cache_init(&r.carbon, src->carbon)) &&
      !(status = pm_strmap_alloc(&r.sample_of)) &&
      !(status = pm_strmap_alloc(&r.profile_of)) &&
      !(status = pm_class_map_alloc(&r.classes)) &&
      !(status = read_samples(&r, src->metadata)))
    status = read_volumes(&r, src->volume_table);
  for (i = 0; i < src->n_files && !status; i++)
    status = read_objects(&r, src->files[i]);
  free_reader(&r);
  return status;
}
