/* uvp5_properties.c: the check of the UVP5 data set's properties_per_bin
 * table against the counts and volumes its reader produced.  The table
 * gives, per sample_id, depth range "(start,end]" (column depth_bin, as
 * the data set's script writes it with R's cut(), its first bin closed,
 * "[0,25]"; depth_range in the data set's organisation text) and group, the
 * concentration (ind/L) computed by the data set's authors from the same
 * objects and volumes; here the concentration of each row is recomputed as
 * the sum of the counts of the group over the 5 m bins of the cast that lie
 * in the range, divided by the sum of their volumes, and the two are
 * compared.  samples.tsv maps the table's sample_id to the cast (project
 * and sample_name) of the observation table.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "pm_class_map.h"
#include "pm_error.h"
#include "pm_read.h"
#include "pm_text.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DEPTH_EPS 1e-6 /* m */

typedef struct {
  const pm_obs *obs;
  pm_strmap *cast_of;  /* "project\tname" -> profile of obs */
  pm_strmap *id_of;    /* sample_id -> profile of obs (SIZE_MAX: none) */
  pm_strmap *class_of; /* class name -> class of obs */
  size_t *start;       /* the samples of profile p: order[start[p] ..
                          start[p + 1]) */
  size_t *order;
} checker;

static int cast_key(char *key, size_t size, const char *project,
                    const char *name)
{
  if ((size_t)snprintf(key, size, "%s\t%s", project ? project : "", name) >=
      size)
    return pm_error(PM_EINPUT, "cast name '%s' is too long", name);
  return PM_SUCCESS;
}

/* The casts and classes of obs by name, its samples by cast. */
static int index_obs(checker *k)
{
  const pm_obs *obs = k->obs;
  size_t p, s, c;
  char key[2048];
  int status = PM_SUCCESS;

  k->start = calloc(obs->n_profiles + 2, sizeof *k->start);
  k->order = malloc((obs->n_samples + 1) * sizeof *k->order);
  if (!k->start || !k->order) return pm_error_nomem();
  for (s = 0; s < obs->n_samples; s++) k->start[obs->profile[s] + 2]++;
  for (p = 2; p < obs->n_profiles + 2; p++) k->start[p] += k->start[p - 1];
  for (s = 0; s < obs->n_samples; s++)
    k->order[k->start[obs->profile[s] + 1]++] = s;
  for (p = 0; p < obs->n_profiles && !status; p++)
    if (!(status = cast_key(key, sizeof key, obs->profiles[p].project,
                            obs->profiles[p].name)))
      status = pm_strmap_insert(k->cast_of, key, p);
  for (c = 0; c < obs->n_classes && !status; c++)
    status = pm_strmap_insert(k->class_of, obs->classes[c].name, c);
  return status;
}

/* sample_id -> cast of obs, from samples.tsv. */
static int read_ids(checker *k, const char *path)
{
  static const char *const names[] = {"sample_id", "sample_name", "project"};
  pm_text *t = NULL;
  size_t col[3], i;
  char key[2048];
  int more = 1, status = pm_text_open(&t, path, '\t', PM_TEXT_UTF8);

  if (!status) status = pm_text_read_header(t);
  for (i = 0; i < 3 && !status; i++)
    status = pm_text_column(t, names[i], &col[i]);
  while (!status && (status = pm_text_next(t, &more)) == 0 && more)
    if (!(status = pm_text_check_width(t)) &&
        !(status = cast_key(key, sizeof key, pm_text_field(t, col[2]),
                            pm_text_field(t, col[1]))))
      status = pm_strmap_insert(k->id_of, pm_text_field(t, col[0]),
                                pm_strmap_find(k->cast_of, key));
  pm_text_free(t);
  return status;
}

/* Record a row that differs: counted, and the first one described. */
static void differs(pm_uvp5_check *out, const pm_text *t, const char *fmt,
                    ...)
{
  va_list ap;
  int n;
  if (out->differ++) return;
  n = snprintf(out->first, sizeof out->first, "%s:%zu: ", pm_text_path(t),
               pm_text_line(t));
  va_start(ap, fmt);
  if (n > 0 && (size_t)n < sizeof out->first)
    vsnprintf(out->first + n, sizeof out->first - (size_t)n, fmt, ap);
  va_end(ap);
}

