/* schema_spectrum.c: the rules of the size-spectrum responses and of the
 * flux section's `spectrum_models`.  A model of a spectrum parameter (the
 * log of the biovolume in a size window, or the slope of the number
 * spectrum; Clements et al. 2022, Global Biogeochem. Cycles 36,
 * e2021GB007276) is a gaussian model of one value per sample, without a
 * volume offset; `spectrum_models` names one model of each parameter, over
 * the same window, whose predictions rebuild the spectrum of every cell.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "pm_error.h"
#include "pm_family.h"
#include "pm_formula.h"
#include "schema.h"

#include <math.h>
#include <string.h>

#define N(table) (sizeof table / sizeof table[0])
#define ALL PM_SCHEMA_ALL

/* In the order of pm_spectrum_param; also the responses' formula names. */
const char *const pm_scenario_spectrum_params[] = {"log_biovolume", "slope",
                                                   NULL};

/* The formula of a spectrum model has no offset() term. */
static int check_no_offset(const config_setting_t *ft, const char *file,
                           int index)
{
  pm_formula *f = NULL;
  size_t i;
  int status = pm_formula_parse(&f, config_setting_get_string(ft));
  for (i = 0; !status && i < f->nterms; i++)
    if (f->terms[i].kind == PM_TERM_OFFSET)
      status = pm_schema_error(ft, file,
                               "setting 'models[%d].formula': the term '%s' "
                               "is an offset, and a spectrum response (a "
                               "log biovolume or a slope of one sample) is "
                               "not a count per volume; remove it",
                               index, f->terms[i].label);
  pm_formula_free(f);
  return status;
}

int pm_schema_check_spectrum_model(const config_setting_t *model, int index,
                                   const char *file)
{
  const config_setting_t *r = config_setting_get_member(model, "response");
  const config_setting_t *fs = config_setting_get_member(model, "family");
  const config_setting_t *fr = config_setting_get_member(model, "frame");
  pm_family fam;
  int fixed;

  if (!config_setting_get_member(r, "spectrum")) return PM_SUCCESS;
  if (pm_family_parse(&fam, &fixed, config_setting_get_string(fs)) ||
      fam.kind != PM_FAMILY_GAUSSIAN)
    return pm_schema_error(fs, file,
                           "setting 'models[%d].family': '%s'; a spectrum "
                           "response (log_biovolume or slope) takes any real "
                           "value, so its family must be \"gaussian\"",
                           index, config_setting_get_string(fs));
  if (fr && strcmp(config_setting_get_string(fr), "samples"))
    return pm_schema_error(fr, file,
                           "setting 'models[%d].frame': a spectrum model is "
                           "fitted to samples (a slope or a log biovolume is "
                           "not summed over a cell); remove the setting or "
                           "give \"samples\"",
                           index);
  return check_no_offset(config_setting_get_member(model, "formula"), file,
                         index);
}

/* Model m's response is the spectrum parameter `param`; an error at
 * setting s otherwise. */
static int check_param(const config_setting_t *s, const config_setting_t *m,
                       const char *file, const char *where, const char *param)
{
  const config_setting_t *r = config_setting_get_member(m, "response");
  const char *got = NULL;
  if (config_setting_lookup_string(r, "spectrum", &got) && !strcmp(got, param))
    return PM_SUCCESS;
  return pm_schema_error(s, file,
                         "setting '%s.%s': model '%s' is not a model of the "
                         "spectrum's %s; name a model with response = { "
                         "spectrum = \"%s\"; size = [...]; }",
                         where, config_setting_name(s),
                         config_setting_get_string(s), param, param);
}

/* The window [min, max] (um) of model m's response. */
static void window(const config_setting_t *m, double w[2])
{
  const config_setting_t *size = config_setting_get_member(
      config_setting_get_member(m, "response"), "size");
  w[0] = pm_schema_number(config_setting_get_elem(size, 0));
  w[1] = pm_schema_number(config_setting_get_elem(size, 1));
}

/* The spectrum's flux maps are the scenario's flux_<scenario>.nc, which
 * the flux models would write too: no model has a flux response. */
static int check_no_flux_model(const config_setting_t *root,
                               const config_setting_t *g, const char *file,
                               const char *where)
{
  const config_setting_t *models = config_setting_get_member(root, "models");
  int i;
  for (i = 0; models && i < config_setting_length(models); i++) {
    const config_setting_t *m = config_setting_get_elem(models, (unsigned)i);
    if (config_setting_get_member(config_setting_get_member(m, "response"),
                                  "flux"))
      return pm_schema_error(g, file,
                             "setting '%s': models[%d] has a flux response, "
                             "and the spectrum's flux maps take the place of "
                             "the flux models' (flux_<scenario>.nc); map the "
                             "flux by one way or the other",
                             where, i);
  }
  return PM_SUCCESS;
}

/* Both models exist, model the right parameter, over the same window. */
static int check_models(const config_setting_t *g, const char *file,
                        const char *where)
{
  const config_setting_t *root = config_setting_parent(config_setting_parent(g));
  const config_setting_t *sb = config_setting_get_member(g, "biovolume");
  const config_setting_t *ss = config_setting_get_member(g, "slope");
  const config_setting_t *mb, *ms;
  double wb[2], ws[2];
  int status = PM_SUCCESS;

  if (!(mb = pm_schema_model_named(root, sb, file, where, &status)) ||
      (status = check_param(sb, mb, file, where, "log_biovolume")) ||
      !(ms = pm_schema_model_named(root, ss, file, where, &status)) ||
      (status = check_param(ss, ms, file, where, "slope")))
    return status;
  if ((status = check_no_flux_model(root, g, file, where))) return status;
  window(mb, wb);
  window(ms, ws);
  if (wb[0] != ws[0] || wb[1] != ws[1])
    return pm_schema_error(ss, file,
                           "setting '%s.slope': model '%s' has the size "
                           "window %g-%g um and model '%s' %g-%g um; the "
                           "spectrum is rebuilt over one window, give both "
                           "models the same 'size'",
                           where, config_setting_get_string(ss), ws[0], ws[1],
                           config_setting_get_string(sb), wb[0], wb[1]);
  return PM_SUCCESS;
}

static const pm_schema_setting spectrum_settings[] = {
    {"biovolume", PM_SCHEMA_NAME, ALL, ALL, 0, 0, 0, NULL, NULL,
     "the model of the log biovolume (response = { spectrum = "
     "\"log_biovolume\"; size = [...]; })"},
    {"slope", PM_SCHEMA_NAME, ALL, ALL, 0, 0, 0, NULL, NULL,
     "the model of the spectral slope (response = { spectrum = \"slope\"; "
     "size = [...]; }), over the same window"},
    {"name", PM_SCHEMA_IDENT, ALL, 0, 0, 0, 0, NULL, NULL,
     "the variable of the flux maps; default flux_spectrum"},
};

const pm_schema_section pm_schema_spectrum_models = {
    spectrum_settings, N(spectrum_settings), NULL, check_models};
