/* test_stage_predict.c: the predict stage: maps of a scenario file's
 * baseline and scenarios on Levitus temperature, ETOPO relief masks, totals
 * with paired differences, totals.tsv; and a flux model's maps at the flux
 * depths with their export totals and Martin curves.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "config.h"
#include "pm_pipeline.h"
#include "pm_error.h"
#include "pm_test.h"

#include <math.h>
#include <netcdf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char dir[] = "/tmp/pm-test-stage-predict.XXXXXX";
static char path[4200];

static const char cfg_text[] =
    "output_dir = \"out\";\n"
    "observations = ( { name = \"a\"; format = \"ecopart-detailed\";\n"
    "  metadata = \"m.tsv\"; files = [ \"p.tsv\" ]; } );\n"
    "grid = { resolution = 10; depth_edges = [ 0, 100, 500 ]; };\n"
    "covariates = ( { name = \"temp\";\n"
    "  file = \"" PM_FERRET_DATA_DIR "/levitus_climatology.cdf\";\n"
    "  variable = \"TEMP\"; } );\n"
    "relief = { file = \"" PM_FERRET_DATA_DIR "/etopo20.cdf\";\n"
    "  variable = \"ROSE\"; };\n"
    "models = ( { name = \"m\"; family = \"poisson\";\n"
    "  response = { size = [ 100, 500 ]; };\n"
    "  formula = \"count ~ temp + logdepth + offset(log(volume_m3))\";\n"
    "  uncertainty = { draws = 50; seed = 1; }; } );\n"
    "prediction = { depth_edges = [ 0, 100, 500 ]; months = \"annual\"; };\n"
    "scenarios = (\n"
    "  { name = \"warm\"; changes = ( { covariate = \"temp\"; add = 2.0; } ); },\n"
    "  { name = \"same\"; changes = ( { covariate = \"temp\"; add = 0.0; } ); }\n"
    ");\n";

static const char *in_dir(const char *name)
{
  snprintf(path, sizeof path, "%s/%s", dir, name);
  return path;
}

/* Fit `formula` with `family` to the columns of a table. */
static int fit_table(pm_model *m, const char *formula, const char *family,
                     const char **names, const double **cols, size_t ncols,
                     size_t n)
{
  pm_frame *f = NULL;
  pm_model_matrix mm = {0};
  pm_gam_options o;
  pm_family fam;
  int status = pm_formula_parse(&m->formula, formula);

  if (!status)
    status = pm_frame_from_columns(&f, "table", names, cols, ncols, n);
  if (!status) status = pm_design_alloc(&m->design, m->formula, f);
  if (!status) status = pm_design_matrix(m->design, f, 1, &mm);
  if (!status) status = pm_family_from_name(&fam, family);
  if (!status) {
    pm_gam_options_default(&o, &fam);
    status = pm_gam_fit_model(&m->fit, m->design, &mm, &o);
  }
  pm_model_matrix_free(&mm);
  pm_frame_free(f);
  return status;
}

/* A Poisson GLM on a small table: log rate 0.5 + 0.08 temp - 0.4 logdepth,
 * counts rounded from the rate times the volume. */
static int fit_glm(pm_model *m)
{
  enum { N = 40 };
  double y[N], temp[N], logdepth[N], vol[N];
  const char *names[] = {"count", "temp", "logdepth", "volume_m3"};
  const double *cols[] = {y, temp, logdepth, vol};
  size_t i;

  for (i = 0; i < N; i++) {
    temp[i] = 2 + 0.6 * (double)i;
    logdepth[i] = log(10.0 + 25.0 * (double)((i * 7) % 20));
    vol[i] = 1 + 0.1 * (double)(i % 5);
    y[i] = round(vol[i] * exp(3.5 + 0.08 * temp[i] - 0.4 * logdepth[i]) *
                 (1 + 0.2 * sin((double)i)));
  }
  return fit_table(m, "count ~ temp + logdepth + offset(log(volume_m3))",
                   "poisson", names, cols, 4, N);
}

/* The flux model of flux_cfg_text: a Gamma GLM (log link) on noiseless
 * Martin profiles F = 50 (z/100)^-0.858 (Martin et al. 1987), so that its
 * coefficients are ln 50 + 0.858 ln 100 and -0.858 exactly. */
