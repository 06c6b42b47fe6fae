# gam_te_tp.R: a tensor product with a thin-plate margin, te(lat, logdepth, bs=c('tp','cr')),
# beside a cubic regression spline of temperature.  mgcv's te() reparametrizes the tp margin
# (not cr, already so parametrized) to its values at evenly spaced points (np = TRUE).  The
# tp margin's covariate has 300 distinct values, below max.knots (2000): mgcv then uses them
# all as knots, and draws none at random.
# Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later.
#
# Run from this folder with R 4.2.2 and mgcv 1.8-41:  Rscript gam_te_tp.R
# Reads ../profiles.csv and writes the case's files in the format of ../README.md:
# gam_te_tp.expected.json, gam_te_tp.fitted.csv and gam_te_tp.predict.csv.
suppressMessages(library(mgcv))
d <- read.csv("../profiles.csv")
n <- nrow(d)
f <- paste("count_copepoda ~ te(lat, logdepth, bs=c('tp','cr'), k=c(6,6)) +",
           "s(temp, bs='cr', k=8) + offset(log(volume_m3))")
m <- gam(as.formula(f), family = poisson, data = d, method = "REML")
st <- summary(m)$s.table
num <- function(v) formatC(v, digits = 15, format = "g")
labels <- sapply(m$smooth, function(s) s$label)
edf <- sapply(m$smooth, function(s) sum(m$edf[s$first.para:s$last.para]))
named <- function(v, l = labels) paste0("{", paste(sprintf('"%s": %s', l, num(v)), collapse = ", "), "}")
sp_labels <- names(m$sp)
cat(sprintf(paste0('{\n  "tool": "R %s mgcv %s",\n  "kind": "gam",\n  "formula": "%s",\n',
                   '  "family": "poisson(log); te() with a tp margin",\n',
                   '  "method": "REML",\n  "deviance": %s,\n  "null_deviance": %s,\n',
                   '  "edf_total": %s,\n  "edf_smooth": %s,\n  "scale": 1,\n',
                   '  "criterion": %s,\n  "smoothing_parameters": %s,\n',
                   '  "intercept": %s,\n  "converged": %d,\n',
                   '  "smooth_ref_df": %s,\n  "smooth_test_stat": %s,\n',
                   '  "smooth_p_value": %s,\n  "n": %d\n}\n'),
            getRversion(), packageVersion("mgcv"), f, num(m$deviance), num(m$null.deviance),
            num(sum(m$edf)), named(edf), num(m$gcv.ubre), named(m$sp, sp_labels),
            num(coef(m)[1]), as.integer(m$converged), named(st[, 2]), named(st[, 3]),
            named(st[, 4]), n),
    file = "gam_te_tp.expected.json")
write.csv(data.frame(row = seq_len(n), eta = m$linear.predictors, mu = m$fitted.values),
          "gam_te_tp.fitted.csv", row.names = FALSE, quote = FALSE)
nd <- expand.grid(lat = c(-65, -30, 0, 25, 60), logdepth = log(c(12.5, 87.5, 262.5, 612.5, 987.5)),
                  temp = c(3, 12, 24))
nd$volume_m3 <- 1
pr <- predict(m, newdata = nd, se.fit = TRUE)
write.csv(cbind(nd, eta = as.numeric(pr$fit), se_eta = as.numeric(pr$se.fit)),
          "gam_te_tp.predict.csv", row.names = FALSE, quote = FALSE)
