/* triangle.c -- the Bergemann-Brooks-Morris triangle of a database q (proof of
 * Prop. 3, Figure 2): consumer surplus s_u and merchant profit s_π over obedient
 * mechanisms fill  s_u ≥ 0, s_π ≥ π*(q), s_u + s_π ≤ w*(q) when the merchant may charge
 * every type's value (A ⊇ Ω; the paper's A = Ω).  With other fees the region lies inside
 * that triangle and the platform's value has the closed form of glp_triangle. */
#include <math.h>
#include "glp.h"

/* π*(q) = max_a Σ_ω π(a,ω) q(ω): uniform monopoly profit (no information). */
double glp_pi_star(const glp_inst *g, const double *q, int *jstar)
{
    double best = -INFINITY;
    int jb = 0;
    for (int j = 0; j < g->m; j++) {
        double s = 0;
        for (int i = 0; i < g->n; i++)
            s += g->pi[i * g->m + j] * q[i];
        if (s > best + GLP_TOL_ARGMAX) {
            best = s;
            jb = j;
        }
    }
    if (jstar)
        *jstar = jb;
    return best;
}

/* w*(q): total surplus under full disclosure; a type below every fee never buys,
 * every other type can be charged a fee ≤ its value, so w* = Σ_{ω ≥ a_1} ω q(ω). */
double glp_w_star(const glp_inst *g, const double *q)
{
    double s = 0;
    for (int i = 0; i < g->n; i++)
        if (g->w[i] >= g->a[0])
            s += g->w[i] * q[i];
    return s;
}

/* w̃*(q) = Σ_{ω ≥ a_1} ω̃ q(ω) with ω̃ = max{a ∈ A : a ≤ ω}, the effective value: the
 * most profit any mechanism extracts (full disclosure, each type charged ω̃).  With
 * A ⊇ Ω, ω̃ = ω and w̃* = w*. */
static double w_tilde(const glp_inst *g, const double *q)
{
    double s = 0;
    for (int i = 0; i < g->n; i++) {
        if (g->w[i] < g->a[0])
            continue;
        double wt = g->a[0];
        for (int j = 1; j < g->m && g->a[j] <= g->w[i]; j++)
            wt = g->a[j];
        s += wt * q[i];
    }
    return s;
}

/* The platform maximises γ_u s_u + γ_π s_π over the obedient mechanisms.  Every point
 * has s_π ≥ π* and s_u + s_π ≤ w*, so γ_u s_u + γ_π s_π = γ_u (s_u + s_π) + (γ_π − γ_u) s_π
 * gives V(q) = γ_u (w* − π*) + γ_π π* when γ_u ≥ γ_π (the consumer-optimal point, where
 * everyone who can buy buys at profit π*) and V(q) = γ_u w* + (γ_π − γ_u) w̃* when
 * γ_π > γ_u (full disclosure: s_π = w̃*, s_u = w* − w̃*).  With A ⊇ Ω (the paper's case)
 * w̃* = w* and this is V(q) = max{γ_π w*, γ_u (w* − π*) + γ_π π*} of the proof of Prop. 3;
 * with other fees the profit a type yields depends on her effective value ω̃ only, so the
 * BBM argument runs on ω̃ and each sale adds ω − ω̃ to consumer surplus. */
void glp_triangle(const glp_inst *g, const double *q, glp_tri *t)
{
    t->pi_star = glp_pi_star(g, q, &t->jstar);
    t->w_star = glp_w_star(g, q);
    double wt = g->omega_in_A ? t->w_star : w_tilde(g, q);
    double full = g->gu * (t->w_star - wt) + g->gp * wt;
    double copt = g->gu * (t->w_star - t->pi_star) + g->gp * t->pi_star;
    t->tie = g->gu == g->gp;
    if (g->gp > g->gu) {          /* Prop. 3: full disclosure */
        t->V = full;
        t->su = t->w_star - wt;
        t->spi = wt;
    } else {                      /* consumer-optimal vertex (one end of the tie) */
        t->V = copt;
        t->su = t->w_star - t->pi_star;
        t->spi = t->pi_star;
    }
    if (full > t->V)
        t->V = full;
}
