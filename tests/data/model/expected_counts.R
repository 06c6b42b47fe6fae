# expected_counts.R: the oracle of counts that are expected counts, not
# whole numbers (counts corrected for misclassification, README.md): a
# small table of fractional counts fitted by mgcv's gam(method = "REML")
# with poisson and nb() (theta estimated), and by MASS::glm.nb, for
# tests/test_gam.c.
#
# R's dpois and dnbinom are -Inf at a non-whole count (with a warning), so
# mgcv's own poisson()$ls makes the REML score infinite and the fit fails;
# the poisson family here gets the continuous extension of its saturated
# log-likelihood, sum y log y - y - lgamma(y + 1), which plankmap computes.
# nb()'s and MASS's deviance residuals take y log(max(1, y) / mu), equal to
# y log(y / mu) at whole counts; nb() here gets y log(y / mu), which makes
# the unit deviance 0 at mu = y for a count in (0, 1) too (nb()$ls has
# y log y already), and the glm.nb deviance is recomputed with it.  The
# log-likelihoods are the continuous ones too, y! as gamma(y + 1).
#
# Run from tests/data/model:  Rscript expected_counts.R
# (writes expected_counts.csv and expected_counts_{poisson,negbin,
# glm_negbin}.expected.json).
# Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later.
suppressPackageStartupMessages({ library(mgcv); library(MASS) })
set.seed(2026)
n <- 200
x <- round(runif(n), 4)
volume <- round(runif(n, 0.5, 2), 3)
whole <- rnbinom(n, size = 2, mu = volume * exp(1 + sin(2 * pi * x)))
# each object kept with a weight in [0.6, 1.1), as a classifier's objects
# are reassigned in expectation
count <- round(whole * runif(n, 0.6, 1.1), 3)
write.csv(data.frame(x = x, volume = volume, count = count),
          "expected_counts.csv", row.names = FALSE, quote = FALSE)
d <- read.csv("expected_counts.csv")
y <- d$count

# y log a, 0 at y = 0
ylog <- function(y, a) ifelse(y > 0, y * log(a), 0)
ylogy <- function(y, mu) ylog(y, y / mu)
nb_dev <- function(y, mu, wt, theta = NULL) {
  if (is.null(theta)) theta <- get(".Theta")
  theta <- exp(theta)
  2 * wt * (ylogy(y, mu) - (y + theta) * log((y + theta) / (mu + theta)))
}
pois <- poisson()
pois$ls <- function(y, w, n, scale) c(sum(w * (ylog(y, y) - y - lgamma(y + 1))), 0, 0)
nb_fam <- nb()
environment(nb_dev) <- environment(nb_fam$dev.resids)
nb_fam$dev.resids <- nb_dev
pois_loglik <- function(mu, theta) sum(ylog(y, mu) - mu - lgamma(y + 1))
nb_loglik <- function(mu, theta)
  sum(lgamma(theta + y) - lgamma(theta) - lgamma(y + 1) +
      theta * log(theta / (theta + mu)) + ylog(y, mu / (theta + mu)))

# name, the fit, its kind, theta (NA: none), deviance and null deviance
# (NA: none), REML score (NA: none), log-likelihood.
write_json <- function(name, f, m, kind, theta, dev, null_dev, reml, loglik) {
  num <- function(key, v) if (is.na(v)) "" else sprintf('  "%s": %.17g,\n', key, v)
  cat(sprintf('{\n  "tool": "R %s mgcv %s MASS %s",\n  "kind": "%s",\n  "formula": "%s",\n  "coefficients": {%s},\n%s%s%s%s%s  "n": %d\n}\n',
              paste(R.version$major, R.version$minor, sep = "."),
              as.character(packageVersion("mgcv")), as.character(packageVersion("MASS")),
              kind, gsub('"', "'", paste(deparse(f, width.cutoff = 500), collapse = "")),
              paste(sprintf('"%s": %.17g', names(coef(m)), coef(m)), collapse = ", "),
              num("deviance", dev), num("null_deviance", null_dev), num("criterion", reml),
              num("theta", theta), num("loglik", loglik), nrow(d)),
      file = sprintf("expected_counts_%s.expected.json", name))
}

f <- count ~ s(x, bs = "cr", k = 10) + offset(log(volume))
# the warnings are the AIC's, from dpois and dnbinom
m <- suppressWarnings(gam(f, family = pois, data = d, method = "REML"))
write_json("poisson", f, m, "gam", NA, deviance(m), m$null.deviance, m$gcv.ubre,
           pois_loglik(fitted(m)))
m <- suppressWarnings(gam(f, family = nb_fam, data = d, method = "REML"))
th <- m$family$getTheta(TRUE)
write_json("negbin", f, m, "gam", th, deviance(m), m$null.deviance, m$gcv.ubre,
           nb_loglik(fitted(m), th))
f <- count ~ x + offset(log(volume))
m <- suppressWarnings(glm.nb(f, data = d))
write_json("glm_negbin", f, m, "glm", m$theta,
           sum(nb_dev(y, fitted(m), 1, log(m$theta))), NA, NA,
           nb_loglik(fitted(m), m$theta))
