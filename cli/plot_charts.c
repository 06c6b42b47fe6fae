/* plot_charts.c: `plankmap plot partial | profile | validation`: figures of
 * a fitted model, of a profile and of a validation (plot/pm_plot_charts.h
 * draws them; this file only parses).
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "pm_cli.h"
#include "plot_figure.h"
#include "pm_error.h"
#include "pm_plot_charts.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static const char partial_usage[] =
    "Usage: plankmap plot partial [OPTIONS] MODEL.nc -o OUT\n"
    "The partial effect of every term of a fitted model (a model_NAME.nc of\n"
    "`plankmap run` or `plankmap fit`) on the link scale, one panel per term,\n"
    "as mgcv's plot.gam draws them: the effect with its 95% band and a rug of\n"
    "the fitted covariate values; te() terms as filled contours; a spline on\n"
    "the sphere (bs='sos') as a map of the globe; factors as points with 95%\n"
    "intervals.  For boosted trees (engine \"xgboost\"), the partial\n"
    "dependence on each feature: the members' mean margin, offset left out,\n"
    "over the model's sampled rows, with the band of the members' 2.5% to\n"
    "97.5% quantiles.\n\n"
    "  --term LABEL     only the term LABEL (\"s(temp)\"; for boosted\n"
    "                   trees a feature's name, \"temp\")\n" PM_CLI_FIGURE_HELP;

static const char profile_usage[] =
    "Usage: plankmap plot profile [OPTIONS] OUTPUT_DIR MODEL\n"
    "                             (--profile NAME | --lon X --lat Y) -o OUT\n"
    "A vertical profile (depth downwards) of model MODEL of the run whose\n"
    "outputs are in OUTPUT_DIR: the predicted mean and 95% interval of the\n"
    "grid column (maps_SCENARIO.nc, or flux_SCENARIO.nc for a flux model)\n"
    "holding the profile NAME, or the point X, Y; and the observed values\n"
    "(count or carbon per m3, or flux) of the profile or of the rows inside\n"
    "the cell that the model was fitted to (frame_MODEL.tsv) as points.\n\n"
    "  --profile NAME   a profile of the run (first column of\n"
    "                   frame_MODEL.tsv)\n"
    "  --lon X --lat Y  a position, degrees east and north\n"
    "  --scenario S     the scenario's maps (default baseline)\n"
    "  --log            log10 value axis\n" PM_CLI_FIGURE_HELP;

static const char validation_usage[] =
    "Usage: plankmap plot validation [OPTIONS] OUTPUT_DIR -o OUT\n"
    "The validation chart of the run whose outputs are in OUTPUT_DIR (run\n"
    "`plankmap validate CONFIG` first): (a) the run's totals and intervals\n"
    "beside the published values and ranges on a log axis, (b) predicted\n"
    "against observed trap and thorium-234 fluxes on log-log axes with the\n"
    "1:1 line, n, bias, RMSE and r.\n\n" PM_CLI_FIGURE_HELP;

/* Options and `n` operands in any order. */
static int parse_n(int argc, char **argv, const char *help,
                   const pm_cli_option *options, int n, pm_cli_common *opt,
                   int *first)
{
  int status = pm_cli_parse(argc, argv, help, options, PM_CLI_ONE_OR_MORE,
                            opt, first);
  if (status || opt->help) return status;
  if (argc - *first != n)
    return pm_cli_usage(argv[0], "expected %d operand%s", n, n > 1 ? "s" : "");
  return PM_SUCCESS;
}

int pm_cli_plot_partial(int argc, char **argv)
{
  pm_cli_figure_args f = {0};
  const char *term = NULL;
  const pm_cli_option options[] = {PM_CLI_FIGURE_OPTIONS(f),
                                   {"--term", &term}, {NULL, NULL}};
  pm_cli_common opt;
  pm_figure_spec fs;
  int first, status;

  if ((status = parse_n(argc, argv, partial_usage, options, 1, &opt,
                        &first)) || opt.help)
    return status;
  if (!(status = pm_cli_figure_spec(&f, &fs)))
    status = pm_plot_partial(f.out, &fs, argv[first], term);
  if (status) return pm_cli_fail("plot partial", status);
  pm_cli_note(&opt, "plankmap plot partial: wrote %s\n", f.out);
  return PM_SUCCESS;
}

/* --profile NAME or both --lon and --lat. */
static int profile_where(const char *lon, const char *lat,
                         pm_plot_profile_request *r)
{
  int status;

  if (!r->profile == !(lon || lat) || (!r->profile && !(lon && lat)))
    return pm_error(PM_EUSAGE, "give --profile NAME, or --lon X and --lat Y");
  r->lon = r->lat = NAN;
  if ((status = pm_cli_number("--lon", lon, &r->lon))) return status;
  return pm_cli_number("--lat", lat, &r->lat);
}

int pm_cli_plot_profile(int argc, char **argv)
{
  pm_cli_figure_args f = {0};
  pm_plot_profile_request r;
  const char *lon = NULL, *lat = NULL;
  const pm_cli_option options[] = {
      PM_CLI_FIGURE_OPTIONS(f), {"--profile", &r.profile},
      {"--scenario", &r.scenario}, {"--lon", &lon}, {"--lat", &lat},
      {NULL, NULL}};
  pm_cli_common opt;
  pm_figure_spec fs;
  size_t nobs = 0;
  int first, status, log = pm_cli_take_flag(&argc, argv, "--log", options);

  memset(&r, 0, sizeof r);
  if ((status = parse_n(argc, argv, profile_usage, options, 2, &opt,
                        &first)) || opt.help)
    return status;
  r.dir = argv[first];
  r.model = argv[first + 1];
  if (!(status = pm_cli_figure_spec(&f, &fs)) &&
      !(status = profile_where(lon, lat, &r)))
    status = pm_plot_profile(f.out, &fs, &r, log, &nobs);
  if (status) return pm_cli_fail("plot profile", status);
  pm_cli_note(&opt, "plankmap plot profile: wrote %s (%zu observed "
              "points)\n", f.out, nobs);
  return PM_SUCCESS;
}

int pm_cli_plot_validation(int argc, char **argv)
{
  pm_cli_figure_args f = {0};
  const pm_cli_option options[] = {PM_CLI_FIGURE_OPTIONS(f), {NULL, NULL}};
  pm_cli_common opt;
  pm_figure_spec fs;
  int first, status;

  if ((status = parse_n(argc, argv, validation_usage, options, 1, &opt,
                        &first)) || opt.help)
    return status;
  if (!(status = pm_cli_figure_spec(&f, &fs)))
    status = pm_plot_validation(f.out, &fs, argv[first]);
  if (status) return pm_cli_fail("plot validation", status);
  pm_cli_note(&opt, "plankmap plot validation: wrote %s\n", f.out);
  return PM_SUCCESS;
}
