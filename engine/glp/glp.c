/* glp.c -- the dmx_model table of Galperti, Liu & Perego, "Competitive Markets for
 * Personal Data" (Galperti, Liu, Perego (2023); docs/models/glp.md):
 * parameters, cross-parameter rules, compute() as solve → emit the JSON contract →
 * views (views.c). */
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "glp.h"
#include "cache.h"
#include "grid.h"

static const double def_types[] = {1, 2};
static const double def_mass[] = {0.3, 0.7};

static const dmx_param_desc glp_params[] = {
    {.key = "types", .label = "ω", .unit = "", .kind = DMX_P_VEC,
     .meaning = "consumer types Ω: willingness to pay for the widget, strictly increasing, > 0",
     .lo = 0, .hi = GLP_MAX_VALUE, .smin = 0.1, .smax = 10, .step = 0.1, .def = 1,
     .defv = def_types, .def_rows = 2, .def_cols = 1, .flags = DMX_F_LO_OPEN, .min_len = 1},
    {.key = "fees", .label = "a", .unit = "", .kind = DMX_P_VEC,
     .meaning = "fees A the merchant may charge, strictly increasing, > 0 (default: the types)",
     .lo = 0, .hi = GLP_MAX_VALUE, .smin = 0.1, .smax = 10, .step = 0.1, .def = NAN,
     .flags = DMX_F_OPTIONAL | DMX_F_LO_OPEN, .min_len = 1},
    {.key = "mass", .label = "q̄", .unit = "", .kind = DMX_P_VEC,
     .meaning = "mass q̄(ω) ≥ 0 of consumers of each type (any total)",
     .lo = 0, .hi = GLP_MAX_VALUE, .smin = 0, .smax = 3, .step = 0.05, .def = 0.5,
     .defv = def_mass, .def_rows = 2, .def_cols = 1, .len_of = "types"},
    {.key = "outside", .label = "r̄", .unit = "", .kind = DMX_P_VEC,
     .meaning = "outside option r(ω) ≥ 0 of a consumer who keeps her record: one number "
                "for all types, or a list",
     .lo = 0, .hi = GLP_MAX_VALUE, .smin = 0, .smax = 0.995, .step = 0.005, .def = 0.4,
     .flags = DMX_F_BROADCAST,
     .len_of = "types"},
    {.key = "gamma_u", .label = "γ_u", .unit = "", .kind = DMX_P_REAL,
     .meaning = "weight of consumer surplus in the platform's payoff v = γ_u u + γ_π π",
     .lo = 0, .hi = GLP_MAX_VALUE, .smin = 0, .smax = 3, .step = 0.01, .def = 0.9},
    {.key = "gamma_pi", .label = "γ_π", .unit = "", .kind = DMX_P_REAL,
     .meaning = "weight of the merchant's profit in the platform's payoff",
     .lo = 0, .hi = GLP_MAX_VALUE, .smin = 0, .smax = 3, .step = 0.01, .def = 0},
    {.key = "max_types", .label = "max types", .unit = "", .kind = DMX_P_INT,
     .meaning = "budget: the most types (and fees) computed; raise it explicitly for a "
                "larger batch run (typically under 0.1 s at 12 types, a few seconds at 30; "
                "a rare hard instance takes several seconds)",
     .lo = 1, .hi = GLP_MAX_TYPES_HARD, .smin = 1, .smax = GLP_MAX_TYPES_HARD, .step = 1,
     .def = GLP_MAX_TYPES, .flags = DMX_F_INTEGER | DMX_F_EXPLICIT | DMX_F_NOSLIDER},
};

static int check_increasing(const dmx_pval *v, const char *key, dmx_err *e)
{
    for (int i = 0; i < v->rows; i++) {
        if (!(v->v[i] > 0))
            return dmx_err_set(e, DMX_EDATA, "%s must be > 0: %s[%d] = %g", key, key, i, v->v[i]);
        if (i > 0 && !(v->v[i] > v->v[i - 1]))
            return dmx_err_set(e, DMX_EDATA,
                               "%s must be strictly increasing: %s[%d] = %g ≤ %s[%d] = %g", key,
                               key, i, v->v[i], key, i - 1, v->v[i - 1]);
    }
    return DMX_OK;
}

/* Positive entries of v must be at least GLP_MIN_REL times ref (well-scaled LPs). */
static int check_scale(const dmx_pval *v, const char *key, double ref, const char *what,
                       dmx_err *e)
{
    for (int i = 0; i < v->rows * v->cols; i++)
        if (v->v[i] > 0 && v->v[i] < GLP_MIN_REL * ref)
            return dmx_err_set(e, DMX_EDATA,
                               "%s[%d] = %g is positive but below %g × %s (%g): the LPs cannot "
                               "tell it from 0 (use 0, or a value ≥ %g)", key, i, v->v[i],
                               GLP_MIN_REL, what, ref, GLP_MIN_REL * ref);
    return DMX_OK;
}

static double vmax(const dmx_pval *v)
{
    double m = 0;
    for (int i = 0; i < v->rows * v->cols; i++)
        m = fmax(m, v->v[i]);
    return m;
}

/* Budget and scaling (issue: every accepted value computes): at most max_types
 * types and fees, and every positive number within GLP_MIN_REL of the largest of
 * its kind, so every LP coefficient is finite and within 1e12 of the others. */