/* The count of class c and the volume (L) of the bins of cast p inside
 * the depth range (top, bottom]. */
static void sum_range(const checker *k, size_t p, size_t c, double top,
                      double bottom, double *count, double *litres)
{
  const pm_obs *obs = k->obs;
  size_t i, s;
  *count = *litres = 0;
  for (i = k->start[p]; i < k->start[p + 1]; i++) {
    s = k->order[i];
    if (obs->depth_top[s] < top - DEPTH_EPS ||
        obs->depth_bottom[s] > bottom + DEPTH_EPS)
      continue;
    *litres += obs->volume_m3[s] * 1e3;
    if (c != SIZE_MAX) *count += obs->count[c][s];
  }
}

/* Compare the current row (col: sample_id, depth_range, group,
 * concentration) with the observation table. */
static int check_row(const checker *k, const pm_text *t, const size_t *col,
                     double rel_tol, pm_uvp5_check *out)
{
  const char *id = pm_text_field(t, col[0]), *range = pm_text_field(t, col[1]);
  size_t p = pm_strmap_find(k->id_of, id), c;
  double top, bottom, conc, count, litres, mine, rel;
  char open, close, end;
  int status;

  if ((status = pm_text_check_width(t)) ||
      (status = pm_text_double(t, col[3], &conc)))
    return status;
  if (sscanf(range, " %c%lf ,%lf %c %c", &open, &top, &bottom, &close, &end) !=
          4 ||
      (open != '(' && open != '[') || (close != ']' && close != ')') ||
      !(bottom > top))
    return pm_text_error(t, PM_EINPUT, col[1], "'%s' is not a depth range "
                         "(start,end] in m", range);
  out->rows++;
  if (p == SIZE_MAX) {
    differs(out, t, "sample_id '%s' is not a cast of the observations", id);
    return PM_SUCCESS;
  }
  c = pm_strmap_find(k->class_of, pm_text_field(t, col[2]));
  sum_range(k, p, c, top, bottom, &count, &litres);
  if (litres <= 0) {
    differs(out, t, "sample_id '%s' has no bin with a volume in %s", id,
            range);
    return PM_SUCCESS;
  }
  mine = count / litres;
  rel = fabs(mine - conc) / fmax(fmax(fabs(mine), fabs(conc)), 1e-300);
  if (mine == conc) rel = 0;
  out->max_rel = fmax(out->max_rel, rel);
  if (rel > rel_tol)
    differs(out, t, "%s in %s m of sample_id '%s': %g ind/L in the table, "
            "%g / %g L = %g ind/L from the objects and volumes",
            pm_text_field(t, col[2]), range, id, conc, count, litres, mine);
  return PM_SUCCESS;
}

static int read_properties(const checker *k, const char *path, double rel_tol,
                           pm_uvp5_check *out)
{
  static const char *const names[] = {"sample_id", "depth_bin", "group",
                                      "concentration"};
  pm_text *t = NULL;
  size_t col[4], i;
  int more = 1, status = pm_text_open(&t, path, '\t', PM_TEXT_UTF8);

  if (!status) status = pm_text_read_header(t);
  for (i = 0; i < 4 && !status; i++)
    if (i != 1 || (col[1] = pm_text_column_opt(t, "depth_range")) == SIZE_MAX)
      status = pm_text_column(t, names[i], &col[i]);
  while (!status && (status = pm_text_next(t, &more)) == 0 && more)
    status = check_row(k, t, col, rel_tol, out);
  pm_text_free(t);
  return status;
}

int pm_uvp5_check_properties(const pm_obs *obs, const char *samples,
                             const char *properties, double rel_tol,
                             pm_uvp5_check *out)
{
  checker k = {obs, NULL, NULL, NULL, NULL, NULL};
  int status;

  memset(out, 0, sizeof *out);
  if (!(status = pm_strmap_alloc(&k.cast_of)) &&
      !(status = pm_strmap_alloc(&k.id_of)) &&
      !(status = pm_strmap_alloc(&k.class_of)) &&
      !(status = index_obs(&k)) && !(status = read_ids(&k, samples)))
    status = read_properties(&k, properties, rel_tol, out);
  pm_strmap_free(k.cast_of);
  pm_strmap_free(k.id_of);
  pm_strmap_free(k.class_of);
  free(k.start);
  free(k.order);
  return status;
}
