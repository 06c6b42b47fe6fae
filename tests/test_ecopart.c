/* test_ecopart.c: the EcoPart detailed and raw readers, on the real exports
 * of data/ and on bad inputs made from them.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "pm_error.h"
#include "pm_carbon.h"
#include "pm_read.h"
#include "pm_test.h"

#include <stdint.h>
#include <unistd.h>

#define BATS "data/ecopart_detailed/BATSOFP/export_detailed_20240422_11_04_"
#define RAW "data/ecopart_raw_bats361/"
#define RAW_META RAW "export_raw_20220810_16_31_Export_metadata_summary.tsv"

static const char *casts[4][2] = {
    {"ctd12", "20190715212026"},
    {"ctd14", "20190716153955"},
    {"ctd15", "20190716201616"},
    {"ctd17", "20190717062127"}};

static char workdir[] = "/tmp/test_ecopart.XXXXXX";

/* ---- sources ---------------------------------------------------------- */

typedef struct {
  pm_obs_source src;
  char *files[8];
  char paths[8][512];
  char meta[512];
} source;

static void source_init(source *s, pm_obs_format format, const char *meta)
{
  memset(s, 0, sizeof *s);
  s->src.name = "test";
  s->src.format = format;
  snprintf(s->meta, sizeof s->meta, "%s", meta);
  s->src.metadata = s->meta;
  s->src.files = s->files;
}

static void source_add(source *s, const char *path)
{
  size_t i = s->src.n_files++;
  snprintf(s->paths[i], sizeof s->paths[i], "%s", path);
  s->files[i] = s->paths[i];
}

static const char *detailed_file(const char *cast)
{
  static char buf[4][512];
  static int next;
  char *b = buf[next++ % 4];
  char rel[256];
  snprintf(rel, sizeof rel, BATS "PAR_bats361_%s.tsv", cast);
  snprintf(b, sizeof buf[0], "%s", pm_test_path(rel));
  return b;
}

static const char *raw_file(int i, const char *kind)
{
  static char buf[4][512];
  static int next;
  char *b = buf[next++ % 4];
  char rel[256];
  snprintf(rel, sizeof rel, RAW "%s_bats361_%s_%s_raw_20220810_16_31.tsv",
           casts[i][1], casts[i][0], kind);
  snprintf(b, sizeof buf[0], "%s", pm_test_path(rel));
  return b;
}

static int read_source(const source *s, const pm_filter *f,
                       pm_filter_counts *counts, pm_obs **obs,
                       pm_obs_report *report)
{
  memset(report, 0, sizeof *report);
  *obs = pm_obs_alloc();
  pm_error_clear();
  return s->src.format == PM_FORMAT_ECOPART_RAW
             ? pm_obs_read_ecopart_raw(*obs, &s->src, f, counts, report, NULL)
             : pm_obs_read_ecopart_detailed(*obs, &s->src, f, counts, report,
                                            NULL);
}

/* The sample of `obs` with that top depth (first profile). */
static size_t sample_at(const pm_obs *obs, double top)
{
  size_t s;
  for (s = 0; s < obs->n_samples; s++)
    if (obs->depth_top[s] == top) return s;
  return SIZE_MAX;
}

/* ---- bad files made from real ones ------------------------------------ */

/* The first `n` lines of a file (all of them when n < 0). */
static char *head(const char *path, int n)
{
  FILE *f = fopen(path, "rb");
  size_t cap = 1 << 16, len = 0;
  char *buf = malloc(cap);
  int c;
  while (f && (c = fgetc(f)) != EOF) {
    if (len + 2 > cap) buf = realloc(buf, cap *= 2);
    buf[len++] = (char)c;
    if (c == '\n' && --n == 0) break;
  }
  buf[len] = '\0';
  if (f) fclose(f);
  return buf;
}

static const char *write_file(const char *name, const char *text, size_t len)
{
  static char path[4][600];
  static int next;
  char *p = path[next++ % 4];
  FILE *f;
  snprintf(p, sizeof path[0], "%s/%s", workdir, name);
  f = fopen(p, "wb");
  fwrite(text, 1, len, f);
  fclose(f);
  return p;
}

