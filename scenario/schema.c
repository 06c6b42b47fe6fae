/* schema.c: the settings a scenario file may hold, section by section.
 *
 * To add a setting, add a row to its section's table (and read it in
 * load_data.c); to add a section, add a table and a PM_SCHEMA_GROUP row to
 * `top_settings`.  configs/demo.cfg documents every setting of this file,
 * configs/example_full.cfg those of schema_model.c.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "schema.h"
#include "pm_error.h"

#include <math.h>
#include <string.h>

#define N(table) (sizeof table / sizeof table[0])
#define ALL PM_SCHEMA_ALL

const char *const pm_schema_formats[] = {"ecopart-detailed", "ecopart-raw",
                                         "ecotaxa", "table", "uvp5-dataset",
                                         NULL};
#define DETAILED PM_SCHEMA_VARIANT(0)
#define RAW PM_SCHEMA_VARIANT(1)
#define ECOTAXA PM_SCHEMA_VARIANT(2)
#define TABLE PM_SCHEMA_VARIANT(3)
#define UVP5 PM_SCHEMA_VARIANT(4)

static const char *const volume_units[] = {"L", "m3", NULL};
static const char *const statuses[] = {"validated", "all", NULL};
const char *const pm_schema_class_by[] = {"group", "taxon", NULL};
const char *const pm_schema_time_axes[] = {"none", "month", "season", "year",
                                           NULL};

/* ---- observations[i].columns (format table) ---- */

/* The wide layout names its count columns ('classes'), the long one its
 * class and count columns; exactly one of the two. */
static int check_layout(const config_setting_t *g, const char *file,
                        const char *where)
{
  int classes = config_setting_get_member(g, "classes") != NULL;
  int class_column = config_setting_get_member(g, "class") != NULL;
  int count_column = config_setting_get_member(g, "count") != NULL;
  if (class_column != count_column)
    return pm_schema_error(g, file,
                           "'%s' names a '%s' column without a '%s' column; "
                           "one row per sample and class needs both",
                           where, class_column ? "class" : "count",
                           class_column ? "count" : "class");
  if (config_setting_get_member(g, "carbon") && !class_column)
    return pm_schema_error(g, file,
                           "'%s' names a 'carbon' column without the 'class' "
                           "and 'count' columns of one row per sample and "
                           "class",
                           where);
  if (classes == class_column)
    return pm_schema_error(
        g, file,
        "'%s' must name the count columns with 'classes' (one row per "
        "sample), or the class and count columns with 'class' and 'count' "
        "(one row per sample and class), not both or neither",
        where);
  return PM_SUCCESS;
}

static int check_columns(const config_setting_t *g, const char *file,
                         const char *where)
{
  int datetime = config_setting_get_member(g, "datetime") != NULL;
  int date = config_setting_get_member(g, "date") != NULL;
  int time = config_setting_get_member(g, "time") != NULL;
  if (datetime == date && !time)
    return pm_schema_error(
        g, file,
        "'%s' must name the date-time column with 'datetime', "
        "or the date column with 'date' (and the time column "
        "with 'time'), not both or neither",
        where);
  if (time && !date)
    return pm_schema_error(g, file,
                           "'%s' names a 'time' column without a "
                           "'date' column; name both, or use 'datetime'",
                           where);
  return check_layout(g, file, where);
}

