/* pm_family.h: exponential families and links for GLMs and GAMs.
 *
 * Poisson (log), negative binomial (log; theta), Tweedie (log; power p in
 * (1,2)), Gamma (log), Gaussian (identity), binomial (logit) and mgcv's
 * zero-inflated Poisson ziP() (identity; two parameters), each as R
 * and mgcv define them (McCullagh & Nelder 1989; Wood 2017 section 3.1),
 * with the derivatives that penalized IRLS with full Newton weights and the
 * Laplace-approximate REML need (Wood 2011, JRSSB 73:3-36, section 3 and
 * appendix; Wood, Pya & Saefken 2016, JASA 111:1548-1563).  Prior weights
 * are 1 throughout.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#ifndef PM_FAMILY_H
#define PM_FAMILY_H

#include <stddef.h>

typedef enum {
  PM_FAMILY_POISSON,
  PM_FAMILY_NEGBIN,
  PM_FAMILY_TWEEDIE,
  PM_FAMILY_GAMMA,
  PM_FAMILY_GAUSSIAN,
  PM_FAMILY_BINOMIAL,
  PM_FAMILY_ZIP
} pm_family_kind;

typedef enum { PM_LINK_LOG, PM_LINK_IDENTITY, PM_LINK_LOGIT } pm_link_kind;

/* The negative binomial theta and Tweedie power a family starts with, and
 * where their estimation starts: mgcv's nb() starts from log theta = 0,
 * and tw() from theta = 0, which is p = (a + b)/2 = 1.5 for its bounds
 * a = 1.01 and b = 1.99. */
#define PM_NEGBIN_THETA_START 1.0
#define PM_TWEEDIE_P_START 1.5
/* mgcv's ziP() starts its two parameters at theta = (0, 0) (its
 * ini.theta) and fixes b = 0. */
#define PM_ZIP_THETA_START 0.0
#define PM_ZIP_B 0.0

typedef struct {
  pm_family_kind kind;
  pm_link_kind link;
  double theta; /* negative binomial: size parameter (> 0) */
  double p;     /* Tweedie: power, 1 < p < 2 */
  double zip[2]; /* zero-inflated Poisson: mgcv's theta_1 and theta_2
                    (getTheta(FALSE) scale: the presence slope is
                    b + exp(theta_2)) */
} pm_family;

/* "poisson", "negbin", "tweedie", "gamma", "gaussian", "binomial", "ziP"
 * with their default (only) link; theta = 1, p = 1.5 and the ziP theta
 * (0, 0) until set.  An unknown name is
 * an error listing the known ones. */
int pm_family_from_name(pm_family *fam, const char *name);
/* A family as R, MASS and mgcv spell it, for users who paste a model's
 * family: a name (poisson, binomial, gaussian, Gamma, negbin, nb,
 * negative.binomial, Tweedie, tw; any case) alone or called, with
 * arguments by position or by name and spaces anywhere: "nb()",
 * "negbin(theta=3)", "Tweedie(p=1.5)", "tw(theta = 1.4)" (a positive
 * theta of tw() is its fixed power, as mgcv has it), "Gamma(link=\"log\")".
 * *fixed (may be NULL) gets PM_FAMILY_FIXED_THETA or PM_FAMILY_FIXED_P
 * when the spelling fixes theta or the power, else 0.  A link that
 * plankmap does not fit for the family, a bad argument or an unknown name
 * (with the nearest known one) is PM_EINPUT. */
#define PM_FAMILY_FIXED_THETA 1
#define PM_FAMILY_FIXED_P 2
int pm_family_parse(pm_family *fam, int *fixed, const char *text);
const char *pm_family_name(const pm_family *fam);  /* "poisson" ... */
const char *pm_link_name(pm_link_kind link);       /* "log" ... */
/* R's description, e.g. "Negative Binomial(2.093)", "Tweedie(p=1.5)",
 * "Zero inflated Poisson(-0.199,0.877)" (theta_1 and b + exp(theta_2)). */
void pm_family_describe(const pm_family *fam, char *buf, size_t size);
/* 1 when the scale is known (Poisson, negative binomial, binomial, ziP). */
int pm_family_scale_known(const pm_family *fam);
/* 1 when the link is canonical (IRLS weights are then Fisher = Newton). */
int pm_family_canonical(const pm_family *fam);

/* Link g and its inverse; dmu/deta; and the derivatives g'(mu), g''(mu),
 * g'''(mu) of the link with respect to mu. */
double pm_link_eta(pm_link_kind link, double mu);
double pm_link_mu(pm_link_kind link, double eta);
double pm_link_dmu_deta(pm_link_kind link, double eta);
void pm_link_derivs(pm_link_kind link, double mu, double g[3]);

/* Variance function V(mu) and its derivatives V'(mu), V''(mu). */
void pm_family_variance(const pm_family *fam, double mu, double v[3]);

/* The response value y must be admissible: Poisson, negative binomial and
 * zero-inflated Poisson non-negative whole numbers, binomial 0 or 1 (or in
 * [0,1]), Gamma positive, Tweedie non-negative.  With expected_counts the
 * counts are expected counts (counts corrected for misclassification, whose
 * objects are reassigned in expectation), and a Poisson or negative
 * binomial count may be any finite y >= 0 (the zero-inflated Poisson's
 * stays whole, as mgcv's ziP() requires): the log-likelihoods, deviances
 * and saturated log-likelihoods below are continuous in y, y! taken as
 * Gamma(y + 1) (lgamma), as mgcv's nb()$ls takes it.  Returns 0 when y is
 * admissible, else a short reason ("a Poisson count must be a whole
 * number") for the caller to locate. */
