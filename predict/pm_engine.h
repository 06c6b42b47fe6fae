/* pm_engine.h: the model-engine interface: one way to read a fitted model,
 * make the members of its uncertainty and predict its linear predictor for
 * new rows, whatever the engine.
 *
 * An engine is a type table in the manner of GSL's gsl_interp_type: a
 * `const pm_engine_type` of functions, one per engine, found by the name a
 * model file or a scenario gives ("gam").  The uncertainty of a prediction
 * is a set of D members, each a linear predictor for every row: for the
 * GAM, posterior draws of the coefficients (Wood 2017, Generalized
 * Additive Models, 2nd ed., section 6.10) or the refits of a cluster
 * bootstrap; for an ensemble of trees, its members.  The maps, totals and
 * intervals of predict/ are computed from the members alone, so that they
 * mean the same for every engine.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#ifndef PM_ENGINE_H
#define PM_ENGINE_H

#include <stddef.h>

#include "pm_family.h"
#include "pm_frame.h"
#include "pm_model_file.h"

typedef struct pm_engine pm_engine;

/* The prediction of the rows of a frame that have every covariate.  The
 * arrays belong to the engine and hold until its next prediction. */
typedef struct {
  size_t n;              /* rows predicted */
  const size_t *rows;    /* their indices in the frame */
  const double *eta;     /* n: the linear predictor, offset included */
  const double *se_eta;  /* n: its standard error, or NULL when the engine
                            has none (members only) */
  size_t D;              /* members (0 before pm_engine_members) */
  const double *draws;   /* n x D, row-major: the linear predictor of each
                            member, offset included; NULL when D is 0 */
} pm_engine_prediction;

typedef struct {
  const char *name; /* "gam" */
  /* Read the fitted model of file `path` into e's state. */
  int (*read)(pm_engine *e, const char *path);
  /* Make the members: up to `ndraws` with `seed` when the engine draws
   * them, else the model's own; describe them in `text` ("posterior
   * simulation, 200 draws"). */
  int (*members)(pm_engine *e, size_t ndraws, unsigned long seed,
                 char *text, size_t size);
  /* Predict the rows of `frame` (pm_engine_prediction). */
  int (*predict)(pm_engine *e, const pm_frame *frame, int with_se,
                 pm_engine_prediction *out);
  /* The names of the model's terms, for partial-effect plots. */
  size_t (*nterms)(const pm_engine *e);
  const char *(*term_name)(const pm_engine *e, size_t i);
  void (*free_state)(pm_engine *e);
} pm_engine_type;

/* The engines, by name; NULL when there is none of that name. */
const pm_engine_type *pm_engine_find(const char *name);
extern const pm_engine_type pm_engine_gam;

/* Read the model file `path` with the engine that wrote it. */
int pm_engine_read(pm_engine **e, const char *path);
/* The engine's members (see pm_engine_type.members). */
int pm_engine_members(pm_engine *e, size_t ndraws, unsigned long seed,
                      char *text, size_t size);
int pm_engine_predict(pm_engine *e, const pm_frame *frame, int with_se,
                      pm_engine_prediction *out);
/* The link between the linear predictor and the mean. */
pm_link_kind pm_engine_link(const pm_engine *e);
/* The members made by pm_engine_members (0 before) and their seed. */
size_t pm_engine_nmembers(const pm_engine *e);
unsigned long pm_engine_seed(const pm_engine *e);
size_t pm_engine_nterms(const pm_engine *e);
const char *pm_engine_term_name(const pm_engine *e, size_t i);
const pm_engine_type *pm_engine_type_of(const pm_engine *e);
/* The GAM of a "gam" engine (its formula, design, fit and file's extras);
 * NULL for another engine. */
const pm_model *pm_engine_gam_model(const pm_engine *e);
/* A "gam" engine over a model the caller keeps (a fit made in memory); it
 * must outlive the engine. */
int pm_engine_gam_borrow(pm_engine **e, const pm_model *model);
void pm_engine_free(pm_engine *e);

#endif
