/* glp_tol.h -- every numerical tolerance of the glp model, in one place.
 *
 * GLPK's simplex works to about 1e-7 relative (its default primal/dual
 * feasibility tolerances tol_bnd = tol_dj = 1e-7), so anything that judges an LP
 * output is at least that loose, and anything that only removes round-off
 * (snapping, dedup of identical points) is much tighter.  Most values are
 * relative: they multiply (1 + |reference|) or the instance scale (scale_of in
 * competitive.c: the largest mass, outside option and payoff). */
#ifndef DMX_GLP_TOL_H
#define DMX_GLP_TOL_H

/* Verifier tolerance of Definitions 1, 4 and 5 (times the instance scale) and the
 * "efficient" / "inefficient" judgement W° − W: GLPK's own feasibility level. */
#define GLP_TOL 1e-7

/* Agreement of two computations of the same number (LP vs closed form, W at an
 * allocation vs the reduction's W°, μ range width, Σ_a x(a|ω) = 1): looser than
 * GLP_TOL because each side carries its own LP round-off. */
#define GLP_TOL_AGREE 1e-6

/* Output values this close to 0 are printed as exactly 0 (pure round-off:
 * every quantity of a shipped instance is ≥ 1e-4 or exactly 0). */
#define GLP_TOL_ZERO 1e-12

/* A quantity q(ω) within GLP_TOL_SNAP (1 + q̄(ω)) of 0 or q̄(ω) is snapped there:
 * LP round-off of a database (well below GLP_TOL, far above GLP_TOL_ZERO). Also
 * the regime test "type sells nothing / everything" of the fixed-q LP, the
 * consumer-surplus comparison in the explanation, the KKT residual floor of the
 * degeneracy tests and the clamp of tiny negative duals μ. */
#define GLP_TOL_SNAP 1e-9

/* Slack of the equality-like rows of the fixed-q LP and the MILP at ψ (times the
 * scale): keeps exactly-tight rows feasible under LP round-off without letting a
 * candidate through that the verifier (GLP_TOL) would reject. */
#define GLP_TOL_ROW 1e-10

/* Slack of the optimal-face row Σ μ q̄ ≤ W† − R of the μ-range LPs (relative):
 * tighter than GLP_TOL_ROW because μ is unique in most instances and a looser
 * face would report a spurious range. */
#define GLP_TOL_FACE 1e-11

/* Two dual vertices ψ of P'_q are the same when they agree to this (relative). */
#define GLP_TOL_PSI 1e-8

/* Pruning margins of the search (times the scale): far above the verifier's
 * GLP_TOL and GLPK's 1e-7 so a pruned database can only have produced a
 * candidate the verifier drops (the arguments are in competitive.c). */
#define GLP_TOL_PRUNE 1e-5
#define GLP_TOL_PRUNE_CLEAR 1e-6

/* Kink search along one type's quantity (Lemma A.1: V is concave, piecewise
 * linear): a point on the tangent within GLP_TOL_SNAP of the value is a kink;
 * intervals and slope differences below GLP_TOL_ROW are flat. */
#define GLP_KINK_DEPTH 12

/* Strict improvement when picking the uniform monopoly fee: the smallest fee
 * among exact ties (relative to the profit, pure round-off). */
#define GLP_TOL_ARGMAX 1e-15

#endif
