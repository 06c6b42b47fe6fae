/* xd.c: products with a model matrix in compact form (see xd.h).
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "xd.h"
#include "pm_alloc.h"
#include "pm_error.h"
#include "pm_threads.h"

#include <cblas.h>
#include <stdlib.h>
#include <string.h>

/* A pair of blocks goes through the table T of its distinct row pairs
 * when T has at most this many entries (16 MiB per thread) and costs
 * fewer flops than the rows themselves; else row by row. */
#define PM_XD_TABLE_MAX ((size_t)1 << 21)
/* Rows per dgemm of the row-by-row cross product. */
#define PM_XD_ROWS 2048

int pm_xd_alloc(pm_xd **xd, size_t n, size_t p, size_t nblocks)
{
  pm_xd *x = calloc(1, sizeof *x);

  *xd = NULL;
  if (!x || !(x->b = calloc(nblocks + 1, sizeof *x->b))) {
    free(x);
    return pm_error_nomem();
  }
  x->n = n;
  x->p = p;
  x->nblocks = nblocks;
  *xd = x;
  return PM_SUCCESS;
}

void pm_xd_free(pm_xd *xd)
{
  size_t b;

  if (!xd) return;
  for (b = 0; b < xd->nblocks; b++) {
    free(xd->b[b].Xu);
    free(xd->b[b].k);
  }
  free(xd->b);
  free(xd);
}

int pm_xd_block_alloc(pm_xd *xd, size_t b, size_t first, size_t ncoef,
                      size_t m, uint32_t *rows)
{
  pm_xd_block *k = &xd->b[b];

  k->first = first;
  k->ncoef = ncoef;
  k->m = m;
  k->k = rows;
  k->Xu = malloc((m * ncoef + 1) * sizeof *k->Xu);
  if (!k->Xu) return pm_error_nomem();
  xd->mtotal += m;
  return PM_SUCCESS;
}

void pm_xd_rows(const pm_xd *xd, size_t i0, size_t nb, double *out)
{
  size_t b, i, p = xd->p;

  memset(out, 0, nb * p * sizeof *out);
  for (b = 0; b < xd->nblocks; b++) {
    const pm_xd_block *k = &xd->b[b];
    for (i = 0; i < nb; i++)
      memcpy(out + i * p + k->first, k->Xu + (size_t)k->k[i0 + i] * k->ncoef,
             k->ncoef * sizeof *out);
  }
}

void pm_xd_coef(const pm_xd *xd, const double *beta, double *v)
{
  size_t b;

  for (b = 0; b < xd->nblocks; b++) {
    const pm_xd_block *k = &xd->b[b];
    cblas_dgemv(CblasRowMajor, CblasNoTrans, (int)k->m, (int)k->ncoef, 1.0,
                k->Xu, (int)k->ncoef, beta + k->first, 1, 0.0, v, 1);
    v += k->m;
  }
}

void pm_xd_gather(const pm_xd *xd, const double *v, size_t i0, size_t i1,
                  double *eta)
{
  size_t b, i;

  for (i = i0; i < i1; i++) eta[i - i0] = 0;
  for (b = 0; b < xd->nblocks; b++) {
    const pm_xd_block *k = &xd->b[b];
    for (i = i0; i < i1; i++) eta[i - i0] += v[k->k[i]];
    v += k->m;
  }
}

/* The largest m of the blocks. */
static size_t max_m(const pm_xd *xd)
{
  size_t b, m = 0;
  for (b = 0; b < xd->nblocks; b++)
    if (xd->b[b].m > m) m = xd->b[b].m;
  return m;
}

