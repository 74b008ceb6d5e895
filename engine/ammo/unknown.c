/* unknown.c -- unknown valuations (§5.2, Appendix B: Theorem B-2, Proposition B-1,
 * Proposition B-2; spec §6.2).
 *
 * Each user's value v_i is private, drawn from F_i on [0, v_max,i] with virtual value
 * Φ_i(v) = v + F_i(v)/f_i(v) (Assumption 2: nondecreasing).  Families: uniform[0, b]
 * (Φ = 2v), power F = (v/b)^k (Φ = v(1 + 1/k)), exponential(λ) (Φ = v + (e^{λv} - 1)/λ,
 * v_max = ∞).  For a reported vector v (Theorem B-2):
 *     a^E(v) = argmax_a Σ_i (1 - Φ_i) I_i(a) + Φ_i I_i(a_i = 0, a_-i)
 *     p_i(v) = v_i A_i(v_i) + ∫_{v_i}^{v_max} A_i(x) dx,
 *     A_i(x) = I_i(a^E(x, v_-i)) - I_i(a_i = 0, a^E_-i(x, v_-i)).
 * (The paper writes the lower limit "v": it is v_i.)  With φ = Φ_i(x) each profile is a line
 * C(a) - φ D(a) in φ (D(a) = own increment of i, 0 if i does not share), so A_i is the slope
 * of an upper envelope of at most 2^n lines: exact breakpoints, mapped back with Φ_i^{-1};
 * the integral is a finite sum.  VCG prices (Proposition B-1) implement the first best. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "ammo_views.h"

typedef struct vdist {
    int fam;           /* 1 uniform, 2 exponential, 3 power */
    double par, k;     /* b (uniform/power upper end) or λ; power exponent */
} vdist;

static double vmax_of(const vdist *d)
{
    return d->fam == 2 ? INFINITY : d->par;
}

/* Φ(v) = v + F(v)/f(v). */
static double virt(const vdist *d, double v)
{
    if (d->fam == 1)
        return 2.0 * v;
    if (d->fam == 3)
        return v * (1.0 + 1.0 / d->k);
    return v + expm1(d->par * v) / d->par;
}

/* Φ^{-1}(y) for y >= 0 (bisection for the exponential family). */
static double virt_inv(const vdist *d, double y)
{
    if (y <= 0)
        return 0;
    if (d->fam == 1)
        return 0.5 * y;
    if (d->fam == 3)
        return y * d->k / (d->k + 1.0);
    double lo = 0, hi = y;          /* Φ(v) >= v */
    for (int it = 0; it < 200; it++) {
        double mid = 0.5 * (lo + hi);
        if (virt(d, mid) < y)
            lo = mid;
        else
            hi = mid;
    }
    return 0.5 * (lo + hi);
}

/* Payment of user i for report vector phi (virtual values) at own report vi:
 * walks the upper envelope of the lines C(a) - φ D(a) from φ = Φ(v_i). */
static double payment(int i, int n, long np, const double *C, const double *D,
                      const vdist *d, double vi, double *Ai)
{
    double phi = virt(d, vi), vmax = vmax_of(d);
    /* optimal line at φ: max C - φD, ties -> larger D (most sharing) */
    long cur = -1;
    for (long m = 0; m < np; m++) {
        double f = C[m] - phi * D[m];
        if (cur < 0) {
            cur = m;
            continue;
        }
        double g = C[cur] - phi * D[cur], tol = 1e-12 * fmax(1.0, fabs(g));
        if (f > g + tol || (f >= g - tol && D[m] > D[cur]))
            cur = m;
    }
    *Ai = D[cur];
    double pay = vi * D[cur], x = vi;
    (void)i;
    (void)n;
    while (D[cur] > 1e-15) {
        /* next breakpoint: a line with smaller slope D overtakes at φ' */
        double next = INFINITY;
        long nk = -1;
        for (long m = 0; m < np; m++) {
            if (D[m] >= D[cur] - 1e-15)
                continue;
            double t = (C[cur] - C[m]) / (D[cur] - D[m]);
            if (t < phi)
                t = phi;
            if (t < next - 1e-15 || (fabs(t - next) <= 1e-15 && nk >= 0 && D[m] > D[nk])) {
                next = t;
                nk = m;
            }
        }
        double xn = nk < 0 ? vmax : fmin(vmax, virt_inv(d, next));
        if (!isfinite(xn))
            return INFINITY;     /* user shares for every report: unbounded rent */
        if (xn > x)
            pay += D[cur] * (xn - x);
        if (nk < 0 || xn >= vmax)
            break;
        x = xn;
        phi = next;
        cur = nk;
    }
    return pay;
}

