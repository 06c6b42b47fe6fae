/* smooth_internal.h: the margins of the smooth bases and the basis types
 * that set them up.
 *
 * A margin is the basis of one covariate (cr, ps, cc, re, and the margins of
 * te()) or of several together (tp, ts: one isotropic basis of d
 * covariates; sos: latitude and longitude on the sphere) before any
 * identifiability constraint: its knots (or factor levels), its penalty
 * and, inside a tensor product, the reparametrization mgcv applies to it.
 * What differs between bases is in a pm_basis_type, as GSL's
 * gsl_interp_type: one constant instance per basis, defined in that
 * basis's file (basis_cr.c ...), and the table of them in basis.c.  Calls
 * go one way: smooth.c calls the bases through their types and the tensor
 * products of basis_te.c, and these call only basis_util.c and, for the
 * kernel splines (tp, ts, sos), basis_tp.c.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#ifndef PM_SMOOTH_INTERNAL_H
#define PM_SMOOTH_INTERNAL_H

#include <stddef.h>

#include "pm_formula.h"
#include "pm_frame.h"

#define PM_TE_MAX_MARGINS 8

typedef struct pm_basis_type pm_basis_type;
typedef struct pm_kernel_spline pm_kernel_spline;

typedef struct {
  const pm_basis_type *type;
  const char *label; /* the term's label, for messages */
  const char *var;   /* the (first) covariate's name */
  size_t nvar;       /* covariates of the margin: 1, or d for tp, ts, sos */
  size_t dim;        /* columns of the margin basis */
  size_t null_dim;   /* dimension of the penalty's null space */
  size_t nknots;
  double *knots;     /* cr, cc: the knots; ps: the B-spline knots */
  double *F;         /* cr: nk x nk, B^{-1}D with zero end rows; cc: BD */
  double *S;         /* dim x dim penalty, before any scaling */
  int order;         /* ps: B-spline order (4: cubic) */
  int diff_order;    /* ps: order of the difference penalty */
  size_t nlevels;    /* re on a text column: levels of the column, else 0 */
  double *levmap;    /* re: coefficient index per level, -1 if unused */
  double *xp;        /* tensor margins: dim x dim reparametrization or NULL */
  int m;             /* tp: the penalty order; sos: the kernel, 0..4 */
  size_t max_knots;  /* tp, sos: most knots taken from the data (0: 2000) */
  double *shift;     /* tp: nvar means subtracted from the covariates (sos:
                      * zeros) */
  double *uz;        /* tp, sos: (nknots + M) x dim, the kernel values and
                      * the M null-space functions to the basis (mgcv's
                      * UZ) */
} pm_margin;

