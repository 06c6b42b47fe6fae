/* schema.h: the table of known scenario settings and the validator that
 * checks a parsed libconfig file against it.
 *
 * A section (the file's top level, a group, or each group of a list) is a
 * table of settings, each with its type, range, required-ness and meaning.
 * A section may have a variant key, an enumerated setting whose value (the
 * observation `format`) selects which other settings apply and which are
 * required.  Rules that join several settings (min < max of two settings,
 * unique names) are a section's check function.  A setting that may also be
 * one of a few words ("annual" for a list of months) lists them in `values`.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#ifndef PM_SCHEMA_H
#define PM_SCHEMA_H

#include <libconfig.h>
#include <stddef.h>

#include "pm_family.h"

typedef enum {
  PM_SCHEMA_STRING,  /* non-empty string */
  PM_SCHEMA_NAME,    /* name: letters, digits, '_', '-', '.' */
  PM_SCHEMA_IDENT,   /* formula name: a letter, then letters, digits, _ . */
  PM_SCHEMA_BOOL,    /* true or false */
  PM_SCHEMA_CHAR,    /* one-character string (a delimiter) */
  PM_SCHEMA_ENUM,    /* one of `values` */
  PM_SCHEMA_NUMBER,  /* integer or float within [min, max] */
  PM_SCHEMA_RANGE,   /* two numbers within [min, max], first < second */
  PM_SCHEMA_RANGES,  /* non-empty list of such ranges: ( [a, b], ... ) */
  PM_SCHEMA_EDGES,   /* two or more numbers within [min, max], increasing */
  PM_SCHEMA_LEVELS,  /* one or more numbers within [min, max], increasing */
  PM_SCHEMA_DATES,   /* two dates "YYYY-MM-DD", first <= second */
  PM_SCHEMA_STRINGS, /* non-empty array or list of non-empty strings */
  PM_SCHEMA_GROUP,   /* group of the settings of `section` */
  PM_SCHEMA_GROUPS   /* non-empty list of such groups */
} pm_schema_type;

/* Bits of the variants a setting applies to or is required in (bit i: the
 * variant key's i-th value); PM_SCHEMA_ALL for every variant. */
#define PM_SCHEMA_ALL (~0u)
#define PM_SCHEMA_VARIANT(i) (1u << (i))

/* Numbers: the minimum (maximum) itself is not allowed (a positive size);
 * whole numbers only. */
#define PM_SCHEMA_MIN_OPEN 1u
#define PM_SCHEMA_MAX_OPEN 2u
#define PM_SCHEMA_INTEGER 4u
/* Numbers: a name (PM_SCHEMA_NAME) is allowed in place of the number; the
 * section's check says what it may name. */
#define PM_SCHEMA_OR_NAME 8u

typedef struct pm_schema_section pm_schema_section;

typedef struct {
  const char *name;
  pm_schema_type type;
  unsigned applies;  /* variants it may appear in (PM_SCHEMA_ALL) */
  unsigned required; /* variants it must appear in (0: optional) */
  double min, max;   /* numbers: allowed range (may be infinite) */
  unsigned flags;
  /* PM_SCHEMA_ENUM: the values; other types: words also allowed in place
   * of the value (NULL-terminated, or NULL for none) */
  const char *const *values;
  const pm_schema_section *section; /* PM_SCHEMA_GROUP(S) */
  const char *doc;                  /* meaning, for messages and docs */
} pm_schema_setting;

/* A rule on a whole group; `where` is its path ("grid"), file its file. */
typedef int (*pm_schema_check_fn)(const config_setting_t *group,
                                  const char *file, const char *where);

struct pm_schema_section {
  const pm_schema_setting *settings;
  size_t n;
  const char *variant_key; /* name of the PM_SCHEMA_ENUM setting, or NULL */
  pm_schema_check_fn check;
};

/* The scenario file's top level (schema.c). */
extern const pm_schema_section pm_schema_scenario;
/* Its sections on covariates, models, prediction and scenarios
 * (schema_model.c): a covariate, a {file; variable} field (relief, region
 * mask), a model, the prediction and a scenario. */
extern const pm_schema_section pm_schema_covariate, pm_schema_field,
    pm_schema_model, pm_schema_prediction, pm_schema_case;
