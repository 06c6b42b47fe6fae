/* test_ecotaxa.c: the EcoTaxa TSV reader and the class and sample maps.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "pm_class_map.h"
#include "pm_error.h"
#include "pm_read.h"
#include "pm_test.h"

#include <stdint.h>
#include <unistd.h>

static char tmpdir[256];

/* Read the EcoTaxa file `path` into a new table; obs_out may be NULL. */
static int read_one(const char *path, const char *volume_table,
                    const pm_filter *f, pm_obs_report *rep, pm_obs **obs_out)
{
  char *files[1];
  pm_obs_source src;
  pm_obs *obs = pm_obs_alloc();
  int status;

  memset(&src, 0, sizeof src);
  memset(rep, 0, sizeof *rep);
  files[0] = (char *)path;
  src.name = "ecotaxa";
  src.format = PM_FORMAT_ECOTAXA;
  src.files = files;
  src.n_files = 1;
  src.volume_table = (char *)volume_table;
  pm_error_clear();
  status = pm_obs_read(obs, &src, f, NULL, rep, NULL);
  if (obs_out) *obs_out = obs;
  else pm_obs_free(obs);
  return status;
}

static double count_of(const pm_obs *obs, const char *cls, size_t s)
{
  size_t c = pm_obs_find_class(obs, cls);
  return c == SIZE_MAX ? -1 : obs->count[c][s];
}

static size_t sample_of(const pm_obs *obs, const char *name)
{
  size_t s;
  for (s = 0; s < obs->n_samples; s++)
    if (strcmp(obs->profiles[obs->profile[s]].name, name) == 0) return s;
  return SIZE_MAX;
}

static void test_maps(void)
{
  pm_strmap *m = NULL;
  char key[32];
  size_t i, bad = 0;

  pm_test_ok(pm_strmap_alloc(&m) == 0, "string map allocated");
  for (i = 0; i < 5000; i++) {
    snprintf(key, sizeof key, "sample_%zu", i);
    if (pm_strmap_insert(m, key, i * 3)) bad++;
  }
  for (i = 0; i < 5000; i++) {
    snprintf(key, sizeof key, "sample_%zu", i);
    if (pm_strmap_find(m, key) != i * 3) bad++;
  }
  pm_test_ok(bad == 0 && pm_strmap_size(m) == 5000,
             "5000 keys stored and found through growth");
  pm_test_ok(pm_strmap_find(m, "sample_5000") == SIZE_MAX,
             "an absent key is SIZE_MAX");
  pm_strmap_insert(m, "sample_7", 1);
  pm_test_ok(pm_strmap_find(m, "sample_7") == 1 && pm_strmap_size(m) == 5000,
             "a second insert replaces the value");
  pm_strmap_free(m);
}

static void test_class_map(void)
{
  pm_class_map *m = NULL;
  pm_obs *obs = pm_obs_alloc();
  pm_filter f;
  pm_filter_pattern keep = {"living>Rhizaria", "test"};
  pm_filter_counts counts;
  size_t k1 = 0, k2 = 0;
  int d1 = 0, d2 = 0, d3 = 0;

  pm_filter_init(&f);
  f.keep = &keep;
  f.n_keep = 1;
  pm_filter_counts_alloc(&counts, &f);
  pm_class_map_alloc(&m);
  pm_class_map_lookup(m, obs, &f, &counts, "Aulacanthidae",
                      "living>Rhizaria>Phaeodaria>Aulacanthidae", NAN, NAN,
                      &k1, &d1);
  pm_class_map_lookup(m, obs, &f, &counts, "Aulacanthidae", NULL, NAN, NAN,
                      &k2, &d2);
  pm_test_ok(d1 == -1 && d2 == -1 && k1 == k2 && obs->n_classes == 1 &&
                 counts.matched[0] == 1,
             "a kept class is decided once and found again by name");
  pm_class_map_lookup(m, obs, &f, &counts, "detritus", "not-living>detritus",
                      NAN, NAN, &k1, &d3);
  pm_test_ok(d3 == PM_DROP_CLASS && obs->n_classes == 1,
             "a class outside the keep list is dropped (PM_DROP_CLASS)");
  pm_class_map_free(m);
  pm_filter_counts_free(&counts);
  pm_obs_free(obs);
}

