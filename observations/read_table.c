/* read_table.c: a delimited table (CSV or TSV) of counts already aggregated,
 * one sample per row, with the column names given in the config.
 *
 * Fields may be quoted as in RFC 4180 ("a, b", "say ""hi"""), but a quoted
 * field may not hold a line break.  The rows of one profile (same profile
 * key, project and date-time) share one profile.  A missing volume (empty,
 * NA, 99999) leaves the row out (PM_DROP_NO_VOLUME); a missing count, a
 * negative count and a volume that is not positive are errors.
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
  size_t *count;  /* per class column */
  size_t *class_index; /* class in obs, or SIZE_MAX when dropped */
} columns;

typedef struct {
  pm_obs *obs;
  const pm_filter *filter;
  pm_filter_counts *counts;
  const pm_obs_source *src;
  pm_obs_report *report;
  const pm_progress *progress;
  pm_class_map *classes;
  pm_strmap *profiles; /* "project\x1fname\x1ftime" -> profile index */
  row header, row;
  columns col;
  const char *path;
  size_t line;
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
  return pm_error(PM_EINPUT, "%s:%zu: column %zu '%s': %s", r->path, r->line,
                  col + 1, r->header.field[col], what);
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

static int map_columns(reader *r)
{
  const pm_table_columns *m = &r->src->table;
  columns *c = &r->col;
  size_t k;
  int status, drop;

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
  if (m->n_classes == 0)
    return pm_error(PM_EINPUT,
                    "observation source '%s': table.classes is empty; name "
                    "the count columns", r->src->name);
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

/* The profile of the current row, added when new. */
static int row_profile(reader *r, double lat, double lon, double time,
                       size_t *p)
{
  const columns *c = &r->col;
  pm_obs_profile prof = {r->src->name, r->row.field[c->profile],
                         c->project == SIZE_MAX ? "" : r->row.field[c->project],
                         time, lat, lon};
  char key[1024];
  int status;

  snprintf(key, sizeof key, "%s\x1f%s\x1f%.17g", prof.project, prof.name, time);
  *p = pm_strmap_find(r->profiles, key);
  if (*p != SIZE_MAX) return PM_SUCCESS;
  if ((status = pm_obs_add_profile(r->obs, &prof, p))) return status;
  return pm_strmap_insert(r->profiles, key, *p);
}

static int read_row(reader *r)
{
  const columns *c = &r->col;
  double lat, lon, time, top, bottom, vol, x;
  char where[1100];
  size_t k, p, s;
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
  drop = isnan(vol) ? PM_DROP_NO_VOLUME
                    : pm_filter_sample(r->filter, time, top, bottom);
  if (drop >= 0) {
    r->report->rows_dropped[drop]++;
    return PM_SUCCESS;
  }
  snprintf(where, sizeof where, "%s:%zu", r->path, r->line);
  if ((status = row_profile(r, lat, lon, time, &p)) ||
      (status = pm_obs_add_sample(r->obs, p, top, bottom,
                                  vol * r->src->table.volume_to_m3, where, &s)))
    return status;
  for (k = 0; k < r->src->table.n_classes; k++) {
    if ((status = required(r, c->count[k], &x))) return status;
    if (x < 0)
      return table_error(r, c->count[k], "count %g is negative", x);
    if (c->class_index[k] != SIZE_MAX) r->obs->count[c->class_index[k]][s] += x;
  }
  r->report->rows_kept++;
  return PM_SUCCESS;
}

static int read_file(reader *r, const char *path)
{
  pm_text *t = NULL;
  uint64_t next_report = PROGRESS_STEP;
  char delim = r->src->table.delimiter ? r->src->table.delimiter : ',';
  int status, more;

  r->path = path;
  free(r->col.count);
  free(r->col.class_index);
  r->col.count = r->col.class_index = NULL;
  if ((status = pm_text_open(&t, path, delim, PM_TEXT_UTF8)) ||
      (status = pm_text_read_header(t)) ||
      (status = split_quoted(&r->header, t, delim)) ||
      (status = map_columns(r)))
    goto cleanup;
  while (!(status = pm_text_next(t, &more)) && more) {
    r->line = pm_text_line(t);
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
      (status = pm_strmap_alloc(&r.profiles)))
    goto cleanup;
  for (i = 0; i < src->n_files && !status; i++)
    status = read_file(&r, src->files[i]);
cleanup:
  free(r.col.count);
  free(r.col.class_index);
  free_row(&r.header);
  free_row(&r.row);
  pm_strmap_free(r.profiles);
  pm_class_map_free(r.classes);
  return status;
}