#define FLUX_CFG_HEAD                                                          \
    "output_dir = \"out\";\n" \
    "observations = ( { name = \"a\"; format = \"ecopart-detailed\";\n" \
    "  metadata = \"m.tsv\"; files = [ \"p.tsv\" ]; } );\n" \
    "grid = { resolution = 10; depth_edges = [ 0, 100, 500 ]; };\n" \
    "relief = { file = \"" PM_FERRET_DATA_DIR "/etopo20.cdf\";\n" \
    "  variable = \"ROSE\"; };\n" \
    "models = ( { name = \"f\"; family = \"gamma\";\n" \
    "  response = { flux = true; }; formula = \"flux ~ logdepth\";\n" \
    "  uncertainty = { draws = 50; seed = 1; }; } );\n"
#define FLUX_CFG_DEPTHS                                                        \
  "flux = { estimator = \"guidi\"; depths = [ 100, 200, 500, 1000 ];\n"     \
  "  export_depths = [ 100, 1000 ];\n"
static const char flux_cfg_text[] = FLUX_CFG_HEAD FLUX_CFG_DEPTHS "};\n";

static int fit_flux_glm(pm_model *m)
{
  enum { N = 24 };
  double y[N], logdepth[N];
  const char *names[] = {"flux", "logdepth"};
  const double *cols[] = {y, logdepth};
  size_t i;

  for (i = 0; i < N; i++) {
    double z = 100 + 40 * (double)i;
    logdepth[i] = log(z);
    y[i] = 50 * pow(z / 100, -0.858);
  }
  return fit_table(m, "flux ~ logdepth", "gamma", names, cols, 2, N);
}

typedef struct {
  size_t nlon, nlat, ndepth;
  double *mean, *se, *lower, *upper, *inv, *area, *depth_bnds;
  unsigned char *flag;
} maps;

static void maps_free(maps *m)
{
  free(m->mean);
  free(m->se);
  free(m->lower);
  free(m->upper);
  free(m->inv);
  free(m->area);
  free(m->depth_bnds);
  free(m->flag);
}

static int get(int ncid, const char *name, size_t n, double **out)
{
  int var;
  *out = malloc(n * sizeof **out);
  return nc_inq_varid(ncid, name, &var) || nc_get_var_double(ncid, var, *out);
}

/* The flux maps f_mean (at the 4 flux depths) and f_martin_b, f_teff_100
 * with the cell areas, from flux_baseline.nc. */
typedef struct {
  size_t ncol, ndepth;
  double *mean, *b, *teff, *z_star, *area, *depth;
  double *remin, *remin_lo, *remin_hi, *remin_bnds; /* ndepth - 1 layers */
} flux_maps;

static void flux_maps_free(flux_maps *m)
{
  free(m->mean);
  free(m->b);
  free(m->teff);
  free(m->z_star);
  free(m->area);
  free(m->depth);
  free(m->remin);
  free(m->remin_lo);
  free(m->remin_hi);
  free(m->remin_bnds);
}

static int read_flux_maps(flux_maps *m)
{
  size_t nlon = 0, nlat = 0;
  int ncid, d, bad = 0;

  memset(m, 0, sizeof *m);
  if (nc_open(in_dir("flux_baseline.nc"), NC_NOWRITE, &ncid)) return 1;
  bad |= nc_inq_dimid(ncid, "lon", &d) || nc_inq_dimlen(ncid, d, &nlon);
  bad |= nc_inq_dimid(ncid, "lat", &d) || nc_inq_dimlen(ncid, d, &nlat);
  bad |= nc_inq_dimid(ncid, "depth", &d) ||
         nc_inq_dimlen(ncid, d, &m->ndepth);
  m->ncol = nlon * nlat;
  if (!bad) {
    bad |= get(ncid, "f_mean", m->ncol * m->ndepth, &m->mean);
    bad |= get(ncid, "f_martin_b", m->ncol, &m->b);
    bad |= get(ncid, "f_teff_100", m->ncol, &m->teff);
    bad |= get(ncid, "f_z_star", m->ncol, &m->z_star);
    bad |= get(ncid, "area", m->ncol, &m->area);
    bad |= get(ncid, "depth", m->ndepth, &m->depth);
    bad |= get(ncid, "f_remineralisation", m->ncol * (m->ndepth - 1),
               &m->remin);
    bad |= get(ncid, "f_remineralisation_lower", m->ncol * (m->ndepth - 1),
               &m->remin_lo);
    bad |= get(ncid, "f_remineralisation_upper", m->ncol * (m->ndepth - 1),
               &m->remin_hi);
    bad |= get(ncid, "remin_depth_bnds", 2 * (m->ndepth - 1), &m->remin_bnds);
  }
  nc_close(ncid);
  return bad;
}

