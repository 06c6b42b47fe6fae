/* report.c: validation.tsv, validation.md and validation_traps.tsv, renamed
 * into place together.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "pm_error.h"
#include "pm_output.h"
#include "pm_run_files.h"
#include "pm_validation.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

/* A number, or an empty field when there is none. */
static void put_number(FILE *f, const char *sep, double x)
{
  if (isnan(x))
    fputs(sep, f);
  else
    fprintf(f, "%s%.6g", sep, x);
}

static void tsv_comparison(FILE *f, const pm_validation_comparison *c)
{
  const pm_published_row *p = c->published;
  const pm_validation_total *r = c->run;

  fprintf(f, "published\t%s\t%s\t%s\t%s\t%s", p->quantity, r ? r->model : "",
          p->region, p->horizon, p->units);
  put_number(f, "\t", r ? r->value : NAN);
  put_number(f, "\t", r ? r->lower : NAN);
  put_number(f, "\t", r ? r->upper : NAN);
  put_number(f, "\t", p->value);
  put_number(f, "\t", p->lower);
  put_number(f, "\t", p->upper);
  put_number(f, "\t", c->ratio);
  fprintf(f, "\t%s\t%s\t%s\t%s\n", pm_verdict_name(c->verdict), p->source,
          p->doi, p->note);
}

static void tsv_traps(FILE *f, const pm_validation_result *r)
{
  static const char *const names[5] = {"n_matched", "n_used", "bias_log10",
                                       "rmse_log10", "r_log10"};
  size_t m, q;

  if (r->nflux == 0)
    fputs("traps\tpoc_flux\t\tglobal\ttrap depths\tmg C m-2 d-1\t\t\t\t\t\t\t\t"
          "no flux model in the scenario\t\t\t\n", f);
  for (m = 0; m < r->nflux; m++) {
    const pm_validation_stats *s = &r->stats[m];
    double v[5] = {(double)s->n_matched, (double)s->n_used, s->bias, s->rmse,
                   s->r};
    for (q = 0; q < 5; q++) {
      fprintf(f, "traps\t%s\t%s\tglobal\ttrap depths\t%s", names[q],
              r->maps[m]->model, q < 2 ? "1" : "log10");
      put_number(f, "\t", v[q]);
      fprintf(f, "\t\t\t\t\t\t\t\t%s\t\t\n", r->traps->path);
    }
  }
}

static void write_tsv(FILE *f, const pm_validation_result *r)
{
  size_t i;

  fputs("comparison\tquantity\tmodel\tregion\thorizon\tunits\trun_value\t"
        "run_lower\trun_upper\tpublished_value\tpublished_lower\t"
        "published_upper\tratio\tverdict\tsource\tdoi\tnote\n", f);
  for (i = 0; i < r->ncomparisons; i++) tsv_comparison(f, &r->comparisons[i]);
  tsv_traps(f, r);
}

/* "v (lower-upper)", "v (up to upper)", "v (at least lower)" or "v";
 * "-" when missing. */
static void md_interval(FILE *f, double v, double lo, double hi)
{
  if (!isnan(v))
    fprintf(f, "%.4g", v);
  if (!isnan(lo) || !isnan(hi)) {
    fputs(isnan(v) ? "" : " (", f);
    if (isnan(lo)) fputs("up to ", f);
    if (isnan(hi)) fputs("at least ", f);
    put_number(f, "", isnan(lo) ? hi : lo);
    if (!isnan(lo) && !isnan(hi)) {
      fputs("-", f);
      put_number(f, "", hi);
    }
    fputs(isnan(v) ? "" : ")", f);
  } else if (isnan(v))
    fputs("-", f);
}

static void md_comparison(FILE *f, const pm_validation_comparison *c)
{
  const pm_published_row *p = c->published;
  const pm_validation_total *r = c->run;

  fprintf(f, "| %s | %s | %s | %s | ", p->quantity, p->horizon, p->region,
          r ? r->model : "-");
  if (r)
    md_interval(f, r->value, r->lower, r->upper);
  else
    fputs("-", f);
  fprintf(f, " | %s | ", r ? r->units : p->units);
  md_interval(f, p->value, p->lower, p->upper);
  fprintf(f, " | %s | ", p->units);
  put_number(f, "", c->ratio);
  fprintf(f, " | %s | %s%s%s |\n", pm_verdict_name(c->verdict), p->source,
          p->note[0] ? "; " : "", p->note);
}

