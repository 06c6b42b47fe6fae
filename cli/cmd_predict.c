/* cmd_predict.c: `plankmap predict`: a fitted model's predictions for the
 * rows of a table, or the maps and totals of a scenario file's models.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "pm_cli.h"
#include "pm_error.h"
#include "pm_frame.h"
#include "pm_engine.h"
#include "pm_output.h"
#include "pm_ranks.h"
#include "pm_text.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
    "Usage: plankmap predict [--quiet] --model MODEL.nc --data NEW.csv --out "
    "PRED.csv\n"
    "       plankmap predict [--quiet] [--scenario NAME] CONFIG\n"
    "Predict with a model written by `plankmap fit` for every row of the CSV\n"
    "table NEW.csv, which needs the columns of the model's covariates and\n"
    "offset (not the response).  PRED.csv holds every column of NEW.csv as\n"
    "written, then eta (the linear predictor, offset included), se_eta (its\n"
    "standard error from the Bayesian covariance Vp) and mu (the mean on\n"
    "the response scale).  For tree ensembles (engines xgboost and\n"
    "random_forest) mu is the mean of the ensemble's members, eta its link,\n"
    "and se_eta NA.  A row\n"
    "with a missing covariate gets NA.  A factor level the model was not\n"
    "fitted with is an error.\n\n"
    "With a scenario file CONFIG instead, predict the maps and totals of\n"
    "its models (read from output_dir/model_<name>.nc, as `plankmap run`\n"
    "wrote them) for the baseline and every scenario, or only for NAME:\n"
    "maps_<scenario>.nc (rates_<scenario>.nc for a rates section) and\n"
    "totals.tsv (totals_NAME.tsv for one scenario) in output_dir.\n\n"
    "  --model MODEL.nc  the model file\n"
    "  --data NEW.csv    the rows to predict for (comma-separated)\n"
    "  --out PRED.csv    the table to write\n"
    "  --scenario NAME   with CONFIG: only this scenario (and the baseline's\n"
    "                    totals, for the differences)\n"
    "  --quiet           print nothing but errors\n"
    "  --help            print this help\n";

typedef struct {
  const pm_engine_prediction *p; /* eta and se_eta of the rows predicted */
  double *mu;
  const char *data;              /* NEW.csv */
  size_t nrows;                  /* its rows */
} predictions;

/* The model's columns that NEW.csv has.  Every column but the response
 * (the first the formula reads) must be there. */
static int select_columns(const pm_engine *e, const char *path,
                          const char ***names, size_t *n)
{
  const char *const *all;
  size_t nall, i;
  pm_text *t = NULL;
  int status;

  *names = NULL;
  if ((status = pm_engine_columns(e, &all, &nall)) ||
      (status = pm_text_open(&t, path, ',', PM_TEXT_UTF8)) ||
      (status = pm_text_read_header(t)))
    goto cleanup;
  if (!(*names = malloc((nall + 1) * sizeof **names))) {
    status = pm_error_nomem();
    goto cleanup;
  }
  for (*n = 0, i = 0; i < nall; i++) {
    if (pm_text_column_opt(t, all[i]) != SIZE_MAX)
      (*names)[(*n)++] = all[i];
    else if (i > 0) {
      status = pm_error(PM_EINPUT,
                        "%s: no column '%s', which the model needs (formula "
                        "%s)",
                        path, all[i], pm_engine_formula(e));
      goto cleanup;
    }
  }
cleanup:
  pm_text_free(t);
  if (status) {
    free(*names);
    *names = NULL;
  }
  return status;
}

/* One number, NA when the row was not predicted. */
/* v[k], or NA for a row not predicted or a value the engine has not (the
 * standard error of boosted trees). */
static void put_value(FILE *out, const double *v, size_t k, int have)
{
  if (have && v)
    fprintf(out, ",%.17g", v[k]);
  else
    fputs(",NA", out);
}

/* NEW.csv copied field by field with the predictions appended. */
static int write_table(FILE *out, void *arg)
{
  const predictions *pr = arg;
  const pm_engine_prediction *p = pr->p;
  const char *path = pr->data;
  pm_text *t = NULL;
  size_t row = 0, k = 0, i;
  int more = 1, status;

  if ((status = pm_text_open(&t, path, ',', PM_TEXT_UTF8)) ||
      (status = pm_text_read_header(t)))
    goto cleanup;
  for (i = 0; i < pm_text_ncolumns(t); i++)
    fprintf(out, "%s%s", i ? "," : "", pm_text_column_name(t, i));
  fputs(",eta,se_eta,mu\n", out);
  while (!(status = pm_text_next(t, &more)) && more) {
    int have = k < p->n && p->rows[k] == row;
    if ((status = pm_text_check_width(t))) goto cleanup;
    for (i = 0; i < pm_text_nfields(t); i++)
      fprintf(out, "%s%s", i ? "," : "", pm_text_field(t, i));
    put_value(out, p->eta, k, have);
    put_value(out, p->se_eta, k, have);
    put_value(out, pr->mu, k, have);
    fputc('\n', out);
    k += have;
    row++;
  }
  if (!status && (row != pr->nrows || k != p->n))
    status = pm_error(PM_EINPUT, "%s: changed while it was being read", path);
cleanup:
  pm_text_free(t);
  return status;
}

