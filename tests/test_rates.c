/* test_rates.c: biovolume, carbon conversion table, respiration, carbon
 * demand, silica and integrals against hand computations.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "pm_error.h"
#include "pm_carbon.h"
#include "pm_rates.h"
#include "pm_test.h"

#include <math.h>
#include <stdlib.h>

#define CRUSTACEA \
  "living>Eukaryota>Opisthokonta>Holozoa>Metazoa>Arthropoda>Crustacea"
#define ALVEOLATA "living>Eukaryota>Harosa>Alveolata"

static char tmpdir[256];

static void test_biovolume(void)
{
  double v = 0, d = 0;

  /* pi/6 2^3 = 4.18879020 */
  pm_test_ok(pm_biovolume_sphere(2, &v) == 0, "sphere of 2 mm");
  pm_test_rel(v, 4.18879020478639, 1e-12, "sphere volume pi/6 d^3");
  /* pi/6 x 3 x 1^2 = pi/2 */
  pm_test_ok(pm_biovolume_ellipsoid(3, 1, &v) == 0, "ellipsoid 3 x 1 mm");
  pm_test_rel(v, 1.5707963267949, 1e-12, "prolate spheroid pi/6 major minor^2");
  /* an area of pi mm2 is a disc of diameter 2 mm */
  pm_test_ok(pm_biovolume_esd(M_PI, &d) == 0, "esd of pi mm2");
  pm_test_rel(d, 2, 1e-14, "esd = 2 sqrt(area/pi)");
  pm_test_error(pm_biovolume_sphere(-1, &v), PM_EINPUT, pm_error_message(),
                "diameter (mm) is -1", "negative diameter");
  pm_test_error(pm_biovolume_sphere(NAN, &v), PM_EINPUT, pm_error_message(),
                "is nan", "NaN diameter");
  pm_test_error(pm_biovolume_ellipsoid(1, 2, &v), PM_EINPUT,
                pm_error_message(),
                "minor axis 2 mm is longer than major axis 1 mm",
                "minor axis longer than major");
  pm_test_error(pm_biovolume_ellipsoid(-3, 1, &v), PM_EINPUT,
                pm_error_message(), "major axis (mm) is -3",
                "negative major axis");
  pm_test_error(pm_biovolume_esd(-2, &d), PM_EINPUT, pm_error_message(),
                "area (mm2) is -2", "negative area");
}

static double lookup_a(const pm_carbon_table *t, const char *name,
                       const char *path)
{
  const pm_carbon_row *r;
  return pm_carbon_table_lookup(t, name, path, &r) ? -1 : r->a;
}

