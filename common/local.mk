# common/: status codes and messages, text reading, checksums, progress.
libplankmap_la_SOURCES += common/error.c common/text.c
pkginclude_HEADERS += common/pm_error.h common/pm_text.h
# checksums and outputs renamed into place
libplankmap_la_SOURCES += common/sha256.c common/output.c common/alloc.c
pkginclude_HEADERS += common/pm_sha256.h common/pm_output.h common/pm_alloc.h
# installed data files: $PLANKMAP_DATADIR's folders, then pkgdatadir
libplankmap_la_SOURCES += common/datadir.c
pkginclude_HEADERS += common/pm_datadir.h
AM_CPPFLAGS += -DPM_PKGDATADIR='"$(pkgdatadir)"'
