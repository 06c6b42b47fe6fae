/* pm_read.h: observation sources and the readers that fill the observation
 * table from them.
 *
 * Each reader streams its files, applies the filters while it reads (so that
 * memory holds the aggregated samples, never the raw objects), and counts in
 * a report how many rows it kept and why it left the others out.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#ifndef PM_READ_H
#define PM_READ_H

#include <stddef.h>
#include <stdint.h>

#include "pm_filter.h"
#include "pm_obs.h"
#include "pm_carbon.h"

typedef enum {
  PM_FORMAT_ECOPART_DETAILED, /* *_PAR_*.tsv + *_Export_metadata_summary.tsv */
  PM_FORMAT_ECOPART_RAW,      /* *_PAR_raw_* + *_ZOO_raw_* + metadata summary */
  PM_FORMAT_ECOTAXA,          /* EcoTaxa TSV export, one object per row */
  PM_FORMAT_TABLE,            /* delimited table of aggregated counts */
  PM_FORMAT_UVP5_DATASET      /* samples, samples_volume and objects tables */
} pm_obs_format;

/* Column mapping of a generic table (names of the table's columns). */
typedef struct {
  char delimiter;         /* ',' or '\t' */
  char *profile;          /* profile or sample key (required) */
  char *project;          /* optional: project or cruise */
  char *datetime;         /* ISO 8601 date-time, or: */
  char *date, *time;      /* date and time in separate columns */
  char *lat, *lon;        /* degrees */
  char *depth_top, *depth_bottom; /* m */
  char *volume;           /* sampled volume */
  double volume_to_m3;    /* factor: 1e-3 for litres, 1 for m3 */
  /* Wide layout, one row per sample: */
  char **classes;         /* count columns, one per class */
  size_t n_classes;
  /* Long layout, one row per sample and class (NULL in the wide one): */
  char *class_column;     /* the class name */
  char *count_column;     /* its count */
  char *carbon_column;    /* optional: the carbon (mg C) of the row's
                             class in the sample, for models of biomass */
} pm_table_columns;

typedef struct {
  char *name;             /* the source's name in the config */
  pm_obs_format format;
  char **files;           /* data files (PAR files, EcoTaxa TSV, tables) */
  size_t n_files;
  char *metadata;         /* EcoPart: the export's metadata summary;
                             UVP5 data set: samples.tsv.gz */
  double depth_step_m;    /* EcoPart raw, UVP5 data set: depth bin size (m) */
  char *volume_table;     /* EcoTaxa: optional table of sample volumes;
                             UVP5 data set: samples_volume.tsv.gz */
  /* UVP5 data set: the projects and UVP models (uvp_model: SD, ZD, HD)
   * whose profiles are kept; none given: all */
  char **projects, **uvp_models;
  size_t n_projects, n_uvp_models;
  int by_taxon;           /* UVP5 data set: class the objects by taxon and
                             lineage, not by group and group_lineage */
  pm_table_columns table; /* generic table */
  /* EcoPart raw and EcoTaxa: the carbon conversion of the objects' classes
   * (not owned); NULL: the defaults (pm_carbon_table_defaults) */
  const pm_carbon_table *carbon;
  /* EcoPart detailed, EcoTaxa and tables whose classes an automated
   * classifier predicted: its confusion matrix (pm_confusion.h), or NULL;
   * EcoTaxa: the annotation statuses of the objects only predicted (none
   * given: "predicted"), counted in pm_obs's `predicted` as well */
  char *confusion;
  char **predicted;
  size_t n_predicted;
} pm_obs_source;

/* What a reader did: rows read, kept, and left out per reason. */
typedef struct {
  uint64_t rows_read;
  uint64_t rows_kept;
  uint64_t rows_dropped[PM_DROP_N];
  uint64_t bytes_read;
  size_t files_read;
} pm_obs_report;

/* Progress of a long step: called now and then with the work done and the
 * total (bytes, rows); the program draws it, the library never prints. */
typedef void (*pm_progress_fn)(void *ctx, const char *what, uint64_t done,
                               uint64_t total);
typedef struct {
  pm_progress_fn fn;
  void *ctx;
} pm_progress;

/* Call the progress function, if any. */
void pm_progress_report(const pm_progress *p, const char *what, uint64_t done,
                        uint64_t total);

