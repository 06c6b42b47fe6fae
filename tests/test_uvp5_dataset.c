/* test_uvp5_dataset.c: the reader of the global UVP5 data set (format
 * "uvp5-dataset") on a small data set written here, gzip-compressed as the
 * published one: profiles, bins and volumes, counts per group, the filters,
 * biovolumes from the objects' sizes, and bad inputs named by file and
 * line.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "pm_error.h"
#include "pm_read.h"
#include "pm_test.h"

#include <math.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

static char tmpdir[] = "/tmp/pm-test-uvp5.XXXXXX";

static const char samples[] =
    "sample_id\tsample_name\tproject\tlat\tlon\tdatetime\tpixel_size\t"
    "uvp_model\n"
    "17\tdewex_leg1_34\tuvp5_dewex\t41.25017\t7.23283\t2013-02-13T14:10:42Z\t"
    "0.147\tSD\n"
    "29\tdewex_leg1_20\tuvp5_dewex\t42.41733\t4.65017\t2013-02-10T15:35:44Z\t"
    "0.147\tSD\n"
    "31\tunused\tuvp5_dewex\t40\t5\t2013-02-11T00:00:00Z\t0.147\tSD\n";
static const char volumes[] =
    "sample_id\tmid_depth_bin\twater_volume_imaged\n"
    "17\t2.5\t10.5\n"
    "17\t7.5\t12\n"
    "17\t502.5\t8\n"
    "29\t2.5\t9\n";
static const char objects[] =
    "object_id\tobject_name\tsample_id\tdepth\tmid_depth_bin\ttaxon\tlineage\t"
    "group\tgroup_lineage\n"
    "1\ta\t17\t1.2\t2.5\tCalanidae\tliving/Copepoda/Calanidae\tCopepoda\t"
    "living/Copepoda\n"
    "2\tb\t17\t3.9\t2.50\tOithona\tliving/Copepoda/Oithona\tCopepoda\t"
    "living/Copepoda\n"
    "3\tc\t17\t6\t7.5\tdetritus\tnot-living/detritus\tdetritus\t"
    "not-living/detritus\n"
    "4\td\t17\t501\t502.5\tAcantharea\tliving/Rhizaria/Acantharea\t"
    "Rhizaria\tliving/Rhizaria\n"
    "5\te\t29\t4\t2.5\tOithona\tliving/Copepoda/Oithona\tCopepoda\t"
    "living/Copepoda\n"
    "6\tf\t29\t12\t12.5\tOithona\tliving/Copepoda/Oithona\tCopepoda\t"
    "living/Copepoda\n";

static const char *tmp_path(const char *name)
{
  static char path[8][256];
  static int next;
  char *p = path[next++ % 8];
  snprintf(p, sizeof path[0], "%s/%s", tmpdir, name);
  return p;
}

/* Write `text` gzip-compressed to the temporary folder; return its path. */
static char *write_gz(const char *name, const char *text)
{
  char *path = (char *)tmp_path(name);
  gzFile gz = gzopen(path, "wb");
  int n = (int)strlen(text);
  if (!gz || gzwrite(gz, text, (unsigned)n) != n || gzclose(gz) != Z_OK)
    printf("Bail out! cannot write %s\n", path);
  return path;
}

/* A source of these three texts, written gzip-compressed; files[0] holds
 * the objects' path. */
static void source_of(pm_obs_source *src, char **files, const char *s,
                      const char *v, const char *o)
{
  memset(src, 0, sizeof *src);
  src->name = "uvp5";
  src->format = PM_FORMAT_UVP5_DATASET;
  src->metadata = write_gz("samples.tsv.gz", s);
  src->volume_table = write_gz("samples_volume.tsv.gz", v);
  files[0] = write_gz("objects.tsv.gz", o);
  src->files = files;
  src->n_files = 1;
}

/* Read the data set of these three texts; the status. */
static int read_set(pm_obs *obs, const char *s, const char *v, const char *o,
                    const pm_filter *filter, pm_obs_report *rep)
{
  pm_obs_source src;
  char *files[1];

  source_of(&src, files, s, v, o);
  memset(rep, 0, sizeof *rep);
  return pm_obs_read(obs, &src, filter, NULL, rep, NULL);
}

