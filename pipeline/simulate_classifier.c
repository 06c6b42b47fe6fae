/* simulate_classifier.c: the classifier of a virtual survey (the simulate
 * group's `classifier`): every true class of its confusion matrix has a
 * truth of its own, and every virtual object is given a predicted class
 * drawn from its true class's row.  Given a sample's true counts, the
 * objects of true class i predicted as each class j are multinomial with
 * the row's rates R_ij = C_ij / sum_l C_il, independently of the other
 * classes: the model of a classifier under which the correction of the
 * counts is the maximum-likelihood estimate (Solow et al. 2001, Mar. Ecol.
 * Prog. Ser. 216:309-311; pm_confusion.h), here with the matrix's own
 * rates, so that a run's correction is judged on counts made as it
 * assumes.  A row's rates sum to one over the file's columns, so every
 * object is predicted as a class of the matrix; the written scenarios
 * carry no filter that would leave a column out.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "simulate.h"
#include "pm_error.h"
#include "pm_output.h"

#include <gsl/gsl_randist.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The index of `name` among names[0 .. n), or SIZE_MAX. */
static size_t index_of(char *const *names, size_t n, const char *name)
{
  size_t i;
  for (i = 0; i < n; i++)
    if (strcmp(names[i], name) == 0) return i;
  return SIZE_MAX;
}

/* Each true class's row of the matrix: a class without one has no rates
 * to label its objects with. */
static int class_rows(const pm_scenario_simulate *sim,
                      pm_pipeline_simulated *v)
{
  const pm_confusion *cm = v->confusion;
  size_t k;

  for (k = 0; k < v->n_classes; k++) {
    const char *name = k ? sim->classes[k - 1].name : sim->class_name;
    v->row[k] = index_of(cm->true_names, cm->n_true, name);
    if (v->row[k] == SIZE_MAX)
      return pm_error(PM_EINPUT, "%s%s: class '%s' is not a true class of "
                      "the confusion matrix %s (its %zu rows begin with "
                      "'%s')",
                      k ? sim->classes[k - 1].where : sim->where,
                      k ? "" : ".class", name, cm->path, cm->n_true,
                      cm->true_names[0]);
  }
  return PM_SUCCESS;
}

/* Every row of the matrix has a truth: the objects of its class would be
 * missing from the counts the correction reassigns. */
static int rows_covered(const pm_scenario_simulate *sim,
                        const pm_pipeline_simulated *v)
{
  const pm_confusion *cm = v->confusion;
  size_t i, k;

  for (i = 0; i < cm->n_true; i++) {
    for (k = 0; k < v->n_classes && v->row[k] != i; k++)
      ;
    if (k == v->n_classes)
      return pm_error(PM_EINPUT, "%s: true class '%s' of the confusion "
                      "matrix %s (line %zu) has no truth; give it one in "
                      "simulate.classifier.classes",
                      sim->classifier_where, cm->true_names[i], cm->path,
                      cm->line[i]);
  }
  return PM_SUCCESS;
}

/* The simulated class is a predicted class, which the runs model; every
 * predicted class's name fits a field of the table. */
static int columns(const pm_scenario_simulate *sim, pm_pipeline_simulated *v)
{
  const pm_confusion *cm = v->confusion;
  size_t j;

  for (j = 0; j < cm->n_pred; j++)
    if (strpbrk(cm->pred_names[j], ",\""))
      return pm_error(PM_EINPUT, "%s: %s:1: column %zu: predicted class "
                      "'%s' has a comma or quote, which the virtual "
                      "observations' table cannot hold",
                      sim->classifier_where, cm->path, j + 2,
                      cm->pred_names[j]);
  v->column = index_of(cm->pred_names, cm->n_pred, sim->class_name);
  if (v->column == SIZE_MAX)
    return pm_error(PM_EINPUT, "%s: the confusion matrix %s never predicts "
                    "class '%s' (simulate.class): its header names no such "
                    "column, so the runs would have no count of it",
                    sim->classifier_where, cm->path, sim->class_name);
  return PM_SUCCESS;
}

int pm_pipeline_simulate_classifier(const pm_scenario_simulate *sim,
                                    pm_pipeline_simulated *v)
{
  size_t k;
  int status;

  if ((status = pm_confusion_read(&v->confusion, sim->confusion)))
    return pm_error_prefix(status, "%s.confusion", sim->classifier_where);
  if (!(v->row = malloc(v->n_classes * sizeof *v->row)))
    return pm_error_nomem();
  if ((status = class_rows(sim, v)) || (status = rows_covered(sim, v)) ||
      (status = columns(sim, v)))
    return status;
  for (k = 1; k < v->n_classes; k++)
    if ((status = pm_engine_expression_alloc(&v->truth[k],
                                             sim->classes[k - 1].truth,
                                             &sim->family)))
      return pm_error_prefix(status, "%s.truth", sim->classes[k - 1].where);
  return PM_SUCCESS;
}

int pm_pipeline_simulate_labels(pm_pipeline_simulated *v, const gsl_rng *r)
{
  const pm_confusion *cm = v->confusion;
  size_t np = cm->n_pred, n = v->n, i, k, j;
  unsigned int *got = malloc(np * sizeof *got);

  v->predicted = calloc(np * n + 1, sizeof *v->predicted);
  if (!got || !v->predicted) {
    free(got);
    return pm_error_nomem();
  }
  for (i = 0; i < n; i++)
    for (k = 0; k < v->n_classes; k++) {
      /* GSL normalises the row's counts to its rates; the count is one
       * of GSL's unsigned draws (pm_family_draw), so the cast is exact */
      gsl_ran_multinomial(r, np, (unsigned int)v->count[k * n + i],
                          cm->counts + v->row[k] * np, got);
      for (j = 0; j < np; j++) v->predicted[j * n + i] += got[j];
    }
  free(got);
  return PM_SUCCESS;
}

static int put_confusion(FILE *f, void *arg)
{
  const pm_confusion *cm = arg;
  size_t i, j;

  fputs("true", f);
  for (j = 0; j < cm->n_pred; j++) fprintf(f, "\t%s", cm->pred_names[j]);
  fputc('\n', f);
  for (i = 0; i < cm->n_true; i++) {
    fputs(cm->true_names[i], f);
    for (j = 0; j < cm->n_pred; j++)
      fprintf(f, "\t%.17g", cm->counts[i * cm->n_pred + j]);
    fputc('\n', f);
  }
  return PM_SUCCESS;
}

int pm_pipeline_simulated_confusion(const pm_pipeline_simulated *v,
                                    const char *dir)
{
  size_t size = strlen(dir) + sizeof "/confusion.tsv";
  char *path = malloc(size);
  int status;

  if (!path) return pm_error_nomem();
  snprintf(path, size, "%s/confusion.tsv", dir);
  status = pm_output_text(path, put_confusion, v->confusion);
  free(path);
  return status;
}
