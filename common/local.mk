# common/: errors, text reading, SHA-256, the atomic output writer, data
# files, name suggestions, the names of a run folder's files, threads and
# the ranks of an MPI job.
libplankmap_la_SOURCES += common/error.c common/text.c common/sha256.c \
  common/output.c common/alloc.c common/datadir.c common/suggest.c \
  common/run_files.c common/threads.c common/ranks.c
pkginclude_HEADERS += common/pm_error.h common/pm_text.h common/pm_sha256.h \
  common/pm_output.h common/pm_alloc.h common/pm_datadir.h common/pm_suggest.h \
  common/pm_run_files.h common/pm_threads.h common/pm_ranks.h
AM_CPPFLAGS += -DPM_PKGDATADIR='"$(pkgdatadir)"'
AM_CPPFLAGS += -DPM_SRCDATADIRS='"$(abs_top_srcdir)/validation:$(abs_top_srcdir)/plot"'
