/* cmd_info.c: `plankmap info FILE`: what an observation file or a plankmap
 * NetCDF output holds.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "pm_cli.h"
#include "pm_error.h"
#include "pm_ncwrite.h"
#include "pm_text.h"

#include <glob.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

static const char usage[] =
    "Usage: plankmap info [--quiet] [--metadata META] FILE\n"
    "Summarize FILE: a plankmap NetCDF output (dimensions, variables with\n"
    "units, provenance); a CSV (.csv) or TSV (.tsv, .txt) table (rows, and\n"
    "each column's type, number or text, missing values, \"\" or NA, and\n"
    "the range of the numbers); or an observation file: an EcoPart\n"
    "detailed PAR export, an EcoPart raw PAR_raw export (with its ZOO_raw\n"
    "file beside it), an EcoTaxa TSV export or the objects table of the\n"
    "global UVP5 data set (objects.tsv.gz, with samples.tsv.gz and\n"
    "samples_volume.tsv.gz beside it; its projects too, and with\n"
    "properties_per_bin.tsv.gz beside it, how many of its concentrations\n"
    "differ from the counts and volumes): profiles, samples, depths,\n"
    "volume, and the count of each class.  Text files may\n"
    "be gzip-compressed (a.csv.gz).  The metadata summary of an EcoPart\n"
    "export is found beside the file, or named with --metadata.\n\n"
    "  --metadata META  the EcoPart export's *_Export_metadata_summary.tsv\n"
    "  --help           print this help\n";

/* NetCDF classic files start with "CDF", NetCDF-4 (HDF5) with "\211HDF". */
static int is_netcdf(const char *path)
{
  unsigned char magic[4] = {0};
  FILE *f = fopen(path, "rb");
  if (!f) return 0;
  if (fread(magic, 1, 4, f) != 4) magic[0] = 0;
  fclose(f);
  return memcmp(magic, "CDF", 3) == 0 || memcmp(magic, "\211HDF", 4) == 0;
}

/* The format of an observation file, from its first header columns;
 * *known is 0 when the header is none of them. */
static int sniff_format(const char *path, pm_obs_format *format, int *known)
{
  pm_text *t;
  int status = pm_text_open(&t, path, '\t', PM_TEXT_LATIN1);

  *known = 1;
  if (!status) status = pm_text_read_header(t);
  if (!status) {
    if (pm_text_column_opt(t, "Sampled volume [L]") != SIZE_MAX)
      *format = PM_FORMAT_ECOPART_DETAILED;
    else if (pm_text_column_opt(t, "imgcount") != SIZE_MAX)
      *format = PM_FORMAT_ECOPART_RAW;
    else if (pm_text_column_opt(t, "object_annotation_category") != SIZE_MAX)
      *format = PM_FORMAT_ECOTAXA;
    else if (pm_text_column_opt(t, "mid_depth_bin") != SIZE_MAX &&
             pm_text_column_opt(t, "group") != SIZE_MAX)
      *format = PM_FORMAT_UVP5_DATASET;
    else
      *known = 0;
  }
  pm_text_free(t);
  return status;
}

/* 1 when path ends in `suffix`, in any case (".CSV"), or in `suffix` and
 * ".gz" (a gzip-compressed table). */
static int has_suffix(const char *path, const char *suffix)
{
  size_t n = strlen(path), m = strlen(suffix);
  if (n >= 3 && strcasecmp(path + n - 3, ".gz") == 0) n -= 3;
  return n >= m && strncasecmp(path + n - m, suffix, m) == 0;
}

/* The export's metadata summary in the file's folder: the one file matching
 * "*_Export_metadata_summary.tsv" that shares the export's prefix. */
