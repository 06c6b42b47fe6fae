/* engine.c: the engines' table and the calls every engine answers
 * (pm_engine.h).
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "engine_internal.h"
#include "engine_xgb_internal.h"
#include "pm_error.h"
#include "pm_nc.h"

#include <netcdf.h>
#include <stdlib.h>
#include <string.h>

static const pm_engine_type *const engines[] = {
    &pm_engine_gam, &pm_engine_xgboost, &pm_engine_random_forest};

const pm_engine_type *pm_engine_find(const char *name)
{
  size_t i;
  for (i = 0; i < sizeof engines / sizeof *engines; i++)
    if (!strcmp(engines[i]->name, name)) return engines[i];
  return NULL;
}

/* The engine named by the file's global attribute `engine`; files without
 * it were written by the GAM, the first engine. */
static int engine_of_file(const char *path, const pm_engine_type **type)
{
  char name[64] = "gam";
  size_t len = 0;
  int ncid = -1, status = PM_SUCCESS;

  PM_NC_TRY(nc_open(path, NC_NOWRITE, &ncid), "opening the model file");
  if (nc_inq_attlen(ncid, NC_GLOBAL, "engine", &len) == NC_NOERR) {
    if (len == 0 || len >= sizeof name) {
      status = pm_error(PM_EINPUT, "%s: attribute 'engine' is %zu "
                        "characters long; not a plankmap model file", path,
                        len);
      goto cleanup;
    }
    PM_NC_TRY(nc_get_att_text(ncid, NC_GLOBAL, "engine", name),
              "reading attribute 'engine'");
    name[len] = '\0';
  }
  if (!(*type = pm_engine_find(name)))
    status = pm_error(PM_EINPUT, "%s: model engine '%s' is not known to "
                      "this plankmap (known: gam, xgboost, random_forest)", path, name);
cleanup:
  if (ncid >= 0) nc_close(ncid);
  return status;
}

int pm_engine_read(pm_engine **out, const char *path)
{
  const pm_engine_type *type = NULL;
  pm_engine *e;
  int status;

  *out = NULL;
  if ((status = engine_of_file(path, &type))) return status;
  if (!(e = calloc(1, sizeof *e))) return pm_error_nomem();
  e->type = type;
  if ((status = type->read(e, path))) {
    pm_engine_free(e);
    return status;
  }
  *out = e;
  return PM_SUCCESS;
}

int pm_engine_alloc(pm_engine **out, const pm_engine_type *type,
                    const pm_engine_spec *spec)
{
  pm_engine *e = calloc(1, sizeof *e);
  int status;

  *out = NULL;
  if (!e) return pm_error_nomem();
  e->type = type;
  e->family = spec->family;
  if ((status = type->setup(e, spec))) {
    pm_engine_free(e);
    return status;
  }
  *out = e;
  return PM_SUCCESS;
}

int pm_engine_columns(const pm_engine *e, const char *const **names,
                      size_t *n)
{
  return e->type->columns(e, names, n);
}

int pm_engine_fit(pm_engine *e, const pm_frame *frame,
                  pm_engine_fit_info *info)
{
  return e->type->fit(e, frame, info);
}

int pm_engine_fit_release(pm_engine *e, pm_frame **frame,
                          pm_engine_fit_info *info)
{
  int status;

  if (e->type->fit_release) return e->type->fit_release(e, frame, info);
  /* the engine reads the table until it is freed: it keeps it */
  status = e->type->fit(e, *frame, info);
  e->table = *frame;
  *frame = NULL;
  return status;
}

int pm_engine_bootstrap(pm_engine *e, const pm_engine_groups *g, size_t B,
                        unsigned long seed, size_t *nfailed)
{
  return e->type->bootstrap(e, g, B, seed, nfailed);
}

int pm_engine_write(const pm_engine *e, const char *path,
                    const pm_model_provenance *prov)
{
  return e->type->write(e, path, prov);
}

int pm_engine_cross_validate(const pm_engine *e, const pm_engine_groups *g,
                             size_t k, unsigned long seed, pm_cv_result **cv)
{
  return e->type->cross_validate(e, g, k, seed, cv);
}

int pm_engine_members(pm_engine *e, size_t ndraws, unsigned long seed,
                      char *text, size_t size)
{
  return e->type->members(e, ndraws, seed, text, size);
}

int pm_engine_predict(pm_engine *e, const pm_frame *frame, int with_se,
                      pm_engine_prediction *out)
{
  return e->type->predict(e, frame, with_se, out);
}

const pm_family *pm_engine_family(const pm_engine *e) { return &e->family; }

size_t pm_engine_nmembers(const pm_engine *e) { return e->nmembers; }

unsigned long pm_engine_seed(const pm_engine *e) { return e->seed; }

int pm_engine_partial(const pm_engine *e, pm_partial **p)
{
  return e->type->partial(e, p);
}

const char *pm_engine_formula(const pm_engine *e) { return e->formula; }

double pm_engine_importance(const pm_engine *e, const char *column)
{
  return e->type == &pm_engine_gam ? 1 : pm_engine_xgb_importance(e, column);
}

const pm_engine_summary *pm_engine_summary_of(const pm_engine *e)
{
  return &e->summary;
}

const pm_model_ranges *pm_engine_ranges(const pm_engine *e)
{
  return &e->ranges;
}

const pm_engine_type *pm_engine_type_of(const pm_engine *e) { return e->type; }

void pm_engine_free(pm_engine *e)
{
  if (!e) return;
  if (e->type) e->type->free_state(e);
  pm_frame_free(e->table);
  free(e);
}
