/* recovery.c: the recovery of a simulated truth by the models of a run
 * (recovery.h): each model's baseline totals beside the true totals of
 * every region, its map beside the truth map (recovery_maps.c), written as
 * recovery.tsv and as a section of report.md.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#define _POSIX_C_SOURCE 200809L
#include "pm_error.h"
#include "pm_nc.h"
#include "pm_output.h"
#include "pm_validation.h"
#include "recovery.h"
#include "stage_predict.h"

#include <math.h>
#include <netcdf.h>
#include <stdlib.h>
#include <string.h>

/* *has: whether the maps file `path` holds MODEL_mean. */
static int has_map(const char *path, const char *model, int *has)
{
  char name[NC_MAX_NAME + 1], what[NC_MAX_NAME + 32];
  int ncid, varid, rc, status = PM_SUCCESS;

  snprintf(name, sizeof name, "%s_mean", model);
  snprintf(what, sizeof what, "looking for the variable '%s'", name);
  if ((rc = nc_open(path, NC_NOWRITE, &ncid)) != NC_NOERR)
    return pm_nc_fail(rc, path, "opening the file");
  rc = nc_inq_varid(ncid, name, &varid);
  if (rc != NC_ENOTVAR) PM_NC_TRY(rc, what);
  *has = rc == NC_NOERR;
cleanup:
  nc_close(ncid);
  return status;
}

/* A row of totals for `region` of scenario "baseline", quantity "total". */
static int baseline_total(const char *scenario, const char *model,
                          const char *region, const char *quantity,
                          const char *m, const char *r)
{
  return strcmp(scenario, "baseline") == 0 && strcmp(quantity, "total") == 0 &&
         strcmp(model, m) == 0 && (!r || strcmp(region, r) == 0);
}

static const pm_validation_total *truth_of(const pm_validation_totals *tt,
                                           const char *region)
{
  size_t i;
  for (i = 0; i < tt->n; i++) {
    const pm_validation_total *t = &tt->rows[i];
    if (baseline_total(t->scenario, t->model, t->region, t->quantity, "truth",
                       region))
      return t;
  }
  return NULL;
}

static const pm_pipeline_total *predicted_of(const pm_pipeline_total *t,
                                             size_t n, const char *model,
                                             const char *region)
{
  size_t i;
  for (i = 0; i < n; i++)
    if (baseline_total(t[i].scenario, t[i].model, t[i].region, t[i].quantity,
                       model, region))
      return &t[i];
  return NULL;
}

/* The regions of the true totals in their order, "global" appended when
 * they lack it (pointers into tt, or the literal). */
static int truth_regions(const pm_validation_totals *tt, const char ***out,
                         size_t *n)
{
  const char **r = malloc((tt->n + 1) * sizeof *r);
  size_t i;

  *out = r;
  *n = 0;
  if (!r) return pm_error_nomem();
  for (i = 0; i < tt->n; i++) {
    const pm_validation_total *t = &tt->rows[i];
    if (baseline_total(t->scenario, t->model, t->region, t->quantity, "truth",
                       NULL) &&
        truth_of(tt, t->region) == t)
      r[(*n)++] = t->region;
  }
  if (!*n)
    return pm_error(PM_EINPUT, "%s: no row of scenario 'baseline', model "
                    "'truth' and quantity 'total'", tt->path);
  if (!truth_of(tt, "global")) r[(*n)++] = "global";
  return PM_SUCCESS;
}

/* One region of a model: the predicted total beside the true one (either
 * may be missing: NAN). */
static int fill_row(pm_pipeline_recovery_row *row, const char *region,
                    const pm_pipeline_total *p, const pm_validation_total *t,
                    const char *truth_totals, const char *model)
{
  if (!(row->region = strdup(region))) return pm_error_nomem();
  if (p && t && strcmp(p->units, t->units) != 0)
    return pm_error(PM_EINPUT, "%s: region '%s': the true total is in '%s', "
                    "model '%s' totals in '%s'", truth_totals, region,
                    t->units, model, p->units);
  row->predicted = p ? p->value : NAN;
  row->lower = p ? p->lower : NAN;
  row->upper = p ? p->upper : NAN;
  row->truth = t ? t->value : NAN;
  row->ratio = row->truth != 0 ? row->predicted / row->truth : NAN;
  row->inside = isnan(row->lower) || isnan(row->upper) || isnan(row->truth)
                    ? -1
                    : row->lower <= row->truth && row->truth <= row->upper;
  return PM_SUCCESS;
}

