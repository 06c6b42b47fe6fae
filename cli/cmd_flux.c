/* cmd_flux.c: `plankmap flux`, particle flux per depth bin and its
 * attenuation per profile, directly on EcoPart detailed exports.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "pm_cli.h"
#include "pm_error.h"
#include "pm_output.h"
#include "pm_flux.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
    "Usage: plankmap flux [--quiet] CONFIG\n"
    "       plankmap flux --format ecopart-detailed --metadata META.tsv\n"
    "         PAR_FILE... --out FLUX.tsv [--attenuation ATT.tsv]\n"
    "         [--remineralisation REMIN.tsv]\n"
    "         [--spectra SPECTRA.tsv --slope-min-mm X --slope-max-mm Y]\n"
    "         [--size-min-mm X --size-max-mm Y] [--A A --b B]\n"
    "         [--ref-depth Z --max-depth Z] [--fit log-linear|nonlinear]\n"
    "Carbon flux of every depth bin of UVP5 profiles from their particle size\n"
    "spectra (Guidi et al. 2008, Deep-Sea Res. I 55:1364: F = sum n A d^b dd\n"
    "over the size classes lying entirely inside the window), and the Martin\n"
    "curve F = F_ref (z / z_ref)^-b fitted per profile.\n\n"
    "With a scenario file CONFIG, its observations are read and filtered and\n"
    "its `flux` section gives the estimator, window and fit; the tables are\n"
    "written as flux_samples.tsv, flux_profiles.tsv, flux_spectra.tsv and\n"
    "flux_remineralisation.tsv in its output_dir\n"
    "(plankmap run does the same as its flux stage).  Otherwise:\n\n"
    "  --format F          ecopart-detailed (EcoPart detailed PAR exports)\n"
    "  --metadata META     the export's *_Export_metadata_summary.tsv\n"
    "  --out FLUX.tsv      write profile, datetime, lat, lon, depth_m,\n"
    "                      volume_L, flux_mgC_m2_d (one row per depth bin)\n"
    "  --attenuation ATT   write profile, datetime, lat, lon, ref_depth_m,\n"
    "                      flux_ref_mgC_m2_d, martin_b, martin_b_se, z_star_m,\n"
    "                      teff_100, n_bins (one row per profile)\n"
    "  --remineralisation REMIN\n"
    "                      write profile, datetime, lat, lon, depth_top_m,\n"
    "                      depth_bottom_m, depth_mid_m,\n"
    "                      remineralisation_mgC_m3_d: -dF/dz between\n"
    "                      consecutive bins from --ref-depth to --max-depth\n"
    "                      (one row per profile and layer; bins at the same\n"
    "                      depth count once, with their mean flux)\n"
    "  --spectra SPECTRA   write profile, datetime, lat, lon, depth_m,\n"
    "                      size_min_mm, size_max_mm, n_classes, slope,\n"
    "                      slope_se, intercept, intercept_se: the power law\n"
    "                      n(d) = exp(intercept) d^slope (# m-3 mm-1, d in mm)\n"
    "                      fitted by least squares of ln n on ln d over the\n"
    "                      classes with particles in the slope window\n"
    "  --slope-min-mm X    slope window, ESD in mm (default: the flux window)\n"
    "  --slope-max-mm Y\n"
    "  --size-min-mm X     size window, ESD in mm (default 0.25)\n"
    "  --size-max-mm Y     (default 1.5, the range of Guidi et al. 2008)\n"
    "  --A A, --b B        flux coefficients (default 12.5 and 3.81)\n"
    "  --ref-depth Z       reference depth of the Martin fit, m (default 100)\n"
    "  --max-depth Z       deepest bin used by the fit, m (default 1000)\n"
    "  --fit KIND          log-linear (least squares of ln F on ln z, the\n"
    "                      default) or nonlinear (least squares on F)\n"
    "  --quiet             print nothing but errors\n"
    "  --help              print this help\n\n"
    "Exit status: 0 success, 1 bad input, 2 usage error,\n"
    "3 numerical failure, 4 input/output error.\n";

typedef struct {
  const char *format, *metadata, *out, *att, *spectra, *remin, *size_min,
      *size_max, *slope_min, *slope_max, *A, *b, *ref_depth, *max_depth, *fit;
} flux_args;

/* What the options ask for, checked. */
typedef struct {
  pm_flux_estimator est;
  double slope_min, slope_max; /* window of the spectrum slopes */
  double z_ref, z_max;
  pm_flux_fit_kind fit;
} flux_plan;