static void test_lookup(void)
{
  pm_carbon_table *t = pm_carbon_table_alloc();
  const pm_carbon_row *r;

  pm_carbon_table_add(t, "living>A>B", PM_CARBON_POWER, 1, 1, "s1");
  pm_carbon_table_add(t, "living>A>B>C", PM_CARBON_POWER, 2, 1, "s2");
  pm_carbon_table_add(t, "Copepoda", PM_CARBON_POWER, 3, 1, "s3");
  pm_carbon_table_add(t, "living>Q>", PM_CARBON_POWER, 5, 1, "s5");
  pm_test_ok(lookup_a(t, "Copepoda", "living>A>B>C>Copepoda") == 3,
             "exact class name beats a path prefix");
  pm_test_ok(lookup_a(t, "X", "living>A>B>C>D") == 2,
             "the longest matching prefix wins");
  pm_test_ok(lookup_a(t, "X", "living>A>B>Cx") == 1,
             "prefixes match whole components only");
  pm_test_ok(lookup_a(t, "X", "living>A>B") == 1,
             "a key equal to the whole path matches");
  pm_test_ok(lookup_a(t, "X", "living>Q>R") == 5,
             "a key ending in '>' is a prefix");
  pm_test_ok(lookup_a(t, "living>A>B>C", NULL) == 2,
             "a name equal to a key matches without a path");
  pm_test_error(pm_carbon_table_lookup(t, "Salpida", "living>Z", &r),
                PM_EINPUT, pm_error_message(),
                "no carbon conversion for class 'Salpida' (path 'living>Z')",
                "not found names the class and path");
  pm_carbon_table_add(t, "*", PM_CARBON_POWER, 7, 1, "fallback");
  pm_test_ok(lookup_a(t, "Salpida", "living>Z") == 7,
             "the '*' row is the fallback");
  pm_test_ok(lookup_a(t, "X", "living>A>B>C>D") == 2,
             "a prefix still beats the fallback");
  pm_carbon_table_add(t, "Copepoda", PM_CARBON_POWER, 4, 0.9, "s4");
  pm_test_ok(pm_carbon_table_size(t) == 5 &&
                 lookup_a(t, "Copepoda", NULL) == 4,
             "adding an existing key replaces its row");
  pm_test_error(pm_carbon_table_add(t, "Y", PM_CARBON_POWER, 0, 1, "s"),
                PM_EINPUT, pm_error_message(), "'Y': a = 0",
                "a = 0 is an error");
  pm_test_error(pm_carbon_table_add(t, "", PM_CARBON_POWER, 1, 1, "s"),
                PM_EINPUT, pm_error_message(), "empty key", "empty key");
  pm_test_error(pm_carbon_table_add(t, "Y", PM_CARBON_POWER, 1, 1, ""),
                PM_EINPUT, pm_error_message(), "'Y': no source",
                "a row needs its source");
  pm_carbon_table_free(t);
}

static void test_defaults(void)
{
  pm_carbon_table *t = pm_carbon_table_alloc();
  const pm_carbon_row *r = NULL;
  double c = 0;

  pm_test_ok(pm_carbon_table_defaults(t) == 0, "default table");
  pm_test_ok(pm_carbon_table_lookup(
                 t, "Dinophyceae",
                 ALVEOLATA ">Myzozoa>Holodinophyta>Dinophyceae", &r) == 0 &&
                 r->b == 0.939,
             "dinoflagellates get Menden-Deuer & Lessard");
  /* 1e-6 mm3 = 1000 um3: 0.216 x 1000^0.939 = 0.216 x 10^2.817
   * = 0.216 x 656.13 = 141.72 pg C = 1.4172e-7 mg C */
  pm_test_ok(r && pm_carbon_of(r, 1e-6, &c) == 0, "protist carbon");
  pm_test_rel(c, 1.41727e-7, 1e-5, "0.216 V^0.939 pg, V = 1000 um3");
  /* a = 0.216 x 10^(9 x 0.939 - 9) = 0.216 x 10^-0.549 = 0.0610174 */
  pm_test_rel(r ? r->a : 0, 0.0610174, 1e-5, "mg C, mm3 coefficient");
  pm_test_ok(pm_carbon_table_lookup(t, "Calanoida",
                                    CRUSTACEA ">Maxillopoda>Copepoda>Calanoida",
                                    &r) == 0,
             "copepods get the crustacean row");
  /* 0.0475 mg C mm-3 x 2 mm3 = 0.095 mg C */
  pm_test_ok(r && pm_carbon_of(r, 2, &c) == 0, "copepod carbon");
  pm_test_rel(c, 0.095, 1e-12, "0.0475 mg C per mm3");
  pm_test_error(r ? pm_carbon_of(r, -1, &c) : -1, PM_EINPUT,
                pm_error_message(), "biovolume -1 mm3",
                "negative biovolume is an error");
  /* Stukel et al. 2018: about 1 ug C mm-3.  An Aulosphaeridae cell of ESD
   * 2 mm: V = pi/6 x 2^3 = 4.18879 mm3, C = 1e-3 V = 4.18879e-3 mg C. */
  pm_test_ok(pm_carbon_table_lookup(
                 t, "Aulosphaeridae",
                 "living>Eukaryota>Harosa>Rhizaria>Cercozoa>Thecofilosea>"
                 "Phaeodaria>Phaeosphaerida>Aulosphaeridae", &r) == 0 &&
                 r->b == 1.0,
             "Aulosphaeridae get the Stukel et al. 2018 row");
  pm_test_ok(r && pm_carbon_of(r, M_PI / 6 * 8, &c) == 0,
             "Aulosphaeridae carbon");
  pm_test_rel(c, 4.18879020e-3, 1e-8, "1 ug C per mm3, ESD 2 mm");
  pm_test_error(pm_carbon_table_lookup(t, "Acantharia", NULL, &r), PM_EINPUT,
                pm_error_message(), "Acantharia",
                "other Rhizaria have no default row");
  pm_test_ok(pm_carbon_table_size(t) == 3, "three default rows");
  pm_carbon_table_free(t);
}

