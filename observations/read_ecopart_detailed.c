/* read_ecopart_detailed.c: the reader of EcoPart "detailed" particle exports
 * (*_PAR_*.tsv, one row per depth bin of a profile, with the export's
 * *_Export_metadata_summary.tsv).
 *
 * A row gives the bin's mid-depth, the volume imaged in it (L) and, per size
 * class, the number concentration (# l-1).  The counts are concentration ×
 * volume, which must be whole numbers: that is checked, so a file whose
 * columns were edited or mislabelled is caught.  The bin width is not in the
 * file: it is the smallest spacing of the mid-depths of a profile (EcoPart's
 * bins are regular), or src->depth_step_m (5 m when 0) for a profile of one
 * bin.  The class filter decides once per size-class column; the columns it
 * leaves out are counted once per file in report->rows_dropped.  Position,
 * time and project come from the metadata summary, joined on the profile name
 * and the date-time.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "pm_ecopart.h"
#include "pm_error.h"
#include "pm_text.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PM_ECOPART_BIN_M 5.0 /* EcoPart's default bin of a detailed export */
#define PM_WHOLE_RELTOL 1e-6 /* a count printed as a double is whole */

typedef struct {
  size_t profile, time, depth, volume; /* columns */
  size_t n_lpm;
  size_t *col;   /* column of each size class */
  size_t *cls;   /* its class in obs, or SIZE_MAX when the filter drops it */
  double *count; /* counts of the current row */
} detailed_columns;

/* The profile a row belongs to ("name\tdate-time"), kept between rows. */
typedef struct {
  char *key;
  size_t cap;
} row_key;

static void free_columns(detailed_columns *c)
{
  free(c->col);
  free(c->cls);
  free(c->count);
}

/* Nonzero when the current row's profile differs from *k; then *k is set. */
static int new_key(row_key *k, const pm_text *t, const detailed_columns *c)
{
  const char *name = pm_text_field(t, c->profile);
  const char *when = pm_text_field(t, c->time);
  size_t n = strlen(name) + strlen(when) + 2;

  if (k->key && strncmp(k->key, name, strlen(name)) == 0 &&
      k->key[strlen(name)] == '\t' &&
      strcmp(k->key + strlen(name) + 1, when) == 0)
    return 0;
  if (n > k->cap) {
    char *p = realloc(k->key, n);
    if (!p) return -1;
    k->key = p;
    k->cap = n;
  }
  snprintf(k->key, n, "%s\t%s", name, when);
  return 1;
}

static int find_columns(pm_text *t, pm_obs *obs, const pm_filter *filter,
                        pm_filter_counts *counts, pm_obs_report *report,
                        detailed_columns *c)
{
  size_t i, n = pm_text_ncolumns(t), len;
  double lo, hi;
  char name[256];
  int status, reason;

  if ((status = pm_text_column(t, "Profile", &c->profile)) ||
      (status = pm_text_column(t, "yyyy-mm-dd hh:mm", &c->time)) ||
      (status = pm_text_column(t, "Depth [m]", &c->depth)) ||
      (status = pm_text_column(t, "Sampled volume [L]", &c->volume)))
    return status;
  c->col = malloc(n * sizeof *c->col);
  c->cls = malloc(n * sizeof *c->cls);
  c->count = malloc(n * sizeof *c->count);
  if (!c->col || !c->cls || !c->count) return pm_error_nomem();
  for (i = 0; i < n; i++) {
    const char *column = pm_text_column_name(t, i);
    /* the number concentrations; the biovolume columns are "LPM biovolume" */
    if (pm_ecopart_size_class(column, &len, &lo, &hi) ||
        strcmp(column + len, " [# l-1]") != 0 || len >= sizeof name)
      continue;
    memcpy(name, column, len);
    name[len] = '\0';
    c->col[c->n_lpm] = i;
    if ((status = pm_ecopart_class(obs, filter, counts, name, NULL, lo, hi,
                                   &c->cls[c->n_lpm], &reason)))
      return status;
    if (reason >= 0 && report) report->rows_dropped[reason]++;
    c->n_lpm++;
  }
  if (c->n_lpm == 0)
    return pm_error(PM_EINPUT,
                    "%s:1: no size-class column 'LPM (a-b µm) [# l-1]' in the "
                    "header; is this an EcoPart detailed PAR file?",
                    pm_text_path(t));
  return PM_SUCCESS;
}