static int usage_error(const char *what, const char *arg)
{
  return pm_cli_usage("flux", "%s%s%s", what, arg ? arg : "", arg ? "'" : "");
}

/* A finite number from option `name` (unchanged when the option is absent). */
static int number_option(const char *name, const char *text, double *x)
{
  char *end;
  if (!text) return PM_SUCCESS;
  errno = 0;
  *x = strtod(text, &end);
  if (end == text || *end || errno || !isfinite(*x))
    return pm_cli_usage("flux", "%s '%s' is not a number", name, text);
  return PM_SUCCESS;
}

static int check_args(const flux_args *a, flux_plan *p)
{
  int status;

  if (strcmp(a->format, "ecopart-detailed") != 0)
    return usage_error("unknown --format (the direct form reads "
                       "ecopart-detailed): '", a->format);
  if (!a->metadata)
    return usage_error("--metadata META.tsv is required with --format "
                       "ecopart-detailed", NULL);
  if (!a->out) return usage_error("--out FLUX.tsv is required", NULL);
  pm_flux_estimator_default(&p->est);
  p->z_ref = 100.0;
  p->z_max = 1000.0;
  p->fit = PM_FLUX_FIT_LOG_LINEAR;
  if (a->fit && strcmp(a->fit, "nonlinear") == 0)
    p->fit = PM_FLUX_FIT_NONLINEAR;
  else if (a->fit && strcmp(a->fit, "log-linear") != 0)
    return usage_error("--fit must be log-linear or nonlinear, not '", a->fit);
  if ((status = number_option("--size-min-mm", a->size_min, &p->est.min_mm)) ||
      (status = number_option("--size-max-mm", a->size_max, &p->est.max_mm)))
    return status;
  p->slope_min = p->est.min_mm; /* the slopes: the flux window by default */
  p->slope_max = p->est.max_mm;
  if ((status = number_option("--A", a->A, &p->est.A)) ||
      (status = number_option("--b", a->b, &p->est.b)) ||
      (status = number_option("--slope-min-mm", a->slope_min,
                              &p->slope_min)) ||
      (status = number_option("--slope-max-mm", a->slope_max,
                              &p->slope_max)) ||
      (status = number_option("--ref-depth", a->ref_depth, &p->z_ref)) ||
      (status = number_option("--max-depth", a->max_depth, &p->z_max)))
    return status;
  if ((status = pm_flux_estimator_check(&p->est)) ||
      (status = pm_flux_fit_check(p->z_ref, p->z_max)))
    return pm_cli_fail("flux", PM_EUSAGE);
  return PM_SUCCESS;
}

static int read_obs(const flux_args *a, char **files, int n, pm_obs **obs)
{
  pm_obs_source src;
  memset(&src, 0, sizeof src);
  src.name = "flux";
  src.format = PM_FORMAT_ECOPART_DETAILED;
  src.files = files;
  src.n_files = (size_t)n;
  src.metadata = (char *)a->metadata;
  if (!(*obs = pm_obs_alloc())) return pm_error_nomem();
  return pm_obs_read(*obs, &src, NULL, NULL, NULL, NULL);
}

/* The layers of every profile between --ref-depth and --max-depth, the
 * range of the Martin fits (rows has obs->n_samples rows). */
static int remin_layers(const pm_obs *obs, const double *flux,
                        const flux_plan *p, pm_flux_remin_row *rows,
                        size_t *n)
{
  double *zmin = malloc((obs->n_profiles + 1) * sizeof *zmin);
  size_t k;
  int status;

  if (!zmin) return pm_error_nomem();
  for (k = 0; k < obs->n_profiles; k++) zmin[k] = p->z_ref;
  status = pm_flux_profile_remineralisation(obs, flux, zmin, p->z_max, rows,
                                            n);
  free(zmin);
  return status;
}

