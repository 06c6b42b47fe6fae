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
source("case_files.R")
d <- read.csv("../profiles.csv")
f <- paste("count_copepoda ~ te(lat, logdepth, bs=c('tp','cr'), k=c(6,6)) +",
           "s(temp, bs='cr', k=8) + offset(log(volume_m3))")
m <- gam(as.formula(f), family = poisson, data = d, method = "REML")
nd <- expand.grid(lat = c(-65, -30, 0, 25, 60), logdepth = log(c(12.5, 87.5, 262.5, 612.5, 987.5)),
                  temp = c(3, 12, 24))
write_case(m, "gam_te_tp", f, "poisson(log); te() with a tp margin", nd, NULL)
