/* competition.c -- two competing platforms (§4; docs/models/ammo.md).
 *
 * Second stage for given price vectors p¹ (`prices`) and p² (`prices2`): users choose
 * b_i ∈ {1,2} (which platform to join; 0 = none is a deviation worth 0) and a_i ∈ {0,1}.
 * For i ∈ J_k, u_i = a_i p^k_i − v_i I_i(T_k) + c_i(J_k) with T_k = sharers on platform k
 * (leaks are platform-specific: no cross-platform leakage in the paper's model) and the
 * joining value c_i(J) = c0 + c1 (|J| − 1) (Assumption 1 needs c1 > 0 and
 * c0 > max_j v_j σ_j²; a note warns otherwise).  All 4^n pure profiles are checked against
 * every unilateral deviation (n <= 8) using a table of the 2^n leak vectors.
 * U^(k) = Σ_{i∈J_k} I_i(T_k) − Σ_{i∈T_k} p^k_i  (8);  SS = Σ_k Σ_{i∈J_k} (1−v_i) I_i(T_k) + c_i(J_k).
 * The price stage (mixed equilibria, Theorem B-1) has no algorithm and is not computed.
 * For n = 2 the slides' comparison "monopoly vs split" is reported. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "ammo_views.h"

/* The platforms' memberships of a profile: sharers T[k] and member counts J[k], k = 1, 2. */
typedef struct members {
    unsigned T[3];
    int J[3];
} members;

static void members_of(int n, const int *b, const int *a, members *M)
{
    memset(M, 0, sizeof *M);
    for (int j = 0; j < n; j++) {
        M->J[b[j]]++;
        if (a[j])
            M->T[b[j]] |= 1u << j;
    }
}

/* Payoff of user i joining platform k with share decision ai, given the others' (b, a)
 * (their memberships M, which include i's current choice b[i], a[i]). */
static double user_payoff(int n, const double *L, const double *v, const double *p1,
                          const double *p2, double c0, double c1, const int *b,
                          const members *M, int i, int k, int ai)
{
    if (k == 0)
        return 0.0;
    unsigned T = M->T[k] & ~(1u << i);
    int J = M->J[k] - (b[i] == k) + 1;
    if (ai)
        T |= 1u << i;
    const double *pk = k == 1 ? p1 : p2;
    return (ai ? pk[i] : 0.0) - v[i] * L[(size_t)T * n + i] + c0 + c1 * (J - 1);
}

/* 1 when no user gains by another (platform, share) choice, given the others'. */
static int is_user_eq(int n, const double *L, const double *v, const double *p1,
                      const double *p2, double c0, double c1, const int *b, const int *a)
{
    members M;
    members_of(n, b, a, &M);
    for (int i = 0; i < n; i++) {
        double cur = user_payoff(n, L, v, p1, p2, c0, c1, b, &M, i, b[i], a[i]);
        double tol = AMMO_EQ_REL * fmax(1.0, fabs(cur));
        for (int k = 0; k <= 2; k++)
            for (int ai = 0; ai <= 1; ai++) {
                if (k == b[i] && ai == a[i])
                    continue;
                if (user_payoff(n, L, v, p1, p2, c0, c1, b, &M, i, k, ai) > cur + tol)
                    return 0;
            }
    }
    return 1;
}

/* Platform payoffs and social surplus of equilibrium number `count` (listed up to 200). */
static void emit_eq(const ammo_inst *in, const double *L, const double *p1, const double *p2,
                    double c0, double c1, const int *b, const int *a, long count,
                    dmx_node *list, dmx_view *tab, dmx_result *r)
{
    const int n = in->n;
    double U[3] = {0, 0, 0}, ss = 0;
    unsigned T[3] = {0, 0, 0};
    int J[3] = {0, 0, 0};
    for (int i = 0; i < n; i++) {
        J[b[i]]++;
        if (a[i])
            T[b[i]] |= 1u << i;
    }
    for (int i = 0; i < n; i++) {
        int k = b[i];
        double li = L[(size_t)T[k] * n + i];
        U[k] += li - (a[i] ? (k == 1 ? p1[i] : p2[i]) : 0.0);
        ss += (1.0 - in->v[i]) * li + c0 + c1 * (J[k] - 1);
    }
    if (count > 200)
        return;
    dmx_node *eo = dmx_add_obj(r, list, NULL);
    dmx_add_ivec(r, eo, "join", b, n);
    dmx_add_ivec(r, eo, "share", a, n);
    double uu[2] = {U[1], U[2]};
    dmx_add_vec(r, eo, "platform_payoffs", uu, 2);
    dmx_add_num(r, eo, "social_surplus", ss);
    if (!tab)
        return;
    char lab[16], bs[20], as[20];
    snprintf(lab, sizeof lab, "%ld", count);
    for (int i = 0; i < n; i++) {
        bs[i] = (char)('0' + b[i]);
        as[i] = (char)('0' + a[i]);
    }
    bs[n] = as[n] = 0;
    dmx_node *row = dmx_table_row(r, tab, lab);
    dmx_add_str(r, row, NULL, "%s", bs);
    dmx_add_str(r, row, NULL, "%s", as);
    dmx_add_num(r, row, NULL, U[1]);
    dmx_add_num(r, row, NULL, U[2]);
    dmx_add_num(r, row, NULL, ss);
}

