/* test_uvp5_bats.c: the uvp5-dataset reader on tests/data/uvp5_dataset, the
 * BATS 361 casts ctd12, ctd14, ctd15 and ctd17 written in the layout of the
 * published data set from their EcoPart raw export
 * (make_from_ecopart_raw.sh): the counts, volumes and concentrations of
 * cast ctd12 against a hand computation and against the EcoPart raw
 * reader's result for the same cast, and the data set's properties_per_bin
 * table against the counts and volumes read (as is, and with a wrong row);
 * a truncated and a corrupt objects.tsv.gz named by file and line.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "pm_error.h"
#include "pm_read.h"
#include "pm_test.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#define UVP5 "tests/data/uvp5_dataset/"
#define RAW "data/ecopart_raw_bats361/"
#define CTD12 "20190715212026_bats361_ctd12_PAR_raw_20220810_16_31.tsv"

static char tmpdir[] = "/tmp/pm-test-uvp5-bats.XXXXXX";

/* The test data set, classes by group or by taxon, its objects table at
 * `objects` (NULL: the test data's). */
static int read_uvp5(pm_obs *obs, int by_taxon, const char *objects)
{
  char *files[1];
  pm_obs_source src;
  pm_obs_report rep = {0};

  memset(&src, 0, sizeof src);
  files[0] = (char *)(objects ? objects : pm_test_path(UVP5 "objects.tsv.gz"));
  src.name = "uvp5";
  src.format = PM_FORMAT_UVP5_DATASET;
  src.metadata = (char *)pm_test_path(UVP5 "samples.tsv.gz");
  src.volume_table = (char *)pm_test_path(UVP5 "samples_volume.tsv.gz");
  src.files = files;
  src.n_files = 1;
  src.by_taxon = by_taxon;
  return pm_obs_read(obs, &src, NULL, NULL, &rep, NULL);
}

/* Cast ctd12 of the EcoPart raw export, in 5 m bins. */
static int read_raw(pm_obs *obs)
{
  char *files[1];
  pm_obs_source src;
  pm_obs_report rep = {0};

  memset(&src, 0, sizeof src);
  files[0] = (char *)pm_test_path(RAW CTD12);
  src.name = "raw";
  src.format = PM_FORMAT_ECOPART_RAW;
  src.metadata = (char *)pm_test_path(
      RAW "export_raw_20220810_16_31_Export_metadata_summary.tsv");
  src.files = files;
  src.n_files = 1;
  src.depth_step_m = 5;
  return pm_obs_read(obs, &src, NULL, NULL, &rep, NULL);
}

/* The sample of profile p of obs whose top is `top`, or SIZE_MAX. */
static size_t sample_at(const pm_obs *obs, size_t p, double top)
{
  for (size_t s = 0; s < obs->n_samples; s++)
    if (obs->profile[s] == p && obs->depth_top[s] == top) return s;
  return SIZE_MAX;
}

static size_t profile_named(const pm_obs *obs, const char *name)
{
  for (size_t p = 0; p < obs->n_profiles; p++)
    if (strcmp(obs->profiles[p].name, name) == 0) return p;
  return SIZE_MAX;
}

static double count_at(const pm_obs *obs, const char *cls, size_t s)
{
  size_t c = pm_obs_find_class(obs, cls);
  return c == SIZE_MAX || s == SIZE_MAX ? -1 : obs->count[c][s];
}

/* Every bin of ctd12 read by the EcoPart raw reader has the same volume,
 * counts per class and biovolume in the data set read by taxon. */
static void compare_with_raw(const pm_obs *uvp5, const pm_obs *raw)
{
  size_t p = profile_named(uvp5, "bats361_ctd12"), s, u, c, k, n = 0;
  size_t bad_volume = 0, bad_count = 0, bad_biovolume = 0;
  double objects = 0;

  for (s = 0; s < uvp5->n_samples; s++) n += uvp5->profile[s] == p;
  pm_test_ok(p != SIZE_MAX && n == raw->n_samples,
             "ctd12: as many 5 m bins as the EcoPart raw reader's (%zu, %zu)",
             n, raw->n_samples);
  for (s = 0; s < raw->n_samples && p != SIZE_MAX; s++) {
    u = sample_at(uvp5, p, raw->depth_top[s]);
    if (u == SIZE_MAX || fabs(uvp5->volume_m3[u] / raw->volume_m3[s] - 1) >
                             1e-9) {
      bad_volume++;
      continue;
    }
    for (c = 0; c < raw->n_classes; c++) {
      k = pm_obs_find_class(uvp5, raw->classes[c].name);
      objects += raw->count[c][s];
      if (k == SIZE_MAX ? raw->count[c][s] != 0
                        : uvp5->count[k][u] != raw->count[c][s])
        bad_count++;
      else if (k != SIZE_MAX &&
               fabs(uvp5->biovolume_mm3[k][u] - raw->biovolume_mm3[c][s]) >
                   1e-6 * raw->biovolume_mm3[c][s])
        bad_biovolume++;
    }
  }
  pm_test_ok(bad_volume == 0, "ctd12: every bin has the raw reader's volume "
             "(%zu differ)", bad_volume);
  pm_test_ok(bad_count == 0 && objects > 400,
             "ctd12: and its counts per class (%.0f objects, %zu differ)",
             objects, bad_count);
  pm_test_ok(bad_biovolume == 0, "ctd12: and its biovolumes, from the mm "
             "sizes here and the pixel sizes there (%zu differ)",
             bad_biovolume);
}