static const pm_schema_setting column_settings[] = {
    {"profile", PM_SCHEMA_STRING, ALL, ALL, 0, 0, 0, NULL, NULL,
     "column of the profile (or sample) name"},
    {"project", PM_SCHEMA_STRING, ALL, 0, 0, 0, 0, NULL, NULL,
     "column of the project or cruise the profile belongs to"},
    {"datetime", PM_SCHEMA_STRING, ALL, 0, 0, 0, 0, NULL, NULL,
     "column of the ISO 8601 date-time (UTC)"},
    {"date", PM_SCHEMA_STRING, ALL, 0, 0, 0, 0, NULL, NULL,
     "column of the date (YYYY-MM-DD or YYYYMMDD), when not in 'datetime'"},
    {"time", PM_SCHEMA_STRING, ALL, 0, 0, 0, 0, NULL, NULL,
     "column of the time of day (hh:mm[:ss] or hhmmss), with 'date'"},
    {"lat", PM_SCHEMA_STRING, ALL, ALL, 0, 0, 0, NULL, NULL,
     "column of the latitude (degrees north)"},
    {"lon", PM_SCHEMA_STRING, ALL, ALL, 0, 0, 0, NULL, NULL,
     "column of the longitude (degrees east)"},
    {"depth_top", PM_SCHEMA_STRING, ALL, ALL, 0, 0, 0, NULL, NULL,
     "column of the top of the sampled layer (m, positive down)"},
    {"depth_bottom", PM_SCHEMA_STRING, ALL, ALL, 0, 0, 0, NULL, NULL,
     "column of the bottom of the sampled layer (m, positive down)"},
    {"volume", PM_SCHEMA_STRING, ALL, ALL, 0, 0, 0, NULL, NULL,
     "column of the sampled volume (in 'volume_units')"},
    {"classes", PM_SCHEMA_STRINGS, ALL, 0, 0, 0, 0, NULL, NULL,
     "count columns, one per class; the column name is the class name "
     "(one row per sample)"},
    {"class", PM_SCHEMA_STRING, ALL, 0, 0, 0, 0, NULL, NULL,
     "column of the class name, with 'count' (one row per sample and class)"},
    {"count", PM_SCHEMA_STRING, ALL, 0, 0, 0, 0, NULL, NULL,
     "column of the count of the row's class, with 'class'"},
    {"carbon", PM_SCHEMA_STRING, ALL, 0, 0, 0, 0, NULL, NULL,
     "column of the carbon (mg C) of the row's class in the sample, with "
     "'class' (for models of biomass)"},
};
static const pm_schema_section columns_section = {
    column_settings, N(column_settings), NULL, check_columns};

/* ---- observations[i].classifier ---- */

static const pm_schema_setting classifier_settings[] = {
    {"confusion", PM_SCHEMA_STRING, ALL, ALL, 0, 0, 0, NULL, NULL,
     "the classifier's confusion matrix: a TSV file, header 'true' then the "
     "predicted classes, one row of test-set counts per true class; the "
     "source's counts are corrected for misclassification with it"},
    {"predicted", PM_SCHEMA_STRINGS, ALL, 0, 0, 0, 0, NULL, NULL,
     "ecotaxa sources: the annotation statuses of the objects whose class "
     "was only predicted (the others are counted as they are); default "
     "[\"predicted\"]"},
};
static const pm_schema_section classifier_section = {
    classifier_settings, N(classifier_settings), NULL, NULL};

/* ---- observations[i] ---- */

/* classifier.predicted names EcoTaxa annotation statuses: other formats
 * have none. */
static int check_source(const config_setting_t *g, const char *file,
                        const char *where)
{
  const config_setting_t *c = config_setting_get_member(g, "classifier");
  const config_setting_t *p = c ? config_setting_get_member(c, "predicted")
                                : NULL;
  const char *format = NULL;
  config_setting_lookup_string(g, "format", &format);
  if (!p || (format && strcmp(format, "ecotaxa") == 0)) return PM_SUCCESS;
  return pm_schema_error(p, file,
                         "'%s.classifier.predicted' applies to ecotaxa "
                         "sources only (annotation statuses); every object "
                         "of a %s source counts as predicted",
                         where, format ? format : "");
}

