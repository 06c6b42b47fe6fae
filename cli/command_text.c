/* command_text.c: the command line as the history attribute of an output
 * records it.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "pm_cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char *pm_cli_command_text(int argc, char **argv)
{
  size_t size = 1, n = 0;
  char *text;
  int i;

  for (i = 0; i < argc; i++) size += strlen(argv[i]) + 3;
  if (!(text = malloc(size))) return NULL;
  text[0] = '\0';
  for (i = 0; i < argc; i++) /* quoted when the shell would need it */
    n += (size_t)snprintf(text + n, size - n,
                          strpbrk(argv[i], " \t'\"") ? "%s'%s'" : "%s%s",
                          i ? " " : "", argv[i]);
  return text;
}
