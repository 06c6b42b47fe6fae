/* cmd_plot.c: `plankmap plot KIND ...`, publication figures of plankmap's
 * outputs.  Each kind of figure is one line of the table below; the
 * drawing is the library's (plot/pm_plot.h): this file only parses.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "pm_cli.h"
#include "plot_figure.h"
#include "pm_error.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const pm_cli_command kinds[] = {
    {"map", "a global map of one level of a variable", pm_cli_plot_map, NULL},
    {"section", "a depth section along a meridian or a parallel",
     pm_cli_plot_section, NULL},
    {"partial", "partial effects of a model's terms", pm_cli_plot_partial,
     NULL},
    {"profile", "a vertical profile, observed and predicted",
     pm_cli_plot_profile, NULL},
    {"validation", "a run beside published estimates and traps",
     pm_cli_plot_validation, NULL},
};
#define N_KINDS (sizeof kinds / sizeof kinds[0])

#define STYLE_HELP                                                           \
  "  --log            log10 colour scale (values <= 0 left blank)\n"         \
  "  --range MIN,MAX  colour range (default: the 2nd to 98th percentiles\n" \
  "                   of the values, area-weighted on a map, symmetric\n"   \
  "                   about 0 for a difference; the colour bar ends in a\n" \
  "                   triangle where values lie beyond)\n"                  \
  "  --cmap NAME      viridis (default), cividis, or rdbu (diverging,\n"     \
  "                   the default for a difference)\n"                       \
  "  --minus FILE     draw FILE.nc minus this file (e.g. a scenario minus\n" \
  "                   maps_baseline.nc)\n"                                   \
  "  --time K         the K-th time step, from 0 (default 0)\n"              \
  PM_CLI_FIGURE_HELP

static const char map_usage[] =
    "Usage: plankmap plot map [OPTIONS] FILE.nc VARIABLE -o OUT\n"
    "A global map of VARIABLE of a plankmap NetCDF output (maps_*.nc,\n"
    "flux_*.nc) at one depth, with land, coastlines, graticule, a colour\n"
    "bar and a title naming depth, time and scenario.\n\n"
    "  --depth Z        the depth level nearest Z m\n"
    "  --layer I        the I-th depth level, from 0 (default 0)\n"
    "  --projection P   robin (default), eqearth, moll, eqc or a PROJ\n"
    "                   string (\"+proj=...\")\n"
    "  --central-lon L  the map's central meridian (default: the PROJ\n"
    "                   string's +lon_0, else 0); land and cells are cut at\n"
    "                   L + 180\n"
    "  --sites FILE     a red dot at the position of each profile of FILE\n"
    "                   (a run's observations.nc; for a file that lists no\n"
    "                   profiles, the centre of each grid cell that holds a\n"
    "                   sample)\n"
    "  --no-extrapolation  leave unmarked the cells whose covariates lie\n"
    "                   outside the fitted ranges or the area of\n"
    "                   applicability (by default lightened, from the\n"
    "                   file's <model>_extrapolation and <model>_aoa)\n"
    STYLE_HELP;

static const char section_usage[] =
    "Usage: plankmap plot section [OPTIONS] FILE.nc VARIABLE (--lon X | "
    "--lat Y) -o OUT\n"
    "A depth section of VARIABLE along the grid column nearest longitude X\n"
    "or the grid row nearest latitude Y; depth downwards.\n\n"
    "  --lon X          along the meridian X (degrees east)\n"
    "  --lat Y          along the parallel Y (degrees north)\n"
    "  --no-extrapolation  leave unmarked the cells whose covariates lie\n"
    "                   outside the fitted ranges or the area of\n"
    "                   applicability (by default lightened, from the\n"
    "                   file's <model>_extrapolation and <model>_aoa, with\n"
    "                   a legend entry under the section)\n"
    STYLE_HELP;

static const char usage[] =
    "Usage: plankmap plot KIND [OPTIONS] ...\n"
    "Publication figures of plankmap's outputs, as PNG, PDF or SVG by the\n"
    "output's extension.  `plankmap plot KIND --help` for each kind.\n\n"
    "Kinds:\n";

static void print_usage(FILE *out)
{
  size_t i;
  fputs(usage, out);
  for (i = 0; i < N_KINDS; i++)
    fprintf(out, "  %-11s %s\n", kinds[i].name, kinds[i].summary);
}

int pm_cli_plot(int argc, char **argv)
{
  static char command[32];
  size_t i;

  if (argc < 2) return pm_cli_usage("plot", "missing the kind of figure");
  if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
    print_usage(stdout);
    return PM_SUCCESS;
  }
  for (i = 0; i < N_KINDS; i++)
    if (strcmp(argv[1], kinds[i].name) == 0) {
      /* the kind's messages name the command as "plot KIND" */
      snprintf(command, sizeof command, "plot %s", kinds[i].name);
      argv[1] = command;
      return kinds[i].run(argc - 1, argv + 1);
    }
  return pm_cli_usage("plot", "unknown kind of figure '%s'", argv[1]);
}

