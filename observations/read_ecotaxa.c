/* read_ecotaxa.c: EcoTaxa TSV exports (one object per row) to counts per
 * sample and class.
 *
 * The columns are those of EcoTaxa's TSV export (ecotaxa_back, "export
 * general"): object_lat, object_lon, object_date (YYYYMMDD), object_time
 * (HHMMSS), object_depth_min, object_depth_max, object_annotation_status
 * (validated, predicted, dubious), object_annotation_category,
 * object_annotation_hierarchy ("living>...>Copepoda"), sample_id,
 * sample_tot_vol, acq_sub_part, and an optional sample_project.  Older exports
 * have a second line of type markers ([t], [f]), which is skipped.
 *
 * A sample is an EcoTaxa sample (sample_id), one profile per sample:
 *  - position and time are those of the sample's objects, which must agree
 *    (an object at another position or date-time than its sample's first is
 *    an error naming both lines);
 *  - the depth range runs from the smallest object_depth_min to the largest
 *    object_depth_max of its objects; when that is a single depth d (one
 *    object, or all at one depth) the sample is the 1 m layer centred on d
 *    (clipped at the surface), so that its mid-depth stays d;
 *  - the volume, in the order tried: the source's volume table (sample_id,
 *    volume_L or volume_m3), else sample_tot_vol / acq_sub_part.  In net
 *    exports sample_tot_vol is the volume filtered by the net (m3) and the
 *    objects were counted in a fraction 1/acq_sub_part of it (Zooscan
 *    "motoda" split; concentration = acq_sub_part / sample_tot_vol per object,
 *    Gorsky et al. 2010, J. Plankton Res. 32:285-303).  When
 *    the acquisitions of one sample (size fractions d1, d2) have different
 *    acq_sub_part, each object counts acq_sub_part / s0 objects, s0 being the
 *    acq_sub_part of the sample's first object, and the volume is
 *    sample_tot_vol / s0: the concentration is exact, the counts are then not
 *    whole numbers.  An acq_sub_part column that is absent means 1.  A
 *    volume table gives the volume in which the objects were counted: with
 *    it the objects are not weighted.
 * Empty cells, NaN, NA and the placeholders 99999 and 999999 are missing
 * values, never volumes.  With no volume table a missing sample_tot_vol or
 * acq_sub_part is an error naming the row; with a volume table a sample that
 * has neither is left out (PM_DROP_NO_VOLUME).
 *
 * With the size columns object_major and object_minor, object_esd or
 * object_area (pixels) and a pixel size (acq_pixel, the UVP5 column, or
 * process_particle_pixel_size_mm, the ZooScan one; mm), each object's
 * biovolume and carbon (pm_size_biovolume, the source's carbon table) are
 * summed per sample and class, weighted like its count.
 *
 * An object_id read twice (in one file or in two files of the source: an
 * export given twice, or two exports that overlap) is an error naming both
 * lines, as its object would be counted twice.
 *
 * Objects with an empty category (not classified), and with
 * filter->validated_only those whose status is not 'validated', are left out
 * (PM_DROP_STATUS) but still belong to their sample: a sample whose objects are
 * all left out is a sample with zero counts.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "pm_class_map.h"
#include "pm_error.h"
#include "pm_object_size.h"
#include "pm_read.h"
#include "pm_text.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PROGRESS_STEP (16u << 20)

/* One sample as it is aggregated while the file streams. */
typedef struct {
  char *name, *project;
  char *where; /* "file:line" of its first object */
  double lat, lon, time;
  double top, bottom;
  double tot_vol, sub_part; /* m3 and the first object's split; NAN: missing */
  double *count;            /* per class index of obs */
  double *biovolume, *carbon; /* mm3 and mg C per class, when sized */
  double *predicted; /* objects only predicted per class, with a classifier */
  size_t n_count;
  int sized; /* its objects were measured */
  uint64_t rows; /* objects counted */
} sample;

typedef struct {
  size_t object_id, sample_id, project, lat, lon, date, time, depth_min,
      depth_max, status, category, hierarchy, tot_vol, sub_part;
  pm_size_columns size;
  size_t pixel; /* pixel size (mm); SIZE_MAX: objects not measured */
} columns;

