/* paired_model.h: a model predicted beside another on the same blocks of
 * cells, member by member, by the stages that combine two models' draws
 * (process rates: biomass and abundance; the spectrum flux: log biovolume
 * and slope): its columns among the union of the pair's, its fitting
 * ranges, and its mean and members on the block.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#ifndef PM_PAIRED_MODEL_H
#define PM_PAIRED_MODEL_H

#include "pm_mapper.h"
#include "pm_pipeline.h"
#include "stage_predict.h"

typedef struct {
  const pm_pipeline_fitted *fitted;
  const char *const *names; /* formula columns but the response */
  size_t ncols;
  size_t *col;              /* ncols: index among the pair's columns */
  size_t D;                 /* members of its intervals */
  unsigned long seed;       /* and their seed */
  char interval[64];
  pm_pipeline_ranges ranges; /* its covariates' fitting ranges */
  pm_mapper *mapper;
  double *mean, *mu;        /* block: n and n x D */
  const double **xb;        /* ncols block columns */
} pm_paired_model;

/* The model named `name` among models[0..n); NULL when none is. */
const pm_pipeline_fitted *pm_paired_find(const pm_pipeline_fitted *models,
                                         size_t n, const char *name);
/* The index of `name` among names[0..*n), added at the end when missing. */
size_t pm_paired_column(const char **names, size_t *n, const char *name);
/* m for the fitted model f: its columns added to names[0..*n), its
 * fitting ranges, the kind and number of its members. */
int pm_paired_init(pm_paired_model *m, const pm_pipeline_fitted *f,
                   const char **names, size_t *n);
void pm_paired_free(pm_paired_model *m);
/* Model m's mean and members on the nb rows of the block whose columns
 * are xb + j * block (NAN where its design leaves a row out), and its
 * extrapolation flags OR-ed into bflag (mflag a scratch of nb); `where`
 * names the rows in errors. */
int pm_paired_predict(pm_paired_model *m, const double *xb, size_t block,
                      size_t nb, const char *where, unsigned char *mflag,
                      unsigned char *bflag);
/* n NANs, allocated. */
double *pm_paired_nans(size_t n);

#endif