static double count_of(const pm_obs *obs, const char *cls, size_t s)
{
  size_t c = pm_obs_find_class(obs, cls);
  return c == SIZE_MAX ? -1 : obs->count[c][s];
}

static void test_read(void)
{
  pm_obs *obs = pm_obs_alloc();
  pm_obs_report rep;
  int status = read_set(obs, samples, volumes, objects, NULL, &rep);

  pm_test_ok(status == PM_SUCCESS, "the data set reads (%s)",
             status ? pm_error_message() : "");
  if (status) {
    pm_obs_free(obs);
    return;
  }
  pm_test_ok(obs->n_profiles == 2 && obs->n_samples == 4,
             "2 profiles with bins (sample 31 has none), 4 bins");
  pm_test_ok(strcmp(obs->profiles[0].name, "dewex_leg1_34") == 0 &&
                 strcmp(obs->profiles[0].project, "uvp5_dewex") == 0,
             "the profile's name and project");
  pm_test_ok(obs->profiles[0].instrument &&
                 strcmp(obs->profiles[0].instrument, "SD") == 0 &&
                 obs->profiles[0].pixel_mm == 0.147,
             "the profile keeps its UVP model (SD) and pixel size (0.147 mm)");
  pm_test_rel(obs->lat[0], 41.25017, 0, "its latitude");
  pm_test_rel(obs->lon[3], 4.65017, 0, "the second profile's longitude");
  pm_test_rel(obs->time[0], 1360764642, 0, "2013-02-13T14:10:42Z");
  pm_test_ok(obs->depth_top[0] == 0 && obs->depth_bottom[0] == 5 &&
                 obs->depth_top[2] == 500 && obs->depth_bottom[2] == 505,
             "a bin spans mid_depth_bin -+ 2.5 m");
  pm_test_rel(obs->volume_m3[0], 10.5e-3, 1e-12, "10.5 L imaged is 0.0105 m3");
  pm_test_ok(count_of(obs, "Copepoda", 0) == 2 &&
                 count_of(obs, "Copepoda", 3) == 1 &&
                 count_of(obs, "detritus", 1) == 1 &&
                 count_of(obs, "Rhizaria", 2) == 1 &&
                 count_of(obs, "Rhizaria", 0) == 0,
             "objects counted per bin and group (\"2.5\" and \"2.50\" are "
             "one bin)");
  pm_test_ok(strcmp(obs->classes[pm_obs_find_class(obs, "Copepoda")].path,
                    "living>Copepoda") == 0,
             "the group's lineage is its path, '>'-separated");
  pm_test_ok(rep.rows_read == 6 && rep.rows_kept == 5 &&
                 rep.rows_dropped[PM_DROP_NO_VOLUME] == 1 &&
                 rep.files_read == 3,
             "6 objects read, 5 kept, 1 in a bin with no volume; 3 files");
  pm_obs_free(obs);
}

/* depth_step = 10: the 5 m bins of 0-5 and 5-10 m are one sample, with
 * their volumes and counts added (10.5 + 12 L; two copepods and a piece of
 * detritus); 500-505 m becomes 500-510 m.  A step that does not join whole
 * 5 m bins is an error naming it. */
static void test_depth_step(void)
{
  pm_obs *obs = pm_obs_alloc();
  pm_obs_source src;
  pm_obs_report rep;
  char *files[1];
  int status;

  source_of(&src, files, samples, volumes, objects);
  src.depth_step_m = 10;
  status = pm_obs_read(obs, &src, NULL, NULL, &rep, NULL);
  if (pm_test_ok(status == PM_SUCCESS, "depth_step = 10 reads (%s)",
                 status ? pm_error_message() : "")) {
    pm_test_ok(obs->n_samples == 3 && obs->depth_top[0] == 0 &&
                   obs->depth_bottom[0] == 10 && obs->depth_top[1] == 500 &&
                   obs->depth_bottom[1] == 510,
               "3 samples: 0-10 m and 500-510 m of one profile, 0-10 m of "
               "the other");
    pm_test_rel(obs->volume_m3[0], 22.5e-3, 1e-12,
                "the volumes of the two 5 m bins add: 10.5 + 12 L");
    pm_test_ok(count_of(obs, "Copepoda", 0) == 2 &&
                   count_of(obs, "detritus", 0) == 1 &&
                   count_of(obs, "Copepoda", 2) == 1,
               "and their counts");
  }
  pm_obs_free(obs);
  obs = pm_obs_alloc();
  src.depth_step_m = 12;
  status = pm_obs_read(obs, &src, NULL, NULL, &rep, NULL);
  pm_test_ok(status == PM_EINPUT &&
                 strstr(pm_error_message(), "depth_step = 12") &&
                 strstr(pm_error_message(), "multiple of 5"),
             "depth_step = 12 is an error naming it: %s", pm_error_message());
  pm_obs_free(obs);
}

