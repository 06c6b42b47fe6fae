# make_oracles.R: R oracles for tests/test_family.c (families, links,
# Tweedie density, negative binomial theta).
# Run from the repository root with R 4.2.2, mgcv 1.8-41 and MASS 7.3:
#   Rscript tests/data/model/family/make_oracles.R
# Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later.
suppressPackageStartupMessages({ library(mgcv); library(MASS) })
out <- "tests/data/model/family"
prof <- read.csv("tests/data/model/reference/profiles.csv")
wcsv <- function(d, f) write.csv(d, file.path(out, f), row.names = FALSE, quote = FALSE)
options(digits = 17)
fmt <- function(d) { for (k in names(d)) if (is.numeric(d[[k]])) d[[k]] <- sprintf("%.17g", d[[k]]); d }

# Unit deviance, variance with derivatives, one-observation log-likelihood
# and the initial mean, for each family on a grid of (y, mu).
mustart_of <- function(fam, y) {
  e <- new.env(); e$y <- y; e$nobs <- length(y); e$weights <- rep(1, length(y))
  e$etastart <- NULL; e$mustart <- NULL; e$start <- NULL; e$family <- fam
  suppressWarnings(eval(fam$initialize, e)); e$mustart
}
unit_rows <- function(name, param, fam, ys, mus, phis, var3, ll) {
  g <- expand.grid(y = ys, mu = mus, phi = phis)
  v <- var3(g$mu)
  data.frame(family = name, param = param, y = g$y, mu = g$mu, phi = g$phi,
             dev = fam$dev.resids(g$y, g$mu, rep(1, nrow(g))),
             v = v[, 1], dv = v[, 2], d2v = v[, 3],
             ll = ll(g$y, g$mu, g$phi), mustart = mustart_of(fam, g$y))
}
cnt <- c(0, 1, 3, 17, 446, 1e6)
rows <- list(
  unit_rows("poisson", 0, poisson(), cnt, c(1e-300, 0.5, 3, 20, 1e6), 1,
            function(m) cbind(m, 1, 0), function(y, m, s) dpois(y, m, log = TRUE)),
  unit_rows("binomial", 0, binomial(), c(0, 1, 0.3), c(1e-10, 0.2, 0.5, 0.9, 1 - 1e-10), 1,
            function(m) cbind(m * (1 - m), 1 - 2 * m, -2),
            function(y, m, s) dbinom(round(y), 1, m, log = TRUE)),
  unit_rows("gamma", 0, Gamma(link = "log"), c(0.01, 1, 2.6, 1e6), c(1e-300, 0.3, 2, 1e6), c(0.2, 1.7),
            function(m) cbind(m^2, 2 * m, 2),
            function(y, m, s) dgamma(y, shape = 1 / s, scale = m * s, log = TRUE)),
  unit_rows("gaussian", 0, gaussian(), c(-3, 0, 2.5), c(-1, 0, 10), c(0.5, 4),
            function(m) cbind(1, 0 * m, 0 * m),
            function(y, m, s) dnorm(y, m, sqrt(s), log = TRUE)))
for (th in c(0.5, 2.093, 1e4))
  rows[[length(rows) + 1]] <- unit_rows("negbin", th, negative.binomial(th), cnt,
    c(1e-300, 0.7, 12, 1e6), 1, function(m) cbind(m + m^2 / th, 1 + 2 * m / th, 2 / th),
    function(y, m, s) dnbinom(y, size = th, mu = m, log = TRUE))
for (p in c(1.27, 1.5, 1.9))
  rows[[length(rows) + 1]] <- unit_rows("tweedie", p, Tweedie(p, link = "log"),
    c(0, 0.05, 1, 2.6, 100, 1e6), c(1e-300, 0.1, 1, 50), c(0.2, 1, 5),
    function(m) cbind(m^p, p * m^(p - 1), p * (p - 1) * m^(p - 2)),
    function(y, m, s) ldTweedie(y, m, p = p, phi = s)[, 1])
wcsv(fmt(do.call(rbind, rows)), "unit.csv")

