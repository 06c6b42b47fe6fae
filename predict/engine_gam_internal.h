/* engine_gam_internal.h: the state of the GAM engine, shared by its
 * reading and predicting half (engine_gam.c) and its fitting half
 * (engine_gam_fit.c).
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#ifndef PM_ENGINE_GAM_INTERNAL_H
#define PM_ENGINE_GAM_INTERNAL_H

#include "engine_internal.h"
#include "pm_design.h"
#include "pm_gam.h"
#include "pm_mapper.h"

/* A model being fitted: formula, design, the fitted rows with their
 * response, the fit and the bootstrap refits. */
typedef struct {
  pm_formula *formula;
  pm_gam_options options;
  pm_discrete discrete;  /* the model matrix: compact or dense */
  pm_design *design;     /* NULL before the fit */
  pm_model_matrix mm;
  pm_gam_fit *fit;
  pm_draws *boot;        /* NULL without a bootstrap */
  pm_engine_covariates cov; /* taken from the table before the fit */
} gam_fitting;

typedef struct {
  pm_model *model;     /* read from a file; NULL while fitting */
  int owned;           /* 0: the caller's (pm_engine_gam_borrow) */
  gam_fitting fitting;
  pm_draws *draws;     /* NULL before members */
  pm_model_matrix mm;  /* of the last prediction */
  size_t cap;          /* rows the buffers hold */
  double *eta, *se, *E;
} gam_state;

int pm_engine_gam_setup(pm_engine *e, const pm_engine_spec *spec);
int pm_engine_gam_columns(const pm_engine *e, const char *const **names,
                          size_t *n);
int pm_engine_gam_fit(pm_engine *e, const pm_frame *frame,
                      pm_engine_fit_info *info);
int pm_engine_gam_fit_release(pm_engine *e, pm_frame **frame,
                              pm_engine_fit_info *info);
int pm_engine_gam_bootstrap(pm_engine *e, const pm_engine_groups *g,
                            size_t B, unsigned long seed, size_t *nfailed);
int pm_engine_gam_write(const pm_engine *e, const char *path,
                        const pm_model_provenance *prov);
int pm_engine_gam_cross_validate(const pm_engine *e,
                                 const pm_engine_groups *g, size_t k,
                                 unsigned long seed, pm_cv_result **cv);
void pm_engine_gam_fitting_free(gam_fitting *f);

#endif