static int read_maps(const char *name, maps *m)
{
  int ncid, d, bad = 0, var;
  size_t cells;

  memset(m, 0, sizeof *m);
  if (nc_open(in_dir(name), NC_NOWRITE, &ncid)) return 1;
  bad |= nc_inq_dimid(ncid, "lon", &d) || nc_inq_dimlen(ncid, d, &m->nlon);
  bad |= nc_inq_dimid(ncid, "lat", &d) || nc_inq_dimlen(ncid, d, &m->nlat);
  bad |= nc_inq_dimid(ncid, "depth", &d) || nc_inq_dimlen(ncid, d, &m->ndepth);
  cells = m->nlon * m->nlat * m->ndepth;
  if (!bad) {
    bad |= get(ncid, "m_mean", cells, &m->mean);
    bad |= get(ncid, "m_se", cells, &m->se);
    bad |= get(ncid, "m_lower", cells, &m->lower);
    bad |= get(ncid, "m_upper", cells, &m->upper);
    bad |= get(ncid, "m_inventory", m->nlon * m->nlat, &m->inv);
    bad |= get(ncid, "area", m->nlon * m->nlat, &m->area);
    bad |= get(ncid, "depth_bnds", 2 * m->ndepth, &m->depth_bnds);
    m->flag = malloc(cells);
    bad |= nc_inq_varid(ncid, "m_extrapolation", &var) ||
           nc_get_var_uchar(ncid, var, m->flag);
  }
  nc_close(ncid);
  return bad;
}

static const pm_pipeline_total *find(const pm_pipeline_total *t, size_t n,
                                const char *scenario, const char *region,
                                const char *quantity)
{
  size_t i;
  for (i = 0; i < n; i++)
    if (!strcmp(t[i].scenario, scenario) && !strcmp(t[i].region, region) &&
        !strcmp(t[i].quantity, quantity))
      return &t[i];
  return NULL;
}

static void check_maps(const maps *b, const pm_pipeline_total *global)
{
  size_t ncol = b->nlon * b->nlat, c, k, land, ocean, nfill = 0, bad_inv = 0;
  double sum = 0;

  for (c = 0; c < ncol; c++) {
    double inv = 0;
    for (k = 0; k < b->ndepth; k++) {
      size_t i = k * ncol + c;
      double th = b->depth_bnds[2 * k + 1] - b->depth_bnds[2 * k];
      if (b->mean[i] == NC_FILL_DOUBLE) {
        nfill++;
        continue;
      }
      sum += b->mean[i] * b->area[c] * th;
      inv += b->mean[i] * th;
    }
    if (b->inv[c] != NC_FILL_DOUBLE && fabs(b->inv[c] - inv) > 1e-9 * inv)
      bad_inv++;
  }
  /* 10-degree cells centred at 25E 15N (Chad, land) and 145W 5N (Pacific) */
  land = (size_t)((15 + 85) / 10) * b->nlon + (size_t)((25 + 175) / 10);
  ocean = (size_t)((5 + 85) / 10) * b->nlon + (size_t)((-145 + 175) / 10);
  pm_test_ok(b->nlon == 36 && b->nlat == 18 && b->ndepth == 2,
             "maps on the 10-degree grid with 2 layers (%zu x %zu x %zu)",
             b->nlon, b->nlat, b->ndepth);
  pm_test_ok(b->mean[land] == NC_FILL_DOUBLE && b->se[land] == NC_FILL_DOUBLE &&
             b->inv[land] == NC_FILL_DOUBLE && b->flag[land] == 255,
             "a land cell (25E 15N) holds the _FillValue");
  pm_test_ok(b->mean[ocean] > 0 && b->lower[ocean] < b->mean[ocean] &&
             b->upper[ocean] > b->mean[ocean] && b->se[ocean] > 0 &&
             b->flag[ocean] == 0,
             "an ocean cell (145W 5N) has a mean %g in (%g, %g), se %g",
             b->mean[ocean], b->lower[ocean], b->upper[ocean], b->se[ocean]);
  pm_test_ok(nfill > 0 && nfill < ncol * b->ndepth, "%zu of %zu cells masked",
             nfill, ncol * b->ndepth);
  pm_test_ok(bad_inv == 0, "column inventories are sum of mean x thickness");
  pm_test_ok(global && fabs(global->value - sum) <= 1e-9 * sum,
             "baseline global total %.10g equals the sum of mean x volume "
             "from the file %.10g", global ? global->value : NAN, sum);
  pm_test_ok(global && global->lower < global->value &&
             global->upper > global->value && !strcmp(global->units,
                                                      "particles"),
             "the total has a draws interval and units particles");
}

