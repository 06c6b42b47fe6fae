/* test_alloc_fail.c: every allocation of libplankmap, failed in turn, makes
 * the call return an error with a message (or succeed without it), never
 * crash, and leave no allocation of the library live (pm_alloc_fail.h).
 *
 * Each operation runs once unarmed to count its N allocations, then with
 * the k-th failing, for k = 1 .. N (every k up to 2000, then a stride); a
 * crash bails out naming the operation and k.  A constructor returning
 * NULL (pm_obs_alloc) counts as a clean failure.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "pm_alloc_fail.h"
#include "pm_threads.h"
#include "pm_bin.h"
#include "pm_design.h"
#include "pm_error.h"
#include "pm_family.h"
#include "pm_formula.h"
#include "pm_frame.h"
#include "pm_gam.h"
#include "pm_read.h"
#include "pm_sha256.h"
#include "pm_test.h"
#include "pm_test_table.h"

#include <stdint.h>
#include <signal.h>
#include <unistd.h>
#include <zlib.h>

#define BATS "data/ecopart_detailed/BATSOFP/export_detailed_20240422_11_04_"
#define EVERY_K 2000
#define MAX_RUNS 3000
#define GAM_ROWS 300

enum { RUN_OK, RUN_FAILED, RUN_NO_MESSAGE, RUN_LEAK };

static pm_obs *bats;          /* what (1) read, for (6) */
static pm_obs *uvp5;          /* the UVP5 data set, for its check */
static pm_formula *formula;   /* the fit of (7), for (8) */
static pm_frame *frame;
static pm_design *design;
static pm_gam_fit *fit;
static char gam_csv[] = "/tmp/test_alloc_fail.XXXXXX";
/* gzip-compressed inputs: an EcoTaxa export, a UVP5 data set */
static char gz_dir[] = "/tmp/test_alloc_fail_gz.XXXXXX";

/* ---- the operations ------------------------------------------------------- */

static int read_source(const pm_obs_source *src, pm_obs **out)
{
  pm_obs_report rep;
  pm_obs *obs = pm_obs_alloc();
  int status;

  memset(&rep, 0, sizeof rep);
  if (!obs) return pm_error_nomem();
  status = pm_obs_read(obs, src, NULL, NULL, &rep, NULL);
  if (out && status == PM_SUCCESS)
    *out = obs;
  else
    pm_obs_free(obs);
  return status;
}

static int op_ecopart_to(pm_obs **out)
{
  char *files[1];
  pm_obs_source src;

  memset(&src, 0, sizeof src);
  files[0] = (char *)pm_test_path(BATS "PAR_bats361_ctd12.tsv");
  src.name = "ecopart";
  src.format = PM_FORMAT_ECOPART_DETAILED;
  src.files = files;
  src.n_files = 1;
  src.metadata = (char *)pm_test_path(BATS "Export_metadata_summary.tsv");
  return read_source(&src, out);
}

static int op_ecopart(void) { return op_ecopart_to(NULL); }

static int op_ecotaxa(void)
{
  char *files[1];
  pm_obs_source src;

  memset(&src, 0, sizeof src);
  files[0] = (char *)pm_test_path("tests/data/ecotaxa/net_ecotaxa.tsv");
  src.name = "ecotaxa";
  src.format = PM_FORMAT_ECOTAXA;
  src.files = files;
  src.n_files = 1;
  return read_source(&src, NULL);
}

/* A file of gz_dir. */
static char *gz_path(const char *name)
{
  static char path[4][4200];
  static int next;
  char *p = path[next++ % 4];
  snprintf(p, sizeof path[0], "%s/%s", gz_dir, name);
  return p;
}

static int op_ecotaxa_gz(void)
{
  char *files[1];
  pm_obs_source src;

  memset(&src, 0, sizeof src);
  files[0] = gz_path("net_ecotaxa.tsv.gz");
  src.name = "ecotaxa";
  src.format = PM_FORMAT_ECOTAXA;
  src.files = files;
  src.n_files = 1;
  return read_source(&src, NULL);
}

