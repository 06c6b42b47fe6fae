/* bin.c: observations binned on a grid, stored sparsely (only the occupied
 * cells, found through an open-addressing hash of the cell index).
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "pm_bin.h"
#include "pm_error.h"

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define EMPTY SIZE_MAX

/* Whole counts below this have their Poisson interval computed once, when
 * binned, for all the cells and classes that hold them: the chi-square
 * quantiles cost microseconds, and most cells share a few small counts. */
#define KNOWN_COUNTS 65536

struct pm_bin {
  const pm_grid *grid;
  size_t n_classes;
  size_t n_slots, cap_slots;
  uint64_t *key;      /* per slot: linear index of the cell */
  double *volume;     /* per slot, m3 */
  size_t *n_samples;  /* per slot */
  double *count;      /* per slot, n_classes each */
  size_t *table;      /* hash table of slots, size a power of two */
  size_t table_size;
  size_t n_binned, dropped[PM_DROP_N];
  double tmin, tmax;
  double *lower, *upper; /* Poisson intervals of whole counts 0 .. n_known-1 */
  size_t n_known;
};

static uint64_t cell_key(const pm_grid *g, const pm_bin_cell *c)
{
  return (((uint64_t)c->time * g->ndepth + c->depth) * g->nlat + c->lat) *
             g->nlon +
         c->lon;
}

/* A 64-bit mixer (the finalizer of MurmurHash3, Appleby 2011) so that
 * neighbouring cells spread over the table. */
static size_t hash(uint64_t k, size_t mask)
{
  k ^= k >> 33;
  k *= 0xff51afd7ed558ccdULL;
  k ^= k >> 33;
  k *= 0xc4ceb9fe1a85ec53ULL;
  k ^= k >> 33;
  return (size_t)k & mask;
}

/* The table position of key k: its slot's, or the empty one to put it in. */
static size_t probe(const pm_bin *b, uint64_t k)
{
  size_t mask = b->table_size - 1, i = hash(k, mask);
  while (b->table[i] != EMPTY && b->key[b->table[i]] != k) i = (i + 1) & mask;
  return i;
}

static int grow_table(pm_bin *b)
{
  size_t size = b->table_size ? 2 * b->table_size : 1024, i, s;
  size_t *t = malloc(size * sizeof *t);

  if (!t) return pm_error_nomem();
  for (i = 0; i < size; i++) t[i] = EMPTY;
  free(b->table);
  b->table = t;
  b->table_size = size;
  for (s = 0; s < b->n_slots; s++) b->table[probe(b, b->key[s])] = s;
  return PM_SUCCESS;
}

static int grow_slots(pm_bin *b)
{
  size_t cap = b->cap_slots ? 2 * b->cap_slots : 256;
  uint64_t *k = realloc(b->key, cap * sizeof *k);
  double *v, *c;
  size_t *n, per = b->n_classes ? b->n_classes : 1; /* never a 0-byte block */

  if (k) b->key = k;
  v = k ? realloc(b->volume, cap * sizeof *v) : NULL;
  if (v) b->volume = v;
  n = v ? realloc(b->n_samples, cap * sizeof *n) : NULL;
  if (n) b->n_samples = n;
  c = n ? realloc(b->count, cap * per * sizeof *c) : NULL;
  if (!c) return pm_error_nomem();
  b->count = c;
  b->cap_slots = cap;
  return PM_SUCCESS;
}

/* The slot of cell key k, added (empty) when new. */
static int slot_of(pm_bin *b, uint64_t k, size_t *slot)
{
  size_t i;
  int status;

  if (2 * (b->n_slots + 1) > b->table_size && (status = grow_table(b)))
    return status;
  i = probe(b, k);
  if (b->table[i] != EMPTY) {
    *slot = b->table[i];
    return PM_SUCCESS;
  }
  if (b->n_slots == b->cap_slots && (status = grow_slots(b))) return status;
  *slot = b->n_slots++;
  b->table[i] = *slot;
  b->key[*slot] = k;
  b->volume[*slot] = 0;
  b->n_samples[*slot] = 0;
  memset(b->count + *slot * b->n_classes, 0, b->n_classes * sizeof(double));
  return PM_SUCCESS;
}

