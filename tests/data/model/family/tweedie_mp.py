# tweedie_mp.py: 50-digit evaluation of the Tweedie series (Dunn & Smyth
# 2005) and its phi derivatives, an oracle for the rows where mgcv's
# ldTweedie second derivative loses digits (p near 1 or 2, large y).
# Run from the repository root with Python 3 and mpmath 1.3:
#   python3 tests/data/model/family/tweedie_mp.py
# Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later.
import itertools
import mpmath as mp

mp.mp.dps = 50


def logdensity(y, mu, p, phi):
    y, mu, p, phi = (mp.mpf(repr(v)) for v in (y, mu, p, phi))
    ma = (2 - p) / (p - 1)
    z = ma * mp.log(y) - ma * mp.log(p - 1) - mp.log(phi) / (p - 1) - mp.log(2 - p)
    j0 = max(1, int(mp.nint(y ** (2 - p) / (phi * (2 - p)))))

    def lw(j):
        return j * z - mp.loggamma(j + 1) - mp.loggamma(j * ma)

    terms, top = [], lw(j0)
    for step, start in ((1, j0), (-1, j0 - 1)):
        j = start
        while j >= 1:
            v = lw(j)
            terms.append((j, v))
            top = max(top, v)
            if v < top - 60:
                break
            j += step
    w = [(j, mp.exp(v - top)) for j, v in terms]
    s0 = mp.fsum(e for _, e in w)
    mean = mp.fsum(j * e for j, e in w) / s0
    var = mp.fsum((j - mean) ** 2 * e for j, e in w) / s0
    q = p - 1
    base = mu ** (1 - p) * (y / (1 - p) - mu / (2 - p)) / phi
    return (base - mp.log(y) + top + mp.log(s0), -base / phi - mean / (q * phi),
            2 * base / phi ** 2 + mean / (q * phi ** 2) + var / (q * phi) ** 2)


with open("tests/data/model/family/tweedie_mp.csv", "w") as out:
    out.write("y,mu,p,phi,l,d1,d2\n")
    for p, y, mu, phi in itertools.product((1.01, 1.99), (30.0, 1e3, 1e6),
                                           (0.2, 40.0), (0.02, 0.2, 1.0, 7.0)):
        row = [repr(v) for v in (y, mu, p, phi)]
        row += [mp.nstr(v, 17, min_fixed=1, max_fixed=0) for v in logdensity(y, mu, p, phi)]
        out.write(",".join(row) + "\n")
