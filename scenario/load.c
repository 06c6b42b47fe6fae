/* load.c: read a scenario file, validate it against the schema and fill a
 * pm_scenario, section by section (load_internal.h).
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "pm_scenario.h"
#include "load_internal.h"
#include "paths.h"
#include "pm_error.h"
#include "schema.h"

#include <errno.h>
#include <libconfig.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int read_text(const char *path, char **text)
{
  FILE *f = fopen(path, "rb");
  size_t n = 0, cap = 4096, got;
  char *buf = NULL, *p;
  int status = PM_SUCCESS;
  if (!f)
    return pm_error(PM_EIO, "cannot open the scenario file '%s': %s", path,
                    strerror(errno));
  do {
    if (!(p = realloc(buf, cap + 1))) {
      status = pm_error_nomem();
      goto cleanup;
    }
    buf = p;
    got = fread(buf + n, 1, cap - n, f);
    n += got;
    if (n == cap) cap *= 2;
  } while (got > 0);
  if (ferror(f)) status = pm_error(PM_EIO, "cannot read '%s'", path);
  buf[n] = '\0';
cleanup:
  fclose(f);
  if (status)
    free(buf);
  else
    *text = buf;
  return status;
}

static char *folder_of(const char *path)
{
  const char *slash = strrchr(path, '/');
  if (!slash) return strdup(".");
  if (slash == path) return strdup("/");
  return strndup(path, (size_t)(slash - path));
}

/* libconfig's own parse error, as "file:line: syntax error: ...". */
static int parse_error(const config_t *cfg, const char *path)
{
  const char *file = config_error_file(cfg) ? config_error_file(cfg) : path;
  if (config_error_type(cfg) == CONFIG_ERR_FILE_IO)
    return pm_error(PM_EIO, "cannot read the scenario file '%s'", file);
  return pm_error(PM_EINPUT, "%s:%d: syntax error: %s", file,
                  config_error_line(cfg), config_error_text(cfg));
}

/* The input folder: `input_dir` taken from the config file's folder (which
 * ld->dir holds until then), else that folder. */
static int input_folder(pm_scenario_loader *ld, const config_setting_t *root)
{
  const char *text = NULL;
  char *dir;

  if (!config_setting_lookup_string(root, "input_dir", &text))
    return PM_SUCCESS;
  if (!(dir = pm_scenario_resolve(ld->dir, text))) return pm_error_nomem();
  free(ld->dir);
  ld->dir = dir;
  return PM_SUCCESS;
}

/* The sections in order: the models' prediction takes the grid's depths by
 * default, the carbon table goes to every source, the rates' layers lie
 * inside the prediction, and simulate.models names models of counts. */
static int load_sections(const pm_scenario_loader *ld,
                         const config_setting_t *root, pm_scenario *sc)
{
  int status;
  sc->threads = (int)pm_scenario_number_or(root, "threads", 0);
  if ((status = pm_scenario_copy_member(root, "output_dir", &sc->output_dir)) ||
      (status = pm_scenario_load_data(ld, root, sc)) ||
      (status = pm_scenario_load_models(ld, root, sc)) ||
      (status = pm_scenario_load_flux(ld, root, sc)) ||
      (status = pm_scenario_load_biomass(ld, root, sc)) ||
      (status = pm_scenario_load_rates(ld, root, sc)))
    return status;
  if ((status = pm_scenario_load_figures(ld, root, sc))) return status;
  return pm_scenario_load_simulate(ld, root, sc);
}

int pm_scenario_load(pm_scenario **out, const char *path)
{
  pm_scenario *sc = calloc(1, sizeof *sc);
  pm_scenario_loader ld = {path, NULL};
  config_t cfg;
  int status;
  *out = NULL;
  config_init(&cfg);
  if (!sc) {
    status = pm_error_nomem();
    goto cleanup;
  }
  pm_filter_init(&sc->filter);
  if (!(sc->path = strdup(path)) || !(ld.dir = folder_of(path))) {
    status = pm_error_nomem();
    goto cleanup;
  }
  if ((status = read_text(path, &sc->text))) goto cleanup;
  config_set_include_dir(&cfg, ld.dir); /* @include is relative to the file */
  if (!config_read_file(&cfg, path)) {
    status = parse_error(&cfg, path);
    goto cleanup;
  }
  if ((status = pm_schema_validate(&cfg, path, &pm_schema_scenario)) ||
      (status = input_folder(&ld, config_root_setting(&cfg))) ||
      (status = load_sections(&ld, config_root_setting(&cfg), sc)))
    goto cleanup;
  sc->input_dir = ld.dir;
  ld.dir = NULL;
  *out = sc;
  sc = NULL;
cleanup:
  config_destroy(&cfg);
  free(ld.dir);
  pm_scenario_free(sc);
  return status;
}

void pm_scenario_free(pm_scenario *sc)
{
  if (!sc) return;
  pm_scenario_free_data(sc);
  pm_scenario_free_models(sc);
  pm_scenario_free_flux(&sc->flux);
  pm_scenario_free_biomass(&sc->biomass);
  pm_scenario_free_rates(sc);
  pm_scenario_free_figures(&sc->figures);
  pm_scenario_free_simulate(sc);
  free(sc->output_dir);
  free(sc->input_dir);
  free(sc->text);
  free(sc->path);
  free(sc);
}
