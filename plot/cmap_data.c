/* cmap_data.c: the published control points of the colour maps.
 *
 * viridis: entries 0, 16, 32, ..., 240 and 255 of the 256-entry table of
 *   matplotlib (lib/matplotlib/_cm_listed.py, `_viridis_data`), by
 *   S. van der Walt and N. Smith (2015), "A better default colormap for
 *   matplotlib", SciPy 2015; CC0.
 * cividis: the same entries of `_cividis_data` there, the map of
 *   J. R. Nunez, C. R. Anderton and R. S. Renslow (2018), "Optimizing
 *   colormaps with consideration for color vision deficiency to enable
 *   accurate interpretation of scientific data", PLoS ONE 13(7): e0199239.
 * rdbu: ColorBrewer's 11-class RdBu scheme (C. A. Brewer, colorbrewer2.org;
 *   M. Harrower and C. A. Brewer 2003, "ColorBrewer.org: an online tool for
 *   selecting colour schemes for maps", The Cartographic Journal
 *   40(1):27-37; Apache-2.0), reversed so that negative values are blue.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "cmap_internal.h"

static const double viridis[][3] = {
    {0.267004, 0.004874, 0.329415}, {0.282327, 0.094955, 0.417331},
    {0.278826, 0.175490, 0.483397}, {0.258965, 0.251537, 0.524736},
    {0.229739, 0.322361, 0.545706}, {0.199430, 0.387607, 0.554642},
    {0.172719, 0.448791, 0.557885}, {0.149039, 0.508051, 0.557250},
    {0.127568, 0.566949, 0.550556}, {0.120638, 0.625828, 0.533488},
    {0.157851, 0.683765, 0.501686}, {0.246070, 0.738910, 0.452024},
    {0.369214, 0.788888, 0.382914}, {0.515992, 0.831158, 0.294279},
    {0.678489, 0.863742, 0.189503}, {0.845561, 0.887322, 0.099702},
    {0.993248, 0.906157, 0.143936}};

static const double cividis[][3] = {
    {0.000000, 0.135112, 0.304751}, {0.000000, 0.178802, 0.414764},
    {0.103401, 0.220406, 0.435790}, {0.195057, 0.264372, 0.425924},
    {0.263738, 0.307831, 0.422789}, {0.324250, 0.351289, 0.426250},
    {0.380830, 0.395164, 0.435653}, {0.435168, 0.439763, 0.451134},
    {0.488697, 0.485318, 0.471008}, {0.547840, 0.531895, 0.471704},
    {0.609105, 0.579816, 0.463638}, {0.671991, 0.629316, 0.448018},
    {0.736488, 0.680629, 0.424028}, {0.802667, 0.733978, 0.390153},
    {0.870717, 0.789572, 0.343333}, {0.941147, 0.847530, 0.275815},
    {0.995737, 0.909344, 0.217772}};

/* #053061 #2166ac #4393c3 #92c5de #d1e5f0 #f7f7f7 #fddbc7 #f4a582 #d6604d
 * #b2182b #67001f */
static const double rdbu[][3] = {
    {5 / 255.0, 48 / 255.0, 97 / 255.0},    {33 / 255.0, 102 / 255.0, 172 / 255.0},
    {67 / 255.0, 147 / 255.0, 195 / 255.0}, {146 / 255.0, 197 / 255.0, 222 / 255.0},
    {209 / 255.0, 229 / 255.0, 240 / 255.0}, {247 / 255.0, 247 / 255.0, 247 / 255.0},
    {253 / 255.0, 219 / 255.0, 199 / 255.0}, {244 / 255.0, 165 / 255.0, 130 / 255.0},
    {214 / 255.0, 96 / 255.0, 77 / 255.0},  {178 / 255.0, 24 / 255.0, 43 / 255.0},
    {103 / 255.0, 0 / 255.0, 31 / 255.0}};

#define N(t) (sizeof t / sizeof t[0])

/* Control points are evenly spaced over [0, 1]. */
const pm_plot_cmap pm_plot_cmaps[] = {
    {"viridis", viridis, N(viridis), 0},
    {"cividis", cividis, N(cividis), 0},
    {"rdbu", rdbu, N(rdbu), 1},
};
const size_t pm_plot_ncmaps = N(pm_plot_cmaps);
