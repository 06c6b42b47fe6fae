/* engine_xgb_print.c: the summary of a boosted-trees or random-forest
 * model read from its file, for `plankmap summary`: formula, family,
 * settings, the members of the ensemble and the trees they kept, the
 * tuning grid with its chosen point, the cross-validation scores and the
 * features by gain.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "engine_xgb_internal.h"
#include "pm_error.h"

#include <stdlib.h>

/* Feature indices by decreasing gain. */
static const double *gain_key;
static int by_gain(const void *a, const void *b)
{
  double ga = gain_key[*(const size_t *)a], gb = gain_key[*(const size_t *)b];
  return (ga < gb) - (ga > gb);
}

static int print_gain(const xgb_state *s, FILE *out)
{
  size_t *order = malloc((s->nfeatures + 1) * sizeof *order), i;
  double total = 0;

  if (!order) return pm_error_nomem();
  for (i = 0; i < s->nfeatures; i++) {
    order[i] = i;
    total += s->gain[i];
  }
  gain_key = s->gain;
  qsort(order, s->nfeatures, sizeof *order, by_gain);
  fprintf(out, "\nVariable importance (mean total gain per booster):\n");
  fprintf(out, "  %-24s %14s %8s\n", "feature", "gain", "share");
  for (i = 0; i < s->nfeatures; i++)
    fprintf(out, "  %-24s %14.6g %7.1f%%\n", s->feature_names[order[i]],
            s->gain[order[i]],
            total > 0 ? 100 * s->gain[order[i]] / total : 0.0);
  free(order);
  return PM_SUCCESS;
}

/* The early stopping rule and the trees the members kept. */
static void print_rounds(const xgb_state *s, FILE *out)
{
  double lo = s->rounds[0], hi = lo, mean = 0;
  size_t m;

  for (m = 0; m < s->nmembers; m++) {
    lo = s->rounds[m] < lo ? s->rounds[m] : lo;
    hi = s->rounds[m] > hi ? s->rounds[m] : hi;
    mean += s->rounds[m] / (double)s->nmembers;
  }
  if (s->boost.early_stopping)
    fprintf(out, "Early stopping: after %zu rounds without a lower deviance "
            "of the held-out fold, kept at the best round\n",
            s->boost.early_stopping);
  else
    fprintf(out, "Early stopping: off\n");
  fprintf(out, "Trees per member: mean %.1f, min %g, max %g\n", mean, lo, hi);
}

/* The tuning grid, its chosen point marked '*'. */
static void print_grid(const xgb_grid *g, size_t folds, FILE *out)
{
  size_t k;

  if (!g->n) return;
  fprintf(out, "\nTuning grid (%zu-fold blocked cross-validation of the "
          "first repetition; * chosen):\n", folds);
  fprintf(out, "    %8s %9s %16s %14s %8s\n", "eta", "max_depth",
          "min_child_weight", "deviance/row", "rounds");
  for (k = 0; k < g->n; k++) {
    const double *p = g->point + k * XGB_GRID_COLS;
    fprintf(out, "  %c %8g %9g %16g %14.6g %8.1f\n",
            k == g->chosen ? '*' : ' ', p[PM_TUNE_ETA], p[PM_TUNE_MAX_DEPTH],
            p[PM_TUNE_MIN_CHILD_WEIGHT], p[3], p[4]);
  }
}

int pm_engine_xgb_print(const pm_engine *e, FILE *out)
{
  const xgb_state *s = e->state;
  const pm_engine_boost *b = &s->boost;
  char family[64];

  if ((e->type != &pm_engine_xgboost &&
       e->type != &pm_engine_random_forest) || !s->file_formula)
    return pm_error(PM_EINPUT, "not a tree-ensemble model read from its "
                    "file");
  pm_family_describe(&s->family, family, sizeof family);
  fprintf(out, "Engine: %s (%s)\n", e->type->name,
          b->forest ? "random forests" : "boosted trees");
  fprintf(out, "Family: %s\nLink function: %s\n\nFormula:\n%s\n", family,
          pm_link_name(s->family.link), s->file_formula);
  if (b->forest)
    fprintf(out, "\nForest: %zu trees, max_depth %d, min_child_weight %g, "
            "subsample %g, colsample %g per split, tree_method %s, "
            "nthread %d\n", b->forest, b->max_depth, b->min_child_weight,
            b->subsample, b->colsample,
            pm_engine_tree_methods[b->tree_method], b->nthread);
  else
    fprintf(out, "\nBoosting: eta %g, max_depth %d, min_child_weight %g, "
            "subsample %g, colsample %g, rounds %zu, tree_method %s, "
            "nthread %d\n", b->eta, b->max_depth, b->min_child_weight,
            b->subsample, b->colsample, b->rounds,
            pm_engine_tree_methods[b->tree_method], b->nthread);
  fprintf(out, "Ensemble: %zu members (%zu folds x %zu repeats), seed %lu\n",
          s->nmembers, b->folds, b->repeats, s->seed);
  if (!b->forest) print_rounds(s, out);
  fprintf(out, "Deviance explained = %.1f%%   n = %zu\n",
          100 * (1 - s->deviance / s->null_deviance), s->n);
  print_grid(&s->grid, b->folds, out);
  fprintf(out, "\nCross-validation (held-out folds, %.0f rows): deviance "
          "explained %.1f%%, RMSE of log(1+concentration) %.4f, Spearman "
          "%.3f\n", s->cv_scores[3], 100 * s->cv_scores[0], s->cv_scores[1],
          s->cv_scores[2]);
  return print_gain(s, out);
}
