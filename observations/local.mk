# observations/: the observation table, its readers (EcoPart detailed and
# raw, EcoTaxa, tables, the UVP5 data set), filters, class maps, object
# sizes, biovolume and carbon.
libplankmap_la_SOURCES += observations/obs.c observations/filter.c \
  observations/read.c observations/distinct_files.c observations/report.c observations/datetime.c \
  observations/ecopart_meta.c observations/size_class.c \
  observations/read_ecopart_detailed.c observations/read_ecopart_raw.c \
  observations/object_size.c observations/class_map.c observations/id_set.c \
  observations/read_ecotaxa.c observations/read_table.c \
  observations/read_uvp5_dataset.c observations/uvp5_properties.c \
  observations/biovolume.c observations/carbon.c observations/carbon_read.c \
  observations/carbon_defaults.c observations/sites.c \
  observations/confusion.c observations/confusion_em.c \
  observations/confusion_correct.c observations/confusion_summary.c \
  observations/confusion_draws.c
pkginclude_HEADERS += observations/pm_obs.h observations/pm_read.h \
  observations/pm_filter.h observations/pm_ecopart.h \
  observations/pm_object_size.h observations/pm_class_map.h \
  observations/pm_carbon.h observations/pm_sites.h \
  observations/pm_confusion.h
