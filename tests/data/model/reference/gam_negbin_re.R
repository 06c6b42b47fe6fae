# gam_negbin_re.R: the oracle of a negative binomial GAM with a random
# effect: mgcv's gam(..., family = nb(), method = "REML") with
# s(profile_id, bs = 're') on the first 100 profiles of profiles.csv (4000
# rows), theta estimated.  It writes the case's three files (README.md).
# Run from tests/data/model/reference:  Rscript gam_negbin_re.R
# Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later.
suppressMessages(library(mgcv))
name <- "gam_negbin_re"
d <- read.csv("profiles.csv")
d <- d[d$profile_id <= "P00100", ]
d$profile_id <- factor(d$profile_id)
f <- paste("count_copepoda ~ s(temp, bs='cr', k=10) + s(logdepth, bs='cr', k=8)",
           "+ s(profile_id, bs='re') + offset(log(volume_m3))")
m <- gam(as.formula(f), family = nb(), data = d, method = "REML")
num <- function(x) formatC(x, digits = 15, format = "g")
named <- function(x) paste(sprintf('"%s": %s', names(x), num(x)), collapse = ", ")
edf <- sapply(m$smooth, function(s) sum(m$edf[s$first.para:s$last.para]))
names(edf) <- sapply(m$smooth, function(s) s$label)
st <- summary(m)$s.table
json <- c(sprintf('"tool": "R %s mgcv %s"', getRversion(), packageVersion("mgcv")),
          '"kind": "gam"', sprintf('"formula": "%s"', f),
          '"family": "negative binomial(log), theta estimated (mgcv nb()); profile_id is a random effect (factor); profiles P00001-P00100 only"',
          sprintf('"method": "%s"', m$method),
          sprintf('"deviance": %s', num(m$deviance)),
          sprintf('"null_deviance": %s', num(m$null.deviance)),
          sprintf('"edf_total": %s', num(sum(m$edf))),
          sprintf('"edf_smooth": {%s}', named(edf)),
          sprintf('"scale": %s', num(m$sig2)),
          sprintf('"criterion": %s', num(as.numeric(m$gcv.ubre))),
          sprintf('"smoothing_parameters": {%s}', named(m$sp)),
          sprintf('"intercept": %s', num(unname(coef(m)[1]))),
          sprintf('"theta": %s', num(m$family$getTheta(TRUE))),
          sprintf('"smooth_ref_df": {%s}', named(setNames(st[, 2], rownames(st)))),
          sprintf('"smooth_test_stat": {%s}', named(setNames(st[, 3], rownames(st)))),
          sprintf('"smooth_p_value": {%s}', named(setNames(st[, 4], rownames(st)))),
          sprintf('"dataset": "profiles.csv, profile_id <= P00100"'),
          sprintf('"n": %d', nrow(d)))
writeLines(paste0("{\n  ", paste(json, collapse = ",\n  "), "\n}"),
           paste0(name, ".expected.json"))
write.csv(data.frame(row = seq_along(m$fitted.values), eta = m$linear.predictors,
                     mu = m$fitted.values),
          paste0(name, ".fitted.csv"), row.names = FALSE, quote = FALSE)
nd <- expand.grid(temp = seq(quantile(d$temp, .05), quantile(d$temp, .95), length.out = 4),
                  logdepth = log(c(12.5, 112.5, 362.5, 862.5)),
                  profile_id = levels(d$profile_id)[c(1, 17, 50, 100)])
nd$volume_m3 <- 1
p <- predict(m, newdata = nd, se.fit = TRUE, type = "link")
write.csv(cbind(nd, eta = as.numeric(p$fit), se_eta = as.numeric(p$se.fit)),
          paste0(name, ".predict.csv"), row.names = FALSE, quote = FALSE)