/* By hand from the raw files: at 65-70 m, ctd12 took 171 images (depths
 * 65 to 69 of the PAR_raw file) of 1.1 L, 188.1 L, and the ZOO_raw file has
 * 9 detritus, 2 badfocus<artefact and 2 darksphere objects there, so 9 /
 * 188.1 L = 47.847 detritus per m3.  By group, the artefact group holds the
 * badfocus objects, and darksphere (living>other>othertocheck>darksphere,
 * whose fourth level it is) is its own group. */
static void test_by_hand(const pm_obs *by_taxon, const pm_obs *by_group)
{
  size_t p = profile_named(by_taxon, "bats361_ctd12"),
         s = sample_at(by_taxon, p, 65), g;

  pm_test_ok(s != SIZE_MAX && by_taxon->depth_bottom[s] == 70,
             "ctd12 has the bin 65-70 m");
  if (s == SIZE_MAX) return;
  pm_test_rel(by_taxon->volume_m3[s], 171 * 1.1e-3, 1e-12,
              "its volume: 171 images of 1.1 L");
  pm_test_ok(count_at(by_taxon, "detritus", s) == 9 &&
                 count_at(by_taxon, "badfocus<artefact", s) == 2 &&
                 count_at(by_taxon, "darksphere", s) == 2,
             "9 detritus, 2 badfocus<artefact, 2 darksphere");
  pm_test_rel(count_at(by_taxon, "detritus", s) / by_taxon->volume_m3[s],
              9 / 0.1881, 1e-12, "detritus: 9 / 188.1 L = 47.847 m-3");
  p = profile_named(by_group, "bats361_ctd12");
  g = sample_at(by_group, p, 65);
  pm_test_ok(count_at(by_group, "artefact", g) == 2 &&
                 count_at(by_group, "darksphere", g) == 2 &&
                 count_at(by_group, "detritus", g) == 9,
             "by group: artefact 2, darksphere 2, detritus 9");
  pm_test_ok(strcmp(by_group->profiles[p].instrument, "HD") == 0 &&
                 by_group->profiles[p].pixel_mm == 0.092,
             "the cast is of a UVP5HD with 0.092 mm pixels");
}

/* text with every `from` replaced by `to`; allocated. */
static char *replaced(const char *text, const char *from, const char *to)
{
  size_t nf = strlen(from), nt = strlen(to), n = 0;
  const char *at;
  char *out, *o;

  for (at = text; (at = strstr(at, from)); at += nf) n++;
  if (!(o = out = malloc(strlen(text) + n * nt + 1))) return NULL;
  for (; (at = strstr(text, from)); text = at + nf) {
    memcpy(o, text, (size_t)(at - text));
    o += at - text;
    memcpy(o, to, nt);
    o += nt;
  }
  strcpy(o, text);
  return out;
}

/* properties_per_bin with the edits from[k] -> to[k] made, as NAME. */
static const char *edited_properties(const char *name, const char *const *from,
                                     const char *const *to, size_t nedits)
{
  static char path[256];
  char *text = malloc(1 << 20), *next;
  gzFile in = gzopen(pm_test_path(UVP5 "properties_per_bin.tsv.gz"), "rb"),
         out;
  int n = in && text ? gzread(in, text, (1 << 20) - 1) : -1;
  size_t k;

  if (in) gzclose(in);
  snprintf(path, sizeof path, "%s/%s", tmpdir, name);
  if (n > 0) text[n] = 0;
  for (k = 0; k < nedits && n > 0 && text; k++) {
    next = replaced(text, from[k], to[k]);
    free(text);
    text = next;
  }
  out = gzopen(path, "wb");
  n = text ? (int)strlen(text) : -1;
  if (n <= 0 || !out || gzwrite(out, text, (unsigned)n) != n ||
      gzclose(out) != Z_OK)
    printf("Bail out! cannot write %s\n", path);
  free(text);
  return path;
}