static int find_metadata(const char *path, char **meta)
{
  char pattern[4096];
  const char *slash = strrchr(path, '/');
  int dir = slash ? (int)(slash - path + 1) : 0;
  glob_t g;
  size_t i;

  *meta = NULL;
  snprintf(pattern, sizeof pattern, "%.*s*_Export_metadata_summary.tsv", dir,
           path);
  if (glob(pattern, 0, NULL, &g) == 0) {
    for (i = 0; i < g.gl_pathc && !*meta; i++) {
      const char *base = g.gl_pathv[i] + dir;
      size_t n = strlen(base) - strlen("_Export_metadata_summary.tsv");
      if (strncmp(base, path + dir, n) == 0 || g.gl_pathc == 1)
        *meta = strdup(g.gl_pathv[i]);
    }
    globfree(&g);
  }
  if (!*meta)
    return pm_error(PM_EINPUT,
                    "%s: no *_Export_metadata_summary.tsv of the same export "
                    "beside it; name it with --metadata",
                    path);
  return PM_SUCCESS;
}

/* The UVP5 data set's table `name` (samples.tsv.gz ...) beside the objects
 * table `path`, gzip-compressed or not; *found NULL when neither is there. */
static int find_beside(const char *path, const char *name, char **found)
{
  const char *slash = strrchr(path, '/');
  int dir = slash ? (int)(slash - path + 1) : 0;
  char try[4096];

  *found = NULL;
  for (int gz = 1; gz >= 0; gz--) {
    snprintf(try, sizeof try, "%.*s%s%s", dir, path, name, gz ? ".gz" : "");
    if (access(try, R_OK) == 0) return (*found = strdup(try)) ? PM_SUCCESS
                                                              : pm_error_nomem();
  }
  return PM_SUCCESS;
}

/* The same, an error when neither is there. */
static int beside(const char *path, const char *name, char **found)
{
  int status = find_beside(path, name, found);
  if (status || *found) return status;
  return pm_error(PM_EINPUT, "%s: no %s(.gz) of the UVP5 data set beside it",
                  path, name);
}

/* With properties_per_bin.tsv(.gz) beside the objects table, its
 * concentrations against the counts and volumes read; a difference is said
 * on stderr too. */
static int check_properties(const char *path, const char *samples,
                            const pm_obs *obs)
{
  pm_uvp5_check check;
  char *props = NULL;
  int status = find_beside(path, "properties_per_bin.tsv", &props);

  if (!status && props)
    status = pm_uvp5_check_properties(obs, samples, props, 1e-4, &check);
  if (!status && props) {
    printf("  %s: %llu rows, %llu differ from the counts and volumes "
           "(largest relative difference %.3g)\n", props,
           (unsigned long long)check.rows, (unsigned long long)check.differ,
           check.max_rel);
    if (check.differ)
      fprintf(stderr, "plankmap info: warning: %llu rows of %s differ from "
              "the counts and volumes of the objects; the first: %s\n",
              (unsigned long long)check.differ, props, check.first);
  }
  free(props);
  return status;
}

/* The projects of the profiles read, with their numbers of profiles. */
static void print_projects(const pm_obs *obs)
{
  size_t i, j, n;

  printf("  projects:\n");
  for (i = 0; i < obs->n_profiles; i++) {
    const char *p = obs->profiles[i].project ? obs->profiles[i].project : "";
    for (j = 0; j < i; j++)
      if (strcmp(obs->profiles[j].project ? obs->profiles[j].project : "",
                 p) == 0)
        break;
    if (j < i) continue; /* counted at its first profile */
    for (n = 0, j = i; j < obs->n_profiles; j++)
      n += strcmp(obs->profiles[j].project ? obs->profiles[j].project : "",
                  p) == 0;
    printf("    %-40s %14zu\n", p, n);
  }
}

