/* fuzz_confusion.c: a classifier's confusion matrix, read and then used to
 * correct one sample holding one object of each of its predicted classes.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "pm_confusion.h"
#include "pm_error.h"
#include "pm_fuzz.h"

#include <math.h>

/* One sample with one object of every predicted class of cm. */
static void correct_one(const pm_confusion *cm)
{
  pm_obs *obs = pm_obs_alloc();
  pm_obs_profile p = {"src", "cast", "", 0, 0, 0, NULL, NULL, 0};
  pm_confusion_summary sum = {0};
  size_t ip, s, c, j;

  sum.ndraws = 4;
  if (obs && !pm_obs_add_profile(obs, &p, &ip) &&
      !pm_obs_add_sample(obs, ip, 0, 1, 1, "fuzz", &s)) {
    for (j = 0; j < cm->n_pred; j++)
      if (!pm_obs_class_index(obs, cm->pred_names[j], NULL, NAN, NAN, &c))
        obs->count[c][s] = 1;
    pm_confusion_correct(cm, NULL, obs, 0, 1, 1, &sum);
  }
  pm_confusion_summary_free(&sum);
  pm_obs_free(obs);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  pm_confusion *cm = NULL;
  if (pm_confusion_read(&cm, pm_fuzz_file("confusion.tsv", data, size)) == 0) {
    correct_one(cm);
    pm_confusion_free(cm);
  }
  pm_error_clear();
  return 0;
}