static void check_same(const maps *b)
{
  maps s;
  size_t n = b->nlon * b->nlat * b->ndepth;
  if (!pm_test_ok(!read_maps("maps_same.nc", &s), "maps_same.nc read"))
    return;
  pm_test_ok(!memcmp(s.mean, b->mean, n * sizeof *b->mean) &&
             !memcmp(s.se, b->se, n * sizeof *b->se) &&
             !memcmp(s.lower, b->lower, n * sizeof *b->lower) &&
             !memcmp(s.upper, b->upper, n * sizeof *b->upper) &&
             !memcmp(s.inv, b->inv, b->nlon * b->nlat * sizeof *b->inv),
             "a scenario adding 0 reproduces the baseline maps bit for bit");
  maps_free(&s);
}

static void check_tsv(size_t ntotals)
{
  FILE *f = fopen(in_dir("totals.tsv"), "r");
  char line[1024];
  size_t n = 0;
  int header = 0;

  if (!pm_test_ok(f != NULL, "totals.tsv written")) return;
  if (fgets(line, sizeof line, f))
    header = !strcmp(line, "scenario\tmodel\tregion\tquantity\tvalue\tlower\t"
                           "upper\tunits\n");
  while (fgets(line, sizeof line, f)) n++;
  fclose(f);
  pm_test_ok(header, "totals.tsv has the header");
  /* the totals of 7 regions, and each scenario's with their differences;
   * per scenario the share of extrapolated cells */
  pm_test_ok(n == ntotals && n == 7 + 14 + 14 + 3,
             "totals.tsv: one line per scenario, model, region, quantity "
             "(%zu)", n);
}

/* The baseline again with every member of the model scaled by 2 (the
 * classification's factors, pipeline/classification.c): the mean map is
 * the same, every cell's bounds and the global total's double exactly, and
 * the total's share from classification is that of its factors' interval,
 * here set to [1.99, 2.01]. */
static void check_scaled(const pm_scenario *sc, pm_pipeline_fitted *fitted,
                         const maps *b, const pm_pipeline_total *global)
{
  pm_pipeline_opts opt = {0};
  pm_pipeline_total *t = NULL;
  const pm_pipeline_total *g2;
  double two = 2;
  size_t n = 0, i, cells = b->nlon * b->nlat * b->ndepth, bad = 0;
  maps s;
  int status;

  fitted->class_scale = &two;
  fitted->n_class_scale = 1;
  fitted->class_lower = 1.99;
  fitted->class_upper = 2.01;
  status = pm_pipeline_stage_predict(sc, fitted, 1, "baseline", &opt, dir, &t,
                                     &n);
  fitted->class_scale = NULL;
  fitted->n_class_scale = 0;
  if (!pm_test_ok(status == PM_SUCCESS && !read_maps("maps_baseline.nc", &s),
                  "the baseline with members scaled by 2%s%s",
                  status ? ": " : "", status ? pm_error_message() : ""))
    goto cleanup;
  for (i = 0; i < cells; i++)
    bad += s.mean[i] != b->mean[i] ||
           (b->mean[i] != NC_FILL_DOUBLE &&
            (s.lower[i] != 2 * b->lower[i] || s.upper[i] != 2 * b->upper[i]));
  pm_test_ok(bad == 0, "scaled members: the same means, every cell's bounds "
             "doubled (%zu cells differ)", bad);
  g2 = find(t, n, "baseline", "global", "total");
  pm_test_ok(g2 && global && g2->value == global->value &&
                 g2->lower == 2 * global->lower &&
                 g2->upper == 2 * global->upper,
             "... the global total's bounds doubled");
  pm_test_rel(g2 ? g2->classification_share : NAN,
              g2 ? pow(log(2.01 / 1.99) / log(g2->upper / g2->lower), 2) : 0,
              1e-12, "... and its share from classification is the squared "
              "log width of the factors' interval over the total's");
  maps_free(&s);
cleanup:
  pm_pipeline_totals_free(t, n);
}