static void test_read(void)
{
  pm_carbon_table *t = pm_carbon_table_alloc();
  const pm_carbon_row *r = NULL;
  const char *path;

  pm_carbon_table_defaults(t);
  pm_test_ok(pm_carbon_table_read(
                 t, pm_test_path("tests/data/rates/carbon_override.tsv")) == 0,
             "read the override table");
  pm_test_ok(pm_carbon_table_size(t) == 4, "one row replaced, one added");
  pm_test_ok(pm_carbon_table_lookup(t, "Oithona",
                                    CRUSTACEA ">Maxillopoda>Copepoda", &r) ==
                     0 && r->a == 0.05,
             "the file overrides the default crustacean row");
  pm_test_ok(pm_carbon_table_lookup(t, "Chaetognatha", NULL, &r) == 0 &&
                 r->a == 0.002 && r->b == 1.1,
             "the file adds a class row");

  path = pm_test_write_file(tmpdir, "bad_form.tsv",
                            "key\tform\ta\tb\tsource\n"
                            "X\tcubic\t1\t1\tsomewhere\n");
  pm_test_error(pm_carbon_table_read(t, path), PM_EINPUT, pm_error_message(),
                "bad_form.tsv:2: column 2 'form': unknown form 'cubic'",
                "unknown form names file, line and column");
  path = pm_test_write_file(tmpdir, "bad_a.tsv",
                            "key\tform\ta\tb\tsource\n"
                            "X\tpower\t1\t1\tsomewhere\n"
                            "Y\tpower\tabc\t1\tsomewhere\n");
  pm_test_error(pm_carbon_table_read(t, path), PM_EINPUT, pm_error_message(),
                "bad_a.tsv:3: column 3 'a': 'abc' is not a number",
                "non-numeric a at line 3 column 3");
  path = pm_test_write_file(tmpdir, "short.tsv",
                            "key\tform\ta\tb\tsource\n"
                            "X\tpower\t1\t1\n");
  pm_test_error(pm_carbon_table_read(t, path), PM_EINPUT, pm_error_message(),
                "short.tsv:2: the row has 4 fields but the header has 5",
                "a row with a missing field");
  path = pm_test_write_file(tmpdir, "no_b.tsv",
                            "key\tform\ta\tsource\nX\tpower\t1\tsomewhere\n");
  pm_test_error(pm_carbon_table_read(t, path), PM_EINPUT, pm_error_message(),
                "no_b.tsv:1: no column 'b'", "a header without column b");
  path = pm_test_write_file(tmpdir, "neg_a.tsv",
                            "key\tform\ta\tb\tsource\n"
                            "X\tpower\t-1\t1\tsomewhere\n");
  pm_test_error(pm_carbon_table_read(t, path), PM_EINPUT, pm_error_message(),
                "neg_a.tsv:2: carbon conversion 'X': a = -1",
                "a negative a names file and line");
  pm_test_error(pm_carbon_table_read(t, "/nonexistent/c.tsv"), PM_EIO,
                pm_error_message(), "/nonexistent/c.tsv: cannot open",
                "a missing file");
  pm_carbon_table_free(t);
}