int pm_xd_xtv(const pm_xd *xd, const double *v, double *out)
{
  double *s = malloc((max_m(xd) + 1) * sizeof *s);
  size_t b, i;

  if (!s) return pm_error_nomem();
  memset(out, 0, xd->p * sizeof *out);
  for (b = 0; b < xd->nblocks; b++) {
    const pm_xd_block *k = &xd->b[b];
    memset(s, 0, k->m * sizeof *s);
    for (i = 0; i < xd->n; i++) s[k->k[i]] += v[i];
    cblas_dgemv(CblasRowMajor, CblasTrans, (int)k->m, (int)k->ncoef, 1.0,
                k->Xu, (int)k->ncoef, s, 1, 0.0, out + k->first, 1);
  }
  free(s);
  return PM_SUCCESS;
}

/* --- X'WX ----------------------------------------------------------- */

/* Whether pair (a, b) goes through the table of its distinct row pairs. */
static int by_table(const pm_xd *xd, const pm_xd_block *a,
                    const pm_xd_block *b)
{
  double cells = (double)a->m * (double)b->m;
  double table = (double)xd->n + cells * (1.0 + (double)b->ncoef) +
                 (double)a->m * (double)a->ncoef * (double)b->ncoef;
  double rows = (double)xd->n * (double)a->ncoef * (double)b->ncoef;
  return cells <= (double)PM_XD_TABLE_MAX && table < rows;
}

/* C = Xu_a' T Xu_b (a->ncoef x b->ncoef) with T the sum of the weights of
 * each pair of distinct rows; scratch holds T and T Xu_b. */
static void pair_table(const pm_xd *xd, const pm_xd_block *a,
                       const pm_xd_block *b, const double *w,
                       double *scratch, double *C)
{
  double *T = scratch, *TX = scratch + a->m * b->m;
  size_t i;

  memset(T, 0, a->m * b->m * sizeof *T);
  if (a == b)
    for (i = 0; i < xd->n; i++) T[(size_t)a->k[i] * (b->m + 1)] += w[i];
  else
    for (i = 0; i < xd->n; i++)
      T[(size_t)a->k[i] * b->m + b->k[i]] += w[i];
  cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, (int)a->m,
              (int)b->ncoef, (int)b->m, 1.0, T, (int)b->m, b->Xu,
              (int)b->ncoef, 0.0, TX, (int)b->ncoef);
  cblas_dgemm(CblasRowMajor, CblasTrans, CblasNoTrans, (int)a->ncoef,
              (int)b->ncoef, (int)a->m, 1.0, a->Xu, (int)a->ncoef, TX,
              (int)b->ncoef, 0.0, C, (int)b->ncoef);
}

/* The same row by row: blocks of PM_XD_ROWS rows of W X_a and X_b. */
static void pair_rows(const pm_xd *xd, const pm_xd_block *a,
                      const pm_xd_block *b, const double *w,
                      double *scratch, double *C)
{
  double *Ga = scratch, *Gb = scratch + PM_XD_ROWS * a->ncoef;
  size_t i0, r, j;

  memset(C, 0, a->ncoef * b->ncoef * sizeof *C);
  for (i0 = 0; i0 < xd->n; i0 += PM_XD_ROWS) {
    size_t nb = xd->n - i0 < PM_XD_ROWS ? xd->n - i0 : PM_XD_ROWS;
    for (r = 0; r < nb; r++) {
      const double *xa = a->Xu + (size_t)a->k[i0 + r] * a->ncoef;
      for (j = 0; j < a->ncoef; j++) Ga[r * a->ncoef + j] = w[i0 + r] * xa[j];
      memcpy(Gb + r * b->ncoef, b->Xu + (size_t)b->k[i0 + r] * b->ncoef,
             b->ncoef * sizeof *Gb);
    }
    cblas_dgemm(CblasRowMajor, CblasTrans, CblasNoTrans, (int)a->ncoef,
                (int)b->ncoef, (int)nb, 1.0, Ga, (int)a->ncoef, Gb,
                (int)b->ncoef, 1.0, C, (int)b->ncoef);
  }
}