static int fill_model(pm_pipeline_recovery_model *m, const char *model,
                      const char *const *regions, size_t nregions,
                      const pm_validation_totals *tt,
                      const pm_pipeline_total *totals, size_t n)
{
  size_t i;
  int status = PM_SUCCESS;

  if (!(m->model = strdup(model)) ||
      !(m->rows = calloc(nregions, sizeof *m->rows)))
    return pm_error_nomem();
  for (i = 0; i < nregions && !status; i++, m->nrows++)
    status = fill_row(&m->rows[i], regions[i],
                      predicted_of(totals, n, model, regions[i]),
                      truth_of(tt, regions[i]), tt->path, model);
  return status;
}

/* Every model of the run with a map in `maps` against the truth. */
static int fill_models(pm_pipeline_recovered *r, const pm_scenario *sc,
                       const char *maps, const pm_validation_totals *tt,
                       const pm_pipeline_total *totals, size_t n)
{
  const char **regions = NULL;
  size_t nregions, i;
  int status = truth_regions(tt, &regions, &nregions), has;

  if (!status && !(r->models = calloc(sc->n_models, sizeof *r->models)))
    status = pm_error_nomem();
  for (i = 0; i < sc->n_models && !status; i++) {
    pm_pipeline_recovery_model *m = &r->models[r->nmodels];
    if ((status = has_map(maps, sc->models[i].name, &has)) || !has) continue;
    r->nmodels++;
    if (!(status = fill_model(m, sc->models[i].name, regions, nregions, tt,
                              totals, n)))
      status = pm_pipeline_recovery_maps(maps, r->truth_map, m);
  }
  free(regions);
  return status;
}

int pm_pipeline_recovery(const pm_scenario *sc, const char *dir,
                         const pm_pipeline_total *totals, size_t n,
                         pm_pipeline_recovered **out)
{
  pm_pipeline_recovered *r = calloc(1, sizeof *r);
  pm_validation_totals *tt = NULL;
  char *maps = pm_run_file_path(dir, PM_RUN_MAPS, "baseline");
  int status = PM_SUCCESS;

  *out = NULL;
  if (!r || !maps || !(r->truth_map = strdup(sc->recovery.truth_map)) ||
      !(r->truth_totals = strdup(sc->recovery.truth_totals)))
    status = pm_error_nomem();
  if (!status &&
      !(status = pm_validation_totals_read(&tt, sc->recovery.truth_totals)))
    status = fill_models(r, sc, maps, tt, totals, n);
  pm_validation_totals_free(tt);
  free(maps);
  if (status)
    pm_pipeline_recovery_free(r);
  else
    *out = r;
  return status;
}

void pm_pipeline_recovery_free(pm_pipeline_recovered *r)
{
  size_t i, j;

  if (!r) return;
  for (i = 0; i < r->nmodels; i++) {
    for (j = 0; j < r->models[i].nrows; j++) free(r->models[i].rows[j].region);
    free(r->models[i].rows);
    free(r->models[i].model);
  }
  free(r->models);
  free(r->truth_map);
  free(r->truth_totals);
  free(r);
}

/* --- recovery.tsv --------------------------------------------------------- */

static void put_inside(FILE *f, int inside)
{
  fputs(inside < 0 ? "\t" : inside ? "\t1" : "\t0", f);
}

static int put_recovery(FILE *f, void *arg)
{
  const pm_pipeline_recovered *r = arg;
  size_t i, j;

  fputs("model\tregion\tpredicted\tlower\tupper\ttruth\tratio\ttruth_inside"
        "\tlog10_rmse\tcell_coverage\tcells\n", f);
  for (i = 0; i < r->nmodels; i++)
    for (j = 0; j < r->models[i].nrows; j++) {
      const pm_pipeline_recovery_model *m = &r->models[i];
      const pm_pipeline_recovery_row *w = &m->rows[j];
      fprintf(f, "%s\t%s", m->model, w->region);
      pm_pipeline_put_value(f, w->predicted);
      pm_pipeline_put_value(f, w->lower);
      pm_pipeline_put_value(f, w->upper);
      pm_pipeline_put_value(f, w->truth);
      pm_pipeline_put_value(f, w->ratio);
      put_inside(f, w->inside);
      if (strcmp(w->region, "global") == 0) {
        pm_pipeline_put_value(f, m->log10_rmse);
        pm_pipeline_put_value(f, m->coverage);
        fprintf(f, "\t%zu\n", m->cells);
      } else
        fputs("\t\t\t\n", f);
    }
  return PM_SUCCESS;
}

int pm_pipeline_recovery_write(const char *dir, const pm_pipeline_recovered *r)
{
  char *path = pm_run_file_path(dir, PM_RUN_RECOVERY, NULL);
  int status;

  if (!path) return pm_error_nomem();
  status = pm_output_text(path, put_recovery, (void *)r);
  free(path);
  return status;
}
