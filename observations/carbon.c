/* carbon.c: the carbon conversion table and its lookup by class name
 * or taxonomic path.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "pm_error.h"
#include "pm_filter.h"
#include "pm_carbon.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

struct pm_carbon_table {
  pm_carbon_row *rows;
  size_t n, cap;
};

static const char *const form_names[] = {"power"};
#define N_FORMS (sizeof form_names / sizeof form_names[0])

pm_carbon_table *pm_carbon_table_alloc(void)
{
  return calloc(1, sizeof(pm_carbon_table));
}

static void free_row(pm_carbon_row *r)
{
  free(r->key);
  free(r->source);
}

void pm_carbon_table_free(pm_carbon_table *t)
{
  size_t i;
  if (!t) return;
  for (i = 0; i < t->n; i++) free_row(&t->rows[i]);
  free(t->rows);
  free(t);
}

size_t pm_carbon_table_size(const pm_carbon_table *t) { return t->n; }

const pm_carbon_row *pm_carbon_table_row(const pm_carbon_table *t, size_t i)
{
  return i < t->n ? &t->rows[i] : NULL;
}

const char *pm_carbon_form_name(pm_carbon_form form)
{
  return (size_t)form < N_FORMS ? form_names[form] : "unknown";
}

int pm_carbon_form_parse(const char *name, pm_carbon_form *form)
{
  size_t i;
  for (i = 0; i < N_FORMS; i++)
    if (strcmp(name, form_names[i]) == 0) {
      *form = (pm_carbon_form)i;
      return PM_SUCCESS;
    }
  return pm_error(PM_EINPUT, "unknown carbon conversion form '%s'; use 'power' "
                  "(mg C = a V^b, V in mm3)", name);
}

static int check_row(const char *key, pm_carbon_form form, double a, double b,
                     const char *source)
{
  if (!key || !*key)
    return pm_error(PM_EINPUT, "carbon conversion row with an empty key; give "
                    "a class name, a taxonomic path or '*'");
  if ((size_t)form >= N_FORMS)
    return pm_error(PM_EINPUT, "carbon conversion '%s': unknown form %d", key,
                    (int)form);
  if (!isfinite(a) || a <= 0)
    return pm_error(PM_EINPUT, "carbon conversion '%s': a = %g; a must be a "
                    "positive number", key, a);
  if (!isfinite(b))
    return pm_error(PM_EINPUT, "carbon conversion '%s': b = %g; b must be a "
                    "finite number", key, b);
  if (!source || !*source)
    return pm_error(PM_EINPUT, "carbon conversion '%s': no source; name the "
                    "publication the values come from", key);
  return PM_SUCCESS;
}

static pm_carbon_row *find_key(pm_carbon_table *t, const char *key)
{
  size_t i;
  for (i = 0; i < t->n; i++)
    if (strcmp(t->rows[i].key, key) == 0) return &t->rows[i];
  return NULL;
}

static pm_carbon_row *new_row(pm_carbon_table *t)
{
  if (t->n == t->cap) {
    size_t cap = t->cap ? 2 * t->cap : 16;
    pm_carbon_row *rows = realloc(t->rows, cap * sizeof *rows);
    if (!rows) return NULL;
    t->rows = rows;
    t->cap = cap;
  }
  return &t->rows[t->n++];
}

int pm_carbon_table_add(pm_carbon_table *t, const char *key,
                        pm_carbon_form form, double a, double b,
                        const char *source)
{
  pm_carbon_row r = {NULL, form, a, b, NULL}, *slot;
  int status = check_row(key, form, a, b, source);

  if (status) return status;
  r.key = strdup(key);
  r.source = strdup(source);
  if (!r.key || !r.source) goto nomem;
  if ((slot = find_key(t, key)))
    free_row(slot);
  else if (!(slot = new_row(t)))
    goto nomem;
  *slot = r;
  return PM_SUCCESS;
nomem:
  free_row(&r);
  return pm_error_nomem();
}

int pm_carbon_table_lookup(const pm_carbon_table *t, const char *name,
                           const char *path, const pm_carbon_row **row)
{
  const pm_carbon_row *best = NULL, *fallback = NULL;
  size_t i, best_n = 0, n;

  for (i = 0; i < t->n; i++) {
    const pm_carbon_row *r = &t->rows[i];
    if (name && strcmp(r->key, name) == 0) {
      *row = r;
      return PM_SUCCESS;
    }
    if (strcmp(r->key, "*") == 0)
      fallback = r;
    else if (path && (n = pm_filter_path_prefix(r->key, path)) > best_n) {
      best = r;
      best_n = n;
    }
  }
  if ((*row = best ? best : fallback)) return PM_SUCCESS;
  return pm_error(PM_EINPUT,
                  "no carbon conversion for class '%s' (path '%s'): add a row "
                  "for it, for a prefix of its path, or a '*' row",
                  name ? name : "", path ? path : "");
}

int pm_carbon_of(const pm_carbon_row *row, double v_mm3, double *mgC)
{
  if (!isfinite(v_mm3) || v_mm3 < 0)
    return pm_error(PM_EINPUT, "biovolume %g mm3 for carbon conversion '%s'; a "
                    "biovolume must be a finite number >= 0", v_mm3, row->key);
  *mgC = row->a * pow(v_mm3, row->b);
  return PM_SUCCESS;
}
