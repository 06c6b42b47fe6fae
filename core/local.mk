# core/: status codes and messages, text reading, checksums, progress.
libplankmap_la_SOURCES += core/error.c core/text.c
pkginclude_HEADERS += core/pm_error.h core/pm_text.h
# checksums and outputs renamed into place
libplankmap_la_SOURCES += core/sha256.c core/output.c
pkginclude_HEADERS += core/pm_sha256.h core/pm_output.h