/* Read every file of `src` into `obs` (dispatches on the format).  The
 * classes each pattern of the filter matched are added to `counts` (of that
 * filter, pm_filter_counts_alloc), for pm_filter_check_matched after all
 * sources are read.  `filter` NULL keeps everything; `counts`, `report` and
 * `progress` may be NULL.  The readers of each format below need a filter
 * and a report. */
int pm_obs_read(pm_obs *obs, const pm_obs_source *src,
                const pm_filter *filter, pm_filter_counts *counts,
                pm_obs_report *report, const pm_progress *progress);

/* The readers, one per format. */
int pm_obs_read_ecopart_detailed(pm_obs *obs, const pm_obs_source *src,
                                 const pm_filter *filter,
                                 pm_filter_counts *counts,
                                 pm_obs_report *report,
                                 const pm_progress *progress);
int pm_obs_read_ecopart_raw(pm_obs *obs, const pm_obs_source *src,
                            const pm_filter *filter, pm_filter_counts *counts,
                            pm_obs_report *report,
                            const pm_progress *progress);
int pm_obs_read_ecotaxa(pm_obs *obs, const pm_obs_source *src,
                        const pm_filter *filter, pm_filter_counts *counts,
                        pm_obs_report *report, const pm_progress *progress);
int pm_obs_read_table(pm_obs *obs, const pm_obs_source *src,
                      const pm_filter *filter, pm_filter_counts *counts,
                      pm_obs_report *report, const pm_progress *progress);
int pm_obs_read_uvp5_dataset(pm_obs *obs, const pm_obs_source *src,
                             const pm_filter *filter, pm_filter_counts *counts,
                             pm_obs_report *report,
                             const pm_progress *progress);

/* The check of the UVP5 data set's properties_per_bin table (sample_id,
 * depth_range "(start,end]" in m, group, concentration in ind/L) against
 * `obs`, as the uvp5-dataset reader filled it from the same data set with
 * 5 m bins and classes by group; `samples` is its samples.tsv(.gz), which
 * maps sample_id to the cast.  A row differs when its concentration and the
 * sum of the group's counts over the cast's bins in the range, divided by
 * the sum of their volumes, differ by more than rel_tol relatively.  A
 * malformed row is an error naming file and line; differing rows are not
 * errors but counted in *out. */
typedef struct {
  uint64_t rows;   /* rows compared */
  uint64_t differ; /* rows that differ */
  double max_rel;  /* the largest relative difference */
  char first[1024]; /* "file:line: what" of the first row that differs */
} pm_uvp5_check;

int pm_uvp5_check_properties(const pm_obs *obs, const char *samples,
                             const char *properties, double rel_tol,
                             pm_uvp5_check *out);

/* Every file that reading `src` opens (data files, metadata summary, volume
 * table, the ZOO file of each EcoPart raw PAR file), allocated; free with
 * pm_obs_source_inputs_free(). */
int pm_obs_source_inputs(const pm_obs_source *src, char ***paths, size_t *n);
/* The inputs of sources src[0 .. nsrc - 1], one list in their order; free
 * with pm_obs_source_inputs_free(). */
int pm_obs_sources_inputs(const pm_obs_source *src, size_t nsrc,
                          char ***paths, size_t *n);
void pm_obs_source_inputs_free(char **paths, size_t n);

/* The data files of sources src[0 .. nsrc - 1] are distinct: a file given
 * twice, or two files with the same bytes, is an error naming both. */
int pm_obs_sources_check_distinct(const pm_obs_source *src, size_t nsrc);

/* Add the counts of report `b` into `a`. */
void pm_obs_report_add(pm_obs_report *a, const pm_obs_report *b);
/* A phrase for a drop reason ("outside the depth range"). */
const char *pm_obs_drop_reason(pm_obs_drop reason);

/* Parse "YYYY-MM-DD hh:mm[:ss]", "YYYY-MM-DDThh:mm[:ss][Z]", or a date
 * alone, as UTC; *t in seconds since 1970-01-01.  Returns 0 or -1. */
int pm_parse_datetime(const char *s, double *t);
/* "YYYY-MM-DD hh:mm:ss" (UTC) of a time in s since 1970, for messages. */
void pm_format_datetime(double t, char *buf, size_t size);
/* Date "YYYYMMDD" or "YYYY-MM-DD" and time "HHMMSS" or "hh:mm[:ss]" (EcoTaxa). */
int pm_parse_date_time(const char *date, const char *time, double *t);

#endif