/* The source keeps the profiles of some projects or UVP models: profile 29
 * is of another project and an HD camera; its object is left out as of a
 * profile not kept.  uvp_models without a uvp_model column is an error. */
static void test_projects(void)
{
  static const char two[] =
      "sample_id\tsample_name\tproject\tlat\tlon\tdatetime\tuvp_model\n"
      "17\ta\tuvp5_dewex\t41\t7\t2013-02-13T14:10:42Z\tSD\n"
      "29\tb\tuvp6_other\t42\t4\t2013-02-10T15:35:44Z\tHD\n";
  char *dewex[] = {"uvp5_dewex"}, *sd[] = {"SD"}, *files[1];
  pm_obs_source src;
  pm_obs_report rep;
  pm_obs *obs;
  int pass, status;

  for (pass = 0; pass < 2; pass++) {
    obs = pm_obs_alloc();
    memset(&rep, 0, sizeof rep);
    source_of(&src, files, two, volumes, objects);
    if (pass == 0) src.projects = dewex, src.n_projects = 1;
    else src.uvp_models = sd, src.n_uvp_models = 1;
    status = pm_obs_read(obs, &src, NULL, NULL, &rep, NULL);
    pm_test_ok(status == PM_SUCCESS && obs->n_profiles == 1 &&
                   obs->n_samples == 3 &&
                   rep.rows_dropped[PM_DROP_PROFILE] == 1,
               "%s keeps profile 17 alone, 3 bins; the object of 29 left out",
               pass == 0 ? "projects = [uvp5_dewex]" : "uvp_models = [SD]");
    pm_obs_free(obs);
  }
  obs = pm_obs_alloc();
  source_of(&src, files,
            "sample_id\tsample_name\tproject\tlat\tlon\tdatetime\n"
            "17\ta\tuvp5_dewex\t41\t7\t2013-02-13T14:10:42Z\n",
            volumes, objects);
  src.uvp_models = sd, src.n_uvp_models = 1;
  status = pm_obs_read(obs, &src, NULL, NULL, &rep, NULL);
  pm_test_ok(status == PM_EINPUT &&
                 strstr(pm_error_message(), "no uvp_model column"),
             "uvp_models with no uvp_model column: %s", pm_error_message());
  pm_obs_free(obs);
}

/* class_by = "taxon": the objects are counted per original taxon, with its
 * lineage as path; a merge by lineage prefix joins Calanidae and Oithona
 * (2 in the 0-5 m bin of cast 17) into Copepoda. */
static void test_by_taxon(void)
{
  pm_filter_pattern from = {"living>Copepoda", "test"};
  pm_filter_merge merge = {"Copepoda", &from, 1};
  pm_obs_source src;
  pm_obs_report rep;
  pm_filter f;
  char *files[1];
  pm_obs *obs = pm_obs_alloc();
  size_t c;
  int status;

  source_of(&src, files, samples, volumes, objects);
  src.by_taxon = 1;
  status = pm_obs_read(obs, &src, NULL, NULL, &rep, NULL);
  c = pm_obs_find_class(obs, "Oithona");
  pm_test_ok(status == 0 && obs->n_classes == 4 && c != SIZE_MAX &&
                 strcmp(obs->classes[c].path, "living>Copepoda>Oithona") == 0 &&
                 count_of(obs, "Oithona", 0) == 1 &&
                 count_of(obs, "Calanidae", 0) == 1 &&
                 count_of(obs, "Acantharea", 2) == 1,
             "by taxon: 4 taxa, each with its lineage as path");
  pm_obs_free(obs);
  obs = pm_obs_alloc();
  pm_filter_init(&f);
  f.merge = &merge;
  f.n_merge = 1;
  status = pm_obs_read(obs, &src, &f, NULL, &rep, NULL);
  pm_test_ok(status == 0 && obs->n_classes == 3 &&
                 count_of(obs, "Copepoda", 0) == 2 &&
                 count_of(obs, "Copepoda", 3) == 1,
             "by taxon, merged by lineage prefix living>Copepoda");
  pm_obs_free(obs);
}