static int check_budget(const dmx_params *p, dmx_err *e)
{
    const dmx_pval *ty = dmx_p(p, "types"), *fe = dmx_p(p, "fees");
    const dmx_pval *ma = dmx_p(p, "mass"), *ou = dmx_p(p, "outside");
    int maxt = (int)dmx_p_num(p, "max_types");
    if (ty->rows > maxt)
        return dmx_err_set(e, DMX_EDATA,
                           "types lists %d types, more than max_types = %d: the competitive "
                           "search grows steeply with the number of types (typically "
                           "under 0.1 s at %d, a few seconds at 30); raise the budget explicitly with --set max_types=N "
                           "(at most %d)", ty->rows, maxt, GLP_MAX_TYPES, GLP_MAX_TYPES_HARD);
    if (fe->set && fe->rows > maxt)
        return dmx_err_set(e, DMX_EDATA,
                           "fees lists %d fees, more than max_types = %d: the LPs grow with "
                           "the square of the number of fees; raise the budget explicitly "
                           "with --set max_types=N (at most %d)", fe->rows, maxt,
                           GLP_MAX_TYPES_HARD);
    double wmax = fmax(vmax(ty), fe->set ? vmax(fe) : 0);
    double gu = dmx_p_num(p, "gamma_u"), gp = dmx_p_num(p, "gamma_pi"), gmax = fmax(gu, gp);
    int rc = check_scale(ty, "types", wmax, "the largest type or fee", e);
    if (rc == DMX_OK && fe->set)
        rc = check_scale(fe, "fees", wmax, "the largest type or fee", e);
    if (rc == DMX_OK)
        rc = check_scale(ma, "mass", vmax(ma), "the largest mass", e);
    if (rc == DMX_OK)
        rc = check_scale(ou, "outside", wmax, "the largest type or fee", e);
    if (rc == DMX_OK && gu > 0 && gu < GLP_MIN_REL * gmax)
        rc = dmx_err_set(e, DMX_EDATA, "gamma_u = %g is positive but below %g × gamma_pi: "
                         "use 0, or a value ≥ %g", gu, GLP_MIN_REL, GLP_MIN_REL * gmax);
    if (rc == DMX_OK && gp > 0 && gp < GLP_MIN_REL * gmax)
        rc = dmx_err_set(e, DMX_EDATA, "gamma_pi = %g is positive but below %g × gamma_u: "
                         "use 0, or a value ≥ %g", gp, GLP_MIN_REL, GLP_MIN_REL * gmax);
    if (rc == DMX_OK && gmax > 0 && gmax < GLP_MIN_REL)
        rc = dmx_err_set(e, DMX_EDATA, "gamma_u + gamma_pi = %g is below %g: the platform's "
                         "payoff would vanish against the LPs' tolerances", gu + gp, GLP_MIN_REL);
    return rc;
}

/* Cross-parameter rules of Section 2: Ω and A strictly increasing and positive,
 * one mass and outside option per type, all ≥ 0, γ_u + γ_π > 0; then the budget. */
static int glp_validate(const dmx_params *p, dmx_err *e)
{
    const dmx_pval *ty = dmx_p(p, "types"), *fe = dmx_p(p, "fees");
    const dmx_pval *ma = dmx_p(p, "mass"), *ou = dmx_p(p, "outside");
    int n = ty->rows;
    if (n < 1)
        return dmx_err_set(e, DMX_EDATA, "types must list at least one type");
    int rc = check_increasing(ty, "types", e);
    if (rc == DMX_OK && fe->set)
        rc = check_increasing(fe, "fees", e);
    if (rc != DMX_OK)
        return rc;
    if (ma->rows != n)
        return dmx_err_set(e, DMX_EDATA, "mass must have one entry per type: %d entr%s for %d types",
                           ma->rows, ma->rows == 1 ? "y" : "ies", n);
    if (!(ou->rows * ou->cols == 1 || ou->rows == n))
        return dmx_err_set(e, DMX_EDATA,
                           "outside must be one number or one entry per type: %d entries for %d types",
                           ou->rows, n);
    for (int i = 0; i < n; i++)
        if (!(ma->v[i] >= 0) || !isfinite(ma->v[i]))
            return dmx_err_set(e, DMX_EDATA, "mass must be finite and ≥ 0: mass[%d] = %g", i, ma->v[i]);
    for (int i = 0; i < ou->rows; i++)
        if (!(ou->v[i] >= 0) || !isfinite(ou->v[i]))
            return dmx_err_set(e, DMX_EDATA, "outside must be finite and ≥ 0: outside[%d] = %g", i,
                               ou->v[i]);
    double gu = dmx_p_num(p, "gamma_u"), gp = dmx_p_num(p, "gamma_pi");
    if (!(gu >= 0) || !(gp >= 0) || !isfinite(gu) || !isfinite(gp))
        return dmx_err_set(e, DMX_EDATA, "gamma_u and gamma_pi must be finite and ≥ 0");
    if (!(gu + gp > 0))
        return dmx_err_set(e, DMX_EDATA,
                           "gamma_u + gamma_pi must be > 0 (Section 2 rules out a platform "
                           "that cares about nothing): gamma_u = %g, gamma_pi = %g", gu, gp);
    return check_budget(p, e);
}

/* ------------------------------------------------------------------ solve */

/* What the caller asked for (ctx->want) and hence what must be solved. */
typedef struct glp_need {
    int views;
    int w_tri, w_ex, w_fb, w_ce, w_mo, w_un, w_li, w_co, w_b1, w_social;
    int ex, ce, fb;
} glp_need;

static void need_init(glp_need *N, const dmx_ctx *ctx)
{
    N->views = !ctx || !ctx->want;
    N->w_tri = dmx_wants(ctx, "triangle");
    N->w_ex = dmx_wants(ctx, "expropriation");
    N->w_fb = dmx_wants(ctx, "first_best");
    N->w_ce = dmx_wants(ctx, "constrained_efficient");
    N->w_mo = dmx_wants(ctx, "monopsony");
    N->w_un = dmx_wants(ctx, "data_union");
    N->w_li = dmx_wants(ctx, "lindahl");
    N->w_co = dmx_wants(ctx, "competitive");
    N->w_b1 = dmx_wants(ctx, "app_b1");
    N->w_social = dmx_wants(ctx, "social_efficiency");
    N->ex = N->w_ex || N->w_tri || N->views;
    N->ce = N->w_ce || N->w_mo || N->w_un || N->w_co || N->w_b1 || N->views;
    N->fb = N->w_fb || N->w_li || N->w_co || N->views;
}