typedef struct {
  pm_obs *obs;
  const pm_obs_source *src;
  const pm_filter *filter;
  pm_filter_counts *counts;
  pm_obs_report *report;
  const pm_progress *progress;
  pm_class_map *classes;
  pm_strmap *sample_index;
  pm_idset *object_ids;  /* object_id of every object read */
  char *const *files;    /* the source's files, *file the one being read */
  uint32_t file;
  sample *samples;
  size_t n_samples, cap_samples;
  size_t last; /* the previous row's sample: rows of a sample come together */
  pm_strmap *volume_index; /* volume table: sample_id -> index in volume */
  double *volume;
  size_t n_volume;
  pm_carbon_cache carbon;
} reader;

/* Empty, NaN, NA, 99999 and 999999 are EcoTaxa's missing values. */
static int missing(double x) { return isnan(x) || x == 99999 || x == 999999; }

static int parse_value(const pm_text *t, size_t col, double *x)
{
  int status;
  const char *s = pm_text_field(t, col);
  if (strcmp(s, "NA") == 0 || strcmp(s, "NaN") == 0 || strcmp(s, "nan") == 0) {
    *x = NAN;
    return PM_SUCCESS;
  }
  if ((status = pm_text_double_opt(t, col, x))) return status;
  if (missing(*x)) *x = NAN;
  return PM_SUCCESS;
}

/* A number that must be there and must be positive (volumes, splits). */
static int positive_or_missing(const pm_text *t, size_t col, double *x)
{
  int status = parse_value(t, col, x);
  if (status == PM_SUCCESS && *x <= 0)
    return pm_text_error(t, PM_EINPUT, col,
                         "%g is not positive; a volume or a split must be "
                         "positive (99999 or an empty cell for a missing value)",
                         *x);
  return status;
}

static int find_columns(const pm_text *t, const pm_obs_source *src,
                        const pm_filter *f, columns *c)
{
  int status;
  if ((status = pm_text_column(t, "sample_id", &c->sample_id)) ||
      (status = pm_text_column(t, "object_lat", &c->lat)) ||
      (status = pm_text_column(t, "object_lon", &c->lon)) ||
      (status = pm_text_column(t, "object_date", &c->date)) ||
      (status = pm_text_column(t, "object_depth_min", &c->depth_min)) ||
      (status = pm_text_column(t, "object_annotation_category", &c->category)))
    return status;
  c->object_id = pm_text_column_opt(t, "object_id");
  c->project = pm_text_column_opt(t, "sample_project");
  c->time = pm_text_column_opt(t, "object_time");
  c->depth_max = pm_text_column_opt(t, "object_depth_max");
  c->status = pm_text_column_opt(t, "object_annotation_status");
  c->hierarchy = pm_text_column_opt(t, "object_annotation_hierarchy");
  c->tot_vol = pm_text_column_opt(t, "sample_tot_vol");
  c->sub_part = pm_text_column_opt(t, "acq_sub_part");
  c->pixel = pm_text_column_opt(t, "acq_pixel");
  if (c->pixel == SIZE_MAX)
    c->pixel = pm_text_column_opt(t, "process_particle_pixel_size_mm");
  if (!pm_size_columns_find(t, "object_", &c->size)) c->pixel = SIZE_MAX;
  if ((f->validated_only || src->confusion) && c->status == SIZE_MAX)
    return pm_error(PM_EINPUT,
                    "%s:1: no column 'object_annotation_status' in the header, "
                    "but %s",
                    pm_text_path(t),
                    f->validated_only
                        ? "filters ask for validated objects only"
                        : "the classifier's correction needs to know which "
                          "objects were only predicted");
  if (!src->volume_table && c->tot_vol == SIZE_MAX)
    return pm_error(PM_EINPUT,
                    "%s:1: no column 'sample_tot_vol' in the header; give the "
                    "sampled volumes in a volume table (volume_table)",
                    pm_text_path(t));
  return PM_SUCCESS;
}

/* Skip the line of type markers ([t] text, [f] float) of older exports;
 * *data is 1 when the row read is a data row instead. */
static int skip_types(pm_text *t, int *more, int *data)
{
  int status = pm_text_next(t, more);
  const char *s;
  *data = 0;
  if (status || !*more) return status;
  s = pm_text_field(t, 0);
  *data = !(strcmp(s, "[t]") == 0 || strcmp(s, "[f]") == 0);
  return PM_SUCCESS;
}

static int parse_time(const pm_text *t, const columns *c, double *time)
{
  const char *clock = c->time == SIZE_MAX ? "" : pm_text_field(t, c->time);
  if (pm_parse_date_time(pm_text_field(t, c->date), clock, time))
    return pm_text_error(t, PM_EINPUT, c->date,
                         "'%s %s' is not a date (YYYYMMDD or YYYY-MM-DD) and "
                         "time (HHMMSS or hh:mm:ss)",
                         pm_text_field(t, c->date), clock);
  return PM_SUCCESS;
}