static const pm_schema_setting source_settings[] = {
    {"name", PM_SCHEMA_NAME, ALL, ALL, 0, 0, 0, NULL, NULL,
     "the source's name, unique in the file"},
    {"format", PM_SCHEMA_ENUM, ALL, ALL, 0, 0, 0, pm_schema_formats, NULL,
     "the files' format"},
    {"files", PM_SCHEMA_STRINGS, ALL, ALL, 0, 0, 0, NULL, NULL,
     "data files or glob(3) patterns, relative to the input folder "
     "(input_dir)"},
    {"metadata", PM_SCHEMA_STRING, DETAILED | RAW | UVP5,
     DETAILED | RAW | UVP5, 0, 0, 0, NULL, NULL,
     "the EcoPart export's metadata summary (*_Export_metadata_summary.tsv); "
     "the UVP5 data set's samples.tsv.gz"},
    {"depth_step", PM_SCHEMA_NUMBER, RAW | UVP5, 0, 0, 1000,
     PM_SCHEMA_MIN_OPEN, NULL, NULL,
     "depth bin size (m) of the raw EcoPart casts or of the UVP5 data set's "
     "bins; default 5"},
    {"projects", PM_SCHEMA_STRINGS, UVP5, 0, 0, 0, 0, NULL, NULL,
     "the projects (samples.tsv's project) whose profiles are kept; "
     "default all"},
    {"uvp_models", PM_SCHEMA_STRINGS, UVP5, 0, 0, 0, 0, NULL, NULL,
     "the UVP models (samples.tsv's uvp_model: SD, ZD, HD) whose profiles "
     "are kept; default all"},
    {"class_by", PM_SCHEMA_ENUM, UVP5, 0, 0, 0, 0, pm_schema_class_by, NULL,
     "the objects' classes: \"group\" (group and group_lineage, the same "
     "across the data set; default) or \"taxon\" (the original taxon and "
     "its lineage)"},
    {"volume_table", PM_SCHEMA_STRING, ECOTAXA | UVP5, UVP5, 0, 0, 0, NULL,
     NULL, "table of the sampled volume of each sample; the UVP5 data set's "
     "samples_volume.tsv.gz"},
    {"delimiter", PM_SCHEMA_CHAR, TABLE, 0, 0, 0, 0, NULL, NULL,
     "field separator of the table; default \",\""},
    {"volume_units", PM_SCHEMA_ENUM, TABLE, TABLE, 0, 0, 0, volume_units, NULL,
     "units of the volume column"},
    {"columns", PM_SCHEMA_GROUP, TABLE, TABLE, 0, 0, 0, NULL, &columns_section,
     "which table column holds what"},
    {"classifier", PM_SCHEMA_GROUP, DETAILED | ECOTAXA | TABLE, 0, 0, 0, 0, NULL,
     &classifier_section,
     "the classes of the source's objects were predicted by an automated "
     "classifier, not validated: its confusion matrix"},
};
static const pm_schema_section source_section = {
    source_settings, N(source_settings), "format", check_source};

/* ---- filters ---- */

static const pm_schema_setting merge_settings[] = {
    {"into", PM_SCHEMA_STRING, ALL, ALL, 0, 0, 0, NULL, NULL,
     "name of the merged class"},
    {"from", PM_SCHEMA_STRINGS, ALL, ALL, 0, 0, 0, NULL, NULL,
     "class names or taxonomic path prefixes merged into it"},
};
static const pm_schema_section merge_section = {merge_settings,
                                                N(merge_settings), NULL, NULL};

static const pm_schema_setting class_settings[] = {
    {"keep", PM_SCHEMA_STRINGS, ALL, 0, 0, 0, 0, NULL, NULL,
     "class names or taxonomic path prefixes to keep; default all"},
    {"merge", PM_SCHEMA_GROUPS, ALL, 0, 0, 0, 0, NULL, &merge_section,
     "classes counted together as one"},
};
static const pm_schema_section class_section = {class_settings,
                                                N(class_settings), NULL, NULL};

static const pm_schema_setting filter_settings[] = {
    {"classes", PM_SCHEMA_GROUP, ALL, 0, 0, 0, 0, NULL, &class_section,
     "which classes are kept and merged"},
    {"size_mm", PM_SCHEMA_RANGE, ALL, 0, 0, INFINITY, 0, NULL, NULL,
     "size window (mm, equivalent spherical diameter) of the size classes "
     "kept"},
    {"annotation_status", PM_SCHEMA_ENUM, ALL, 0, 0, 0, 0, statuses, NULL,
     "EcoTaxa objects kept by annotation status"},
    {"depth_m", PM_SCHEMA_RANGE, ALL, 0, 0, INFINITY, 0, NULL, NULL,
     "depth range (m) of the samples kept, by mid-depth"},
    {"dates", PM_SCHEMA_DATES, ALL, 0, 0, 0, 0, NULL, NULL,
     "first and last day (inclusive, UTC) of the samples kept"},
};
static const pm_schema_section filter_section = {
    filter_settings, N(filter_settings), NULL, NULL};

/* ---- grid ---- */

/* Two numbers of a RANGE setting, or the default when absent. */
static const config_setting_t *range_of(const config_setting_t *g,
                                        const char *name, double lo, double hi,
                                        double r[2])
{
  const config_setting_t *s = config_setting_get_member(g, name);
  r[0] = s ? pm_schema_number(config_setting_get_elem(s, 0)) : lo;
  r[1] = s ? pm_schema_number(config_setting_get_elem(s, 1)) : hi;
  return s ? s : g;
}

