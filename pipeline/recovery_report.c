/* recovery_report.c: the section of report.md that says how well each
 * model recovers the simulated truth (recovery.h): its totals beside the
 * true ones per region, the measures of its map, and what they mean.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "recovery.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* A number cell; "n/a" for none (NAN). */
static void put_number(FILE *f, double x)
{
  if (isnan(x))
    fputs("n/a", f);
  else
    fprintf(f, "%.4g", x);
}

static const char *inside_word(int inside)
{
  return inside < 0 ? "n/a" : inside ? "yes" : "no";
}

static void rows_table(FILE *f, const pm_pipeline_recovery_model *m)
{
  size_t j;

  fprintf(f, "\n### %s\n\n| region | predicted [lower, upper] | truth | "
             "ratio | inside |\n| --- | --- | --- | --- | --- |\n",
          m->model);
  for (j = 0; j < m->nrows; j++) {
    const pm_pipeline_recovery_row *w = &m->rows[j];
    fprintf(f, "| %s | ", w->region);
    put_number(f, w->predicted);
    fputs(" [", f);
    put_number(f, w->lower);
    fputs(", ", f);
    put_number(f, w->upper);
    fputs("] | ", f);
    put_number(f, w->truth);
    fputs(" | ", f);
    put_number(f, w->ratio);
    fprintf(f, " | %s |\n", inside_word(w->inside));
  }
}

/* The global total: "N times the true total, inside its interval". */
static void global_words(FILE *f, const pm_pipeline_recovery_model *m)
{
  size_t j;

  for (j = 0; j < m->nrows; j++) {
    const pm_pipeline_recovery_row *w = &m->rows[j];
    if (strcmp(w->region, "global") != 0) continue;
    if (isnan(w->ratio)) break;
    fprintf(f, "Globally `%s` predicts %.4g times the true total (%.2g%% %s "
               "it)%s. ",
            m->model, w->ratio, fabs(w->ratio - 1) * 100,
            w->ratio >= 1 ? "above" : "below",
            w->inside < 0  ? ""
            : w->inside ? ", inside its 95% interval"
                        : ", outside its 95% interval");
    return;
  }
  fprintf(f, "`%s` has no global total to set beside the truth's. ",
          m->model);
}

/* The map's measures and what they mean: a log10 RMSE r is a typical
 * factor 10^r between the map and the truth cell by cell. */
static void map_words(FILE *f, const pm_pipeline_recovery_model *m)
{
  double factor = pow(10, m->log10_rmse);

  if (!m->cells) {
    fputs("No cell has both a positive map and a positive truth: the maps "
          "cannot be compared.\n",
          f);
    return;
  }
  fprintf(f, "Cell by cell (%zu cells, weighted by their volume) the log10 "
             "RMSE of map over truth is %.3f: the map is typically within ",
          m->cells, m->log10_rmse);
  if (factor < 1.5)
    fprintf(f, "about %.0f%% of the truth", (factor - 1) * 100);
  else
    fprintf(f, "a factor of about %.1f of the truth", factor);
  fprintf(f, ". Its 95%% intervals hold the truth in %.0f%% of the volume "
             "(%.0f%% of the cells); calibrated intervals would hold it in "
             "about 95%%, far less means they are too narrow or the map is "
             "biased.\n",
          m->coverage * 100, m->coverage_cells * 100);
}

void pm_pipeline_recovery_section(FILE *f, const pm_pipeline_recovered *r)
{
  size_t i;

  fprintf(f, "\n## Recovery of the simulated truth\n\nThe models fitted to "
             "the virtual observations beside the truth they were drawn "
             "from (`%s`, `%s`).\n",
          r->truth_map, r->truth_totals);
  if (!r->nmodels) fputs("\nNo model of the run has a baseline map.\n", f);
  for (i = 0; i < r->nmodels; i++) {
    rows_table(f, &r->models[i]);
    fputc('\n', f);
    global_words(f, &r->models[i]);
    map_words(f, &r->models[i]);
  }
}