/* tests/data/ecotaxa/bats361_ecotaxa.tsv: BATS 361 casts ctd12 and ctd14 in
 * EcoTaxa's columns (made by make_from_zoo_raw.sh).  The expected counts are
 * those of the original ZOO_raw files, with
 *   Z12=data/ecopart_raw_bats361/20190715212026_bats361_ctd12_ZOO_raw_20220810_16_31.tsv
 *   awk -F'\t' 'FNR>1 && $3=="Copepoda"' $Z12 | wc -l           -> 16 (ctd14: 4)
 *   awk -F'\t' 'FNR>1 && $3=="detritus"' $Z12 | wc -l           -> 220 (ctd14: 261)
 *   awk -F'\t' 'FNR>1 && $3=="badfocus<artefact"' $Z12 | wc -l  -> 200 (ctd14: 128)
 *   awk -F'\t' 'FNR>1{print $6}' $Z12 | sort -n                 -> 3.7 ... 1213.3
 *   (ctd14: 48.0 ... 505.4); 563 + 510 objects, 26 distinct names. */
/* The 16 Copepoda of ctd12, ellipsoids of their major and minor axes
 * (pixels of acq_pixel 0.092 mm), over the cast's ZOO file:
 *   awk -F'\t' '$3 == "Copepoda"
 *     {v += 3.141592653589793/6 * ($43*0.092) * ($51*0.092)^2}'
 * V = 13.292689941 mm3, C = 0.0475 V = 0.631402772196 mg C (default
 * Crustacea row); detritus has no carbon conversion. */
static void test_bats_biomass(const pm_obs *obs, size_t s12)
{
  size_t cop = pm_obs_find_class(obs, "Copepoda");
  size_t det = pm_obs_find_class(obs, "detritus");
  if (!pm_test_ok(obs->sized && obs->sized[s12] && obs->biovolume_mm3 &&
                      obs->carbon_mg && obs->biovolume_mm3[cop],
                  "biomass: the objects are measured (acq_pixel)"))
    return;
  pm_test_rel(obs->biovolume_mm3[cop][s12], 13.292689941, 1e-10,
              "biomass: ctd12 Copepoda biovolume = awk");
  pm_test_rel(obs->carbon_mg[cop][s12], 0.631402772196, 1e-10,
              "biomass: ctd12 Copepoda carbon = 0.0475 V");
  pm_test_ok(isnan(obs->carbon_mg[det][s12]),
             "biomass: detritus has no carbon conversion: NAN");
}