static void run_stage(pm_scenario *sc, pm_pipeline_fitted *fitted)
{
  pm_pipeline_opts opt = {0};
  pm_pipeline_total *t = NULL;
  size_t n = 0;
  const pm_pipeline_total *same, *warm;
  maps b;
  int status;

  status = pm_pipeline_stage_predict(sc, fitted, 1, "nosuch", &opt, dir, &t, &n);
  pm_test_error(status, PM_EINPUT, pm_error_message(), "no scenario named "
                "'nosuch'", "an unknown scenario");
  status = pm_pipeline_stage_predict(sc, fitted, 1, NULL, &opt, dir, &t, &n);
  if (!pm_test_ok(status == PM_SUCCESS, "predict stage (%s)",
                  pm_error_message()))
    return;
  pm_test_ok(!read_maps("maps_baseline.nc", &b), "maps_baseline.nc opens and "
             "has m_mean, m_se, m_lower, m_upper, m_extrapolation, "
             "m_inventory");
  if (b.mean) check_maps(&b, find(t, n, "baseline", "global", "total"));
  if (b.mean) check_same(&b);
  if (b.mean) check_scaled(sc, fitted, &b, find(t, n, "baseline", "global",
                                                "total"));
  maps_free(&b);
  same = find(t, n, "same", "global", "difference");
  pm_test_ok(same && same->value == 0 && same->lower == 0 && same->upper == 0,
             "no change: difference 0 with interval (0, 0)");
  warm = find(t, n, "warm", "global", "difference");
  pm_test_ok(warm && warm->value > 0 && warm->lower > 0 &&
             pm_engine_gam_model(fitted->engine)->fit->beta[1] > 0,
             "warm (+2 C): difference %g (%g, %g) has the sign of the temp "
             "coefficient %g", warm ? warm->value : NAN,
             warm ? warm->lower : NAN, warm ? warm->upper : NAN,
             pm_engine_gam_model(fitted->engine)->fit->beta[1]);
  pm_test_ok(pm_pipeline_write_totals(dir, NULL, t, n) == PM_SUCCESS, "totals written");
  check_tsv(n);
  status = pm_pipeline_write_totals(in_dir("no/such"), NULL, t, n);
  pm_test_ok(status == PM_EIO, "totals.tsv in a missing folder: PM_EIO (%s)",
             pm_error_message());
  pm_pipeline_totals_free(t, n);
}

/* Export through horizon k: sum of the mean flux x cell area over the
 * horizon's unmasked cells, from mg C m-2 d-1 to Pg C per year of 365.25
 * days. */
static double export_from_file(const flux_maps *m, size_t k)
{
  double sum = 0;
  size_t c;
  for (c = 0; c < m->ncol; c++)
    if (m->mean[k * m->ncol + c] != NC_FILL_DOUBLE)
      sum += m->mean[k * m->ncol + c] * m->area[c];
  return sum * 365.25 * 1e-18;
}

/* Every column's b is `b` under every draw (the model fits the profiles
 * exactly), so the area-weighted mean and its interval over the draws are
 * b too; T100 is `teff`, the area-weighted mean of the columns' values.
 * With per-column z_ref T100 differs between columns but not between
 * draws: its interval is a point, not the spread over the columns. */
static void check_martin_total(const pm_pipeline_total *t, size_t n, double b,
                               double teff)
{
  const pm_pipeline_total *mb = find(t, n, "baseline", "global", "martin_b");
  const pm_pipeline_total *te = find(t, n, "baseline", "global", "teff_100");

  pm_test_ok(mb && fabs(mb->value - b) < 1e-9 && fabs(mb->lower - b) < 1e-9 &&
                 fabs(mb->upper - b) < 1e-9 && !strcmp(mb->units, "1"),
             "martin_b row: %.10g (%.10g, %.10g), units 1", mb ? mb->value : NAN,
             mb ? mb->lower : NAN, mb ? mb->upper : NAN);
  pm_test_ok(te && fabs(te->value - teff) < 1e-9 &&
                 fabs(te->lower - teff) < 1e-9 && fabs(te->upper - teff) < 1e-9,
             "teff_100 row: %.10g (%.10g, %.10g)", te ? te->value : NAN,
             te ? te->lower : NAN, te ? te->upper : NAN);
}

/* The layers between the flux depths 100, 200, 500 and 1000 m, and in
 * every column with a flux at both ends -dF/dz of F = 50 (z/100)^-0.858
 * by hand, inside its interval over the draws. */
static void check_remineralisation(const flux_maps *m)
{
  size_t c, k, nrate = 0, bad = 0, badb = 0;
  for (k = 0; k + 1 < m->ndepth; k++) {
    double z0 = m->depth[k], z1 = m->depth[k + 1];
    double hand = (50 * pow(z0 / 100, -0.858) - 50 * pow(z1 / 100, -0.858)) /
                  (z1 - z0);
    badb += m->remin_bnds[2 * k] != z0 || m->remin_bnds[2 * k + 1] != z1;
    for (c = 0; c < m->ncol; c++) {
      size_t i = k * m->ncol + c;
      if (m->mean[i] == NC_FILL_DOUBLE ||
          m->mean[i + m->ncol] == NC_FILL_DOUBLE) {
        bad += m->remin[i] != NC_FILL_DOUBLE;
        continue;
      }
      nrate++;
      bad += fabs(m->remin[i] - hand) > 1e-9 * hand ||
             !(m->remin_lo[i] <= m->remin[i] + 1e-9 * hand &&
               m->remin[i] <= m->remin_hi[i] + 1e-9 * hand);
    }
  }
  pm_test_ok(m->ndepth == 4 && badb == 0, "remineralisation layers bounded "
             "by consecutive flux depths");
  pm_test_ok(nrate > 300 && bad == 0, "%zu layer cells: remineralisation "
             "-dF/dz of the Martin profile by hand, inside its interval, "
             "fill where a depth has no flux (%zu wrong)", nrate, bad);
}

