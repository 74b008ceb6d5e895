/* evaluator.c -- the general welfare evaluator of the bbg model (docs/models/bbg.md).
 *
 * Every surplus, payment and revenue of the paper is a function of posterior
 * variances V = var E[w_i | I] for some set I of linear Gaussian observations.
 * bbg_post_var computes V for any such set from a latent-factor description, so
 * the tests can check each closed form of Sections 3-5 against an independent,
 * brute-force computation. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "linalg.h"
#include "bbg.h"

void bbg_prim_make(bbg_prim *p, double N, double alpha, double beta, double sw2, double se2)
{
    p->N = N;
    p->alpha = alpha;
    p->beta = beta;
    p->sw2 = sw2;
    p->se2 = se2;
    p->th2 = alpha * sw2;
    p->thi2 = (1.0 - alpha) * sw2;
    p->ep2 = beta * se2;
    p->epi2 = (1.0 - beta) * se2;
}

/* Bergemann, Bonatti, Gan (2022), §2.1 and the proof of Prop 1 (docs/models/bbg.md,
 * Welfare evaluator): with I_p ⊆ I_c, U_i = ½V_c - ⅜V_p + K and Π_i = ¼V_p + 2K; these
 * return the parts net of the constants. */
double bbg_U(double Vc, double Vp)
{
    return 0.5 * Vc - 0.375 * Vp;
}

double bbg_Pi(double Vp)
{
    return 0.25 * Vp;
}

/* BBG_PIVOT_TOL and BBG_PINV_RCOND: see bbg.h. */
/* One or two observations (every call from aggregate.c, thousands per compute):
 * the same Cholesky and triangular solve as LAPACK's dpotrf/dtrtrs, written out
 * for a 2x2 system (fixed tiny systems may be plain C) without allocating.
 * Returns 0 when Σ is singular or constant, so the caller takes the general
 * path (pseudo-inverse), which gives the same answer as before. */
static int post_var_small(int nf, const double *var, int nobs, const double *A,
                          const double *t, double *V)
{
    double S[2][2], b[2], smax = 0.0;
    for (int j = 0; j < nobs; j++) {
        const double *aj = A + (size_t)j * nf;
        double bj = 0.0;
        for (int k = 0; k < nf; k++)
            bj += aj[k] * var[k] * t[k];
        b[j] = bj;
        for (int l = 0; l <= j; l++) {
            const double *al = A + (size_t)l * nf;
            double s = 0.0;
            for (int k = 0; k < nf; k++)
                s += aj[k] * var[k] * al[k];
            S[j][l] = S[l][j] = s;
        }
        if (S[j][j] > smax)
            smax = S[j][j];
    }
    if (!(smax > 0.0) || !(S[0][0] > 0.0))
        return 0;
    double l11 = sqrt(S[0][0]);
    if (l11 * l11 < BBG_PIVOT_TOL * smax)
        return 0;
    double x1 = b[0] / l11;
    if (nobs == 1) {
        *V = x1 * x1;
        return 1;
    }
    /* l21 by the reciprocal, as LAPACK's dtrsm does: results stay bit-identical */
    double l21 = S[1][0] * (1.0 / l11), d = S[1][1] - l21 * l21;
    if (!(d > 0.0))
        return 0;
    double l22 = sqrt(d);
    if (l22 * l22 < BBG_PIVOT_TOL * smax)
        return 0;
    double x2 = (b[1] - l21 * x1) / l22;
    *V = x1 * x1 + x2 * x2;
    return 1;
}