static int op_uvp5_to(pm_obs **out)
{
  char *files[1];
  pm_obs_source src;

  memset(&src, 0, sizeof src);
  files[0] = gz_path("objects.tsv.gz");
  src.name = "uvp5";
  src.format = PM_FORMAT_UVP5_DATASET;
  src.metadata = gz_path("samples.tsv.gz");
  src.volume_table = gz_path("samples_volume.tsv.gz");
  src.files = files;
  src.n_files = 1;
  return read_source(&src, out);
}

static int op_uvp5(void) { return op_uvp5_to(NULL); }

/* The UVP5 data set's properties_per_bin against what it read. */
static int op_uvp5_check(void)
{
  pm_uvp5_check check;
  return pm_uvp5_check_properties(uvp5, gz_path("samples.tsv.gz"),
                                  gz_path("properties_per_bin.tsv.gz"), 1e-4,
                                  &check);
}

static int op_table(void)
{
  char *files[1];
  pm_obs_source src;

  pm_test_table_mapping(&src, files, "counts",
                        pm_test_path("tests/data/table/small_long.csv"));
  src.table.class_column = "taxon";
  src.table.count_column = "n";
  return read_source(&src, NULL);
}

static int op_grid(void)
{
  static double edges[] = {0, 100, 200, 500, 1000};
  pm_grid_spec spec = {-180, 180, -90, 90, 1, 1, edges, 5, PM_TIME_MONTH};
  pm_grid *g = NULL;
  pm_bin *b = NULL;
  int status = pm_grid_alloc(&g, &spec, 0, 0);

  if (status == PM_SUCCESS) status = pm_bin_alloc(&b, g, bats);
  pm_bin_free(b);
  pm_grid_free(g);
  return status;
}

/* A fit of the family named; `discrete`: of the compact model matrix. */
static int fit_to(pm_formula **f, pm_frame **fr, pm_design **d,
                  pm_gam_fit **gf, const char *family, int discrete)
{
  const char *const *cols;
  size_t ncols;
  pm_model_matrix m;
  pm_family fam;
  pm_gam_options o;
  int status;

  memset(&m, 0, sizeof m);
  status = pm_formula_parse(
      f, "count_copepoda ~ s(logdepth, bs='cr', k=5)");
  if (status == PM_SUCCESS) status = pm_formula_columns(*f, &cols, &ncols);
  if (status == PM_SUCCESS) status = pm_frame_read_csv(fr, gam_csv, cols, ncols);
  if (status == PM_SUCCESS) status = pm_design_alloc(d, *f, *fr);
  if (status == PM_SUCCESS)
    status = discrete ? pm_design_matrix_discrete(*d, *fr, 1, 20, &m)
                      : pm_design_matrix(*d, *fr, 1, &m);
  if (status == PM_SUCCESS)
    status = pm_family_from_name(&fam, family);
  if (status == PM_SUCCESS) {
    pm_gam_options_default(&o, &fam);
    status = pm_gam_fit_model(gf, *d, &m, &o);
  }
  pm_model_matrix_free(&m);
  return status;
}

static int fit_op(const char *family, int discrete)
{
  pm_formula *f = NULL;
  pm_frame *fr = NULL;
  pm_design *d = NULL;
  pm_gam_fit *gf = NULL;
  int status = fit_to(&f, &fr, &d, &gf, family, discrete);

  pm_gam_fit_free(gf);
  pm_design_free(d);
  pm_frame_free(fr);
  pm_formula_free(f);
  return status;
}

static int op_fit(void) { return fit_op("poisson", 0); }
static int op_fit_discrete(void) { return fit_op("negbin", 1); }
static int op_fit_tweedie(void) { return fit_op("tweedie", 0); }

static int op_predict(void)
{
  pm_model_matrix m;
  double *eta = NULL, *se = NULL, *mu = NULL;
  int status;

  memset(&m, 0, sizeof m);
  status = pm_design_matrix(design, frame, 0, &m);
  if (status == PM_SUCCESS) {
    eta = calloc(m.n, sizeof *eta);
    se = calloc(m.n, sizeof *se);
    mu = calloc(m.n, sizeof *mu);
    status = pm_gam_predict(fit, &m, eta, se, mu);
  }
  free(eta);
  free(se);
  free(mu);
  pm_model_matrix_free(&m);
  return status;
}

