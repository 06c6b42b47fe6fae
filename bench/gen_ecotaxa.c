/* gen_ecotaxa.c: write an EcoTaxa-like TSV export of N objects for the ingest
 * benchmark: 104 columns as in a real UVP5/Zooscan export, about 2000 samples
 * (rows of a sample together, as EcoTaxa writes them) and 60 classes.
 *
 * Usage: gen_ecotaxa N FILE
 *
 * The morphometric columns (object_area ... object_skeleton_area) are drawn
 * once for a pool of objects and reused, so that writing is limited by the
 * disk rather than by number formatting.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define N_SAMPLES 2000
#define N_CLASSES 60
#define N_FEATURES 70
#define POOL 4096

static const char *groups[] = {
    "living>Eukaryota>Opisthokonta>Holozoa>Metazoa>Arthropoda>Crustacea>Copepoda",
    "living>Eukaryota>Opisthokonta>Holozoa>Metazoa>Chaetognatha",
    "living>Eukaryota>Opisthokonta>Holozoa>Metazoa>Chordata>Tunicata>Appendicularia",
    "living>Eukaryota>Harosa>Rhizaria>Retaria>Polycystinea",
    "living>Eukaryota>Harosa>Rhizaria>Cercozoa>Thecofilosea>Phaeodaria",
    "not-living>detritus", "not-living>artefact"};

static double uniform(void) { return rand() / (RAND_MAX + 1.0); }

/* The header: the columns of an EcoTaxa export. */
static void header(FILE *f)
{
  int i;
  fputs("object_id\tobject_lat\tobject_lon\tobject_date\tobject_time\t"
        "object_depth_min\tobject_depth_max\tobject_annotation_status\t"
        "object_annotation_person_name\tobject_annotation_date\t"
        "object_annotation_category\tobject_annotation_hierarchy",
        f);
  for (i = 0; i < N_FEATURES; i++) fprintf(f, "\tobject_feature%02d", i);
  fputs("\tsample_id\tsample_project\tsample_ship\tsample_stationid\t"
        "sample_bottomdepth\tsample_tot_vol\tsample_comment\t"
        "acq_id\tacq_instrument\tacq_sub_part\tacq_volimage\tacq_pixel\t"
        "acq_min_mesh\tacq_max_mesh\tacq_gain\t"
        "process_id\tprocess_date\tprocess_soft\tprocess_pixel\t"
        "process_threshold\tprocess_software_version\tprocess_first_img\n",
        f);
}

int main(int argc, char **argv)
{
  static char pool[POOL][1024];
  static char sample_tail[N_SAMPLES][512];
  static char names[N_CLASSES][64], paths[N_CLASSES][160];
  long n, i, per_sample;
  FILE *f;
  int k, s;

  if (argc != 3 || (n = atol(argv[1])) <= 0) {
    fprintf(stderr, "usage: gen_ecotaxa N FILE\n");
    return 2;
  }
  if (!(f = fopen(argv[2], "w"))) {
    perror(argv[2]);
    return 1;
  }
  srand(42);
  for (i = 0; i < POOL; i++) {
    int len = 0;
    for (k = 0; k < N_FEATURES; k++)
      len += snprintf(pool[i] + len, sizeof pool[0] - len, "\t%.4g",
                      uniform() * 1000);
  }
  for (k = 0; k < N_CLASSES; k++) {
    const char *g = groups[k % 7];
    snprintf(names[k], sizeof names[0], "taxon%02d", k);
    snprintf(paths[k], sizeof paths[0], "%s>taxon%02d", g, k);
  }
  for (s = 0; s < N_SAMPLES; s++)
    snprintf(sample_tail[s], sizeof sample_tail[0],
             "\tst%04d\tbench_project\tthalassa\tstation_%d\t%.1f\t%.2f\t"
             "vertical net tow\tst%04d_d1\tzooscan\t%d\t1.1\t0.0106\t200\t"
             "999999\t130\tst%04d_p\t20240101\tzooprocess\t0.0106\t243\t"
             "7.26\t%d",
             s, s % 97, 1000 + 4000 * uniform(), 5 + 50 * uniform(), s,
             1 << (s % 6), s, s * 13);
  header(f);
  per_sample = (n + N_SAMPLES - 1) / N_SAMPLES;
  for (i = 0; i < n; i++) {
    long sm = i / per_sample;
    int c = (int)(uniform() * uniform() * N_CLASSES); /* a few classes abound */
    double top = (double)(sm % 10) * 50;
    fprintf(f,
            "obj_%ld\t%.4f\t%.4f\t2024%02ld%02ld\t%02ld%02ld00\t%.1f\t%.1f\t%s\t"
            "Jane Doe\t2024-03-01 10:00:00\t%s\t%s%s%s\n",
            i, -60 + (double)(sm % 120), -170 + (double)(sm % 340),
            1 + sm % 12, 1 + sm % 28, sm % 24, sm % 60, top,
            top + 200, i % 5 ? "validated" : "predicted", names[c], paths[c],
            pool[i % POOL], sample_tail[sm % N_SAMPLES]);
  }
  if (fclose(f) != 0) {
    perror(argv[2]);
    return 1;
  }
  return 0;
}