# Links: g(mu), g', g'', g''' (mgcv's fix.family.link) and the inverse.
link_rows <- function(name, fam, mus, etas) {
  f <- mgcv:::fix.family.link(fam)
  a <- data.frame(link = name, mu = mus, eta = f$linkfun(mus), g1 = 1 / f$mu.eta(f$linkfun(mus)),
                  g2 = f$d2link(mus), g3 = f$d3link(mus))
  b <- data.frame(link = name, eta = etas, mu = f$linkinv(etas), mueta = f$mu.eta(etas))
  list(a, b)
}
L <- list(link_rows("log", poisson(), c(1e-10, 0.01, 0.5, 3, 1e6), c(-800, -3, 0, 2.5, 13.8)),
          link_rows("identity", gaussian(), c(-2, 0, 0.5, 1e6), c(-2, 0, 3.5)),
          link_rows("logit", binomial(), c(1e-10, 0.01, 0.5, 0.93, 1 - 1e-10), c(-40, -3, 0, 1.2, 40)))
wcsv(fmt(do.call(rbind, lapply(L, `[[`, 1))), "link_mu.csv")
wcsv(fmt(do.call(rbind, lapply(L, `[[`, 2))), "link_eta.csv")

# Tweedie log density and its phi derivatives (ldTweedie columns 1 to 3).
tw <- expand.grid(y = c(0, 1e-6, 0.05, 0.7, 2.6, 30, 1e3, 1e6), mu = c(1e-3, 0.2, 1.3, 40),
                  p = c(1.01, 1.27, 1.5, 1.9, 1.99), phi = c(0.02, 0.2, 1, 7))
tw$y[nrow(tw)] <- 1e6; tw$mu[nrow(tw)] <- 1e6
ld <- t(sapply(seq_len(nrow(tw)), function(i)
  ldTweedie(tw$y[i], tw$mu[i], p = tw$p[i], phi = tw$phi[i])[1, 1:3]))
tw$l <- ld[, 1]; tw$d1 <- ld[, 2]; tw$d2 <- ld[, 3]
wcsv(fmt(tw), "tweedie.csv")

# Saturated log-likelihood ls(phi) and its phi derivatives on profiles.csv.
cop <- prof$count_copepoda; bio <- prof$biomass_mgC_m3; pres <- prof$presence_phaeodaria
lsf <- function(fam, y, phi) { f <- mgcv:::fix.family.ls(fam); unname(f$ls(y, rep(1, length(y)), rep(1, length(y)), phi)[1:3]) }
nbls <- function(th, y) nb(theta = th)$ls(y, rep(1, length(y)), log(th), 1)
nbrow <- function(th, deriv) { l <- nbls(th, cop)
  data.frame(family = if (deriv) "negbin_logtheta" else "negbin", param = th, column = "count_copepoda",
             phi = 1, X1 = l$ls, X2 = if (deriv) l$lsth1 else 0, X3 = if (deriv) l$lsth2 else 0) }
ls <- rbind(
  data.frame(family = "poisson", param = 0, column = "count_copepoda", phi = 1, t(lsf(poisson(), cop, 1))),
  data.frame(family = "binomial", param = 0, column = "presence_phaeodaria", phi = 1, t(lsf(binomial(), pres, 1))),
  data.frame(family = "gaussian", param = 0, column = "biomass_mgC_m3", phi = 0.2, t(lsf(gaussian(), bio, 0.2))),
  data.frame(family = "gamma", param = 0, column = "biomass_mgC_m3", phi = 0.2, t(lsf(Gamma(), bio[bio > 0], 0.2))),
  nbrow(0.8, FALSE), nbrow(3.5, FALSE), nbrow(0.8, TRUE), nbrow(3.5, TRUE),
  data.frame(family = "tweedie", param = 1.5, column = "biomass_mgC_m3", phi = 0.2, t(lsf(Tweedie(1.5), bio, 0.2))),
  data.frame(family = "tweedie", param = 1.27, column = "biomass_mgC_m3", phi = 0.2, t(lsf(Tweedie(1.27), bio, 0.2))))
names(ls)[5:7] <- c("ls", "ls1", "ls2")
wcsv(fmt(ls), "ls.csv")

# theta.ml at the means of a negative binomial GLM of count_copepoda.
fit <- glm.nb(count_copepoda ~ logdepth + temp + offset(log(volume_m3)), data = prof)
mu <- fitted(fit)
th <- theta.ml(cop, mu)
b <- coef(fit)
th_rows <- data.frame(name = c("b_intercept", "b_logdepth", "b_temp", "mu_1", "mu_2", "mu_12000",
                               "theta", "se", "glm_nb_theta"),
                      value = c(b, mu[1], mu[2], mu[12000], th, attr(th, "SE"), fit$theta))
wcsv(fmt(th_rows), "theta_ml.csv")
