# tweedie_glm.R: the oracle of the Tweedie power estimated without smooths:
# mgcv's gam(..., family = tw(), method = "REML") on the reference table.
# Run from tests/data/model:  Rscript tweedie_glm.R > tweedie_glm.expected.json
# Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later.
suppressMessages(library(mgcv))
d <- read.csv("reference/profiles.csv")
f <- biomass_mgC_m3 ~ temp + logdepth
m <- gam(f, family = tw(), data = d, method = "REML")
cat(sprintf('{\n  "tool": "R %s mgcv %s",\n  "kind": "glm",\n  "formula": "%s",\n  "coefficients": {%s},\n  "deviance": %.17g,\n  "tweedie_p": %.17g,\n  "n": %d\n}\n',
            paste(R.version$major, R.version$minor, sep = "."),
            as.character(packageVersion("mgcv")),
            paste(deparse(f, width.cutoff = 500), collapse = ""),
            paste(sprintf('"%s": %.17g', names(coef(m)), coef(m)), collapse = ", "),
            deviance(m), m$family$getTheta(TRUE), nrow(d)))