/* The volume of a new sample, read on its first object. */
static int parse_volume(const pm_text *t, const columns *c, int have_table,
                        sample *s)
{
  int status;
  s->tot_vol = s->sub_part = NAN;
  if (c->tot_vol != SIZE_MAX &&
      (status = positive_or_missing(t, c->tot_vol, &s->tot_vol)))
    return status;
  if (c->sub_part == SIZE_MAX) s->sub_part = 1;
  else if ((status = positive_or_missing(t, c->sub_part, &s->sub_part)))
    return status;
  if (have_table) return PM_SUCCESS;
  if (isnan(s->tot_vol))
    return pm_text_error(t, PM_EINPUT, c->tot_vol,
                         "the sampled volume is missing ('%s'); give it, or "
                         "give the sample volumes in a volume table "
                         "(volume_table)",
                         pm_text_field(t, c->tot_vol));
  if (isnan(s->sub_part))
    return pm_text_error(t, PM_EINPUT, c->sub_part,
                         "the split of the sample is missing ('%s')",
                         pm_text_field(t, c->sub_part));
  return PM_SUCCESS;
}

static int init_sample(reader *r, const pm_text *t, const columns *c,
                       sample *s)
{
  char where[64];
  int status;

  memset(s, 0, sizeof *s);
  if ((status = pm_text_double(t, c->lat, &s->lat)) ||
      (status = pm_text_double(t, c->lon, &s->lon)) ||
      (status = parse_time(t, c, &s->time)) ||
      (status = parse_volume(t, c, r->volume_index != NULL, s)))
    return status;
  if (!(s->lat >= -90 && s->lat <= 90))
    return pm_text_error(t, PM_EINPUT, c->lat,
                         "latitude %g is outside [-90, 90]", s->lat);
  if (!(s->lon >= -180 && s->lon <= 360))
    return pm_text_error(t, PM_EINPUT, c->lon,
                         "longitude %g is outside [-180, 360]", s->lon);
  snprintf(where, sizeof where, ":%zu", pm_text_line(t));
  s->name = strdup(pm_text_field(t, c->sample_id));
  s->project = strdup(c->project == SIZE_MAX ? "" : pm_text_field(t, c->project));
  s->where = malloc(strlen(pm_text_path(t)) + strlen(where) + 1);
  if (!s->name || !s->project || !s->where) return pm_error_nomem();
  strcat(strcpy(s->where, pm_text_path(t)), where);
  s->top = INFINITY;
  s->bottom = -INFINITY;
  s->sized = c->pixel != SIZE_MAX;
  return PM_SUCCESS;
}

static void free_sample(sample *s)
{
  free(s->name);
  free(s->project);
  free(s->where);
  free(s->count);
  free(s->biovolume);
  free(s->carbon);
  free(s->predicted);
}

/* The objects of a sample share its position and date-time: a row that
 * disagrees with the sample's first object is an error naming both. */
static int check_same_place(const pm_text *t, const columns *c,
                            const sample *s)
{
  double lat, lon, time;
  char when[64], first_when[64];
  int status;

  if ((status = pm_text_double(t, c->lat, &lat)) ||
      (status = pm_text_double(t, c->lon, &lon)) ||
      (status = parse_time(t, c, &time)))
    return status;
  if (lat == s->lat && lon == s->lon && time == s->time) return PM_SUCCESS;
  pm_format_datetime(time, when, sizeof when);
  pm_format_datetime(s->time, first_when, sizeof first_when);
  return pm_text_error(t, PM_EINPUT, lat != s->lat ? c->lat
                                     : lon != s->lon ? c->lon
                                                     : c->date,
                       "sample '%s' is at %g, %g on %s here, but at %g, %g on "
                       "%s on %s (its first object); the objects of a sample "
                       "share one position and date-time",
                       s->name, lat, lon, when, s->lat, s->lon, first_when,
                       s->where);
}

/* An object read before (the same object_id) would be counted twice. */
static int check_object_id(reader *r, const pm_text *t, const columns *c)
{
  const char *id;
  uint32_t file;
  uint64_t line;
  int seen;

  if (c->object_id == SIZE_MAX || !*(id = pm_text_field(t, c->object_id)))
    return PM_SUCCESS;
  seen = pm_idset_add(r->object_ids, id, r->file, pm_text_line(t), &file,
                      &line);
  if (seen <= 0) return -seen;
  return pm_text_error(t, PM_EINPUT, c->object_id,
                       "object '%s' is given twice, here and on %s:%" PRIu64
                       "; it would be counted twice",
                       id, r->files[file], line);
}