static void test_bats(void)
{
  pm_obs *obs = NULL;
  pm_obs_report rep;
  size_t s12, s14;
  int status = read_one(pm_test_path("tests/data/ecotaxa/bats361_ecotaxa.tsv"),
                        pm_test_path("tests/data/ecotaxa/bats361_volumes.tsv"),
                        NULL, &rep, &obs);

  pm_test_ok(status == 0, "BATS 361 EcoTaxa file read (%s)",
             pm_error_message());
  if (status) {
    pm_obs_free(obs);
    return;
  }
  s12 = sample_of(obs, "bats361_ctd12");
  s14 = sample_of(obs, "bats361_ctd14");
  pm_test_ok(obs->n_samples == 2 && obs->n_profiles == 2 && s12 != SIZE_MAX &&
                 s14 != SIZE_MAX,
             "two samples, one profile each");
  if (s12 == SIZE_MAX || s14 == SIZE_MAX) {
    pm_obs_free(obs);
    return;
  }
  pm_test_ok(rep.rows_read == 1073 && rep.rows_kept == 1073,
             "1073 objects read and kept (%llu, %llu)",
             (unsigned long long)rep.rows_read,
             (unsigned long long)rep.rows_kept);
  pm_test_ok(obs->n_classes == 26, "26 classes (%zu)", obs->n_classes);
  pm_test_rel(count_of(obs, "Copepoda", s12), 16, 0, "ctd12 Copepoda = awk");
  pm_test_rel(count_of(obs, "Copepoda", s14), 4, 0, "ctd14 Copepoda = awk");
  pm_test_rel(count_of(obs, "detritus", s12), 220, 0, "ctd12 detritus = awk");
  pm_test_rel(count_of(obs, "detritus", s14), 261, 0, "ctd14 detritus = awk");
  pm_test_rel(count_of(obs, "badfocus<artefact", s12), 200, 0,
              "ctd12 badfocus<artefact = awk");
  pm_test_rel(count_of(obs, "badfocus<artefact", s14), 128, 0,
              "ctd14 badfocus<artefact = awk");
  pm_test_ok(obs->classes[pm_obs_find_class(obs, "detritus")].path &&
                 strcmp(obs->classes[pm_obs_find_class(obs, "detritus")].path,
                        "not-living>detritus") == 0,
             "the class keeps its taxonomic path");
  pm_test_rel(obs->depth_top[s12], 3.7, 1e-12, "ctd12 top = shallowest object");
  pm_test_rel(obs->depth_bottom[s12], 1213.3, 1e-12,
              "ctd12 bottom = deepest object");
  pm_test_rel(obs->depth_top[s14], 48.0, 1e-12, "ctd14 top");
  pm_test_rel(obs->depth_bottom[s14], 505.4, 1e-12, "ctd14 bottom");
  /* volume table: 27853 images x 1.1 L = 30638.3 L */
  pm_test_rel(obs->volume_m3[s12], 30.6383, 1e-12,
              "ctd12 volume from the volume table (L to m3)");
  /* 2019-07-15 21:20:26 UTC: date -u -d '2019-07-15 21:20:26' +%s */
  pm_test_rel(obs->time[s12], 1563225626, 0, "ctd12 date-time");
  pm_test_rel(obs->lat[s14], 31.67047, 1e-12, "ctd14 latitude");
  pm_test_rel(obs->lon[s14], -64.1548, 1e-12, "ctd14 longitude");
  pm_test_ok(strcmp(obs->profiles[obs->profile[s12]].project,
                    "uvp5_sn209_ae1917_bats_361") == 0,
             "the project comes from sample_project");
  pm_test_ok(rep.files_read == 1 && rep.bytes_read > 200000,
             "bytes and files counted");
  test_bats_biomass(obs, s12);
  pm_obs_free(obs);
}

/* tests/data/ecotaxa/net_ecotaxa.tsv (hand-made): sample ptb_a, 25 m3
 * filtered, acquisitions d1 (split 4) and d2 (split 32); sample ptb_b at a
 * single depth (5 m), 2 m3, not split; a line of type markers. */
static void test_net(void)
{
  pm_obs *obs = NULL;
  pm_obs_report rep;
  pm_filter f;
  size_t a, b;
  int status = read_one(pm_test_path("tests/data/ecotaxa/net_ecotaxa.tsv"),
                        NULL, NULL, &rep, &obs);

  pm_test_ok(status == 0, "net file read, type line skipped (%s)",
             pm_error_message());
  a = sample_of(obs, "ptb_a");
  b = sample_of(obs, "ptb_b");
  if (status || a == SIZE_MAX || b == SIZE_MAX) {
    pm_obs_free(obs);
    return;
  }
  /* d2 objects count 32 / 4 = 8 objects of d1's split; volume 25 / 4 m3 */
  pm_test_rel(count_of(obs, "Copepoda", a), 1 + 1 + 8, 0,
              "Copepoda in ptb_a weighted by acq_sub_part");
  pm_test_rel(count_of(obs, "Chaetognatha", a), 8, 0, "Chaetognatha in ptb_a");
  pm_test_rel(obs->volume_m3[a], 25.0 / 4, 1e-15,
              "volume = sample_tot_vol / acq_sub_part");
  pm_test_rel(obs->volume_m3[b], 2, 0, "volume of ptb_b");
  pm_test_ok(!obs->sized && !obs->biovolume_mm3,
             "no pixel size column: the objects are not measured");
  pm_test_ok(obs->depth_top[a] == 0 && obs->depth_bottom[a] == 200,
             "ptb_a spans 0-200 m");
  pm_test_ok(obs->depth_top[b] == 4.5 && obs->depth_bottom[b] == 5.5,
             "a sample at a single depth is the 1 m layer around it");
  pm_test_rel(obs->time[b], 1718320500, 0, "ISO date and hh:mm:ss time");
  pm_test_ok(rep.rows_read == 7 && rep.rows_kept == 6 &&
                 rep.rows_dropped[PM_DROP_STATUS] == 1,
             "an object with no category is left out (status)");
  pm_obs_free(obs);

  pm_filter_init(&f);
  f.validated_only = 1;
  status = read_one(pm_test_path("tests/data/ecotaxa/net_ecotaxa.tsv"), NULL,
                    &f, &rep, &obs);
  a = sample_of(obs, "ptb_a");
  b = sample_of(obs, "ptb_b");
  pm_test_ok(status == 0 && a != SIZE_MAX && b != SIZE_MAX,
             "validated only: both samples kept");
  if (!status && a != SIZE_MAX && b != SIZE_MAX) {
    pm_test_rel(count_of(obs, "Copepoda", a), 1 + 8, 0,
                "validated only: the predicted copepod is left out");
    pm_test_rel(count_of(obs, "Copepoda", b), 0, 0,
                "validated only: the dubious copepod is left out, zero kept");
    pm_test_ok(rep.rows_dropped[PM_DROP_STATUS] == 3 && rep.rows_kept == 4,
               "validated only: 3 objects left out for their status");
  }
  pm_obs_free(obs);

  pm_filter_init(&f);
  f.depth_max_m = 100; /* ptb_a's mid-depth is 100 m */
  status = read_one(pm_test_path("tests/data/ecotaxa/net_ecotaxa.tsv"), NULL,
                    &f, &rep, &obs);
  pm_test_ok(status == 0 && obs->n_samples == 1 &&
                 rep.rows_dropped[PM_DROP_DEPTH] == 4,
             "a sample outside the depth range is left out with its objects");
  pm_obs_free(obs);
}

