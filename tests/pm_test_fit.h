/* pm_test_fit.h: a model fitted by a test program, and its release.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#ifndef PM_TEST_FIT_H
#define PM_TEST_FIT_H

#include "pm_design.h"
#include "pm_formula.h"
#include "pm_frame.h"
#include "pm_gam.h"

#include <string.h>

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

/* The formula's columns of the CSV table `path`, its design and dense model
 * matrix (with the response) into f (zeroed first). */
static inline int fitted_load(fitted *f, const char *path,
                              const char *formula)
{
  const char *const *cols;
  size_t ncols;
  int status;

  memset(f, 0, sizeof *f);
  status = pm_formula_parse(&f->formula, formula);
  if (status == PM_SUCCESS)
    status = pm_formula_columns(f->formula, &cols, &ncols);
  if (status == PM_SUCCESS)
    status = pm_frame_read_csv(&f->frame, path, cols, ncols);
  if (status == PM_SUCCESS)
    status = pm_design_alloc(&f->design, f->formula, f->frame);
  if (status == PM_SUCCESS)
    status = pm_design_matrix(f->design, f->frame, 1, &f->m);
  return status;
}

#endif