static void all_free(glp_all *A)
{
    glp_mech_free(&A->ex);
    if (A->have_fb)
        glp_fb_free(&A->fb);
    if (A->have_ce)
        glp_ce_free(&A->ce);
    if (A->have_social) {
        glp_fb_free(&A->sfb);
        glp_ce_free(&A->sce);
    }
    glp_eqset_free(&A->cs);
    free(A->mono_p);
    free(A->union_p);
    free(A->lind_p);
    free(A->lind_zeta);
    free(A->zeta_ce);
    free(A->mu_lo);
    free(A->mu_hi);
    glp_inst_free(&A->g);
}

/* Lindahl prices of Prop. 5 from the first-best duals, their certificate
 * (Definition 5) and the range of the duals (uniqueness of the prices). */
static int solve_lindahl(glp_all *A, dmx_err *e)
{
    const glp_inst *g = &A->g;
    int n = g->n, m = g->m;
    A->lind_p = malloc(sizeof(double) * (size_t)(n * m));
    A->lind_zeta = malloc(sizeof(double) * (size_t)(n * m));
    A->mu_lo = malloc(sizeof(double) * (size_t)n);
    A->mu_hi = malloc(sizeof(double) * (size_t)n);
    if (!A->lind_p || !A->lind_zeta || !A->mu_lo || !A->mu_hi)
        return dmx_err_set(e, DMX_EINTERNAL, "glp: out of memory");
    glp_lindahl_prices(g, A->fb.mu, A->lind_p);
    A->lind_plat = 0;
    for (int i = 0; i < n; i++)
        for (int j = 0; j < m; j++) {
            int k = i * m + j;
            A->lind_zeta[k] = g->qbar[i] > 0 ? A->fb.M.chi[k] / g->qbar[i] : 0;
            A->lind_plat += (g->v[k] - A->lind_p[k]) * A->fb.M.chi[k];
        }
    int rc = glp_lindahl_certify(g, A->lind_p, A->fb.M.chi, GLP_TOL, &A->lind_ok, A->lind_why,
                                 sizeof A->lind_why, &A->lind_res, e);
    if (rc != DMX_OK)
        return rc;
    A->resid = fmax(A->resid, A->lind_res);
    /* a μ(ω) the first best's basis shows unique costs no LP there */
    if ((rc = glp_fb_mu_range(g, &A->fb, A->mu_lo, A->mu_hi, e)) != DMX_OK)
        return rc;
    int uniq = 1;
    for (int i = 0; i < n; i++)
        uniq &= isfinite(A->mu_lo[i]) && isfinite(A->mu_hi[i]) &&
                A->mu_hi[i] - A->mu_lo[i] <= GLP_TOL_AGREE * (1 + fabs(A->mu_hi[i]));
    A->fb.mu_unique = uniq;
    A->have_lind = 1;
    return DMX_OK;
}

/* Prices of the monopsony (Prop. 1) and the data union (proof of Prop. 4). */
static int solve_union(glp_all *A, dmx_err *e)
{
    const glp_inst *g = &A->g;
    int n = g->n;
    A->mono_p = malloc(sizeof(double) * (size_t)n);
    A->union_p = malloc(sizeof(double) * (size_t)n);
    A->zeta_ce = malloc(sizeof(double) * (size_t)n);
    if (!A->mono_p || !A->union_p || !A->zeta_ce)
        return dmx_err_set(e, DMX_EINTERNAL, "glp: out of memory");
    double G = A->ce.W - g->R, tt = g->mass > 0 ? G / g->mass : 0;
    for (int i = 0; i < n; i++) {
        double eu = glp_eu(g, A->ce.M.x, i);
        double z = g->qbar[i] > 0 ? A->ce.q[i] / g->qbar[i] : 0;
        A->zeta_ce[i] = z;
        A->mono_p[i] = g->r[i] - eu;                 /* Prop. 1 */
        A->union_p[i] = z * (g->r[i] - eu) + tt;     /* proof of Prop. 4, t = G / Σ q̄ */
    }
    A->union_t = tt;
    A->have_union = 1;
    return DMX_OK;
}

/* The general search's verdict, from the equilibria it found. */
static void label_search(glp_all *A)
{
    const glp_inst *g = &A->g;
    glp_eqset *cs = &A->cs;
    if (cs->how != GLP_CS_SEARCH)
        return;
    if (cs->neq > 0) {
        double Wc = A->have_ce ? A->ce.W : NAN;
        int ineff = 0;
        for (int k = 0; k < cs->neq; k++)
            ineff |= Wc - cs->eq[k].W > GLP_TOL * (1 + fabs(Wc));
        snprintf(cs->label, sizeof cs->label, "%s",
                 ineff ? "search: inefficient" : "search: efficient");
        snprintf(cs->badge, sizeof cs->badge, "%s",
                 ineff ? "General Ω: constrained-inefficient equilibria"
                       : "General Ω: constrained-efficient equilibria");
        snprintf(cs->text, sizeof cs->text,
                 "No closed form of the paper applies (it covers the two-type example of "
                 "Section 4.1 and γ_π > γ_u, Prop. 3), so the equilibria were searched: LPs "
                 "at fixed databases and MILPs at the platform's dual prices. Each listed "
                 "equilibrium passed the Definition 4 verifier; the list may be incomplete, "
                 "as the search is not exhaustive. %s",
                 g->gu >= g->gp && g->n > 1
                     ? "With γ_u ≥ γ_π the platform may pool types, and pooling can make "
                       "the market inefficient (Prop. 3, second part)."
                     : "");
    } else {
        snprintf(cs->text, sizeof cs->text,
                 "The competitive search found no equilibrium. One exists (Prop. 2): this "
                 "is a failure of the search, not a claim.");
    }
}

