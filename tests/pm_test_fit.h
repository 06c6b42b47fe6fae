/* pm_test_fit.h: a model fitted by a test program, and its release.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#ifndef PM_TEST_FIT_H
#define PM_TEST_FIT_H

#include "pm_design.h"
#include "pm_formula.h"
#include "pm_frame.h"
#include "pm_gam.h"

/* Everything a fit is made of: formula, table, design, matrix, fit. */
typedef struct {
  pm_formula *formula;
  pm_frame *frame;
  pm_design *design;
  pm_model_matrix m;
  pm_gam_fit *fit;
} fitted;

static inline void fitted_free(fitted *f)
{
  pm_gam_fit_free(f->fit);
  pm_model_matrix_free(&f->m);
  pm_design_free(f->design);
  pm_frame_free(f->frame);
  pm_formula_free(f->formula);
}

#endif