int bbg_post_var(int nf, const double *var, int nobs, const double *A, const double *t,
                 double *V, dmx_err *e)
{
    if (nobs <= 0) {
        *V = 0.0;
        return DMX_OK;
    }
    if (nobs <= 2 && post_var_small(nf, var, nobs, A, t, V))
        return DMX_OK;
    size_t n = (size_t)nobs;
    double *S = malloc(n * n * sizeof *S);
    double *L = malloc(n * n * sizeof *L);
    double *b = malloc(n * sizeof *b);
    double *x = malloc(n * sizeof *x);
    int rc = DMX_OK;
    if (!S || !L || !b || !x) {
        rc = dmx_err_set(e, DMX_EINTERNAL, "bbg evaluator: out of memory (%d observations)",
                         nobs);
        goto out_free;
    }
    /* Σ = A diag(var) Aᵀ, b = A diag(var) t */
    double smax = 0.0;
    for (size_t j = 0; j < n; j++) {
        const double *aj = A + j * (size_t)nf;
        double bj = 0.0;
        for (int k = 0; k < nf; k++)
            bj += aj[k] * var[k] * t[k];
        b[j] = bj;
        for (size_t l = 0; l <= j; l++) {
            const double *al = A + l * (size_t)nf;
            double s = 0.0;
            for (int k = 0; k < nf; k++)
                s += aj[k] * var[k] * al[k];
            S[j * n + l] = S[l * n + j] = s;
        }
        if (S[j * n + j] > smax)
            smax = S[j * n + j];
    }
    if (smax <= 0.0) {           /* every observation is a constant: no information */
        *V = 0.0;
        goto out_free;
    }
    /* Cholesky when Σ is clearly positive definite: V = |L⁻¹ b|² */
    dmx_err le = {0};
    int chol_ok = dmx_chol(nobs, S, L, &le) == DMX_OK;
    for (size_t j = 0; chol_ok && j < n; j++)
        if (L[j * n + j] * L[j * n + j] < BBG_PIVOT_TOL * smax)
            chol_ok = 0;
    if (chol_ok) {
        memcpy(x, b, n * sizeof *x);
        rc = dmx_tri_solve_inplace(nobs, L, 1, x, e);
        if (rc != DMX_OK)
            goto out_free;
        double v = 0.0;
        for (size_t j = 0; j < n; j++)
            v += x[j] * x[j];
        *V = v;
        goto out_free;
    }
    /* Singular Σ (e.g. α = β = 1, or repeated observations): V = bᵀ Σ⁺ b */
    memcpy(x, b, n * sizeof *x);
    rc = dmx_psd_pinv_solve_inplace(nobs, S, 1, x, BBG_PINV_RCOND, e);
    if (rc != DMX_OK) {
        dmx_err_prefix(e, "bbg evaluator (pseudo-inverse)");
        goto out_free;
    }
    double v = 0.0;
    for (size_t j = 0; j < n; j++)
        v += b[j] * x[j];
    *V = v;
out_free:
    free(x);
    free(b);
    free(L);
    free(S);
    return rc;
}

/* Factor layout of the full model: θ, ε, ξ, then θ_j, ε_j, ξ_j for j = 0..N-1. */
enum { F_TH = 0, F_EP = 1, F_XI = 2, F_IND = 3 };

static void add_signal(double *row, int j, double wgt, int noisy_report)
{
    row[F_TH] += wgt;
    row[F_EP] += wgt;
    row[F_IND + 3 * j] += wgt;       /* θ_j */
    row[F_IND + 3 * j + 1] += wgt;   /* ε_j */
    if (noisy_report) {
        row[F_XI] += wgt;
        row[F_IND + 3 * j + 2] += wgt; /* ξ_j */
    }
}

int bbg_full_var(const bbg_prim *p, double sxi2, double sxii2, bbg_obs obs, double *V,
                 dmx_err *e)
{
    int N = (int)p->N;
    int nf = F_IND + 3 * N;
    int maxobs = N + 1;
    double *var = calloc((size_t)nf, sizeof *var);
    double *t = calloc((size_t)nf, sizeof *t);
    double *A = calloc((size_t)maxobs * (size_t)nf, sizeof *A);
    int rc = DMX_OK;
    if (!var || !t || !A) {
        rc = dmx_err_set(e, DMX_EINTERNAL, "bbg full evaluator: out of memory (N = %d)", N);
        goto out_free;
    }
    var[F_TH] = p->th2;
    var[F_EP] = p->ep2;
    var[F_XI] = sxi2;
    for (int j = 0; j < N; j++) {
        var[F_IND + 3 * j] = p->thi2;
        var[F_IND + 3 * j + 1] = p->epi2;
        var[F_IND + 3 * j + 2] = sxii2;
    }
    t[F_TH] = 1.0;                  /* w_0 = θ + θ_0 */
    t[F_IND] = 1.0;
    int nobs = 0;
    switch (obs) {
    case BBG_OBS_S:
    case BBG_OBS_X:
        for (int j = 0; j < N; j++)
            add_signal(A + (size_t)nobs++ * nf, j, 1.0, obs == BBG_OBS_X);
        break;
    case BBG_OBS_SI:
        add_signal(A + (size_t)nobs++ * nf, 0, 1.0, 0);
        break;
    case BBG_OBS_SMI:
    case BBG_OBS_XMI:
        for (int j = 1; j < N; j++)
            add_signal(A + (size_t)nobs++ * nf, j, 1.0, obs == BBG_OBS_XMI);
        break;
    case BBG_OBS_XBAR:
    case BBG_OBS_SI_XBAR:
        if (obs == BBG_OBS_SI_XBAR)
            add_signal(A + (size_t)nobs++ * nf, 0, 1.0, 0);
        for (int j = 0; j < N; j++)
            add_signal(A + (size_t)nobs * nf, j, 1.0 / N, 1);
        nobs++;
        break;
    case BBG_OBS_XBAR_MI:
    case BBG_OBS_SI_XBAR_MI:
        if (obs == BBG_OBS_SI_XBAR_MI)
            add_signal(A + (size_t)nobs++ * nf, 0, 1.0, 0);
        if (N > 1) {
            for (int j = 1; j < N; j++)
                add_signal(A + (size_t)nobs * nf, j, 1.0 / (N - 1), 1);
            nobs++;
        }
        break;
    }
    rc = bbg_post_var(nf, var, nobs, A, t, V, e);
out_free:
    free(A);
    free(t);
    free(var);
    return rc;
}