struct pm_basis_type {
  const char *name; /* as mgcv's bs= names it: "cr" */
  int factor;       /* 1: the covariate may be text, its levels (re) */
  int centred;      /* 1: the sum-to-zero constraint applies (not re) */
  int te_reparam;   /* 1: inside te(), coefficients become values at even
                     * points (mgcv's np = TRUE; cr and cc already are) */
  int multi;        /* 1: one isotropic basis of several covariates (tp,
                     * ts, sos) */
  /* The kernel of a spline built on its knots by basis_tp.c (tp, ts, sos),
   * else NULL. */
  const pm_kernel_spline *kernel;
  /* Place the knots (or note the levels) on the fitting rows[0..n) of the
   * margin's nvar columns c[0..nvar) (NULL rows: 0..n-1, n >= 1); k and m
   * are the term's settings for this margin (0: mgcv's default), uknots the
   * user's knots or NULL (tp, sos: nuknots points, the values of
   * covariate j at uknots[j * nuknots ..]).  The columns are numeric
   * unless `factor`. */
  int (*setup)(pm_margin *mg, const pm_column *const *c, const size_t *rows,
               size_t n, int k, int m, const double *uknots, size_t nuknots);
  /* For a margin read back from the model file: the settings k and m imply,
   * and the number of knots stored (0: factor levels are stored instead).
   * NULL where the basis is stored whole (`restored`). */
  size_t (*stored)(pm_margin *mg, int k, int m);
  /* dim, null_dim and the penalty (and F) from the knots or levels; NULL
   * where setup builds the basis itself (tp, ts, sos: it is scaled on the
   * fitting rows). */
  int (*build)(pm_margin *mg);
  /* For a basis stored whole (tp, sos: knots, shift, uz and S read back, of
   * len[0..4) values): check the lengths against k and m, set dim, null_dim
   * and nknots.  NULL for the bases rebuilt from their knots. */
  int (*restored)(pm_margin *mg, int k, int m, const size_t len[4]);
  /* The basis at row `row` of the columns c[0..nvar) into out[0..dim);
   * unless `factor`, they are numeric and not missing there. */
  int (*row)(const pm_margin *mg, const pm_column *const *c, size_t row,
             double *out);
  /* The rows of x[rows[i]] (NULL rows: x[i]), i < n, into out (n x dim), no
   * value NaN; faster than row by row.  NULL where a basis has none. */
  void (*rows)(const pm_margin *mg, const double *x, const size_t *rows,
               size_t n, double *out);
};

extern const pm_basis_type *const pm_basis_cr, *const pm_basis_ps,
    *const pm_basis_cc, *const pm_basis_re, *const pm_basis_tp,
    *const pm_basis_ts, *const pm_basis_cs, *const pm_basis_sos;

/* The kind of the basis named `name` in mgcv's bs= ("cr"); -1 when there
 * is none. */
int pm_basis_kind_of(const char *name, pm_basis_kind *kind);
/* The names of the bases for messages, in the table's order ("cr, ps,
 * ..."), into list[0..size). */
void pm_basis_known(char *list, size_t size);
/* The basis of a term's margin (pm_formula.h), or NULL. */
const pm_basis_type *pm_basis_of(pm_basis_kind kind);

/* Shared by the bases (basis_util.c). */
/* Sorted distinct values of x over the rows (NULL rows: 0..n-1), in a new
 * array; *nu its length.  An error names the term for a missing value, or
 * when there are fewer than `k` distinct values (k = 0: no minimum). */
int pm_margin_unique(const pm_margin *mg, const double *x, const size_t *rows,
                     size_t n, int k, double **u, size_t *nu);

/* The shrinkage bases (Marra & Wood 2011, Computational Statistics & Data
 * Analysis 55:2372-2387; mgcv's ts and cs): the penalty's null_dim zero
 * eigenvalues become positive, so that the whole smooth can be penalized
 * away; then null_dim = 0.  With `cascade` 0 (ts)
 * each becomes `shrink` times the smallest positive eigenvalue; with 1 (cs)
 * the first of them is that and each next one `shrink` times the one
 * before. */
int pm_margin_shrink(pm_margin *mg, double shrink, int cascade);

/* Thin-plate regression splines (tp_kernel.c; Wood 2003, JRSSB 65:95-114). */
/* mgcv's penalty order for d covariates: m itself when 2m > d, else (m = 0
 * for the default) the smallest order with 2m > d + 1. */
int pm_tp_order(int m, size_t d);
/* M = choose(m + d - 1, d), the dimension of the penalty's null space: the
 * polynomials of degree < m in d variables. */
size_t pm_tp_null_dim(int m, size_t d);
/* mgcv's default basis dimension: M + 8, 27 or 100 for d = 1, 2, >= 3. */
int pm_tp_default_k(int m, size_t d);
/* The constant c of the kernel eta_md (Wood 2017, section 5.5.1; Duchon
 * 1977), m an order of pm_tp_order. */
