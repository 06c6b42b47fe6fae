# fields/: covariate fields from CF NetCDF (read, sample) and derived
# fields (the mixed-layer depth).
libplankmap_la_SOURCES += fields/field.c fields/field_axes.c \
  fields/field_sample.c fields/field_internal.h fields/mld.c \
  fields/builtin.c
pkginclude_HEADERS += fields/pm_field.h fields/pm_mld.h fields/pm_builtin.h