/* Replace field `col` (0-based) of line `line` (1-based) of `text` by
 * `value`; a NULL value cuts the line after field col - 1 (truncated row). */
static char *edit(const char *text, int line, int col, const char *value)
{
  char *out = malloc(strlen(text) + (value ? strlen(value) : 0) + 1);
  const char *p = text, *start, *end;
  int l;

  for (l = 1; l < line; l++) p = strchr(p, '\n') + 1;
  start = p;
  for (l = 0; l < col; l++) start = strpbrk(start, "\t") + 1;
  end = start + strcspn(start, "\t\n");
  if (!value) { /* drop this field and the rest of the line */
    start--;
    end = strchr(start, '\n');
    value = "";
  }
  memcpy(out, text, (size_t)(start - text));
  strcpy(out + (start - text), value);
  strcat(out, end);
  return out;
}

/* A detailed PAR file made of the header and the first rows of ctd12, with
 * one field changed; the status and a message fragment are checked. */
static void bad_detailed(const char *what, int line, int col,
                         const char *value, const char *fragment)
{
  char *text = head(detailed_file("ctd12"), 4);
  char *bad = edit(text, line, col, value);
  source s;
  pm_obs *obs;
  pm_obs_report r;
  int status;

  source_init(&s, PM_FORMAT_ECOPART_DETAILED,
              pm_test_path(BATS "Export_metadata_summary.tsv"));
  source_add(&s, write_file("bad_PAR_bats361_ctd12.tsv", bad, strlen(bad)));
  status = read_source(&s, NULL, NULL, &obs, &r);
  pm_test_error(status, PM_EINPUT, pm_error_message(), fragment, "%s", what);
  pm_obs_free(obs);
  free(text);
  free(bad);
}

/* gf360c14 at 2019-06-08 15:47:47 is on two lines of the BATSOFP summary,
 * with two projects and positions: a row of it cannot be placed. */
static void test_ambiguous_cast(void)
{
  char *text = head(detailed_file("ctd12"), 2);
  char *named = edit(text, 2, 0, "gf360c14");
  char *bad = edit(named, 2, 2, "2019-06-08 15:47:47");
  source s;
  pm_obs *obs;
  pm_obs_report r;
  int status;

  source_init(&s, PM_FORMAT_ECOPART_DETAILED,
              pm_test_path(BATS "Export_metadata_summary.tsv"));
  source_add(&s, write_file("PAR_gf360c14.tsv", bad, strlen(bad)));
  status = read_source(&s, NULL, NULL, &obs, &r);
  pm_test_error(status, PM_EINPUT, pm_error_message(),
                "PAR_gf360c14.tsv:2: profile 'gf360c14' at 2019-06-08 "
                "15:47:47 is on lines 40 (project 'uvp5_sn209_ae1912_bats') "
                "and 41 (project 'uvp5_sn209_ae_1913')",
                "detailed: a cast named twice at one date-time in the summary");
  pm_obs_free(obs);
  free(text);
  free(named);
  free(bad);
}

