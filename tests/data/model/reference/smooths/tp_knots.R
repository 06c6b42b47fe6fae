# tp_knots.R: a thin-plate smooth above mgcv's max.knots (2000 unique covariate values) with
# the knots given, so that mgcv's basis does not depend on its random knot subsample.
# Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later.
#
# Run from this folder with R 4.2.2 and mgcv 1.8-41:  Rscript tp_knots.R
# Writes tp_knots.data.csv (2500 simulated rows, x unique in every row), tp_knots.knots.csv
# (the 200 knots of x) and the case's files in the format of ../README.md:
# tp_knots.expected.json, tp_knots.fitted.csv and tp_knots.predict.csv.
suppressMessages(library(mgcv))
set.seed(20260)
n <- 2500
d <- data.frame(x = runif(n, 0, 10), z = runif(n))
d$y <- rpois(n, exp(1 + sin(d$x) + 0.5 * d$z))
kn <- seq(0.025, 9.975, length.out = 200)
f <- "y ~ s(x, k=20) + z"
m <- gam(as.formula(f), family = poisson, data = d, method = "REML", knots = list(x = kn))
write.csv(data.frame(x = sprintf("%.17g", d$x), z = sprintf("%.17g", d$z), y = d$y),
          "tp_knots.data.csv", row.names = FALSE, quote = FALSE)
write.csv(data.frame(x = sprintf("%.17g", kn)), "tp_knots.knots.csv", row.names = FALSE,
          quote = FALSE)
st <- summary(m)$s.table
num <- function(v) formatC(v, digits = 15, format = "g")
cat(sprintf(paste0('{\n  "tool": "R %s mgcv %s",\n  "kind": "gam",\n  "formula": "%s",\n',
                   '  "family": "poisson(log); tp above max.knots, knots given (200)",\n',
                   '  "method": "REML",\n  "deviance": %s,\n  "null_deviance": %s,\n',
                   '  "edf_smooth": {"s(x)": %s},\n  "criterion": %s,\n',
                   '  "smoothing_parameters": {"s(x)": %s},\n  "smooth_ref_df": {"s(x)": %s},\n',
                   '  "smooth_test_stat": {"s(x)": %s},\n  "smooth_p_value": {"s(x)": %s},\n',
                   '  "scale": 1,\n  "n": %d\n}\n'),
            getRversion(), packageVersion("mgcv"), f, num(m$deviance), num(m$null.deviance),
            num(sum(m$edf[m$smooth[[1]]$first.para:m$smooth[[1]]$last.para])),
            num(m$gcv.ubre), num(m$sp), num(st[1, 2]), num(st[1, 3]), num(st[1, 4]), n),
    file = "tp_knots.expected.json")
write.csv(data.frame(row = seq_len(n), eta = m$linear.predictors, mu = m$fitted.values),
          "tp_knots.fitted.csv", row.names = FALSE, quote = FALSE)
nd <- data.frame(x = c(-0.5, 0, 0.01, 2.5, 5, 7.77, 9.99, 10.5), z = 0.5)
p <- predict(m, newdata = nd, se.fit = TRUE)
write.csv(cbind(data.frame(x = sprintf("%.17g", nd$x), z = nd$z), eta = as.numeric(p$fit),
                se_eta = as.numeric(p$se.fit)),
          "tp_knots.predict.csv", row.names = FALSE, quote = FALSE)
