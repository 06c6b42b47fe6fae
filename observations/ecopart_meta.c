/* ecopart_meta.c: the metadata summary of an EcoPart export (where, when and
 * how each cast was taken), shared by the detailed and raw readers.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "pm_ecopart.h"
#include "pm_error.h"
#include "pm_text.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Column names of the two kinds of summary. */
typedef struct {
  const char *name, *time, *lat, *lon, *project, *par_file, *volimage, *pixel;
} meta_columns;

static const meta_columns detailed_columns = {
    "profile", "yyyy-mm-dd hh:mm", "Latitude", "Longitude",
    "Project", "Particle filename", NULL, NULL};
static const meta_columns raw_columns = {
    "profileid", "sampledate", "latitude", "longitude",
    "ptitle", "Particle filename", "acq_volimage", "acq_pixel"};

typedef struct {
  size_t name, time, lat, lon, project, par_file, volimage, pixel;
} meta_index;

void pm_ecopart_meta_free(pm_ecopart_meta *m)
{
  size_t i;
  if (!m) return;
  for (i = 0; i < m->n; i++) {
    free(m->cast[i].name);
    free(m->cast[i].project);
    free(m->cast[i].par_file);
  }
  free(m->cast);
  free(m->path);
  free(m);
}

/* A copy of a text field without surrounding blanks and double quotes (raw
 * summaries quote their text fields: "bats361_ctd12"). */
static char *unquote(const char *s)
{
  size_t n;
  char *copy;
  while (*s == ' ' || *s == '"') s++;
  n = strlen(s);
  while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '"')) n--;
  copy = malloc(n + 1);
  if (!copy) return NULL;
  memcpy(copy, s, n);
  copy[n] = '\0';
  return copy;
}

static int find_columns(const pm_text *t, const meta_columns *c, meta_index *x)
{
  int status;
  if ((status = pm_text_column(t, c->name, &x->name)) ||
      (status = pm_text_column(t, c->time, &x->time)) ||
      (status = pm_text_column(t, c->lat, &x->lat)) ||
      (status = pm_text_column(t, c->lon, &x->lon)) ||
      (status = pm_text_column(t, c->project, &x->project)) ||
      (status = pm_text_column(t, c->par_file, &x->par_file)))
    return status;
  x->volimage = x->pixel = SIZE_MAX;
  /* the pixel size is only needed for the objects' sizes: optional */
  if (c->pixel) x->pixel = pm_text_column_opt(t, c->pixel);
  if (c->volimage) return pm_text_column(t, c->volimage, &x->volimage);
  return PM_SUCCESS;
}

static int read_cast(const pm_text *t, const meta_index *x,
                     pm_ecopart_cast *c)
{
  int status;
  char *when;

  if ((status = pm_text_check_width(t))) return status;
  c->line = pm_text_line(t);
  c->volimage = c->pixel_mm = NAN;
  c->name = unquote(pm_text_field(t, x->name));
  c->project = unquote(pm_text_field(t, x->project));
  c->par_file = unquote(pm_text_field(t, x->par_file));
  when = unquote(pm_text_field(t, x->time));
  if (!c->name || !c->project || !c->par_file || !when) {
    free(when);
    return pm_error_nomem();
  }
  if (pm_parse_datetime(when, &c->time) != 0)
    status = pm_text_error(t, PM_EINPUT, x->time,
                           "'%s' is not a date-time YYYY-MM-DD hh:mm[:ss]",
                           when);
  free(when);
  if (status) return status;
  if ((status = pm_text_double_opt(t, x->lat, &c->lat)) ||
      (status = pm_text_double_opt(t, x->lon, &c->lon)))
    return status;
  if (x->volimage != SIZE_MAX) {
    if ((status = pm_text_double_opt(t, x->volimage, &c->volimage)))
      return status;
    if (!(c->volimage > 0))
      return pm_text_error(t, PM_EINPUT, x->volimage,
                           "the volume imaged per image is %g L; it must be "
                           "positive",
                           c->volimage);
  }
  if (x->pixel != SIZE_MAX) {
    if ((status = pm_text_double_opt(t, x->pixel, &c->pixel_mm))) return status;
    if (c->pixel_mm <= 0 || isinf(c->pixel_mm))
      return pm_text_error(t, PM_EINPUT, x->pixel,
                           "the pixel size is %g mm; it must be positive "
                           "(or empty when unknown)",
                           c->pixel_mm);
  }
  return PM_SUCCESS;
}

static int grow_casts(pm_ecopart_meta *m, size_t *cap)
{
  pm_ecopart_cast *c;
  size_t n = *cap ? 2 * *cap : 64;
  if (m->n < *cap) return PM_SUCCESS;
  c = realloc(m->cast, n * sizeof *c);
  if (!c) return pm_error_nomem();
  m->cast = c;
  *cap = n;
  return PM_SUCCESS;
}

