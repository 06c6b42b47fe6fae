/* run_scenario.c: a whole scenario run through the public library API
 * alone, as a C program that uses libplankmap would write it.
 *
 *   run_scenario CONFIG [OUTPUT_DIR]
 *
 * Loads the scenario file, runs every stage (reusing what has not
 * changed), and prints one line per stage ("stage grid ran" or "stage grid
 * reused") and one per global total of the baseline ("total MODEL QUANTITY
 * VALUE LOWER UPPER UNITS").  Messages of the run go to stderr.  Exit status
 * as plankmap's.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "pm_error.h"
#include "pm_pipeline.h"
#include "pm_scenario.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void note_stderr(void *ctx, const char *text)
{
  (void)ctx;
  fputs(text, stderr);
}

static void print_run(const pm_run *run)
{
  size_t i;
  int k;

  for (k = 0; k < PM_STAGE_N; k++)
    printf("stage %s %s\n", pm_stage_name((pm_stage)k),
           run->log[k].skipped ? "skipped" : run->ran[k] ? "ran" : "reused");
  for (i = 0; i < run->ntotals; i++) {
    const pm_pipeline_total *t = &run->totals[i];
    if (!strcmp(t->scenario, "baseline") && !strcmp(t->region, "global"))
      printf("total %s %s %.10g %.10g %.10g %s\n", t->model, t->quantity,
             t->value, t->lower, t->upper, t->units);
  }
}

int main(int argc, char **argv)
{
  pm_pipeline_opts opt = {note_stderr, NULL, {NULL, NULL}, NULL, NULL};
  pm_scenario *sc = NULL;
  pm_run run;
  int status;

  memset(&run, 0, sizeof run);
  if (argc < 2 || argc > 3) {
    fprintf(stderr, "usage: run_scenario CONFIG [OUTPUT_DIR]\n");
    return PM_EUSAGE;
  }
  if (!(status = pm_scenario_load(&sc, argv[1])) && argc == 3) {
    free(sc->output_dir);
    if (!(sc->output_dir = strdup(argv[2]))) status = pm_error_nomem();
  }
  if (!status && !(status = pm_run_scenario(sc, &opt, &run))) print_run(&run);
  if (status) fprintf(stderr, "run_scenario: %s\n", pm_error_message());
  pm_run_free(&run);
  pm_scenario_free(sc);
  return status;
}
