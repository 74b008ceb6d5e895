/* unknown.c -- unknown valuations (§5.2, Appendix B: Theorem B-2, Proposition B-1,
 * Proposition B-2; docs/models/ammo.md).
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
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "../grid.h"
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

/* A bound on the rounding error of virt() for the exponential family at v >= 0, given
 * em = fl(expm1(λv)): Φ(v) = v + expm1(t)/λ with t = λv.  The rounding of t moves expm1 by
 * <= e^t t ε/2, expm1 itself is within one ulp, the division and the sum add ε/2 each:
 * |fl(Φ(v)) − Φ(v)| <= ε (t/2 + 2) (v + e^t/λ) to first order; four times that is
 * returned.  It grows with v, and Φ(v) − bound(v) grows with v too (Φ' = 1 + e^t dominates
 * its derivative). */
static double virt_err(double lam, double v, double em)
{
    return 4.0 * DBL_EPSILON * (0.5 * lam * v + 2.0) * (v + (em + 1.0) / lam);
}

/* Φ^{-1}(y) for y >= 0.  The exponential family has no closed form: the result is the
 * bisection of [0, y] (Φ(v) >= v) for the step Φ(mid) < y, run to its fixed point (mid
 * equal to an end; at most 200 steps).  To make it cheap the outcome of a step is
 * predicted without evaluating Φ when mid lies outside a window [a, b] around an estimate
 * of the root (Halley's method), and each side's prediction is used only once it is
 * proven: fl(Φ(a)) + 2 bound(a) < y gives fl(Φ(mid)) < y for every mid <= a, and
 * fl(Φ(b)) − 2 bound(b) >= y gives fl(Φ(mid)) >= y for every mid >= b (virt_err).
 * Steps inside the window evaluate Φ as the plain bisection does, so the result is the
 * plain bisection's bit for bit, with about 13 evaluations of expm1 instead of 200. */
static double virt_inv(const vdist *d, double y)
{
    if (y <= 0)
        return 0;
    if (d->fam == 1)
        return 0.5 * y;
    if (d->fam == 3)
        return y * d->k / (d->k + 1.0);
    const double lam = d->par;
    /* Halley on the convex increasing Φ (Φ' = 2 + expm1(λv), Φ'' = λ e^{λv}) from an upper
     * bound of the root (Φ(v) >= 2v and Φ(v) >= expm1(λv)/λ) */
    double r = 0.5 * y, em = NAN;
    if (lam * y > 2.5)                  /* log1p(z)/λ < z/(2λ) only for z > 2.51 */
        r = fmin(r, log1p(lam * y) / lam);
    for (int it = 0; it < 60 && isfinite(r); it++) {
        em = expm1(lam * r);
        double f = r + em / lam - y, d1 = 2.0 + em;
        double step = f / (d1 - 0.5 * f * lam * (em + 1.0) / d1);
        if (!(fabs(step) > 4.0 * DBL_EPSILON * r))
            break;
        r -= step;
        em = NAN;
    }
    double a = -INFINITY, b = INFINITY;
    if (isfinite(r) && isfinite(em)) {
        /* half-width: the residual and the evaluation error over the slope Φ'(r) */
        double dl = (2.0 * fabs(r + em / lam - y) + 3.0 * virt_err(lam, r, em)) / (2.0 + em) +
                    4.0 * DBL_EPSILON * r;
        double lo_t = r - dl, hi_t = r + dl;
        if (lo_t > 0) {
            double e = expm1(lam * lo_t);
            if (lo_t + e / lam + 2.0 * virt_err(lam, lo_t, e) < y)
                a = lo_t;
        }
        if (hi_t < y) {
            double e = expm1(lam * hi_t);
            if (hi_t + e / lam - 2.0 * virt_err(lam, hi_t, e) >= y)
                b = hi_t;
        }
    }
    /* the bisection; a fixed point (mid equal to an end: Φ(lo) < y <= Φ(hi) keep lo, hi)
     * ends it.  hi > a and lo < b always (a < r <= y/2; hi only takes mids >= b or
     * evaluated ones in (a, b), lo likewise), so a predicted step only needs the one test */
    double lo = 0, hi = y;
    for (int it = 0; it < 200; it++) {
        double mid = 0.5 * (lo + hi);
        if (mid <= a) {
            if (mid == lo)
                break;
            lo = mid;
        } else if (mid >= b) {
            if (mid == hi)
                break;
            hi = mid;
        } else {
            if (mid == lo || mid == hi)
                break;
            if (virt(d, mid) < y)
                lo = mid;
            else
                hi = mid;
        }
    }
    return 0.5 * (lo + hi);
}