/* See ammo_views.h: fills `unknown` when a value distribution is chosen (n <= 12). */
int ammo_unknown_compute(const ammo_inst *in, const dmx_params *p, dmx_result *r,
                         dmx_err *e)
{
    const char *fam = dmx_p_choice(p, "vdist");
    if (strcmp(fam, "none") == 0)
        return DMX_OK;
    const int n = in->n;
    if (n > 12) {
        dmx_add_null(r, r->root, "unknown", "unknown valuations are computed for n <= 12");
        return DMX_OK;
    }
    vdist d;
    d.fam = strcmp(fam, "uniform") == 0 ? 1 : strcmp(fam, "exponential") == 0 ? 2 : 3;
    d.par = dmx_p_num(p, "vdist_param");
    d.k = dmx_p_num(p, "vdist_k");
    for (int i = 0; i < n; i++)
        if (d.fam != 2 && in->v[i] > d.par)
            return dmx_err_set(e, DMX_EDATA, "values[%d] = %g lies outside the support "
                               "[0, %g] of its distribution (vdist_param)", i, in->v[i], d.par);
    const long np = 1L << n;
    int rc = DMX_OK;
    double *I = malloc(sizeof *I * (size_t)np * (size_t)n);
    double *I0 = malloc(sizeof *I0 * (size_t)np * (size_t)n);
    double *C = malloc(sizeof *C * (size_t)np), *D = malloc(sizeof *D * (size_t)np);
    double *phi = malloc(sizeof *phi * (size_t)n), *pay = malloc(sizeof *pay * (size_t)n);
    double *A = malloc(sizeof *A * (size_t)n), *vcg = malloc(sizeof *vcg * (size_t)n);
    double *tmp = malloc(sizeof *tmp * (size_t)n);
    unsigned char *a = malloc((size_t)n), *aE = calloc((size_t)n, 1);
    if (!I || !I0 || !C || !D || !phi || !pay || !A || !vcg || !tmp || !a || !aE) {
        rc = dmx_err_set(e, DMX_EINTERNAL, "out of memory");
        goto free_all;
    }
    for (long m = 0; m < np; m++) {
        for (int i = 0; i < n; i++)
            a[i] = (unsigned char)(m >> i & 1);
        rc = ammo_leaks(n, in->S, a, I + m * n, I0 + m * n, tmp, e);
        if (rc != DMX_OK)
            goto free_all;
    }
    for (int i = 0; i < n; i++)
        phi[i] = virt(&d, in->v[i]);
    /* a^E(v): maximize Φ with virtual values (Theorem B-2) */
    long best = 0;
    double bf = 0;
    int bpop = -1;
    for (long m = 0; m < np; m++) {
        double f = 0;
        int pop = __builtin_popcountl((unsigned long)m);
        for (int j = 0; j < n; j++)
            f += (1.0 - phi[j]) * I[m * n + j] + phi[j] * I0[m * n + j];
        if (ammo_better(f, pop, bf, bpop)) {
            bf = f;
            best = m;
            bpop = pop;
        }
    }
    for (int i = 0; i < n; i++)
        aE[i] = (unsigned char)(best >> i & 1);
    /* payments (B-18) */
    double total = 0, sumI = 0, ss = 0;
    for (int i = 0; i < n; i++) {
        for (long m = 0; m < np; m++) {
            double c = 0;
            for (int j = 0; j < n; j++)
                if (j != i)
                    c += (1.0 - phi[j]) * I[m * n + j] + phi[j] * I0[m * n + j];
            C[m] = c + I[m * n + i];
            D[m] = (m >> i & 1) ? I[m * n + i] - I0[m * n + i] : 0.0;
        }
        pay[i] = payment(i, n, np, C, D, &d, in->v[i], &A[i]);
        total += pay[i];
    }
    for (int j = 0; j < n; j++) {
        sumI += I[best * n + j];
        ss += (1.0 - in->v[j]) * I[best * n + j];
    }
    /* VCG (Proposition B-1) on the first best a(v) = argmax SS */
    long fbm = 0;
    double fbv = 0;
    int fbpop = -1;
    for (long m = 0; m < np; m++) {
        double s = 0;
        int pop = __builtin_popcountl((unsigned long)m);
        for (int j = 0; j < n; j++)
            s += (1.0 - in->v[j]) * I[m * n + j];
        if (ammo_better(s, pop, fbv, fbpop)) {
            fbv = s;
            fbm = m;
            fbpop = pop;
        }
    }
    for (int i = 0; i < n; i++) {
        double mn = INFINITY, at = 0;
        for (long m = 0; m < np; m++) {
            double s = I[m * n + i];
            for (int j = 0; j < n; j++)
                if (j != i)
                    s += (1.0 - in->v[j]) * I[m * n + j];
            mn = fmin(mn, s);
            if (m == fbm)
                at = s;
        }
        vcg[i] = at - mn;
    }
    /* Proposition B-2 bound with V_Φ^(l) = {Φ_i(v_i) <= 1} */
    for (int i = 0; i < n; i++)
        a[i] = phi[i] <= 1.0;
    rc = ammo_leaks(n, in->S, a, tmp, NULL, NULL, e);
    if (rc != DMX_OK)
        goto free_all;
    double b2 = 0;
    for (int i = 0; i < n; i++)
        if (in->v[i] > 1.0)
            b2 -= (in->v[i] - 1.0) * tmp[i];
        else
            b2 += (1.0 - in->v[i]) * I[(np - 1) * n + i];
    dmx_node *o = dmx_add_obj(r, r->root, "unknown");
    dmx_add_str(r, o, "distribution", "%s", fam);
    dmx_add_vec(r, o, "virtual_values", phi, n);
    dmx_node *pr = dmx_add_arr(r, o, "profile");
    dmx_node *lv = dmx_add_arr(r, o, "low_virtual");
    for (int i = 0; i < n; i++) {
        dmx_add_int(r, pr, NULL, aE[i]);
        dmx_add_int(r, lv, NULL, phi[i] <= 1.0);
    }
    dmx_add_vec(r, o, "payments", pay, n);
    dmx_add_vec(r, o, "allocation_increment", A, n);
    dmx_add_num(r, o, "platform_payoff", sumI - total);
    dmx_add_num(r, o, "social_surplus", ss);
    dmx_add_num(r, o, "propB2_bound", b2);
    dmx_node *vc = dmx_add_obj(r, o, "vcg");
    dmx_node *vp = dmx_add_arr(r, vc, "profile");
    for (int i = 0; i < n; i++)
        dmx_add_int(r, vp, NULL, (int)(fbm >> i & 1));
    dmx_add_vec(r, vc, "prices", vcg, n);
    dmx_add_num(r, vc, "social_surplus", fbv);
    {
        static const char *const hdr[] = {"user", "v_i (report)", "Φ_i(v_i)", "V_Φ^(l)",
                                          "a^E(v)", "payment", "A_i", "VCG a", "VCG price"};
        dmx_view *t = dmx_add_table(r, "unknown", "Unknown valuations (Theorem B-2, Prop. B-1)",
                                    hdr, 9);
        for (int i = 0; i < n; i++) {
            char lab[16];
            snprintf(lab, sizeof lab, "%d", i);
            dmx_node *row = dmx_table_row(r, t, lab);
            dmx_add_num(r, row, NULL, in->v[i]);
            dmx_add_num(r, row, NULL, phi[i]);
            dmx_add_str(r, row, NULL, "%s", phi[i] <= 1.0 ? "yes" : "no");
            dmx_add_num(r, row, NULL, aE[i]);
            dmx_add_num(r, row, NULL, pay[i]);
            dmx_add_num(r, row, NULL, A[i]);
            dmx_add_num(r, row, NULL, (double)(fbm >> i & 1));
            dmx_add_num(r, row, NULL, vcg[i]);
        }
    }
free_all:
    free(I);
    free(I0);
    free(C);
    free(D);
    free(phi);
    free(pay);
    free(A);
    free(vcg);
    free(tmp);
    free(a);
    free(aE);
    return rc;
}