/* Scratch doubles of pair (a, b) by either path. */
static size_t pair_scratch(const pm_xd *xd, const pm_xd_block *a,
                           const pm_xd_block *b)
{
  if (by_table(xd, a, b)) return a->m * b->m + a->m * b->ncoef;
  return PM_XD_ROWS * (a->ncoef + b->ncoef);
}

/* Pair (a, b) of X'WX into A and, transposed, its mirror; 0 without
 * memory. */
static int pair_xtwx(const pm_xd *xd, size_t ia, size_t ib, const double *w,
                     double *A)
{
  const pm_xd_block *a = &xd->b[ia], *b = &xd->b[ib];
  double *scratch = malloc((pair_scratch(xd, a, b) +
                            a->ncoef * b->ncoef + 1) * sizeof *scratch);
  double *C;
  size_t i, j, p = xd->p;

  if (!scratch) return 0;
  C = scratch + pair_scratch(xd, a, b);
  if (by_table(xd, a, b))
    pair_table(xd, a, b, w, scratch, C);
  else
    pair_rows(xd, a, b, w, scratch, C);
  for (i = 0; i < a->ncoef; i++)
    for (j = 0; j < b->ncoef; j++) {
      A[(a->first + i) * p + b->first + j] = C[i * b->ncoef + j];
      A[(b->first + j) * p + a->first + i] = C[i * b->ncoef + j];
    }
  free(scratch);
  return 1;
}

int pm_xd_xtwx(const pm_xd *xd, const double *w, double *A)
{
  size_t B = xd->nblocks, npairs = B * (B + 1) / 2;
  int failed = 0;
  long q;

  memset(A, 0, xd->p * xd->p * sizeof *A);
#pragma omp parallel for schedule(dynamic, 1) reduction(| : failed)
  for (q = 0; q < (long)npairs; q++) {
    /* pair q in the order (0,0), (0,1), ..., (0,B-1), (1,1), ... */
    size_t a = 0, left = (size_t)q;
    while (left >= B - a) left -= B - a++;
    failed |= !pair_xtwx(xd, a, a + left, w, A);
  }
  return failed ? pm_error_nomem() : PM_SUCCESS;
}

/* --- diag(X V X') --------------------------------------------------- */

/* At most this many table entries in all for diag(X V X'): 64 MiB; pairs
 * beyond go row by row. */
#define PM_XD_QUAD_TABLES ((size_t)1 << 23)

/* G = Xu_a V_ab Xu_b' (m_a x m_b), or its diagonal alone when a == b;
 * T: scratch of m_a x b->ncoef. */
static void pair_quad(const pm_xd *xd, const pm_xd_block *a,
                      const pm_xd_block *b, const double *V, double *T,
                      double *G)
{
  size_t j;

  cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, (int)a->m,
              (int)b->ncoef, (int)a->ncoef, 1.0, a->Xu, (int)a->ncoef,
              V + a->first * xd->p + b->first, (int)xd->p, 0.0, T,
              (int)b->ncoef);
  if (a != b) {
    cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, (int)a->m,
                (int)b->m, (int)b->ncoef, 1.0, T, (int)b->ncoef, b->Xu,
                (int)b->ncoef, 0.0, G, (int)b->m);
    return;
  }
  for (j = 0; j < a->m; j++)
    G[j] = cblas_ddot((int)a->ncoef, T + j * a->ncoef, 1,
                      a->Xu + j * a->ncoef, 1);
}

/* x_a' V_ab x_b of one row, the pair's table absent. */
static double row_quad(const pm_xd *xd, const pm_xd_block *a,
                       const pm_xd_block *b, const double *V, size_t i)
{
  const double *xa = a->Xu + (size_t)a->k[i] * a->ncoef;
  const double *xb = b->Xu + (size_t)b->k[i] * b->ncoef;
  size_t r, c;
  double t = 0;

  for (r = 0; r < a->ncoef; r++) {
    const double *v = V + (a->first + r) * xd->p + b->first;
    double u = 0;
    for (c = 0; c < b->ncoef; c++) u += v[c] * xb[c];
    t += xa[r] * u;
  }
  return t;
}