static void test_bad_detailed(void)
{
  source s;
  pm_obs *obs;
  pm_obs_report r;
  int status;
  /* UTF-16LE: "Pr" and a newline */
  static const char utf16[] = {'P', 0, 'r', 0, '\n', 0};

  bad_detailed("detailed: a truncated row", 3, 10, NULL,
               "the row is truncated");
  bad_detailed("detailed: no column 'Sampled volume [L]'", 1, 4,
               "Sampled vol", "no column 'Sampled volume [L]'");
  bad_detailed("detailed: a depth that is not a number", 3, 3, "12.5x",
               "'12.5x' is not a number");
  bad_detailed("detailed: zero volume", 3, 4, "0",
               "is negative or zero; a sampled volume must be positive");
  bad_detailed("detailed: negative volume", 3, 4, "-178.2",
               "sampled volume -178.2 L is negative or zero");
  /* 0.0175 # l-1 x 178.2 L = 3.1185 */
  bad_detailed("detailed: a count that is not a whole number", 3, 32,
               "0.0175",
               ":3: column 33 'LPM (512-645 \xC2\xB5m) [# l-1]': count 3.1185 "
               "= 0.0175 # l-1 × 178.2 L is not a whole number");
  bad_detailed("detailed: a profile that is not in the metadata summary", 2,
               0, "bats361_ctd99",
               "bad_PAR_bats361_ctd12.tsv:2: profile 'bats361_ctd99' at "
               "2019-07-15 21:20:26 is not in the metadata summary");
  bad_detailed("detailed: a date-time that is not in the metadata summary", 2,
               2, "2019-07-15 21:20:27", "at 2019-07-15 21:20:27 is not in");
  bad_detailed("detailed: a depth out of the bins' grid", 4, 3, "13",
               "depth 13 m follows 7.5 m");

  test_ambiguous_cast();

  source_init(&s, PM_FORMAT_ECOPART_DETAILED,
              pm_test_path(BATS "Export_metadata_summary.tsv"));
  source_add(&s, write_file("empty_PAR_x.tsv", "", 0));
  status = read_source(&s, NULL, NULL, &obs, &r);
  pm_test_error(status, PM_EINPUT, pm_error_message(),
                "empty_PAR_x.tsv: the file is empty", "detailed: empty file");
  pm_obs_free(obs);

  source_init(&s, PM_FORMAT_ECOPART_DETAILED,
              pm_test_path(BATS "Export_metadata_summary.tsv"));
  source_add(&s, write_file("utf16_PAR_x.tsv", utf16, sizeof utf16));
  status = read_source(&s, NULL, NULL, &obs, &r);
  pm_test_error(status, PM_EINPUT, pm_error_message(), "UTF-16",
                "detailed: a UTF-16 file");
  pm_obs_free(obs);

  source_init(&s, PM_FORMAT_ECOPART_DETAILED,
              pm_test_path(BATS "Export_metadata_summary.tsv"));
  source_add(&s, pm_test_path(BATS "PAR_no_such_cast.tsv"));
  status = read_source(&s, NULL, NULL, &obs, &r);
  pm_test_error(status, PM_EIO, pm_error_message(),
                "PAR_no_such_cast.tsv: cannot open",
                "detailed: a file that does not exist");
  pm_obs_free(obs);

  source_init(&s, PM_FORMAT_ECOPART_DETAILED, "/nonexistent/summary.tsv");
  source_add(&s, detailed_file("ctd12"));
  status = read_source(&s, NULL, NULL, &obs, &r);
  pm_test_error(status, PM_EIO, pm_error_message(),
                "metadata summary: /nonexistent/summary.tsv: cannot open",
                "detailed: a metadata summary that does not exist");
  pm_obs_free(obs);
}

/* A raw cast copied (trimmed) into the work folder, optionally without its
 * ZOO file, or with field `col` (0-based) of its first object changed. */
static void copy_raw(int with_zoo, int col, const char *value)
{
  char name[256], *text, *zoo;
  snprintf(name, sizeof name, "%s_bats361_%s_PAR_raw_20220810_16_31.tsv",
           casts[0][1], casts[0][0]);
  text = head(raw_file(0, "PAR"), -1);
  write_file(name, text, strlen(text));
  free(text);
  snprintf(name, sizeof name, "%s_bats361_%s_ZOO_raw_20220810_16_31.tsv",
           casts[0][1], casts[0][0]);
  unlink(write_file(name, "", 0));
  if (!with_zoo) return;
  text = head(raw_file(0, "ZOO"), 30);
  zoo = edit(text, 2, col, value);
  write_file(name, zoo, strlen(zoo));
  free(text);
  free(zoo);
}

