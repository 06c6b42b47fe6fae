# make_oracles.R: mgcv's constrained designs and penalties for the smooth-basis tests.
# Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later.
#
# Run from the top of the source tree with R 4.2.2 and mgcv 1.8-41:
#   Rscript tests/data/model/smooth/make_oracles.R
# Input: the first 400 rows of tests/data/model/reference/profiles.csv (10 profiles).
# Output (tests/data/model/smooth/): data.csv (the covariates, profile as a 0-based
# level index), new.csv (prediction rows, some outside the data range) and, per
# case, <case>_X.csv (constrained design of the first 20 fitting rows),
# <case>_P.csv (design of the rows of new.csv) and <case>_S<j>.csv (penalty j),
# plain numbers, comma-separated, no header.
suppressMessages(library(mgcv))
out <- "tests/data/model/smooth"
d <- read.csv("tests/data/model/reference/profiles.csv", nrows = 400)
d$profile_id <- factor(d$profile_id)
write.csv(data.frame(temp = sprintf("%.17g", d$temp),
                     logdepth = sprintf("%.17g", d$logdepth),
                     month = d$month,
                     profile = as.integer(d$profile_id) - 1L),
          file.path(out, "data.csv"), row.names = FALSE, quote = FALSE)
nd <- data.frame(temp = c(min(d$temp) - 1.5, min(d$temp), 7.25, 15, max(d$temp),
                          max(d$temp) + 0.01),
                 logdepth = c(2.3, 3, 4.5, 5.5, 6.9, 7.2),
                 month = c(0.5, 1, 6.3, 12, 12.4, 12.5))
write.csv(data.frame(temp = sprintf("%.17g", nd$temp),
                     logdepth = sprintf("%.17g", nd$logdepth),
                     month = sprintf("%.17g", nd$month)),
          file.path(out, "new.csv"), row.names = FALSE, quote = FALSE)
put <- function(m, name)
  write.table(format(as.matrix(m), digits = 17), file.path(out, name),
              sep = ",", row.names = FALSE, col.names = FALSE, quote = FALSE)
case <- function(name, spec, knots = NULL, newdata = nd) {
  sm <- smoothCon(spec, d, knots = knots, absorb.cons = TRUE)[[1]]
  put(sm$X[1:20, , drop = FALSE], paste0(name, "_X.csv"))
  if (!is.null(newdata)) put(PredictMat(sm, newdata), paste0(name, "_P.csv"))
  for (j in seq_along(sm$S)) put(sm$S[[j]], paste0(name, "_S", j, ".csv"))
}
case("cr", s(temp, bs = "cr", k = 10))
case("cc", s(month, bs = "cc", k = 6), knots = list(month = c(0.5, 12.5)))
# new.csv row 1 lies between the data range and the outer ps knots, where
# mgcv continues the P-spline linearly
case("ps", s(temp, bs = "ps", k = 12))
case("re", s(profile_id, bs = "re"), newdata = NULL)
case("te", te(temp, logdepth, bs = "cr", k = c(6, 6)))
case("teps", te(temp, logdepth, bs = c("ps", "cr"), k = c(7, 5)))
