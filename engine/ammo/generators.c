/* generators.c -- the covariance Σ and values v from the parameters.
 *
 * Either an explicit `cov` (+ `values`) or a generator: equicorrelated, exchangeable
 * communities (docs/models/ammo.md; Example 2), factor model (seeded), AR(1), ring, block-diagonal.
 * Every Σ is checked (symmetric, PSD through dmx_check_psd, positive variances) before any
 * number is computed from it (docs/models/ammo.md "admissible input"). */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "ammo.h"
#include "../linalg.h"

void ammo_inst_free(ammo_inst *in)
{
    free(in->S);
    free(in->v);
    free(in->comm);
    free(in->m);
    free(in->s);
    free(in->c);
    free(in->M);
    free(in->vg);
    memset(in, 0, sizeof *in);
}

/* splitmix64 -> uniform (0,1); Box-Muller normal.  Deterministic given the seed. */
static uint64_t sm64(uint64_t *x)
{
    uint64_t z = (*x += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

static double unif(uint64_t *x)
{
    return ((double)(sm64(x) >> 11) + 0.5) / 9007199254740992.0;
}

/* Standard normal draw from the seeded stream. */
double ammo_normal(uint64_t *x)
{
    double u1 = unif(x), u2 = unif(x);
    return sqrt(-2.0 * log(u1)) * cos(6.283185307179586 * u2);
}

static int alloc_inst(ammo_inst *in, int n, dmx_err *e)
{
    if (n < 1 || n > AMMO_MAX_N)
        return dmx_err_set(e, DMX_EDATA,
                           "ammo: the population has %d users; allowed 1..%d", n, AMMO_MAX_N);
    in->n = n;
    in->S = calloc((size_t)n * (size_t)n, sizeof *in->S);
    in->v = calloc((size_t)n, sizeof *in->v);
    if (!in->S || !in->v)
        return dmx_err_set(e, DMX_EINTERNAL, "out of memory");
    return DMX_OK;
}

/* Community structure from the `communities` records (fields size, variance, within,
 * value) and `across`: within and across are correlations; Σ_ij = within·s_g inside
 * community g, across·sqrt(s_g s_h) between g and h. */
static int build_communities(const dmx_params *p, ammo_inst *in, dmx_err *e)
{
    const dmx_pval *cv = dmx_p(p, "communities");
    double across = dmx_p_num(p, "across");
    int K = cv->rows, n = 0, rc;
    if (!cv->set || K < 1)
        return dmx_err_set(e, DMX_EDATA, "communities: at least one community is required");
    if (cv->cols < 4)
        return dmx_err_set(e, DMX_EDATA, "communities: each record needs size, variance, "
                                         "within, value");
    for (int g = 0; g < K; g++) {
        double sz = cv->v[g * cv->cols + 0];
        if (!(sz >= 1) || sz != floor(sz))
            return dmx_err_set(e, DMX_EDATA, "communities[%d].size must be a positive "
                                             "integer", g);
        n += (int)sz;
        if (n > AMMO_MAX_N)
            return dmx_err_set(e, DMX_EDATA, "communities: %d+ users; at most %d allowed",
                               n, AMMO_MAX_N);
    }
    rc = alloc_inst(in, n, e);
    if (rc != DMX_OK)
        return rc;
    in->K = K;
    in->comm = malloc(sizeof *in->comm * (size_t)n);
    in->m = malloc(sizeof *in->m * (size_t)K);
    in->s = malloc(sizeof *in->s * (size_t)K);
    in->c = malloc(sizeof *in->c * (size_t)K);
    in->vg = malloc(sizeof *in->vg * (size_t)K);
    in->M = malloc(sizeof *in->M * (size_t)K * (size_t)K);
    if (!in->comm || !in->m || !in->s || !in->c || !in->vg || !in->M)
        return dmx_err_set(e, DMX_EINTERNAL, "out of memory");
    for (int g = 0; g < K; g++) {
        const double *r = cv->v + g * cv->cols;
        in->m[g] = (int)r[0];
        in->s[g] = r[1];
        in->c[g] = r[2] * r[1];
        in->vg[g] = r[3];
        if (!(r[1] > 0))
            return dmx_err_set(e, DMX_EDATA, "communities[%d].variance must be > 0", g);
        if (!(r[3] >= 0))
            return dmx_err_set(e, DMX_EDATA, "communities[%d].value must be >= 0", g);
    }
    for (int g = 0; g < K; g++)
        for (int h = 0; h < K; h++)
            in->M[g * K + h] = g == h ? in->c[g] : across * sqrt(in->s[g] * in->s[h]);
    int u = 0;
    for (int g = 0; g < K; g++)
        for (int q = 0; q < in->m[g]; q++)
            in->comm[u++] = g;
    for (int i = 0; i < n; i++) {
        int g = in->comm[i];
        in->v[i] = in->vg[g];
        for (int j = 0; j < n; j++)
            in->S[i * n + j] = i == j ? in->s[g] : in->M[g * K + in->comm[j]];
    }
    return DMX_OK;
}

static int build_generated(const dmx_params *p, const char *gen, ammo_inst *in, dmx_err *e)
{
    int n = (int)dmx_p_num(p, "n"), rc;
    double rho = dmx_p_num(p, "rho"), var = dmx_p_num(p, "variance");
    rc = alloc_inst(in, n, e);
    if (rc != DMX_OK)
        return rc;
    double *S = in->S;
    if (strcmp(gen, "equicorrelated") == 0) {
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
                S[i * n + j] = var * (i == j ? 1.0 : rho);
    } else if (strcmp(gen, "ar1") == 0 || strcmp(gen, "ring") == 0) {
        int ring = gen[0] == 'r';
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++) {
                int d = abs(i - j);
                if (ring && n - d < d)
                    d = n - d;
                S[i * n + j] = var * pow(rho, d);
            }
    } else if (strcmp(gen, "block") == 0) {
        int b = (int)dmx_p_num(p, "block");
        if (b < 1)
            return dmx_err_set(e, DMX_EDATA, "block must be >= 1");
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
                S[i * n + j] = i == j ? var : (i / b == j / b ? var * rho : 0.0);
    } else if (strcmp(gen, "factor") == 0) {
        int k = (int)dmx_p_num(p, "factors");
        uint64_t st = (uint64_t)dmx_p_num(p, "seed") * 0x2545F4914F6CDD1Dull + 7;
        if (!(rho >= 0 && rho <= 1))
            return dmx_err_set(e, DMX_EDATA, "rho = %g: the factor model needs rho in [0, 1] "
                                             "(the common share of each variance)", rho);
        double *B = malloc(sizeof *B * (size_t)n * (size_t)k);
        if (!B)
            return dmx_err_set(e, DMX_EINTERNAL, "out of memory");
        for (int i = 0; i < n; i++) {
            double nr = 0;
            for (int q = 0; q < k; q++) {
                B[i * k + q] = ammo_normal(&st);
                nr += B[i * k + q] * B[i * k + q];
            }
            nr = sqrt(nr > 0 ? nr : 1);
            for (int q = 0; q < k; q++)
                B[i * k + q] /= nr;
        }
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++) {
                double acc = 0;
                for (int q = 0; q < k; q++)
                    acc += B[i * k + q] * B[j * k + q];
                S[i * n + j] = var * (i == j ? 1.0 : rho * acc);
            }
        free(B);
    } else {
        return dmx_err_set(e, DMX_EINTERNAL, "generator %s unknown", gen);
    }
    return DMX_OK;
}

