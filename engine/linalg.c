/* linalg.c -- the one place LAPACKE is used.  Row-major throughout. */
#include <lapacke.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "linalg.h"

static double *dup_mat(int n, int m, const double *A)
{
    double *B = malloc((size_t)n * (size_t)m * sizeof(double) + 1);
    if (B)
        memcpy(B, A, (size_t)n * (size_t)m * sizeof(double));
    return B;
}

static int oom(dmx_err *e)
{
    return dmx_err_oom(e);
}

int dmx_chol(int n, const double *A, double *L, dmx_err *e)
{
    if (L != A)
        memcpy(L, A, (size_t)n * (size_t)n * sizeof(double));
    lapack_int info = LAPACKE_dpotrf(LAPACK_ROW_MAJOR, 'L', n, L, n);
    if (info > 0)
        return dmx_err_set(e, DMX_EDATA, "matrix is not positive definite (leading minor %d)",
                           (int)info);
    if (info < 0)
        return dmx_err_set(e, DMX_EINTERNAL, "dpotrf: argument %d invalid", (int)-info);
    for (int i = 0; i < n; i++)
        for (int j = i + 1; j < n; j++)
            L[(size_t)i * n + j] = 0.0;
    return DMX_OK;
}

int dmx_spd_solve_inplace(int n, const double *A, int nrhs, double *B, dmx_err *e)
{
    double *L = dup_mat(n, n, A);
    if (!L)
        return oom(e);
    int rc = dmx_chol(n, A, L, e);
    if (rc == DMX_OK) {
        lapack_int info = LAPACKE_dpotrs(LAPACK_ROW_MAJOR, 'L', n, nrhs, L, n, B, nrhs);
        if (info != 0)
            rc = dmx_err_set(e, DMX_EINTERNAL, "dpotrs failed (info %d)", (int)info);
    }
    free(L);
    return rc;
}

int dmx_tri_solve_inplace(int n, const double *L, int nrhs, double *B, dmx_err *e)
{
    lapack_int info = LAPACKE_dtrtrs(LAPACK_ROW_MAJOR, 'L', 'N', 'N', n, nrhs, L, n, B, nrhs);
    if (info > 0)
        return dmx_err_set(e, DMX_EDATA, "triangular factor is singular (diagonal %d)",
                           (int)info);
    if (info < 0)
        return dmx_err_set(e, DMX_EINTERNAL, "dtrtrs: argument %d invalid", (int)-info);
    return DMX_OK;
}

int dmx_spd_inverse(int n, const double *A, double *Ainv, dmx_err *e)
{
    int rc = dmx_chol(n, A, Ainv, e);
    if (rc != DMX_OK)
        return rc;
    lapack_int info = LAPACKE_dpotri(LAPACK_ROW_MAJOR, 'L', n, Ainv, n);
    if (info != 0)
        return dmx_err_set(e, DMX_EDATA, "matrix is singular (dpotri info %d)", (int)info);
    for (int i = 0; i < n; i++)
        for (int j = i + 1; j < n; j++)
            Ainv[(size_t)i * n + j] = Ainv[(size_t)j * n + i];
    return DMX_OK;
}

int dmx_solve_inplace(int n, const double *A, int nrhs, double *B, dmx_err *e)
{
    double *LU = dup_mat(n, n, A);
    lapack_int *piv = malloc(((size_t)n + 1) * sizeof *piv);
    int rc = DMX_OK;
    if (!LU || !piv) {
        rc = oom(e);
        goto out_free;
    }
    lapack_int info = LAPACKE_dgesv(LAPACK_ROW_MAJOR, n, nrhs, LU, n, piv, B, nrhs);
    if (info > 0)
        rc = dmx_err_set(e, DMX_EDATA, "matrix is singular (pivot %d)", (int)info);
    else if (info < 0)
        rc = dmx_err_set(e, DMX_EINTERNAL, "dgesv: argument %d invalid", (int)-info);
out_free:
    free(LU);
    free(piv);
    return rc;
}