/* Write a file in the temporary folder and return its path. */
static const char *make_file(const char *name, const char *text, size_t len)
{
  static char path[8][512];
  static int next;
  char *p = path[next++ % 8];
  FILE *fp;
  snprintf(p, sizeof path[0], "%s/%s", tmpdir, name);
  fp = fopen(p, "wb");
  if (fp) {
    fwrite(text, 1, len, fp);
    fclose(fp);
  }
  return p;
}

#define HEAD                                                                   \
  "object_id\tobject_lat\tobject_lon\tobject_date\tobject_time\t"             \
  "object_depth_min\tobject_depth_max\tobject_annotation_status\t"            \
  "object_annotation_category\tsample_id\tsample_tot_vol\tacq_sub_part\n"
#define ROW(lat, depth, cat, vol)                                              \
  "o1\t" lat "\t7.3\t20240612\t083000\t" depth "\t200\tvalidated\t" cat       \
  "\ts1\t" vol "\t1\n"

static void bad(const char *name, const char *text, const char *vt,
                const char *fragment, const char *what)
{
  pm_obs_report rep;
  int status = read_one(make_file(name, text, strlen(text)), vt, NULL, &rep,
                        NULL);
  pm_test_error(status, PM_EINPUT, pm_error_message(), fragment, "%s", what);
}

#define SHEAD                                                                  \
  "object_id\tobject_lat\tobject_lon\tobject_date\tobject_depth_min\t"      \
  "object_annotation_category\tsample_id\tsample_tot_vol\tobject_esd\t"      \
  "object_area\tacq_pixel\n"
#define SROW(esd, area, pixel)                                                 \
  "o1\t43.6\t7.3\t20240612\t5\tCopepoda\ts1\t2\t" esd "\t" area "\t" pixel \
  "\n"

/* One object of size (ESD, area in pixels) and pixel size in a file. */
static double one_object(const char *name, const char *text, int *status)
{
  pm_obs_report rep;
  pm_obs *obs = NULL;
  double v = NAN;
  *status = read_one(make_file(name, text, strlen(text)), NULL, NULL, &rep,
                     &obs);
  if (!*status && obs->biovolume_mm3 && obs->biovolume_mm3[0] &&
      isnan(obs->carbon_mg[0][0]))
    v = obs->biovolume_mm3[0][0];
  pm_obs_free(obs);
  return v;
}