static void print_obs(const char *path, const pm_obs *obs,
                      const pm_obs_report *r)
{
  double top = INFINITY, bottom = -INFINITY, volume = 0, t0, t1;
  char d0[32] = "", d1[32] = "";
  size_t s, c;

  for (s = 0; s < obs->n_samples; s++) {
    top = fmin(top, obs->depth_top[s]);
    bottom = fmax(bottom, obs->depth_bottom[s]);
    volume += obs->volume_m3[s];
  }
  pm_obs_time_range(obs, &t0, &t1);
  if (obs->n_samples) {
    time_t a = (time_t)t0, b = (time_t)t1;
    strftime(d0, sizeof d0, "%Y-%m-%dT%H:%M:%SZ", gmtime(&a));
    strftime(d1, sizeof d1, "%Y-%m-%dT%H:%M:%SZ", gmtime(&b));
  }
  printf("%s\n  rows: %llu\n  profiles: %zu\n  samples: %zu\n", path,
         (unsigned long long)r->rows_read, obs->n_profiles, obs->n_samples);
  if (obs->n_samples)
    printf("  time: %s to %s\n  depth: %g to %g m\n  sampled volume: %.6g "
           "m3\n",
           d0, d1, top, bottom, volume);
  printf("  classes: %zu\n", obs->n_classes);
  for (c = 0; c < obs->n_classes; c++)
    printf("    %-40s %14.0f\n", obs->classes[c].name,
           pm_obs_class_total(obs, c));
}

static int info_observations(const char *path, const char *metadata,
                             pm_obs_format format, const pm_cli_common *opt)
{
  pm_progress progress = pm_cli_progress(opt);
  pm_obs_source src = {0};
  pm_obs_report report = {0};
  pm_filter filter;
  pm_obs *obs = pm_obs_alloc();
  char *files[1] = {(char *)path}, *found = NULL, *volumes = NULL;
  int status = PM_SUCCESS;

  pm_filter_init(&filter);
  src.name = "info";
  src.files = files;
  src.n_files = 1;
  if (!obs) return pm_error_nomem();
  src.format = format;
  if (format == PM_FORMAT_UVP5_DATASET) {
    if (!metadata) status = beside(path, "samples.tsv", &found);
    if (!status) status = beside(path, "samples_volume.tsv", &volumes);
  } else if (src.format != PM_FORMAT_ECOTAXA && !metadata) {
    status = find_metadata(path, &found);
  }
  src.metadata = (char *)(metadata ? metadata : found);
  src.volume_table = volumes;
  if (!status)
    status = pm_obs_read(obs, &src, &filter, NULL, &report, &progress);
  pm_cli_progress_end(&progress);
  if (!status) print_obs(path, obs, &report);
  if (!status && format == PM_FORMAT_UVP5_DATASET) {
    print_projects(obs);
    status = check_properties(path, src.metadata, obs);
  }
  free(found);
  free(volumes);
  pm_obs_free(obs);
  return status;
}

/* A table by its extension (.csv; .tsv or .txt that is no observation
 * export), else an observation file (read with a progress bar on a
 * terminal). */
static int info_text(const char *path, const char *metadata,
                     const pm_cli_common *opt)
{
  pm_obs_format format = PM_FORMAT_ECOTAXA;
  int known, status;

  if (has_suffix(path, ".csv")) return pm_cli_info_table(path, ',');
  if ((status = sniff_format(path, &format, &known))) return status;
  if (known) return info_observations(path, metadata, format, opt);
  if (has_suffix(path, ".tsv") || has_suffix(path, ".txt"))
    return pm_cli_info_table(path, '\t');
  return pm_error(PM_EINPUT, "%s: not a file info knows: expected a NetCDF "
                  "file, a CSV or TSV table, an EcoPart detailed or raw PAR "
                  "export, or an EcoTaxa export", path);
}

int pm_cli_info(int argc, char **argv)
{
  const char *metadata = NULL;
  pm_cli_option options[] = {{"--metadata", &metadata}, {NULL, NULL}};
  pm_cli_common opt;
  char *text = NULL;
  int first, status;

  status = pm_cli_parse(argc, argv, usage, options, 1, &opt, &first);
  if (status || opt.help) return status;
  if (is_netcdf(argv[first])) {
    status = pm_nc_info(argv[first], &text);
    if (!status) fputs(text, stdout);
    free(text);
  } else {
    status = info_text(argv[first], metadata, &opt);
  }
  return status ? pm_cli_fail("info", status) : PM_SUCCESS;
}
