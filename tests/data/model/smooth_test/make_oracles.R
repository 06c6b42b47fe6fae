# make_oracles.R: oracle files for tests/test_smooth_test.c (Wood 2013 smooth
# tests and sums of chi-squared variables), from R 4.2.2 with mgcv 1.8-41.
# Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later.
#
# Run from this folder:  Rscript make_oracles.R
# Reads ../reference/profiles.csv; writes one <case>.<smooth>.txt per smooth
# term and chisq_sum.txt.
suppressMessages(library(mgcv))
d <- read.csv("../reference/profiles.csv")
small <- d[1:1500, ]

cases <- list(
  gam_binomial_cr = list(
    formula = presence_phaeodaria ~ s(temp, bs = "cr", k = 8) +
      s(logdepth, bs = "cr", k = 8) + s(oxy, bs = "cr", k = 8),
    family = binomial(), data = d),
  gam_tweedie_fixed_p = list(
    formula = biomass_mgC_m3 ~ s(temp, bs = "cr", k = 10) +
      s(logdepth, bs = "cr", k = 10),
    family = Tweedie(p = 1.5), data = d),
  # first 1500 rows, with weak terms so that the p-values are moderate, and
  # an unpenalized term (integer rank: the chi-squared or F reference)
  small_binomial = list(
    formula = presence_phaeodaria ~ s(temp, bs = "cr", k = 8) +
      s(lon, bs = "cr", k = 8) + s(lat, bs = "cr", k = 8) +
      s(oxy, bs = "cr", k = 5, fx = TRUE),
    family = binomial(), data = small),
  small_tweedie = list(
    formula = biomass_mgC_m3 ~ s(oxy, bs = "cr", k = 8) +
      s(lon, bs = "cr", k = 8) + s(lat, bs = "cr", k = 8) +
      s(temp, bs = "cr", k = 5, fx = TRUE),
    family = Tweedie(p = 1.5), data = small))

num <- function(x) paste(formatC(x, digits = 17, format = "g"), collapse = " ")

for (name in names(cases)) {
  cs <- cases[[name]]
  b <- gam(cs$formula, family = cs$family, data = cs$data, method = "REML")
  st <- summary(b)$s.table
  res.df <- if (b$scale.estimated) length(b$y) - sum(b$edf) else -1
  for (i in seq_along(b$smooth)) {
    sm <- b$smooth[[i]]
    cols <- sm$first.para:sm$last.para
    R <- b$R[, cols, drop = FALSE]
    V <- b$Vp[cols, cols, drop = FALSE]
    edf1 <- sum(b$edf1[cols])
    file <- sprintf("%s.%s.txt", name, gsub("[()]", "", sm$label))
    con <- file(file, "w")
    writeLines(c(
      sprintf("# %s, term %s: mgcv summary.gam smooth test (Wood 2013)", name, sm$label),
      paste("q", length(cols)), paste("nr", nrow(R)),
      paste("edf1", num(edf1)), paste("rank", num(min(length(cols), edf1))),
      paste("res_df", num(res.df)),
      paste("ref_df", num(st[i, 2])), paste("stat", num(st[i, 3])),
      paste("p_value", num(st[i, 4])),
      paste("beta", num(b$coefficients[cols])), "R",
      apply(R, 1, num), "V", apply(V, 1, num)), con)
    close(con)
  }
}

# Sums of chi-squared variables: x, n, lambda[n], df[n], then P(Q > x) by
# mgcv:::psum.chisq with its default accuracy (tol = 2e-5, nlim = 1e5), and
# the reference value: pchisq for one term, else psum.chisq with tol = 1e-11.
psum <- mgcv:::psum.chisq
chisq <- list(
  list(3.2, c(1, 1, 0.8, 0.2), c(1, 1, 1, 1)),
  list(10, c(2, 1, 0.5), c(1, 2, 3)),
  list(0.5, c(1, 1, 0.8, 0.2), c(1, 1, 1, 1)),
  list(25, c(1, 1, 1, 1, 1.7, 0.3), rep(1, 6)),
  list(60, c(1, 1, 1, 1, 1.7, 0.3), rep(1, 6)),
  list(1.5, c(0.05, 3), c(4, 1)),
  list(0, c(1, 1, 1.4, 0.6, -25.3 / 1000), c(1, 1, 1, 1, 1000)),
  list(0, c(1, 1.9, 0.1, -4.2 / 150), c(1, 1, 1, 150)),
  list(0, c(1.5, 0.5, -0.1), c(1, 1, 7)),
  list(2, c(3, -1), c(2, 3)),
  list(-1, c(3, -1), c(2, 3)))
lines <- "# x n lambda[n] df[n] p_mgcv p_reference"
for (cc in chisq) {
  x <- cc[[1]]; lb <- cc[[2]]; df <- cc[[3]]
  ref <- psum(x, lb, df, tol = 1e-11, nlim = 1e7)
  lines <- c(lines, paste(num(x), length(lb), num(lb), num(df),
                          num(psum(x, lb, df)), num(ref)))
}
for (cc in list(list(3.84, 2, 1), list(12, 1.5, 4), list(0.2, 0.5, 3),
                list(40, 1, 5))) {
  x <- cc[[1]]; l <- cc[[2]]; df <- cc[[3]]
  lines <- c(lines, paste(num(x), 1, num(l), num(df), num(psum(x, l, df)),
                          num(pchisq(x / l, df, lower.tail = FALSE))))
}
writeLines(lines, "chisq_sum.txt")

# The fallback of psum.chisq when Davies's method fails (here forced with a
# term limit of 1): the approximation of Liu et al. (2009), mgcv's liu2.
# Lines: x n lambda[n] df[n] p_fallback liu2
liu <- list(list(3.2, c(1, 1, 0.8, 0.2), c(1, 1, 1, 1)),
            list(10, c(2, 1, 0.5), c(1, 2, 3)),
            list(25, c(1, 1, 1, 1, 1.7, 0.3), rep(1, 6)),
            list(4, c(1, -0.3), c(3, 2)))
lines <- "# x n lambda[n] df[n] p_fallback liu2"
for (cc in liu) {
  x <- cc[[1]]; lb <- cc[[2]]; df <- cc[[3]]
  pf <- suppressWarnings(psum(x, lb, df, nlim = 1))
  lines <- c(lines, paste(num(x), length(lb), num(lb), num(df), num(pf),
                          num(mgcv:::liu2(x, lb, h = df))))
}
writeLines(lines, "liu.txt")

# mgcv:::testStat called directly on one term (gam_binomial_cr, s(oxy)) with
# other ranks (below 1, fractional, integer) and residual df, to reach the
# branches summary.gam did not.  Lines: rank res_df stat rank_out p_value,
# where stat is testStat's d (summary.gam's F is d / rank_out).
b <- gam(cases$gam_binomial_cr$formula, family = binomial(), data = d,
         method = "REML")
sm <- b$smooth[[3]]
cols <- sm$first.para:sm$last.para
lines <- "# rank res_df stat rank_out p_value (gam_binomial_cr.soxy.txt term)"
for (rk in c(0.6, 2.5, 3)) for (rdf in c(-1, 200.4)) {
  ts <- mgcv:::testStat(b$coefficients[cols], b$R[, cols], b$Vp[cols, cols],
                        rk, type = 0, res.df = rdf)
  lines <- c(lines, paste(num(rk), num(rdf), num(ts$stat), num(ts$rank),
                          num(ts$pval)))
}
writeLines(lines, "teststat.txt")