/* See ammo_views.h. */
double ammo_exp_virt_inv(double lam, double y)
{
    vdist d = {.fam = 2, .par = lam};
    return virt_inv(&d, y);
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
        double g = C[cur] - phi * D[cur], ag = fabs(g);
        double tol = AMMO_EQ_REL * (ag > 1.0 ? ag : 1.0);     /* fmax(1, |g|), inline */
        if (f > g + tol || (f >= g - tol && D[m] > D[cur]))
            cur = m;
    }
    *Ai = D[cur];
    double pay = vi * D[cur], x = vi;
    (void)i;
    (void)n;
    while (D[cur] > AMMO_ORDER_EPS) {
        /* next breakpoint: a line with smaller slope D overtakes at φ' */
        double next = INFINITY;
        long nk = -1;
        for (long m = 0; m < np; m++) {
            if (D[m] >= D[cur] - AMMO_ORDER_EPS)
                continue;
            double t = (C[cur] - C[m]) / (D[cur] - D[m]);
            if (t < phi)
                t = phi;
            if (t < next - AMMO_ORDER_EPS || (fabs(t - next) <= AMMO_ORDER_EPS && nk >= 0 && D[m] > D[nk])) {
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
/* Leak tables of every profile and the scratch of the mechanism. */
typedef struct unk_ws {
    int n;
    long np;
    vdist d;
    double *I, *I0;                /* np x n: I_j(a), I_j(a_j = 0, a_-j) */
    double *Dt;                    /* n x np: own increments D_i(a) (payment) */
    int *pop;                      /* np: users sharing in each profile */
    double *C, *T, *phi, *pay, *A, *vcg, *tmp;
    unsigned char *a, *aE;
    long best, fbm;
    double total, sumI, ss, fbv, b2;
} unk_ws;

static void unk_free(unk_ws *w)
{
    free(w->I);
    free(w->I0);
    free(w->Dt);
    free(w->pop);
    free(w->C);
    free(w->T);
    free(w->phi);
    free(w->pay);
    free(w->A);
    free(w->vcg);
    free(w->tmp);
    free(w->a);
    free(w->aE);
}

/* One profile's leaks into the tables (thread-safe: its own rows; dmx_grid_fill). */
enum { UNK_LEAK_ROW = 64 };         /* profiles per grid row */
static int unk_leak_cell(void *user, int thread, int ix, int iy, double *out, dmx_err *e)
{
    (void)thread;
    const unk_ws *w = ((const void **)user)[0];
    const ammo_inst *in = ((const void **)user)[1];
    const int n = w->n;
    const long m = (long)iy * UNK_LEAK_ROW + ix;
    unsigned char a[12];
    double i1[12];
    for (int i = 0; i < n; i++)
        a[i] = (unsigned char)(m >> i & 1);
    *out = 0;
    return ammo_leaks(n, in->S, a, w->I + m * n, w->I0 + m * n, i1, e);
}

/* The leak tables I, I0 of every profile (np x n each, stacked): they depend on Σ only,
 * so they are memoized in ctx->cache on (n, Σ) and moving a report or the distribution
 * reuses them.  Large tables are filled over ctx->jobs threads (one factorization per
 * profile, the same numbers on any number of threads). */
static int unk_leaks(unk_ws *w, const ammo_inst *in, const dmx_ctx *ctx, dmx_err *e)
{
    const int n = w->n;
    const long np = w->np;
    const size_t sz = sizeof(double) * 2 * (size_t)np * (size_t)n;
    dmx_key key;
    dmx_key_init(&key, "ammo.unknown_leaks");
    dmx_key_i(&key, n);
    dmx_key_dv(&key, in->S, (size_t)n * (size_t)n);
    dmx_cache *cache = ctx ? ctx->cache : NULL;
    const double *hit = dmx_cache_get(cache, &key);
    int rc = DMX_OK;
    if (hit) {
        memcpy(w->I, hit, sz / 2);
        memcpy(w->I0, hit + np * n, sz / 2);
    } else {
        if (np >= 2 * UNK_LEAK_ROW) {
            const void *user[2] = {w, in};
            double *dummy = malloc(sizeof *dummy * (size_t)np);
            rc = dummy ? dmx_grid_fill(ctx, UNK_LEAK_ROW, (int)(np / UNK_LEAK_ROW),
                                       unk_leak_cell, (void *)user, dummy, e)
                       : dmx_err_set(e, DMX_EINTERNAL, "out of memory");
            free(dummy);
        } else {
            for (long m = 0; m < np && rc == DMX_OK; m++) {
                for (int i = 0; i < n; i++)
                    w->a[i] = (unsigned char)(m >> i & 1);
                rc = ammo_leaks(n, in->S, w->a, w->I + m * n, w->I0 + m * n, w->tmp, e);
            }
        }
        double *keep = rc == DMX_OK ? malloc(sz) : NULL;
        if (keep) {
            memcpy(keep, w->I, sz / 2);
            memcpy(keep + np * n, w->I0, sz / 2);
            if (dmx_cache_put(cache, &key, keep, sz, free) != 0)
                free(keep);
        }
    }
    dmx_key_free(&key);
    return rc;
}

static int unk_alloc(unk_ws *w, const ammo_inst *in, const dmx_ctx *ctx, dmx_err *e)
{
    const int n = w->n;
    const long np = w->np;
    w->I = malloc(sizeof *w->I * (size_t)np * (size_t)n);
    w->I0 = malloc(sizeof *w->I0 * (size_t)np * (size_t)n);
    w->Dt = malloc(sizeof *w->Dt * (size_t)np * (size_t)n);
    w->pop = malloc(sizeof *w->pop * (size_t)np);
    w->C = malloc(sizeof *w->C * (size_t)np);
    w->T = malloc(sizeof *w->T * (size_t)np * (size_t)n);
    w->phi = malloc(sizeof *w->phi * (size_t)n);
    w->pay = malloc(sizeof *w->pay * (size_t)n);
    w->A = malloc(sizeof *w->A * (size_t)n);
    w->vcg = malloc(sizeof *w->vcg * (size_t)n);
    w->tmp = malloc(sizeof *w->tmp * (size_t)n);
    w->a = malloc((size_t)n);
    w->aE = calloc((size_t)n, 1);
    if (!w->I || !w->I0 || !w->Dt || !w->pop || !w->C || !w->T || !w->phi || !w->pay ||
        !w->A || !w->vcg || !w->tmp || !w->a || !w->aE)
        return dmx_err_set(e, DMX_EINTERNAL, "out of memory");
    int rc = unk_leaks(w, in, ctx, e);
    if (rc != DMX_OK)
        return rc;
    for (long m = 0; m < np; m++)
        w->pop[m] = __builtin_popcountl((unsigned long)m);
    for (int i = 0; i < n; i++)
        for (long m = 0; m < np; m++)
            w->Dt[i * np + m] = (m >> i & 1) ? w->I[m * n + i] - w->I0[m * n + i] : 0.0;
    return DMX_OK;
}

/* The terms of the virtual objective, T[m n + j] = (1 − Φ_j) I_j(m) + Φ_j I_j(m, a_j = 0),
 * for virtual values phi: shared by a^E and every user's payment envelope. */
static void unk_terms(const unk_ws *w, const double *phi, double *T)
{
    const int n = w->n;
    const double *I = w->I, *I0 = w->I0;
    for (long m = 0; m < w->np; m++)
        for (int j = 0; j < n; j++)
            T[m * n + j] = (1.0 - phi[j]) * I[m * n + j] + phi[j] * I0[m * n + j];
}

/* a^E for the terms T of virtual values: maximize Σ_j (1 - Φ_j) I_j + Φ_j I_j(a_j = 0)
 * (Thm B-2). */
static long unk_alloc_profile(const unk_ws *w, const double *T)
{
    const int n = w->n;
    long best = 0;
    double bf = 0;
    int bpop = -1;
    for (long m = 0; m < w->np; m++) {
        double f = 0;
        for (int j = 0; j < n; j++)
            f += T[m * n + j];
        if (ammo_better(f, w->pop[m], bf, bpop)) {
            bf = f;
            best = m;
            bpop = w->pop[m];
        }
    }
    return best;
}

/* Payments (B-18) of every user for values vv (terms T of their virtual values) into pay
 * and A; returns their sum.  C: scratch of np entries. */
static double unk_payments(const unk_ws *w, const double *vv, const double *T, double *pay,
                           double *A, double *C)
{
    const int n = w->n;
    const double *I = w->I;
    double total = 0;
    for (int i = 0; i < n; i++) {
        for (long m = 0; m < w->np; m++) {
            double c = 0;
            for (int j = 0; j < n; j++)
                if (j != i)
                    c += T[m * n + j];
            C[m] = c + I[m * n + i];
        }
        pay[i] = payment(i, n, w->np, C, w->Dt + i * w->np, &w->d, vv[i], &A[i]);
        total += pay[i];
    }
    return total;
}

/* a^E(v) and the payments (B-18) of the reported values. */
static void unk_mechanism(unk_ws *w, const ammo_inst *in)
{
    const int n = w->n;
    const double *I = w->I;
    for (int i = 0; i < n; i++)
        w->phi[i] = virt(&w->d, in->v[i]);
    unk_terms(w, w->phi, w->T);
    w->best = unk_alloc_profile(w, w->T);
    for (int i = 0; i < n; i++)
        w->aE[i] = (unsigned char)(w->best >> i & 1);
    w->sumI = w->ss = 0;
    w->total = unk_payments(w, in->v, w->T, w->pay, w->A, w->C);
    for (int j = 0; j < n; j++) {
        w->sumI += I[w->best * n + j];
        w->ss += (1.0 - in->v[j]) * I[w->best * n + j];
    }
}

/* A draw from F (inverse transform of a uniform u in (0, 1)). */
static double unk_draw(const vdist *d, double u)
{
    if (d->fam == 1)
        return d->par * u;
    if (d->fam == 3)
        return d->par * pow(u, 1.0 / d->k);
    return -log1p(-u) / d->par;
}

/* The Monte Carlo of unk_expected: draws (sample-major, n each) and their virtual values,
 * the four outcomes of every sample, per-thread scratch (C: np, T: np n). */
enum { UNK_MC_ROW = 100 };          /* samples per grid row */
_Static_assert(AMMO_MC_SAMPLES % UNK_MC_ROW == 0, "AMMO_MC_SAMPLES: whole rows of samples");
typedef struct unk_mc {
    const unk_ws *w;
    double *vv, *ph;                /* uniform draws in sequence, turned into v ~ F and Φ(v)
                                       by their sample's cell */
    double *x, *scratch;
} unk_mc;

/* One sample (thread-safe: reads w, writes its own draws, outcomes and its thread's
 * scratch). */
static int unk_mc_cell(void *user, int thread, int ix, int iy, double *out, dmx_err *e)
{
    (void)e;
    const unk_mc *mc = user;
    const unk_ws *w = mc->w;
    const int n = w->n;
    const long smp = (long)iy * UNK_MC_ROW + ix;
    double *vv = mc->vv + smp * n, *ph = mc->ph + smp * n;
    const double *I = w->I;
    for (int j = 0; j < n; j++) {       /* vv holds the uniform draws u: v = F^{-1}(u) */
        vv[j] = unk_draw(&w->d, vv[j]);
        ph[j] = virt(&w->d, vv[j]);
    }
    double *C = mc->scratch + (size_t)thread * (size_t)(n + 1) * (size_t)w->np, *T = C + w->np;
    double pay[AMMO_MC_MAX_N], A[AMMO_MC_MAX_N];
    unk_terms(w, ph, T);
    long a = unk_alloc_profile(w, T);
    double x[4] = {0, 0, -INFINITY, 0};
    for (int j = 0; j < n; j++) {
        x[0] += I[a * n + j];
        x[1] += (1.0 - vv[j]) * I[a * n + j];
        x[3] += T[a * n + j];
    }
    x[0] -= unk_payments(w, vv, T, pay, A, C);
    for (long m = 0; m < w->np; m++) {
        double f = 0;
        for (int j = 0; j < n; j++)
            f += (1.0 - vv[j]) * I[m * n + j];
        x[2] = fmax(x[2], f);
    }
    memcpy(mc->x + smp * 4, x, sizeof x);
    *out = x[0];
    return DMX_OK;
}

/* Means and standard errors of the four outcomes (unk_expected). */
typedef struct unk_est {
    double mean[4], se[4];
} unk_est;

/* The Monte Carlo itself: draws in sequence from one seeded generator, samples in
 * parallel over ctx->jobs threads (dmx_grid_fill), sums in sample order, so the estimate
 * does not depend on the number of threads. */
static int unk_mc_run(const unk_ws *w, const dmx_ctx *ctx, unk_est *est, dmx_err *e)
{
    const int n = w->n, S = AMMO_MC_SAMPLES;
    const int nj = dmx_grid_jobs(ctx);
    double *vv = malloc(sizeof *vv * 2 * (size_t)S * (size_t)n);
    double *x = malloc(sizeof *x * 4 * (size_t)S);
    double *scr = malloc(sizeof *scr * (size_t)(n + 1) * (size_t)w->np * (size_t)nj);
    double *cell = malloc(sizeof *cell * (size_t)S);
    int rc = DMX_OK;
    if (!vv || !x || !scr || !cell)
        rc = dmx_err_set(e, DMX_EINTERNAL, "out of memory");
    if (rc == DMX_OK) {
        double *ph = vv + (size_t)S * n;
        uint64_t st = AMMO_MC_SEED;
        for (long k = 0; k < (long)S * n; k++) {
            st = st * 6364136223846793005ull + 1442695040888963407ull;
            vv[k] = ((double)(st >> 11) + 0.5) / 9007199254740992.0;    /* u in (0, 1) */
        }
        unk_mc mc = {.w = w, .vv = vv, .ph = ph, .x = x, .scratch = scr};
        rc = dmx_grid_fill(ctx, UNK_MC_ROW, S / UNK_MC_ROW, unk_mc_cell, &mc, cell, e);
    }
    if (rc == DMX_OK) {
        double sum[4] = {0, 0, 0, 0}, sq[4] = {0, 0, 0, 0};
        for (long smp = 0; smp < S; smp++)
            for (int k = 0; k < 4; k++) {
                sum[k] += x[smp * 4 + k];
                sq[k] += x[smp * 4 + k] * x[smp * 4 + k];
            }
        const double N = S;
        for (int k = 0; k < 4; k++) {
            est->mean[k] = sum[k] / N;
            est->se[k] = sqrt(fmax(0.0, sq[k] / N - est->mean[k] * est->mean[k]) / (N - 1));
        }
    }
    free(vv);
    free(x);
    free(scr);
    free(cell);
    return rc;
}

/* Expected platform payoff and social surplus under the incentive-compatible mechanism
 * (Theorem B-2) with every v_i ~ F drawn independently: a seeded Monte Carlo average of the
 * realized payoff Σ_j I_j(a^E(v)) − Σ_i p_i(v) and of SS = Σ_j (1 − v_j) I_j(a^E(v)), with
 * standard errors; also the first-best surplus and, as an independent estimator of the same
 * expected payoff (E[p_i] = E[Φ_i(v_i) A_i], Myerson), the maximal virtual objective.
 * An expectation over reports: it depends on Σ and F only, not on the reported values,
 * and is memoized in ctx->cache on exactly those inputs. */
static int unk_expected(const unk_ws *w, const ammo_inst *in, dmx_node *o, dmx_result *r,
                        const dmx_ctx *ctx, dmx_err *e)
{
    const int n = w->n;
    if (n > AMMO_MC_MAX_N) {
        dmx_add_null(r, o, "expected", "expected values are estimated for n <= 6");
        return DMX_OK;
    }
    dmx_key key;
    dmx_key_init(&key, "ammo.unknown_expected");
    dmx_key_i(&key, n);
    dmx_key_dv(&key, in->S, (size_t)n * (size_t)n);
    dmx_key_i(&key, w->d.fam);
    dmx_key_d(&key, w->d.par);
    dmx_key_d(&key, w->d.fam == 3 ? w->d.k : 0.0);
    dmx_cache *cache = ctx ? ctx->cache : NULL;
    unk_est local, *est = dmx_cache_get(cache, &key);
    int rc = DMX_OK;
    if (!est) {
        unk_est *fresh = malloc(sizeof *fresh);
        est = fresh ? fresh : &local;
        rc = unk_mc_run(w, ctx, est, e);
        if (fresh && (rc != DMX_OK || dmx_cache_put(cache, &key, fresh, sizeof *fresh,
                                                     free) != 0)) {
            if (rc == DMX_OK)
                local = *fresh;
            free(fresh);
            est = &local;
        }
    }
    dmx_key_free(&key);
    if (rc != DMX_OK)
        return rc;
    const double *mean = est->mean, *se = est->se;
    dmx_node *x = dmx_add_obj(r, o, "expected");
    dmx_add_str(r, x, "method", "Monte Carlo over v ~ F (independent users), %d samples, "
                "seed %d", AMMO_MC_SAMPLES, (int)AMMO_MC_SEED);
    dmx_add_num(r, x, "platform_payoff", mean[0]);
    dmx_add_num(r, x, "social_surplus", mean[1]);
    dmx_add_num(r, x, "first_best_social_surplus", mean[2]);
    dmx_add_num(r, x, "platform_payoff_virtual", mean[3]);
    double s3[3] = {se[0], se[1], se[3]};
    dmx_add_vec(r, x, "standard_errors", s3, 3);
    dmx_add_int(r, x, "samples", AMMO_MC_SAMPLES);
    dmx_add_int(r, x, "seed", (long)AMMO_MC_SEED);
    static const char *const hdr[] = {"expected under F", "value", "std. error"};
    dmx_view *t = dmx_add_table(r, "unknown_expected", "Unknown valuations: expected outcomes",
                                hdr, 3);
    static const char *const lab[4] = {"platform payoff", "social surplus", "first-best SS",
                                       "virtual surplus (= payoff)"};
    for (int k = 0; k < 4; k++) {
        dmx_node *row = dmx_table_row(r, t, lab[k]);
        dmx_add_num(r, row, NULL, mean[k]);
        if (k == 2)
            dmx_add_null(r, row, NULL, "not estimated");
        else
            dmx_add_num(r, row, NULL, se[k]);
    }
    return DMX_OK;
}

/* VCG (Proposition B-1) on the first best a(v) = argmax SS. */
static void unk_vcg(unk_ws *w, const ammo_inst *in)
{
    const int n = w->n;
    const double *I = w->I;
    int fbpop = -1;
    w->fbm = 0;
    w->fbv = 0;
    for (long m = 0; m < w->np; m++) {
        double s = 0;
        int pop = __builtin_popcountl((unsigned long)m);
        for (int j = 0; j < n; j++)
            s += (1.0 - in->v[j]) * I[m * n + j];
        if (ammo_better(s, pop, w->fbv, fbpop)) {
            w->fbv = s;
            w->fbm = m;
            fbpop = pop;
        }
    }
    for (int i = 0; i < n; i++) {
        double mn = INFINITY, at = 0;
        for (long m = 0; m < w->np; m++) {
            double s = I[m * n + i];
            for (int j = 0; j < n; j++)
                if (j != i)
                    s += (1.0 - in->v[j]) * I[m * n + j];
            mn = fmin(mn, s);
            if (m == w->fbm)
                at = s;
        }
        w->vcg[i] = at - mn;
    }
}

/* Proposition B-2 bound with V_Φ^(l) = {Φ_i(v_i) <= 1}. */
static int unk_b2(unk_ws *w, const ammo_inst *in, dmx_err *e)
{
    const int n = w->n;
    for (int i = 0; i < n; i++)
        w->a[i] = w->phi[i] <= 1.0;
    int rc = ammo_leaks(n, in->S, w->a, w->tmp, NULL, NULL, e);
    if (rc != DMX_OK)
        return rc;
    w->b2 = 0;
    for (int i = 0; i < n; i++)
        if (in->v[i] > 1.0)
            w->b2 -= (in->v[i] - 1.0) * w->tmp[i];
        else
            w->b2 += (1.0 - in->v[i]) * w->I[(w->np - 1) * n + i];
    return DMX_OK;
}

static void unk_table(const unk_ws *w, const ammo_inst *in, dmx_result *r)
{
    static const char *const hdr[] = {"user", "v_i (report)", "Φ_i(v_i)", "V_Φ^(l)",
                                      "a^E(v)", "payment", "A_i", "VCG a", "VCG price"};
    dmx_view *t = dmx_add_table(r, "unknown", "Unknown valuations (Theorem B-2, Prop. B-1)",
                                hdr, 9);
    for (int i = 0; i < w->n; i++) {
        char lab[16];
        snprintf(lab, sizeof lab, "%d", i);
        dmx_node *row = dmx_table_row(r, t, lab);
        dmx_add_num(r, row, NULL, in->v[i]);
        dmx_add_num(r, row, NULL, w->phi[i]);
        dmx_add_str(r, row, NULL, "%s", w->phi[i] <= 1.0 ? "yes" : "no");
        dmx_add_num(r, row, NULL, w->aE[i]);
        dmx_add_num(r, row, NULL, w->pay[i]);
        dmx_add_num(r, row, NULL, w->A[i]);
        dmx_add_num(r, row, NULL, (double)(w->fbm >> i & 1));
        dmx_add_num(r, row, NULL, w->vcg[i]);
    }
}

static dmx_node *unk_emit(const unk_ws *w, const ammo_inst *in, const char *fam,
                          dmx_result *r)
{
    const int n = w->n;
    dmx_node *o = dmx_add_obj(r, r->root, "unknown");
    dmx_add_str(r, o, "distribution", "%s", fam);
    dmx_add_vec(r, o, "virtual_values", w->phi, n);
    dmx_node *pr = dmx_add_arr(r, o, "profile");
    dmx_node *lv = dmx_add_arr(r, o, "low_virtual");
    for (int i = 0; i < n; i++) {
        dmx_add_int(r, pr, NULL, w->aE[i]);
        dmx_add_int(r, lv, NULL, w->phi[i] <= 1.0);
    }
    dmx_add_vec(r, o, "payments", w->pay, n);
    dmx_add_vec(r, o, "allocation_increment", w->A, n);
    dmx_add_num(r, o, "platform_payoff", w->sumI - w->total);
    dmx_add_num(r, o, "social_surplus", w->ss);
    dmx_add_num(r, o, "propB2_bound", w->b2);
    dmx_node *vc = dmx_add_obj(r, o, "vcg");
    dmx_node *vp = dmx_add_arr(r, vc, "profile");
    for (int i = 0; i < n; i++)
        dmx_add_int(r, vp, NULL, (int)(w->fbm >> i & 1));
    dmx_add_vec(r, vc, "prices", w->vcg, n);
    dmx_add_num(r, vc, "social_surplus", w->fbv);
    return o;
}

/* See ammo_views.h. */
int ammo_unknown_check(const ammo_inst *in, const dmx_params *p, dmx_err *e)
{
    const char *fam = dmx_p_choice(p, "vdist");
    if (strcmp(fam, "none") == 0 || strcmp(fam, "exponential") == 0 || in->n > 12)
        return DMX_OK;
    double b = dmx_p_num(p, "vdist_param");
    for (int i = 0; i < in->n; i++)
        if (in->v[i] > b)
            return dmx_err_set(e, DMX_EDATA, "values[%d] = %g lies outside the support "
                               "[0, %g] of its distribution (vdist_param)", i, in->v[i], b);
    return DMX_OK;
}

int ammo_unknown_compute(const ammo_inst *in, const dmx_params *p, dmx_result *r,
                         const dmx_ctx *ctx, dmx_err *e)
{
    const char *fam = dmx_p_choice(p, "vdist");
    if (strcmp(fam, "none") == 0)
        return DMX_OK;
    const int n = in->n;
    if (n > 12) {
        dmx_add_null(r, r->root, "unknown", "unknown valuations are computed for n <= 12");
        return DMX_OK;
    }
    unk_ws w;
    memset(&w, 0, sizeof w);
    w.n = n;
    w.np = 1L << n;
    w.d.fam = strcmp(fam, "uniform") == 0 ? 1 : strcmp(fam, "exponential") == 0 ? 2 : 3;
    w.d.par = dmx_p_num(p, "vdist_param");
    w.d.k = dmx_p_num(p, "vdist_k");
    int rc = ammo_unknown_check(in, p, e);
    if (rc == DMX_OK)
        rc = unk_alloc(&w, in, ctx, e);
    if (rc == DMX_OK) {
        unk_mechanism(&w, in);
        unk_vcg(&w, in);
        rc = unk_b2(&w, in, e);
    }
    if (rc == DMX_OK) {
        dmx_node *o = unk_emit(&w, in, fam, r);
        rc = unk_expected(&w, in, o, r, ctx, e);
        if (rc == DMX_OK)
            unk_table(&w, in, r);
    }
    unk_free(&w);
    return rc;
}
