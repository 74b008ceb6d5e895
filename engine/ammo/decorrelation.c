/* decorrelation.c -- the literal de-correlation mediator S̃ = Σ^{-1} S (§6.2, docs/models/ammo.md).
 *
 * Under the literal scheme a sharer leaks L_i(T) = [((Σ^{-1}+Σ^{-2})_TT)^{-1}]_ii and a
 * non-sharer 0; prices v_i L_i(T) leave users with 0, so the platform maximizes
 * D_lit(T) = Σ_{i∈T} (1 - v_i) L_i(T), which is also the social surplus.  (The paper's
 * Lemma 5 version, D(T) = Σ_{i∈T} (1 - v_i) I_i(T), is maximized in search.c.)
 * Exhaustive: all 2^n profiles (n <= 16), or one representative per count vector for
 * communities (the mediator preserves exchangeability). */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "ammo.h"

/* See ammo.h.  Errors: DMX_EDATA (Σ singular, or too large), DMX_EINTERNAL, DMX_ECANCELED. */
int ammo_literal_solve(const ammo_inst *in, const dmx_ctx *ctx, unsigned char *best_a,
                       double *best_val, double *count, double *corr, dmx_err *e)
{
    const int n = in->n;
    int rc = DMX_OK;
    long nprof = 1;
    if (in->K > 0) {
        for (int g = 0; g < in->K; g++)
            nprof *= in->m[g] + 1;
        if (n > 60 || nprof > 100000)
            return dmx_err_set(e, DMX_EDATA, "literal de-correlation: %d users / %ld count "
                               "vectors is beyond the exhaustive limit (60 users, 1e5 vectors)",
                               n, nprof);
    } else if (n > 16) {
        return dmx_err_set(e, DMX_EDATA, "literal de-correlation: exhaustive only for n <= 16 "
                                         "(n = %d)", n);
    } else {
        nprof = 1L << n;
    }
    double *Q = malloc(sizeof *Q * (size_t)n * (size_t)n), *L = malloc(sizeof *L * (size_t)n);
    unsigned char *a = malloc((size_t)n);
    int *k = malloc(sizeof *k * (size_t)(in->K > 0 ? in->K : 1));
    ammo_track tr;
    ammo_track_init(&tr);
    if (!Q || !L || !a || !k) {
        rc = dmx_err_set(e, DMX_EINTERNAL, "out of memory");
        goto free_all;
    }
    rc = ammo_decorr_Q(n, in->S, Q, e);
    if (rc != DMX_OK)
        goto free_all;
    for (long idx = 0; idx < nprof; idx++) {
        if ((idx & 255) == 0 && dmx_cancelled(ctx)) {
            rc = dmx_err_set(e, DMX_ECANCELED, "computation cancelled");
            goto free_all;
        }
        double mult = 1;
        if (in->K > 0) {
            long x = idx;
            int u = 0;
            for (int g = 0; g < in->K; g++) {
                k[g] = (int)(x % (in->m[g] + 1));
                x /= in->m[g] + 1;
                mult *= round(exp(lgamma(in->m[g] + 1.0) - lgamma(k[g] + 1.0) -
                                  lgamma(in->m[g] - k[g] + 1.0)));
                for (int q = 0; q < in->m[g]; q++)
                    a[u++] = (unsigned char)(q < k[g]);
            }
        } else {
            for (int i = 0; i < n; i++)
                a[i] = (unsigned char)(idx >> i & 1);
        }
        rc = ammo_literal_leaks(n, Q, a, L, e);
        if (rc != DMX_OK)
            goto free_all;
        double d = 0;
        for (int i = 0; i < n; i++)
            if (a[i])
                d += (1.0 - in->v[i]) * L[i];
        /* ssv slot carries the multiplicity; mask = index */
        ammo_track_add(&tr, d, mult, (uint64_t)idx);
    }
    if (tr.oom) {
        rc = dmx_err_set(e, DMX_EINTERNAL, "out of memory (tie list)");
        goto free_all;
    }
    {
        double thr = tr.best - AMMO_TIE_REL * fmax(1.0, fabs(tr.best));
        int bestpop = -1;
        *count = 0;
        for (long r = 0; r < tr.len; r++) {
            if (!(tr.val[r] >= thr))
                continue;
            *count += tr.ssv[r];
            long idx = (long)tr.msk[r];
            if (in->K > 0) {
                long x = idx;
                int u = 0;
                for (int g = 0; g < in->K; g++) {
                    int kg = (int)(x % (in->m[g] + 1));
                    x /= in->m[g] + 1;
                    for (int q = 0; q < in->m[g]; q++)
                        a[u++] = (unsigned char)(q < kg);
                }
            } else {
                for (int i = 0; i < n; i++)
                    a[i] = (unsigned char)(idx >> i & 1);
            }
            int pop = 0;
            for (int i = 0; i < n; i++)
                pop += a[i];
            int less = 0;
            for (int i = n - 1; i >= 0; i--)
                if (a[i] != best_a[i]) {
                    less = a[i] < best_a[i];
                    break;
                }
            if (pop > bestpop || (pop == bestpop && less)) {
                bestpop = pop;
                memcpy(best_a, a, (size_t)n);
            }
        }
        *best_val = tr.best;
    }
    /* corr(X_i, S̃_i) = 1/sqrt(σ_i² Q_ii): the slides' "fully correlated" is false */
    if (corr)
        for (int i = 0; i < n; i++)
            corr[i] = 1.0 / sqrt(in->S[i * n + i] * Q[i * n + i]);
free_all:
    ammo_track_free(&tr);
    free(Q);
    free(L);
    free(a);
    free(k);
    return rc;
}