static void check_flux_maps(const pm_pipeline_total *t, size_t n)
{
  const pm_pipeline_total *e100 = find(t, n, "baseline", "global", "export_100m");
  const pm_pipeline_total *e1000 = find(t, n, "baseline", "global", "export_1000m");
  flux_maps m;
  size_t c, nfit = 0, bad = 0;
  double hand100, hand1000;

  if (!pm_test_ok(!read_flux_maps(&m), "flux_baseline.nc has f_mean, "
                  "f_martin_b, f_z_star, f_teff_100"))
    goto cleanup;
  pm_test_ok(m.ndepth == 4 && m.depth[0] == 100 && m.depth[3] == 1000,
             "flux maps at the 4 flux depths");
  for (c = 0; c < m.ncol; c++) {
    if (m.b[c] == NC_FILL_DOUBLE) continue;
    nfit++;
    /* the mean profile is an exact Martin curve: b = 0.858 and
     * T100 = (200/100)^-0.858 */
    bad += fabs(m.b[c] - 0.858) > 1e-6 ||
           fabs(m.teff[c] - pow(2.0, -0.858)) > 1e-6 || !(m.z_star[c] > 0);
    bad += m.mean[c] != NC_FILL_DOUBLE && fabs(m.mean[c] - 50) > 1e-6;
  }
  pm_test_ok(nfit > 100 && bad == 0,
             "%zu columns: Martin b 0.858, T100 2^-0.858, flux 50 at 100 m "
             "(%zu wrong)", nfit, bad);
  check_remineralisation(&m);
  hand100 = export_from_file(&m, 0);
  hand1000 = export_from_file(&m, 3);
  pm_test_ok(e100 && fabs(e100->value - hand100) <= 1e-9 * hand100 &&
                 !strcmp(e100->units, "Pg C yr-1"),
             "export at 100 m %.10g Pg C yr-1 is the map x area x 365.25 d "
             "(%.10g)", e100 ? e100->value : NAN, hand100);
  pm_test_ok(e1000 && fabs(e1000->value - hand1000) <= 1e-9 * hand1000 &&
                 e1000->value < e100->value,
             "export at 1000 m %.10g Pg C yr-1 (by hand %.10g), below the "
             "export at 100 m", e1000 ? e1000->value : NAN, hand1000);
  pm_test_ok(e100 && e100->lower <= e100->value &&
                 e100->upper >= e100->value && isfinite(e100->lower),
             "the export has an interval from the draws (%g, %g)",
             e100 ? e100->lower : NAN, e100 ? e100->upper : NAN);
  check_martin_total(t, n, 0.858, pow(2.0, -0.858));
cleanup:
  flux_maps_free(&m);
}

/* A flux model: maps at the flux depths, export totals and attenuation. */
static void test_flux(void)
{
  pm_scenario *sc = NULL;
  pm_model model = {0};
  pm_pipeline_fitted fitted = {0};
  pm_pipeline_opts opt = {0};
  pm_pipeline_total *t = NULL;
  size_t n = 0;
  FILE *f = fopen(in_dir("flux.cfg"), "w");

  fputs(flux_cfg_text, f);
  fclose(f);
  if (pm_test_ok(pm_scenario_load(&sc, in_dir("flux.cfg")) == PM_SUCCESS,
                 "flux config loads (%s)", pm_error_message()) &&
      pm_test_ok(fit_flux_glm(&model) == PM_SUCCESS,
                 "flux GLM fitted (%s)", pm_error_message())) {
    fitted.spec = &sc->models[0];
    pm_test_ok(pm_engine_gam_borrow(&fitted.engine, &model) == PM_SUCCESS,
               "the model as an engine");
    if (pm_test_ok(pm_pipeline_stage_predict(sc, &fitted, 1, NULL, &opt, dir, &t,
                                        &n) == PM_SUCCESS,
                   "predict stage of a flux model (%s)", pm_error_message()))
      check_flux_maps(t, n);
    pm_test_ok(n == (2 + 2) * 7 + 1 && access(in_dir("maps_baseline.nc"),
                                          F_OK) != 0,
               "totals: 2 horizons and martin_b, teff_100 x 7 regions and "
               "the share of extrapolated cells; no "
               "concentration maps");
  }
  pm_pipeline_totals_free(t, n);
  pm_engine_free(fitted.engine);
  pm_gam_fit_free(model.fit);
  pm_design_free(model.design);
  pm_formula_free(model.formula);
  pm_scenario_free(sc);
  remove(in_dir("flux_baseline.nc"));
  remove(in_dir("flux.cfg"));
}