static void test_bad_raw(void)
{
  source s;
  pm_obs *obs;
  pm_obs_report r;
  pm_filter f;
  char par[600];
  int status;

  copy_raw(0, 0, NULL);
  snprintf(par, sizeof par, "%s/%s_bats361_%s_PAR_raw_20220810_16_31.tsv",
           workdir, casts[0][1], casts[0][0]);
  source_init(&s, PM_FORMAT_ECOPART_RAW, pm_test_path(RAW_META));
  source_add(&s, par);
  status = read_source(&s, NULL, NULL, &obs, &r);
  pm_test_error(status, PM_EINPUT, pm_error_message(),
                "_bats361_ctd12_PAR_raw_20220810_16_31.tsv: no ZOO file",
                "raw: a PAR_raw file without its ZOO_raw file");
  pm_obs_free(obs);

  /* the first object of ctd12 (validated) marked predicted */
  copy_raw(1, 4, "P"); /* classif_qual */
  pm_filter_init(&f);
  f.validated_only = 1;
  status = read_source(&s, &f, NULL, &obs, &r);
  pm_test_ok(status == 0 && r.rows_read == 29 &&
                 r.rows_dropped[PM_DROP_STATUS] == 1 && r.rows_kept == 28,
             "raw: validated_only leaves out a predicted object (read %llu, "
             "kept %llu)",
             (unsigned long long)r.rows_read, (unsigned long long)r.rows_kept);
  pm_obs_free(obs);

  source_init(&s, PM_FORMAT_ECOPART_RAW, pm_test_path(RAW_META));
  source_add(&s, write_file("20190715212026_bats361_ctd99_PAR_raw_x.tsv",
                            "depth\timgcount\n", 15));
  status = read_source(&s, NULL, NULL, &obs, &r);
  pm_test_error(status, PM_EINPUT, pm_error_message(),
                "ctd99_PAR_raw_x.tsv is not in the column 'Particle filename'",
                "raw: a cast that is not in the metadata summary");
  pm_obs_free(obs);
}

/* ---- real files ------------------------------------------------------- */

static void test_detailed_ctd12(void)
{
  source s;
  pm_obs *obs;
  pm_obs_report r;
  size_t c, s102, k;
  int status, whole = 1;

  source_init(&s, PM_FORMAT_ECOPART_DETAILED,
              pm_test_path(BATS "Export_metadata_summary.tsv"));
  source_add(&s, detailed_file("ctd12"));
  status = read_source(&s, NULL, NULL, &obs, &r);
  pm_test_ok(status == 0, "detailed: ctd12 reads (%s)", pm_error_message());
  /* awk -F'\t' 'NR>1{n++} END{print n}' <PAR ctd12>: 243 rows; 45 columns
   * "LPM (...) [# l-1]" */
  pm_test_ok(obs->n_samples == 243 && r.rows_read == 243 && r.rows_kept == 243,
             "detailed: ctd12 has 243 samples (got %zu)", obs->n_samples);
  pm_test_ok(obs->n_classes == 45, "detailed: 45 size classes (got %zu)",
             obs->n_classes);
  pm_test_ok(obs->n_profiles == 1 &&
                 strcmp(obs->profiles[0].name, "bats361_ctd12") == 0 &&
                 strcmp(obs->profiles[0].project,
                        "uvp5_sn209_ae1917_bats_361") == 0,
             "detailed: profile bats361_ctd12 of project "
             "uvp5_sn209_ae1917_bats_361");
  pm_test_rel(obs->lat[0], 31.17047, 1e-12, "detailed: ctd12 latitude");
  pm_test_rel(obs->lon[0], -64.31987, 1e-12, "detailed: ctd12 longitude");
  /* date -u -d '2019-07-15 21:20:26' +%s */
  pm_test_rel(obs->time[0], 1563225626, 0, "detailed: ctd12 date-time");
  s102 = sample_at(obs, 100);
  pm_test_ok(s102 != SIZE_MAX && obs->depth_bottom[s102] == 105,
             "detailed: the bin at 102.5 m is 100-105 m");
  if (s102 != SIZE_MAX)
    pm_test_rel(obs->volume_m3[s102], 0.1958, 1e-12,
                "detailed: ctd12 100-105 m sampled 195.8 L");
  c = pm_obs_find_class(obs, "LPM (1.02-1.29 mm)");
  pm_test_ok(c != SIZE_MAX && obs->classes[c].size_min_mm == 1.02 &&
                 obs->classes[c].size_max_mm == 1.29,
             "detailed: class 'LPM (1.02-1.29 mm)' spans 1.02-1.29 mm");
  /* awk -F'\t' 'NR>1{s+=int($36*$5+0.5)} END{print s}' <PAR ctd12> */
  if (c != SIZE_MAX)
    pm_test_rel(pm_obs_class_total(obs, c), 184, 0,
                "detailed: 184 particles of 1.02-1.29 mm in ctd12");
  c = pm_obs_find_class(obs, "LPM (1-1.26 \xC2\xB5m)");
  pm_test_ok(c != SIZE_MAX &&
                 fabs(obs->classes[c].size_min_mm - 0.001) < 1e-15 &&
                 fabs(obs->classes[c].size_max_mm - 0.00126) < 1e-15,
             "detailed: class 'LPM (1-1.26 µm)' spans 0.001-0.00126 mm");
  c = pm_obs_find_class(obs, "LPM (>26 mm)");
  pm_test_ok(c != SIZE_MAX && obs->classes[c].size_min_mm == 26 &&
                 isinf(obs->classes[c].size_max_mm),
             "detailed: class 'LPM (>26 mm)' spans [26, inf)");
  for (c = 0; c < obs->n_classes; c++)
    for (k = 0; k < obs->n_samples; k++)
      if (obs->count[c][k] != floor(obs->count[c][k])) whole = 0;
  pm_test_ok(whole, "detailed: every count is a whole number");
  {
    double total = 0;
    for (c = 0; c < obs->n_classes; c++) total += pm_obs_class_total(obs, c);
    /* awk: sum over columns 6..50 of int(conc * volume + 0.5) */
    pm_test_rel(total, 1479018, 0, "detailed: 1479018 particles in ctd12");
  }
  pm_obs_free(obs);
}