int pm_cli_number(const char *option, const char *text, double *x)
{
  char *end;

  if (!text) return PM_SUCCESS;
  *x = strtod(text, &end);
  if (end == text || *end != '\0' || !isfinite(*x))
    return pm_error(PM_EUSAGE, "option %s: '%s' is not a number", option, text);
  return PM_SUCCESS;
}

/* Options and the two operands FILE VARIABLE in any order. */
static int parse_two(int argc, char **argv, const char *help,
                     const pm_cli_option *options, pm_cli_common *opt,
                     int *first)
{
  int status = pm_cli_parse(argc, argv, help, options, PM_CLI_ONE_OR_MORE,
                            opt, first);
  if (status || opt->help) return status;
  if (argc - *first != 2)
    return pm_cli_usage(argv[0], "give FILE.nc and VARIABLE");
  return PM_SUCCESS;
}

/* "MIN,MAX" */
static int parse_range(const char *text, double *min, double *max)
{
  char *end;

  *min = *max = NAN;
  if (!text) return PM_SUCCESS;
  *min = strtod(text, &end);
  if (end == text || *end != ',' ||
      (*max = strtod(end + 1, &end), *end != '\0') || !(*min < *max))
    return pm_error(PM_EUSAGE, "option --range: '%s' is not MIN,MAX with "
                    "MIN < MAX", text);
  return PM_SUCCESS;
}

/* The options the kinds share. */
typedef struct {
  const char *range, *cmap, *minus, *time, *width, *height, *dpi, *font, *out;
} style_args;

#define STYLE_OPTIONS(a)                                                     \
  {"--range", &(a).range}, {"--cmap", &(a).cmap}, {"--minus", &(a).minus},   \
      {"--time", &(a).time}, {"--width", &(a).width},                        \
      {"--height", &(a).height}, {"--dpi", &(a).dpi}, {"--font", &(a).font}, \
      {"-o", &(a).out}, {"--output", &(a).out}

int pm_cli_figure_spec(const pm_cli_figure_args *a, pm_figure_spec *fs)
{
  int status;

  memset(fs, 0, sizeof *fs);
  if (!a->out)
    return pm_error(PM_EUSAGE, "missing -o OUT (a .png, .pdf or .svg file)");
  if ((status = pm_cli_number("--width", a->width, &fs->width_mm)) ||
      (status = pm_cli_number("--height", a->height, &fs->height_mm)) ||
      (status = pm_cli_number("--dpi", a->dpi, &fs->dpi)) ||
      (status = pm_cli_number("--font", a->font, &fs->font_pt)))
    return status;
  if ((a->width && !(fs->width_mm > 0)) || (a->height && !(fs->height_mm > 0)) ||
      (a->dpi && !(fs->dpi > 0)) || (a->font && !(fs->font_pt > 0)))
    return pm_error(PM_EUSAGE, "--width, --height, --dpi and --font must be "
                    "positive");
  return PM_SUCCESS;
}

