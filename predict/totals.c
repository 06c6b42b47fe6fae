/* totals.c: totals per region over the cells of a map, with intervals
 * from the posterior draws.
 *
 * A total T = sum_i w_i mu_i is a function of the coefficients; its
 * interval is the interval of T(beta_d) over the draws (Wood 2017,
 * Generalized Additive Models, 2nd ed., section 6.10), which accounts for
 * the correlation between cells that summing standard errors would ignore.
 * A paired difference uses T_s(beta_d) - T_b(beta_d), the same draw for both.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "mapper_internal.h"
#include "pm_error.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

struct pm_totals {
  size_t nregions, ndraws;
  unsigned long seed;  /* of the draws added (when ndraws > 0) */
  int seeded;          /* 1 once cells with draws were added */
  double *mean;        /* nregions: sum of w * mean */
  double *weight;      /* nregions: sum of w, for weighted means */
  double *draw;        /* nregions x ndraws: sum of w * mu_d */
};

size_t pm_totals_nregions(const pm_totals *t) { return t->nregions; }

size_t pm_totals_ndraws(const pm_totals *t) { return t->ndraws; }

int pm_totals_alloc(pm_totals **out, size_t nregions, size_t ndraws)
{
  pm_totals *t;

  *out = NULL;
  if (nregions == 0)
    return pm_error(PM_EINPUT, "totals need at least one region");
  if (!(t = calloc(1, sizeof *t))) return pm_error_nomem();
  t->nregions = nregions;
  t->ndraws = ndraws;
  t->mean = calloc(nregions, sizeof *t->mean);
  t->weight = calloc(nregions, sizeof *t->weight);
  t->draw = calloc(nregions * ndraws + 1, sizeof *t->draw);
  if (!t->mean || !t->weight || !t->draw) {
    pm_totals_free(t);
    return pm_error_nomem();
  }
  *out = t;
  return PM_SUCCESS;
}

void pm_totals_free(pm_totals *t)
{
  if (!t) return;
  free(t->mean);
  free(t->weight);
  free(t->draw);
  free(t);
}

/* The sums over regions [r0, r1) of t: of the mean into *mean and of
 * every draw into per_draw; divided by their sum of weights when `as_mean`
 * (NAN without weight). */
static void region_sums(const pm_totals *t, size_t r0, size_t r1,
                        int as_mean, double *mean, double *per_draw)
{
  double w = 0;
  size_t r, d;

  *mean = 0;
  for (d = 0; d < t->ndraws; d++) per_draw[d] = 0;
  for (r = r0; r < r1; r++) {
    *mean += t->mean[r];
    w += t->weight[r];
    for (d = 0; d < t->ndraws; d++) per_draw[d] += t->draw[r * t->ndraws + d];
  }
  if (!as_mean) return;
  *mean = w > 0 ? *mean / w : NAN;
  for (d = 0; d < t->ndraws; d++) per_draw[d] = w > 0 ? per_draw[d] / w : NAN;
}

static int check_range(const pm_totals *t, size_t first, size_t count)
{
  if (count == 1 && first >= t->nregions)
    return pm_error(PM_EINPUT, "region %zu asked for; the totals have %zu "
                    "regions (0..%zu, or %zu for all)", first, t->nregions,
                    t->nregions - 1, t->nregions);
  if (count == 0 || first >= t->nregions || count > t->nregions - first)
    return pm_error(PM_EINPUT, "regions %zu to %zu asked for; the totals "
                    "have %zu regions (0..%zu)", first, first + count - 1,
                    t->nregions, t->nregions - 1);
  return PM_SUCCESS;
}

/* The total (or weighted mean) of regions first..first+count-1 of t,
 * minus that of `base` when given, with the interval over the draws. */