static void test_detailed_filter(void)
{
  source s;
  pm_obs *obs;
  pm_obs_report r;
  pm_filter f;
  int status;

  pm_filter_init(&f);
  f.size_min_mm = 0.1;
  f.size_max_mm = 1;
  f.depth_min_m = 100;
  f.depth_max_m = 200;
  source_init(&s, PM_FORMAT_ECOPART_DETAILED,
              pm_test_path(BATS "Export_metadata_summary.tsv"));
  source_add(&s, detailed_file("ctd12"));
  status = read_source(&s, &f, NULL, &obs, &r);
  /* classes 102-128 µm ... 645-813 µm lie in [0.1, 1] mm: 9 of 45; the
   * mid-depths 102.5 ... 197.5 m lie in [100, 200): 20 of 243 */
  pm_test_ok(status == 0 && obs->n_classes == 9 &&
                 r.rows_dropped[PM_DROP_SIZE] == 36,
             "detailed: the size window keeps 9 classes (got %zu)",
             obs->n_classes);
  pm_test_ok(obs->n_samples == 20 && r.rows_dropped[PM_DROP_DEPTH] == 223 &&
                 r.rows_kept == 20,
             "detailed: the depth range keeps 20 samples (got %zu)",
             obs->n_samples);
  pm_obs_free(obs);
}

