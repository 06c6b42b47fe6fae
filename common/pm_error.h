/* pm_error.h: status codes and the error message of the last failed call.
 *
 * Every library function returns an int status (PM_SUCCESS = 0) and, when it
 * fails, records a message with its context (file, line, column, setting) that
 * the caller reads with pm_error_message().  Library code never prints.  The
 * status values are also the program's exit codes.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#ifndef PM_ERROR_H
#define PM_ERROR_H

#include <stdarg.h>

enum pm_status {
  PM_SUCCESS = 0,
  PM_EINPUT = 1,   /* bad input data or configuration */
  PM_EUSAGE = 2,   /* bad command-line usage */
  PM_ENUMERIC = 3, /* numerical failure */
  PM_EIO = 4       /* input/output or system failure (includes out of memory) */
};

/* The longest message kept, with its terminating zero. */
#define PM_ERROR_MAX 2048

/* Record a message (printf format) and return `status`, so that an error path
 * reads `return pm_error(PM_EINPUT, "%s:%zu: ...", path, line);`. */
int pm_error(int status, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
int pm_verror(int status, const char *fmt, va_list ap);

/* Put "context: " before the recorded message and return `status`. */
int pm_error_prefix(int status, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Record "out of memory" and return PM_EIO. */
int pm_error_nomem(void);

/* The message of the last error in this thread ("" when none). */
const char *pm_error_message(void);
void pm_error_clear(void);

/* A short name of a status code ("bad input", "I/O error", ...). */
const char *pm_status_name(int status);

#endif
