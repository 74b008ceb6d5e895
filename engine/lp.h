/* lp.h -- linear and mixed-integer programs on GLPK.
 *
 * The only engine file that includes glpk.h is lp.c.  Indices are 0-based.
 * Arguments are validated before GLPK sees them (GLPK aborts on bad input);
 * a GLPK internal error is caught by glp_error_hook and turned into
 * DMX_EINTERNAL.  Presolve is off so duals are always available. */
#ifndef DMX_LP_H
#define DMX_LP_H

#include <stdatomic.h>
#include "err.h"

typedef struct dmx_lp dmx_lp;

typedef enum {
    DMX_LP_FREE,   /* -inf < x < +inf */
    DMX_LP_LO,     /* x >= lo */
    DMX_LP_UP,     /* x <= hi */
    DMX_LP_DB,     /* lo <= x <= hi */
    DMX_LP_FX      /* x == lo */
} dmx_lp_bound;

typedef enum {
    DMX_LP_OPTIMAL, DMX_LP_INFEASIBLE, DMX_LP_UNBOUNDED, DMX_LP_UNDEFINED
} dmx_lp_status;

/* New problem with ncols columns (all x >= 0, objective 0).  NULL on OOM. */
dmx_lp *dmx_lp_new(int maximize, int ncols);
void dmx_lp_free(dmx_lp *lp);
/* Solves of lp stop with DMX_ECANCELED soon after *cancel becomes non-zero
 * (checked between simplex chunks and in the MIP search); NULL: never. */
void dmx_lp_set_cancel(dmx_lp *lp, const atomic_int *cancel);
/* Caps the simplex iterations of each solve of lp (default and maximum: the
 * library's LP_MAX_IT).  A solve that reaches a smaller cap is retried once
 * scaled from a fresh basis (a stall on a degenerate vertex), then fails with
 * DMX_EDATA. */
void dmx_lp_set_it_lim(dmx_lp *lp, int it_lim);
/* dmx_lp_solve of lp starts with GLPK's dual simplex (falling back to the primal
 * one): about half the time on the search's fixed-q LPs, whose standard basis is
 * far from primal feasible. */
void dmx_lp_set_dual_first(dmx_lp *lp);
int dmx_lp_ncols(const dmx_lp *lp);
int dmx_lp_nrows(const dmx_lp *lp);
void dmx_lp_set_obj(dmx_lp *lp, int j, double c);
void dmx_lp_set_obj_const(dmx_lp *lp, double c0);
void dmx_lp_set_col_bounds(dmx_lp *lp, int j, dmx_lp_bound type, double lo, double hi);
void dmx_lp_set_col_int(dmx_lp *lp, int j, int binary);
/* Changes the bounds of row i (an invalid value is an error of the next solve). */
void dmx_lp_set_row_bounds(dmx_lp *lp, int i, dmx_lp_bound type, double lo, double hi);
/* Adds a row  lo <= sum val[k]*x[idx[k]] <= hi  (per type); returns its index or -1
 * (e set) on a bad index, a non-finite coefficient or OOM. */
int dmx_lp_add_row(dmx_lp *lp, int nnz, const int *idx, const double *val,
                   dmx_lp_bound type, double lo, double hi, dmx_err *e);
/* Dense version: val has ncols entries (zeros skipped). */
int dmx_lp_add_row_dense(dmx_lp *lp, const double *val, dmx_lp_bound type, double lo,
                         double hi, dmx_err *e);

/* Primal simplex (presolve off).  Returns DMX_OK when a status was obtained
 * (optimal, infeasible or unbounded: read it with dmx_lp_status), DMX_ECANCELED
 * when cancelled, DMX_EDATA when it needs too many iterations, or DMX_EINTERNAL
 * with a message when GLPK failed or a setter got a non-finite value. */