static void test_respiration(void)
{
  pm_respiration_params p;
  double r = 0;

  /* Only a2 = 0.0601 is a default (Ikeda 1985's Q10 of 1.82); a0, a1 and
   * the RQ have none, so every use names them. */
  pm_respiration_params_init(&p);
  pm_test_ok(p.a2 == 0.0601, "default a2 0.0601 (Q10 = exp(0.601) = 1.82)");
  pm_test_ok(isnan(p.a0) && isnan(p.a1) && isnan(p.rq),
             "no default for a0, a1 or the RQ");
  pm_test_error(pm_respiration_rate(&p, 0.01, 15, &r), PM_EINPUT,
                pm_error_message(), "a0 and a1 have no default",
                "the rate without a0 and a1 asks for them");
  p.a0 = 0.5254;
  p.a1 = 0.8354;
  pm_test_error(pm_respiration_rate(&p, 0.01, 15, &r), PM_EINPUT,
                pm_error_message(), "respiratory quotient nan; set it",
                "the rate without an RQ asks for it");
  /* With a0 = 0.5254, a1 = 0.8354 and RQ = 0.97 set by the caller,
   * W = 0.01 mg C, T = 15:
   * ln R = 0.5254 + 0.8354 x (-4.605170) + 0.0601 x 15 = -2.420259,
   * R = 0.0888986 ul O2 ind-1 h-1; carbon = R x 0.97 x 12/22.4
   * = 0.0461955 ug C h-1 = 1.108692e-3 mg C ind-1 d-1 (x 24 x 1e-3). */
  p.rq = 0.97;
  pm_test_ok(pm_respiration_rate(&p, 0.01, 15, &r) == 0, "Ikeda rate");
  pm_test_rel(r, 1.108692e-3, 1e-6, "Ikeda W = 0.01 mg C, T = 15");
  /* N = 100 ind m-3 holding B = 1 mg C m-3: W = 0.01, 100 x 1.108692e-3 */
  pm_test_ok(pm_respiration_community(100, 1, 15, &p, &r) == 0, "community");
  pm_test_rel(r, 0.1108692, 1e-6, "community respiration N R(B/N, T)");
  pm_test_ok(pm_respiration_community(100, 0, 15, &p, &r) == 0 && r == 0,
             "no biomass respires nothing");
  pm_test_error(pm_respiration_community(0, 1, 15, &p, &r), PM_EINPUT,
                pm_error_message(), "with no individuals",
                "biomass without abundance");
  pm_test_error(pm_respiration_community(-1, 1, 15, &p, &r), PM_EINPUT,
                pm_error_message(), "abundance -1 ind m-3",
                "negative abundance");
  pm_test_error(pm_respiration_community(1, -2, 15, &p, &r), PM_EINPUT,
                pm_error_message(), "carbon biomass -2 mg C m-3",
                "negative biomass");
  pm_test_error(pm_respiration_rate(&p, -0.01, 15, &r), PM_EINPUT,
                pm_error_message(), "body carbon -0.01", "negative body mass");
  pm_test_error(pm_respiration_rate(&p, 0.01, NAN, &r), PM_EINPUT,
                pm_error_message(), "temperature nan", "NaN temperature");
  p.rq = 0;
  pm_test_error(pm_respiration_rate(&p, 0.01, 15, &r), PM_EINPUT,
                pm_error_message(), "respiratory quotient 0", "RQ = 0");
  p.rq = -1;
  pm_test_error(pm_respiration_rate(&p, 0.01, 15, &r), PM_EINPUT,
                pm_error_message(), "respiratory quotient -1", "RQ < 0");
  /* 2 x 2^((20 - 10)/10) = 4; 2 x 2^((0 - 10)/10) = 1 */
  pm_test_ok(pm_respiration_q10(2, 10, 2, 20, &r) == 0 && r == 4, "Q10 up");
  pm_test_ok(pm_respiration_q10(2, 10, 2, 0, &r) == 0 && r == 1, "Q10 down");
  pm_test_error(pm_respiration_q10(2, 10, 0, 20, &r), PM_EINPUT,
                pm_error_message(), "Q10 = 0", "Q10 = 0");
  pm_test_error(pm_respiration_q10(2, 10, -2, 20, &r), PM_EINPUT,
                pm_error_message(), "Q10 = -2", "Q10 < 0");
  /* 1 / (0.7 x (1 - 0.3)) = 1 / 0.49 = 2.0408163 */
  pm_test_ok(pm_carbon_demand(1, 0.7, 0.3, &r) == 0, "carbon demand");
  pm_test_rel(r, 2.0408163265306, 1e-12, "R / (ae (1 - k2))");
  pm_test_error(pm_carbon_demand(1, 0, 0.3, &r), PM_EINPUT,
                pm_error_message(), "assimilation efficiency 0", "ae = 0");
  pm_test_error(pm_carbon_demand(1, 0.7, 1, &r), PM_EINPUT,
                pm_error_message(), "net growth efficiency 1", "k2 = 1");
}