static void test_raw_ctd12(void)
{
  source s;
  pm_obs *obs;
  pm_obs_report r;
  size_t c, s100;
  int status;

  source_init(&s, PM_FORMAT_ECOPART_RAW, pm_test_path(RAW_META));
  source_add(&s, raw_file(0, "PAR"));
  status = read_source(&s, NULL, NULL, &obs, &r);
  pm_test_ok(status == 0, "raw: ctd12 reads (%s)", pm_error_message());
  /* awk -F'\t' 'NR>1 && $2>0 {b[int($1/5)]=1} END{print length(b)}' PAR */
  pm_test_ok(obs->n_samples == 243, "raw: ctd12 has 243 bins (got %zu)",
             obs->n_samples);
  /* awk -F'\t' 'NR>1{n++; c[$3]++} END{print n, length(c)}' ZOO */
  pm_test_ok(obs->n_classes == 22 && r.rows_read == 563 && r.rows_kept == 563,
             "raw: ctd12 has 563 objects in 22 classes (got %zu classes)",
             obs->n_classes);
  pm_test_rel(obs->lat[0], 31.17047, 1e-12, "raw: ctd12 latitude");
  pm_test_rel(obs->lon[0], -64.31987, 1e-12, "raw: ctd12 longitude");
  pm_test_rel(obs->time[0], 1563225626, 0, "raw: ctd12 date-time");
  pm_test_ok(strcmp(obs->profiles[0].name, "bats361_ctd12") == 0 &&
                 strcmp(obs->profiles[0].project,
                        "uvp5_sn209_ae1917_bats_361") == 0,
             "raw: quotes stripped from the profile and project");
  s100 = sample_at(obs, 100);
  /* 178 images at 100-104 m x 1.1 L */
  if (pm_test_ok(s100 != SIZE_MAX, "raw: a bin at 100-105 m"))
    pm_test_rel(obs->volume_m3[s100], 0.1958, 1e-12,
                "raw: ctd12 100-105 m sampled 178 x 1.1 L = 195.8 L");
  c = pm_obs_find_class(obs, "detritus");
  pm_test_ok(c != SIZE_MAX && obs->classes[c].path &&
                 strcmp(obs->classes[c].path, "not-living>detritus") == 0,
             "raw: class detritus has path not-living>detritus");
  if (c != SIZE_MAX && s100 != SIZE_MAX) {
    /* awk -F'\t' '$3=="detritus"' ZOO: 220 in all, 7 at 100 <= depth < 105 */
    pm_test_rel(pm_obs_class_total(obs, c), 220, 0, "raw: 220 detritus");
    pm_test_rel(obs->count[c][s100], 7, 0, "raw: 7 detritus at 100-105 m");
  }
  pm_obs_free(obs);

  {
    pm_filter f;
    pm_filter_pattern keep = {"detritus", "test"};
    pm_filter_counts counts;
    pm_filter_init(&f);
    f.keep = &keep;
    f.n_keep = 1;
    pm_filter_counts_alloc(&counts, &f);
    status = read_source(&s, &f, &counts, &obs, &r);
    /* awk -F'\t' 'NR>1 && $3!="detritus"' ZOO | wc -l: 343 */
    pm_test_ok(status == 0 && obs->n_classes == 1 && r.rows_kept == 220 &&
                   r.rows_dropped[PM_DROP_CLASS] == 343 &&
                   counts.matched[0] == 1,
               "raw: keeping 'detritus' keeps 220 objects, leaves out 343");
    pm_filter_counts_free(&counts);
    pm_test_ok(obs->n_samples == 243,
               "raw: the bins without a kept object are still samples");
    pm_obs_free(obs);
  }
}

/* Biovolume and carbon of the objects of ctd12 at 85-90 m.  Copepoda there:
 * two objects, major x minor 18.1 x 8.4 and 19.8 x 6.8 pixels of 0.092 mm:
 *   V = pi/6 0.092^3 (18.1 8.4^2 + 19.8 6.8^2) = 0.894002934171 mm3,
 *   C = 0.0475 V = 0.0424651393731 mg C (default Crustacea row);
 * detritus: six objects, V = 2.88356196397 mm3 (same awk over the ZOO file:
 *   awk -F'\t' '$6 >= 85 && $6 < 90 && $3 == "detritus"
 *                {v += 3.141592653589793/6 * ($43*0.092) * ($51*0.092)^2}'),
 * and no carbon conversion. */