const char *pm_family_check_y(const pm_family *fam, double y,
                              int expected_counts);
/* A starting mean for IRLS from y, as R's family$initialize does. */
double pm_family_mustart(const pm_family *fam, double y);
/* Unit deviance d(y, mu) (Wood 2017 section 3.1.7); the deviance is the sum. */
double pm_family_deviance(const pm_family *fam, double y, double mu);

/* The log-likelihood of n observations at means mu with scale phi (the
 * Gaussian and Gamma scale is a variance / dispersion; ignored when the
 * scale is known), as R's logLik() gives it.  R's glm aic, and so logLik,
 * takes phi = deviance / n for gaussian, Gamma and Tweedie (the ML variance
 * for gaussian, not the ML Gamma dispersion); the binomial rounds y to 0/1
 * as dbinom(round(y), 1, mu) does; the negative binomial uses fam->theta
 * (MASS: dnbinom with size theta).  The caller chooses phi. */
double pm_family_loglik(const pm_family *fam, const double *y,
                        const double *mu, size_t n, double phi);

/* The saturated log-likelihood ls(phi) = sum_i log f(y_i; mu_i = y_i, phi)
 * and its first and second derivatives with respect to phi, as mgcv's
 * family$ls (Wood 2011 section 2: the REML criterion holds -ls). */
void pm_family_ls(const pm_family *fam, const double *y, size_t n, double phi,
                  double ls[3]);

/* The negative binomial ls at size theta and its first and second
 * derivatives with respect to log theta, as mgcv's nb()$ls. */
void pm_negbin_ls(const double *y, size_t n, double theta, double ls[3]);

/* Tweedie log density log f(y; mu, phi, p) by the series of Dunn & Smyth
 * (2005, Statistics and Computing 15:267-280), with d/dphi and d2/dphi2;
 * the _dp form gives d/dp, d2/dp2 and d2/dp dphi into dp too. */
double pm_tweedie_logdensity(double y, double mu, double phi, double p,
                             double dphi[2]);
double pm_tweedie_logdensity_dp(double y, double mu, double phi, double p,
                                double dphi[2], double dp[3]);
/* The Tweedie ls(phi) of pm_family_ls at power p, and (dp not NULL) its
 * derivatives d/dp, d2/dp2 and d2/dp dphi. */
void pm_tweedie_ls(const double *y, size_t n, double phi, double p,
                   double ls[3], double dp[3]);
/* At fixed mean mu (log link), the derivatives in p of the Tweedie unit
 * deviance (d[0]), score dl/deta (d[1]) and full Newton weight (d[2])
 * (tweedie.c). */
void pm_tweedie_dp(double y, double mu, double p, double d[3]);

/* The family parameter estimated with the smoothing parameters: x = log
 * theta (negative binomial) or the Tweedie power p.  pm_family_dparam
 * gives the derivatives in x of the unit deviance, the score and the full
 * Newton weight at fixed mu (log link; zero for the other families), and
 * pm_family_set_param sets the parameter from x. */
void pm_family_dparam(const pm_family *fam, double y, double mu, double d[3]);
void pm_family_set_param(pm_family *fam, double x);

/* Maximum likelihood theta of the negative binomial given the means, as
 * MASS::theta.ml (Venables & Ripley 2002 section 7.4): Newton on the score
 * from the method of moments start; *se is its standard error. */
int pm_negbin_theta_ml(const double *y, const double *mu, size_t n,
                       double *theta, double *se);
/* At fixed mean mu (log link), the derivatives in log theta of the unit
 * deviance (d[0]), of the score dl/deta (d[1]) and of the full Newton
 * weight -d2l/deta2 (d[2]) of one count y (negbin.c). */
void pm_negbin_dtheta(double y, double mu, double theta, double d[3]);

/* The zero-inflated Poisson of mgcv's ziP() (Wood, Pya & Saefken 2016,
 * its zero-inflated Poisson example), in terms of its linear predictor
 * gamma (identity link; the Poisson mean given presence is exp(gamma));
 * family_zip.c.  The log-likelihood of one count: */
double pm_zip_loglik(const pm_family *fam, double y, double gamma);
/* d[0] = dl/dgamma, d[1] = -d2l/dgamma2 (the Newton weight), d[2] =
 * -d3l/dgamma3 and d[3] = E(-d2l/dgamma2) (the Fisher weight). */
void pm_zip_derivs(const pm_family *fam, double y, double gamma, double d[4]);
/* The saturated -2 l of a count (0 at y = 0). */
double pm_zip_saturated(const pm_family *fam, double y);
/* The deviance of the constant linear predictor that mgcv's ziP() takes
 * for the null model, less the saturated -2 l. */
double pm_zip_null_deviance(const pm_family *fam, const double *y, size_t n);
/* The expected count p exp(gamma) / (1 - exp(-exp(gamma))), and its
 * derivative in gamma into *dmean (may be NULL). */
double pm_zip_mean(const pm_family *fam, double gamma, double *dmean);

/* The expected response at linear predictor eta: g^-1(eta), or the
 * zero-inflated Poisson's expected count; *dmean (may be NULL) gets its
 * derivative in eta. */
double pm_family_mean(const pm_family *fam, double eta, double *dmean);

#endif