/* Read the metadata summary at `path`. */
static int meta_read(pm_ecopart_meta **out, const char *path,
                     pm_ecopart_kind kind)
{
  pm_ecopart_meta *m = calloc(1, sizeof *m);
  pm_text *t = NULL;
  meta_index x;
  size_t cap = 0;
  int more = 1, status;

  *out = NULL;
  if (!m || !(m->path = strdup(path))) {
    status = pm_error_nomem();
    goto cleanup;
  }
  if ((status = pm_text_open(&t, path, '\t', PM_TEXT_LATIN1)) ||
      (status = pm_text_read_header(t)) ||
      (status = find_columns(t, kind == PM_ECOPART_RAW ? &raw_columns
                                                       : &detailed_columns,
                             &x)))
    goto cleanup;
  for (;;) {
    if ((status = pm_text_next(t, &more)) || !more) break;
    if ((status = grow_casts(m, &cap))) break;
    memset(&m->cast[m->n], 0, sizeof *m->cast);
    m->n++; /* counted first, so that cleanup frees a half-read cast */
    if ((status = read_cast(t, &x, &m->cast[m->n - 1]))) break;
  }
cleanup:
  pm_text_free(t);
  if (status) {
    pm_ecopart_meta_free(m);
    return pm_error_prefix(status, "metadata summary");
  }
  *out = m;
  return PM_SUCCESS;
}

int pm_ecopart_meta_find(const pm_ecopart_meta *m, const char *name,
                         double time, const pm_ecopart_cast **cast)
{
  size_t i;
  char when[64];

  pm_format_datetime(time, when, sizeof when);
  *cast = NULL;
  for (i = 0; i < m->n; i++) {
    if (m->cast[i].time != time || strcmp(m->cast[i].name, name) != 0)
      continue;
    if (*cast)
      return pm_error(PM_EINPUT,
                      "profile '%s' at %s is on lines %zu (project '%s') "
                      "and %zu (project '%s') of the metadata summary %s; "
                      "remove the line that does not belong to this export",
                      name, when, (*cast)->line, (*cast)->project,
                      m->cast[i].line, m->cast[i].project, m->path);
    *cast = &m->cast[i];
  }
  if (!*cast)
    return pm_error(PM_EINPUT,
                    "profile '%s' at %s is not in the metadata summary %s; "
                    "give the summary of the same export",
                    name, when, m->path);
  return PM_SUCCESS;
}

int pm_ecopart_meta_find_file(const pm_ecopart_meta *m, const char *file,
                              const pm_ecopart_cast **cast)
{
  size_t i;
  for (i = 0; i < m->n; i++)
    if (strcmp(m->cast[i].par_file, file) == 0) {
      *cast = &m->cast[i];
      return PM_SUCCESS;
    }
  *cast = NULL;
  return pm_error(PM_EINPUT,
                  "%s is not in the column 'Particle filename' of the "
                  "metadata summary %s; give the summary of the same export",
                  file, m->path);
}

int pm_ecopart_add_profile(pm_obs *obs, const pm_obs_source *src,
                           const pm_ecopart_meta *meta,
                           const pm_ecopart_cast *cast, const char *origin,
                           size_t *index)
{
  pm_obs_profile p = {0};

  if (isnan(cast->lat) || isnan(cast->lon))
    return pm_error(PM_EINPUT,
                    "%s:%zu: profile '%s' has no latitude or longitude",
                    meta->path, cast->line, cast->name);
  p.source = src->name;
  p.name = cast->name;
  p.project = cast->project;
  p.time = cast->time;
  p.lat = cast->lat;
  p.lon = cast->lon;
  p.origin = (char *)origin;
  return pm_obs_add_profile(obs, &p, index);
}

static uint64_t file_bytes(const char *path)
{
  struct stat st;
  return stat(path, &st) == 0 ? (uint64_t)st.st_size : 0;
}

int pm_ecopart_each_file(const pm_obs_source *src, const pm_progress *progress,
                         pm_ecopart_file_fn fn, void *ctx)
{
  uint64_t total = 0, done = 0;
  size_t i;
  int status = PM_SUCCESS;
  char what[512];

  for (i = 0; i < src->n_files; i++) total += file_bytes(src->files[i]);
  for (i = 0; i < src->n_files && !status; i++) {
    snprintf(what, sizeof what, "reading %s",
             pm_ecopart_basename(src->files[i]));
    pm_progress_report(progress, what, done, total);
    status = fn(ctx, src->files[i]);
    done += file_bytes(src->files[i]);
  }
  if (!status) pm_progress_report(progress, "read", total, total);
  return status;
}

const char *pm_ecopart_basename(const char *path)
{
  const char *slash = strrchr(path, '/');
  return slash ? slash + 1 : path;
}

int pm_ecopart_meta_of(pm_ecopart_meta **meta, const pm_obs_source *src,
                       pm_ecopart_kind kind)
{
  *meta = NULL;
  if (!src->metadata)
    return pm_error(PM_EINPUT,
                    "observation source '%s': an EcoPart %s export needs its "
                    "metadata summary (*_Export_metadata_summary.tsv)",
                    src->name ? src->name : "",
                    kind == PM_ECOPART_RAW ? "raw" : "detailed");
  return meta_read(meta, src->metadata, kind);
}