/* A cached competitive analysis (dmx_ctx.cache): the list and its residual. */
typedef struct cs_memo {
    glp_eqset cs;
    double res;
} cs_memo;

static void cs_memo_free(void *p)
{
    cs_memo *c = p;
    glp_eqset_free(&c->cs);
    free(c);
}

/* The cache key of the competitive analysis: the whole instance (the analysis
 * depends on every primitive; q° is a function of them). */
static void cs_key(const glp_inst *g, dmx_key *k)
{
    dmx_key_init(k, "glp.competitive");
    dmx_key_i(k, g->n);
    dmx_key_i(k, g->m);
    dmx_key_dv(k, g->w, (size_t)g->n);
    dmx_key_dv(k, g->a, (size_t)g->m);
    dmx_key_dv(k, g->qbar, (size_t)g->n);
    dmx_key_dv(k, g->r, (size_t)g->n);
    dmx_key_d(k, g->gu);
    dmx_key_d(k, g->gp);
}

/* A cached analysis into A->cs (dmx_ctx.cache): 1 on a hit (*rc set), 0 on a
 * miss.  Moving a slider back to a value seen before then costs a copy instead
 * of the search. */
static int cs_cache_get(glp_all *A, const dmx_ctx *ctx, double *res, int *rc, dmx_err *e)
{
    dmx_cache *c = ctx ? ctx->cache : NULL;
    if (!c)
        return 0;
    dmx_key k;
    cs_key(&A->g, &k);
    cs_memo *hit = dmx_cache_get(c, &k);
    dmx_key_free(&k);
    if (!hit)
        return 0;
    *res = hit->res;
    *rc = glp_eqset_copy(&A->g, &A->cs, &hit->cs, e);
    return 1;
}

/* Stores A->cs (computed) in the cache. */
static void cs_cache_put(glp_all *A, const dmx_ctx *ctx, double res)
{
    const glp_inst *g = &A->g;
    dmx_cache *c = ctx ? ctx->cache : NULL;
    if (!c)
        return;
    cs_memo *put = malloc(sizeof *put);
    if (put && glp_eqset_copy(g, &put->cs, &A->cs, NULL) == DMX_OK) {
        put->res = res;
        size_t bytes = sizeof *put + (size_t)A->cs.neq * (sizeof(glp_eq) +
                       sizeof(double) * (size_t)(3 * g->n + g->n * g->m));
        dmx_key k;
        cs_key(g, &k);
        if (dmx_cache_put(c, &k, put, bytes, cs_memo_free) != 0)
            cs_memo_free(put);
        dmx_key_free(&k);
    } else {
        free(put);
    }
}

/* The competitive search on a second thread (solve_all with ctx->jobs ≥ 2): it
 * reads the instance and q° and writes only A->cs, its residual and its error;
 * its LPs live in that thread's own GLPK environment, freed when it ends. */
typedef struct cs_task {
    glp_all *A;
    const dmx_ctx *ctx;
    glp_assist help;      /* this thread runs the search's LPs once its own parts are done */
    double res;
    int rc;
    dmx_err e;
} cs_task;

static void *cs_thread(void *u)
{
    cs_task *t = u;
    t->rc = glp_competitive_assisted(&t->A->g, t->A->ce.q, t->ctx, &t->help, &t->A->cs,
                                     &t->res, &t->e);
    dmx_lp_thread_cleanup();
    return NULL;
}

/* The parts that do not need the competitive analysis (after q°): the
 * expropriation mechanism, the first best and Lindahl prices, the monopsony and
 * the union.  Returns the first error in that order. */
static int solve_rest(glp_all *A, const glp_need *N, dmx_err *e)
{
    glp_inst *g = &A->g;
    int rc;
    if (N->ex) {
        rc = glp_mech_alloc(g, &A->ex, e);
        if (rc == DMX_OK)
            rc = glp_design(g, g->qbar, &A->ex, e);
        if (rc != DMX_OK)
            return rc;
        A->have_ex = 1;
        A->resid = fmax(A->resid, A->ex.kkt);
    }
    if (N->fb) {
        if ((rc = glp_first_best(g, 0, &A->fb, e)) != DMX_OK)
            return rc;
        A->have_fb = 1;
        A->resid = fmax(A->resid, A->fb.kkt);
    }
    if ((N->w_li || N->views) && A->have_fb && (rc = solve_lindahl(A, e)) != DMX_OK)
        return rc;
    if (A->have_ce && (N->w_mo || N->w_un || N->views) && (rc = solve_union(A, e)) != DMX_OK)
        return rc;
    return DMX_OK;
}

/* Solves every part the caller needs (N), in dependency order.  With two or
 * more jobs and the competitive analysis not cached, the search (the longest
 * part) runs on a second thread while this one solves the others; every part is
 * deterministic and independent of the others, so the result is the same as
 * in one thread, and an error is the one the sequential order meets first. */
