/* pm_obs.h: the canonical observation table.
 *
 * A sample is one depth bin of one profile (or one net or bottle sample):
 * where and when it was taken, the depth range and the volume of water in
 * which its objects were counted, and a count per class (taxon or size class).
 * Every reader fills this one table; binning and modelling read it.
 *
 * Storage is column-wise: per-sample arrays, and one count column per class,
 * so that adding a sample or a class is cheap while a file streams in.
 *
 * Units: time in seconds since 1970-01-01T00:00:00Z; latitude and longitude
 * in degrees north and east; depths in m, positive down; volume in m3; class
 * sizes in mm of equivalent spherical diameter; biovolumes in mm3 and carbon
 * in mg C (sums over the objects of a class in a sample).
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#ifndef PM_OBS_H
#define PM_OBS_H

#include <stddef.h>
#include <stdint.h>

typedef struct {
  char *name;         /* "Copepoda", or "LPM (1.02-1.29 mm)" for a size class */
  char *path;         /* taxonomic path "living>...>Copepoda", or NULL */
  double size_min_mm; /* size class bounds; NAN when not a size class */
  double size_max_mm; /* INFINITY for an open class ("> 26 mm") */
} pm_obs_class;

typedef struct {
  char *source;   /* name of the observation source in the config */
  char *name;     /* profile (or sample) name as in the source */
  char *project;  /* project or cruise the name belongs to, or "" */
  double time;    /* date-time of the cast, s since 1970-01-01 UTC */
  double lat, lon;
  char *origin;   /* where it was read first ("file:line"), or NULL */
  char *instrument; /* the instrument model (UVP5: SD, ZD, HD), or NULL */
  double pixel_mm;  /* the side of a pixel of its images (mm), 0: unknown */
} pm_obs_profile;

typedef struct {
  size_t n_samples, cap_samples;
  /* per sample */
  size_t *profile;        /* index into profiles */
  double *time;           /* s since 1970-01-01 UTC */
  double *lat, *lon;      /* degrees */
  double *depth_top;      /* m, positive down */
  double *depth_bottom;   /* m, positive down, > depth_top */
  double *volume_m3;      /* sampled volume, > 0 */
  /* classes: count[c][s] is the count of class c in sample s */
  size_t n_classes, cap_classes;
  pm_obs_class *classes;
  double **count;
  /* Per-object sizes, only where a reader measured its objects (EcoPart raw
   * ZOO files, EcoTaxa exports): sized[s] is 1 for a sample whose objects
   * were measured (NULL until one is); biovolume_mm3[c][s] is the summed
   * biovolume (mm3) of the objects of class c in sample s, carbon_mg[c][s]
   * their summed carbon (mg C), NAN when the class has no carbon
   * conversion.  biovolume_mm3 and carbon_mg are NULL until an object is
   * added, and a class's column NULL while it has no measured object. */
  unsigned char *sized;
  double **biovolume_mm3;
  double **carbon_mg;
  /* Of EcoTaxa sources with a classifier: predicted[c][s] is the part of
   * count[c][s] (as read) of objects whose class was only predicted; NULL
   * until such an object is added, a class's column NULL while it has
   * none. */
  double **predicted;
  /* profiles */
  size_t n_profiles, cap_profiles;
  pm_obs_profile *profiles;
} pm_obs;

/* Why rows were left out; counted per reason and reported by the run. */
typedef enum {
  PM_DROP_CLASS,     /* class not kept by the class filter */
  PM_DROP_SIZE,      /* size class outside the size window */
  PM_DROP_STATUS,    /* annotation status not accepted */
  PM_DROP_DEPTH,     /* outside the depth range */
  PM_DROP_DATE,      /* outside the date range */
  PM_DROP_REGION,    /* outside the grid */
  PM_DROP_NO_VOLUME, /* no sampled volume for the sample */
  PM_DROP_PROFILE,   /* a profile of a project or instrument not kept */
  PM_DROP_N
} pm_obs_drop;

pm_obs *pm_obs_alloc(void);
void pm_obs_free(pm_obs *obs);

/* Add a profile; a second profile with the same source, project, name and
 * time is an error (duplicate profile key) naming the origins of both. */
int pm_obs_add_profile(pm_obs *obs, const pm_obs_profile *p, size_t *index);

/* Find a class by name, adding it (with zero counts) when absent. */
int pm_obs_class_index(pm_obs *obs, const char *name, const char *path,
                       double size_min_mm, double size_max_mm, size_t *index);
/* The index of a class, or SIZE_MAX. */
size_t pm_obs_find_class(const pm_obs *obs, const char *name);

/* Add a sample of profile `profile` with zero counts; checks the values
 * (latitude, longitude, depths, volume) and reports the first impossible one
 * with `where` ("file:line") in the message. */
int pm_obs_add_sample(pm_obs *obs, size_t profile, double depth_top,
                      double depth_bottom, double volume_m3, const char *where,
                      size_t *index);

/* Mark sample s as one whose objects were measured: its biomass is known,
 * zero where none of its objects was kept. */
int pm_obs_mark_sized(pm_obs *obs, size_t s);

/* Add the biovolume (mm3) and carbon (mg C, NAN when the class has no
 * conversion) of objects of class c in sample s to the sums, and mark the
 * sample as measured.  The count is not changed. */
int pm_obs_add_biomass(pm_obs *obs, size_t c, size_t s, double biovolume_mm3,
                       double carbon_mg);

/* Add n objects of class c in sample s whose class was only predicted to
 * predicted[c][s] (their count is added to count[c][s] as usual). */
int pm_obs_add_predicted(pm_obs *obs, size_t c, size_t s, double n);

/* Total count of one class. */
double pm_obs_class_total(const pm_obs *obs, size_t c);

/* Earliest and latest sample time; NAN for both when there is no sample. */
void pm_obs_time_range(const pm_obs *obs, double *tmin, double *tmax);

#endif
