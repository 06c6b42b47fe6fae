/* model_file_internal.h: the layout of a model file, shared by its writer
 * and its reader (not installed).
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#ifndef PM_MODEL_FILE_INTERNAL_H
#define PM_MODEL_FILE_INTERNAL_H

#include <stddef.h>

/* The global attribute that marks a plankmap model file, and the version of
 * the layout it holds. */
#define PM_MODEL_FORMAT_ATT "plankmap_model_format"
#define PM_MODEL_FORMAT 1

/* Per-block variables: "block3_levels" (factor levels) and "block3_NAME"
 * (smooth array NAME); a smooth array carries its block and array name in
 * these attributes. */
#define PM_MODEL_LEVELS_FMT "block%zu_levels"
#define PM_MODEL_BY_LEVELS_FMT "block%zu_by_levels"
#define PM_MODEL_ARRAY_FMT "block%zu_%s"
#define PM_MODEL_ARRAY_BLOCK_ATT "plankmap_block"
#define PM_MODEL_ARRAY_NAME_ATT "plankmap_array"

/* A scalar of pm_gam_fit written as a global attribute of the same name. */
typedef enum { PM_MF_DOUBLE, PM_MF_INT, PM_MF_SIZE } pm_mf_type;

typedef struct {
  const char *name;
  pm_mf_type type;
  size_t offset; /* offsetof(pm_gam_fit, field) */
} pm_mf_scalar;

extern const pm_mf_scalar pm_mf_scalars[];
extern const size_t pm_mf_nscalars;

#endif