static int solve_all(glp_all *A, const glp_need *N, const dmx_ctx *ctx, dmx_err *e)
{
    glp_inst *g = &A->g;
    int rc;
    glp_triangle(g, g->qbar, &A->tri);
    A->have_tri = 1;
    if (N->ce) {
        if ((rc = glp_constrained_eff(g, 0, &A->ce, e)) != DMX_OK)
            return rc;
        A->have_ce = 1;
        A->resid = fmax(A->resid, A->ce.kkt);
        A->ce_Wchk = glp_W(g, A->ce.q, A->ce.M.chi);
    }
    double res = 0;
    int cached = 0, crc = DMX_OK;
    if (N->w_co)
        cached = cs_cache_get(A, ctx, &res, &crc, e);
    cs_task t = {.A = A, .ctx = ctx};
    if (N->w_co && !cached && A->have_ce && dmx_grid_jobs(ctx) >= 2 &&
        glp_assist_init(&t.help, NULL) == DMX_OK) {
        pthread_t th;
        if (pthread_create(&th, NULL, cs_thread, &t) == 0) {
            rc = solve_rest(A, N, e);
            if (rc == DMX_OK)
                glp_assist_help(&t.help);
            pthread_join(th, NULL);
            glp_assist_free(&t.help);
            if (rc != DMX_OK)
                return rc;
            if (t.rc != DMX_OK) {
                if (e)
                    *e = t.e;
                return t.rc;
            }
            cs_cache_put(A, ctx, t.res);
            cached = 1;
            crc = DMX_OK;
            res = t.res;
            goto have_cs;
        }
        glp_assist_free(&t.help);
    }
    if ((rc = solve_rest(A, N, e)) != DMX_OK)
        return rc;
    if (N->w_co) {
        if (!cached) {
            crc = glp_competitive(g, A->ce.q, ctx, &A->cs, &res, e);
            if (crc == DMX_OK)
                cs_cache_put(A, ctx, res);
        }
        if (crc != DMX_OK)
            return crc;
    have_cs:
        A->have_cs = 1;
        A->resid = fmax(A->resid, res);
        label_search(A);
    }
    if (N->w_social) {
        if ((rc = glp_first_best(g, 1, &A->sfb, e)) != DMX_OK)
            return rc;
        if ((rc = glp_constrained_eff(g, 1, &A->sce, e)) != DMX_OK) {
            glp_fb_free(&A->sfb);
            return rc;
        }
        A->have_social = 1;
        A->resid = fmax(A->resid, fmax(A->sfb.kkt, A->sce.kkt));
    }
    return DMX_OK;
}

/* ------------------------------------------------------------------ contract */

static void add_instance(dmx_result *r, const glp_inst *g)
{
    dmx_node *o = dmx_add_obj(r, r->root, "instance");
    dmx_add_vec(r, o, "types", g->w, g->n);
    dmx_add_vec(r, o, "fees", g->a, g->m);
    dmx_add_vec(r, o, "mass", g->qbar, g->n);
    dmx_add_vec(r, o, "outside", g->r, g->n);
    dmx_add_num(r, o, "gamma_u", g->gu);
    dmx_add_num(r, o, "gamma_pi", g->gp);
    dmx_add_num(r, o, "R", g->R);
    dmx_add_num(r, o, "total_mass", g->mass);
}

static void add_eq_node(dmx_result *r, dmx_node *arr, const glp_inst *g, const glp_eq *q,
                        double Wc, double Wd)
{
    dmx_node *o = dmx_add_obj(r, arr, NULL);
    dmx_add_vec(r, o, "q", q->q, g->n);
    dmx_add_mat(r, o, "x", q->x, g->n, g->m);
    dmx_add_vec(r, o, "p", q->p, g->n);
    dmx_add_vec(r, o, "zeta", q->zeta, g->n);
    dmx_add_num(r, o, "consumer_welfare", q->cw);
    dmx_add_num(r, o, "W", q->W);
    dmx_add_num(r, o, "SW", q->SW);
    double pq = 0;
    for (int i = 0; i < g->n; i++)
        pq += q->p[i] * q->q[i];
    dmx_add_num(r, o, "V", q->V);
    dmx_add_num(r, o, "platform_profit", q->V - pq);
    dmx_add_num(r, o, "merchant_profit", q->SW - q->W);
    if (isfinite(Wc))
        dmx_add_num(r, o, "gap_W_circ", Wc - q->W);
    else
        dmx_add_null(r, o, "gap_W_circ", "W° not computed");
    if (isfinite(Wd))
        dmx_add_num(r, o, "gap_W_dagger", Wd - q->W);
    else
        dmx_add_null(r, o, "gap_W_dagger", "W† not computed");
    dmx_add_bool(r, o, "efficient", isfinite(Wc) && Wc - q->W <= GLP_TOL * (1 + fabs(Wc)));
    dmx_add_bool(r, o, "verified", q->verified);
    dmx_add_bool(r, o, "exact", q->exact);
    dmx_add_str(r, o, "kind", "%s", q->kind);
    dmx_add_str(r, o, "source", "%s", q->source);
    dmx_add_str(r, o, "verifier", "%s", q->why);
}

/* App. B.1: social welfare at the example's allocations (computed from eq. (B.1)). */
static void add_app_b1(dmx_result *r, const glp_all *A)
{
    const glp_inst *g = &A->g;
    double q1 = g->qbar[0], q2 = g->qbar[1], rb = g->r[0];
    double qh = rb > 0 ? fmin(q2, q1 / rb) : q2;
    double z[2] = {0, 0}, chi[4];
    dmx_node *o = dmx_add_obj(r, r->root, "app_b1");
    if (A->have_ce)
        dmx_add_num(r, o, "SW_constrained_efficient", glp_SW(g, A->ce.q, A->ce.M.chi));
    dmx_add_num(r, o, "SW_low_trade", glp_SW(g, z, (double[4]){0, 0, 0, 0}));
    double qH[2] = {q1, qh};
    chi[0] = q1; chi[1] = 0; chi[2] = q1; chi[3] = qh - q1;
    dmx_add_num(r, o, "SW_high_trade", glp_SW(g, qH, chi));
    double qb[2] = {q1, q2};
    chi[0] = q1; chi[1] = 0; chi[2] = q1; chi[3] = q2 - q1;
    dmx_add_num(r, o, "SW_bullet", glp_SW(g, qb, chi));
    dmx_add_num(r, o, "paper_printed_SW_high_trade",
                q1 * (3 + g->gu) + rb * (q2 - qh));
    dmx_add_num(r, o, "paper_printed_SW_bullet", q1 * (g->gu + 1) + 2 * (q2 - q1));
    dmx_add_str(r, o, "note", "%s",
                "The paper's printed SW(q_H*) omits the merchant's 2(q*(2) − q̄(1)) and its "
                "SW(q•) prints q̄(1)(γ_u + 1) instead of q̄(1)(3 + γ_u); the values here are "
                "computed from eq. (B.1).");
}

