/* error.c: the per-thread message of the last failed library call.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "pm_error.h"

#include <stdio.h>
#include <string.h>

static _Thread_local char message[PM_ERROR_MAX];

int pm_verror(int status, const char *fmt, va_list ap)
{
  vsnprintf(message, sizeof message, fmt, ap);
  return status;
}

int pm_error(int status, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  pm_verror(status, fmt, ap);
  va_end(ap);
  return status;
}

int pm_error_prefix(int status, const char *fmt, ...)
{
  char old[PM_ERROR_MAX];
  size_t n;
  va_list ap;

  memcpy(old, message, sizeof old);
  va_start(ap, fmt);
  vsnprintf(message, sizeof message, fmt, ap);
  va_end(ap);
  n = strlen(message);
  snprintf(message + n, sizeof message - n, ": %s", old);
  return status;
}

int pm_error_nomem(void)
{
  return pm_error(PM_EIO, "out of memory");
}

const char *pm_error_message(void) { return message; }

void pm_error_clear(void) { message[0] = '\0'; }

const char *pm_status_name(int status)
{
  switch (status) {
  case PM_SUCCESS: return "success";
  case PM_EINPUT: return "bad input";
  case PM_EUSAGE: return "usage error";
  case PM_ENUMERIC: return "numerical failure";
  case PM_EIO: return "I/O error";
  default: return "unknown status";
  }
}