static void md_traps(FILE *f, const pm_validation_result *r)
{
  size_t m;

  fputs("\n## Sediment traps and thorium-234\n\n", f);
  if (r->nflux == 0) {
    fputs("The scenario has no flux model (a model with `response = { flux = "
          "true; };`): nothing to set beside the point observations.\n", f);
    return;
  }
  fprintf(f, "Observations: %s (%zu points, mg C m-2 d-1).  Each is matched "
          "to the cell holding it and the map layer holding its depth; "
          "statistics over the pairs where both are positive, in log10.\n\n"
          "| model | map units | matched | used | bias | RMSE | r |\n"
          "| --- | --- | --- | --- | --- | --- | --- |\n",
          r->traps->path, r->traps->n);
  for (m = 0; m < r->nflux; m++) {
    const pm_validation_stats *s = &r->stats[m];
    fprintf(f, "| %s | %s | %zu | %zu | ", r->maps[m]->model,
            r->maps[m]->units[0] ? r->maps[m]->units : "-", s->n_matched,
            s->n_used);
    put_number(f, "", s->bias);
    put_number(f, " | ", s->rmse);
    put_number(f, " | ", s->r);
    fputs(" |\n", f);
  }
}

/* The calibration table, its tab-separated lines as a Markdown table. */
static void md_calibration(FILE *f, const char *text)
{
  const char *c;
  int header = 1;

  fputs("\n## Flux estimator calibrated against the traps\n\n"
        "A and b of the Guidi et al. (2008) estimator fitted by least "
        "squares of log10 F against the log10 trap fluxes matched to the "
        "observed samples (flux_calibration.tsv); standard errors from the "
        "linear approximation (Bates & Watts 1988); bias, RMSE and r in "
        "log10 before and after calibration.\n\n| ", f);
  for (c = text; *c; c++) {
    if (*c == '\t') {
      fputs(" | ", f);
    } else if (*c == '\n') {
      fputs(" |\n", f);
      if (header)
        fputs("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- "
              "| --- | --- | --- | --- | --- | --- | --- |\n", f);
      header = 0;
      if (c[1]) fputs("| ", f);
    } else {
      fputc(*c, f);
    }
  }
}

static void write_md(FILE *f, const pm_validation_result *r)
{
  size_t i;

  fprintf(f, "# Validation of %s\n\n## Published estimates\n\n"
          "Published table: %s.  Run values: the baseline's global totals.\n\n"
          "| quantity | horizon | region | model | run | units | published | "
          "units | ratio | verdict | source |\n"
          "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n",
          r->config, r->published->path);
  for (i = 0; i < r->ncomparisons; i++) md_comparison(f, &r->comparisons[i]);
  md_traps(f, r);
  if (r->calibration) md_calibration(f, r->calibration);
}

/* Every trap beside each flux model's map value there (the pairs of the
 * statistics; predicted empty where the map has none). */
static void write_pairs(FILE *f, const pm_validation_result *r)
{
  size_t m, i;

  fputs("model\tid\tmethod\tlon\tlat\tdepth\tobserved\tpredicted\n", f);
  for (m = 0; m < r->nflux; m++)
    for (i = 0; i < r->traps->n; i++) {
      const pm_trap *t = &r->traps->rows[i];
      fprintf(f, "%s\t%s\t%s\t%.6g\t%.6g\t%.6g\t%.6g", r->maps[m]->model,
              t->id, t->method, t->lon, t->lat, t->depth, t->flux);
      put_number(f, "\t",
                 pm_validation_map_at(r->maps[m], t->lon, t->lat, t->depth));
      fputc('\n', f);
    }
}

/* A pm_output_put of one of the writers below. */
typedef struct {
  void (*body)(FILE *, const pm_validation_result *);
  const pm_validation_result *r;
} report_file;

static int put_report(FILE *f, void *arg)
{
  const report_file *file = arg;
  file->body(f, file->r);
  return PM_SUCCESS;
}

int pm_validation_write(const char *dir, const pm_validation_result *r)
{
  char *tsv = pm_run_file_path(dir, PM_RUN_VALIDATION, NULL);
  char *md = pm_run_file_path(dir, PM_RUN_VALIDATION_MD, NULL);
  char *pairs = pm_run_file_path(dir, PM_RUN_VALIDATION_TRAPS, NULL);
  report_file body[] = {{write_tsv, r}, {write_md, r}, {write_pairs, r}};
  pm_output_file files[] = {{tsv, put_report, &body[0]},
                            {md, put_report, &body[1]},
                            {pairs, put_report, &body[2]}};
  int status;

  if (!tsv || !md || !pairs)
    status = pm_error_nomem();
  else
    status = pm_output_texts(files, sizeof files / sizeof *files);
  free(tsv);
  free(md);
  free(pairs);
  return status;
}