static void test_raw_biomass(void)
{
  source s;
  pm_obs *obs;
  pm_obs_report r;
  pm_carbon_table *t = pm_carbon_table_alloc();
  size_t cop, det, s85;
  int status;

  source_init(&s, PM_FORMAT_ECOPART_RAW, pm_test_path(RAW_META));
  source_add(&s, raw_file(0, "PAR"));
  status = read_source(&s, NULL, NULL, &obs, &r);
  s85 = sample_at(obs, 85);
  cop = pm_obs_find_class(obs, "Copepoda");
  det = pm_obs_find_class(obs, "detritus");
  if (!pm_test_ok(status == 0 && s85 != SIZE_MAX && cop != SIZE_MAX &&
                      det != SIZE_MAX && obs->sized && obs->biovolume_mm3 &&
                      obs->carbon_mg && obs->biovolume_mm3[cop],
                  "raw biomass: ctd12 read with sizes (%s)",
                  pm_error_message())) {
    pm_obs_free(obs);
    pm_carbon_table_free(t);
    return;
  }
  pm_test_ok(obs->sized[0] && obs->sized[obs->n_samples - 1],
             "raw biomass: every bin of the cast is measured");
  pm_test_rel(obs->biovolume_mm3[cop][s85], 0.894002934171, 1e-10,
              "raw biomass: Copepoda biovolume at 85-90 m = hand sum");
  pm_test_rel(obs->carbon_mg[cop][s85], 0.0424651393731, 1e-10,
              "raw biomass: Copepoda carbon at 85-90 m = 0.0475 V");
  pm_test_rel(obs->biovolume_mm3[det][s85], 2.88356196397, 1e-10,
              "raw biomass: detritus biovolume at 85-90 m = hand sum");
  pm_test_ok(isnan(obs->carbon_mg[det][s85]),
             "raw biomass: detritus has no carbon conversion: NAN");
  pm_obs_free(obs);

  /* an override row for detritus: 0.1 mg C mm-3 */
  pm_carbon_table_defaults(t);
  pm_carbon_table_add(t, "detritus", PM_CARBON_POWER, 0.1, 1, "test row");
  s.src.carbon = t;
  status = read_source(&s, NULL, NULL, &obs, &r);
  s85 = sample_at(obs, 85);
  det = pm_obs_find_class(obs, "detritus");
  if (pm_test_ok(status == 0 && s85 != SIZE_MAX && det != SIZE_MAX,
                 "raw biomass: read with an override table"))
    pm_test_rel(obs->carbon_mg[det][s85], 0.288356196397, 1e-10,
                "raw biomass: the override row gives detritus 0.1 V");
  pm_obs_free(obs);
  pm_carbon_table_free(t);

  /* a detailed export has no objects: no sums */
  source_init(&s, PM_FORMAT_ECOPART_DETAILED,
              pm_test_path(BATS "Export_metadata_summary.tsv"));
  source_add(&s, detailed_file("ctd12"));
  status = read_source(&s, NULL, NULL, &obs, &r);
  pm_test_ok(status == 0 && !obs->sized && !obs->biovolume_mm3 &&
                 !obs->carbon_mg,
             "raw biomass: the size classes of a detailed export have no "
             "biomass sums");
  pm_obs_free(obs);
}

/* A bad size of the first object of a trimmed ctd12 ZOO file. */
static void bad_size(int col, const char *value, const char *fragment,
                     const char *what)
{
  source s;
  pm_obs *obs;
  pm_obs_report r;
  char par[600];
  int status;

  copy_raw(1, col, value);
  snprintf(par, sizeof par, "%s/%s_bats361_%s_PAR_raw_20220810_16_31.tsv",
           workdir, casts[0][1], casts[0][0]);
  source_init(&s, PM_FORMAT_ECOPART_RAW, pm_test_path(RAW_META));
  source_add(&s, par);
  status = read_source(&s, NULL, NULL, &obs, &r);
  pm_test_error(status, PM_EINPUT, pm_error_message(), fragment, "%s", what);
  pm_obs_free(obs);
}

static void test_bad_raw_sizes(void)
{
  /* columns (0-based): area 9, esd 30, major 42, minor 50 */
  bad_size(42, "-14", "ZOO_raw_20220810_16_31.tsv:2: column 43 'major': size "
           "-14 pixels is not a finite number >= 0",
           "raw biomass: a negative major axis named by file, line, column");
  bad_size(50, "wide", "ZOO_raw_20220810_16_31.tsv:2: column 51 'minor'",
           "raw biomass: a non-numeric minor axis named by file, line, "
           "column");
  bad_size(50, "20", "column 'minor': minor axis 1.84 mm is longer than "
           "major axis 1.288 mm",
           "raw biomass: a minor axis longer than the major axis");
}

