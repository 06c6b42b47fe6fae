# fields/: covariate fields from CF NetCDF (read, sample), slices of a
# NetCDF variable, derived fields (the mixed-layer depth) and the built-in
# covariates.
libplankmap_la_SOURCES += fields/field.c fields/field_axes.c \
  fields/field_sample.c fields/field_var.c fields/field_internal.h \
  fields/slice.c fields/mld.c fields/builtin.c
pkginclude_HEADERS += fields/pm_field.h fields/pm_mld.h fields/pm_slice.h \
  fields/pm_builtin.h
