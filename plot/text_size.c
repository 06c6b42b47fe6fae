/* text_size.c: how much room text takes on a figure, for layouts that must
 * not overlap at any size and resolution: a font's size in mm and the
 * advance of a text in em.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "plot_internal.h"

#define MM_PER_PT (25.4 / 72)

double pm_plot_em_mm(const pm_figure *fig, double scale)
{
  return fig->spec.font_pt * scale * MM_PER_PT;
}

/* The widths of DejaVu Sans, the sans serif that fontconfig gives the cairo
 * drivers (digits 1303/2048 em, "." 651, "-" 739, "+" 1716; letters at most
 * about 0.64 em but "m" and "w"), rounded up; a UTF-8 character counts
 * once. */
double pm_plot_text_em(const char *text)
{
  double w = 0;

  for (; *text; text++) {
    unsigned char c = (unsigned char)*text;
    if ((c & 0xc0) == 0x80) continue;
    w += c == '.' ? 0.32 : c == '-' ? 0.37 : c == '+' ? 0.84
       : c == 'm' || c == 'w' || c == 'M' || c == 'W' ? 0.98 : 0.64;
  }
  return w;
}
