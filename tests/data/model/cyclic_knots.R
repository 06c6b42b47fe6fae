# cyclic_knots.R: the oracle of the user-knots case of tests/cli_fit.sh: the
# reference case gam_poisson_cyclic refitted with mgcv's
# knots = list(month = c(0.5, 12.5)) (the reference set's own file was made
# without them).  Run from tests/data/model:
#   Rscript cyclic_knots.R > cyclic_knots.expected.json
# Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later.
suppressMessages(library(mgcv))
d <- read.csv("reference/profiles.csv")
f <- count_copepoda ~ s(temp, bs = "cr", k = 10) + s(logdepth, bs = "cr", k = 10) +
  s(month, bs = "cc", k = 6) + offset(log(volume_m3))
m <- gam(f, family = poisson, data = d, method = "REML",
         knots = list(month = c(0.5, 12.5)))
edf <- sapply(m$smooth, function(s) sum(m$edf[s$first.para:s$last.para]))
names(edf) <- sapply(m$smooth, function(s) s$label)
cat(sprintf('{\n  "tool": "R %s mgcv %s",\n  "formula": "%s",\n  "deviance": %.17g,\n  "edf_smooth": {%s},\n  "n": %d\n}\n',
            paste(R.version$major, R.version$minor, sep = "."),
            as.character(packageVersion("mgcv")),
            gsub('"', "'", paste(deparse(f, width.cutoff = 500), collapse = "")),
            deviance(m),
            paste(sprintf('"%s": %.17g', names(edf), edf), collapse = ", "), nrow(d)))