/* First pass over a file: the bin width is the smallest spacing of the
 * mid-depths within a profile. */
static int bin_width(const char *path, const detailed_columns *c,
                     double fallback, double *step)
{
  pm_text *t = NULL;
  row_key key = {NULL, 0};
  double depth, prev = NAN;
  int more, status, fresh;

  *step = INFINITY;
  if ((status = pm_text_open(&t, path, '\t', PM_TEXT_LATIN1)) ||
      (status = pm_text_read_header(t)))
    goto cleanup;
  for (;;) {
    if ((status = pm_text_next(t, &more)) || !more) break;
    if ((status = pm_text_check_width(t)) ||
        (status = pm_text_double(t, c->depth, &depth)))
      break;
    if ((fresh = new_key(&key, t, c)) < 0) {
      status = pm_error_nomem();
      break;
    }
    if (!fresh && depth > prev && depth - prev < *step) *step = depth - prev;
    prev = depth;
  }
  if (isinf(*step)) *step = fallback;
cleanup:
  free(key.key);
  pm_text_free(t);
  return status;
}

/* The bins of a profile must lie on a grid of `step`. */
static int check_spacing(const pm_text *t, const detailed_columns *c,
                         double prev, double depth, double step)
{
  double k = (depth - prev) / step;
  if (k > 0.5 && fabs(k - nearbyint(k)) <= 1e-6) return PM_SUCCESS;
  return pm_text_error(t, PM_EINPUT, c->depth,
                       "depth %g m follows %g m: the depths of a profile must "
                       "increase on a regular grid (here %g m bins)",
                       depth, prev, step);
}

/* The counts of the current row: concentration × volume, whole numbers. */
static int read_counts(const pm_text *t, const detailed_columns *c,
                       double litres)
{
  size_t i;
  double conc, n, whole;
  int status;

  for (i = 0; i < c->n_lpm; i++) {
    if ((status = pm_text_double(t, c->col[i], &conc))) return status;
    n = conc * litres;
    whole = nearbyint(n);
    if (conc < 0)
      return pm_text_error(t, PM_EINPUT, c->col[i],
                           "concentration %g # l-1 is negative", conc);
    if (fabs(n - whole) > PM_WHOLE_RELTOL * fmax(whole, 1))
      return pm_text_error(t, PM_EINPUT, c->col[i],
                           "count %.6g = %.6g # l-1 × %.6g L is not a whole "
                           "number; the concentration or the sampled volume "
                           "is wrong",
                           n, conc, litres);
    c->count[i] = whole;
  }
  return PM_SUCCESS;
}

/* The profile of the current row: looked up in the summary when it starts. */
typedef struct {
  row_key key;
  const pm_ecopart_cast *cast;
  size_t index; /* in obs, SIZE_MAX until a sample of it is kept */
  double prev_depth;
} profile_state;

static int start_profile(const pm_text *t, const detailed_columns *c,
                         const pm_ecopart_meta *meta, profile_state *p)
{
  const char *when = pm_text_field(t, c->time);
  double time;
  int status;

  if (pm_parse_datetime(when, &time) != 0)
    return pm_text_error(t, PM_EINPUT, c->time,
                         "'%s' is not a date-time YYYY-MM-DD hh:mm[:ss]", when);
  if ((status = pm_ecopart_meta_find(meta, pm_text_field(t, c->profile), time,
                                     &p->cast)))
    return pm_error_prefix(status, "%s:%zu", pm_text_path(t), pm_text_line(t));
  p->index = SIZE_MAX;
  p->prev_depth = NAN;
  return PM_SUCCESS;
}

typedef struct {
  pm_obs *obs;
  const pm_obs_source *src;
  const pm_filter *filter;
  pm_filter_counts *counts;
  const pm_ecopart_meta *meta;
  pm_obs_report *report;
} detailed_reader;

