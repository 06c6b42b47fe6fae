/* pm_design.h: from a formula and a data table to the model matrix.
 *
 * A design is the column structure of a model: one block of columns per
 * term (mgcv's order: the intercept and parametric terms in formula order,
 * then the smooths), R's coefficient names ("(Intercept)", "I(temp^2)",
 * "factor(site)BATS", "s(temp).1"), the factor levels seen when fitting,
 * the set-up smooths and their penalties.  It is made once on the fitting
 * data and then turns any table with the same columns into a model matrix.
 * Rows with a missing value in a column the formula reads are left out, as
 * R's na.omit does; the matrix records which rows it kept.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#ifndef PM_DESIGN_H
#define PM_DESIGN_H

#include <stddef.h>

#include "pm_formula.h"
#include "pm_frame.h"
#include "pm_smooth.h"

typedef struct {
  const pm_term *term;      /* the formula's term (NULL for the intercept) */
  const char *label;        /* "(Intercept)", "temp", "s(temp)" ... */
  size_t first, ncoef;      /* its columns in the model matrix */
  pm_smooth *smooth;        /* SMOOTH and TENSOR terms, else NULL */
  size_t nlevels;           /* FACTOR terms and re smooths of a factor */
  char **levels;            /* the levels seen when fitting, sorted */
  /* A smooth with a factor by= (one block per level): the by column's
   * levels seen when fitting, sorted, and this block's level; its label
   * (by_label) is the term's and the level ("s(x):regionA"). */
  size_t nby_levels, by_level;
  char **by_levels;
  char *by_label;
} pm_design_block;

/* One penalty of the model: S (ncoef x ncoef of `block`, owned by the
 * smooth) acting on columns first..first+ncoef-1, with its own smoothing
 * parameter. */
typedef struct {
  size_t block, first, ncoef;
  const double *S;
  char *label;              /* "s(temp)", "te(temp,logdepth)1" (mgcv's names) */
} pm_design_penalty;

typedef struct {
  const pm_formula *formula; /* not owned */
  size_t p;                  /* columns */
  size_t nparametric;        /* columns 0..nparametric-1 are unpenalized terms */
  size_t nblocks;
  pm_design_block *blocks;
  size_t npenalties;
  pm_design_penalty *penalties;
  char **colnames;           /* p names */
} pm_design;

/* A model matrix in compact form, of discretised covariates (model/xd.h). */
typedef struct pm_xd pm_xd;

/* The model matrix of a table: rows kept (n), X (n x p, row-major) or its
 * compact form xd (then X is NULL), the response y (NULL when not asked
 * for) and the offset (zeros when none). */
typedef struct {
  size_t n, p;
  double *X, *y, *offset;
  size_t *rows;              /* frame row of each matrix row */
  const pm_frame *frame;     /* the table the rows come from (not owned) */
  size_t dropped;            /* rows left out for a missing value */
  pm_xd *xd;
} pm_model_matrix;

/* Set up the design of `f` on the fitting data: factor levels, smooth
 * bases.  Errors name the term and the column. */
int pm_design_alloc(pm_design **d, const pm_formula *f, const pm_frame *frame);
void pm_design_free(pm_design *d);

/* The model matrix of `frame` (the fitting data or new data).  With
 * `with_response` the response is read and must be present.  A factor level
 * (of a factor or of a smooth's by= column) the design has not seen is an
 * error naming the column, the level and the file line. */
int pm_design_matrix(const pm_design *d, const pm_frame *frame,
                     int with_response, pm_model_matrix *m);
/* The same in compact form (m->xd; Wood, Li, Shaddick & Augustin 2017,
 * JASA 112:1199-1210): each numeric covariate rounded onto at most
 * `values` values (>= 2), and each block of columns evaluated at its
 * distinct rows of covariate values only.  The range of a covariate is cut
 * into `values` cells of equal width; a cell holding one distinct value
 * keeps it exactly, the values of a cell holding several are rounded to
 * its centre (an error of at most half a cell, range / (2 values)).  The
 * columns of factors and of by= variables are kept exactly. */
int pm_design_matrix_discrete(const pm_design *d, const pm_frame *frame,
                              int with_response, size_t values,
                              pm_model_matrix *m);
/* Fits choose the compact form from this many rows on, unless told
 * otherwise, with this many values per covariate (mgcv's bam(discrete =
 * TRUE) also rounds onto about 1000 values). */
#define PM_DISCRETE_ROWS 200000
#define PM_DISCRETE_VALUES 1000
/* At most this many values per covariate can be asked for: a cell's
 * workspace is a few bytes per value. */
#define PM_DISCRETE_VALUES_MAX 100000
typedef enum {
  PM_DISCRETE_AUTO, /* compact from PM_DISCRETE_ROWS rows on */
  PM_DISCRETE_YES,
  PM_DISCRETE_NO
} pm_discrete_mode;
typedef struct {
  pm_discrete_mode mode;
  size_t values;    /* per covariate; 0: PM_DISCRETE_VALUES */
} pm_discrete;
/* The model matrix of the fitting data (with the response), compact or
 * dense as `how` says (NULL: PM_DISCRETE_AUTO). */
int pm_design_matrix_fit(const pm_design *d, const pm_frame *frame,
                         const pm_discrete *how, pm_model_matrix *m);
/* The same for a table needed no more after it: in compact form, the
 * values of the columns only the response and the offset read are freed
 * (pm_frame_keep) once evaluated, before the blocks are made, so that the
 * table's columns and the compact form are not all held together. */
int pm_design_matrix_fit_spend(const pm_design *d, pm_frame *frame,
                               const pm_discrete *how, pm_model_matrix *m);
void pm_model_matrix_free(pm_model_matrix *m);

/* The rows rows[0..n) of `m` (an index may repeat) as a model matrix of
 * its own, for refits on part of the data or on a resample
 * (model/matrix_rows.c); out->rows still names the frame's rows, and the
 * response is copied when `m` has it. */
int pm_model_matrix_rows(const pm_model_matrix *m, const size_t *rows,
                         size_t n, pm_model_matrix *out);

/* Rebuild a design from a model file's contents: the formula, the levels of
 * each block (levels[b] has nlevels[b] names; unused for other blocks), the
 * by= levels of a smooth's blocks with a factor by (the blocks of a term
 * follow each other, one per level in the levels' order) and each smooth
 * block's arrays (pm_smooth_restore). */
typedef struct {
  size_t nlevels;
  const char *const *levels;
  size_t nby_levels;
  const char *const *by_levels;
  size_t narrays;
  const char *const *array_names;
  const double *const *arrays;
  const size_t *array_lens;
} pm_design_block_state;

int pm_design_restore(pm_design **d, const pm_formula *f,
                      const pm_design_block_state *blocks, size_t nblocks);

#endif