static int interval(const pm_totals *t, const pm_totals *base, size_t first,
                    size_t count, int as_mean, pm_interval *out)
{
  double *per_draw, *base_draw, base_mean = 0;
  size_t d;
  int status;

  if ((status = check_range(t, first, count))) return status;
  if (!(per_draw = malloc((2 * t->ndraws + 1) * sizeof *per_draw)))
    return pm_error_nomem();
  base_draw = per_draw + t->ndraws;
  region_sums(t, first, first + count, as_mean, &out->mean, per_draw);
  if (base) {
    region_sums(base, first, first + count, as_mean, &base_mean, base_draw);
    out->mean -= base_mean;
    for (d = 0; d < t->ndraws; d++) per_draw[d] -= base_draw[d];
  }
  out->lower = out->upper = NAN;
  if (t->ndraws > 0 && !isnan(per_draw[0]))
    pm_map_quantiles(per_draw, t->ndraws, &out->lower, &out->upper);
  free(per_draw);
  return PM_SUCCESS;
}

/* `region`, or all of them when it is nregions, as a range. */
static size_t range_count(const pm_totals *t, size_t *region)
{
  if (*region != t->nregions) return 1;
  *region = 0;
  return t->nregions;
}

int pm_totals_add(pm_totals *t, size_t region, double w, double mean,
                  const double *draws, unsigned long seed)
{
  size_t d;
  double *row;

  if ((region >= t->nregions))
    return pm_error(PM_EINPUT, "region %zu asked for; the totals have %zu "
                    "regions (0..%zu)", region, t->nregions, t->nregions - 1);
  if (!(w >= 0 && isfinite(w)))
    return pm_error(PM_EINPUT, "weight %g: it must be finite and not "
                    "negative", w);
  if (t->ndraws > 0 && !draws)
    return pm_error(PM_EINPUT, "the totals keep %zu draws; give the value "
                    "of each", t->ndraws);
  t->mean[region] += w * mean;
  t->weight[region] += w;
  row = t->draw + region * t->ndraws;
  for (d = 0; d < t->ndraws; d++) row[d] += w * draws[d];
  if (t->ndraws > 0) {
    t->seed = seed;
    t->seeded = 1;
  }
  return PM_SUCCESS;
}

void pm_totals_merge(pm_totals *t, const pm_totals *part)
{
  size_t r, d;

  for (r = 0; r < t->nregions; r++) {
    t->mean[r] += part->mean[r];
    t->weight[r] += part->weight[r];
  }
  for (d = 0; d < t->nregions * t->ndraws; d++) t->draw[d] += part->draw[d];
  if (part->seeded) {
    t->seed = part->seed;
    t->seeded = 1;
  }
}

/* The packed form: this header, then mean, weight and draw. */
typedef struct {
  size_t nregions, ndraws;
  unsigned long seed;
  int seeded;
} packed_head;

size_t pm_totals_packed_size(const pm_totals *t)
{
  return sizeof(packed_head) +
         t->nregions * (2 + t->ndraws) * sizeof(double);
}

void pm_totals_pack(const pm_totals *t, void *buf)
{
  packed_head h = {t->nregions, t->ndraws, t->seed, t->seeded};
  char *p = buf;
  size_t n = t->nregions * sizeof(double);

  memcpy(p, &h, sizeof h);
  p += sizeof h;
  memcpy(p, t->mean, n);
  memcpy(p + n, t->weight, n);
  memcpy(p + 2 * n, t->draw, n * t->ndraws);
}

/* t->v[i] += the i-th of the n doubles at p (perhaps unaligned). */
static void add_doubles(double *v, const char *p, size_t n)
{
  size_t i;
  double x;

  for (i = 0; i < n; i++) {
    memcpy(&x, p + i * sizeof x, sizeof x);
    v[i] += x;
  }
}