/* The SHA-256 of a file (its read buffer; OpenSSL's own allocations are
 * not libplankmap's). */
static int op_sha256(void)
{
  char hex[PM_SHA256_HEX];
  return pm_sha256_file(gam_csv, hex);
}

/* ---- the runs --------------------------------------------------------------- */

/* One run armed at k (0: none), in this process: its outcome. */
static int run_here(int (*op)(void), size_t k)
{
  int status;

  pm_error_clear();
  pm_alloc_fail_arm(k);
  status = op();
  if (pm_alloc_fail_live() != 0) return RUN_LEAK;
  if (status == PM_SUCCESS) return RUN_OK;
  return pm_error_message()[0] ? RUN_FAILED : RUN_NO_MESSAGE;
}

/* What runs now, for the message of a crash. */
static const char *current_name;
static size_t current_k;

static void on_crash(int sig)
{
  char msg[256];
  int n = snprintf(msg, sizeof msg,
                   "Bail out! %s: signal %d with allocation %zu failed\n",
                   current_name, sig, current_k);
  if (n > 0) (void)!write(STDOUT_FILENO, msg, (size_t)n);
  _exit(1);
}

static void check_operation(const char *name, int (*op)(void))
{
  size_t n, k, stride, runs = 0, clean = 0, ok = 0, bad = 0;
  int first, outcome;

  current_name = name;
  first = run_here(op, 0);

  n = pm_alloc_fail_count();
  pm_test_ok(first == RUN_OK, "%s: unarmed run succeeds, nothing left live",
             name);
  stride = n <= EVERY_K ? 1 : (n - EVERY_K) / (MAX_RUNS - EVERY_K) + 1;
  for (k = 1; k <= n; k += k < EVERY_K ? 1 : stride) {
    current_k = k;
    outcome = run_here(op, k);
    runs++;
    clean += outcome == RUN_FAILED;
    ok += outcome == RUN_OK;
    if (outcome != RUN_OK && outcome != RUN_FAILED && bad++ < 5)
      printf("# %s: allocation %zu failed: %s\n", name, k,
             outcome == RUN_LEAK ? "leak" : "no message");
  }
  printf("# %s: N = %zu allocations, %zu runs, %zu clean failures, "
         "%zu successes\n", name, n, runs, clean, ok);
  pm_test_ok(n > 0 && bad == 0, "%s: each of %zu failed allocations "
             "handled (%zu bad)", name, runs, bad);
}

/* ---- set-up ----------------------------------------------------------------- */

/* The first GAM_ROWS rows of profiles.csv in gam_csv. */
static int write_gam_rows(void)
{
  FILE *in = fopen(pm_test_path("tests/data/model/reference/profiles.csv"),
                   "r");
  FILE *out = fdopen(mkstemp(gam_csv), "w");
  char line[4096];
  int rows = 0;

  while (in && out && rows <= GAM_ROWS && fgets(line, sizeof line, in)) {
    fputs(line, out);
    rows++;
  }
  if (in) fclose(in);
  return out && fclose(out) == 0 && rows > GAM_ROWS ? 0 : -1;
}

/* `text` (or the file `copy_of`) gzip-compressed into gz_dir/name. */
static int write_gz(const char *name, const char *text, const char *copy_of)
{
  gzFile gz = gzopen(gz_path(name), "wb");
  FILE *in = copy_of ? fopen(pm_test_path(copy_of), "rb") : NULL;
  char buf[4096];
  size_t n;
  int ok = gz != NULL && (!copy_of || in);

  if (ok && text) ok = gzputs(gz, text) == (int)strlen(text);
  while (ok && in && (n = fread(buf, 1, sizeof buf, in)) > 0)
    ok = gzwrite(gz, buf, (unsigned)n) == (int)n;
  if (in) fclose(in);
  if (gz && gzclose(gz) != Z_OK) ok = 0;
  return ok ? 0 : -1;
}

