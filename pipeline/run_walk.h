/* run_walk.h: the files of a run's output folder, one by one (internal to
 * pipeline/).
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#ifndef PM_RUN_WALK_H
#define PM_RUN_WALK_H

/* Called with the path of each regular file under a folder and its path
 * relative to that folder ("figures/map.png"); a nonzero status stops the
 * walk and is returned. */
typedef int (*pm_pipeline_file_fn)(const char *path, const char *rel,
                                   void *arg);

/* Every regular file under `dir`, the snapshot folder (.plankmap-previous)
 * left out, to a depth of 4 folders. */
int pm_pipeline_walk(const char *dir, pm_pipeline_file_fn fn, void *arg);
/* Every regular file under `dir`, to the same depth. */
int pm_pipeline_walk_all(const char *dir, pm_pipeline_file_fn fn, void *arg);

#endif