int ammo_competition_compute(const ammo_inst *in, const dmx_params *p, dmx_result *r,
                             const dmx_ctx *ctx, dmx_err *e)
{
    const int n = in->n;
    int rc = DMX_OK;
    dmx_node *o = NULL;
    if (n == 2) {
        /* slides: monopoly (the equilibrium) vs each user alone on her own platform,
         * sharing iff v_i < 1; joining values cancel */
        o = dmx_add_obj(r, r->root, "competition");
        dmx_node *sl = dmx_add_obj(r, o, "slides");
        double split = 0;
        for (int i = 0; i < 2; i++) {
            double s2 = in->S[i * 3];
            if (in->v[i] < 1.0)
                split += (1.0 - in->v[i]) * s2 * s2 / (1.0 + s2);
        }
        dmx_add_num(r, sl, "split_social_surplus", split);
    }
    if (!dmx_p_is_set(p, "prices2"))
        return DMX_OK;
    if (!dmx_p_is_set(p, "prices"))
        return dmx_err_set(e, DMX_EDATA, "prices2 needs prices (platform 1's price vector)");
    const dmx_pval *q1 = dmx_p(p, "prices"), *q2 = dmx_p(p, "prices2");
    if (q1->rows * q1->cols != n || q2->rows * q2->cols != n)
        return dmx_err_set(e, DMX_EDATA, "prices and prices2 need %d entries each", n);
    if (n > 8) {
        dmx_add_null(r, r->root, "competition", "the second-stage solver handles n <= 8");
        return DMX_OK;
    }
    double c0 = dmx_p_num(p, "join_c0"), c1 = dmx_p_num(p, "join_c1");
    double mx = 0;
    for (int i = 0; i < n; i++)
        mx = fmax(mx, in->v[i] * in->S[i * n + i]);
    if (!(c0 > mx) || !(c1 > 0))
        dmx_add_note(r, "joining values violate Assumption 1 (need c1 > 0 and c0 > max v_j σ_j² "
                        "= %.4g): users may prefer to join no platform", mx);
    const long nT = 1L << n;
    double *L = malloc(sizeof *L * (size_t)nT * (size_t)n);
    unsigned char *a8 = malloc((size_t)n);
    if (!L || !a8) {
        rc = dmx_err_set(e, DMX_EINTERNAL, "out of memory");
        goto free_all;
    }
    for (long T = 0; T < nT; T++) {
        for (int i = 0; i < n; i++)
            a8[i] = (unsigned char)(T >> i & 1);
        rc = ammo_leaks(n, in->S, a8, L + T * n, NULL, NULL, e);
        if (rc != DMX_OK)
            goto free_all;
    }
    if (!o)
        o = dmx_add_obj(r, r->root, "competition");
    dmx_node *list = dmx_add_arr(r, o, "equilibria");
    dmx_view *tab = NULL;
    if (dmx_wants(ctx, "views")) {
        static const char *const hdr[] = {"#", "join b", "share a", "U(1)", "U(2)", "SS"};
        tab = dmx_add_table(r, "competition", "Two platforms: pure user equilibria", hdr, 6);
    }
    long count = 0;
    int b[8], a[8];
    for (long code = 0; code < (1L << (2 * n)); code++) {
        for (int i = 0; i < n; i++) {
            b[i] = 1 + (int)(code >> i & 1);
            a[i] = (int)(code >> (n + i) & 1);
        }
        int eq = is_user_eq(n, L, in->v, q1->v, q2->v, c0, c1, b, a);
        if (!eq)
            continue;
        count++;
        emit_eq(in, L, q1->v, q2->v, c0, c1, b, a, count, list, tab, r);
    }
    dmx_add_int(r, o, "count", count);
free_all:
    free(L);
    free(a8);
    return rc;
}