double pm_tp_eta_constant(int m, size_t d);
/* The kernel eta_md(r) at squared distance r2, c its constant. */
double pm_tp_eta(double r2, int m, size_t d, double c);
/* The M polynomials of degree < m at the point x[0..d) into t[0..M), in a
 * fixed order: 1 first, then by increasing degree. */
void pm_tp_poly(const double *x, int m, size_t d, double *t);

/* The splines built from a reproducing kernel on their knots (basis_tp.c;
 * Wood 2003, section 2; Wood 2017, sections 5.5.1 and 5.6.3): what a basis
 * of them (tp, ts, sos) supplies. */
struct pm_kernel_spline {
  /* mg->m and mg->dim from the term's k and m (0: the defaults), or an
   * error naming the term. */
  int (*settings)(pm_margin *mg, int k, int m);
  /* M, the dimension of the penalty's null space. */
  size_t (*null_dim)(const pm_margin *mg);
  /* The M functions of the null space at the point x[0..nvar) into t. */
  void (*null_basis)(const pm_margin *mg, const double *x, double *t);
  /* The kernel's constant factor, c below. */
  double (*constant)(const pm_margin *mg);
  /* The kernel between the points x and y (each nvar values). */
  double (*kernel)(const pm_margin *mg, const double *x, const double *y,
                   double c);
  /* PM_SUCCESS if x[0..nvar), the i-th (0-based) of `what` ("data row",
   * "knot"), is a point of the basis's domain, else an error naming the
   * term; NULL: all points are. */
  int (*check)(const pm_margin *mg, const double *x, const char *what,
               size_t i);
  int centre;  /* 1: the covariates are centred on their means (tp) */
  int sd_scale; /* 1: columns scaled to a standard deviation of 1, the one
                 * of least deviation left (mgcv's sos); 0: to a root mean
                 * square of 1 (tp) */
  int first;   /* 1: the null-space constraint is rotated into the first
                * coefficient (mgcv's sos, a QR); 0: into the last (tp) */
};

/* The setup, restored and row of pm_basis_type for these splines. */
int pm_kernel_setup(pm_margin *mg, const pm_column *const *c,
                    const size_t *rows, size_t n, int k, int m,
                    const double *uknots, size_t nuknots);
int pm_kernel_restored(pm_margin *mg, int k, int m, const size_t len[4]);
int pm_kernel_row(const pm_margin *mg, const pm_column *const *c, size_t row,
                  double *out);

/* Splines on the sphere (sos_kernel.c; Wahba 1981, Wendelberger 1981):
 * mgcv's default k and the highest kernel order m. */
#define PM_SOS_DEFAULT_K 50
#define PM_SOS_MAX_M 4
/* The reproducing kernel of order m (0: Wendelberger's spline, 1..4: the
 * pseudo-splines) at the cosine of the angle between two points, but for
 * the constant factor pm_sos_kernel_scale(m). */
double pm_sos_kernel(double cosg, int m);
double pm_sos_kernel_scale(int m);
/* The cosine of the angle between (lat, lon) points a and b, in degrees. */
double pm_sos_cos_angle(const double *a, const double *b);

/* Tensor products (basis_te.c). */
/* The reparametrization of a margin (its type's te_reparam) on the fitting
 * rows of `c`, as mgcv's te(np = TRUE): coefficients become values at dim
 * even points over the data's range. */
int pm_te_reparam(pm_margin *mg, const pm_column *c, const size_t *rows,
                  size_t n);
/* The penalty in the margin's new parametrization, S <- XP' S XP. */
int pm_te_reparam_penalty(pm_margin *mg);
/* Scale each margin's penalty by its largest eigenvalue, then form the
 * penalties I x ... x S_i x ... x I (each K x K, K = product of dims). */
int pm_te_penalties(const pm_margin *mg, size_t nm, double **S);
/* Row-wise Kronecker product of the margin rows (each already
 * reparametrized). */
void pm_te_row(const pm_margin *mg, size_t nm, const double *const *mrows,
               double *out);

#endif
