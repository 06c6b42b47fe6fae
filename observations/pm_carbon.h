/* pm_carbon.h: the biovolume and carbon content of one imaged object: its
 * equivalent spherical diameter, its biovolume as a sphere or a prolate
 * spheroid, and the carbon conversion table (mg C = a V^b).
 *
 * Units: sizes in mm, biovolumes in mm3, carbon in mg C.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#ifndef PM_CARBON_H
#define PM_CARBON_H

#include <stddef.h>

/* Biovolume of one object (mm3). */
int pm_biovolume_sphere(double esd_mm, double *v_mm3);
/* Prolate spheroid from the major and minor axes of the fitted ellipse. */
int pm_biovolume_ellipsoid(double major_mm, double minor_mm, double *v_mm3);
/* Equivalent spherical diameter (mm) of an object of area `area_mm2`. */
int pm_biovolume_esd(double area_mm2, double *esd_mm);

/* Carbon conversion: the forms a table row may take. */
typedef enum {
  PM_CARBON_POWER /* mg C = a V^b, V the biovolume in mm3 */
} pm_carbon_form;

typedef struct {
  char *key;     /* class name, taxonomic path prefix, or "*" */
  pm_carbon_form form;
  double a, b;
  char *source;  /* the publication, with table or equation */
} pm_carbon_row;

typedef struct pm_carbon_table pm_carbon_table;

pm_carbon_table *pm_carbon_table_alloc(void);
void pm_carbon_table_free(pm_carbon_table *t);
size_t pm_carbon_table_size(const pm_carbon_table *t);
const pm_carbon_row *pm_carbon_table_row(const pm_carbon_table *t, size_t i);

/* Add the literature rows (observations/carbon_defaults.c) to `t`. */
int pm_carbon_table_defaults(pm_carbon_table *t);
/* Add a row; a row with the same key is replaced (how a config overrides a
 * default).  `a` must be positive, `b` finite. */
int pm_carbon_table_add(pm_carbon_table *t, const char *key,
                        pm_carbon_form form, double a, double b,
                        const char *source);
/* Add the rows of a TSV file with the header `key form a b source`; errors
 * name the file, the line and the column. */
int pm_carbon_table_read(pm_carbon_table *t, const char *path);
/* The row for a class: its exact name first, else the longest key that is a
 * prefix of `path` on whole '>' components, else the "*" row.  `path` may
 * be NULL.  The row stays valid until the table is changed. */
int pm_carbon_table_lookup(const pm_carbon_table *t, const char *name,
                           const char *path, const pm_carbon_row **row);
/* The name of a form ("power") and back. */
const char *pm_carbon_form_name(pm_carbon_form form);
int pm_carbon_form_parse(const char *name, pm_carbon_form *form);
/* Carbon (mg C) of one object of biovolume `v_mm3`. */
int pm_carbon_of(const pm_carbon_row *row, double v_mm3, double *mgC);

#endif