static void emit_triangle(dmx_result *r, const glp_all *A)
{
    const glp_inst *g = &A->g;
    const glp_tri *t = &A->tri;
    dmx_node *o = dmx_add_obj(r, r->root, "triangle");
    dmx_add_num(r, o, "pi_star", t->pi_star);
    dmx_add_num(r, o, "w_star", t->w_star);
    dmx_add_num(r, o, "monopoly_fee", g->a[t->jstar]);
    double vtx[6] = {0, t->pi_star, 0, t->w_star, t->w_star - t->pi_star, t->pi_star};
    dmx_add_mat(r, o, "vertices", vtx, 3, 2);
    /* when some type is not a fee the region is not the triangle: the closed form runs on
     * the effective values (triangle.c) and the point shown is the LP's own optimum at q̄
     * (the expropriation mechanism) */
    int lp_point = !g->omega_in_A && A->have_ex;
    double pp[2] = {lp_point ? A->ex.su : t->su, lp_point ? A->ex.spi : t->spi};
    dmx_add_vec(r, o, "platform_point", pp, 2);
    dmx_add_num(r, o, "V_closed_form", t->V);
    if (A->have_ex) {
        dmx_add_num(r, o, "V_lp", A->ex.V);
        dmx_add_num(r, o, "V_gap", A->ex.V - t->V);
    }
    dmx_add_bool(r, o, "ties", t->tie);
    const char *tt =
        lp_point ? "some type is not a fee, so the region is inside the triangle: V's closed "
                   "form uses the effective values ω̃ = max{a ≤ ω} (each sale adds ω − ω̃ "
                   "to consumer surplus); the point is the optimum of the platform's LP at q̄"
        : t->tie ? "γ_u = γ_π: the platform is indifferent along the whole "
                   "hypotenuse s_u + s_π = w*; the consumer-optimal end is shown"
        : g->gp > g->gu ? "γ_π > γ_u: unique optimum (0, w*), full disclosure (Prop. 3)"
                        : "γ_u > γ_π: unique optimal point (w* − π*, π*), the "
                          "consumer-optimal vertex";
    dmx_add_str(r, o, "ties_text", "%s", tt);
    if (A->have_ex && fabs(A->ex.V - t->V) > GLP_TOL_AGREE * (1 + fabs(t->V)))
        dmx_add_note(r, "V(q̄) from the LP (%g) differs from the triangle closed form (%g)",
                     A->ex.V, t->V);
}

static void emit_expropriation(dmx_result *r, const glp_all *A)
{
    const glp_inst *g = &A->g;
    dmx_node *x = dmx_add_obj(r, r->root, "expropriation");
    dmx_add_num(r, x, "V", A->ex.V);
    dmx_add_vec(r, x, "q", g->qbar, g->n);
    dmx_add_mat(r, x, "x", A->ex.x, g->n, g->m);
    dmx_add_num(r, x, "consumer_surplus", A->ex.su);
    dmx_add_num(r, x, "merchant_profit", A->ex.spi);
    dmx_add_num(r, x, "W", glp_W(g, g->qbar, A->ex.chi));
    dmx_add_num(r, x, "SW", glp_SW(g, g->qbar, A->ex.chi));
    dmx_add_vec(r, x, "psi", A->ex.psi, g->n);
}

static void emit_first_best(dmx_result *r, const glp_all *A)
{
    const glp_inst *g = &A->g;
    dmx_node *f = dmx_add_obj(r, r->root, "first_best");
    dmx_add_num(r, f, "W", A->fb.W);
    dmx_add_vec(r, f, "q", A->fb.q, g->n);
    dmx_add_mat(r, f, "x", A->fb.M.x, g->n, g->m);
    dmx_add_num(r, f, "SW", glp_SW(g, A->fb.q, A->fb.M.chi));
    dmx_add_vec(r, f, "mu", A->fb.mu, g->n);
    dmx_add_num(r, f, "consumer_surplus", A->fb.M.su);
    dmx_add_num(r, f, "merchant_profit", A->fb.M.spi);
}

static void emit_lindahl(dmx_result *r, const glp_all *A)
{
    const glp_inst *g = &A->g;
    int n = g->n, m = g->m;
    dmx_node *l = dmx_add_obj(r, r->root, "lindahl");
    dmx_add_vec(r, l, "q", A->fb.q, n);
    dmx_add_mat(r, l, "x", A->fb.M.x, n, m);
    dmx_add_mat(r, l, "p", A->lind_p, n, m);
    dmx_add_mat(r, l, "zeta", A->lind_zeta, n, m);
    /* Prop. 5: platform profit 0, consumers get W† */
    double pay = 0;
    for (int k = 0; k < n * m; k++)
        pay += A->lind_p[k] * A->fb.M.chi[k];
    double cw = pay + A->fb.M.su;
    for (int i = 0; i < n; i++)
        cw += (g->qbar[i] - A->fb.q[i]) * g->r[i];
    dmx_add_num(r, l, "consumer_welfare", cw);
    dmx_add_num(r, l, "platform_payoff", fabs(A->lind_plat) < GLP_TOL_ZERO ? 0 : A->lind_plat);
    dmx_add_num(r, l, "merchant_profit", A->fb.M.spi);
    dmx_add_num(r, l, "W", A->fb.W);
    dmx_add_num(r, l, "SW", glp_SW(g, A->fb.q, A->fb.M.chi));
    dmx_add_vec(r, l, "mu", A->fb.mu, n);
    dmx_add_vec(r, l, "mu_min", A->mu_lo, n);
    dmx_add_vec(r, l, "mu_max", A->mu_hi, n);
    dmx_add_bool(r, l, "prices_unique", A->fb.mu_unique);
    dmx_node *c = dmx_add_obj(r, l, "certificate");
    dmx_add_bool(r, c, "ok", A->lind_ok);
    dmx_add_str(r, c, "result", "%s", A->lind_why);
    dmx_add_num(r, c, "residual", A->lind_res);
    if (!A->lind_ok)
        dmx_add_note(r, "Lindahl prices failed the Definition 5 certificate: %s", A->lind_why);
    if (!A->fb.mu_unique)
        dmx_add_note(r, "Lindahl prices are not unique: the first-best duals μ(ω) range over "
                        "lindahl.mu_min .. lindahl.mu_max; the table shows one certified "
                        "choice p = μ + r − u.");
    else
        dmx_add_note(r, "Lindahl prices p = μ + r − u from the unique first-best duals μ; "
                        "prices of markets (a, ω) where nothing trades could also be set "
                        "otherwise (the paper sets them to 0 in its example).");
}

