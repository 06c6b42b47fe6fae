/* flux_tables.c: the tables of `plankmap flux`, written together: the
 * flux of every sample, the Martin curve of every profile, the size
 * spectrum slope of every sample, and the remineralisation rate of every
 * layer of every profile.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "pm_pipeline.h"
#include "pm_error.h"
#include "pm_output.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

/* ISO 8601 UTC "YYYY-MM-DDThh:mm:ssZ". */
static void iso_time(double t, char buf[32])
{
  time_t tt = (time_t)floor(t);
  struct tm tm;
  if (!isfinite(t) || !gmtime_r(&tt, &tm))
    buf[0] = '\0';
  else
    strftime(buf, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* A number, or an empty field for NAN. */
static void put_number(FILE *f, double x)
{
  if (isnan(x))
    fputs("\t", f);
  else
    fprintf(f, "\t%.6g", x);
}

/* A number with all the digits of a double (17), or an empty field for
 * NAN: the fluxes and rates, so that a sum over the layers' rate x
 * thickness gives back the flux difference from the tables. */
static void put_exact(FILE *f, double x)
{
  if (isnan(x))
    fputs("\t", f);
  else
    fprintf(f, "\t%.17g", x);
}

/* profile, datetime, lat, lon of profile p. */
static void put_profile(FILE *f, const pm_obs *obs, size_t p)
{
  char when[32];
  iso_time(obs->profiles[p].time, when);
  fprintf(f, "%s\t%s\t%.6f\t%.6f", obs->profiles[p].name, when,
          obs->profiles[p].lat, obs->profiles[p].lon);
}

static void write_flux(FILE *f, const pm_obs *obs, const void *data)
{
  const double *flux = data;
  size_t s;
  fputs("profile\tdatetime\tlat\tlon\tdepth_m\tvolume_L\tflux_mgC_m2_d\n", f);
  for (s = 0; s < obs->n_samples; s++) {
    put_profile(f, obs, obs->profile[s]);
    put_number(f, 0.5 * (obs->depth_top[s] + obs->depth_bottom[s]));
    put_number(f, obs->volume_m3[s] * 1e3);
    put_exact(f, flux[s]);
    fputc('\n', f);
  }
}

static void write_att(FILE *f, const pm_obs *obs, const void *data)
{
  const pm_martin *fits = data;
  size_t p;
  fputs("profile\tdatetime\tlat\tlon\tref_depth_m\tflux_ref_mgC_m2_d\t"
        "martin_b\tmartin_b_se\tz_star_m\tteff_100\tn_bins\n", f);
  for (p = 0; p < obs->n_profiles; p++) {
    const pm_martin *m = &fits[p];
    put_profile(f, obs, p);
    put_number(f, m->z_ref);
    put_number(f, m->F_ref);
    put_number(f, m->b);
    put_number(f, m->se_b);
    put_number(f, isinf(m->z_star) ? NAN : m->z_star);
    put_number(f, m->teff_100);
    fprintf(f, "\t%zu\n", m->n);
  }
}

/* The slope table's data: the slopes and their window. */
typedef struct {
  const pm_slope *slope;
  double min_mm, max_mm;
} slopes;

static void write_spectra(FILE *f, const pm_obs *obs, const void *data)
{
  const slopes *sl = data;
  size_t s;
  fputs("profile\tdatetime\tlat\tlon\tdepth_m\tsize_min_mm\tsize_max_mm\t"
        "n_classes\tslope\tslope_se\tintercept\tintercept_se\n", f);
  for (s = 0; s < obs->n_samples; s++) {
    const pm_slope *p = &sl->slope[s];
    put_profile(f, obs, obs->profile[s]);
    put_number(f, 0.5 * (obs->depth_top[s] + obs->depth_bottom[s]));
    put_number(f, sl->min_mm);
    put_number(f, sl->max_mm);
    fprintf(f, "\t%zu", p->n);
    put_number(f, p->slope);
    put_number(f, p->se_slope);
    put_number(f, p->intercept);
    put_number(f, p->se_intercept);
    fputc('\n', f);
  }
}

/* One row per layer: the rows of pm_flux_profile_remineralisation. */
static void write_remin(FILE *f, const pm_obs *obs, const void *data)
{
  const pm_pipeline_flux_out *out = data;
  size_t k;
  fputs("profile\tdatetime\tlat\tlon\tdepth_top_m\tdepth_bottom_m\t"
        "depth_mid_m\tremineralisation_mgC_m3_d\n", f);
  for (k = 0; k < out->n_remin; k++) {
    const pm_flux_remin_row *r = &out->remin[k];
    put_profile(f, obs, r->profile);
    put_number(f, r->z_top);
    put_number(f, r->z_bottom);
    put_number(f, r->z_mid);
    put_exact(f, r->rate);
    fputc('\n', f);
  }
}

int pm_pipeline_table_text(FILE *f, void *arg)
{
  const pm_pipeline_table *t = arg;
  t->put(f, t->obs, t->data);
  return PM_SUCCESS;
}

int pm_pipeline_flux_tables(const pm_obs *obs, const pm_pipeline_flux_out *out)
{
  slopes sl = {out->slope, out->slope_min_mm, out->slope_max_mm};
  pm_pipeline_table t[] = {{write_flux, obs, out->flux},
                           {write_att, obs, out->fits},
                           {write_spectra, obs, &sl},
                           {write_remin, obs, out}};
  pm_output_file files[] = {{out->flux_path, pm_pipeline_table_text, &t[0]},
                            {out->att_path, pm_pipeline_table_text, &t[1]},
                            {out->spectra_path, pm_pipeline_table_text, &t[2]},
                            {out->remin_path, pm_pipeline_table_text, &t[3]}};
  return pm_output_texts(files, sizeof files / sizeof *files);
}

void pm_pipeline_flux_reasons(const char *command, const pm_pipeline_opts *opt,
                         const pm_obs *obs, const pm_martin *fits)
{
  size_t p;
  for (p = 0; p < obs->n_profiles; p++)
    if (fits[p].reason[0])
      pm_pipeline_note(opt, "plankmap %s: profile %s: %s\n", command,
                       obs->profiles[p].name, fits[p].reason);
}
