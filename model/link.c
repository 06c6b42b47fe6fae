/* link.c: the log, identity and logit links with their derivatives.
 *
 * As R's make.link (the inverse and dmu/deta floored at machine epsilon,
 * the logit mean kept inside [eps, 1 - eps]) and mgcv's fix.family.link for
 * g''(mu) and g'''(mu) (Wood 2011, JRSSB 73:3-36, appendix).
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "pm_family.h"

#include <float.h>
#include <math.h>

/* The floor of the mean and of dmu/deta, and the logit mean's distance
 * from 1: R's make.link uses .Machine$double.eps, so that mu never reaches
 * the boundary where the variance or the link derivative is zero. */
#define PM_LINK_EPS DBL_EPSILON
/* Beyond |eta| = 30 the logit mean is PM_LINK_EPS or 1 - PM_LINK_EPS, as
 * in R's C logit_linkinv (its THRESH): the logistic is within 1e-13 of 0
 * or 1 there. */
#define PM_LOGIT_ETA_MAX 30.0

const char *pm_link_name(pm_link_kind link)
{
  switch (link) {
  case PM_LINK_LOG: return "log";
  case PM_LINK_IDENTITY: return "identity";
  case PM_LINK_LOGIT: return "logit";
  }
  return "unknown";
}

double pm_link_eta(pm_link_kind link, double mu)
{
  switch (link) {
  case PM_LINK_LOG: return log(mu);
  case PM_LINK_IDENTITY: return mu;
  case PM_LINK_LOGIT: return log(mu) - log1p(-mu);
  }
  return NAN;
}

double pm_link_mu(pm_link_kind link, double eta)
{
  switch (link) {
  case PM_LINK_LOG: return fmax(exp(eta), PM_LINK_EPS);
  case PM_LINK_IDENTITY: return eta;
  case PM_LINK_LOGIT:
    if (eta < -PM_LOGIT_ETA_MAX) return PM_LINK_EPS;
    if (eta > PM_LOGIT_ETA_MAX) return 1.0 - PM_LINK_EPS;
    return 1.0 / (1.0 + exp(-eta));
  }
  return NAN;
}

double pm_link_dmu_deta(pm_link_kind link, double eta)
{
  double e;
  switch (link) {
  case PM_LINK_LOG: return fmax(exp(eta), PM_LINK_EPS);
  case PM_LINK_IDENTITY: return 1.0;
  case PM_LINK_LOGIT:
    /* e^eta / (1 + e^eta)^2, written in e^-|eta| so that it never overflows */
    e = exp(-fabs(eta));
    return fmax(e / ((1.0 + e) * (1.0 + e)), PM_LINK_EPS);
  }
  return NAN;
}

void pm_link_derivs(pm_link_kind link, double mu, double g[3])
{
  double q = 1.0 - mu;
  switch (link) {
  case PM_LINK_LOG: /* g = log mu */
    g[0] = 1.0 / mu;
    g[1] = -g[0] * g[0];
    g[2] = -2.0 * g[1] * g[0];
    return;
  case PM_LINK_IDENTITY:
    g[0] = 1.0;
    g[1] = g[2] = 0.0;
    return;
  case PM_LINK_LOGIT: /* g = log mu - log(1 - mu) */
    g[0] = 1.0 / mu + 1.0 / q;
    g[1] = 1.0 / (q * q) - 1.0 / (mu * mu);
    g[2] = 2.0 / (q * q * q) + 2.0 / (mu * mu * mu);
    return;
  }
  g[0] = g[1] = g[2] = NAN;
}