static void emit_constrained(dmx_result *r, const glp_all *A, int w_ce)
{
    const glp_inst *g = &A->g;
    if (fabs(A->ce_Wchk - A->ce.W) > GLP_TOL_AGREE * (1 + fabs(A->ce.W)))
        dmx_add_note(r, "constrained efficiency: the reduction value W° = %g differs from "
                        "W at its allocation (%g)", A->ce.W, A->ce_Wchk);
    if (A->have_fb && A->ce.W > A->fb.W + GLP_TOL * (1 + fabs(A->fb.W)))
        dmx_add_note(r, "W° = %g exceeds W† = %g: numerical trouble", A->ce.W, A->fb.W);
    if (!w_ce)
        return;
    dmx_node *c = dmx_add_obj(r, r->root, "constrained_efficient");
    dmx_add_num(r, c, "W", A->ce.W);
    dmx_add_vec(r, c, "q", A->ce.q, g->n);
    dmx_add_mat(r, c, "x", A->ce.M.x, g->n, g->m);
    dmx_add_num(r, c, "SW", glp_SW(g, A->ce.q, A->ce.M.chi));
    dmx_add_num(r, c, "V", A->ce.M.V);
    dmx_add_num(r, c, "consumer_surplus", A->ce.M.su);
    dmx_add_num(r, c, "merchant_profit", A->ce.M.spi);
    if (A->have_fb)
        dmx_add_num(r, c, "gap_to_first_best", A->fb.W - A->ce.W);
    dmx_add_str(r, c, "method", "%s",
                g->gp > g->gu
                    ? (g->omega_in_A ? "closed form: full disclosure (Prop. 3), q(ω) = q̄ iff γ_π ω ≥ r(ω)"
                                     : "closed form: full disclosure at the effective values "
                                       "ω̃ = max{a ≤ ω} (docs/models/glp.md)")
                    : "triangle reduction: one LP in (q, t), t ≥ π*(q) (docs/models/glp.md)");
}

static void emit_monopsony(dmx_result *r, const glp_all *A)
{
    const glp_inst *g = &A->g;
    int n = g->n;
    dmx_node *o = dmx_add_obj(r, r->root, "monopsony");
    dmx_add_vec(r, o, "q", A->ce.q, n);
    dmx_add_mat(r, o, "x", A->ce.M.x, n, g->m);
    dmx_add_vec(r, o, "p", A->mono_p, n);
    dmx_add_vec(r, o, "zeta", A->zeta_ce, n);
    double cw = 0, pq = 0;
    for (int i = 0; i < n; i++) {
        pq += A->mono_p[i] * A->ce.q[i];
        cw += (g->qbar[i] - A->ce.q[i]) * g->r[i];
    }
    cw += pq + A->ce.M.su;
    dmx_add_num(r, o, "consumer_welfare", cw);
    dmx_add_num(r, o, "platform_payoff", A->ce.M.V - pq);
    dmx_add_num(r, o, "merchant_profit", A->ce.M.spi);
    dmx_add_num(r, o, "W", A->ce.W);
    dmx_add_num(r, o, "SW", glp_SW(g, A->ce.q, A->ce.M.chi));
}

static void emit_union(dmx_result *r, const glp_all *A)
{
    const glp_inst *g = &A->g;
    int n = g->n;
    dmx_node *o = dmx_add_obj(r, r->root, "data_union");
    dmx_add_vec(r, o, "q", A->ce.q, n);
    dmx_add_mat(r, o, "x", A->ce.M.x, n, g->m);
    dmx_add_vec(r, o, "p", A->union_p, n);
    double cw = 0, pq = 0;
    for (int i = 0; i < n; i++) {
        pq += A->union_p[i] * g->qbar[i];
        cw += (g->qbar[i] - A->ce.q[i]) * g->r[i];
    }
    cw += pq + A->ce.M.su;
    dmx_add_num(r, o, "consumer_welfare", cw);
    dmx_add_num(r, o, "revenue", A->ce.M.V);
    dmx_add_num(r, o, "payout", pq);
    dmx_add_num(r, o, "platform_payoff", A->ce.M.V - pq);
    dmx_add_num(r, o, "merchant_profit", A->ce.M.spi);
    dmx_add_num(r, o, "transfer_per_member", A->union_t);
    dmx_add_str(r, o, "note", "%s",
                "p(ω) = (q(ω)/q̄(ω))(r(ω) − E_x u) + G/Σq̄ with G = W° − R (proof of "
                "Prop. 4; the proof's lump sum t(ω) = G assumes total mass 1)");
    dmx_add_num(r, o, "W", A->ce.W);
    dmx_add_num(r, o, "SW", glp_SW(g, A->ce.q, A->ce.M.chi));
}

