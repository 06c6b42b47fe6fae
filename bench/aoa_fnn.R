# aoa_fnn.R: the reference of bench/bench_aoa.c: the dissimilarity index of
# the area of applicability (Meyer & Pebesma 2021, Methods Ecol. Evol.
# 12:1620-1633, eq. 2-4) computed with FNN::knnx.dist (kd_tree), the
# nearest-neighbour search of CAST's aoa(), on the same training rows and
# cells, which it makes from the same formulas and additive recurrences as
# bench_aoa.c.  It standardises and weights the covariates as
# predict/aoa.c does (mean, sd with n - 1, times the weight), estimates the
# mean distance between training rows from 1e7 random pairs (R's own
# generator: plankmap draws its pairs with GSL's, so the two estimates
# differ by their sampling error), finds each training row's nearest row
# of another fold and the threshold (boxplot.stats' upper whisker), then
# the index of every cell (of LAYERS evenly spread layers only, the time
# scaled to all, when LAYERS is given).  It prints its times against
# plankmap's, read from CHECK (written by bench_aoa), and checks a few
# cells' indices, their sum over the grid and the threshold against
# plankmap's, computed with plankmap's mean distance, to 1e-9 relative.
# Usage: Rscript aoa_fnn.R CHECK [LAYERS]
#
# Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later.
suppressMessages(library(FNN))

args <- commandArgs(TRUE)
fields <- strsplit(readLines(args[1]), " ")
key <- vapply(fields, `[`, "", 1)
value <- function(k) as.numeric(fields[[which(key == k)]][2])
n <- value("train"); L <- value("layers"); m <- value("cells")
dbar_c <- value("dbar")
check_cells <- t(vapply(fields[key == "cell"],
                        function(f) as.numeric(f[2:3]), c(0, 0)))
weight <- c(1, 0.5, 0.8, 0.3)

weyl <- function(i, q) { v <- i * sqrt(q); v - floor(v) }
depths <- 5 * exp((0:(L - 1)) * log(1000) / (L - 1))
covariates <- function(lon, lat, depth)
  cbind(2 + 26 * cos(lat * pi / 180) * exp(-depth / 600) +
          2 * sin(lon * pi / 180) * exp(-depth / 300),
        34.5 + 1.2 * cos(lat * pi / 90) * exp(-depth / 1000) +
          0.3 * cos(2 * lon * pi / 180),
        log(depth), lat)

# The training rows: casts of L layers, 25 casts per cruise track.
i <- 0:(n - 1)
k <- i %/% L; cruise <- k %/% 25; s <- k %% 25
x <- covariates(-180 + 360 * weyl(cruise, 2) + 0.8 * s,
                -60 + 120 * weyl(cruise, 3) + 0.4 * (s - 12),
                depths[i %% L + 1] * (0.9 + 0.2 * weyl(i, 5)))
x[, 1] <- x[, 1] + 0.4 * (weyl(i, 7) - 0.5)
x[, 2] <- x[, 2] + 0.1 * (weyl(i, 11) - 0.5)
fold <- k %% 5

# The cells c (0-based; longitude fastest, then latitude, then layer), and
# those of some layers.
cell_at <- function(c)
  covariates(-179.5 + c %% 360, -89.5 + (c %/% 360) %% 180,
             depths[c %/% (360 * 180) + 1])
cells <- function(layers)
  cell_at(as.vector(outer(0:(360 * 180 - 1), (layers - 1) * 360 * 180, "+")))

# Wall-clock and CPU seconds.
clock <- function() { t <- proc.time(); c(t[["elapsed"]], t[["user.self"]] + t[["sys.self"]]) }

# Standardised, weighted training rows, mean distance, CV distances.
t0 <- clock()
centre <- colMeans(x)
scale <- weight / apply(x, 2, sd)
standardise <- function(v) sweep(sweep(v, 2, centre), 2, scale, "*")
z <- standardise(x)
set.seed(1)
dsum <- 0
for (b in 1:10) {
  u <- sample.int(n, 1e6, TRUE)
  v <- sample.int(n - 1, 1e6, TRUE); v <- v + (v >= u)
  dsum <- dsum + sum(sqrt(rowSums((z[u, ] - z[v, ])^2)))
}
dbar_r <- dsum / 1e7
dtrain <- numeric(n)
for (f in 0:4)
  dtrain[fold == f] <- knnx.dist(z[fold != f, ], z[fold == f, , drop = FALSE],
                                 k = 1, algorithm = "kd_tree")
threshold_r <- boxplot.stats(dtrain / dbar_r)$stats[5]
t_alloc <- clock() - t0

# The index of the cells, their standardisation included.
timed <- 1:L
if (length(args) > 1) timed <- round(seq(1, L, length.out = as.numeric(args[2])))
g <- cells(timed)
t0 <- clock()
di <- knnx.dist(z, standardise(g), k = 1, algorithm = "kd_tree")[, 1] / dbar_r
t_index <- (clock() - t0) * L / length(timed)
rm(g)

cat(sprintf(paste0("aoa_fnn.R: FNN %s knnx.dist (kd_tree), R %s, %d ",
                   "training rows, %d cells%s\n"),
            packageVersion("FNN"), getRversion(), n, m,
            if (length(timed) < L)
              sprintf(" (%d of %d layers timed, time scaled)", length(timed), L)
            else ""))
versus <- function(what, t, k)
  cat(sprintf(paste0("  %s: %.3f s (CPU %.3f s), plankmap %.3f s (CPU %.3f s), ",
                     "FNN / plankmap %.2f (CPU %.2f)\n"), what, t[1], t[2],
              value(paste0(k, "_s")), value(paste0(k, "_cpu")),
              t[1] / value(paste0(k, "_s")), t[2] / value(paste0(k, "_cpu"))))
versus("standardise, mean distance (1e7 pairs), CV distances, threshold",
       t_alloc, "alloc")
versus(sprintf("index of every cell (%.0f cells/s)", m / t_index[1]), t_index,
       "index")

# Checks against plankmap, with plankmap's mean distance.
rel <- function(a, b) abs(a - b) / abs(b)
d_check <- knnx.dist(z, standardise(cell_at(check_cells[, 1])), k = 1,
                     algorithm = "kd_tree")[, 1] / dbar_c
e_cells <- max(rel(d_check, check_cells[, 2]))
e_threshold <- rel(boxplot.stats(dtrain / dbar_c)$stats[5], value("threshold"))
e_sum <- inside <- NA
if (length(timed) == L) {
  e_sum <- rel(sum(di * dbar_r / dbar_c), value("sum"))
  inside <- sum(di * dbar_r / dbar_c <= value("threshold"))
}
ok <- e_cells < 1e-9 && e_threshold < 1e-9 && (is.na(e_sum) || e_sum < 1e-9)
cat(sprintf(paste0("  check against plankmap (its mean distance): %d cells' ",
                   "index %.2g, threshold %.2g, sum over the cells %.2g ",
                   "(relative differences, limit 1e-9), cells inside %s ",
                   "(plankmap %d): %s\n",
                   "  mean distance: R's 1e7 pairs %.6f, plankmap's %.6f ",
                   "(relative difference %.2g, sampling); threshold %.6f\n"),
            nrow(check_cells), e_cells, e_threshold, e_sum, inside,
            value("inside"), if (ok) "ok" else "FAILED", dbar_r, dbar_c,
            rel(dbar_r, dbar_c), threshold_r))
if (!ok) quit(status = 1)