int pm_totals_add_packed(pm_totals *t, const void *buf)
{
  const char *p = buf;
  packed_head h;

  memcpy(&h, p, sizeof h);
  if (h.nregions != t->nregions || h.ndraws != t->ndraws)
    return pm_error(PM_EINPUT, "packed totals of %zu regions and %zu draws "
                    "added to totals of %zu regions and %zu draws",
                    h.nregions, h.ndraws, t->nregions, t->ndraws);
  p += sizeof h;
  add_doubles(t->mean, p, t->nregions);
  add_doubles(t->weight, p + t->nregions * sizeof(double), t->nregions);
  add_doubles(t->draw, p + 2 * t->nregions * sizeof(double),
              t->nregions * t->ndraws);
  if (h.seeded) {
    t->seed = h.seed;
    t->seeded = 1;
  }
  return PM_SUCCESS;
}

void pm_totals_clear(pm_totals *t)
{
  memset(t->mean, 0, t->nregions * sizeof *t->mean);
  memset(t->weight, 0, t->nregions * sizeof *t->weight);
  memset(t->draw, 0, t->nregions * t->ndraws * sizeof *t->draw);
  t->seeded = 0;
}

int pm_totals_get_range(const pm_totals *t, size_t first, size_t count,
                        pm_interval *out)
{
  return interval(t, NULL, first, count, 0, out);
}

int pm_totals_get(const pm_totals *t, size_t region, pm_interval *out)
{
  size_t count = range_count(t, &region);
  return interval(t, NULL, region, count, 0, out);
}

int pm_totals_mean_range(const pm_totals *t, size_t first, size_t count,
                         pm_interval *out)
{
  return interval(t, NULL, first, count, 1, out);
}

/* Paired differences need totals of the same shape from the same draws. */
static int check_paired(const pm_totals *scenario, const pm_totals *base)
{
  if (scenario->nregions != base->nregions ||
      scenario->ndraws != base->ndraws)
    return pm_error(PM_EINPUT, "scenario totals (%zu regions, %zu draws) "
                    "and baseline totals (%zu regions, %zu draws) differ in "
                    "shape; use the same regions and draws for both",
                    scenario->nregions, scenario->ndraws, base->nregions,
                    base->ndraws);
  if (scenario->seeded && base->seeded && scenario->seed != base->seed)
    return pm_error(PM_EINPUT, "scenario totals come from draws with seed "
                    "%lu, the baseline from seed %lu; paired differences need "
                    "the same draws", scenario->seed, base->seed);
  return PM_SUCCESS;
}

int pm_totals_difference_range(const pm_totals *scenario,
                               const pm_totals *base, size_t first,
                               size_t count, pm_interval *out)
{
  int status = check_paired(scenario, base);
  return status ? status : interval(scenario, base, first, count, 0, out);
}

int pm_totals_mean_difference_range(const pm_totals *scenario,
                                    const pm_totals *base, size_t first,
                                    size_t count, pm_interval *out)
{
  int status = check_paired(scenario, base);
  return status ? status : interval(scenario, base, first, count, 1, out);
}

int pm_totals_difference(const pm_totals *scenario, const pm_totals *base,
                         size_t region, pm_interval *out)
{
  size_t count = range_count(scenario, &region);
  return pm_totals_difference_range(scenario, base, region, count, out);
}

int pm_map_lat_bands(const double *edges, size_t nedges, const double *lat,
                     size_t n, int *region)
{
  static const double bands30[] = {-90, -60, -30, 0, 30, 60, 90};
  size_t i, k;

  if (!edges) {
    edges = bands30;
    nedges = sizeof bands30 / sizeof *bands30;
  }
  if (nedges < 2)
    return pm_error(PM_EINPUT, "latitude bands need at least 2 edges, got %zu",
                    nedges);
  for (k = 1; k < nedges; k++)
    if (!(edges[k] > edges[k - 1]))
      return pm_error(PM_EINPUT, "latitude band edges must increase: edge %zu "
                      "is %g after %g", k, edges[k], edges[k - 1]);
  for (i = 0; i < n; i++) {
    region[i] = -1;
    if (!(lat[i] >= edges[0] && lat[i] <= edges[nedges - 1])) continue;
    for (k = 1; k < nedges - 1 && lat[i] >= edges[k]; k++) continue;
    region[i] = (int)(k - 1);
  }
  return PM_SUCCESS;
}