/* Raw and detailed exports of the same four casts sampled the same volume in
 * every 5 m bin. */
static void test_raw_vs_detailed(void)
{
  source sd, sr;
  pm_obs *od, *or_;
  pm_obs_report r;
  size_t i, k, j, matched = 0, differ = 0;
  int status;

  source_init(&sd, PM_FORMAT_ECOPART_DETAILED,
              pm_test_path(BATS "Export_metadata_summary.tsv"));
  source_init(&sr, PM_FORMAT_ECOPART_RAW, pm_test_path(RAW_META));
  for (i = 0; i < 4; i++) {
    source_add(&sd, detailed_file(casts[i][0]));
    source_add(&sr, raw_file((int)i, "PAR"));
  }
  status = read_source(&sd, NULL, NULL, &od, &r);
  status |= read_source(&sr, NULL, NULL, &or_, &r);
  pm_test_ok(status == 0 && od->n_samples == or_->n_samples &&
                 od->n_profiles == 4 && or_->n_profiles == 4,
             "raw and detailed: 4 casts, %zu and %zu bins", od->n_samples,
             or_->n_samples);
  for (k = 0; k < od->n_samples; k++)
    for (j = 0; j < or_->n_samples; j++)
      if (od->depth_top[k] == or_->depth_top[j] &&
          strcmp(od->profiles[od->profile[k]].name,
                 or_->profiles[or_->profile[j]].name) == 0) {
        matched++;
        if (fabs(od->volume_m3[k] - or_->volume_m3[j]) >
            1e-9 * od->volume_m3[k])
          differ++;
      }
  /* awk over the 4 casts: 243 + 93 + 243 + 102 bins */
  pm_test_ok(matched == 681 && differ == 0,
             "raw and detailed: same volume in all %zu bins (%zu differ)",
             matched, differ);
  pm_obs_free(od);
  pm_obs_free(or_);
}

/* Every detailed export of data/ reads, and a cast named twice in one
 * summary (gf360c14 of BATSOFP) is not mistaken for another. */
static void test_all_detailed(void)
{
  static const char *sites[][3] = {
      {"EqPac/export_detailed_20240510_08_40_", "p16n_031", "546"},
      {"HAUSGARTEN/export_detailed_20240422_10_48_", "ps99_042_1", "489"},
      {"HOTALOHA/export_detailed_20240422_11_14_", "001", "15"},
      {"PAPSO/export_detailed_20240422_11_01_", "station_001", "202"}};
  source s;
  pm_obs *obs;
  pm_obs_report r;
  char path[512];
  size_t i;
  int status;

  for (i = 0; i < 4; i++) {
    snprintf(path, sizeof path, "data/ecopart_detailed/%s"
             "Export_metadata_summary.tsv", sites[i][0]);
    source_init(&s, PM_FORMAT_ECOPART_DETAILED, pm_test_path(path));
    snprintf(path, sizeof path, "data/ecopart_detailed/%sPAR_%s.tsv",
             sites[i][0], sites[i][1]);
    source_add(&s, pm_test_path(path));
    status = read_source(&s, NULL, NULL, &obs, &r);
    /* awk -F'\t' 'NR>1{n++} END{print n}' PAR */
    pm_test_ok(status == 0 && obs->n_samples == (size_t)atoi(sites[i][2]),
               "detailed: %s reads, %s samples (got %zu; %s)", sites[i][1],
               sites[i][2], obs->n_samples, pm_error_message());
    pm_obs_free(obs);
  }
}

int main(void)
{
  if (!mkdtemp(workdir)) return 99;
  test_detailed_ctd12();
  test_detailed_filter();
  test_all_detailed();
  test_raw_ctd12();
  test_raw_vs_detailed();
  test_raw_biomass();
  test_bad_raw_sizes();
  test_bad_detailed();
  test_bad_raw();
  pm_test_remove_dir(workdir);
  return pm_test_done();
}
