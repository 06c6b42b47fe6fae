/* read_table.c: a delimited table (CSV or TSV) of counts already aggregated,
 * with the column names given in the config, in one of two layouts:
 *  - wide: one row per sample and one count column per class (table.classes);
 *  - long: one row per sample and class, the class name in one column
 *    (table.class_column) and its count in another (table.count_column),
 *    and optionally its carbon in mg C (table.carbon_column: the sample
 *    counts as one whose objects were weighed, for models of biomass).
 *
 * Fields may be quoted as in RFC 4180 ("a, b", "say ""hi"""), but a quoted
 * field may not hold a line break.  A profile is a profile key (project and
 * profile name) with one position and one date-time; a sample is a depth
 * range of a profile.  In the long layout the rows of one sample are gathered
 * into it, and must agree on its volume.  A missing volume (empty, NA, 99999)
 * leaves the sample out (PM_DROP_NO_VOLUME).  These are errors naming the
 * lines involved: a sample given twice (in the long layout: a class of a
 * sample given twice), a profile key at two positions or date-times, a
 * missing count or one that is not a whole non-negative number, a volume
 * that is not positive.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "pm_class_map.h"
#include "pm_error.h"
#include "pm_read.h"
#include "pm_text.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PROGRESS_STEP (16u << 20)

/* The fields of one row after unquoting. */
typedef struct {
  char **field;
  size_t n, cap;
  char *buf;
  size_t buf_cap;
} row;

/* The columns of the mapping, SIZE_MAX when not given. */
typedef struct {
  size_t profile, project, datetime, date, time, lat, lon, top, bottom, volume;
  size_t class_name, count_value; /* long layout; SIZE_MAX in the wide one */
  size_t carbon;       /* long layout: carbon (mg C), or SIZE_MAX */
  size_t *count;       /* wide layout: per class column */
  size_t *class_index; /* wide layout: class in obs, or SIZE_MAX when dropped */
} columns;

/* Where a row is: the file (index in the source's files) and its line. */
typedef struct {
  size_t file, line;
} origin;

/* A profile key (project and profile name) as its first row gave it. */
typedef struct {
  origin first;
  double lat, lon, time;
  size_t index; /* in obs; SIZE_MAX until one of its samples is kept */
} profile_seen;

/* A sample (profile key and depth range) as its first row gave it. */
typedef struct {
  origin first;
  size_t profile; /* in the reader's profiles */
  double volume;  /* as in the table, NAN when missing */
  size_t index;   /* in obs; SIZE_MAX when left out */
  int drop;       /* why it was left out (pm_obs_drop), or -1 */
} sample_seen;

typedef struct {
  pm_obs *obs;
  const pm_filter *filter;
  pm_filter_counts *counts;
  const pm_obs_source *src;
  pm_obs_report *report;
  const pm_progress *progress;
  pm_class_map *classes;
  pm_strmap *profile_keys; /* "project\x1fname" -> index in profiles */
  pm_strmap *sample_keys;  /* profile key, depths -> index in samples */
  pm_strmap *pair_keys;    /* long layout: "sample\x1fclass" -> pair_first */
  profile_seen *profiles;
  size_t n_profiles, cap_profiles;
  sample_seen *samples;
  size_t n_samples, cap_samples;
  origin *pair_first;
  size_t n_pairs, cap_pairs;
  char *key;
  size_t key_cap;
  row header, row;
  columns col;
  const char *path;
  origin at; /* the current row */
} reader;

static int push_field(row *r, char *f)
{
  if (r->n == r->cap) {
    size_t cap = r->cap ? 2 * r->cap : 32;
    char **p = realloc(r->field, cap * sizeof *p);
    if (!p) return pm_error_nomem();
    r->field = p;
    r->cap = cap;
  }
  r->field[r->n++] = f;
  return PM_SUCCESS;
}

/* Join the reader's fields back into the line, then split it again honouring
 * quotes; unquoting never lengthens a field, so it is done in place. */
