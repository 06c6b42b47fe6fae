/* simulate_config.c: the scenario of the virtual observations: the
 * scenario file itself with its observation sources replaced by the table
 * of the draws, its models of counts (or those `simulate.models` names)
 * fitted to the virtual class, no flux, rates or biomass sections (the
 * virtual observations have no sizes), its input paths still taken from
 * the original folder (`input_dir`), and a `recovery` group naming the
 * truth's maps and totals.  With a classifier, two: scenario.cfg corrects
 * the predicted counts with the copy of its matrix (the source's
 * `classifier`), scenario_naive.cfg takes them as they are, so that both
 * runs are compared with the same truth.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#define _DEFAULT_SOURCE /* realpath */
#include "simulate.h"
#include "pm_error.h"
#include "pm_output.h"

#include <libconfig.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int set_string(config_setting_t *g, const char *name,
                      const char *value)
{
  config_setting_t *s = config_setting_get_member(g, name);
  if (!s) s = config_setting_add(g, name, CONFIG_TYPE_STRING);
  if (!s || !config_setting_set_string(s, value)) return pm_error_nomem();
  return PM_SUCCESS;
}

/* The table's columns, named as its header names them. */
static int table_columns(config_setting_t *src, int biomass)
{
  static const char *const keys[] = {"profile", "project", "datetime",
                                     "lat", "lon", "depth_top",
                                     "depth_bottom", "volume", "class",
                                     "count"};
  char header[256], *col, *save = NULL;
  config_setting_t *c = config_setting_add(src, "columns", CONFIG_TYPE_GROUP);
  size_t k = 0;
  int status = c ? PM_SUCCESS : pm_error_nomem();

  snprintf(header, sizeof header, "%s", pm_pipeline_simulated_header);
  for (col = strtok_r(header, ",", &save); col && !status;
       col = strtok_r(NULL, ",", &save))
    status = set_string(c, keys[k++], col);
  if (!status && biomass) status = set_string(c, "carbon", "carbon");
  return status;
}

/* One `table` source reading the draws, its counts corrected with the
 * matrix `confusion` (NULL: as they are). */
static int observations(config_setting_t *root, const char *table,
                        int biomass, const char *confusion)
{
  config_setting_t *list, *src, *files, *f, *c;
  int status;

  config_setting_remove(root, "observations");
  list = config_setting_add(root, "observations", CONFIG_TYPE_LIST);
  src = list ? config_setting_add(list, NULL, CONFIG_TYPE_GROUP) : NULL;
  if (!src) return pm_error_nomem();
  if ((status = set_string(src, "name", "virtual")) ||
      (status = set_string(src, "format", "table")) ||
      (status = set_string(src, "delimiter", ",")) ||
      (status = set_string(src, "volume_units", "m3")))
    return status;
  files = config_setting_add(src, "files", CONFIG_TYPE_ARRAY);
  f = files ? config_setting_add(files, NULL, CONFIG_TYPE_STRING) : NULL;
  if (!f || !config_setting_set_string(f, table)) return pm_error_nomem();
  if ((status = table_columns(src, biomass)) || !confusion) return status;
  if (!(c = config_setting_add(src, "classifier", CONFIG_TYPE_GROUP)))
    return pm_error_nomem();
  return set_string(c, "confusion", confusion);
}

/* Whether the scenario's model m is fitted to the virtual draws: a model
 * of counts, or of biomass for a draw of biomass, unless the group names
 * the models. */
static int fitted_to_draws(const pm_scenario *sc, size_t m)
{
  const pm_scenario_simulate *sim = &sc->simulate;
  pm_response_kind k = sc->models[m].response.kind;
  size_t i;

  if (sim->n_models == 0 && pm_pipeline_simulates_biomass(sc))
    return k == PM_RESPONSE_BIOMASS;
  if (sim->n_models == 0)
    return k == PM_RESPONSE_CLASS || k == PM_RESPONSE_CLASSES ||
           k == PM_RESPONSE_SIZE;
  for (i = 0; i < sim->n_models; i++)
    if (!strcmp(sim->models[i], sc->models[m].name)) return 1;
  return 0;
}

/* The models of the draws, each now of the virtual class (of its counts
 * or of its biomass); the others left out. */