static int predict(const char *model, const char *data, const char *out,
                   const pm_cli_common *opt)
{
  pm_engine *e = NULL;
  pm_frame *frame = NULL;
  pm_engine_prediction p;
  predictions pr = {&p, NULL, data, 0};
  const char **names = NULL;
  size_t ncols = 0, i;
  int status;

  if ((status = pm_engine_read(&e, model)) ||
      (status = select_columns(e, data, &names,
                               &ncols)) ||
      (status = pm_frame_read_csv(&frame, data, names, ncols)) ||
      (status = pm_engine_predict(e, frame, 1, &p)))
    goto cleanup;
  pr.nrows = pm_frame_nrows(frame);
  if (!(pr.mu = malloc((p.n + 1) * sizeof *pr.mu))) {
    status = pm_error_nomem();
    goto cleanup;
  }
  for (i = 0; i < p.n; i++)
    pr.mu[i] = pm_family_mean(pm_engine_family(e), p.eta[i], NULL);
  if ((status = pm_output_text(out, write_table, &pr))) goto cleanup;
  pm_cli_note(opt, "predicted %zu rows (%zu with a missing value); wrote %s\n",
              p.n, pr.nrows - p.n, out);
cleanup:
  free(pr.mu);
  pm_frame_free(frame);
  free(names);
  pm_engine_free(e);
  return status;
}

/* The maps and totals of a scenario file's fitted models.  In an MPI job
 * every rank predicts its tiles of the maps and rank 0 writes them. */
static int predict_config(const char *config, const char *only,
                          const char *command, const pm_cli_common *opt)
{
  int writes = pm_ranks_rank() == 0;
  pm_scenario *sc = NULL;
  pm_pipeline_fitted *models = NULL;
  pm_pipeline_total *totals = NULL;
  size_t nmodels = 0, ntotals = 0;
  int status;
  pm_pipeline_opts po = pm_cli_pipeline(opt);

  po.command = command;
  if (!(status = pm_scenario_load(&sc, config)) &&
      !(status = pm_pipeline_fitted_read(sc, sc->output_dir, &models, &nmodels)) &&
      !(status = pm_pipeline_stage_predict(sc, models, nmodels, only, &po,
                                      writes ? sc->output_dir : NULL,
                                      &totals, &ntotals)) &&
      writes)
    /* one scenario's totals go beside the full table, not over it */
    status = pm_pipeline_write_totals(sc->output_dir, only, totals, ntotals);
  pm_pipeline_totals_free(totals, ntotals);
  pm_pipeline_fitted_free(models, nmodels);
  pm_scenario_free(sc);
  return status;
}

/* --model given: a table; else one operand, a scenario file. */
static int table_form(int argc, char **argv)
{
  int i;

  for (i = 1; i < argc; i++)
    if (strcmp(argv[i], "--model") == 0) return 1;
  return 0;
}

int pm_cli_predict_shares(int argc, char **argv)
{
  return !table_form(argc, argv);
}

int pm_cli_predict(int argc, char **argv)
{
  const char *model = NULL, *data = NULL, *out = NULL, *only = NULL;
  pm_cli_option options[] = {{"--model", &model},
                             {"--data", &data},
                             {"--out", &out},
                             {"--scenario", &only},
                             {NULL, NULL}};
  pm_cli_common opt;
  int first, status, table = table_form(argc, argv);

  status = pm_cli_parse(argc, argv, usage, options, table ? 0 : 1, &opt,
                        &first);
  if (status || opt.help) return status;
  if (!table) {
    char *command = pm_cli_command_text(argc, argv);
    status = command ? predict_config(argv[first], only, command, &opt)
                     : pm_error_nomem();
    free(command);
    return status ? pm_cli_fail("predict", status) : PM_SUCCESS;
  }
  if (!model || !data || !out || only)
    return pm_cli_usage(
        "predict", "%s %s", only ? "a table takes no" : "missing option",
        only ? "--scenario" : !model ? "--model" : !data ? "--data" : "--out");
  status = predict(model, data, out, &opt);
  return status ? pm_cli_fail("predict", status) : PM_SUCCESS;
}
