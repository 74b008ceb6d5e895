/* linalg.h -- dense linear algebra on LAPACKE (the only includer of lapacke.h).
 * Matrices are row-major n x n double arrays.  Inputs are never modified unless
 * the name says "_inplace". */
#ifndef DMX_LINALG_H
#define DMX_LINALG_H

#include "err.h"

/* Cholesky A = L L^T into L (lower, upper part zeroed).  DMX_EDATA with
 * "not positive definite (leading minor k)" when dpotrf reports info > 0. */
int dmx_chol(int n, const double *A, double *L, dmx_err *e);
/* Solves A X = B for SPD A (nrhs columns, B row-major n x nrhs), X overwrites B. */
int dmx_spd_solve_inplace(int n, const double *A, int nrhs, double *B, dmx_err *e);
/* Solves L X = B (L lower triangular from dmx_chol), X overwrites B. */
int dmx_tri_solve_inplace(int n, const double *L, int nrhs, double *B, dmx_err *e);
/* Inverse of an SPD matrix via dpotrf+dpotri (full symmetric result). */
int dmx_spd_inverse(int n, const double *A, double *Ainv, dmx_err *e);
/* General solve A X = B by LU (dgesv), X overwrites B. */
int dmx_solve_inplace(int n, const double *A, int nrhs, double *B, dmx_err *e);
/* Eigenvalues (ascending) and optionally eigenvectors (columns of V, row-major)
 * of a symmetric matrix (dsyevd). V may be NULL. */
int dmx_sym_eig(int n, const double *A, double *w, double *V, dmx_err *e);
/* Minimum-norm least-squares solve for a symmetric PSD, possibly singular A:
 * X = A^+ B using eigenvalues above rcond*max|w|.  X overwrites B. */
int dmx_psd_pinv_solve_inplace(int n, const double *A, int nrhs, double *B, double rcond,
                               dmx_err *e);
/* Checks symmetry (|a_ij - a_ji| <= tol*(1+max|a|)) and PSD (λ_min >= -tol*(1+max|a|)).
 * On failure DMX_EDATA names `what`, the offending entry or λ_min.  lmin may be NULL. */
int dmx_check_psd(int n, const double *A, double tol, const char *what, double *lmin,
                  dmx_err *e);

#endif
