/* leakage.c -- leaked information, Theorem 2 prices and the objectives of one profile.
 *
 * I_i(T) = Σ_{iT} (I_t + Σ_TT)^{-1} Σ_{Ti}  (proof of Theorem 2, (A-5)/(A-6)).  One
 * Cholesky K_T = L Lᵀ, W = L^{-1} Σ_{T,:}, I_i = ‖W[:,i]‖² (docs/models/ammo.md).  The leak with and
 * without the own signal follow from the closed-form link (5) and its inverse
 * m0 = m1/(1-m1) (docs/models/ammo.md): no second factorization per sharer. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "ammo.h"
#include "../linalg.h"

/* Fills I, I0, I1 (see ammo.h).  Errors: DMX_EINTERNAL (memory), DMX_EDATA (I+Σ_TT not
 * positive definite, i.e. Σ not PSD). */
int ammo_leaks(int n, const double *S, const unsigned char *a, double *I, double *I0,
               double *I1, dmx_err *e)
{
    int t = 0, rc = DMX_OK;
    int *T = malloc(sizeof *T * (size_t)(n > 0 ? n : 1));
    double *leak = malloc(sizeof *leak * (size_t)(n > 0 ? n : 1));
    double *K = NULL, *L = NULL, *W = NULL;
    if (!T || !leak) {
        rc = dmx_err_set(e, DMX_EINTERNAL, "out of memory");
        goto free_idx;
    }
    for (int i = 0; i < n; i++)
        if (a[i])
            T[t++] = i;
    for (int i = 0; i < n; i++)
        leak[i] = 0.0;
    if (t > 0) {
        K = calloc((size_t)t * (size_t)t, sizeof *K);
        L = calloc((size_t)t * (size_t)t, sizeof *L);
        W = calloc((size_t)t * (size_t)n, sizeof *W);
        if (!K || !L || !W) {
            rc = dmx_err_set(e, DMX_EINTERNAL, "out of memory");
            goto free_mats;
        }
        for (int r = 0; r < t; r++) {
            for (int q = 0; q < t; q++)
                K[r * t + q] = S[T[r] * n + T[q]] + (r == q ? 1.0 : 0.0);
            memcpy(W + (size_t)r * n, S + (size_t)T[r] * n, sizeof *W * (size_t)n);
        }
        rc = dmx_chol(t, K, L, e);
        if (rc != DMX_OK) {
            dmx_err_prefix(e, "leaked information: I + Σ_TT");
            goto free_mats;
        }
        rc = dmx_tri_solve_inplace(t, L, n, W, e);
        if (rc != DMX_OK)
            goto free_mats;
        for (int r = 0; r < t; r++)
            for (int i = 0; i < n; i++)
                leak[i] += W[(size_t)r * n + i] * W[(size_t)r * n + i];
    }
    for (int i = 0; i < n; i++) {
        double s2 = S[i * n + i], l0, l1;
        if (a[i]) {                       /* inverse link: m0 = m1/(1-m1) */
            double m1 = s2 - leak[i];
            l1 = leak[i];
            l0 = s2 - m1 / (1.0 - m1);
        } else {                          /* (5): I1 = I0 + m0²/(1+m0) */
            double m0 = s2 - leak[i];
            l0 = leak[i];
            l1 = leak[i] + m0 * m0 / (1.0 + m0);
        }
        if (I)
            I[i] = leak[i];
        if (I0)
            I0[i] = l0;
        if (I1)
            I1[i] = l1;
    }
free_mats:
    free(K);
    free(L);
    free(W);
free_idx:
    free(T);
    free(leak);
    return rc;
}

/* Theorem 2: p_i = v_i (I_i(1,a_-i) - I_i(0,a_-i)) for sharers; 0 for non-sharers
 * (footnote 8: not well defined; reported as 0). */
void ammo_prices(int n, const double *v, const unsigned char *a, const double *I0,
                 const double *I1, double *p)
{
    for (int i = 0; i < n; i++)
        p[i] = a[i] ? v[i] * (I1[i] - I0[i]) : 0.0;
}

/* Φ (Theorem 1: U(a, p^a)), SS (utilitarian surplus) and the paper's de-correlation
 * objective D = Σ_{i∈T} (1-v_i) I_i(T) (Theorem 6).  Any output pointer may be NULL. */
void ammo_objectives(int n, const double *v, const unsigned char *a, const double *I,
                     const double *I0, const double *I1, double *phi, double *ss, double *d)
{
    double f = 0, s = 0, dd = 0;
    for (int i = 0; i < n; i++) {
        f += I[i];
        s += (1.0 - v[i]) * I[i];
        if (a[i]) {
            f -= v[i] * (I1[i] - I0[i]);
            dd += (1.0 - v[i]) * I[i];
        }
    }
    if (phi)
        *phi = f;
    if (ss)
        *ss = s;
    if (d)
        *d = dd;
}

