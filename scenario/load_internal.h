/* load_internal.h: what the steps of loading a scenario file share.
 *
 * The calls go one way: load.c reads the file and calls the section
 * loaders (load_data.c, load_models.c, load_flux.c, load_biomass.c,
 * load_rates.c, load_figures.c, load_simulate.c) in order; they read their
 * settings through load_settings.c, which calls none of them.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#ifndef PM_SCENARIO_LOAD_INTERNAL_H
#define PM_SCENARIO_LOAD_INTERNAL_H

#include <libconfig.h>

#include "pm_scenario.h"

/* What every loading step needs. */
typedef struct {
  const char *file; /* the config file */
  char *dir;        /* the input folder: `input_dir` taken from the config
                       file's folder, else that folder */
} pm_scenario_loader;

/* The settings of a validated file (load_settings.c).  A group g may be
 * NULL where a fallback is given. */

/* A string member, copied; NULL (and success) when absent. */
int pm_scenario_copy_member(const config_setting_t *g, const char *name,
                            char **out);

/* A string member, or a copy of `fallback` when it (or g) is absent. */
int pm_scenario_copy_or(const config_setting_t *g, const char *name,
                        const char *fallback, char **out);

/* A path member taken from the input folder, and where it was named
 * ("demo.cfg:9: <where>.<name>"; `named` may be NULL when not wanted);
 * both left alone when it is absent. */
int pm_scenario_path_member(const pm_scenario_loader *ld,
                            const config_setting_t *g, const char *where,
                            const char *name, char **path, char **named);

/* A number member of group g, or `fallback` when absent. */
double pm_scenario_number_or(const config_setting_t *g, const char *name,
                             double fallback);

/* The two numbers of a RANGE member, left as they are when it is absent. */
void pm_scenario_range_member(const config_setting_t *g, const char *name,
                              double *lo, double *hi);

/* An enumerated member's index in `values` (NULL-terminated), or 0 (the
 * default) when absent. */
int pm_scenario_enum_or_first(const config_setting_t *g, const char *name,
                              const char *const *values);

/* The numbers of an array setting, newly allocated. */
int pm_scenario_copy_numbers(const config_setting_t *s, double **out,
                             size_t *n);

/* The strings of an array or list setting, newly allocated; *n counts
 * those copied so far, so that pm_scenario_free_strings frees them on
 * every path. */
int pm_scenario_copy_strings(const config_setting_t *s, char ***out,
                             size_t *n);
void pm_scenario_free_strings(char **s, size_t n);

/* The sections, each with its freeing.  load_data.c: the observation
 * sources, the filters and the grid. */
int pm_scenario_load_data(const pm_scenario_loader *ld,
                          const config_setting_t *root, pm_scenario *sc);
void pm_scenario_free_data(pm_scenario *sc);

/* The covariates, relief, models, prediction and scenarios sections
 * (load_models.c), after the grid. */
int pm_scenario_load_models(const pm_scenario_loader *ld,
                            const config_setting_t *root, pm_scenario *sc);
void pm_scenario_free_models(pm_scenario *sc);

/* The flux section (load_flux.c). */
int pm_scenario_load_flux(const pm_scenario_loader *ld,
                          const config_setting_t *root, pm_scenario *sc);
void pm_scenario_free_flux(pm_scenario_flux *f);

/* The biomass section (load_biomass.c): the carbon conversion table, the
 * defaults with the rows of `carbon_table` on top, after the sources. */
int pm_scenario_load_biomass(const pm_scenario_loader *ld,
                             const config_setting_t *root, pm_scenario *sc);
void pm_scenario_free_biomass(pm_scenario_biomass *b);

/* The `rates` section (load_rates.c), after the prediction. */
int pm_scenario_load_rates(const pm_scenario_loader *ld,
                           const config_setting_t *root, pm_scenario *sc);
void pm_scenario_free_rates(pm_scenario *sc);

/* The `figures` group (load_figures.c). */
int pm_scenario_load_figures(const pm_scenario_loader *ld,
                             const config_setting_t *root, pm_scenario *sc);
void pm_scenario_free_figures(pm_scenario_figures *f);

/* The `simulate` and `recovery` groups (load_simulate.c), after the models
 * that `simulate.models` names. */
int pm_scenario_load_simulate(const pm_scenario_loader *ld,
                              const config_setting_t *root, pm_scenario *sc);
void pm_scenario_free_simulate(pm_scenario *sc);

#endif
