/* field_axes.c: what a coordinate variable of a covariate field is
 * (longitude, latitude, depth, time), from its CF attributes (CF 1.11
 * sections 4.1-4.4), and the calendar month of each time step.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "field_internal.h"
#include "pm_nc.h"
#include "pm_error.h"

#include <ctype.h>
#include <math.h>
#include <netcdf.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

int pm_field_text_att(int ncid, int var, const char *name, char *buf,
                      size_t size)
{
  nc_type type;
  size_t len;
  char tmp[NC_MAX_NAME + 256];

  buf[0] = '\0';
  if (nc_inq_att(ncid, var, name, &type, &len) != NC_NOERR || type != NC_CHAR ||
      len >= sizeof tmp || nc_get_att_text(ncid, var, name, tmp) != NC_NOERR)
    return 0;
  tmp[len] = '\0';
  while (len > 0 && isspace((unsigned char)tmp[len - 1])) tmp[--len] = '\0';
  snprintf(buf, size, "%s", tmp);
  return 1;
}

/* Whether `s` is one of the NULL-terminated `names`, ignoring case. */
static int is_one_of(const char *s, const char *const *names)
{
  for (; *names; names++)
    if (!strcasecmp(s, *names)) return 1;
  return 0;
}

static const char *const lon_units[] = {"degrees_east", "degree_east",
                                        "degrees_E",    "degree_E",
                                        "degreesE",     "degreeE", NULL};
static const char *const lat_units[] = {"degrees_north", "degree_north",
                                        "degrees_N",     "degree_N",
                                        "degreesN",      "degreeN", NULL};
static const char *const depth_names[] = {"depth", "altitude", "height",
                                          "depth_below_geoid", NULL};

/* m per unit of a depth axis, or 0 when the units are not a length the
 * ocean data sets use. */
static double metres_per_unit(const char *units)
{
  static const char *const m[] = {"m", "meter", "meters", "metre", "metres",
                                  NULL};
  static const char *const cm[] = {"cm", "centimeter", "centimeters",
                                   "centimetre", "centimetres", NULL};
  static const char *const km[] = {"km", "kilometer", "kilometers",
                                   "kilometre", "kilometres", NULL};
  if (is_one_of(units, m)) return 1.0;
  if (is_one_of(units, cm)) return 0.01;
  if (is_one_of(units, km)) return 1000.0;
  return 0.0;
}

static pm_field_role role_from_attributes(const char *axis, const char *sname,
                                          const char *units, int has_positive)
{
  if (!strcasecmp(axis, "X") || !strcmp(sname, "longitude") ||
      is_one_of(units, lon_units))
    return PM_AXIS_LON;
  if (!strcasecmp(axis, "Y") || !strcmp(sname, "latitude") ||
      is_one_of(units, lat_units))
    return PM_AXIS_LAT;
  if (!strcasecmp(axis, "Z") || is_one_of(sname, depth_names) || has_positive)
    return PM_AXIS_DEPTH;
  if (!strcasecmp(axis, "T") || !strcmp(sname, "time") || strstr(units, " since "))
    return PM_AXIS_TIME;
  return PM_AXIS_OTHER;
}

int pm_field_axis_role(int ncid, int cv, const char *where,
                       pm_field_role *role, double *to_m)
{
  char axis[16], sname[128], units[128], positive[32];
  int has_positive;

  *role = PM_AXIS_OTHER;
  *to_m = 1.0;
  if (cv < 0) return PM_SUCCESS;
  pm_field_text_att(ncid, cv, "axis", axis, sizeof axis);
  pm_field_text_att(ncid, cv, "standard_name", sname, sizeof sname);
  pm_field_text_att(ncid, cv, "units", units, sizeof units);
  has_positive = pm_field_text_att(ncid, cv, "positive", positive,
                                   sizeof positive);
  *role = role_from_attributes(axis, sname, units, has_positive);
  if (*role != PM_AXIS_DEPTH) return PM_SUCCESS;
  if (!(*to_m = metres_per_unit(units)))
    return pm_error(PM_EINPUT,
                    "%s: depth axis units '%s' not understood; expected m "
                    "(meters, metres), cm or km",
                    where, units);
  /* CF 4.3: without `positive`, altitude and height point up. */
  if (has_positive ? !strcasecmp(positive, "up")
                   : strcmp(sname, "altitude") == 0 ||
                         strcmp(sname, "height") == 0)
    *to_m = -*to_m;
  return PM_SUCCESS;
}

