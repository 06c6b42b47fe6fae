/* plot_figure.h: the figure options every `plankmap plot` kind takes
 * (size, resolution, font, output) and the usage lines that say them.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#ifndef PM_CLI_PLOT_FIGURE_H
#define PM_CLI_PLOT_FIGURE_H

#include "pm_cli.h"
#include "pm_plot.h"

typedef struct {
  const char *width, *height, *dpi, *font, *out;
} pm_cli_figure_args;

#define PM_CLI_FIGURE_OPTIONS(a)                                           \
  {"--width", &(a).width}, {"--height", &(a).height}, {"--dpi", &(a).dpi}, \
      {"--font", &(a).font}, {"-o", &(a).out}, {"--output", &(a).out}

#define PM_CLI_FIGURE_HELP                                                   \
  "  --width MM       figure width (default 180; 85 for a column)\n"         \
  "  --height MM      figure height (default: from the width)\n"             \
  "  --dpi N          PNG resolution (default 300)\n"                        \
  "  --font PT        base font size (default 7 up to 100 mm wide, else 8)\n" \
  "  -o OUT           the figure: .png, .pdf or .svg (required)\n"           \
  "  --quiet, --help\n"

/* The figure spec of the options (zero: the defaults); a missing -o or a
 * value that is not a positive number is PM_EUSAGE. */
int pm_cli_figure_spec(const pm_cli_figure_args *a, pm_figure_spec *fs);

#endif