/* Q = Σ^{-1} + Σ^{-2} (Var of the mediator's output Σ^{-1}S, docs/models/ammo.md).
 * DMX_EDATA when Σ is singular (the literal mediator needs Σ^{-1}). */
int ammo_decorr_Q(int n, const double *S, double *Q, dmx_err *e)
{
    double *Si = malloc(sizeof *Si * (size_t)n * (size_t)n);
    int rc;
    if (!Si)
        return dmx_err_set(e, DMX_EINTERNAL, "out of memory");
    rc = dmx_spd_inverse(n, S, Si, e);
    if (rc != DMX_OK) {
        rc = dmx_err_set(e, DMX_EDATA,
                         "literal de-correlation needs Σ nonsingular (Σ^{-1}S); Σ is singular");
        goto free_si;
    }
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++) {
            double acc = 0;
            for (int k = 0; k < n; k++)
                acc += Si[i * n + k] * Si[k * n + j];
            Q[i * n + j] = Si[i * n + j] + acc;
        }
free_si:
    free(Si);
    return rc;
}

/* Literal mediator leaks: L_i(T) = [((Q)_TT)^{-1}]_ii for i ∈ T, else 0 (docs/models/ammo.md:
 * Cov(X, S̃) = I, Var(S̃) = Q).  DMX_EDATA if Q_TT is not positive definite. */
int ammo_literal_leaks(int n, const double *Q, const unsigned char *a, double *L, dmx_err *e)
{
    int t = 0, rc = DMX_OK;
    int *T = malloc(sizeof *T * (size_t)(n > 0 ? n : 1));
    double *A = calloc((size_t)n * (size_t)n + 1, sizeof *A);
    double *Ai = calloc((size_t)n * (size_t)n + 1, sizeof *Ai);
    if (!T || !A || !Ai) {
        rc = dmx_err_set(e, DMX_EINTERNAL, "out of memory");
        goto free_all;
    }
    for (int i = 0; i < n; i++) {
        L[i] = 0.0;
        if (a[i])
            T[t++] = i;
    }
    if (t == 0)
        goto free_all;
    for (int r = 0; r < t; r++)
        for (int q = 0; q < t; q++)
            A[r * t + q] = Q[T[r] * n + T[q]];
    rc = dmx_spd_inverse(t, A, Ai, e);
    if (rc != DMX_OK)
        goto free_all;
    for (int r = 0; r < t; r++)
        L[T[r]] = Ai[r * t + r];
free_all:
    free(T);
    free(A);
    free(Ai);
    return rc;
}

/* See ammo.h (used for Proposition 1's per-user conditions).  Errors as ammo_leaks. */
int ammo_posterior(int n, const double *S, const unsigned char *a, double *P, dmx_err *e)
{
    int t = 0, rc = DMX_OK;
    int *T = malloc(sizeof *T * (size_t)(n > 0 ? n : 1));
    double *K = calloc((size_t)n * (size_t)n + 1, sizeof *K);
    double *L = calloc((size_t)n * (size_t)n + 1, sizeof *L);
    double *W = calloc((size_t)n * (size_t)n + 1, sizeof *W);
    if (!T || !K || !L || !W) {
        rc = dmx_err_set(e, DMX_EINTERNAL, "out of memory");
        goto free_all;
    }
    memcpy(P, S, sizeof *P * (size_t)n * (size_t)n);
    for (int i = 0; i < n; i++)
        if (a[i])
            T[t++] = i;
    if (t == 0)
        goto free_all;
    for (int r = 0; r < t; r++) {
        for (int q = 0; q < t; q++)
            K[r * t + q] = S[T[r] * n + T[q]] + (r == q ? 1.0 : 0.0);
        memcpy(W + (size_t)r * n, S + (size_t)T[r] * n, sizeof *W * (size_t)n);
    }
    rc = dmx_chol(t, K, L, e);
    if (rc != DMX_OK)
        goto free_all;
    rc = dmx_tri_solve_inplace(t, L, n, W, e);
    if (rc != DMX_OK)
        goto free_all;
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++) {
            double acc = 0;
            for (int r = 0; r < t; r++)
                acc += W[(size_t)r * n + i] * W[(size_t)r * n + j];
            P[i * n + j] -= acc;
        }
free_all:
    free(T);
    free(K);
    free(L);
    free(W);
    return rc;
}
