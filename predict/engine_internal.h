/* engine_internal.h: what every engine's file sees of a pm_engine.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#ifndef PM_ENGINE_INTERNAL_H
#define PM_ENGINE_INTERNAL_H

#include "pm_engine.h"

struct pm_engine {
  const pm_engine_type *type;
  pm_family family;      /* set by the engine's setup and read: the family
                            with its link and parameters */
  const char *formula;   /* likewise: the formula text */
  pm_engine_summary summary; /* set by read */
  pm_model_ranges ranges; /* likewise: the covariates' fitted ranges */
  size_t nmembers;       /* set by the engine's members */
  unsigned long seed;    /* likewise: the seed they were made with */
  void *state;           /* the engine's own */
  pm_frame *table;       /* a table given to it (pm_engine_fit_release) */
};

#endif
