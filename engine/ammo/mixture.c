/* mixture.c -- unknown correlation (§5.3, Theorem 5; docs/models/ammo.md).
 *
 * Σ is drawn from a finite set {Σ^(1..K)} with probabilities μ_k before anybody decides, so
 * every leak is replaced by its expectation Ī_i(T) = Σ_k μ_k I_i^(k)(T).  Φ, SS and the
 * prices p_i = v_i (Ī_i(T ∪ i) − Ī_i(T \ i)) carry over (Ī is monotone and own-submodular
 * as an average).  The closed form (5) must NOT be applied to Ī (it is nonlinear): I0 and
 * I1 are computed per Σ^(k) and averaged; the "shortcut" prices that apply (5) to the
 * averaged leak are reported for comparison only.  Exhaustive over 2^n profiles (n <= 14). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "ammo_views.h"
#include "../linalg.h"

/* See ammo_views.h.  Errors: DMX_EDATA (shapes, probabilities, a Σ^(k) not PSD),
 * DMX_EINTERNAL. */
/* See ammo_views.h: shape, probabilities and PSD of every block. */
int ammo_mixture_check(int n, const dmx_params *p, dmx_err *e)
{
    if (!dmx_p_is_set(p, "mixture_probs")) {
        if (dmx_p_is_set(p, "mixture_covs"))
            return dmx_err_set(e, DMX_EDATA, "mixture_covs needs mixture_probs (the "
                               "probability of each stacked matrix)");
        return DMX_OK;
    }
    const dmx_pval *pr = dmx_p(p, "mixture_probs"), *cv = dmx_p(p, "mixture_covs");
    int K = pr->rows * pr->cols, rc = DMX_OK;
    if (!cv->set || cv->rows != K * n || cv->cols != n)
        return dmx_err_set(e, DMX_EDATA, "mixture_covs must stack %d covariance matrices of "
                           "size %d x %d (%d x %d); it is %d x %d", K, n, n, K * n, n,
                           cv->set ? cv->rows : 0, cv->set ? cv->cols : 0);
    double tot = 0;
    for (int k = 0; k < K; k++)
        tot += pr->v[k];
    if (fabs(tot - 1.0) > AMMO_PROB_SUM_TOL)
        return dmx_err_set(e, DMX_EDATA, "mixture_probs must sum to 1 (they sum to %.12g)", tot);
    for (int k = 0; k < K; k++) {
        const double *Sk = cv->v + (size_t)k * n * n;
        char what[64];
        snprintf(what, sizeof what, "mixture_covs block %d (Σ^(%d))", k, k + 1);
        for (int i = 0; i < n; i++)
            if (!(Sk[i * n + i] > 0))
                return dmx_err_set(e, DMX_EDATA, "%s: variance [%d][%d] must be > 0", what, i, i);
        rc = dmx_check_psd(n, Sk, AMMO_PSD_REL, what, NULL, e);
        if (rc != DMX_OK)
            return rc;
    }
    return DMX_OK;
}

/* Emits `mixture` and its table: bm the equilibrium, fm the first best. */
static void mixture_emit(int n, long bm, long fm, const double *pp, const double *best,
                         const double *ps, double bf, double bss, double fs, dmx_result *r,
                         const dmx_ctx *ctx)
{
    dmx_node *o = dmx_add_obj(r, r->root, "mixture");
    dmx_node *pa = dmx_add_arr(r, o, "profile");
    for (int i = 0; i < n; i++)
        dmx_add_int(r, pa, NULL, (int)(bm >> i & 1));
    dmx_add_vec(r, o, "prices", pp, n);
    dmx_add_vec(r, o, "expected_leaks", best, n);
    dmx_add_num(r, o, "platform_payoff", bf);
    dmx_add_num(r, o, "social_surplus", bss);
    dmx_add_vec(r, o, "shortcut_prices", ps, n);
    dmx_node *fb = dmx_add_obj(r, o, "first_best");
    dmx_node *fa = dmx_add_arr(r, fb, "profile");
    for (int i = 0; i < n; i++)
        dmx_add_int(r, fa, NULL, (int)(fm >> i & 1));
    dmx_add_num(r, fb, "social_surplus", fs);
    if (!dmx_wants(ctx, "views"))
        return;
    static const char *const hdr[] = {"user", "a^E", "price", "E[leak]", "shortcut price",
                                      "a^W"};
    dmx_view *t = dmx_add_table(r, "mixture", "Unknown correlation: expected leaks (Thm 5)",
                                hdr, 6);
    for (int i = 0; i < n; i++) {
        char lab[16];
        snprintf(lab, sizeof lab, "%d", i);
        dmx_node *row = dmx_table_row(r, t, lab);
        dmx_add_num(r, row, NULL, (double)(bm >> i & 1));
        dmx_add_num(r, row, NULL, pp[i]);
        dmx_add_num(r, row, NULL, best[i]);
        dmx_add_num(r, row, NULL, ps[i]);
        dmx_add_num(r, row, NULL, (double)(fm >> i & 1));
    }
}

