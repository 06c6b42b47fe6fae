/* datetime.c: parsing of the date-times found in observation files, as UTC,
 * and their text in messages.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "pm_read.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

/* Days from 1970-01-01 to year-month-day in the proleptic Gregorian
 * calendar (the "days from civil" algorithm of H. Hinnant, chrono-Compatible
 * Low-Level Date Algorithms, 2013). */
static long days_from_civil(long y, int m, int d)
{
  long era, yoe, doy, doe;
  y -= m <= 2;
  era = (y >= 0 ? y : y - 399) / 400;
  yoe = y - era * 400;
  doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

static int days_in_month(int y, int m)
{
  static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return m == 2 ? 28 + leap : days[m - 1];
}

static int valid(int y, int mo, int d, int h, int mi, double s)
{
  return y >= 1800 && y <= 2200 && mo >= 1 && mo <= 12 && d >= 1 &&
         d <= days_in_month(y, mo) && h >= 0 && h <= 23 && mi >= 0 &&
         mi <= 59 && s >= 0 && s < 61;
}

static double to_seconds(int y, int mo, int d, int h, int mi, double s)
{
  return (double)days_from_civil(y, mo, d) * 86400.0 + h * 3600.0 + mi * 60.0 +
         s;
}

/* Parse "hh:mm[:ss[.fff]]" into *h, *mi, *s; returns the characters used or
 * 0. */
static int parse_clock(const char *p, int *h, int *mi, double *s)
{
  int n = 0;
  *s = 0;
  if (sscanf(p, "%2d:%2d%n", h, mi, &n) != 2) return 0;
  if (p[n] == ':') {
    int k = 0;
    if (sscanf(p + n + 1, "%lf%n", s, &k) != 1) return 0;
    n += 1 + k;
  }
  return n;
}

int pm_parse_datetime(const char *str, double *t)
{
  int y, mo, d, h = 0, mi = 0, n = 0, k;
  double s = 0;
  const char *p;

  while (*str == ' ' || *str == '"') str++;
  if (sscanf(str, "%4d-%2d-%2d%n", &y, &mo, &d, &n) != 3) return -1;
  p = str + n;
  if (*p == 'T' || *p == ' ') {
    k = parse_clock(p + 1, &h, &mi, &s);
    if (k == 0) return -1;
    p += 1 + k;
  }
  if (*p == 'Z') p++;
  while (*p == ' ' || *p == '"') p++;
  if (*p != '\0' || !valid(y, mo, d, h, mi, s)) return -1;
  *t = to_seconds(y, mo, d, h, mi, s);
  return 0;
}

int pm_parse_date_time(const char *date, const char *time, double *t)
{
  int y, mo, d, h = 0, mi = 0, n = 0;
  double s = 0;

  if (strlen(date) == 8 && sscanf(date, "%4d%2d%2d%n", &y, &mo, &d, &n) == 3 &&
      n == 8) {
    /* EcoTaxa's compact form */
  } else if (sscanf(date, "%4d-%2d-%2d%n", &y, &mo, &d, &n) != 3 ||
             date[n] != '\0') {
    return -1;
  }
  if (time && *time) {
    if (strlen(time) == 6 && strchr(time, ':') == NULL) {
      int hh, mm, ss;
      if (sscanf(time, "%2d%2d%2d", &hh, &mm, &ss) != 3) return -1;
      h = hh, mi = mm, s = ss;
    } else if (parse_clock(time, &h, &mi, &s) != (int)strlen(time)) {
      return -1;
    }
  }
  if (!valid(y, mo, d, h, mi, s)) return -1;
  *t = to_seconds(y, mo, d, h, mi, s);
  return 0;
}

void pm_format_datetime(double t, char *buf, size_t size)
{
  time_t secs = (time_t)floor(t);
  struct tm tm;
  if (!gmtime_r(&secs, &tm) || !strftime(buf, size, "%Y-%m-%d %H:%M:%S", &tm))
    snprintf(buf, size, "%.0f s", t);
}