static void test_filter(void)
{
  pm_obs *obs = pm_obs_alloc();
  pm_obs_report rep;
  pm_filter f;
  int status;

  pm_filter_init(&f);
  f.depth_max_m = 100;
  status = read_set(obs, samples, volumes, objects, &f, &rep);
  pm_test_ok(status == 0 && obs->n_samples == 3 &&
                 rep.rows_dropped[PM_DROP_DEPTH] == 1,
             "the depth range leaves out the 500-505 m bin and its object");
  pm_obs_free(obs);
}

/* Sizes in mm give the biovolume; those in pixels are not read. */
static void test_biomass(void)
{
  static const char sized[] =
      "object_id\tsample_id\tmid_depth_bin\tgroup\tgroup_lineage\t"
      "area_mm2\tmajor_mm\tminor_mm\tarea\n"
      "1\t17\t2.5\tCopepoda\tliving/Copepoda\t0.1\t1.2\t0.5\t300\n"
      "2\t17\t2.5\tCopepoda\tliving/Copepoda\t0.1\t2\t1\t300\n"
      "3\t17\t7.5\tCopepoda\tliving/Copepoda\t0.1\t-1\t1\t300\n";
  pm_obs *obs = pm_obs_alloc();
  pm_obs_report rep;
  size_t c;
  int status = read_set(obs, samples, volumes, sized, NULL, &rep);

  pm_test_error(status, PM_EINPUT, pm_error_message(),
                "objects.tsv.gz:4: column 7 'major_mm'",
                "a negative size is named by file, line and column");
  pm_obs_free(obs);
  obs = pm_obs_alloc();
  status = read_set(obs, samples, volumes, "object_id\tsample_id\t"
                    "mid_depth_bin\tgroup\tgroup_lineage\tarea_mm2\t"
                    "major_mm\tminor_mm\n"
                    "1\t17\t2.5\tCopepoda\tliving/Copepoda\t0.1\t1.2\t"
                    "0.5\n"
                    "2\t17\t2.5\tCopepoda\tliving/Copepoda\t0.1\t2\t1\n"
                    "3\t17\t7.5\tCopepoda\tliving/Copepoda\t0.2\t\t\n",
                    NULL, &rep);
  c = pm_obs_find_class(obs, "Copepoda");
  pm_test_ok(status == 0 && obs->sized && obs->sized[0] && obs->sized[3] &&
                 c != SIZE_MAX && obs->biovolume_mm3 &&
                 obs->biovolume_mm3[c],
             "the kept bins are measured");
  if (status == 0 && c != SIZE_MAX && obs->biovolume_mm3 &&
      obs->biovolume_mm3[c]) {
    pm_test_rel(obs->biovolume_mm3[c][0],
                M_PI / 6 * (1.2 * 0.5 * 0.5 + 2 * 1 * 1), 1e-9,
                "biovolume: prolate spheroids of the mm axes, 1.2 x 0.5 and "
                "2 x 1 mm");
    pm_test_rel(obs->biovolume_mm3[c][1],
                M_PI / 6 * pow(2 * sqrt(0.2 / M_PI), 3), 1e-9,
                "without axes, the sphere of the area's ESD (0.2 mm2)");
  }
  pm_obs_free(obs);
}

/* The data set with one of its texts replaced fails naming `fragment`. */
static void test_bad(const char *s, const char *v, const char *o,
                     const char *fragment, const char *what)
{
  pm_obs *obs = pm_obs_alloc();
  pm_obs_report rep;
  int status = read_set(obs, s, v, o, NULL, &rep);
  pm_test_error(status, PM_EINPUT, pm_error_message(), fragment, "%s", what);
  pm_obs_free(obs);
}