/* The cell of sample s, or the reason it lies outside the grid (-1 inside). */
static int sample_cell(const pm_grid *g, const pm_obs *obs, size_t s,
                       pm_bin_cell *c)
{
  c->lon = pm_grid_lon_index(g, obs->lon[s]);
  c->lat = pm_grid_lat_index(g, obs->lat[s]);
  if (c->lon == SIZE_MAX || c->lat == SIZE_MAX) return PM_DROP_REGION;
  c->depth =
      pm_grid_depth_index(g, 0.5 * (obs->depth_top[s] + obs->depth_bottom[s]));
  if (c->depth == SIZE_MAX) return PM_DROP_DEPTH;
  c->time = pm_grid_time_index(g, obs->time[s]);
  if (c->time == SIZE_MAX) return PM_DROP_DATE;
  return -1;
}

static int add_sample(pm_bin *b, const pm_obs *obs, size_t s)
{
  pm_bin_cell c;
  size_t slot, k;
  int why = sample_cell(b->grid, obs, s, &c), status;

  if (why >= 0) {
    b->dropped[why]++;
    return PM_SUCCESS;
  }
  if ((status = slot_of(b, cell_key(b->grid, &c), &slot))) return status;
  b->volume[slot] += obs->volume_m3[s];
  b->n_samples[slot]++;
  for (k = 0; k < b->n_classes; k++)
    b->count[slot * b->n_classes + k] += obs->count[k][s];
  b->n_binned++;
  if (!(obs->time[s] >= b->tmin)) b->tmin = obs->time[s];
  if (!(obs->time[s] <= b->tmax)) b->tmax = obs->time[s];
  return PM_SUCCESS;
}

/* Count k as an index of the known intervals; SIZE_MAX when not a whole
 * count below KNOWN_COUNTS. */
static size_t whole_count(double k)
{
  return k >= 0 && k < KNOWN_COUNTS && k == floor(k) ? (size_t)k : SIZE_MAX;
}

/* The Poisson intervals of the whole counts in the bins, each computed once
 * (NAN marks those not computed yet). */
static int know_intervals(pm_bin *b)
{
  size_t n = b->n_slots * b->n_classes, i, k;
  int status;

  for (i = 0; i < n; i++)
    if ((k = whole_count(b->count[i])) != SIZE_MAX && k >= b->n_known)
      b->n_known = k + 1;
  if (b->n_known == 0) return PM_SUCCESS;
  b->lower = malloc(b->n_known * sizeof *b->lower);
  b->upper = malloc(b->n_known * sizeof *b->upper);
  if (!b->lower || !b->upper) return pm_error_nomem();
  for (k = 0; k < b->n_known; k++) b->lower[k] = NAN;
  for (i = 0; i < n; i++)
    if ((k = whole_count(b->count[i])) != SIZE_MAX && isnan(b->lower[k]) &&
        (status = pm_bin_poisson_interval((double)k, &b->lower[k],
                                          &b->upper[k])))
      return status;
  return PM_SUCCESS;
}

int pm_bin_alloc(pm_bin **out, const pm_grid *g, const pm_obs *obs)
{
  pm_bin *b = calloc(1, sizeof *b);
  size_t s;
  int status = PM_SUCCESS;

  *out = NULL;
  if (!b) return pm_error_nomem();
  b->grid = g;
  b->n_classes = obs->n_classes;
  b->tmin = b->tmax = NAN;
  for (s = 0; s < obs->n_samples && !status; s++) status = add_sample(b, obs, s);
  if (!status) status = know_intervals(b);
  if (status) {
    pm_bin_free(b);
    return status;
  }
  *out = b;
  return PM_SUCCESS;
}

void pm_bin_free(pm_bin *b)
{
  if (!b) return;
  free(b->key);
  free(b->volume);
  free(b->n_samples);
  free(b->count);
  free(b->table);
  free(b->lower);
  free(b->upper);
  free(b);
}

size_t pm_bin_n_cells(const pm_bin *b) { return b->n_slots; }
size_t pm_bin_n_classes(const pm_bin *b) { return b->n_classes; }
size_t pm_bin_n_binned(const pm_bin *b) { return b->n_binned; }