/* A model's boost, forest, ensemble and tune groups (schema_engine.c), and
 * the rules of its engine: each group only with its engine ("xgboost",
 * "random_forest", both), whose family, formula and uncertainty they
 * check. */
extern const pm_schema_section pm_schema_boost, pm_schema_forest,
    pm_schema_ensemble, pm_schema_tune;
int pm_schema_check_engine(const config_setting_t *g, const char *file,
                           const char *where, const pm_family *fam);
/* The flux section (schema_flux.c). */
extern const pm_schema_section pm_schema_flux;
/* A rate set of the rates section (schema_rates.c). */
extern const pm_schema_section pm_schema_rates;
/* The model of the `models` section named by setting s (at `where` in
 * messages), or NULL after recording an error (schema_rates.c). */
const config_setting_t *pm_schema_model_named(const config_setting_t *root,
                                              const config_setting_t *s,
                                              const char *file,
                                              const char *where, int *status);
/* The flux section's spectrum_models group, and the rules of a model with
 * a spectrum response: family gaussian, no offset, fitted to samples
 * (schema_spectrum.c). */
extern const pm_schema_section pm_schema_spectrum_models;
extern const char *const pm_scenario_spectrum_params[];
int pm_schema_check_spectrum_model(const config_setting_t *model, int index,
                                   const char *file);
/* The biomass section (schema_biomass.c). */
extern const pm_schema_section pm_schema_biomass;
/* The figures group (schema_figures.c). */
extern const pm_schema_section pm_schema_figures;
/* The simulate and recovery groups (schema_simulate.c). */
extern const pm_schema_section pm_schema_simulate, pm_schema_recovery;
/* Rules between those sections: reserved and unique names, formula
 * variables and changed covariates that exist (schema_model.c). */
int pm_schema_check_models(const config_setting_t *root, const char *file);
/* The values of `format` in the order of pm_obs_format, and of grid `time`
 * in the order of pm_time_axis (NULL-terminated). */
extern const char *const pm_schema_formats[];
/* The values of a uvp5-dataset source's class_by: group, taxon. */
extern const char *const pm_schema_class_by[];
extern const char *const pm_schema_time_axes[];
/* The values of the other enumerated settings, in the order of their enums
 * (schema_model.c, schema_flux.c, schema_rates.c, schema_figures.c). */
extern const char *const pm_scenario_transforms[];
extern const char *const pm_scenario_methods[];
extern const char *const pm_scenario_discrete[];
extern const char *const pm_scenario_engines[];
extern const char *const pm_scenario_frames[];
extern const char *const pm_scenario_cv_by[];
extern const char *const pm_scenario_derived[];
extern const char *const pm_scenario_flux_estimators[];
extern const char *const pm_scenario_flux_fits[];
extern const char *const pm_scenario_respiration_forms[];
extern const char *const pm_scenario_figure_formats[];
/* The default depths (m) of the flux maps and of the export horizons
 * (schema_flux.c). */
#define PM_SCHEMA_FLUX_N_DEPTHS 7
#define PM_SCHEMA_FLUX_N_EXPORT 2
extern const double pm_schema_flux_depths[PM_SCHEMA_FLUX_N_DEPTHS];
extern const double pm_schema_flux_export[PM_SCHEMA_FLUX_N_EXPORT];

/* Check the whole parsed file `cfg` read from `file`; the first problem is
 * recorded with file, line and setting and PM_EINPUT returned. */
int pm_schema_validate(const config_t *cfg, const char *file,
                       const pm_schema_section *top);

/* Shared by the validator, the rules and the loader. */
double pm_schema_number(const config_setting_t *s); /* int or float */
int pm_schema_is_number(const config_setting_t *s);
/* The file a setting was read from (an @include'd one), else `file`. */
const char *pm_schema_file(const config_setting_t *s, const char *file);
/* Record "file:line: <message>" at setting s and return PM_EINPUT. */
int pm_schema_error(const config_setting_t *s, const char *file,
                    const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* A date "YYYY-MM-DD" at 00:00 UTC, s since 1970; 0 or -1 when malformed. */
int pm_schema_date(const char *text, double *t);

#endif