/* The sample of the current row, added on its first object. */
static int find_sample(reader *r, const pm_text *t, const columns *c,
                       sample **out)
{
  const char *id = pm_text_field(t, c->sample_id);
  size_t i;
  int status;

  if (*id == '\0')
    return pm_text_error(t, PM_EINPUT, c->sample_id, "the sample id is empty");
  if (r->n_samples > 0 && strcmp(r->samples[r->last].name, id) == 0) {
    *out = &r->samples[r->last];
    return check_same_place(t, c, *out);
  }
  i = pm_strmap_find(r->sample_index, id);
  if (i == SIZE_MAX) {
    if (r->n_samples == r->cap_samples) {
      size_t cap = r->cap_samples ? 2 * r->cap_samples : 256;
      sample *p = realloc(r->samples, cap * sizeof *p);
      if (!p) return pm_error_nomem();
      r->samples = p;
      r->cap_samples = cap;
    }
    i = r->n_samples;
    status = init_sample(r, t, c, &r->samples[i]);
    r->n_samples++; /* freed with the others, even when half made */
    if (status || (status = pm_strmap_insert(r->sample_index, id, i)))
      return status;
  } else if ((status = check_same_place(t, c, &r->samples[i])))
    return status;
  r->last = i;
  *out = &r->samples[i];
  return PM_SUCCESS;
}

static int update_depth(const pm_text *t, const columns *c, sample *s)
{
  double lo, hi;
  int status = pm_text_double(t, c->depth_min, &lo);
  if (status) return status;
  hi = lo;
  if (c->depth_max != SIZE_MAX &&
      (status = pm_text_double(t, c->depth_max, &hi)))
    return status;
  if (hi < lo)
    return pm_text_error(t, PM_EINPUT, c->depth_max,
                         "the depth range %g-%g m is upside down", lo, hi);
  if (lo < s->top) s->top = lo;
  if (hi > s->bottom) s->bottom = hi;
  return PM_SUCCESS;
}

/* The weight of an object: acq_sub_part relative to the sample's first. */
static int object_weight(const reader *r, const pm_text *t, const columns *c,
                         const sample *s, double *w)
{
  double part;
  int status;
  *w = 1;
  if (c->sub_part == SIZE_MAX || r->volume_index) return PM_SUCCESS;
  if ((status = positive_or_missing(t, c->sub_part, &part))) return status;
  if (isnan(part))
    return pm_text_error(t, PM_EINPUT, c->sub_part,
                         "the split of the sample is missing");
  *w = part / s->sub_part;
  return PM_SUCCESS;
}

/* Grow *p from n_old to n values, the new ones zero. */
static int grow_zero(double **p, size_t n_old, size_t n)
{
  double *q = realloc(*p, n * sizeof *q);
  if (!q) return pm_error_nomem();
  memset(q + n_old, 0, (n - n_old) * sizeof *q);
  *p = q;
  return PM_SUCCESS;
}

/* Add w objects of class k, of biovolume v and carbon mgC each when the
 * sample is sized; `predicted` when their class was only predicted and the
 * source has a classifier. */
static int add_count(sample *s, size_t k, double w, double v, double mgC,
                     int predicted)
{
  int status;
  if (k >= s->n_count) {
    size_t n = k + 16;
    if ((status = grow_zero(&s->count, s->n_count, n)) ||
        (s->sized && ((status = grow_zero(&s->biovolume, s->n_count, n)) ||
                      (status = grow_zero(&s->carbon, s->n_count, n)))) ||
        (s->predicted && (status = grow_zero(&s->predicted, s->n_count, n))))
      return status;
    s->n_count = n;
  }
  if (predicted && !s->predicted &&
      !(s->predicted = calloc(s->n_count, sizeof *s->predicted)))
    return pm_error_nomem();
  if (predicted) s->predicted[k] += w;
  s->count[k] += w;
  if (s->sized) {
    s->biovolume[k] += w * v;
    s->carbon[k] += w * mgC;
  }
  s->rows++;
  return PM_SUCCESS;
}

/* Biovolume (mm3) and carbon (mg C) of the row's object of class k; NAN
 * when the file does not measure its objects. */