static int split_quoted(row *r, const pm_text *t, char delim)
{
  size_t i, len = 0, n = pm_text_nfields(t);
  char *w, *p, *start;
  int status;

  for (i = 0; i < n; i++) len += strlen(pm_text_field(t, i)) + 1;
  if (len > r->buf_cap) {
    char *b = realloc(r->buf, len);
    if (!b) return pm_error_nomem();
    r->buf = b;
    r->buf_cap = len;
  }
  for (i = 0, p = r->buf; i < n; i++) {
    size_t k = strlen(pm_text_field(t, i));
    memcpy(p, pm_text_field(t, i), k);
    p[k] = i + 1 < n ? delim : '\0';
    p += k + 1;
  }
  r->n = 0;
  p = r->buf;
  for (;;) {
    while (*p == ' ') p++;
    start = w = p;
    if (*p == '"') {
      for (p++;; p++) {
        if (*p == '\0')
          return pm_text_error(t, PM_EINPUT, SIZE_MAX,
                               "a quoted field has no closing quote (a field "
                               "may not hold a line break)");
        if (*p == '"' && p[1] == '"') *w++ = *p++;
        else if (*p == '"') break;
        else *w++ = *p;
      }
      p++;
      while (*p == ' ') p++;
      if (*p != delim && *p != '\0')
        return pm_text_error(t, PM_EINPUT, SIZE_MAX,
                             "text after the closing quote of field %zu",
                             r->n + 1);
    } else {
      while (*p != delim && *p != '\0') *w++ = *p++;
      while (w > start && w[-1] == ' ') w--;
    }
    if ((status = push_field(r, start))) return status;
    if (*p == '\0') {
      *w = '\0';
      return PM_SUCCESS;
    }
    *w = '\0';
    p++;
  }
}

static void free_row(row *r)
{
  free(r->field);
  free(r->buf);
}