/* --- a per-cell horizon -------------------------------------------------- */

/* The horizon field: z = 300 + 2 lat (m) on the 10-degree cell centres,
 * linear in latitude so that regridding it keeps it exact. */
#define HZ(lat) (300.0 + 2.0 * (lat))

static int write_horizon_field(const char *file)
{
  double lon[36], lat[18], z[18 * 36];
  int ncid, d[2], vlon, vlat, v, bad;
  size_t i, j;

  for (i = 0; i < 36; i++) lon[i] = -175 + 10 * (double)i;
  for (j = 0; j < 18; j++) lat[j] = -85 + 10 * (double)j;
  for (j = 0; j < 18; j++)
    for (i = 0; i < 36; i++) z[j * 36 + i] = HZ(lat[j]);
  if (nc_create(file, NC_CLOBBER, &ncid)) return 1;
  bad = nc_def_dim(ncid, "lon", 36, &d[1]) || nc_def_dim(ncid, "lat", 18, &d[0]) ||
        nc_def_var(ncid, "lon", NC_DOUBLE, 1, &d[1], &vlon) ||
        nc_def_var(ncid, "lat", NC_DOUBLE, 1, &d[0], &vlat) ||
        nc_def_var(ncid, "HZ", NC_DOUBLE, 2, d, &v) ||
        nc_put_att_text(ncid, vlon, "units", 12, "degrees_east") ||
        nc_put_att_text(ncid, vlat, "units", 13, "degrees_north") ||
        nc_put_att_text(ncid, v, "units", 1, "m") || nc_enddef(ncid) ||
        nc_put_var_double(ncid, vlon, lon) || nc_put_var_double(ncid, vlat, lat) ||
        nc_put_var_double(ncid, v, z);
  return nc_close(ncid) || bad;
}

/* The flux config with a horizon "hz" from that field, also the reference
 * depth of the Martin fits. */
static int write_horizon_cfg(const char *file, const char *field)
{
  FILE *f = fopen(file, "w");
  if (!f) return 1;
  fputs(FLUX_CFG_HEAD FLUX_CFG_DEPTHS
        "  export_horizons = ( { name = \"hz\"; covariate = \"hz\"; } );\n"
        "  attenuation = { ref_depth = \"hz\"; max_depth = 1000.0; }; };\n",
        f);
  fprintf(f, "covariates = ( { name = \"hz\"; file = \"%s\";\n"
             "  variable = \"HZ\"; } );\n", field);
  return fclose(f) != 0;
}

/* The export map through the horizon is F(z_h) = 50 (z_h/100)^-0.858 in
 * every column, its total is the map x area x 365.25 d, and the Martin
 * fit from z_h recovers b = 0.858 with T100 = (1 + 100/z_h)^-0.858. */
static void check_horizon_maps(const pm_pipeline_total *t, size_t n)
{
  const pm_pipeline_total *e = find(t, n, "baseline", "global", "export_hz");
  double *ex = NULL, *lo = NULL, *hi = NULL, *lat = NULL, hand = 0;
  double teff_area = 0, fit_area = 0;
  size_t c, nlat = 18, nlon = 36, ncol, nmap = 0, bad = 0, badfit = 0;
  char units[64] = "";
  int ncid, var, rc;
  flux_maps m;

  if (!pm_test_ok(!read_flux_maps(&m), "flux maps with a horizon read"))
    goto cleanup;
  ncol = m.ncol;
  rc = nc_open(in_dir("flux_baseline.nc"), NC_NOWRITE, &ncid);
  rc = rc || get(ncid, "f_export_hz", ncol, &ex) ||
       get(ncid, "f_export_hz_lower", ncol, &lo) ||
       get(ncid, "f_export_hz_upper", ncol, &hi) || get(ncid, "lat", nlat, &lat) ||
       nc_inq_varid(ncid, "f_export_hz", &var) ||
       nc_get_att_text(ncid, var, "units", units);
  nc_close(ncid);
  if (!pm_test_ok(!rc && ncol == nlat * nlon && !strcmp(units, "mg m-2 d-1"),
                  "f_export_hz, _lower, _upper in the file, units '%s'",
                  units))
    goto cleanup;
  for (c = 0; c < ncol; c++) {
    double z = HZ(lat[c / nlon]), F = 50 * pow(z / 100, -0.858);
    if (ex[c] == NC_FILL_DOUBLE) continue;
    nmap++;
    hand += ex[c] * m.area[c];
    bad += fabs(ex[c] - F) > 1e-9 * F || !(lo[c] <= ex[c] && ex[c] <= hi[c]);
    if (m.b[c] == NC_FILL_DOUBLE) continue;
    badfit += fabs(m.b[c] - 0.858) > 1e-9 ||
              fabs(m.teff[c] - pow(1 + 100 / z, -0.858)) > 1e-9;
    teff_area += pow(1 + 100 / z, -0.858) * m.area[c];
    fit_area += m.area[c];
  }
  hand *= 365.25 * 1e-18;
  pm_test_ok(nmap > 100 && bad == 0,
             "%zu columns: export map = 50 (z_h/100)^-0.858 inside its "
             "interval (%zu wrong)", nmap, bad);
  pm_test_ok(badfit == 0, "Martin fits from z_h: b 0.858, T100 (1 + "
             "100/z_h)^-0.858 (%zu wrong)", badfit);
  pm_test_ok(e && fabs(e->value - hand) <= 1e-9 * hand &&
                 !strcmp(e->units, "Pg C yr-1") && e->lower <= e->value &&
                 e->value <= e->upper,
             "export_hz %.10g Pg C yr-1 is the map x area x 365.25 d "
             "(%.10g)", e ? e->value : NAN, hand);
  check_martin_total(t, n, 0.858, teff_area / fit_area);
cleanup:
  free(ex);
  free(lo);
  free(hi);
  free(lat);
  flux_maps_free(&m);
}

