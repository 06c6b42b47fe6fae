/* run_report.c: DIR/report.md, what a run did, for its reader.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "pm_pipeline.h"
#include "pm_error.h"
#include "pm_output.h"
#include "recovery.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

/* Each fold of a model's cross-validation: rows held out, deviance
 * explained on them, or why its refit failed. */
static void folds_section(FILE *f, const pm_cv_result *cv)
{
  size_t k;

  fprintf(f, "\n| fold | rows held out | deviance explained |\n"
             "| --- | --- | --- |\n");
  for (k = 0; k < cv->k; k++)
    if (cv->fold_error[k])
      fprintf(f, "| %zu | %zu | refit failed: %s |\n", k + 1, cv->fold_n[k],
              cv->fold_error[k]);
    else
      fprintf(f, "| %zu | %zu | %.3f |\n", k + 1, cv->fold_n[k],
              cv->fold_deviance_explained[k]);
}

static void models_section(FILE *f, const pm_pipeline_fitted *m, size_t n)
{
  char warning[512];
  size_t i;

  fprintf(f, "## Models\n\n| model | family | rows | left out | deviance "
             "explained | CV deviance explained | CV RMSE log(1+c) | CV "
             "Spearman |\n| --- | --- | --- | --- | --- | --- | --- | --- |\n");
  for (i = 0; i < n; i++) {
    const pm_engine_summary *fit = pm_engine_summary_of(m[i].engine);
    const pm_cv_result *cv = m[i].cv;
    fprintf(f, "| %s | %s | %zu | %zu | %.3f | ", m[i].spec->name,
            pm_family_name(&fit->family), m[i].n_rows, m[i].n_dropped,
            1 - fit->deviance / fit->null_deviance);
    if (cv)
      fprintf(f, "%.3f | %.3f | %.3f |\n", cv->deviance_explained,
              cv->rmse_log1p, cv->spearman);
    else
      fprintf(f, "(not run) | | |\n");
  }
  for (i = 0; i < n; i++)
    if (pm_pipeline_skill_warning(&m[i], warning, sizeof warning))
      fprintf(f, "\n**%s.**\n", warning);
  for (i = 0; i < n; i++) {
    fprintf(f, "\n`%s`: `%s`\n", m[i].spec->name, m[i].spec->formula);
    if (m[i].cv) folds_section(f, m[i].cv);
  }
}

/* A number cell; an empty one for none (NAN). */
static void put_cell(FILE *f, double x)
{
  if (isnan(x))
    fputs(" |", f);
  else
    fprintf(f, " %.4g |", x);
}

static void totals_section(FILE *f, const pm_pipeline_total *t, size_t n)
{
  size_t i;
  int classified = 0;

  if (n == 0) return;
  for (i = 0; i < n; i++) classified |= t[i].classification_share > 0;
  fprintf(f, "\n## Totals (95%% intervals from posterior draws%s)\n\n"
             "| scenario | model | region | quantity | value | lower | upper "
             "| units |%s\n| --- | --- | --- | --- | --- | --- | --- | --- |%s\n",
          classified ? " and from the confusion matrices' test sets" : "",
          classified ? " from classification |" : "",
          classified ? " --- |" : "");
  for (i = 0; i < n; i++) {
    fprintf(f, "| %s | %s | %s | %s |", t[i].scenario, t[i].model,
            t[i].region, t[i].quantity);
    put_cell(f, t[i].value);
    put_cell(f, t[i].lower);
    put_cell(f, t[i].upper);
    fprintf(f, " %s |", t[i].units);
    if (classified && t[i].classification_share > 0)
      fprintf(f, " %.0f%% |", 100 * t[i].classification_share);
    else if (classified)
      fputs(" |", f);
    fputc('\n', f);
  }
}

/* Per class, how much of it was only predicted and how much the
 * correction for misclassification changed it. */
static int correction_section(FILE *f, const pm_pipeline_gridded *g)
{
  double share, ratio, lo, hi, total;
  size_t c;
  int status = PM_SUCCESS;

  if (!g || !g->corrected.n) return PM_SUCCESS;
  fprintf(f, "\n## Counts corrected for misclassification\n\nMethod: %s; "
             "the interval of the corrected count is that of the confusion "
             "matrix's finite test set (%zu Dirichlet draws of its rows).\n\n"
             "| class | only predicted | naive count | corrected count | "
             "lower | upper | corrected / naive |\n"
             "| --- | --- | --- | --- | --- | --- | --- |\n",
          PM_CONFUSION_METHOD, g->corrected.ndraws);
  for (c = 0; c < g->corrected.n && !status; c++) {
    if (g->corrected.naive[c] == 0 && g->corrected.corrected[c] == 0) continue;
    pm_confusion_summary_class(&g->corrected, g->obs, c, &share, &ratio);
    status = pm_confusion_summary_interval(&g->corrected, g->obs, &c, 1,
                                           &total, &lo, &hi);
    fprintf(f, "| %s | %.1f%% |", g->obs->classes[c].name, 100 * share);
    put_cell(f, pm_obs_class_total(g->obs, c) - g->corrected.corrected[c] +
                    g->corrected.naive[c]);
    put_cell(f, total);
    put_cell(f, lo);
    put_cell(f, hi);
    put_cell(f, ratio);
    fputc('\n', f);
  }
  fputc('\n', f); /* the models' section starts without a blank line */
  return status;
}

static void stages_section(FILE *f, const pm_pipeline_stage_log *s, size_t n)
{
  size_t i;

  fprintf(f, "\n## Stages\n\n| stage | status | time | peak memory |\n"
             "| --- | --- | --- | --- |\n");
  for (i = 0; i < n; i++)
    if (s[i].skipped)
      fprintf(f, "| %s | not asked by the config | | |\n", s[i].name);
    else if (s[i].reused)
      fprintf(f, "| %s | reused (inputs unchanged) | | |\n", s[i].name);
    else
      fprintf(f, "| %s | ran | %.2f s | %.0f MiB |\n", s[i].name,
              s[i].seconds, s[i].peak_mib);
}

typedef struct {
  const pm_scenario *sc;
  const pm_pipeline_gridded *g;
  const pm_pipeline_fitted *models;
  size_t nmodels;
  const pm_pipeline_total *totals;
  size_t ntotals;
  const pm_pipeline_recovered *recovery;
  const pm_pipeline_stage_log *stages;
  size_t nstages;
} report;

static int put_report(FILE *f, void *arg)
{
  const report *r = arg;
  int status;
  fprintf(f, "# plankmap run of %s\n\n", r->sc->path);
  if ((status = correction_section(f, r->g))) return status;
  if (r->nmodels) models_section(f, r->models, r->nmodels);
  totals_section(f, r->totals, r->ntotals);
  if (r->recovery) pm_pipeline_recovery_section(f, r->recovery);
  stages_section(f, r->stages, r->nstages);
  return PM_SUCCESS;
}

int pm_pipeline_write_report(const char *dir, const pm_scenario *sc,
                             const pm_pipeline_gridded *g,
                             const pm_pipeline_fitted *models, size_t nmodels,
                             const pm_pipeline_total *totals, size_t ntotals,
                             const pm_pipeline_recovered *recovery,
                             const pm_pipeline_stage_log *stages,
                             size_t nstages)
{
  report r = {sc,      g,        models, nmodels, totals,
              ntotals, recovery, stages, nstages};
  char *path = pm_run_file_path(dir, PM_RUN_REPORT, NULL);
  int status;

  if (!path) return pm_error_nomem();
  status = pm_output_text(path, put_report, &r);
  free(path);
  return status;
}