static int models(const pm_scenario *sc, config_setting_t *root)
{
  config_setting_t *list = config_setting_get_member(root, "models");
  size_t m, kept = 0;
  int status;

  for (m = sc->n_models; list && m-- > 0;) {
    config_setting_t *model = config_setting_get_elem(list, (unsigned)m);
    config_setting_t *r;
    if (!fitted_to_draws(sc, m)) {
      config_setting_remove_elem(list, (unsigned)m);
      continue;
    }
    config_setting_remove(model, "response");
    r = config_setting_add(model, "response", CONFIG_TYPE_GROUP);
    if (!r) return pm_error_nomem();
    if (pm_pipeline_simulates_biomass(sc)) {
      config_setting_t *b = config_setting_add(r, "biomass", CONFIG_TYPE_BOOL);
      if (!b || !config_setting_set_bool(b, 1)) return pm_error_nomem();
    } else if ((status = set_string(r, "class", sc->simulate.class_name))) {
      return status;
    }
    kept++;
  }
  if (kept == 0)
    return pm_error(PM_EINPUT, "%s: no model of %s to fit to the virtual "
                    "observations; add one to `models`",
                    sc->simulate.where,
                    pm_pipeline_simulates_biomass(sc) ? "biomass" : "counts");
  return PM_SUCCESS;
}

/* "DIR/NAME"; an error when it does not fit a path. */
static int in_dir(const char *dir, const char *name, char out[PATH_MAX])
{
  if (snprintf(out, PATH_MAX, "%s/%s", dir, name) >= PATH_MAX)
    return pm_error(PM_EINPUT, "%s/%s: path too long", dir, name);
  return PM_SUCCESS;
}

/* The scenario whose run goes into DIR/<run>, its counts corrected with
 * DIR/confusion.tsv when `corrected`. */
static int edit(const pm_scenario *sc, config_t *cfg, const char *dir,
                const char *run, int corrected)
{
  config_setting_t *root = config_root_setting(cfg), *rec;
  char inputs[PATH_MAX], out[PATH_MAX], path[PATH_MAX], matrix[PATH_MAX];
  static const char *const dropped[] = {"filters", "flux", "rates",
                                        "biomass", "recovery"};
  size_t i;
  int status;

  if (!realpath(sc->input_dir, inputs))
    return pm_error(PM_EIO, "%s: cannot resolve the input folder %s",
                    sc->path, sc->input_dir);
  if (!realpath(dir, out))
    return pm_error(PM_EIO, "cannot resolve the folder %s", dir);
  for (i = 0; i < sizeof dropped / sizeof *dropped; i++)
    config_setting_remove(root, dropped[i]);
  if ((status = set_string(root, "input_dir", inputs)) ||
      (status = in_dir(out, run, path)) ||
      (status = set_string(root, "output_dir", path)) ||
      (status = in_dir(out, "confusion.tsv", matrix)) ||
      (status = in_dir(out, "observations.csv", path)) ||
      (status = observations(root, path, pm_pipeline_simulates_biomass(sc),
                             corrected ? matrix : NULL)) ||
      (status = models(sc, root)))
    return status;
  if (!(rec = config_setting_add(root, "recovery", CONFIG_TYPE_GROUP)))
    return pm_error_nomem();
  if ((status = in_dir(out, "truth.nc", path)) ||
      (status = set_string(rec, "truth_map", path)) ||
      (status = in_dir(out, "truth_totals.tsv", path)))
    return status;
  return set_string(rec, "truth_totals", path);
}

/* DIR/<name>: the scenario whose run goes into DIR/<run>. */
static int write_scenario(const pm_scenario *sc, const char *dir,
                          const char *name, const char *run, int corrected)
{
  char path[PATH_MAX], *tmp = NULL;
  config_t cfg;
  int status;

  if ((status = in_dir(dir, name, path))) return status;
  config_init(&cfg);
  if (strrchr(sc->path, '/')) { /* @include is relative to the file */
    char folder[PATH_MAX];
    snprintf(folder, sizeof folder, "%.*s",
             (int)(strrchr(sc->path, '/') - sc->path), sc->path);
    config_set_include_dir(&cfg, folder);
  }
  if (!config_read_file(&cfg, sc->path)) {
    status = pm_error(PM_EIO, "cannot read the scenario file %s again",
                      sc->path);
    goto cleanup;
  }
  if ((status = edit(sc, &cfg, dir, run, corrected)) ||
      (status = pm_output_begin(path, &tmp)))
    goto cleanup;
  if (!config_write_file(&cfg, tmp)) {
    pm_output_abort(tmp);
    status = pm_error(PM_EIO, "cannot write %s", path);
    goto cleanup;
  }
  status = pm_output_commit(tmp, path);
cleanup:
  config_destroy(&cfg);
  return status;
}

int pm_pipeline_simulated_config(const pm_scenario *sc, const char *dir)
{
  int classified = sc->simulate.confusion != NULL;
  int status = write_scenario(sc, dir, "scenario.cfg", "run", classified);

  if (!status && classified)
    status = write_scenario(sc, dir, "scenario_naive.cfg", "run_naive", 0);
  return status;
}
