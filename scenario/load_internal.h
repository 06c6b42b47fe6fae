/* load_internal.h: what the steps of loading a scenario file share.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#ifndef PM_SCENARIO_LOAD_INTERNAL_H
#define PM_SCENARIO_LOAD_INTERNAL_H

#include <libconfig.h>

#include "pm_scenario.h"

/* What every loading step needs. */
typedef struct {
  const char *file; /* the config file */
  char *dir;        /* its folder */
} pm_scenario_loader;

/* A string member, copied; NULL (and success) when absent. */
int pm_scenario_copy_member(const config_setting_t *g, const char *name,
                            char **out);

/* A path member taken from the config's folder, and where it was named
 * ("demo.cfg:9: <where>.<name>"); both left alone when it is absent. */
int pm_scenario_path_member(const pm_scenario_loader *ld,
                            const config_setting_t *g, const char *where,
                            const char *name, char **path, char **named);

/* A number member of group g (NULL: none), or `fallback` when absent. */
double pm_scenario_number_or(const config_setting_t *g, const char *name,
                             double fallback);

/* The numbers of an array setting, newly allocated. */
int pm_scenario_copy_numbers(const config_setting_t *s, double **out,
                             size_t *n);

/* The index of `text` in `values` (NULL-terminated), or -1. */
int pm_scenario_index_of(const char *const *values, const char *text);

/* The covariates, relief, models, prediction and scenarios sections
 * (load_models.c), after the grid; and freeing them. */
int pm_scenario_load_models(const pm_scenario_loader *ld,
                            const config_setting_t *root, pm_scenario *sc);
void pm_scenario_free_models(pm_scenario *sc);

/* The flux section (load_flux.c), and freeing it. */
int pm_scenario_load_flux(const pm_scenario_loader *ld,
                          const config_setting_t *root, pm_scenario *sc);
void pm_scenario_free_flux(pm_scenario_flux *f);
/* 1 when z is one of the default depths of the flux maps. */
int pm_scenario_flux_default_depth(double z);

/* The biomass section (load_biomass.c): the carbon conversion table, the
 * defaults with the rows of `carbon_table` on top; and freeing it. */
int pm_scenario_load_biomass(const pm_scenario_loader *ld,
                             const config_setting_t *root, pm_scenario *sc);
void pm_scenario_free_biomass(pm_scenario_biomass *b);

/* The values of the enumerated settings, in the order of their enums
 * (schema_model.c). */
/* The `rates` section (load_rates.c). */
int pm_scenario_load_rates(const pm_scenario_loader *ld,
                           const config_setting_t *root, pm_scenario *sc);
void pm_scenario_free_rates(pm_scenario *sc);
extern const char *const pm_scenario_respiration_forms[];
/* The `figures` group (load_figures.c) and its formats (schema_figures.c). */
int pm_scenario_load_figures(const pm_scenario_loader *ld,
                             const config_setting_t *root, pm_scenario *sc);
void pm_scenario_free_figures(pm_scenario_figures *f);
extern const char *const pm_scenario_figure_formats[];

extern const char *const pm_scenario_transforms[];
extern const char *const pm_scenario_methods[];
extern const char *const pm_scenario_frames[];
extern const char *const pm_scenario_cv_by[];
extern const char *const pm_scenario_derived[];
extern const char *const pm_scenario_flux_estimators[];
extern const char *const pm_scenario_flux_fits[];

#endif