static void test_bad_sizes(void)
{
  int status;
  /* ESD 10 pixels of 0.1 mm: a 1 mm sphere, pi/6 mm3 */
  pm_test_rel(one_object("esd.tsv", SHEAD SROW("10", "", "0.1"), &status),
              M_PI / 6, 1e-12, "biomass: the sphere of the ESD, no carbon "
              "row for a class without a path");
  /* area 100 pixels = 1 mm2: d = 2/sqrt(pi) mm, V = pi/6 d^3 */
  pm_test_rel(one_object("area.tsv", SHEAD SROW("", "100", "0.1"), &status),
              M_PI / 6 * pow(2 / sqrt(M_PI), 3), 1e-12,
              "biomass: without an ESD, the sphere of the area");
  bad("pix.tsv", SHEAD SROW("10", "", "-0.1"), NULL,
      "pix.tsv:2: column 11 'acq_pixel': the pixel size is -0.1 mm",
      "biomass: a negative pixel size");
  bad("esdneg.tsv", SHEAD SROW("-10", "", "0.1"), NULL,
      "esdneg.tsv:2: column 9 'object_esd': size -10 pixels is not",
      "biomass: a negative ESD");
  bad("esdtxt.tsv", SHEAD SROW("big", "", "0.1"), NULL,
      "esdtxt.tsv:2: column 9 'object_esd': 'big' is not a number",
      "biomass: a non-numeric ESD");
  bad("nosize.tsv", SHEAD SROW("", "", "0.1"), NULL,
      "nosize.tsv:2: the object has no size",
      "biomass: an object without any size");
}

/* Objects counted twice: an object_id read again (in one file or in two),
 * an object of a sample at another position or date-time. */
static void test_twice(void)
{
  char *files[2], first[600];
  pm_obs_source src;
  pm_obs *obs = pm_obs_alloc();
  int status;

  bad("twice.tsv", HEAD ROW("43.6", "0", "Copepoda", "25")
      ROW("43.6", "5", "Copepoda", "25"), NULL,
      "twice.tsv:3: column 1 'object_id': object 'o1' is given twice, here "
      "and on ", "an object_id given twice in one file");
  bad("moved.tsv", HEAD ROW("43.6", "0", "Copepoda", "25")
      "o2\t43.7\t7.3\t20240612\t083000\t5\t200\tvalidated\tC\ts1\t25\t1\n",
      NULL, "moved.tsv:3: column 2 'object_lat': sample 's1' is at 43.7, 7.3 "
      "on 2024-06-12 08:30:00 here, but at 43.6, 7.3 on 2024-06-12 08:30:00 "
      "on ", "an object of a sample at another position");
  bad("later.tsv", HEAD ROW("43.6", "0", "Copepoda", "25")
      "o2\t43.6\t7.3\t20240613\t083000\t5\t200\tvalidated\tC\ts1\t25\t1\n",
      NULL, "column 4 'object_date': sample 's1' is at 43.6, 7.3 on "
      "2024-06-13 08:30:00 here",
      "an object of a sample at another date-time");

  memset(&src, 0, sizeof src);
  files[0] = (char *)make_file("a.tsv", HEAD ROW("43.6", "0", "C", "25"),
                               strlen(HEAD ROW("43.6", "0", "C", "25")));
  snprintf(first, sizeof first, "b.tsv:2: column 1 'object_id': object 'o1' "
           "is given twice, here and on %s:2", files[0]);
  files[1] = (char *)make_file("b.tsv", HEAD ROW("43.6", "9", "C", "25"),
                               strlen(HEAD ROW("43.6", "9", "C", "25")));
  src.name = "ecotaxa";
  src.format = PM_FORMAT_ECOTAXA;
  src.files = files;
  src.n_files = 2;
  pm_error_clear();
  status = pm_obs_read(obs, &src, NULL, NULL, NULL, NULL);
  pm_test_error(status, PM_EINPUT, pm_error_message(), first,
                "an object_id in two files of a source: both lines named");
  pm_obs_free(obs);
}