/* Flux of every sample, the fits of every profile, and the tables. */
static int run(const flux_args *a, const flux_plan *p, const pm_cli_common *opt,
               char **files, int n)
{
  pm_obs *obs = NULL;
  double *flux = NULL;
  pm_martin *fits = NULL;
  pm_slope *slope = NULL;
  pm_flux_remin_row *remin = NULL;
  pm_pipeline_flux_out out = {NULL, NULL, NULL, p->slope_min, p->slope_max,
                         a->out, a->att, a->spectra, NULL, 0, a->remin};
  char what[256];
  int status;

  if ((status = read_obs(a, files, n, &obs))) goto cleanup;
  out.flux = flux = malloc(obs->n_samples * sizeof *flux + 1);
  out.fits = fits = calloc(obs->n_profiles + 1, sizeof *fits);
  out.slope = slope = calloc(obs->n_samples + 1, sizeof *slope);
  out.remin = remin = malloc((obs->n_samples + 1) * sizeof *remin);
  if (!flux || !fits || !slope || !remin) {
    status = pm_error_nomem();
    goto cleanup;
  }
  if ((status = pm_flux_samples(obs, &p->est, flux)) ||
      (status = pm_flux_profile_fits(obs, flux, p->z_ref, p->z_max, p->fit,
                                     fits)))
    goto cleanup;
  if (obs->n_samples && isnan(flux[0])) {
    status = pm_error(PM_EINPUT, "no size class of the exports lies entirely "
                      "inside the window %g-%g mm; widen --size-min-mm and "
                      "--size-max-mm", p->est.min_mm, p->est.max_mm);
    goto cleanup;
  }
  if ((a->spectra &&
       (status = pm_spectrum_samples_slope(obs, p->slope_min, p->slope_max,
                                           slope))) ||
      (a->remin &&
       (status = remin_layers(obs, flux, p, remin, &out.n_remin))) ||
      (status = pm_pipeline_flux_tables(obs, &out)))
    goto cleanup;
  if (a->att) {
    pm_pipeline_opts po = pm_cli_pipeline(opt);
    pm_pipeline_flux_reasons("flux", &po, obs, fits);
  }
  pm_pipeline_flux_describe(&p->est, what, sizeof what);
  pm_cli_note(opt, "flux of %zu depth bins of %zu profiles (%s) written to "
              "%s\n", obs->n_samples, obs->n_profiles, what, a->out);
cleanup:
  free(flux);
  free(fits);
  free(slope);
  free(remin);
  pm_obs_free(obs);
  return status;
}

/* `plankmap flux CONFIG`: the scenario's observations read and filtered,
 * then the flux stage into its output folder. */
static int run_config(const flux_args *a, const pm_cli_common *opt,
                      const char *path)
{
  pm_scenario *sc = NULL;
  pm_pipeline_gridded g = {0};
  pm_pipeline_opts po = pm_cli_pipeline(opt);
  int status;

  if (a->metadata || a->out || a->att || a->spectra || a->remin ||
      a->size_min || a->size_max || a->slope_min || a->slope_max || a->A ||
      a->b || a->ref_depth || a->max_depth || a->fit)
    return usage_error("with a scenario file, the flux section of the file "
                       "gives the settings; give --format ecopart-detailed "
                       "for the direct form", NULL);
  if ((status = pm_scenario_load(&sc, path))) goto cleanup;
  if (!sc->flux.given) {
    status = pm_error(PM_EINPUT, "%s: no `flux` section; add one "
                      "(configs/example_full.cfg documents it)", path);
    goto cleanup;
  }
  if ((status = pm_mkdirs(sc->output_dir)) ||
      (status = pm_pipeline_stage_grid(sc, &po, &g)))
    goto cleanup;
  status = pm_pipeline_stage_flux(sc, g.obs, &po, sc->output_dir);
cleanup:
  pm_pipeline_gridded_free(&g);
  pm_scenario_free(sc);
  return status;
}

int pm_cli_flux(int argc, char **argv)
{
  flux_args a = {0};
  pm_cli_option options[] = {
      {"--format", &a.format},       {"--metadata", &a.metadata},
      {"--out", &a.out},             {"--attenuation", &a.att},
      {"--spectra", &a.spectra},     {"--remineralisation", &a.remin},
      {"--slope-min-mm", &a.slope_min},
      {"--slope-max-mm", &a.slope_max},
      {"--size-min-mm", &a.size_min}, {"--size-max-mm", &a.size_max},
      {"--A", &a.A},                 {"--b", &a.b},
      {"--ref-depth", &a.ref_depth}, {"--max-depth", &a.max_depth},
      {"--fit", &a.fit},             {NULL, NULL}};
  pm_cli_common opt;
  flux_plan plan;
  int first, status;

  status = pm_cli_parse(argc, argv, usage, options, PM_CLI_ONE_OR_MORE, &opt,
                        &first);
  if (status || opt.help) return status;
  if (!a.format) { /* the CONFIG form */
    if (argc - first != 1)
      return usage_error("give one scenario file, or --format "
                         "ecopart-detailed and PAR files", NULL);
    status = run_config(&a, &opt, argv[first]);
    return status ? pm_cli_fail("flux", status) : PM_SUCCESS;
  }
  if ((status = check_args(&a, &plan))) return status;
  status = run(&a, &plan, &opt, argv + first, argc - first);
  return status ? pm_cli_fail("flux", status) : PM_SUCCESS;
}