static void test_horizon(void)
{
  pm_scenario *sc = NULL;
  pm_model model = {0};
  pm_pipeline_fitted fitted = {0};
  pm_pipeline_opts opt = {0};
  pm_pipeline_total *t = NULL;
  size_t n = 0;
  char field[4300];

  snprintf(field, sizeof field, "%s", in_dir("hz.nc"));
  if (pm_test_ok(!write_horizon_field(field) &&
                     !write_horizon_cfg(in_dir("hz.cfg"), field),
                 "horizon field and config written") &&
      pm_test_ok(pm_scenario_load(&sc, in_dir("hz.cfg")) == PM_SUCCESS,
                 "horizon config loads (%s)", pm_error_message()) &&
      pm_test_ok(fit_flux_glm(&model) == PM_SUCCESS, "flux GLM fitted")) {
    fitted.spec = &sc->models[0];
    pm_test_ok(pm_engine_gam_borrow(&fitted.engine, &model) == PM_SUCCESS,
               "the model as an engine");
    if (pm_test_ok(pm_pipeline_stage_predict(sc, &fitted, 1, NULL, &opt, dir, &t,
                                        &n) == PM_SUCCESS,
                   "predict stage with a per-cell horizon (%s)",
                   pm_error_message()))
      check_horizon_maps(t, n);
  }
  pm_pipeline_totals_free(t, n);
  pm_engine_free(fitted.engine);
  pm_gam_fit_free(model.fit);
  pm_design_free(model.design);
  pm_formula_free(model.formula);
  pm_scenario_free(sc);
  remove(in_dir("flux_baseline.nc"));
  remove(in_dir("hz.cfg"));
  remove(field);
}

int main(void)
{
  pm_scenario *sc = NULL;
  pm_model model = {0};
  pm_pipeline_fitted fitted = {0};
  FILE *f;

  if (!mkdtemp(dir)) {
    printf("Bail out! cannot create %s\n", dir);
    return 1;
  }
  f = fopen(in_dir("predict.cfg"), "w");
  fputs(cfg_text, f);
  fclose(f);
  if (pm_test_ok(pm_scenario_load(&sc, in_dir("predict.cfg")) == PM_SUCCESS,
                 "config loads (%s)", pm_error_message()) &&
      pm_test_ok(fit_glm(&model) == PM_SUCCESS, "GLM fitted (%s)",
                 pm_error_message())) {
    fitted.spec = &sc->models[0];
    pm_test_ok(pm_engine_gam_borrow(&fitted.engine, &model) == PM_SUCCESS,
               "the model as an engine");
    run_stage(sc, &fitted);
  }
  pm_engine_free(fitted.engine);
  pm_gam_fit_free(model.fit);
  pm_design_free(model.design);
  pm_formula_free(model.formula);
  pm_scenario_free(sc);
  remove(in_dir("maps_baseline.nc"));
  test_flux();
  test_horizon();
  remove(in_dir("maps_warm.nc"));
  remove(in_dir("maps_same.nc"));
  remove(in_dir("totals.tsv"));
  remove(in_dir("predict.cfg"));
  rmdir(dir);
  return pm_test_done();
}
