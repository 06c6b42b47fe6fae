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
source("case_files.R")
p <- read.csv("../profiles.csv")
p <- p[as.integer(substring(p$profile_id, 2)) %% 3 == 1, ]
band <- ifelse(p$lat < -20, "south", ifelse(p$lat > 20, "north", "tropic"))
d <- data.frame(band = band, logdepth = p$logdepth, temp = p$temp, volume_m3 = p$volume_m3,
                count_phaeodaria = p$count_phaeodaria)
write.csv(d, "gam_factor_by.data.csv", row.names = FALSE, quote = FALSE)
d <- read.csv("gam_factor_by.data.csv", stringsAsFactors = TRUE)
f <- paste("count_phaeodaria ~ factor(band) + s(logdepth, bs='cr', k=8, by=band) +",
           "s(temp, bs='cr', k=6) + offset(log(volume_m3))")
m <- gam(as.formula(f), family = poisson, data = d, method = "REML")
nd <- expand.grid(logdepth = log(c(12.5, 87.5, 262.5, 612.5, 987.5)), temp = c(2, 10, 25),
                  band = c("north", "south", "tropic"), stringsAsFactors = FALSE)
write_case(m, "gam_factor_by", f, "poisson(log); factor by: one smooth of logdepth per band", nd, "gam_factor_by.data.csv")