size_t pm_bin_n_dropped(const pm_bin *b, pm_obs_drop reason)
{
  return (unsigned)reason < PM_DROP_N ? b->dropped[reason] : 0;
}

void pm_bin_time_range(const pm_bin *b, double *tmin, double *tmax)
{
  *tmin = b->tmin;
  *tmax = b->tmax;
}

size_t pm_bin_find(const pm_bin *b, const pm_bin_cell *c)
{
  const pm_grid *g = b->grid;

  if (!b->table_size || c->lon >= g->nlon || c->lat >= g->nlat ||
      c->depth >= g->ndepth || c->time >= g->ntime)
    return SIZE_MAX;
  return b->table[probe(b, cell_key(g, c))];
}

pm_bin_cell pm_bin_slot_cell(const pm_bin *b, size_t slot)
{
  const pm_grid *g = b->grid;
  uint64_t k = b->key[slot];
  pm_bin_cell c;

  c.lon = (size_t)(k % g->nlon);
  k /= g->nlon;
  c.lat = (size_t)(k % g->nlat);
  k /= g->nlat;
  c.depth = (size_t)(k % g->ndepth);
  c.time = (size_t)(k / g->ndepth);
  return c;
}

double pm_bin_volume(const pm_bin *b, size_t slot) { return b->volume[slot]; }

size_t pm_bin_n_samples(const pm_bin *b, size_t slot)
{
  return b->n_samples[slot];
}

double pm_bin_count(const pm_bin *b, size_t slot, size_t cls)
{
  return b->count[slot * b->n_classes + cls];
}

/* The p-quantile of the chi-square distribution with nu degrees of freedom.
 * The Newton steps of gsl_cdf_chisq_Pinv do not converge for large nu
 * (counts near 1e6), so its result is checked, and when wrong the quantile
 * is found by bisection of the (monotone) distribution function. */
static double chisq_quantile(double p, double nu)
{
  double x = gsl_cdf_chisq_Pinv(p, nu), lo = 0, hi;
  int i;

  if (isfinite(x) && fabs(gsl_cdf_chisq_P(x, nu) - p) < 1e-10) return x;
  hi = nu + 20 * sqrt(2 * nu) + 100; /* mean nu, sd sqrt(2 nu) */
  for (i = 0; i < 200 && hi - lo > 1e-15 * hi; i++) {
    double mid = 0.5 * (lo + hi);
    if (gsl_cdf_chisq_P(mid, nu) < p) lo = mid; else hi = mid;
  }
  return 0.5 * (lo + hi);
}

int pm_bin_poisson_interval(double k, double *lower, double *upper)
{
  gsl_error_handler_t *handler;

  /* Garwood (1936), Biometrika 28:437-442: the central 95% interval of a
   * Poisson mean from the chi-square quantiles. */
  if (!(k >= 0) || !isfinite(k))
    return pm_error(PM_ENUMERIC, "Poisson interval: count %g is not a "
                                 "finite non-negative number", k);
  handler = gsl_set_error_handler_off(); /* GSL must not abort the program */
  *lower = k > 0 ? 0.5 * chisq_quantile(0.025, 2 * k) : 0;
  *upper = 0.5 * chisq_quantile(0.975, 2 * k + 2);
  gsl_set_error_handler(handler);
  if (!isfinite(*lower) || !isfinite(*upper))
    return pm_error(PM_ENUMERIC,
                    "Poisson interval: the chi-square quantiles of count %g "
                    "are not finite",
                    k);
  return PM_SUCCESS;
}

int pm_bin_concentration(const pm_bin *b, size_t slot, size_t cls,
                         double *conc, double *lower, double *upper)
{
  double k = pm_bin_count(b, slot, cls), v = b->volume[slot];
  size_t known = whole_count(k);
  int status;

  if (known < b->n_known) {
    *lower = b->lower[known];
    *upper = b->upper[known];
  } else if ((status = pm_bin_poisson_interval(k, lower, upper))) {
    return status;
  }
  *conc = k / v;
  *lower /= v;
  *upper /= v;
  return PM_SUCCESS;
}
