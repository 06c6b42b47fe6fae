# simulate_ref.R: the reference of bench/simulate.sh: the virtual survey of
# `plankmap simulate` done as a user would do it in R.  It reads the table
# of sites, expands every cast to its 40 layers of 25 m (0-1000 m, 1 m3
# each), reads the Levitus temperature with ncdf4 and takes it at each
# sample's position and mid-depth with the rules of fields/field_sample.c
# (bilinear over the valid corners of the four cells around the point,
# their weights rescaled to sum to one; linear in depth between the
# bracketing levels, or the nearer level when the other has no value; no
# neighbour within a distance, as max_distance_km = 0), evaluates the truth
# (the same expression), draws negative binomial counts (rnbinom, size 2,
# mu = truth x volume, set.seed(1)) and writes the table of
# observations.csv's layout with data.table::fwrite when data.table is
# installed, else write.csv.  Salinity is not read: the truth does not use
# it, and plankmap samples only the covariates that the truth reads.  It
# prints the time of each step, and checks the total of the expected means
# and the number of samples left out against plankmap's (EXPECTED as it
# prints it, to 6 significant digits, so to 1e-6 relative or the rounding
# of that print, whichever is larger).
# With CASTS, it writes there the expected total of the first 3 casts and
# of the first 3 whose samples take a covariate from fewer than the four
# cells around them (a coast) or across the field's longitude seam, for
# simulate.sh to check cast by cast.
# Usage: Rscript simulate_ref.R SITES.tsv LEVITUS.cdf OUT.csv EXPECTED DROPPED [CASTS]
#
# Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later.
suppressMessages(library(ncdf4))

args <- commandArgs(TRUE)
expected_pm <- as.numeric(args[4])
dropped_pm <- as.integer(args[5])
edges <- seq(0, 1000, by = 25)
volume <- 1
theta <- 2
steps <- list()
step <- function(name, expr) {
  t <- system.time(value <- expr)[["elapsed"]]
  steps[[name]] <<- t
  value
}

sites <- step("read sites", read.delim(args[1], colClasses = c(
  "character", "character", "numeric", "numeric")))

s <- step("expand to layers", {
  nl <- length(edges) - 1
  i <- rep(seq_len(nrow(sites)), each = nl)
  data.frame(profile = sites$profile[i], datetime = sites$datetime[i],
             lat = sites$lat[i], lon = sites$lon[i],
             depth_top = rep(edges[-length(edges)], nrow(sites)),
             depth_bottom = rep(edges[-1], nrow(sites)),
             volume_m3 = volume, class = "virtual", stringsAsFactors = FALSE)
})

lev <- step("read Levitus", {
  nc <- nc_open(args[2])
  x <- list(lon = ncvar_get(nc, "XAXLEVITR"), lat = ncvar_get(nc, "YAXLEVITR"),
            z = ncvar_get(nc, "ZAXLEVITR"), temp = ncvar_get(nc, "TEMP"))
  nc_close(nc)
  x
})

# The field at (lon, lat, depth), as pm_field_sample on a periodic grid of
# even steps: lev$temp[i, j, k] is longitude i, latitude j, level k.
sample_field <- function(f, lon, lat, depth, v) {
  nx <- length(f$lon); ny <- length(f$lat); dx <- f$lon[2] - f$lon[1]
  x <- (lon - f$lon[1]) %% 360
  i0 <- floor(x / dx); wx <- (x - i0 * dx) / dx
  i0 <- i0 %% nx; i1 <- (i0 + 1) %% nx
  j0 <- pmin(pmax(findInterval(lat, f$lat), 1), ny - 1)
  wy <- pmin(pmax((lat - f$lat[j0]) / (f$lat[j0 + 1] - f$lat[j0]), 0), 1)
  k0 <- pmin(pmax(findInterval(depth, f$z), 1), length(f$z) - 1)
  wz <- pmax((depth - f$z[k0]) / (f$z[k0 + 1] - f$z[k0]), 0)
  bilinear <- function(k) {
    sum <- 0; wsum <- 0; partial <- FALSE
    for (c in list(list(i0, j0, (1 - wx) * (1 - wy)), list(i1, j0, wx * (1 - wy)),
                   list(i0, j0 + 1, (1 - wx) * wy), list(i1, j0 + 1, wx * wy))) {
      val <- v[cbind(c[[1]] + 1, c[[2]], k)]
      w <- c[[3]]
      partial <- partial | (is.na(val) & w > 0)
      w[is.na(val) | w <= 0] <- 0
      val[w == 0] <- 0
      sum <- sum + w * val; wsum <- wsum + w
    }
    value <- sum / wsum
    value[wsum == 0] <- NA
    attr(value, "partial") <- partial
    value
  }
  v0 <- bilinear(k0)
  v1 <- bilinear(k0 + 1)
  edge <- attr(v0, "partial") | attr(v1, "partial") | i1 == 0
  value <- (1 - wz) * v0 + wz * v1
  gap <- is.na(v0) | is.na(v1)
  one <- wz == 0 | (gap & wz < 0.5)
  value[one] <- v0[one]
  other <- gap & wz >= 0.5
  value[other] <- v1[other]
  attr(value, "edge") <- edge
  value
}

s$depth <- (s$depth_top + s$depth_bottom) / 2
s$temp <- step("covariates", sample_field(lev, s$lon, s$lat, s$depth, lev$temp))

edge <- attr(s$temp, "edge")
profile_all <- s$profile
keep <- is.finite(s$temp)
s <- s[keep, ]
mu <- step("truth", with(s, exp(2 + 0.8 * exp(-((temp - 20) / 5)^2) -
                                  0.7 * log1p(depth / 150)) * volume_m3))

set.seed(1)
s$count <- step("draws", rnbinom(length(mu), size = theta, mu = mu))

out <- s[c("profile", "datetime", "lat", "lon", "depth_top", "depth_bottom",
           "volume_m3", "class", "count")]
writer <- if (requireNamespace("data.table", quietly = TRUE))
  "data.table::fwrite" else "write.csv"
invisible(step(writer, if (writer == "write.csv") write.csv(out, args[3], row.names = FALSE)
             else data.table::fwrite(out, args[3])))

if (length(args) >= 6) {
  pick <- unique(c(head(sites$profile, 3), head(unique(profile_all[edge]), 3)))
  write.table(data.frame(profile = pick,
                         expected = vapply(pick, function(p)
                           sum(mu[s$profile == p]), 0),
                         edge = as.integer(pick %in% profile_all[edge])),
              args[6], sep = "\t", quote = FALSE, row.names = FALSE)
}
for (k in names(steps))
  cat(sprintf("simulate_ref: %-20s %7.2f s\n", k, steps[[k]]))
total <- sum(mu)
digits <- 10^(floor(log10(abs(expected_pm))) - 5)
tol <- max(1e-6 * abs(expected_pm), digits / 2)
cat(sprintf(paste("simulate_ref: %d samples (%d left out), %.10g expected",
                  "from the truth; plankmap %.6g (%d left out): relative",
                  "difference %.2g\n"),
            nrow(s), sum(!keep), total, expected_pm, dropped_pm,
            (total - expected_pm) / expected_pm))
if (abs(total - expected_pm) > tol || sum(!keep) != dropped_pm) {
  cat("simulate_ref: the expected totals or the samples left out differ\n")
  quit(status = 1)
}