/* An error at the current row and column `col` of the table. */
static int table_error(const reader *r, size_t col, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static int table_error(const reader *r, size_t col, const char *fmt, ...)
{
  char what[1024];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(what, sizeof what, fmt, ap);
  va_end(ap);
  return pm_error(PM_EINPUT, "%s:%zu: column %zu '%s': %s", r->path,
                  r->at.line, col + 1, r->header.field[col], what);
}

/* The column named `name` (`setting` names it in the config); an absent
 * optional column (name NULL or not required) is SIZE_MAX. */
static int find_column(reader *r, const char *name, const char *setting,
                       int required, size_t *col)
{
  size_t i;
  *col = SIZE_MAX;
  if (!name || !*name) {
    if (!required) return PM_SUCCESS;
    return pm_error(PM_EINPUT,
                    "observation source '%s': table.%s is not set; name the "
                    "column that holds it", r->src->name, setting);
  }
  for (i = 0; i < r->header.n; i++)
    if (strcmp(r->header.field[i], name) == 0) {
      *col = i;
      return PM_SUCCESS;
    }
  return pm_error(PM_EINPUT,
                  "%s:1: no column '%s' (table.%s of source '%s') in the "
                  "header", r->path, name, setting, r->src->name);
}

/* Long layout: the class and count columns. */
static int map_long_columns(reader *r)
{
  const pm_table_columns *m = &r->src->table;
  int status;
  if (m->n_classes > 0)
    return pm_error(PM_EINPUT,
                    "observation source '%s': table.classes and table.class "
                    "are both set; name the count columns of the wide layout "
                    "or the class and count columns of the long layout",
                    r->src->name);
  if ((status = find_column(r, m->class_column, "class", 1,
                            &r->col.class_name)))
    return status;
  if ((status = find_column(r, m->count_column, "count", 1,
                            &r->col.count_value)))
    return status;
  return find_column(r, m->carbon_column, "carbon", 0, &r->col.carbon);
}

/* Wide layout: one count column per class, each class decided once. */
static int map_wide_columns(reader *r)
{
  const pm_table_columns *m = &r->src->table;
  columns *c = &r->col;
  size_t k;
  int status, drop;

  if (m->count_column)
    return pm_error(PM_EINPUT,
                    "observation source '%s': table.count is set without "
                    "table.class; name both for the long layout",
                    r->src->name);
  if (m->n_classes == 0)
    return pm_error(PM_EINPUT,
                    "observation source '%s': table.classes is empty; name "
                    "the count columns (or table.class and table.count for "
                    "one row per sample and class)", r->src->name);
  c->count = malloc(m->n_classes * sizeof *c->count);
  c->class_index = malloc(m->n_classes * sizeof *c->class_index);
  if (!c->count || !c->class_index) return pm_error_nomem();
  for (k = 0; k < m->n_classes; k++) {
    if ((status = find_column(r, m->classes[k], "classes", 1, &c->count[k])) ||
        (status = pm_class_map_lookup(r->classes, r->obs, r->filter,
                                      r->counts, m->classes[k], NULL, NAN,
                                      NAN, &c->class_index[k], &drop)))
      return status;
    if (drop >= 0) c->class_index[k] = SIZE_MAX;
  }
  return PM_SUCCESS;
}

static int map_columns(reader *r)
{
  const pm_table_columns *m = &r->src->table;
  columns *c = &r->col;
  int status;

  c->class_name = c->count_value = c->carbon = SIZE_MAX;
  if ((status = find_column(r, m->profile, "profile", 1, &c->profile)) ||
      (status = find_column(r, m->project, "project", 0, &c->project)) ||
      (status = find_column(r, m->datetime, "datetime", 0, &c->datetime)) ||
      (status = find_column(r, m->date, "date", !m->datetime, &c->date)) ||
      (status = find_column(r, m->time, "time", 0, &c->time)) ||
      (status = find_column(r, m->lat, "lat", 1, &c->lat)) ||
      (status = find_column(r, m->lon, "lon", 1, &c->lon)) ||
      (status = find_column(r, m->depth_top, "depth_top", 1, &c->top)) ||
      (status = find_column(r, m->depth_bottom, "depth_bottom", 1, &c->bottom)) ||
      (status = find_column(r, m->volume, "volume", 1, &c->volume)))
    return status;
  return m->class_column ? map_long_columns(r) : map_wide_columns(r);
}

/* Field `col` as a number; *x = NAN when missing (empty, NA, 99999). */
static int number(const reader *r, size_t col, double *x)
{
  const char *s = r->row.field[col];
  char *end;
  if (*s == '\0' || strcmp(s, "NA") == 0 || strcmp(s, "NaN") == 0) {
    *x = NAN;
    return PM_SUCCESS;
  }
  errno = 0;
  *x = strtod(s, &end);
  if (end == s || *end != '\0' || !isfinite(*x))
    return table_error(r, col, "'%s' is not a number", s);
  if (*x == 99999 || *x == 999999) *x = NAN;
  return PM_SUCCESS;
}

static int required(const reader *r, size_t col, double *x)
{
  int status = number(r, col, x);
  if (status == PM_SUCCESS && isnan(*x))
    return table_error(r, col, "the value is missing");
  return status;
}

static int parse_time(const reader *r, double *t)
{
  const columns *c = &r->col;
  const char *clock = c->time == SIZE_MAX ? "" : r->row.field[c->time];
  size_t col = c->datetime != SIZE_MAX ? c->datetime : c->date;
  int bad = c->datetime != SIZE_MAX
                ? pm_parse_datetime(r->row.field[col], t)
                : pm_parse_date_time(r->row.field[col], clock, t);
  if (bad)
    return table_error(r, col,
                       "'%s' is not a date-time (YYYY-MM-DD hh:mm:ss, or "
                       "YYYYMMDD and HHMMSS)",
                       r->row.field[col]);
  return PM_SUCCESS;
}

/* An error at the current row as a whole. */
static int row_error(const reader *r, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static int row_error(const reader *r, const char *fmt, ...)
{
  char what[2048];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(what, sizeof what, fmt, ap);
  va_end(ap);
  return pm_error(PM_EINPUT, "%s:%zu: %s", r->path, r->at.line, what);
}

/* "file:line" of an earlier row, into buf. */
static const char *where_of(const reader *r, origin o, char *buf, size_t size)
{
  snprintf(buf, size, "%s:%zu", r->src->files[o.file], o.line);
  return buf;
}

/* "profile 'name' of project 'p'" for the current row, into buf. */
static const char *profile_label(const reader *r, char *buf, size_t size)
{
  const columns *c = &r->col;
  if (c->project == SIZE_MAX)
    snprintf(buf, size, "profile '%s'", r->row.field[c->profile]);
  else
    snprintf(buf, size, "profile '%s' of project '%s'",
             r->row.field[c->profile], r->row.field[c->project]);
  return buf;
}

/* The reader's key buffer set to the formatted text; names are not
 * truncated, so that two long keys never collide. */
static int make_key(reader *r, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static int make_key(reader *r, const char *fmt, ...)
{
  va_list ap;
  int n;
  va_start(ap, fmt);
  n = vsnprintf(r->key, r->key_cap, fmt, ap);
  va_end(ap);
  if (n < 0) return pm_error(PM_EINPUT, "%s:%zu: a key cannot be formatted",
                             r->path, r->at.line);
  if ((size_t)n < r->key_cap) return PM_SUCCESS;
  free(r->key);
  r->key_cap = (size_t)n + 1;
  if (!(r->key = malloc(r->key_cap))) {
    r->key_cap = 0;
    return pm_error_nomem();
  }
  va_start(ap, fmt);
  vsnprintf(r->key, r->key_cap, fmt, ap);
  va_end(ap);
  return PM_SUCCESS;
}

/* Room for element n of *array, of *cap elements of `size` bytes. */
static int reserve(void *array, size_t size, size_t n, size_t *cap)
{
  void **p = array;
  void *q;
  size_t grown;
  if (n < *cap) return PM_SUCCESS;
  grown = *cap ? 2 * *cap : 64;
  if (!(q = realloc(*p, grown * size))) return pm_error_nomem();
  *p = q;
  *cap = grown;
  return PM_SUCCESS;
}

/* The profile key of the current row; every row of a profile key must give
 * the position and date-time of its first row. */
static int profile_of(reader *r, double lat, double lon, double time,
                      size_t *p)
{
  const columns *c = &r->col;
  const profile_seen *seen;
  char label[1100], first[1100], when[32], first_when[32];
  int status;

  if ((status = make_key(r, "%s\x1f%s",
                         c->project == SIZE_MAX ? "" : r->row.field[c->project],
                         r->row.field[c->profile])))
    return status;
  if ((*p = pm_strmap_find(r->profile_keys, r->key)) == SIZE_MAX) {
    if ((status = reserve(&r->profiles, sizeof *r->profiles, r->n_profiles,
                          &r->cap_profiles)))
      return status;
    r->profiles[r->n_profiles] =
        (profile_seen){r->at, lat, lon, time, SIZE_MAX};
    *p = r->n_profiles++;
    return pm_strmap_insert(r->profile_keys, r->key, *p);
  }
  seen = &r->profiles[*p];
  if (seen->lat == lat && seen->lon == lon && seen->time == time)
    return PM_SUCCESS;
  pm_format_datetime(time, when, sizeof when);
  pm_format_datetime(seen->time, first_when, sizeof first_when);
  return row_error(r,
                   "%s is at %g, %g on %s here but at %g, %g on %s on %s; a "
                   "profile has one position and one date-time",
                   profile_label(r, label, sizeof label), lat, lon, when,
                   seen->lat, seen->lon, first_when,
                   where_of(r, seen->first, first, sizeof first));
}

/* Add a new sample to obs, and its profile when new there, unless the
 * filters leave it out. */
static int keep_sample(reader *r, sample_seen *s, double top, double bottom)
{
  const columns *c = &r->col;
  profile_seen *p = &r->profiles[s->profile];
  pm_obs_profile prof = {r->src->name, r->row.field[c->profile],
                         c->project == SIZE_MAX ? "" : r->row.field[c->project],
                         p->time, p->lat, p->lon, NULL, NULL, 0};
  char where[1100];
  int status;

  s->drop = isnan(s->volume)
                ? PM_DROP_NO_VOLUME
                : pm_filter_sample(r->filter, p->time, top, bottom);
  if (s->drop >= 0) return PM_SUCCESS;
  snprintf(where, sizeof where, "%s:%zu", r->path, r->at.line);
  prof.origin = where;
  if (p->index == SIZE_MAX &&
      (status = pm_obs_add_profile(r->obs, &prof, &p->index)))
    return status;
  return pm_obs_add_sample(r->obs, p->index, top, bottom,
                           s->volume * r->src->table.volume_to_m3, where,
                           &s->index);
}

/* The sample of the current row: new, or in the long layout one whose rows
 * agree on its volume; in the wide layout a sample given twice is an error. */
static int sample_of(reader *r, size_t profile, double top, double bottom,
                     double volume, size_t *s)
{
  const sample_seen *seen;
  char label[1100], first[1100];
  int status;

  if ((status = make_key(r, "%zu\x1f%.17g\x1f%.17g", profile, top, bottom)))
    return status;
  if ((*s = pm_strmap_find(r->sample_keys, r->key)) == SIZE_MAX) {
    if ((status = reserve(&r->samples, sizeof *r->samples, r->n_samples,
                          &r->cap_samples)))
      return status;
    r->samples[r->n_samples] =
        (sample_seen){r->at, profile, volume, SIZE_MAX, -1};
    *s = r->n_samples++;
    if ((status = pm_strmap_insert(r->sample_keys, r->key, *s))) return status;
    return keep_sample(r, &r->samples[*s], top, bottom);
  }
  seen = &r->samples[*s];
  where_of(r, seen->first, first, sizeof first);
  if (r->col.class_name == SIZE_MAX)
    return row_error(r,
                     "the sample of %s at %g-%g m is given twice, here and "
                     "on %s",
                     profile_label(r, label, sizeof label), top, bottom, first);
  if (seen->volume == volume || (isnan(seen->volume) && isnan(volume)))
    return PM_SUCCESS;
  return table_error(r, r->col.volume,
                     "volume %g differs from the volume %g of the same sample "
                     "on %s; a sample has one volume",
                     volume, seen->volume, first);
}

/* Field `col` as a count: a whole non-negative number. */
static int count_of(const reader *r, size_t col, double *x)
{
  int status = required(r, col, x);
  if (status) return status;
  if (*x < 0) return table_error(r, col, "count %g is negative", *x);
  if (*x != floor(*x))
    return table_error(r, col, "count %g is not a whole number", *x);
  return PM_SUCCESS;
}

/* Wide layout: the counts of every class column. */
static int add_wide_counts(reader *r, const sample_seen *s)
{
  const columns *c = &r->col;
  double x;
  size_t k;
  int status;

  for (k = 0; k < r->src->table.n_classes; k++) {
    if ((status = count_of(r, c->count[k], &x))) return status;
    if (s->drop < 0 && c->class_index[k] != SIZE_MAX)
      r->obs->count[c->class_index[k]][s->index] += x;
  }
  return PM_SUCCESS;
}

/* Long layout: remember that sample s has the row's class, which it may have
 * only once. */
static int first_of_class(reader *r, size_t s, const char *name)
{
  size_t pair;
  char first[1100];
  int status;

  if ((status = make_key(r, "%zu\x1f%s", s, name))) return status;
  if ((pair = pm_strmap_find(r->pair_keys, r->key)) != SIZE_MAX)
    return table_error(r, r->col.class_name,
                       "class '%s' of this sample is given twice, here and "
                       "on %s",
                       name, where_of(r, r->pair_first[pair], first,
                                      sizeof first));
  if ((status = reserve(&r->pair_first, sizeof *r->pair_first, r->n_pairs,
                        &r->cap_pairs)))
    return status;
  r->pair_first[r->n_pairs] = r->at;
  return pm_strmap_insert(r->pair_keys, r->key, r->n_pairs++);
}

/* Long layout: the row's carbon (mg C, >= 0), NAN without the column. */
static int carbon_of(const reader *r, double *carbon)
{
  int status;
  *carbon = NAN;
  if (r->col.carbon == SIZE_MAX) return PM_SUCCESS;
  if ((status = required(r, r->col.carbon, carbon))) return status;
  if (!(*carbon >= 0))
    return table_error(r, r->col.carbon,
                       "carbon %g is negative; a biomass is >= 0", *carbon);
  return PM_SUCCESS;
}

/* Long layout: the count of the row's class in sample s.  Every class is
 * decided, also in samples left out, as the wide layout decides every count
 * column; *drop is set when the class is left out of a kept sample. */
static int add_long_count(reader *r, size_t s, int *drop)
{
  const columns *c = &r->col;
  const char *name = r->row.field[c->class_name];
  const sample_seen *seen = &r->samples[s];
  double x, carbon;
  size_t k;
  int status, class_drop;

  if (!*name) return table_error(r, c->class_name, "the class is missing");
  if ((status = carbon_of(r, &carbon)) ||
      (status = count_of(r, c->count_value, &x)) ||
      (status = first_of_class(r, s, name)) ||
      (status = pm_class_map_lookup(r->classes, r->obs, r->filter, r->counts,
                                    name, NULL, NAN, NAN, &k, &class_drop)))
    return status;
  if (seen->drop >= 0) return PM_SUCCESS;
  if (class_drop >= 0) {
    *drop = class_drop;
    return PM_SUCCESS;
  }
  r->obs->count[k][seen->index] += x;
  if (isnan(carbon)) return PM_SUCCESS;
  /* the objects were weighed, not measured: no biovolume */
  return pm_obs_add_biomass(r->obs, k, seen->index, 0, carbon);
}

static int read_row(reader *r)
{
  const columns *c = &r->col;
  double lat, lon, time, top, bottom, vol;
  size_t p, s;
  int status, drop;

  if ((status = required(r, c->lat, &lat)) ||
      (status = required(r, c->lon, &lon)) ||
      (status = parse_time(r, &time)) ||
      (status = required(r, c->top, &top)) ||
      (status = required(r, c->bottom, &bottom)) ||
      (status = number(r, c->volume, &vol)))
    return status;
  if (vol <= 0)
    return table_error(r, c->volume,
                       "%g is not positive; a sampled volume must be positive",
                       vol);
  if (!(lat >= -90 && lat <= 90))
    return table_error(r, c->lat, "latitude %g is outside [-90, 90]", lat);
  if ((status = profile_of(r, lat, lon, time, &p)) ||
      (status = sample_of(r, p, top, bottom, vol, &s)))
    return status;
  drop = r->samples[s].drop;
  status = c->class_name == SIZE_MAX ? add_wide_counts(r, &r->samples[s])
                                     : add_long_count(r, s, &drop);
  if (status) return status;
  if (drop >= 0)
    r->report->rows_dropped[drop]++;
  else
    r->report->rows_kept++;
  return PM_SUCCESS;
}

static int read_file(reader *r, size_t file)
{
  const char *path = r->src->files[file];
  pm_text *t = NULL;
  uint64_t next_report = PROGRESS_STEP;
  char delim = r->src->table.delimiter ? r->src->table.delimiter : ',';
  int status, more;

  r->path = path;
  r->at.file = file;
  free(r->col.count);
  free(r->col.class_index);
  r->col.count = r->col.class_index = NULL;
  if ((status = pm_text_open(&t, path, delim, PM_TEXT_UTF8)) ||
      (status = pm_text_read_header(t)) ||
      (status = split_quoted(&r->header, t, delim)) ||
      (status = map_columns(r)))
    goto cleanup;
  while (!(status = pm_text_next(t, &more)) && more) {
    r->at.line = pm_text_line(t);
    r->report->rows_read++;
    if ((status = split_quoted(&r->row, t, delim))) break;
    if (r->row.n != r->header.n) {
      status = pm_text_error(t, PM_EINPUT, SIZE_MAX,
                             "the row has %zu fields but the header has %zu%s",
                             r->row.n, r->header.n,
                             r->row.n < r->header.n ? ": the row is truncated"
                                                    : "");
      break;
    }
    if ((status = read_row(r))) break;
    if (pm_text_offset(t) >= next_report) {
      pm_progress_report(r->progress, path, pm_text_offset(t), pm_text_size(t));
      next_report += PROGRESS_STEP;
    }
  }
  if (!status) {
    r->report->bytes_read += pm_text_offset(t);
    r->report->files_read++;
  }
cleanup:
  pm_text_free(t);
  return status;
}

int pm_obs_read_table(pm_obs *obs, const pm_obs_source *src,
                      const pm_filter *filter, pm_filter_counts *counts,
                      pm_obs_report *report, const pm_progress *progress)
{
  reader r;
  size_t i;
  int status;

  memset(&r, 0, sizeof r);
  r.obs = obs;
  r.src = src;
  r.filter = filter;
  r.counts = counts;
  r.report = report;
  r.progress = progress;
  if (!(src->table.volume_to_m3 > 0)) {
    status = pm_error(PM_EINPUT,
                      "observation source '%s': table.volume_to_m3 is %g; it "
                      "must be positive (1e-3 for litres, 1 for m3)",
                      src->name, src->table.volume_to_m3);
    goto cleanup;
  }
  if ((status = pm_class_map_alloc(&r.classes)) ||
      (status = pm_strmap_alloc(&r.profile_keys)) ||
      (status = pm_strmap_alloc(&r.sample_keys)) ||
      (status = pm_strmap_alloc(&r.pair_keys)))
    goto cleanup;
  for (i = 0; i < src->n_files && !status; i++)
    status = read_file(&r, i);
cleanup:
  free(r.col.count);
  free(r.col.class_index);
  free_row(&r.header);
  free_row(&r.row);
  pm_strmap_free(r.profile_keys);
  pm_strmap_free(r.sample_keys);
  pm_strmap_free(r.pair_keys);
  free(r.profiles);
  free(r.samples);
  free(r.pair_first);
  free(r.key);
  pm_class_map_free(r.classes);
  return status;
}
