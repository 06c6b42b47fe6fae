/* xd.h: a model matrix in compact form, for discretised covariates.
 *
 * With each covariate rounded onto a few hundred values, a block of the
 * model matrix has few distinct rows: the block is held as the small
 * matrix Xu of its distinct rows and, per row of the data, the index of
 * its distinct row (Wood, Li, Shaddick & Augustin 2017, JASA 112:1199-
 * 1210, section 3; Li & Wood 2020, Stat. Comput. 30:19-33).  X beta, X'v
 * and X'WX then cost O(n) per block or pair of blocks, plus work that
 * depends on the distinct rows alone:
 *   (X beta)_i = sum_b (Xu_b beta_b)[k_b(i)],
 *   X_b'v      = Xu_b' s,      s[j] = sum_{i: k_b(i) = j} v_i,
 *   X_a'WX_b   = Xu_a' T Xu_b, T[j][l] = sum_{i: k_a(i) = j, k_b(i) = l} w_i.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#ifndef PM_XD_H
#define PM_XD_H

#include <stddef.h>
#include <stdint.h>

#include "pm_design.h"

typedef struct {
  size_t first, ncoef; /* the block's columns of the model matrix */
  size_t m;            /* distinct rows */
  double *Xu;          /* m x ncoef, row-major */
  uint32_t *k;         /* n: the distinct row of each row */
} pm_xd_block;

struct pm_xd {
  size_t n, p, nblocks;
  size_t mtotal;       /* sum of the blocks' m */
  pm_xd_block *b;
};

/* n rows and p columns in nblocks empty blocks; PM_ENOMEM without memory. */
int pm_xd_alloc(pm_xd **xd, size_t n, size_t p, size_t nblocks);
void pm_xd_free(pm_xd *xd);

/* Block b's columns and its distinct rows: Xu (m x ncoef) allocated, to
 * be filled by the caller; k (n, malloc'ed: the distinct row of each row)
 * taken over, freed with xd even when this fails. */
int pm_xd_block_alloc(pm_xd *xd, size_t b, size_t first, size_t ncoef,
                      size_t m, uint32_t *k);

/* Rows i0 to i0 + nb of X, dense, into out (nb x p). */
void pm_xd_rows(const pm_xd *xd, size_t i0, size_t nb, double *out);

/* v = Xu_b beta_b for every block, one after the other (mtotal values). */
void pm_xd_coef(const pm_xd *xd, const double *beta, double *v);
/* eta_i = (X beta)_i for rows i0 to i1 from the values of pm_xd_coef. */
void pm_xd_gather(const pm_xd *xd, const double *v, size_t i0, size_t i1,
                  double *eta);

/* out = X'v (p values). */
int pm_xd_xtv(const pm_xd *xd, const double *v, double *out);

/* X'WX (p x p, full) into A; weights may be negative.  The pairs of blocks
 * run on the threads of pm_threads.h, each pair on one, so that A is the
 * same for any number of threads. */
int pm_xd_xtwx(const pm_xd *xd, const double *w, double *A);

/* h_i = x_i' V x_i for every row, V symmetric (p x p, full): per pair of
 * blocks the m_a x m_b table Xu_a V_ab Xu_b' (Li & Wood 2020, section
 * 3.2), then one lookup per pair and row; a pair whose table would be too
 * large goes row by row. */
int pm_xd_quad_diag(const pm_xd *xd, const double *V, double *h);

/* The rows rows[0..n) of xd (an index may repeat) as a compact matrix of
 * its own. */
int pm_xd_subset(const pm_xd *xd, const size_t *rows, size_t n,
                 pm_xd **out);

#endif