static void emit_competitive(dmx_result *r, const glp_all *A)
{
    const glp_inst *g = &A->g;
    const glp_eqset *cs = &A->cs;
    if (cs->how == GLP_CS_SEARCH && cs->neq == 0)
        dmx_add_note(r, "competitive: the search found no equilibrium (one exists by Prop. 2)");
    double Wc = A->have_ce ? A->ce.W : NAN, Wd = A->have_fb ? A->fb.W : NAN;
    dmx_node *c = dmx_add_obj(r, r->root, "competitive");
    dmx_add_str(r, c, "case", "%s", cs->label);
    dmx_add_str(r, c, "badge", "%s", cs->badge);
    dmx_add_str(r, c, "explanation", "%s", cs->text);
    dmx_add_bool(r, c, "closed_form", cs->closed_form);
    dmx_add_bool(r, c, "complete", cs->complete);
    if (cs->continuum[0])
        dmx_add_str(r, c, "continuum", "%s", cs->continuum);
    dmx_add_int(r, c, "count", cs->neq);
    dmx_node *arr = dmx_add_arr(r, c, "equilibria");
    for (int k = 0; k < cs->neq; k++) {
        add_eq_node(r, arr, g, &cs->eq[k], Wc, Wd);
        if (!cs->eq[k].verified)
            dmx_add_note(r, "competitive equilibrium %d failed verification: %s", k + 1,
                         cs->eq[k].why);
    }
}

static void emit_social(dmx_result *r, const glp_all *A)
{
    const glp_inst *g = &A->g;
    dmx_node *o = dmx_add_obj(r, r->root, "social_efficiency");
    dmx_add_num(r, o, "SW_first_best", A->sfb.W);
    dmx_add_vec(r, o, "q_first_best", A->sfb.q, g->n);
    dmx_add_num(r, o, "SW_constrained", A->sce.W);
    dmx_add_vec(r, o, "q_constrained", A->sce.q, g->n);
    dmx_add_mat(r, o, "x_constrained", A->sce.M.x, g->n, g->m);
}

/* The JSON contract (presets/README.md), in its documented order. */
static void emit_contract(dmx_result *r, const glp_all *A, const glp_need *N)
{
    const glp_inst *g = &A->g;
    dmx_add_str(r, r->root, "model", "glp");
    add_instance(r, g);
    if (!g->omega_in_A)
        dmx_add_note(r, "some type's value is not a fee: the triangle closed form (shown "
                        "for reference) assumes every type is a fee; V comes from the LP. W° "
                        "uses the triangle reduction on the effective values ω̃ = max{a ≤ ω}, "
                        "on which alone the merchant's choice depends (docs/models/glp.md).");
    if (N->w_tri)
        emit_triangle(r, A);
    if (N->w_ex && A->have_ex)
        emit_expropriation(r, A);
    if (N->w_fb && A->have_fb)
        emit_first_best(r, A);
    if (A->have_lind)
        emit_lindahl(r, A);
    if (A->have_ce)
        emit_constrained(r, A, N->w_ce);
    if (A->have_union && N->w_mo)
        emit_monopsony(r, A);
    if (A->have_union && N->w_un)
        emit_union(r, A);
    if (A->have_cs)
        emit_competitive(r, A);
    if (A->two && N->w_b1)
        add_app_b1(r, A);
    if (A->have_social)
        emit_social(r, A);
}

/* ------------------------------------------------------------------ compute */

/* The contract path of the case label alone (sweeps of competitive.case). */
#define GLP_FIELD_CASE "competitive.case"

/* Sweep fast path: the case label needs no LP in the closed-form regions. */
static int case_only(const glp_inst *g, const dmx_ctx *ctx, int two, dmx_result *r)
{
    if (!(ctx && ctx->want && strcmp(ctx->want, GLP_FIELD_CASE) == 0 &&
          (two || (g->gp > g->gu && g->omega_in_A))))
        return 0;
    dmx_node *c = dmx_add_obj(r, r->root, "competitive");
    dmx_add_str(r, c, "case", "%s",
                two ? glp2_label(glp2_case(g->r[0], g->gu)) : "Prop 3: full disclosure");
    snprintf(r->status, sizeof r->status, "closed form");
    r->residual = 0;
    snprintf(r->method, sizeof r->method, "closed form");
    return 1;
}

static int glp_compute(const dmx_params *p, dmx_result *r, const dmx_ctx *ctx, dmx_err *e)
{
    glp_all A;
    glp_need N;
    memset(&A, 0, sizeof A);
    int rc = glp_inst_init(&A.g, p, e);
    if (rc != DMX_OK)
        return rc;
    A.g.cancel = ctx ? ctx->cancel : NULL;
    A.two = glp2_applies(&A.g);
    if (case_only(&A.g, ctx, A.two, r)) {
        glp_inst_free(&A.g);
        return DMX_OK;
    }
    need_init(&N, ctx);
    rc = solve_all(&A, &N, ctx, e);
    if (rc == DMX_OK) {
        emit_contract(r, &A, &N);
        if (N.views)
            rc = glp_views(r, &A, ctx, e);
    }
    if (rc == DMX_OK) {
        snprintf(r->status, sizeof r->status, "optimal");
        r->residual = A.resid;
        snprintf(r->method, sizeof r->method, "GLPK simplex%s",
                 A.cs.how == GLP_CS_TWOTYPE ? " + two-type closed form (§4.1, App. B.2)"
                 : A.cs.how == GLP_CS_PROP3 ? " + Prop. 3 closed form"
                 : A.cs.how == GLP_CS_SEARCH ? " + equilibrium search (LP/MILP, docs/models/glp.md)" : "");
    }
    all_free(&A);
    return rc;
}

const dmx_model dmx_model_glp = {
    .name = "glp",
    .title = "Competitive Markets for Personal Data",
    .paper = "Galperti, Liu, Perego (2023)",
    .summary = "Consumers sell data records to a platform that uses them to design what a "
               "merchant learns before setting a fee. Compares expropriation, a monopsonist "
               "platform, a competitive market, a data union and Lindahl markets against the "
               "first best and constrained efficiency; the competitive market can be "
               "inefficient because pooled records exert externalities on each other.",
    .params = glp_params,
    .nparams = (int)(sizeof glp_params / sizeof glp_params[0]),
    .validate = glp_validate,
    .compute = glp_compute,
    .default_preset = "glp-sec4-case2",
};