static int read_row(const detailed_reader *r, pm_text *t,
                    const detailed_columns *c, double step, profile_state *p)
{
  pm_obs *obs = r->obs;
  pm_obs_report *report = r->report;
  double depth, litres;
  size_t s, i;
  int status, fresh, reason;
  char where[1100];

  if ((status = pm_text_check_width(t))) return status;
  if ((fresh = new_key(&p->key, t, c)) < 0) return pm_error_nomem();
  if (fresh && (status = start_profile(t, c, r->meta, p))) return status;
  if ((status = pm_text_double(t, c->depth, &depth)) ||
      (status = pm_text_double(t, c->volume, &litres)))
    return status;
  if (!isnan(p->prev_depth) &&
      (status = check_spacing(t, c, p->prev_depth, depth, step)))
    return status;
  p->prev_depth = depth;
  if (!(litres > 0))
    return pm_text_error(t, PM_EINPUT, c->volume,
                         "sampled volume %g L is negative or zero; a sampled "
                         "volume must be positive",
                         litres);
  if ((status = read_counts(t, c, litres))) return status;
  reason = r->filter ? pm_filter_sample(r->filter, p->cast->time,
                                        depth - step / 2, depth + step / 2)
                     : -1;
  if (reason >= 0) {
    if (report) report->rows_dropped[reason]++;
    return PM_SUCCESS;
  }
  snprintf(where, sizeof where, "%s:%zu", pm_text_path(t), pm_text_line(t));
  if (p->index == SIZE_MAX &&
      (status = pm_ecopart_add_profile(obs, r->src, r->meta, p->cast, where,
                                       &p->index)))
    return status;
  snprintf(where, sizeof where, "line %zu", pm_text_line(t));
  if ((status = pm_obs_add_sample(obs, p->index, depth - step / 2,
                                  depth + step / 2, litres * 1e-3, where, &s)))
    return pm_error_prefix(status, "%s", pm_text_path(t));
  for (i = 0; i < c->n_lpm; i++)
    if (c->cls[i] != SIZE_MAX) obs->count[c->cls[i]][s] += c->count[i];
  if (report) report->rows_kept++;
  return PM_SUCCESS;
}

static int read_file(void *ctx, const char *path)
{
  const detailed_reader *r = ctx;
  pm_obs_report *report = r->report;
  pm_text *t = NULL;
  detailed_columns c = {0};
  profile_state p = {{NULL, 0}, NULL, SIZE_MAX, NAN};
  double step;
  int more, status;

  if ((status = pm_text_open(&t, path, '\t', PM_TEXT_LATIN1)) ||
      (status = pm_text_read_header(t)) ||
      (status = find_columns(t, r->obs, r->filter, r->counts, report, &c)) ||
      (status = bin_width(path, &c,
                          r->src->depth_step_m > 0 ? r->src->depth_step_m
                                                   : PM_ECOPART_BIN_M,
                          &step)))
    goto cleanup;
  for (;;) {
    if ((status = pm_text_next(t, &more)) || !more) break;
    if (report) report->rows_read++;
    if ((status = read_row(r, t, &c, step, &p))) break;
  }
  if (!status && report) {
    report->files_read++;
    report->bytes_read += pm_text_size(t);
  }
cleanup:
  free(p.key.key);
  free_columns(&c);
  pm_text_free(t);
  return status;
}

int pm_obs_read_ecopart_detailed(pm_obs *obs, const pm_obs_source *src,
                                 const pm_filter *filter,
                                 pm_filter_counts *counts,
                                 pm_obs_report *report,
                                 const pm_progress *progress)
{
  pm_ecopart_meta *meta = NULL;
  detailed_reader r;
  int status;

  if ((status = pm_ecopart_meta_of(&meta, src, PM_ECOPART_DETAILED)))
    return status;
  r = (detailed_reader){obs, src, filter, counts, meta, report};
  status = pm_ecopart_each_file(src, progress, read_file, &r);
  pm_ecopart_meta_free(meta);
  return status;
}