/* A calendar (CF 1.11 section 4.4.1): month lengths and a whole cycle of
 * years to skip over long offsets quickly. */
typedef struct {
  int kind; /* 0 Gregorian, 1 Julian, 2 no leap, 3 all leap, 4 360 day */
  double cycle_days;
  int cycle_years;
} calendar;

static int parse_calendar(const char *name, calendar *c)
{
  static const char *const greg[] = {"", "standard", "gregorian",
                                     "proleptic_gregorian", NULL};
  static const char *const noleap[] = {"noleap", "365_day", NULL};
  static const char *const allleap[] = {"all_leap", "366_day", NULL};
  if (is_one_of(name, greg)) *c = (calendar){0, 146097, 400};
  else if (!strcasecmp(name, "julian")) *c = (calendar){1, 1461, 4};
  else if (is_one_of(name, noleap)) *c = (calendar){2, 365, 1};
  else if (is_one_of(name, allleap)) *c = (calendar){3, 366, 1};
  else if (!strcasecmp(name, "360_day")) *c = (calendar){4, 360, 1};
  else return 0;
  return 1;
}

static int month_days(const calendar *c, long y, int m)
{
  static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  int leap;
  if (c->kind == 4) return 30;
  if (m != 2) return days[m - 1];
  leap = c->kind == 3 ||
         (c->kind < 2 && y % 4 == 0 &&
          (c->kind == 1 || y % 100 != 0 || y % 400 == 0));
  return 28 + leap;
}

/* The month reached `days` days after day `d` of month `m` of year `y`. */
static int month_after(const calendar *c, long y, int m, int d, double days)
{
  double total = floor((d - 1) + days);
  double cycles = floor(total / c->cycle_days);

  total -= cycles * c->cycle_days; /* now 0 <= total < one cycle */
  while (total >= month_days(c, y, m)) {
    total -= month_days(c, y, m);
    if (++m > 12) m = 1, y++;
  }
  return m;
}

/* Days per unit of "UNIT since", 0 when unknown; months are handled apart. */
static double days_per_unit(const char *unit)
{
  static const char *const day[] = {"days", "day", "d", NULL};
  static const char *const hour[] = {"hours", "hour", "hr", "h", NULL};
  static const char *const minute[] = {"minutes", "minute", "min", NULL};
  static const char *const second[] = {"seconds", "second", "sec", "s", NULL};
  if (is_one_of(unit, day)) return 1.0;
  if (is_one_of(unit, hour)) return 1.0 / 24.0;
  if (is_one_of(unit, minute)) return 1.0 / 1440.0;
  if (is_one_of(unit, second)) return 1.0 / 86400.0;
  return 0.0;
}

int pm_field_time_months(int ncid, int cv, const char *where, const double *t,
                         size_t n, int *month)
{
  char units[128], cal[64], unit[32];
  long y;
  int m, d, is_months;
  double per_day = 0.0;
  calendar c;
  size_t i;

  pm_field_text_att(ncid, cv, "units", units, sizeof units);
  pm_field_text_att(ncid, cv, "calendar", cal, sizeof cal);
  if (sscanf(units, "%31s since %ld-%d-%d", unit, &y, &m, &d) != 4 ||
      m < 1 || m > 12 || d < 1 || d > 31 ||
      (!(is_months = !strcasecmp(unit, "months") || !strcasecmp(unit, "month")) &&
       !(per_day = days_per_unit(unit))))
    return pm_error(PM_EINPUT,
                    "%s: time axis units '%s' not understood; expected "
                    "'days since YYYY-MM-DD' (or months, hours, minutes, "
                    "seconds)",
                    where, units);
  if (!parse_calendar(cal, &c))
    return pm_error(PM_EINPUT,
                    "%s: calendar '%s' not understood; expected standard, "
                    "gregorian, proleptic_gregorian, julian, noleap, 365_day, "
                    "all_leap, 366_day or 360_day",
                    where, cal);
  for (i = 0; i < n; i++) {
    if (!isfinite(t[i]))
      return pm_error(PM_EINPUT, "%s: time value %zu is not a number", where,
                      i + 1);
    if (is_months) /* whole months after the reference month */
      month[i] = 1 + (int)(((long long)(m - 1) +
                            ((long long)floor(t[i]) % 12 + 12)) % 12);
    else
      month[i] = month_after(&c, y, m, d, t[i] * per_day);
  }
  return PM_SUCCESS;
}
