# gam_factor_by.R: a smooth with a factor by= variable, one smooth of depth per latitude band
# (mgcv's s(x, by=f): each level's smooth keeps its sum-to-zero constraint, zero on the other
# levels' rows), with the band's main effect as a parametric factor.
# Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later.
#
# Run from this folder with R 4.2.2 and mgcv 1.8-41:  Rscript gam_factor_by.R
# Reads ../profiles.csv and writes gam_factor_by.data.csv (every third profile, 4000 rows, with
# the latitude band: south below 20S, tropic, north above 20N) and the case's files in the
# format of ../README.md: gam_factor_by.expected.json, gam_factor_by.fitted.csv and
# gam_factor_by.predict.csv.
suppressMessages(library(mgcv))
p <- read.csv("../profiles.csv")
p <- p[as.integer(substring(p$profile_id, 2)) %% 3 == 1, ]
band <- ifelse(p$lat < -20, "south", ifelse(p$lat > 20, "north", "tropic"))
d <- data.frame(band = band, logdepth = p$logdepth, temp = p$temp, volume_m3 = p$volume_m3,
                count_phaeodaria = p$count_phaeodaria)
write.csv(d, "gam_factor_by.data.csv", row.names = FALSE, quote = FALSE)
d <- read.csv("gam_factor_by.data.csv", stringsAsFactors = TRUE)
n <- nrow(d)
f <- paste("count_phaeodaria ~ factor(band) + s(logdepth, bs='cr', k=8, by=band) +",
           "s(temp, bs='cr', k=6) + offset(log(volume_m3))")
m <- gam(as.formula(f), family = poisson, data = d, method = "REML")
st <- summary(m)$s.table
num <- function(v) formatC(v, digits = 15, format = "g")
labels <- sapply(m$smooth, function(s) s$label)
edf <- sapply(m$smooth, function(s) sum(m$edf[s$first.para:s$last.para]))
named <- function(v) paste0("{", paste(sprintf('"%s": %s', labels, num(v)), collapse = ", "), "}")
cat(sprintf(paste0('{\n  "tool": "R %s mgcv %s",\n  "kind": "gam",\n  "formula": "%s",\n',
                   '  "family": "poisson(log); factor by: one smooth of logdepth per band",\n',
                   '  "method": "REML",\n  "deviance": %s,\n  "null_deviance": %s,\n',
                   '  "edf_total": %s,\n  "edf_smooth": %s,\n  "scale": 1,\n',
                   '  "criterion": %s,\n  "smoothing_parameters": %s,\n',
                   '  "intercept": %s,\n  "converged": %d,\n',
                   '  "smooth_ref_df": %s,\n  "smooth_test_stat": %s,\n',
                   '  "smooth_p_value": %s,\n  "dataset": "gam_factor_by.data.csv",\n',
                   '  "n": %d\n}\n'),
            getRversion(), packageVersion("mgcv"), f, num(m$deviance), num(m$null.deviance),
            num(sum(m$edf)), named(edf), num(m$gcv.ubre), named(m$sp),
            num(coef(m)[1]), as.integer(m$converged), named(st[, 2]), named(st[, 3]),
            named(st[, 4]), n),
    file = "gam_factor_by.expected.json")
write.csv(data.frame(row = seq_len(n), eta = m$linear.predictors, mu = m$fitted.values),
          "gam_factor_by.fitted.csv", row.names = FALSE, quote = FALSE)
nd <- expand.grid(logdepth = log(c(12.5, 87.5, 262.5, 612.5, 987.5)), temp = c(2, 10, 25),
                  band = c("north", "south", "tropic"), stringsAsFactors = FALSE)
nd$volume_m3 <- 1
pr <- predict(m, newdata = nd, se.fit = TRUE)
write.csv(cbind(nd, eta = as.numeric(pr$fit), se_eta = as.numeric(pr$se.fit)),
          "gam_factor_by.predict.csv", row.names = FALSE, quote = FALSE)