static int object_biomass(reader *r, const pm_text *t, const columns *c,
                          size_t k, double *v, double *mgC)
{
  double pixel;
  int status;
  *v = *mgC = NAN;
  if (c->pixel == SIZE_MAX) return PM_SUCCESS;
  if ((status = pm_text_double(t, c->pixel, &pixel))) return status;
  if (!(pixel > 0) || isinf(pixel))
    return pm_text_error(t, PM_EINPUT, c->pixel,
                         "the pixel size is %g mm; it must be positive",
                         pixel);
  if ((status = pm_size_biovolume(t, &c->size, pixel, v))) return status;
  return pm_carbon_cache_of(&r->carbon, r->obs, k, *v, mgC);
}

/* The row's object was only predicted: its status is one the source's
 * classifier counts as predicted (default "predicted"). */
static int only_predicted(const pm_obs_source *src, const pm_text *t,
                          const columns *c)
{
  const char *status;
  size_t i;
  if (!src->confusion) return 0;
  status = pm_text_field(t, c->status);
  if (src->n_predicted == 0) return strcmp(status, "predicted") == 0;
  for (i = 0; i < src->n_predicted; i++)
    if (strcmp(status, src->predicted[i]) == 0) return 1;
  return 0;
}

static int read_row(reader *r, const pm_text *t, const columns *c)
{
  const char *category = pm_text_field(t, c->category);
  const char *path;
  sample *s = NULL;
  size_t k;
  double w, v, mgC;
  int status, drop;

  if ((status = pm_text_check_width(t)) ||
      (status = check_object_id(r, t, c)) ||
      (status = find_sample(r, t, c, &s)) ||
      (status = update_depth(t, c, s)))
    return status;
  if (*category == '\0' ||
      (r->filter->validated_only &&
       strcmp(pm_text_field(t, c->status), "validated") != 0)) {
    r->report->rows_dropped[PM_DROP_STATUS]++;
    return PM_SUCCESS;
  }
  path = c->hierarchy == SIZE_MAX ? NULL : pm_text_field(t, c->hierarchy);
  if ((status = pm_class_map_lookup(r->classes, r->obs, r->filter, r->counts,
                                    category, path && *path ? path : NULL,
                                    NAN, NAN, &k, &drop)))
    return status;
  if (drop >= 0) {
    r->report->rows_dropped[drop]++;
    return PM_SUCCESS;
  }
  if ((status = object_weight(r, t, c, s, &w)) ||
      (status = object_biomass(r, t, c, k, &v, &mgC)))
    return status;
  return add_count(s, k, w, v, mgC, only_predicted(r->src, t, c));
}

static int read_file(reader *r, const pm_obs_source *src, const char *path)
{
  pm_text *t = NULL;
  columns c;
  uint64_t next_report = PROGRESS_STEP;
  int status, more, data;

  if ((status = pm_text_open(&t, path, '\t', PM_TEXT_UTF8)) ||
      (status = pm_text_read_header(t)) ||
      (status = find_columns(t, src, r->filter, &c)) ||
      (status = skip_types(t, &more, &data)))
    goto cleanup;
  if (more && !data) status = pm_text_next(t, &more);
  while (!status && more) {
    r->report->rows_read++;
    if ((status = read_row(r, t, &c))) break;
    if (pm_text_offset(t) >= next_report) {
      pm_progress_report(r->progress, path, pm_text_offset(t), pm_text_size(t));
      next_report += PROGRESS_STEP;
    }
    status = pm_text_next(t, &more);
  }
  if (!status) {
    r->report->bytes_read += pm_text_offset(t);
    r->report->files_read++;
  }
cleanup:
  pm_text_free(t);
  return status;
}

/* The volume table: sample_id and volume_L (litres) or volume_m3. */
static int read_volume_table(reader *r, const char *path)
{
  pm_text *t = NULL;
  size_t id, vc;
  double v, scale = 1e-3;
  int status, more;

  if ((status = pm_text_open(&t, path, '\t', PM_TEXT_UTF8)) ||
      (status = pm_text_read_header(t)) ||
      (status = pm_text_column(t, "sample_id", &id)) ||
      (status = pm_strmap_alloc(&r->volume_index)))
    goto cleanup;
  vc = pm_text_column_opt(t, "volume_L");
  if (vc == SIZE_MAX && (vc = pm_text_column_opt(t, "volume_m3")) != SIZE_MAX)
    scale = 1;
  if (vc == SIZE_MAX) {
    status = pm_error(PM_EINPUT,
                      "%s:1: no column 'volume_L' or 'volume_m3' in the header "
                      "of the volume table", path);
    goto cleanup;
  }
  while (!(status = pm_text_next(t, &more)) && more) {
    double *p;
    if ((status = pm_text_check_width(t)) ||
        (status = positive_or_missing(t, vc, &v)))
      break;
    if (isnan(v)) continue;
    if (!(p = realloc(r->volume, (r->n_volume + 1) * sizeof *p))) {
      status = pm_error_nomem();
      break;
    }
    r->volume = p;
    r->volume[r->n_volume] = v * scale;
    if ((status = pm_strmap_insert(r->volume_index, pm_text_field(t, id),
                                   r->n_volume++)))
      break;
  }
cleanup:
  pm_text_free(t);
  return status;
}

