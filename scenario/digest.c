/* digest.c: what a stage of a run depends on, as one SHA-256 digest.
 *
 * The settings of the named sections of the scenario file, written out in
 * one canonical form (so that comments, spacing and the order of sections
 * do not count), and each input file's identity: its canonical path
 * (realpath(3), so that "configs/a.cfg" and "./configs/a.cfg" name the same
 * file), device, inode, size and modification time, as make(1) judges
 * staleness.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "pm_error.h"
#include "pm_scenario.h"
#include "pm_sha256.h"

#include <libconfig.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static void feed(pm_sha256 *h, const char *s)
{
  pm_sha256_update(h, s, strlen(s) + 1); /* the NUL separates items */
}

/* A setting and everything under it. */
static void feed_setting(pm_sha256 *h, const config_setting_t *s)
{
  char buf[64];
  int i, n;

  feed(h, config_setting_name(s) ? config_setting_name(s) : "");
  snprintf(buf, sizeof buf, "%d", config_setting_type(s));
  feed(h, buf);
  switch (config_setting_type(s)) {
  case CONFIG_TYPE_INT:
  case CONFIG_TYPE_INT64:
    snprintf(buf, sizeof buf, "%lld", config_setting_get_int64(s));
    feed(h, buf);
    break;
  case CONFIG_TYPE_FLOAT:
    snprintf(buf, sizeof buf, "%.17g", config_setting_get_float(s));
    feed(h, buf);
    break;
  case CONFIG_TYPE_BOOL:
    feed(h, config_setting_get_bool(s) ? "true" : "false");
    break;
  case CONFIG_TYPE_STRING:
    feed(h, config_setting_get_string(s));
    break;
  default: /* group, array, list */
    n = config_setting_length(s);
    for (i = 0; i < n; i++) feed_setting(h, config_setting_get_elem(s, i));
  }
}

/* A file's identity; a missing one is fed as its path and "missing". */
static void feed_file(pm_sha256 *h, const char *path)
{
  char *canonical = realpath(path, NULL);
  struct stat st;
  char buf[160];

  feed(h, canonical ? canonical : path);
  free(canonical);
  if (stat(path, &st) == 0)
    snprintf(buf, sizeof buf, "%llu %llu %lld %lld.%09ld",
             (unsigned long long)st.st_dev, (unsigned long long)st.st_ino,
             (long long)st.st_size, (long long)st.st_mtim.tv_sec,
             st.st_mtim.tv_nsec);
  else
    snprintf(buf, sizeof buf, "missing");
  feed(h, buf);
}

int pm_scenario_digest(const pm_scenario *sc, const char *const *sections,
                       size_t nsections, const char *const *files,
                       size_t nfiles, char hex[PM_SHA256_HEX])
{
  config_t cfg;
  pm_sha256 h;
  unsigned char d[PM_SHA256_SIZE];
  size_t i;
  int status;

  config_init(&cfg);
  if (!config_read_string(&cfg, sc->text)) {
    status = pm_error(PM_EINPUT, "%s:%d: %s", sc->path,
                      config_error_line(&cfg), config_error_text(&cfg));
    config_destroy(&cfg);
    return status;
  }
  if ((status = pm_sha256_init(&h))) {
    config_destroy(&cfg);
    return status;
  }
  for (i = 0; i < nsections; i++) {
    const config_setting_t *s = config_lookup(&cfg, sections[i]);
    feed(&h, sections[i]);
    if (s) feed_setting(&h, s);
  }
  config_destroy(&cfg);
  for (i = 0; i < nfiles; i++) feed_file(&h, files[i]);
  if ((status = pm_sha256_final(&h, d))) return status;
  pm_sha256_hex(d, hex);
  return PM_SUCCESS;
}