int dmx_sym_eig(int n, const double *A, double *w, double *V, dmx_err *e)
{
    double *Z = dup_mat(n, n, A);
    if (!Z)
        return oom(e);
    lapack_int info = LAPACKE_dsyevd(LAPACK_ROW_MAJOR, V ? 'V' : 'N', 'L', n, Z, n, w);
    int rc = DMX_OK;
    if (info != 0)
        rc = dmx_err_set(e, DMX_EINTERNAL, "eigenvalue computation failed (dsyevd info %d)",
                         (int)info);
    else if (V)
        memcpy(V, Z, (size_t)n * (size_t)n * sizeof(double));
    free(Z);
    return rc;
}

int dmx_psd_pinv_solve_inplace(int n, const double *A, int nrhs, double *B, double rcond,
                               dmx_err *e)
{
    double *w = malloc(((size_t)n + 1) * sizeof *w);
    double *V = malloc((size_t)n * (size_t)n * sizeof *V + 1);
    double *T = malloc((size_t)n * (size_t)nrhs * sizeof *T + 1);
    int rc = DMX_OK;
    if (!w || !V || !T) {
        rc = oom(e);
        goto out_free;
    }
    rc = dmx_sym_eig(n, A, w, V, e);
    if (rc != DMX_OK)
        goto out_free;
    double wmax = 0;
    for (int i = 0; i < n; i++)
        if (fabs(w[i]) > wmax)
            wmax = fabs(w[i]);
    double cut = rcond * wmax;
    /* T = diag(1/w) V^T B on the retained eigenpairs; B = V T */
    for (int k = 0; k < n; k++)
        for (int c = 0; c < nrhs; c++) {
            double s = 0;
            if (w[k] > cut)
                for (int i = 0; i < n; i++)
                    s += V[(size_t)i * n + k] * B[(size_t)i * nrhs + c];
            T[(size_t)k * nrhs + c] = w[k] > cut ? s / w[k] : 0.0;
        }
    for (int i = 0; i < n; i++)
        for (int c = 0; c < nrhs; c++) {
            double s = 0;
            for (int k = 0; k < n; k++)
                s += V[(size_t)i * n + k] * T[(size_t)k * nrhs + c];
            B[(size_t)i * nrhs + c] = s;
        }
out_free:
    free(w);
    free(V);
    free(T);
    return rc;
}

int dmx_check_psd(int n, const double *A, double tol, const char *what, double *lmin,
                  dmx_err *e)
{
    double amax = 0;
    for (size_t k = 0; k < (size_t)n * n; k++) {
        if (!isfinite(A[k]))
            return dmx_err_set(e, DMX_EDATA, "%s has a non-finite entry", what);
        if (fabs(A[k]) > amax)
            amax = fabs(A[k]);
    }
    double t = tol * (1 + amax);
    for (int i = 0; i < n; i++)
        for (int j = i + 1; j < n; j++)
            if (fabs(A[(size_t)i * n + j] - A[(size_t)j * n + i]) > t)
                return dmx_err_set(e, DMX_EDATA,
                                   "%s is not symmetric: entry [%d][%d] = %g but [%d][%d] = %g",
                                   what, i, j, A[(size_t)i * n + j], j, i,
                                   A[(size_t)j * n + i]);
    double *w = malloc(((size_t)n + 1) * sizeof *w);
    if (!w)
        return oom(e);
    int rc = dmx_sym_eig(n, A, w, NULL, e);
    if (rc == DMX_OK) {
        if (lmin)
            *lmin = n ? w[0] : 0;
        if (n && w[0] < -t)
            rc = dmx_err_set(e, DMX_EDATA,
                             "%s is not positive semidefinite: smallest eigenvalue %.6g < 0",
                             what, w[0]);
    }
    free(w);
    return rc;
}