static double across_sign(const dmx_params *p)
{
    return dmx_p_num(p, "across") < 0 ? -1.0 : 1.0;
}

/* See ammo.h. */
int ammo_inst_build(const dmx_params *p, ammo_inst *in, dmx_err *e)
{
    int rc;
    memset(in, 0, sizeof *in);
    const char *gen = dmx_p_choice(p, "generator");
    if (strcmp(gen, "auto") == 0)
        gen = dmx_p_is_set(p, "cov") ? "explicit"
              : dmx_p_is_set(p, "communities") ? "communities" : "equicorrelated";
    if (strcmp(gen, "explicit") == 0) {
        const dmx_pval *cv = dmx_p(p, "cov");
        if (!cv->set)
            return dmx_err_set(e, DMX_EDATA, "cov: generator 'explicit' needs a covariance "
                                             "matrix (cov: [[1, 0.5], [0.5, 1]])");
        if (cv->rows != cv->cols)
            return dmx_err_set(e, DMX_EDATA, "cov must be square; it is %d x %d", cv->rows,
                               cv->cols);
        rc = alloc_inst(in, cv->rows, e);
        if (rc != DMX_OK)
            goto fail;
        memcpy(in->S, cv->v, sizeof *in->S * (size_t)in->n * (size_t)in->n);
    } else if (strcmp(gen, "communities") == 0) {
        rc = build_communities(p, in, e);
        if (rc != DMX_OK)
            goto fail;
    } else {
        rc = build_generated(p, gen, in, e);
        if (rc != DMX_OK)
            goto fail;
    }
    const int n = in->n;
    /* values: explicit list (length n, or 1 = broadcast) override the generator's.  With
     * a generator of n users (factor, equicorrelated, ar1, ring, block) the list is a
     * pattern: user i gets values[i mod len], so moving n keeps every value meaningful
     * (n = 13 with 12 values gives user 12 the first value again).  An explicit cov or
     * communities fix the number of users: there the length must match. */
    const dmx_pval *vv = dmx_p(p, "values");
    if (vv->set) {
        int len = vv->rows * vv->cols;
        int pattern = strcmp(gen, "explicit") != 0 && strcmp(gen, "communities") != 0;
        if (len < 1) {          /* `values: []` (found by fuzz_preset) */
            rc = dmx_err_set(e, DMX_EDATA, "values is empty: give one value for every user "
                                           "or one per user, or leave it out");
            goto fail;
        }
        if (len != n && len != 1 && !pattern) {
            rc = dmx_err_set(e, DMX_EDATA, "values has %d entries but there are %d users "
                                           "(cov is %d x %d)", len, n, n, n);
            goto fail;
        }
        for (int i = 0; i < n; i++) {
            in->v[i] = vv->v[i % len];
            if (!(in->v[i] >= 0) || !isfinite(in->v[i])) {
                rc = dmx_err_set(e, DMX_EDATA, "values[%d] = %g: a value of privacy must be "
                                               "finite and >= 0", i, in->v[i]);
                goto fail;
            }
        }
        if (in->K > 0) {      /* per-user values break exchangeability unless equal */
            int same = 1;
            for (int i = 0; i < n; i++)
                if (in->v[i] != in->vg[in->comm[i]])
                    same = 0;
            if (!same)
                in->K = 0;
        }
    } else if (in->K == 0) {
        for (int i = 0; i < n; i++)
            in->v[i] = dmx_p_num(p, "value");
    }
    for (int i = 0; i < n; i++) {
        for (int j = 0; j < n; j++)
            if (!isfinite(in->S[i * n + j])) {
                rc = dmx_err_set(e, DMX_EDATA, "cov[%d][%d] is not a finite number", i, j);
                goto fail;
            }
        if (!(in->S[i * n + i] > 0)) {
            rc = dmx_err_set(e, DMX_EDATA, "cov[%d][%d] = %g: every variance σ_i² must be > 0",
                             i, i, in->S[i * n + i]);
            goto fail;
        }
    }
    rc = dmx_check_psd(n, in->S, AMMO_PSD_REL, "cov (Σ)", &in->lmin, e);
    if (rc != DMX_OK) {
        if (in->K == 2 && strcmp(gen, "communities") == 0) {
            double lim = 0;
            if (ammo_comm_max_across(in, across_sign(p), &lim) == DMX_OK)
                dmx_err_prefix(e, "communities: |across| must be <= %.6g for this Σ to be a "
                                  "covariance matrix", lim);
        }
        goto fail;
    }
    /* exact symmetry for the search (the check allowed a rounding-size asymmetry) */
    for (int i = 0; i < n; i++)
        for (int j = i + 1; j < n; j++) {
            double a = 0.5 * (in->S[i * n + j] + in->S[j * n + i]);
            in->S[i * n + j] = in->S[j * n + i] = a;
        }
    return DMX_OK;
fail:
    ammo_inst_free(in);
    return rc;
}