static int write_gz_inputs(void)
{
  if (!mkdtemp(gz_dir)) return -1;
  return write_gz("net_ecotaxa.tsv.gz", NULL,
                  "tests/data/ecotaxa/net_ecotaxa.tsv") ||
         write_gz("samples.tsv.gz",
                  "sample_id\tsample_name\tproject\tlat\tlon\tdatetime\t"
                  "pixel_size\tuvp_model\n"
                  "1\ta\tp\t41\t7\t2013-02-13T14:10:42Z\t0.1\tSD\n"
                  "2\tb\tp\t42\t4\t2013-02-10T15:35:44Z\t0.1\tHD\n", NULL) ||
         write_gz("samples_volume.tsv.gz",
                  "sample_id\tmid_depth_bin\twater_volume_imaged\n"
                  "1\t2.5\t10\n1\t7.5\t12\n2\t2.5\t9\n", NULL) ||
         write_gz("objects.tsv.gz",
                  "sample_id\tmid_depth_bin\tgroup\tgroup_lineage\tesd_mm\n"
                  "1\t2.5\tCopepoda\tliving/Copepoda\t1\n"
                  "1\t7.5\tdetritus\tnot-living/detritus\t0.5\n"
                  "2\t2.5\tCopepoda\tliving/Copepoda\t1.2\n", NULL) ||
         write_gz("properties_per_bin.tsv.gz",
                  "sample_id\tdepth_range\tgroup\tconcentration\n"
                  "1\t(0,10]\tCopepoda\t0.0454545\n"
                  "2\t(0,5]\tdetritus\t0\n", NULL);
}

/* The counted allocations of one library call that allocates. */
static size_t allocations_seen(void)
{
  pm_formula *f = NULL;

  pm_alloc_fail_arm(0);
  pm_formula_parse(&f, "y ~ x");
  pm_formula_free(f);
  return pm_alloc_fail_count();
}

static int set_up(void)
{
  if (pm_alloc_fail_init((const void *)pm_error_message) != 0) {
    printf("1..0 # SKIP libplankmap is not a shared library, or the "
           "program runs under AddressSanitizer\n");
    return -1;
  }
  if (allocations_seen() == 0) {
    printf("1..0 # SKIP the allocator is replaced (valgrind)\n");
    return -1;
  }
  if (op_ecopart_to(&bats) || write_gam_rows() || write_gz_inputs() ||
      op_uvp5_to(&uvp5) ||
      fit_to(&formula, &frame, &design, &fit, "poisson", 0)) {
    printf("Bail out! set-up: %s\n", pm_error_message());
    return -1;
  }
  return 0;
}

int main(void)
{
  signal(SIGSEGV, on_crash);
  signal(SIGBUS, on_crash);
  signal(SIGFPE, on_crash);
  signal(SIGABRT, on_crash);
  /* one thread: the k-th allocation is then the same one in every run */
  pm_threads_set(1);
  if (set_up()) return 0;
  check_operation("EcoPart detailed read", op_ecopart);
  check_operation("EcoTaxa read", op_ecotaxa);
  check_operation("gzip-compressed EcoTaxa read", op_ecotaxa_gz);
  check_operation("UVP5 data set read", op_uvp5);
  check_operation("UVP5 properties_per_bin check", op_uvp5_check);
  check_operation("long table read", op_table);
  check_operation("grid and bins", op_grid);
  check_operation("GAM fit", op_fit);
  check_operation("GAM fit, discretised covariates", op_fit_discrete);
  check_operation("GAM fit, Tweedie power estimated", op_fit_tweedie);
  check_operation("GAM prediction", op_predict);
  check_operation("SHA-256 of a file", op_sha256);
  pm_gam_fit_free(fit);
  pm_design_free(design);
  pm_frame_free(frame);
  pm_formula_free(formula);
  pm_obs_free(bats);
  pm_obs_free(uvp5);
  unlink(gam_csv);
  if (pm_test_remove_dir(gz_dir)) return 99;
  return pm_test_done();
}