static void test_bad_inputs(void)
{
  char s[sizeof samples + 64];

  test_bad(samples, "sample_id\tmid_depth_bin\twater_volume_imaged\n"
           "18\t2.5\t1\n", objects,
           "samples_volume.tsv.gz:2: column 1 'sample_id': sample_id '18' is "
           "not in the samples table", "a bin of an unknown sample");
  test_bad(samples, "sample_id\tmid_depth_bin\twater_volume_imaged\n"
           "17\t2.5\t1\n17\t2.5\t2\n", objects,
           "samples_volume.tsv.gz:3: column 2 'mid_depth_bin': the bin at "
           "2.5 m of sample_id '17' is given twice", "a bin given twice");
  test_bad(samples, "sample_id\tmid_depth_bin\twater_volume_imaged\n"
           "17\t2.5\t-1\n", objects, "samples_volume.tsv.gz:2",
           "a negative volume");
  snprintf(s, sizeof s, "%s17\tagain\tp\t1\t1\t2013-01-01T00:00:00Z\t1\tSD\n",
           samples);
  test_bad(s, volumes, objects,
           "samples.tsv.gz:5: column 1 'sample_id': sample_id '17' given "
           "twice", "a sample_id given twice");
  test_bad("sample_id\tsample_name\tproject\tlat\tlon\tdatetime\n"
           "17\tx\tp\t41\t7\t13/02/2013\n", volumes, objects,
           "samples.tsv.gz:2: column 6 'datetime': '13/02/2013' is not an "
           "ISO 8601 date-time", "a date-time that is not ISO 8601");
  test_bad(samples, "sample_id\tmid_depth_bin\twater_volume_imaged\n"
           "17\t2.5\t0\n", objects,
           "samples_volume.tsv.gz:2: column 3 'water_volume_imaged': the bin "
           "at 2.5 m of sample_id '17' has no volume imaged (0 L)",
           "a bin with no volume");
  test_bad(samples, "sample_id\tmid_depth_bin\twater_volume_imaged\n"
           "17\t5\t1\n", objects,
           "samples_volume.tsv.gz:2: column 2 'mid_depth_bin': 5 m is not the "
           "middle of a 5 m bin", "a mid_depth_bin off the 5 m bins");
  test_bad(samples, volumes,
           "object_id\tsample_id\tdepth\tmid_depth_bin\tgroup\t"
           "group_lineage\n1\t17\t1\t2.5\tCopepoda\tliving\n"
           "2\t18\t1\t2.5\tCopepoda\tliving\n",
           "objects.tsv.gz:3: column 2 'sample_id': sample_id '18' is not in "
           "the samples table", "an object whose cast is not in samples");
  test_bad(samples, volumes,
           "object_id\tsample_id\tmid_depth_bin\tgroup\tgroup_lineage\n"
           "1\t17\t3\tCopepoda\tliving\n",
           "objects.tsv.gz:2: column 3 'mid_depth_bin': 3 m is not the middle "
           "of a 5 m bin", "an object's mid_depth_bin off the 5 m bins");
  test_bad(samples, volumes,
           "object_id\tsample_id\tdepth\tmid_depth_bin\tgroup\t"
           "group_lineage\n1\t17\t5.5\t2.5\tCopepoda\tliving\n",
           "objects.tsv.gz:2: column 3 'depth': depth 5.5 m is outside its "
           "bin 0-5 m (mid_depth_bin 2.5)", "a depth outside its bin");
  test_bad(samples, volumes, "sample_id\tmid_depth_bin\tgroup\n",
           "objects.tsv.gz:1: no column 'group_lineage'",
           "an objects table without group_lineage");
}

int main(void)
{
  if (!mkdtemp(tmpdir)) return 99;
  test_read();
  test_depth_step();
  test_projects();
  test_by_taxon();
  test_filter();
  test_biomass();
  test_bad_inputs();
  if (pm_test_remove_dir(tmpdir)) return 99;
  return pm_test_done();
}