static int style_parse(const style_args *a, pm_figure_spec *fs, double *min,
                       double *max, long *time)
{
  pm_cli_figure_args f = {a->width, a->height, a->dpi, a->font, a->out};
  double t = 0;
  int status;

  if ((status = pm_cli_figure_spec(&f, fs)) ||
      (status = pm_cli_number("--time", a->time, &t)) ||
      (status = parse_range(a->range, min, max)))
    return status;
  if (t != floor(t) || t < 0)
    return pm_error(PM_EUSAGE, "option --time: '%s' is not a time index "
                    "(0, 1, ...)", a->time);
  *time = (long)t;
  return PM_SUCCESS;
}

int pm_cli_plot_map(int argc, char **argv)
{
  style_args a = {0};
  const char *depth = NULL, *layer = NULL, *projection = NULL, *lon0 = NULL,
             *sites = NULL;
  const pm_cli_option options[] = {STYLE_OPTIONS(a), {"--depth", &depth},
                                   {"--layer", &layer},
                                   {"--projection", &projection},
                                   {"--central-lon", &lon0},
                                   {"--sites", &sites},
                                   {NULL, NULL}};
  pm_cli_common opt;
  pm_plot_map_spec m;
  pm_figure_spec fs;
  double k = 0;
  int first, status, log = pm_cli_take_flag(&argc, argv, "--log", options);
  int plain = pm_cli_take_flag(&argc, argv, "--no-extrapolation",
                               options);

  if ((status = parse_two(argc, argv, map_usage, options, &opt, &first)) ||
      opt.help)
    return status;
  memset(&m, 0, sizeof m);
  m.sites = sites;
  m.no_extrapolation = plain;
  m.file = argv[first];
  m.variable = argv[first + 1];
  m.minus = a.minus;
  m.projection = projection;
  m.cmap = a.cmap;
  m.log = log;
  m.depth = NAN;
  if (depth && layer)
    status = pm_error(PM_EUSAGE, "give --depth or --layer, not both");
  if (!status && !(status = style_parse(&a, &fs, &m.min, &m.max, &m.time)) &&
      !(status = pm_cli_number("--depth", depth, &m.depth)) &&
      !(status = pm_cli_number("--central-lon", lon0, &m.central_lon)) &&
      !(status = pm_cli_number("--layer", layer, &k))) {
    m.layer = (long)k;
    if (k != floor(k) || k < 0)
      status = pm_error(PM_EUSAGE, "option --layer: '%s' is not a level "
                        "index (0, 1, ...)", layer);
  }
  if (!status) status = pm_plot_map(a.out, &fs, &m);
  if (status) return pm_cli_fail("plot map", status);
  pm_cli_note(&opt, "plankmap plot map: wrote %s\n", a.out);
  return PM_SUCCESS;
}

int pm_cli_plot_section(int argc, char **argv)
{
  style_args a = {0};
  const char *lon = NULL, *lat = NULL;
  const pm_cli_option options[] = {STYLE_OPTIONS(a), {"--lon", &lon},
                                   {"--lat", &lat}, {NULL, NULL}};
  pm_cli_common opt;
  pm_plot_section_spec q;
  pm_figure_spec fs;
  int first, status, log = pm_cli_take_flag(&argc, argv, "--log", options);
  int plain = pm_cli_take_flag(&argc, argv, "--no-extrapolation",
                               options);

  if ((status = parse_two(argc, argv, section_usage, options, &opt,
                          &first)) || opt.help)
    return status;
  memset(&q, 0, sizeof q);
  q.no_extrapolation = plain;
  q.file = argv[first];
  q.variable = argv[first + 1];
  q.minus = a.minus;
  q.cmap = a.cmap;
  q.log = log;
  q.lon = q.lat = NAN;
  if (!(status = style_parse(&a, &fs, &q.min, &q.max, &q.time)) &&
      !(status = pm_cli_number("--lon", lon, &q.lon)) &&
      !(status = pm_cli_number("--lat", lat, &q.lat)))
    status = pm_plot_section(a.out, &fs, &q);
  if (status) return pm_cli_fail("plot section", status);
  pm_cli_note(&opt, "plankmap plot section: wrote %s\n", a.out);
  return PM_SUCCESS;
}