/* The volume of sample s in m3, NAN when unknown. */
static double sample_volume(const reader *r, const sample *s)
{
  size_t i = r->volume_index ? pm_strmap_find(r->volume_index, s->name)
                             : SIZE_MAX;
  if (i != SIZE_MAX) return r->volume[i];
  return s->tot_vol / s->sub_part;
}

/* The biovolume and carbon of a sized sample into obs sample `index`. */
static int store_biomass(pm_obs *obs, const sample *s, size_t index)
{
  size_t k;
  int status = pm_obs_mark_sized(obs, index);
  for (k = 0; k < s->n_count && k < obs->n_classes && !status; k++)
    if (s->count[k] > 0)
      status = pm_obs_add_biomass(obs, k, index, s->biovolume[k],
                                  s->carbon[k]);
  return status;
}

/* Move the aggregated samples into the observation table. */
static int store_samples(reader *r, const char *source)
{
  size_t i, k, p, index;
  int status, drop;

  for (i = 0; i < r->n_samples; i++) {
    sample *s = &r->samples[i];
    double vol = sample_volume(r, s);
    pm_obs_profile prof = {(char *)source, s->name, s->project, s->time,
                           s->lat, s->lon, s->where, NULL, 0};

    if (s->bottom <= s->top) { /* a single depth: the 1 m layer around it */
      s->top = fmax(0, s->top - 0.5);
      s->bottom = s->top + 1;
    }
    drop = isnan(vol) ? PM_DROP_NO_VOLUME
                      : pm_filter_sample(r->filter, s->time, s->top, s->bottom);
    if (drop >= 0) {
      r->report->rows_dropped[drop] += s->rows;
      continue;
    }
    if ((status = pm_obs_add_profile(r->obs, &prof, &p)) ||
        (status = pm_obs_add_sample(r->obs, p, s->top, s->bottom, vol,
                                    s->where, &index)))
      return status;
    for (k = 0; k < s->n_count && k < r->obs->n_classes; k++) {
      r->obs->count[k][index] += s->count[k];
      if (s->predicted && s->predicted[k] > 0 &&
          (status = pm_obs_add_predicted(r->obs, k, index, s->predicted[k])))
        return status;
    }
    if (s->sized && (status = store_biomass(r->obs, s, index))) return status;
    r->report->rows_kept += s->rows;
  }
  return PM_SUCCESS;
}

int pm_obs_read_ecotaxa(pm_obs *obs, const pm_obs_source *src,
                        const pm_filter *filter, pm_filter_counts *counts,
                        pm_obs_report *report, const pm_progress *progress)
{
  reader r;
  size_t i;
  int status;

  memset(&r, 0, sizeof r);
  r.obs = obs;
  r.filter = filter;
  r.counts = counts;
  r.report = report;
  r.progress = progress;
  r.src = src;
  if ((status = pm_class_map_alloc(&r.classes)) ||
      (status = pm_strmap_alloc(&r.sample_index)) ||
      (status = pm_idset_alloc(&r.object_ids)) ||
      (status = pm_carbon_cache_init(&r.carbon, src->carbon)))
    goto cleanup;
  if (src->volume_table &&
      (status = read_volume_table(&r, src->volume_table)))
    goto cleanup;
  r.files = src->files;
  for (i = 0; i < src->n_files && !status; i++) {
    r.file = (uint32_t)i;
    status = read_file(&r, src, src->files[i]);
  }
  if (!status) status = store_samples(&r, src->name);
cleanup:
  for (i = 0; i < r.n_samples; i++) free_sample(&r.samples[i]);
  free(r.samples);
  free(r.volume);
  pm_strmap_free(r.volume_index);
  pm_strmap_free(r.sample_index);
  pm_idset_free(r.object_ids);
  pm_class_map_free(r.classes);
  pm_carbon_cache_free(&r.carbon);
  return status;
}