static void test_silica_and_totals(void)
{
  pm_silica_params p;
  double stock = 0, prod = 0, col = 0, pg = 0;
  const double v[3] = {1, 2, 3}, dz[3] = {10, 20, 30}, bad[3] = {10, -1, 0};

  pm_silica_params_init(&p);
  pm_test_error(pm_silica(10, &p, &stock, &prod), PM_EINPUT,
                pm_error_message(), "silica per cell nan mol Si",
                "silica parameters must be set");
  p.si_per_cell_mol = 1e-6;
  p.rate_per_d = 0.1;
  /* 10 cells m-3 x 1e-6 mol = 1e-5 mol m-3 = 1e-2 mmol m-3; x 0.1 d-1 */
  pm_test_ok(pm_silica(10, &p, &stock, &prod) == 0, "silica");
  pm_test_rel(stock, 1e-2, 1e-12, "silica stock N q");
  pm_test_rel(prod, 1e-3, 1e-12, "silica production stock x rate");
  pm_test_error(pm_silica(-10, &p, &stock, &prod), PM_EINPUT,
                pm_error_message(), "abundance -10 cells m-3",
                "negative abundance of silicifiers");
  /* 1 x 10 + 2 x 20 + 3 x 30 = 140 */
  pm_test_ok(pm_rates_column(v, dz, 3, &col) == 0 && col == 140,
             "column integral");
  pm_test_error(pm_rates_column(v, bad, 3, &col), PM_EINPUT,
                pm_error_message(), "layer 2: thickness -1 m",
                "negative layer thickness");
  /* 1 mg C m-2 d-1 x 3.6e14 m2 x 365.25 d x 1e-18 Pg/mg = 0.13149 Pg C yr-1 */
  pm_test_ok(pm_rates_pg_per_year(1, 3.6e14, &pg) == 0, "global total");
  pm_test_rel(pg, 0.13149, 1e-12, "Pg C per year");
  pm_test_error(pm_rates_pg_per_year(1, -1, &pg), PM_EINPUT,
                pm_error_message(), "area -1 m2", "negative area");
}

int main(void)
{
  const char *base = getenv("TMPDIR");
  int rc;

  snprintf(tmpdir, sizeof tmpdir, "%s/test_rates.XXXXXX", base ? base : "/tmp");
  if (!mkdtemp(tmpdir)) return 99;
  test_biovolume();
  test_lookup();
  test_defaults();
  test_read();
  test_respiration();
  test_silica_and_totals();
  rc = pm_test_done();
  if (pm_test_remove_dir(tmpdir)) return 99;
  return rc;
}