static void test_bad(void)
{
  static const char utf16[] = "\xff\xfeo\0b\0j\0\n\0";
  pm_obs_report rep;
  pm_obs *obs = NULL;
  const char *vt;
  int status;

  bad("empty.tsv", "", NULL, "the file is empty", "empty file");
  bad("trunc.tsv", HEAD ROW("43.6", "0", "Copepoda", "25") "o2\t43.6\t7.3\n",
      NULL, "trunc.tsv:3: the row has 3 fields", "truncated last row");
  bad("trunc2.tsv", HEAD "o2\t43.6\t7.3\n", NULL, "trunc2.tsv:2: the row has 3 "
      "fields but the header has 12: the row is truncated",
      "truncated row: file, line and fields named");
  bad("latin1.tsv", HEAD ROW("43.6", "0", "Sph\xe9roz", "25"), NULL,
      "is not valid UTF-8", "Latin-1 bytes reported as not UTF-8");
  status = read_one(make_file("utf16.tsv", utf16, sizeof utf16 - 1), NULL,
                    NULL, &rep, NULL);
  pm_test_error(status, PM_EINPUT, pm_error_message(), "UTF-16",
                "a UTF-16 file is rejected");
  bad("nolat.tsv", "sample_id\tobject_lon\n", NULL, "no column 'object_lat'",
      "missing column");
  bad("novol.tsv",
      "sample_id\tobject_lat\tobject_lon\tobject_date\tobject_depth_min\t"
      "object_annotation_category\nx\t1\t2\t20240101\t0\tCopepoda\n",
      NULL, "no column 'sample_tot_vol'", "no volume column, no volume table");
  bad("nan.tsv", HEAD ROW("43.6", "deep", "Copepoda", "25"), NULL,
      "column 6 'object_depth_min': 'deep' is not a number",
      "non-numeric depth named by line and column");
  bad("zero.tsv", HEAD ROW("43.6", "0", "Copepoda", "0"), NULL,
      "zero.tsv:2: column 11 'sample_tot_vol': 0 is not positive", "zero volume");
  bad("neg.tsv", HEAD ROW("43.6", "0", "Copepoda", "-3.2"), NULL,
      "-3.2 is not positive", "negative volume");
  bad("lat.tsv", HEAD ROW("95", "0", "Copepoda", "25"), NULL,
      "column 2 'object_lat': latitude 95 is outside [-90, 90]",
      "latitude 95");
  bad("date.tsv", HEAD "o1\t43\t7\t20241332\t083000\t0\t200\tvalidated\tC\t"
      "s1\t25\t1\n", NULL, "is not a date", "impossible date");
  bad("missvol.tsv", HEAD ROW("43.6", "0", "Copepoda", "99999"), NULL,
      "the sampled volume is missing ('99999')",
      "volume 99999 and no volume table: an error");
  bad("up.tsv", HEAD ROW("43.6", "300", "Copepoda", "25"), NULL,
      "upside down", "object_depth_min below object_depth_max");

  test_bad_sizes();
  test_twice();

#define VT "sample_id\tvolume_L\nother\t100\n"
  vt = make_file("vt.tsv", VT, strlen(VT));
  status = read_one(make_file("missvol2.tsv",
                              HEAD ROW("43.6", "0", "Copepoda", "99999"),
                              strlen(HEAD ROW("43.6", "0", "Copepoda", "99999"))),
                    vt, NULL, &rep, &obs);
  pm_test_ok(status == 0 && obs->n_samples == 0 &&
                 rep.rows_dropped[PM_DROP_NO_VOLUME] == 1,
             "volume 99999 with a volume table lacking the sample: left out "
             "(no volume)");
  pm_obs_free(obs);
#define VT2 "sample_id\tvolume_L\ns1\t-5\n"
  vt = make_file("vt2.tsv", VT2, strlen(VT2));
  bad("vt2data.tsv", HEAD ROW("43.6", "0", "Copepoda", "99999"), vt,
      "vt2.tsv:2: column 2 'volume_L': -5 is not positive",
      "negative volume in the volume table");

  status = read_one(tmpdir, NULL, NULL, &rep, NULL);
  pm_test_error(status, PM_EIO, pm_error_message(), "is a directory",
                "a folder is not a file");
  status = read_one("/nonexistent/ecotaxa.tsv", NULL, NULL, &rep, NULL);
  pm_test_error(status, PM_EIO, pm_error_message(), "cannot open",
                "unreadable file");
}

int main(void)
{
  const char *base = getenv("TMPDIR");
  snprintf(tmpdir, sizeof tmpdir, "%s/test_ecotaxa.XXXXXX", base ? base : "/tmp");
  if (!mkdtemp(tmpdir)) return 99;
  test_maps();
  test_class_map();
  test_bats();
  test_net();
  test_bad();
  pm_test_ok(pm_test_remove_dir(tmpdir) == 0, "temporary folder removed");
  return pm_test_done();
}
