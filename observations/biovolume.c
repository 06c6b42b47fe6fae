/* biovolume.c: biovolume and equivalent spherical diameter of one object.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "pm_error.h"
#include "pm_carbon.h"

#include <math.h>

static int check_size(const char *what, double x)
{
  if (!isfinite(x) || x < 0)
    return pm_error(PM_EINPUT,
                    "%s is %g; a size must be a finite number >= 0", what, x);
  return PM_SUCCESS;
}

/* Sphere of diameter d: V = pi/6 d^3. */
int pm_biovolume_sphere(double esd_mm, double *v_mm3)
{
  int status = check_size("equivalent spherical diameter (mm)", esd_mm);
  if (status) return status;
  *v_mm3 = M_PI / 6.0 * esd_mm * esd_mm * esd_mm;
  return PM_SUCCESS;
}

/* Prolate spheroid whose long axis is the major axis of the ellipse fitted to
 * the image and whose two short axes are its minor axis:
 * V = 4/3 pi (major/2) (minor/2)^2 = pi/6 major minor^2, the "ellipsoidal
 * biovolume" of ZooScan/ZooProcess and UVP5 objects (Gorsky et al. 2010,
 * J. Plankton Res. 32:285-303). */
int pm_biovolume_ellipsoid(double major_mm, double minor_mm, double *v_mm3)
{
  int status;
  if ((status = check_size("major axis (mm)", major_mm)) ||
      (status = check_size("minor axis (mm)", minor_mm)))
    return status;
  if (minor_mm > major_mm)
    return pm_error(PM_EINPUT,
                    "minor axis %g mm is longer than major axis %g mm; "
                    "swap them",
                    minor_mm, major_mm);
  *v_mm3 = M_PI / 6.0 * major_mm * minor_mm * minor_mm;
  return PM_SUCCESS;
}

/* The disc of the same area: area = pi d^2 / 4, so d = 2 sqrt(area / pi). */
int pm_biovolume_esd(double area_mm2, double *esd_mm)
{
  int status = check_size("area (mm2)", area_mm2);
  if (status) return status;
  *esd_mm = 2.0 * sqrt(area_mm2 / M_PI);
  return PM_SUCCESS;
}