static void test_properties(const pm_obs *by_group)
{
  pm_uvp5_check check;
  int status = pm_uvp5_check_properties(
      by_group, pm_test_path(UVP5 "samples.tsv.gz"),
      pm_test_path(UVP5 "properties_per_bin.tsv.gz"), 1e-6, &check);

  pm_test_ok(status == 0 && check.rows == 576 && check.differ == 0 &&
                 check.max_rel < 1e-9,
             "properties_per_bin: the 576 concentrations per cast, 50 m "
             "range and group are the counts over the volumes (%s%s)",
             status ? pm_error_message() : "", check.first);
  static const char *const wrong[] = {"\tRhizaria\t0.001060782858\t"},
                           *right[] = {"\tRhizaria\t0.002\t"},
                           /* the published script (jiho/UVP5_images_dataset,
                            * 9.finalise_dataset.R) names the column
                            * depth_bin, and R's cut(include.lowest = TRUE)
                            * closes the first bin: [0,50] */
                           *header[] = {"\tdepth_range\t", "(0,50]"},
                           *published[] = {"\tdepth_bin\t", "[0,50]"};

  status = pm_uvp5_check_properties(
      by_group, pm_test_path(UVP5 "samples.tsv.gz"),
      edited_properties("published.tsv.gz", header, published, 2), 1e-6,
      &check);
  pm_test_ok(status == 0 && check.rows == 576 && check.differ == 0,
             "... and so are those of the published layout: column "
             "depth_bin, first bin [0,50] (%s%s)",
             status ? pm_error_message() : "", check.first);
  status = pm_uvp5_check_properties(
      by_group, pm_test_path(UVP5 "samples.tsv.gz"),
      edited_properties("properties_per_bin.tsv.gz", wrong, right, 1), 1e-6,
      &check);
  pm_test_ok(status == 0 && check.differ == 1 &&
                 strstr(check.first, "properties_per_bin.tsv.gz:4: Rhizaria "
                                     "in (0,50] m of sample_id '33964': "
                                     "0.002 ind/L in the table"),
             "a wrong row is found, named by file and line: %s", check.first);
}

/* Write `path`: the text of the objects table, gzip-compressed with a full
 * flush halfway (a block starts at *block), or cut to its first half. */
static int write_objects(const char *path, int cut, long *block)
{
  char *text = malloc(1 << 22);
  gzFile in = gzopen(pm_test_path(UVP5 "objects.tsv.gz"), "rb"), out = NULL;
  int n = in && text ? gzread(in, text, 1 << 22) : -1, half = n / 2, ok;
  FILE *f;

  if (in) gzclose(in);
  ok = n > 1000 && (out = gzopen(path, "wb")) &&
       gzwrite(out, text, (unsigned)half) == half &&
       gzflush(out, Z_FULL_FLUSH) == Z_OK;
  *block = out ? gzoffset(out) : 0;
  ok = ok && gzwrite(out, text + half, (unsigned)(n - half)) == n - half;
  if (out && gzclose(out) != Z_OK) ok = 0;
  free(text);
  if (ok && cut && (ok = (f = fopen(path, "r+b")) != NULL)) {
    ok = ftruncate(fileno(f), *block) == 0;
    fclose(f);
  }
  return ok;
}

/* The objects table cut in half, and with a block of the reserved type
 * (BTYPE 11, RFC 1951 3.2.3) halfway: errors naming the file and the line
 * where the stream broke. */
static void test_bad_gzip(void)
{
  static char path[256];
  const char *msg, *at;
  long block = 0;
  int pass, status, head;
  FILE *f;
  pm_obs *obs;

  snprintf(path, sizeof path, "%s/objects.tsv.gz", tmpdir);
  for (pass = 0; pass < 2; pass++) {
    if (!write_objects(path, pass == 0, &block))
      printf("Bail out! cannot write %s\n", path);
    if (pass == 1 && (f = fopen(path, "r+b"))) {
      fseek(f, block, SEEK_SET);
      head = fgetc(f);
      fseek(f, block, SEEK_SET);
      fputc(head | 0x06, f);
      fclose(f);
    }
    obs = pm_obs_alloc();
    status = read_uvp5(obs, 0, path);
    msg = pm_error_message();
    pm_test_error(status, PM_EINPUT, msg,
                  pass ? "corrupt gzip data: invalid block type"
                       : "truncated gzip file",
                  "%s", pass ? "a corrupt block" : "a truncated gzip stream");
    at = strstr(msg, "objects.tsv.gz:");
    pm_test_ok(status && at && strspn(at + 15, "0123456789") > 3,
               "named by file and line: %s", msg);
    pm_obs_free(obs);
  }
}

int main(void)
{
  pm_obs *taxon = pm_obs_alloc(), *group = pm_obs_alloc(),
         *raw = pm_obs_alloc();
  int status;

  if (!mkdtemp(tmpdir)) return 99;
  status = read_uvp5(taxon, 1, NULL);
  if (!status) status = read_uvp5(group, 0, NULL);
  if (!status) status = read_raw(raw);
  if (!pm_test_ok(status == 0, "the test data set and the raw cast read (%s)",
                  status ? pm_error_message() : "")) {
    pm_obs_free(taxon);
    pm_obs_free(group);
    pm_obs_free(raw);
    return pm_test_done();
  }
  pm_test_ok(taxon->n_profiles == 4, "4 casts");
  compare_with_raw(taxon, raw);
  test_by_hand(taxon, group);
  test_properties(group);
  test_bad_gzip();
  pm_obs_free(taxon);
  pm_obs_free(group);
  pm_obs_free(raw);
  if (pm_test_remove_dir(tmpdir)) return 99;
  return pm_test_done();
}
