# case_files.R: the three files of a reference case (../README.md) from an mgcv fit, for the
# case scripts of this folder (source("case_files.R") in this folder).
# Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later.
#
# write_case(m, name, formula, family, nd, dataset): NAME.expected.json (the fit's summary
# values; `family` is its description, `dataset` the table of its own or NULL),
# NAME.fitted.csv (eta and mu per row) and NAME.predict.csv (the new rows nd, volume_m3 = 1,
# with eta and se_eta).
write_case <- function(m, name, formula, family, nd, dataset = NULL) {
  st <- summary(m)$s.table
  num <- function(v) formatC(v, digits = 15, format = "g")
  labels <- sapply(m$smooth, function(s) s$label)
  edf <- sapply(m$smooth, function(s) sum(m$edf[s$first.para:s$last.para]))
  named <- function(v, l = labels)
    paste0("{", paste(sprintf('"%s": %s', l, num(v)), collapse = ", "), "}")
  data_line <- if (is.null(dataset)) "" else sprintf('  "dataset": "%s",\n', dataset)
  cat(sprintf(paste0('{\n  "tool": "R %s mgcv %s",\n  "kind": "gam",\n  "formula": "%s",\n',
                     '  "family": "%s",\n',
                     '  "method": "REML",\n  "deviance": %s,\n  "null_deviance": %s,\n',
                     '  "edf_total": %s,\n  "edf_smooth": %s,\n  "scale": 1,\n',
                     '  "criterion": %s,\n  "smoothing_parameters": %s,\n',
                     '  "intercept": %s,\n  "converged": %d,\n',
                     '  "smooth_ref_df": %s,\n  "smooth_test_stat": %s,\n',
                     '  "smooth_p_value": %s,\n%s  "n": %d\n}\n'),
              getRversion(), packageVersion("mgcv"), formula, family, num(m$deviance),
              num(m$null.deviance), num(sum(m$edf)), named(edf), num(m$gcv.ubre),
              named(m$sp, names(m$sp)), num(coef(m)[1]), as.integer(m$converged),
              named(st[, 2]), named(st[, 3]), named(st[, 4]), data_line, nrow(m$model)),
      file = paste0(name, ".expected.json"))
  write.csv(data.frame(row = seq_len(nrow(m$model)), eta = m$linear.predictors,
                       mu = m$fitted.values),
            paste0(name, ".fitted.csv"), row.names = FALSE, quote = FALSE)
  nd$volume_m3 <- 1
  pr <- predict(m, newdata = nd, se.fit = TRUE)
  write.csv(cbind(nd, eta = as.numeric(pr$fit), se_eta = as.numeric(pr$se.fit)),
            paste0(name, ".predict.csv"), row.names = FALSE, quote = FALSE)
}