int dmx_lp_solve(dmx_lp *lp, dmx_err *e);
/* Re-solves after bounds changed, warm from the last basis with the dual simplex
 * (which stays dual feasible when only row bounds moved); same returns. */
int dmx_lp_resolve(dmx_lp *lp, dmx_err *e);
/* As dmx_lp_solve, but any status other than optimal is an error (DMX_EDATA)
 * whose message starts with `what`. */
int dmx_lp_solve_optimal(dmx_lp *lp, const char *what, dmx_err *e);
/* Branch-and-cut on the integer columns (after an LP relaxation), at most 60 s in
 * all, stopped by the cancel flag (DMX_ECANCELED).  A failure of GLPK's search on
 * the data (singular basis, internal error) is retried from a copy of the problem,
 * scaled and with another branching rule; DMX_EDATA ("numerically unstable") when
 * every attempt fails or the time is up. */
int dmx_lp_solve_mip(dmx_lp *lp, dmx_err *e);
/* Exact rational simplex (glp_exact) from the current basis; certifies small instances. */
int dmx_lp_solve_exact(dmx_lp *lp, dmx_err *e);

dmx_lp_status dmx_lp_get_status(const dmx_lp *lp);
const char *dmx_lp_status_name(dmx_lp_status s);
double dmx_lp_obj(const dmx_lp *lp);
double dmx_lp_x(const dmx_lp *lp, int j);
double dmx_lp_row_value(const dmx_lp *lp, int i);
double dmx_lp_row_dual(const dmx_lp *lp, int i);
double dmx_lp_col_dual(const dmx_lp *lp, int j);   /* reduced cost */
/* A simplex basis: one status per row (rows first) and per column.  Basic, or
 * nonbasic at the lower / upper bound, free (value 0) or fixed. */
enum { DMX_LP_BS = 1, DMX_LP_NL, DMX_LP_NU, DMX_LP_NF, DMX_LP_NS };
/* The current basis into stat[0 .. nrows + ncols) (after a solve). */
void dmx_lp_get_basis(const dmx_lp *lp, unsigned char *stat);
/* Starts the next solve from the basis stat[0 .. nrows + ncols) instead of the
 * current one (a basis that is not one -- wrong count of basic variables,
 * singular -- is replaced by the standard basis then). */
void dmx_lp_set_basis(dmx_lp *lp, const unsigned char *stat);
/* 1 when column/row is basic in the final basis. */
int dmx_lp_col_basic(const dmx_lp *lp, int j);
int dmx_lp_row_basic(const dmx_lp *lp, int i);
/* Largest primal/dual KKT residual (glp_check_kkt, absolute), after an optimal solve. */
double dmx_lp_kkt_residual(dmx_lp *lp);
/* 1 when the optimal basis is primal degenerate (a basic variable at a bound
 * within tol): the duals may then not be unique. */
int dmx_lp_primal_degenerate(const dmx_lp *lp, double tol);
/* After an optimal LP solve: 1 when the optimal basis stays primal feasible (so
 * optimal) as the bound of `row` moves a little either way -- no basic variable
 * at a bound within tol moves with it.  Then the optimal value is linear in
 * that bound near it, and every optimal dual has the same value in that row
 * (the row's dual is unique even when the basis is primal degenerate).  0 when
 * this basis does not show it (or the last solve was not an optimal LP); -1
 * with e set on an error. */
int dmx_lp_row_dual_fixed(dmx_lp *lp, int row, double tol, dmx_err *e);
/* 1 when the optimal basis is dual degenerate (a nonbasic reduced cost ~ 0):
 * the primal optimum may then not be unique. */
int dmx_lp_dual_degenerate(const dmx_lp *lp, double tol);

/* Frees this thread's GLPK environment (all problems created on it become
 * invalid; later calls on them fail cleanly).  A worker thread that ran computes
 * calls it before exiting, so that no solver memory outlives the thread. */
void dmx_lp_thread_cleanup(void);

#endif