int ammo_mixture_compute(const ammo_inst *in, const dmx_params *p, dmx_result *r,
                         const dmx_ctx *ctx, dmx_err *e)
{
    if (!dmx_p_is_set(p, "mixture_probs"))
        return DMX_OK;
    const int n = in->n;
    int rc = ammo_mixture_check(n, p, e);
    if (rc != DMX_OK)
        return rc;
    const dmx_pval *pr = dmx_p(p, "mixture_probs"), *cv = dmx_p(p, "mixture_covs");
    const int K = pr->rows * pr->cols;
    if (n > 14) {
        dmx_add_null(r, r->root, "mixture", "unknown correlation is enumerated for n <= 14");
        return DMX_OK;
    }
    const long np = 1L << n;
    double *I = malloc(sizeof *I * 3 * (size_t)n), *A = malloc(sizeof *A * 3 * (size_t)n);
    double *best = malloc(sizeof *best * 3 * (size_t)n), *pp = malloc(sizeof *pp * (size_t)n);
    double *ps = malloc(sizeof *ps * (size_t)n), *s2 = calloc((size_t)n, sizeof *s2);
    unsigned char *a = malloc((size_t)n);
    if (!I || !A || !best || !pp || !ps || !s2 || !a) {
        rc = dmx_err_set(e, DMX_EINTERNAL, "out of memory");
        goto free_all;
    }
    for (int k = 0; k < K; k++)
        for (int i = 0; i < n; i++)
            s2[i] += pr->v[k] * cv->v[(size_t)k * n * n + i * n + i];
    long bm = -1, fm = -1;
    double bf = 0, fs = 0, bss = 0;
    int bpop = -1, fpop = -1;
    for (long m = 0; m < np; m++) {
        if ((m & 255) == 0 && dmx_cancelled(ctx)) {
            rc = dmx_err_set(e, DMX_ECANCELED, "computation cancelled");
            goto free_all;
        }
        for (int i = 0; i < n; i++)
            a[i] = (unsigned char)(m >> i & 1);
        memset(A, 0, sizeof *A * 3 * (size_t)n);
        for (int k = 0; k < K; k++) {
            rc = ammo_leaks(n, cv->v + (size_t)k * n * n, a, I, I + n, I + 2 * n, e);
            if (rc != DMX_OK)
                goto free_all;
            for (int q = 0; q < 3 * n; q++)
                A[q] += pr->v[k] * I[q];
        }
        double f, s;
        ammo_objectives(n, in->v, a, A, A + n, A + 2 * n, &f, &s, NULL);
        int pop = __builtin_popcountl((unsigned long)m);
        if (ammo_better(f, pop, bf, bpop)) {
            bf = f;
            bpop = pop;
            bm = m;
            bss = s;
            memcpy(best, A, sizeof *A * 3 * (size_t)n);
        }
        if (ammo_better(s, pop, fs, fpop)) {
            fs = s;
            fpop = pop;
            fm = m;
        }
    }
    for (int i = 0; i < n; i++) {
        int sh = (int)(bm >> i & 1);
        pp[i] = sh ? in->v[i] * (best[2 * n + i] - best[n + i]) : 0.0;
        /* shortcut (wrong): closed form (5) applied to the averaged leak without own data */
        double m0 = s2[i] - best[n + i];
        ps[i] = sh ? in->v[i] * m0 * m0 / (1.0 + m0) : 0.0;
    }
    mixture_emit(n, bm, fm, pp, best, ps, bf, bss, fs, r, ctx);
free_all:
    free(I);
    free(A);
    free(best);
    free(pp);
    free(ps);
    free(s2);
    free(a);
    return rc;
}
