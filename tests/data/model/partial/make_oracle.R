# make_oracle.R: the oracle of tests/test_partial.c.  Cuts partial.csv (the
# first 40 profiles of ../reference/profiles.csv, with a text column `basin`)
# and writes partial.expected.csv: mgcv's predict.gam(type = "terms",
# se.fit = TRUE) of each term over the grid plankmap draws it on (100
# points over the fitted range, 50 x 50 for te(), every level of a factor).
# Run with R 4.2.2 and mgcv 1.8-41:  Rscript make_oracle.R
# Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later.
suppressMessages(library(mgcv))
all <- read.csv("../reference/profiles.csv", stringsAsFactors = FALSE)
keep <- all$profile_id %in% sort(unique(all$profile_id))[1:40]
d <- all[keep, c("profile_id", "lat", "logdepth", "volume_m3", "temp", "oxy",
                 "count_copepoda")]
d$basin <- ifelse(d$lat >= 0, "north", "south")
d$lat <- round(d$lat, 4); d$temp <- round(d$temp, 4); d$oxy <- round(d$oxy, 3)
d$logdepth <- round(d$logdepth, 6); d$volume_m3 <- round(d$volume_m3, 6)
write.csv(d, "partial.csv", row.names = FALSE, quote = FALSE)
d <- read.csv("partial.csv", stringsAsFactors = TRUE)
fit <- gam(count_copepoda ~ oxy + factor(basin) + s(temp, bs = "cr", k = 8) +
             te(logdepth, lat, bs = "cr", k = c(5, 5)) +
             s(profile_id, bs = "re") + offset(log(volume_m3)),
           family = poisson(), method = "REML", data = d)
grid <- function(v, n) seq(min(d[[v]]), max(d[[v]]), length.out = n)
base <- d[rep(1, 2500), ]
out <- NULL
term <- function(label, x, y, nd) {
  p <- predict(fit, newdata = nd, type = "terms", se.fit = TRUE)
  # the labels' commas as semicolons, for a plain CSV
  data.frame(term = gsub(",", ";", label), x = x, y = y, fit = sprintf("%.10g", p$fit[, label]),
             se = sprintf("%.10g", p$se.fit[, label]))
}
one <- function(label, v) {
  nd <- base[1:100, ]; nd[[v]] <- grid(v, 100)
  term(label, nd[[v]], NA, nd)
}
out <- rbind(one("oxy", "oxy"), one("s(temp)", "temp"))
nd <- base; g <- expand.grid(y = grid("lat", 50), x = grid("logdepth", 50))
nd$logdepth <- g$x; nd$lat <- g$y    # x slowest: index i * 50 + j
out <- rbind(out, term("te(logdepth,lat)", g$x, g$y, nd))
lev <- function(label, v) {
  l <- levels(d[[v]]); nd <- base[seq_along(l), ]
  nd[[v]] <- factor(l, levels = l)
  term(label, seq_along(l) - 1, NA, nd)
}
out <- rbind(out, lev("factor(basin)", "basin"), lev("s(profile_id)", "profile_id"))
write.csv(out, "partial.expected.csv", row.names = FALSE, quote = FALSE)
cat(sprintf("edf %s\n", paste(round(summary(fit)$edf, 4), collapse = " ")))