/* The cell size `name` (or `resolution`) divides the range into whole cells. */
static int check_cells(const config_setting_t *g, const char *file,
                       const char *where, const char *name, const char *axis,
                       const double r[2])
{
  const config_setting_t *s = config_setting_get_member(g, name);
  double d, k;
  if (!s) s = config_setting_get_member(g, "resolution");
  d = pm_schema_number(s);
  k = (r[1] - r[0]) / d;
  if (fabs(k - round(k)) <= 1e-9 * k) return PM_SUCCESS;
  return pm_schema_error(s, file,
                         "setting '%s.%s' = %g does not divide the %s "
                         "range [%g, %g] into whole cells; choose a cell size "
                         "that does",
                         where, config_setting_name(s), d, axis, r[0], r[1]);
}

static int check_grid(const config_setting_t *g, const char *file,
                      const char *where)
{
  double lon[2], lat[2];
  const config_setting_t *s = range_of(g, "lon", -180, 180, lon);
  int one = config_setting_get_member(g, "resolution") != NULL;
  int dlon = config_setting_get_member(g, "resolution_lon") != NULL;
  int dlat = config_setting_get_member(g, "resolution_lat") != NULL;
  int status;
  range_of(g, "lat", -90, 90, lat);
  if (lon[1] - lon[0] > 360)
    return pm_schema_error(s, file,
                           "setting '%s.lon' spans %g degrees; a grid "
                           "spans at most 360",
                           where, lon[1] - lon[0]);
  if (one ? dlon || dlat : !(dlon && dlat))
    return pm_schema_error(g, file,
                           "'%s' must give the cell size either as "
                           "'resolution' (degrees) or as both 'resolution_lon' "
                           "and 'resolution_lat'",
                           where);
  if ((status =
           check_cells(g, file, where, "resolution_lon", "longitude", lon)))
    return status;
  return check_cells(g, file, where, "resolution_lat", "latitude", lat);
}

static const pm_schema_setting grid_settings[] = {
    {"lon", PM_SCHEMA_RANGE, ALL, 0, -180, 360, 0, NULL, NULL,
     "west and east edges (degrees east); default [-180, 180]"},
    {"lat", PM_SCHEMA_RANGE, ALL, 0, -90, 90, 0, NULL, NULL,
     "south and north edges (degrees north); default [-90, 90]"},
    {"resolution", PM_SCHEMA_NUMBER, ALL, 0, 0, 180, PM_SCHEMA_MIN_OPEN, NULL,
     NULL, "cell size (degrees) in longitude and latitude"},
    {"resolution_lon", PM_SCHEMA_NUMBER, ALL, 0, 0, 360, PM_SCHEMA_MIN_OPEN,
     NULL, NULL, "cell size (degrees) in longitude, with 'resolution_lat'"},
    {"resolution_lat", PM_SCHEMA_NUMBER, ALL, 0, 0, 180, PM_SCHEMA_MIN_OPEN,
     NULL, NULL, "cell size (degrees) in latitude, with 'resolution_lon'"},
    {"depth_edges", PM_SCHEMA_EDGES, ALL, ALL, 0, INFINITY, 0, NULL, NULL,
     "edges of the depth layers (m, positive down), increasing"},
    {"time", PM_SCHEMA_ENUM, ALL, 0, 0, 0, 0, pm_schema_time_axes, NULL,
     "time axis; default none"},
};
static const pm_schema_section grid_section = {grid_settings, N(grid_settings),
                                               NULL, check_grid};

/* ---- the top level ---- */

/* Names of the elements of list `key` ("observations") are unique: they
 * name their outputs.  `noun` says what they are ("source"). */
static int unique_names(const config_setting_t *g, const char *file,
                        const char *key, const char *noun)
{
  const config_setting_t *list = config_setting_get_member(g, key);
  int n = list ? config_setting_length(list) : 0, i, j;
  for (i = 1; i < n; i++) {
    const config_setting_t *a = config_setting_get_member(
        config_setting_get_elem(list, (unsigned)i), "name");
    for (j = 0; j < i; j++) {
      const config_setting_t *b = config_setting_get_member(
          config_setting_get_elem(list, (unsigned)j), "name");
      if (strcmp(config_setting_get_string(a), config_setting_get_string(b)) ==
          0)
        return pm_schema_error(a, file,
                               "setting '%s[%d].name': the name '%s' is "
                               "already used by %s[%d] (line %u); %s names "
                               "must be unique",
                               key, i, config_setting_get_string(a), key, j,
                               config_setting_source_line(b), noun);
    }
  }
  return PM_SUCCESS;
}