/* The tables of the pairs that have one (table[q] NULL for the others,
 * pairs in the order of pm_xd_xtwx); 0 without memory. */
static int quad_tables(const pm_xd *xd, const double *V, double **table)
{
  size_t B = xd->nblocks, a, b, q = 0, used = 0;
  int ok = 1;

  for (a = 0; a < B; a++)
    for (b = a; b < B; b++, q++) {
      const pm_xd_block *ka = &xd->b[a], *kb = &xd->b[b];
      size_t cells = a == b ? ka->m : ka->m * kb->m;
      double *T;
      table[q] = NULL;
      if (a != b && (!by_table(xd, ka, kb) ||
                     used + cells > PM_XD_QUAD_TABLES))
        continue;
      used += cells;
      T = malloc((ka->m * kb->ncoef + 1) * sizeof *T);
      table[q] = malloc((cells + 1) * sizeof *table[q]);
      if (T && table[q]) pair_quad(xd, ka, kb, V, T, table[q]);
      ok = ok && T && table[q];
      free(T);
    }
  return ok;
}

/* h_i over rows i0 to i1 from the tables, pairs in their order. */
static void quad_rows(const pm_xd *xd, const double *V,
                      double *const *table, size_t i0, size_t i1, double *h)
{
  size_t B = xd->nblocks, a, b, q = 0, i;

  for (i = i0; i < i1; i++) h[i] = 0;
  for (a = 0; a < B; a++)
    for (b = a; b < B; b++, q++) {
      const pm_xd_block *ka = &xd->b[a], *kb = &xd->b[b];
      const double *G = table[q];
      double twice = a == b ? 1.0 : 2.0;
      for (i = i0; G && a == b && i < i1; i++) h[i] += G[ka->k[i]];
      for (i = i0; G && a != b && i < i1; i++)
        h[i] += 2 * G[(size_t)ka->k[i] * kb->m + kb->k[i]];
      for (i = i0; !G && i < i1; i++)
        h[i] += twice * row_quad(xd, ka, kb, V, i);
    }
}

int pm_xd_quad_diag(const pm_xd *xd, const double *V, double *h)
{
  size_t B = xd->nblocks, npairs = B * (B + 1) / 2, q;
  size_t nc = pm_threads_chunks(xd->n);
  double **table = calloc(npairs + 1, sizeof *table);
  int ok = table && quad_tables(xd, V, table);
  long c;

  if (ok) {
#pragma omp parallel for schedule(dynamic, 1)
    for (c = 0; c < (long)nc; c++)
      quad_rows(xd, V, table, pm_threads_chunk_start(xd->n, nc, (size_t)c),
                pm_threads_chunk_start(xd->n, nc, (size_t)c + 1), h);
  }
  for (q = 0; table && q < npairs; q++) free(table[q]);
  free(table);
  return ok ? PM_SUCCESS : pm_error_nomem();
}

int pm_xd_subset(const pm_xd *xd, const size_t *rows, size_t n,
                 pm_xd **out)
{
  size_t b, i;
  int status = pm_xd_alloc(out, n, xd->p, xd->nblocks);

  for (b = 0; status == PM_SUCCESS && b < xd->nblocks; b++) {
    const pm_xd_block *k = &xd->b[b];
    uint32_t *id = pm_rows_calloc(n + 1, sizeof *id);
    if (!id) {
      status = pm_error_nomem();
      break;
    }
    for (i = 0; i < n; i++) id[i] = k->k[rows[i]];
    if ((status = pm_xd_block_alloc(*out, b, k->first, k->ncoef, k->m, id)))
      break;
    memcpy((*out)->b[b].Xu, k->Xu, k->m * k->ncoef * sizeof *k->Xu);
  }
  if (status) {
    pm_xd_free(*out);
    *out = NULL;
  }
  return status;
}