static int check_top(const config_setting_t *g, const char *file,
                     const char *where)
{
  int status;
  (void)where;
  if ((status = unique_names(g, file, "observations", "source")) ||
      (status = unique_names(g, file, "covariates", "covariate")) ||
      (status = unique_names(g, file, "models", "model")) ||
      (status = unique_names(g, file, "scenarios", "scenario")) ||
      (status = unique_names(g, file, "rates", "rate set")))
    return status;
  return pm_schema_check_models(g, file);
}

static const pm_schema_setting top_settings[] = {
    {"output_dir", PM_SCHEMA_STRING, ALL, ALL, 0, 0, 0, NULL, NULL,
     "folder of the outputs, relative to the working directory"},
    {"observations", PM_SCHEMA_GROUPS, ALL, ALL, 0, 0, 0, NULL, &source_section,
     "the observation sources"},
    {"filters", PM_SCHEMA_GROUP, ALL, 0, 0, 0, 0, NULL, &filter_section,
     "which observations are kept"},
    {"grid", PM_SCHEMA_GROUP, ALL, ALL, 0, 0, 0, NULL, &grid_section,
     "the longitude-latitude-depth-time grid"},
    {"covariates", PM_SCHEMA_GROUPS, ALL, 0, 0, 0, 0, NULL,
     &pm_schema_covariate, "the covariate fields"},
    {"relief", PM_SCHEMA_GROUP, ALL, 0, 0, 0, 0, NULL, &pm_schema_field,
     "the relief (land and seafloor mask)"},
    {"models", PM_SCHEMA_GROUPS, ALL, 0, 0, 0, 0, NULL, &pm_schema_model,
     "the models fitted"},
    {"prediction", PM_SCHEMA_GROUP, ALL, 0, 0, 0, 0, NULL,
     &pm_schema_prediction, "the maps and totals predicted"},
    {"scenarios", PM_SCHEMA_GROUPS, ALL, 0, 0, 0, 0, NULL, &pm_schema_case,
     "changes of the covariates against the baseline"},
    {"flux", PM_SCHEMA_GROUP, ALL, 0, 0, 0, 0, NULL, &pm_schema_flux,
     "the particle flux of the samples, its maps and attenuation"},
    {"biomass", PM_SCHEMA_GROUP, ALL, 0, 0, 0, 0, NULL, &pm_schema_biomass,
     "the carbon conversion of the objects for biomass responses"},
    {"rates", PM_SCHEMA_GROUPS, ALL, 0, 0, 0, 0, NULL, &pm_schema_rates,
     "process rates (respiration, carbon demand, silica) of biomass models"},
    {"figures", PM_SCHEMA_GROUP, ALL, 0, 0, 0, 0, NULL, &pm_schema_figures,
     "the figures of the run (maps, differences) under output_dir/figures"},
    {"simulate", PM_SCHEMA_GROUP, ALL, 0, 0, 0, 0, NULL, &pm_schema_simulate,
     "virtual observations drawn from a known truth (plankmap simulate)"},
    {"recovery", PM_SCHEMA_GROUP, ALL, 0, 0, 0, 0, NULL, &pm_schema_recovery,
     "the truth a run of virtual observations is compared with"},
    {"threads", PM_SCHEMA_NUMBER, ALL, 0, 1, 4096, PM_SCHEMA_INTEGER, NULL,
     NULL, "threads of plankmap run's fits, cross-validation folds, "
     "bootstrap refits and map predictions (default every core; the "
     "command line's --threads wins); the results do not depend on it"},
    {"input_dir", PM_SCHEMA_STRING, ALL, 0, 0, 0, 0, NULL, NULL,
     "folder the relative paths of the inputs are taken from, itself "
     "relative to the config file's folder; default the config file's "
     "folder"},
};

const pm_schema_section pm_schema_scenario = {top_settings, N(top_settings),
                                              NULL, check_top};
