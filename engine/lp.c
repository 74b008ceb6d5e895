/* lp.c -- the one place GLPK is used.
 *
 * GLPK aborts the process on invalid arguments, so every index and coefficient is
 * checked here before GLPK sees it, and glp_error_hook turns any remaining
 * internal error into DMX_EINTERNAL via longjmp.  After such an error GLPK's
 * environment is freed (glp_free_env), which invalidates every problem object of
 * the thread; the thread-local `lp_epoch` lets later calls on those objects fail
 * cleanly instead of touching freed memory.  That counter is the only piece of
 * mutable non-local state in the engine. */
#include <assert.h>
#include <glpk.h>
#include <limits.h>
#include <math.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "lp.h"

/* The simplex runs in chunks of LP_CHUNK_IT iterations; between chunks the
 * cancel flag is read, so a cancelled compute stops within one chunk (a chunk of
 * the largest LP of the default glp budget takes well under 100 ms).  LPs of more
 * than LP_POLL_SIZE rows + columns (glp with max_types raised) are also polled
 * inside the simplex, every LP_POLL_MS, through term_hook.  An LP that
 * needs more than LP_MAX_IT iterations in all is refused as badly scaled or too
 * large (the shipped instances need at most a few hundred).  Iteration counts,
 * not wall-clock time, so results never depend on the machine's load.  The MIP
 * search reads the flag in GLPK's callback and stops after LP_MIP_MS. */
#define LP_CHUNK_IT 500
#define LP_MAX_IT 400000
#define LP_STALL_PER 20       /* first-attempt iterations per row and column ... */
#define LP_STALL_MIN 5000     /* ... and at least this many (see run_simplex) */
#define LP_MIP_MS 60000
#define LP_POLL_MS 10
/* an entry of B⁻¹ e_r at most this times (1 + its largest) counts as zero */
#define LP_FTRAN_ZERO 1e-11
#define LP_POLL_SIZE 1000.0   /* rows + columns above which term_hook polls */
/* rows x columns up to which a numerically failing LP is re-solved exactly */
#define LP_EXACT_MAX 250000.0

static _Thread_local unsigned long lp_epoch;

struct dmx_lp {
    glp_prob *P;
    unsigned long epoch;      /* lp_epoch at creation */
    int ncols;
    int mip;                  /* last solve was a MIP */
    int status_known;
    dmx_lp_status status;
    int *ibuf;                /* 1-based scratch for rows */
    double *vbuf;
    int *slot;                /* column -> its place in ibuf while a row is built, 0: none */
    const atomic_int *cancel; /* read between simplex chunks and in the MIP callback */
    int it_lim;               /* iterations per solve before giving up (LP_MAX_IT) */
    int dual_first;           /* dmx_lp_solve starts with the dual simplex */
    char bad[96];             /* first invalid setter call (reported by the next solve) */
};

typedef struct {
    jmp_buf jb;
    const dmx_lp *lp;          /* the LP being solved (its cancel flag) */
    volatile int cancel_jump;  /* set when term_hook abandoned the solve */
} hook_ctx;

static void lp_hook(void *info)
{
    hook_ctx *h = info;
    glp_free_env();
    lp_epoch++;
    longjmp(h->jb, 1);
}

static int cancelled(const dmx_lp *lp);

/* GLPK prints a progress line at least every LP_POLL_MS while a simplex of an LP
 * with a cancel flag runs (msg_lev on, out_frq); this hook swallows every line
 * (the engine never prints) and, when the flag is set, abandons the solve the
 * way lp_hook does after an internal error: the thread's GLPK environment is
 * freed (every problem on it becomes invalid, later calls on them fail
 * cleanly) and run_simplex returns DMX_ECANCELED.  So a new key cancels within
 * about LP_POLL_MS of GLPK's time whatever the LP's size, while the simplex
 * itself runs exactly as without the hook (output does not steer it). */
static int term_hook(void *info, const char *s)
{
    hook_ctx *h = info;
    if (h && h->lp && cancelled(h->lp)) {
        h->cancel_jump = 1;
        glp_free_env();
        lp_epoch++;
        longjmp(h->jb, 1);
    }
    return 1;
}

static int alive(const dmx_lp *lp)
{
    return lp && lp->P && lp->epoch == lp_epoch;
}

dmx_lp *dmx_lp_new(int maximize, int ncols)
{
    assert(ncols >= 0);
    dmx_lp *lp = calloc(1, sizeof *lp);
    if (!lp)
        return NULL;
    lp->ibuf = malloc(((size_t)ncols + 1) * sizeof(int));
    lp->vbuf = malloc(((size_t)ncols + 1) * sizeof(double));
    lp->slot = calloc((size_t)ncols + 1, sizeof(int));
    if (!lp->ibuf || !lp->vbuf || !lp->slot)
        goto out_free;
    glp_term_out(GLP_OFF);
    lp->P = glp_create_prob();
    lp->epoch = lp_epoch;
    glp_set_obj_dir(lp->P, maximize ? GLP_MAX : GLP_MIN);
    if (ncols > 0)
        glp_add_cols(lp->P, ncols);
    for (int j = 1; j <= ncols; j++)
        glp_set_col_bnds(lp->P, j, GLP_LO, 0.0, 0.0);
    lp->ncols = ncols;
    lp->it_lim = LP_MAX_IT;
    return lp;
out_free:
    free(lp->ibuf);
    free(lp->vbuf);
    free(lp->slot);
    free(lp);
    return NULL;
}

void dmx_lp_free(dmx_lp *lp)
{
    if (!lp)
        return;
    if (alive(lp))
        glp_delete_prob(lp->P);
    free(lp->ibuf);
    free(lp->vbuf);
    free(lp->slot);
    free(lp);
}

void dmx_lp_set_dual_first(dmx_lp *lp)
{
    if (lp)
        lp->dual_first = 1;
}

int dmx_lp_ncols(const dmx_lp *lp) { return lp->ncols; }
int dmx_lp_nrows(const dmx_lp *lp) { return alive(lp) ? glp_get_num_rows(lp->P) : 0; }

void dmx_lp_set_it_lim(dmx_lp *lp, int it_lim)
{
    if (lp)
        lp->it_lim = it_lim > 0 && it_lim < LP_MAX_IT ? it_lim : LP_MAX_IT;
}

void dmx_lp_set_cancel(dmx_lp *lp, const atomic_int *cancel)
{
    if (lp)
        lp->cancel = cancel;
}

/* Records the first invalid argument; the next solve fails with it (GLPK would
 * abort the process on a non-finite coefficient or bound). */
static int reject(dmx_lp *lp, const char *what, int j, double v)
{
    if (!lp->bad[0])
        snprintf(lp->bad, sizeof lp->bad, "%s of column %d is %g", what, j, v);
    return 0;
}

void dmx_lp_set_obj(dmx_lp *lp, int j, double c)
{
    assert(j >= 0 && j < lp->ncols);
    if (!isfinite(c))
        reject(lp, "objective coefficient", j, c);
    else if (alive(lp))
        glp_set_obj_coef(lp->P, j + 1, c);
}

void dmx_lp_set_obj_const(dmx_lp *lp, double c0)
{
    if (!isfinite(c0))
        reject(lp, "objective constant", -1, c0);
    else if (alive(lp))
        glp_set_obj_coef(lp->P, 0, c0);
}

static int glp_bound(dmx_lp_bound t, double lo, double hi)
{
    if (t == DMX_LP_DB && lo == hi)
        return GLP_FX;
    switch (t) {
    case DMX_LP_FREE: return GLP_FR;
    case DMX_LP_LO: return GLP_LO;
    case DMX_LP_UP: return GLP_UP;
    case DMX_LP_DB: return GLP_DB;
    case DMX_LP_FX: return GLP_FX;
    }
    return GLP_FR;
}

void dmx_lp_set_col_bounds(dmx_lp *lp, int j, dmx_lp_bound t, double lo, double hi)
{
    assert(j >= 0 && j < lp->ncols);
    int need_lo = t == DMX_LP_LO || t == DMX_LP_DB || t == DMX_LP_FX;
    int need_hi = t == DMX_LP_UP || t == DMX_LP_DB;
    if ((need_lo && !isfinite(lo)) || (need_hi && !isfinite(hi)))
        reject(lp, "bound", j, need_lo && !isfinite(lo) ? lo : hi);
    else if (t == DMX_LP_DB && !(lo <= hi))
        reject(lp, "lower bound above the upper bound", j, lo);
    else if (alive(lp))
        glp_set_col_bnds(lp->P, j + 1, glp_bound(t, lo, hi), lo, t == DMX_LP_FX ? lo : hi);
}

void dmx_lp_set_row_bounds(dmx_lp *lp, int i, dmx_lp_bound t, double lo, double hi)
{
    int need_lo = t == DMX_LP_LO || t == DMX_LP_DB || t == DMX_LP_FX;
    int need_hi = t == DMX_LP_UP || t == DMX_LP_DB;
    if (!alive(lp) || i < 0 || i >= glp_get_num_rows(lp->P))
        reject(lp, "row index", i, i);
    else if ((need_lo && !isfinite(lo)) || (need_hi && !isfinite(hi)))
        reject(lp, "row bound", i, need_lo && !isfinite(lo) ? lo : hi);
    else if (t == DMX_LP_DB && !(lo <= hi))
        reject(lp, "row lower bound above the upper bound", i, lo);
    else
        glp_set_row_bnds(lp->P, i + 1, glp_bound(t, lo, hi), lo, t == DMX_LP_FX ? lo : hi);
}

void dmx_lp_set_col_int(dmx_lp *lp, int j, int binary)
{
    assert(j >= 0 && j < lp->ncols);
    if (alive(lp))
        glp_set_col_kind(lp->P, j + 1, binary ? GLP_BV : GLP_IV);
}

/* Appends the row held in ibuf/vbuf[1..k] with the given bounds; its index. */
static int add_built_row(dmx_lp *lp, int k, dmx_lp_bound type, double lo, double hi)
{
    int i = glp_add_rows(lp->P, 1);
    glp_set_mat_row(lp->P, i, k, lp->ibuf, lp->vbuf);
    glp_set_row_bnds(lp->P, i, glp_bound(type, lo, hi), lo, type == DMX_LP_FX ? lo : hi);
    return i - 1;
}

/* Row bounds are checked before any entry (see dmx_lp_add_row). */
static int row_bounds_bad(dmx_lp_bound type, double lo, double hi)
{
    return (type == DMX_LP_DB && !(lo <= hi)) ||
           ((type == DMX_LP_LO || type == DMX_LP_DB || type == DMX_LP_FX) && !isfinite(lo)) ||
           ((type == DMX_LP_UP || type == DMX_LP_DB) && !isfinite(hi));
}

int dmx_lp_add_row(dmx_lp *lp, int nnz, const int *idx, const double *val, dmx_lp_bound type,
                   double lo, double hi, dmx_err *e)
{
    if (!alive(lp)) {
        dmx_err_set(e, DMX_EINTERNAL, "LP solver state was lost after an earlier error");
        return -1;
    }
    if (row_bounds_bad(type, lo, hi)) {
        dmx_err_set(e, DMX_EDATA, "LP row has invalid bounds [%g, %g]", lo, hi);
        return -1;
    }
    /* merge duplicate indices (GLPK rejects them): slot[] maps a column to its
     * place in the row, so this is linear in nnz; entries keep their first
     * occurrence's order and duplicates are summed in input order */
    int k = 0, bad = -1;
    for (int t = 0; t < nnz; t++) {
        if (idx[t] < 0 || idx[t] >= lp->ncols || !isfinite(val[t])) {
            bad = t;
            break;
        }
        if (val[t] == 0)
            continue;
        int u = lp->slot[idx[t]];
        if (u) {
            lp->vbuf[u] += val[t];
        } else {
            k++;
            lp->slot[idx[t]] = k;
            lp->ibuf[k] = idx[t] + 1;
            lp->vbuf[k] = val[t];
        }
    }
    for (int u = 1; u <= k; u++)
        lp->slot[lp->ibuf[u] - 1] = 0;
    if (bad >= 0) {
        dmx_err_set(e, DMX_EINTERNAL, "LP row entry %d: column %d / coefficient %g invalid",
                    bad, idx[bad], val[bad]);
        return -1;
    }
    return add_built_row(lp, k, type, lo, hi);
}

int dmx_lp_add_row_dense(dmx_lp *lp, const double *val, dmx_lp_bound type, double lo,
                         double hi, dmx_err *e)
{
    /* as dmx_lp_add_row over columns 0..ncols-1 (no duplicates to merge) */
    if (!alive(lp)) {
        dmx_err_set(e, DMX_EINTERNAL, "LP solver state was lost after an earlier error");
        return -1;
    }
    if (row_bounds_bad(type, lo, hi)) {
        dmx_err_set(e, DMX_EDATA, "LP row has invalid bounds [%g, %g]", lo, hi);
        return -1;
    }
    int k = 0;
    for (int j = 0; j < lp->ncols; j++) {
        if (!isfinite(val[j])) {
            dmx_err_set(e, DMX_EINTERNAL, "LP row entry %d: column %d / coefficient %g invalid",
                        j, j, val[j]);
            return -1;
        }
        if (val[j] != 0) {
            k++;
            lp->ibuf[k] = j + 1;
            lp->vbuf[k] = val[j];
        }
    }
    return add_built_row(lp, k, type, lo, hi);
}

static dmx_lp_status map_status(int s)
{
    switch (s) {
    case GLP_OPT: return DMX_LP_OPTIMAL;
    case GLP_NOFEAS: case GLP_INFEAS: return DMX_LP_INFEASIBLE;
    case GLP_UNBND: return DMX_LP_UNBOUNDED;
    default: return DMX_LP_UNDEFINED;
    }
}

static const char *simplex_msg(int rc)
{
    switch (rc) {
    case GLP_EBADB: return "invalid initial basis";
    case GLP_ESING: return "singular basis matrix";
    case GLP_ECOND: return "ill-conditioned basis matrix";
    case GLP_EBOUND: return "inconsistent bounds";
    case GLP_EFAIL: return "solver failure";
    case GLP_EITLIM: return "iteration limit reached";
    case GLP_ETMLIM: return "time limit reached";
    case GLP_ENOPFS: return "no primal feasible solution";
    case GLP_ENODFS: return "no dual feasible solution";
    case GLP_EROOT: return "LP relaxation not optimal";
    case GLP_ESTOP: return "stopped";
    case GLP_EMIPGAP: return "MIP gap tolerance reached";
    default: return "unknown GLPK error";
    }
}

static int cancelled(const dmx_lp *lp)
{
    return lp->cancel && atomic_load_explicit(lp->cancel, memory_order_relaxed);
}

/* glp_simplex in chunks of LP_CHUNK_IT iterations (see LP_CHUNK_IT). */
static int simplex_chunked(dmx_lp *lp, glp_smcp *sp, int *stop)
{
    int rc, it0 = glp_get_it_cnt(lp->P);
    *stop = 0;
    for (;;) {
        /* a chunk, or what is left of the LP's own cap (+1 to see it exceeded) */
        int left = lp->it_lim - (glp_get_it_cnt(lp->P) - it0) + 1;
        sp->it_lim = left < LP_CHUNK_IT ? (left > 1 ? left : 1) : LP_CHUNK_IT;
        rc = glp_simplex(lp->P, sp);
        if (rc != GLP_EITLIM)
            return rc;
        if (cancelled(lp)) {
            *stop = 1;
            return rc;
        }
        if (glp_get_it_cnt(lp->P) - it0 > lp->it_lim) {
            *stop = 2;
            return rc;
        }
    }
}

/* Runs the simplex; exact: then the rational simplex; dual: the dual simplex
 * (for a warm re-solve after bounds changed: the basis stays dual feasible). */
static int run_simplex(dmx_lp *lp, int exact, int dual, dmx_err *e)
{
    if (!alive(lp))
        return dmx_err_set(e, DMX_EINTERNAL, "LP solver state was lost after an earlier error");
    if (lp->bad[0])
        return dmx_err_set(e, DMX_EINTERNAL, "invalid LP: %s", lp->bad);
    if (cancelled(lp))
        return dmx_err_set(e, DMX_ECANCELED, "cancelled");
    hook_ctx h;
    h.lp = lp;
    h.cancel_jump = 0;
    lp->mip = 0;
    lp->status_known = 0;
    if (setjmp(h.jb)) {
        glp_error_hook(NULL, NULL);
        if (h.cancel_jump)
            return dmx_err_set(e, DMX_ECANCELED, "cancelled");
        return dmx_err_set(e, DMX_EINTERNAL, "GLPK internal error while solving an LP");
    }
    glp_error_hook(lp_hook, &h);
    glp_term_out(GLP_OFF);
    /* the progress poll only where a chunk of LP_CHUNK_IT iterations can take
     * long: small LPs keep the plain path (and its instruction count) */
    int poll = lp->cancel && (double)glp_get_num_rows(lp->P) + glp_get_num_cols(lp->P) >
                                 LP_POLL_SIZE;
    if (poll) {
        glp_term_hook(term_hook, &h);
        glp_term_out(GLP_ON);
    }
    int rc, stop = 0;
    if (glp_get_num_rows(lp->P) == 0) {
        /* GLPK needs at least one row: add a harmless free row */
        int i = glp_add_rows(lp->P, 1);
        glp_set_row_bnds(lp->P, i, GLP_FR, 0, 0);
    }
    glp_smcp sp;
    glp_init_smcp(&sp);
    sp.msg_lev = poll ? GLP_MSG_ON : GLP_MSG_OFF;
    sp.out_frq = LP_POLL_MS;
    if (exact) {
        rc = simplex_chunked(lp, &sp, &stop);
        if (!stop) {
            sp.it_lim = INT_MAX;
            rc = glp_exact(lp->P, &sp);
        }
    } else {
        sp.presolve = GLP_OFF;
        if (dual)
            sp.meth = GLP_DUALP;
        /* a first attempt far past what an LP of this size needs is a stall (cycling
         * on a degenerate vertex of badly spread data): cut it at LP_STALL_PER
         * iterations per row and column, then retry scaled with the full cap */
        int cap = lp->it_lim;
        double stall = LP_STALL_PER * ((double)glp_get_num_rows(lp->P) + lp->ncols);
        if (stall < LP_STALL_MIN)
            stall = LP_STALL_MIN;
        if (stall < cap)
            lp->it_lim = (int)stall;
        rc = simplex_chunked(lp, &sp, &stop);
        int cut = lp->it_lim < LP_MAX_IT;
        lp->it_lim = cap;
        if ((!stop && (rc == GLP_ESING || rc == GLP_ECOND || rc == GLP_EFAIL)) ||
            (stop == 2 && cut)) {
            /* retry once, scaled, from a fresh standard basis (also after a
             * caller's small iteration cap or the stall cut) */
            stop = 0;
            glp_scale_prob(lp->P, GLP_SF_AUTO);
            glp_std_basis(lp->P);
            rc = simplex_chunked(lp, &sp, &stop);
        }
        if (!stop && (rc == GLP_ESING || rc == GLP_ECOND || rc == GLP_EFAIL) &&
            (double)glp_get_num_rows(lp->P) * lp->ncols <= LP_EXACT_MAX) {
            /* last resort for a badly scaled but small LP: rational arithmetic */
            glp_std_basis(lp->P);
            sp.it_lim = INT_MAX;
            rc = glp_exact(lp->P, &sp);
        }
        if (!stop && (rc == GLP_ESING || rc == GLP_ECOND || rc == GLP_EFAIL))
            stop = 3;
    }
    glp_error_hook(NULL, NULL);
    glp_term_hook(NULL, NULL);
    glp_term_out(GLP_OFF);
    if (stop == 1)
        return dmx_err_set(e, DMX_ECANCELED, "cancelled");
    if (stop == 3)
        return dmx_err_set(e, DMX_EDATA, "the LP is too badly scaled for the simplex (%s): "
                           "bring the numbers closer together", simplex_msg(rc));
    if (stop == 2)
        return dmx_err_set(e, DMX_EDATA, "the LP did not finish within %d simplex iterations: "
                           "the instance is too large or too badly scaled", LP_MAX_IT);
    if (rc != 0)
        return dmx_err_set(e, DMX_EINTERNAL, "GLPK simplex failed: %s", simplex_msg(rc));
    lp->status = map_status(glp_get_status(lp->P));
    lp->status_known = 1;
    return DMX_OK;
}

int dmx_lp_solve(dmx_lp *lp, dmx_err *e)
{
    if (!lp->dual_first)
        return run_simplex(lp, 0, 0, e);
    /* GLP_DUALP falls back to the primal simplex when the dual one fails; a
     * status it leaves undecided (no dual feasible basis) is settled by the primal */
    int rc = run_simplex(lp, 0, 1, e);
    if (rc == DMX_OK && lp->status == DMX_LP_UNDEFINED)
        rc = run_simplex(lp, 0, 0, e);
    return rc;
}
int dmx_lp_solve_exact(dmx_lp *lp, dmx_err *e) { return run_simplex(lp, 1, 0, e); }
int dmx_lp_resolve(dmx_lp *lp, dmx_err *e) { return run_simplex(lp, 0, 1, e); }

int dmx_lp_solve_optimal(dmx_lp *lp, const char *what, dmx_err *e)
{
    int rc = dmx_lp_solve(lp, e);
    if (rc != DMX_OK)
        return dmx_err_prefix(e, "%s", what);
    if (lp->status != DMX_LP_OPTIMAL)
        return dmx_err_set(e, DMX_EDATA, "%s: the linear program is %s", what,
                           dmx_lp_status_name(lp->status));
    return DMX_OK;
}

static void mip_callback(glp_tree *T, void *info)
{
    if (cancelled(info))
        glp_ios_terminate(T);
}

/* The data of a problem, kept while branch-and-cut runs: a GLPK internal error
 * frees the thread's environment (and with it the problem), and a retry rebuilds
 * the problem from this copy in the fresh environment. */
typedef struct mip_snap {
    int dir, nrows, ncols, nnz;
    double c0;
    int *ctype, *ckind, *rtype, *rbeg;
    double *clb, *cub, *cobj, *rlb, *rub, *val;
    int *ind;
} mip_snap;

static void snap_free(mip_snap *s)
{
    free(s->ctype);
    free(s->ckind);
    free(s->rtype);
    free(s->rbeg);
    free(s->clb);
    free(s->cub);
    free(s->cobj);
    free(s->rlb);
    free(s->rub);
    free(s->val);
    free(s->ind);
    memset(s, 0, sizeof *s);
}

static int snap_take(mip_snap *s, glp_prob *P)
{
    memset(s, 0, sizeof *s);
    int nr = glp_get_num_rows(P), nc = glp_get_num_cols(P), nz = glp_get_num_nz(P);
    size_t c1 = (size_t)nc + 1, r1 = (size_t)nr + 2, z1 = (size_t)nz + (size_t)nc + 1;
    s->ctype = malloc(c1 * sizeof(int));
    s->ckind = malloc(c1 * sizeof(int));
    s->clb = malloc(c1 * sizeof(double));
    s->cub = malloc(c1 * sizeof(double));
    s->cobj = malloc(c1 * sizeof(double));
    s->rtype = malloc(r1 * sizeof(int));
    s->rbeg = malloc(r1 * sizeof(int));
    s->rlb = malloc(r1 * sizeof(double));
    s->rub = malloc(r1 * sizeof(double));
    s->ind = malloc(z1 * sizeof(int));
    s->val = malloc(z1 * sizeof(double));
    if (!s->ctype || !s->ckind || !s->clb || !s->cub || !s->cobj || !s->rtype || !s->rbeg ||
        !s->rlb || !s->rub || !s->ind || !s->val) {
        snap_free(s);
        return -1;
    }
    s->dir = glp_get_obj_dir(P);
    s->c0 = glp_get_obj_coef(P, 0);
    s->nrows = nr;
    s->ncols = nc;
    for (int j = 1; j <= nc; j++) {
        s->ctype[j] = glp_get_col_type(P, j);
        s->ckind[j] = glp_get_col_kind(P, j);
        s->clb[j] = glp_get_col_lb(P, j);
        s->cub[j] = glp_get_col_ub(P, j);
        s->cobj[j] = glp_get_obj_coef(P, j);
    }
    int k = 0;
    for (int i = 1; i <= nr; i++) {
        s->rtype[i] = glp_get_row_type(P, i);
        s->rlb[i] = glp_get_row_lb(P, i);
        s->rub[i] = glp_get_row_ub(P, i);
        s->rbeg[i] = k;
        /* glp_get_mat_row writes 1-based: entries k+1 .. k+len */
        k += glp_get_mat_row(P, i, s->ind + k, s->val + k);
    }
    s->rbeg[nr + 1] = k;
    s->nnz = k;
    return 0;
}

static glp_prob *snap_build(const mip_snap *s)
{
    glp_term_out(GLP_OFF);   /* a fresh environment starts with output on */
    glp_prob *P = glp_create_prob();
    glp_set_obj_dir(P, s->dir);
    glp_set_obj_coef(P, 0, s->c0);
    if (s->ncols > 0)
        glp_add_cols(P, s->ncols);
    if (s->nrows > 0)
        glp_add_rows(P, s->nrows);
    for (int j = 1; j <= s->ncols; j++) {
        glp_set_col_bnds(P, j, s->ctype[j], s->clb[j], s->cub[j]);
        glp_set_obj_coef(P, j, s->cobj[j]);
        if (s->ckind[j] != GLP_CV)
            glp_set_col_kind(P, j, s->ckind[j]);
    }
    for (int i = 1; i <= s->nrows; i++) {
        glp_set_row_bnds(P, i, s->rtype[i], s->rlb[i], s->rub[i]);
        int b = s->rbeg[i], len = s->rbeg[i + 1] - b;
        glp_set_mat_row(P, i, len, s->ind + b, s->val + b);
    }
    return P;
}

/* Swallows GLPK's terminal output (its error path turns output on to print the
 * failed assertion; the engine never prints). */
static int quiet_hook(void *info, const char *s)
{
    (void)info;
    (void)s;
    return 1;
}

/* Branch-and-cut.  GLPK's search can fail on badly conditioned data (a singular
 * basis at some node, or an internal error that frees the environment): that is
 * a property of the instance, not a bug of dmx, so the search is retried from the
 * kept copy of the problem, scaled, then scaled with another branching and
 * backtracking rule; when all attempts fail the instance is refused (DMX_EDATA)
 * as numerically unstable.  The LP_MIP_MS limit covers all attempts; the cancel
 * flag is read in GLPK's callback. */
#define MIP_ATTEMPTS 3
int dmx_lp_solve_mip(dmx_lp *lp, dmx_err *e)
{
    int rc = dmx_lp_solve(lp, e);
    if (rc != DMX_OK)
        return rc;
    if (lp->status != DMX_LP_OPTIMAL)
        return DMX_OK; /* relaxation infeasible/unbounded: status says so */
    mip_snap snap;
    if (snap_take(&snap, lp->P) != 0)
        return dmx_err_set(e, DMX_EINTERNAL, "out of memory");
    double t0 = glp_time();   /* wall clock, ms */
    /* volatile: read after a longjmp out of glp_intopt */
    const char *volatile why = "unknown GLPK error";
    volatile int attempt;
    for (attempt = 0; attempt < MIP_ATTEMPTS; attempt++) {
        if (attempt > 0) {
            /* a fresh copy of the problem (the old one may be gone with the
             * environment), scaled, with its LP relaxation re-solved */
            if (alive(lp))
                glp_delete_prob(lp->P);
            lp->P = snap_build(&snap);
            lp->epoch = lp_epoch;
            glp_scale_prob(lp->P, GLP_SF_AUTO);
            rc = dmx_lp_solve(lp, e);
            if (rc == DMX_ECANCELED)
                break;
            if (rc != DMX_OK || lp->status != DMX_LP_OPTIMAL) {
                why = rc != DMX_OK ? "the LP relaxation failed" : "the LP relaxation was lost";
                continue;
            }
        }
        int left = LP_MIP_MS - (int)(glp_time() - t0);
        if (left < 1) {
            rc = GLP_ETMLIM;
            break;
        }
        hook_ctx h;
        if (setjmp(h.jb)) {
            glp_error_hook(NULL, NULL);   /* the environment is gone, hooks with it */
            why = "GLPK internal error";
            continue;
        }
        glp_error_hook(lp_hook, &h);
        glp_term_hook(quiet_hook, NULL);
        glp_iocp ip;
        glp_init_iocp(&ip);
        ip.msg_lev = GLP_MSG_OFF;
        ip.presolve = GLP_OFF;
        ip.tm_lim = left;
        ip.cb_func = mip_callback;
        ip.cb_info = lp;
        if (attempt == 2) {
            ip.br_tech = GLP_BR_MFV;
            ip.bt_tech = GLP_BT_DFS;
        }
        rc = glp_intopt(lp->P, &ip);
        glp_error_hook(NULL, NULL);
        glp_term_hook(NULL, NULL);
        if (rc == 0 || rc == GLP_ESTOP || rc == GLP_ETMLIM || rc == GLP_EBOUND)
            break;
        why = simplex_msg(rc);
        if (cancelled(lp)) {
            rc = GLP_ESTOP;
            break;
        }
    }
    snap_free(&snap);
    if (rc == DMX_ECANCELED || rc == GLP_ESTOP)
        return dmx_err_set(e, DMX_ECANCELED, "cancelled");
    if (rc == GLP_ETMLIM)
        return dmx_err_set(e, DMX_EDATA, "the MIP did not finish within %d s: the instance "
                           "is too large or too badly scaled", LP_MIP_MS / 1000);
    if (rc == GLP_EBOUND)   /* an integer column with fractional bounds: a bug of the caller */
        return dmx_err_set(e, DMX_EINTERNAL, "GLPK branch-and-cut failed: %s", simplex_msg(rc));
    if (attempt == MIP_ATTEMPTS)
        return dmx_err_set(e, DMX_EDATA, "the MIP is numerically unstable: GLPK's "
                           "branch-and-cut failed %d times (last: %s), also scaled and with "
                           "another branching rule; bring the numbers closer together "
                           "(types, fees and masses over fewer orders of magnitude) or use "
                           "fewer types or fees", MIP_ATTEMPTS, why);
    lp->mip = 1;
    lp->status = map_status(glp_mip_status(lp->P));
    return DMX_OK;
}

dmx_lp_status dmx_lp_get_status(const dmx_lp *lp)
{
    return lp->status_known ? lp->status : DMX_LP_UNDEFINED;
}

const char *dmx_lp_status_name(dmx_lp_status s)
{
    switch (s) {
    case DMX_LP_OPTIMAL: return "optimal";
    case DMX_LP_INFEASIBLE: return "infeasible";
    case DMX_LP_UNBOUNDED: return "unbounded";
    default: return "undefined";
    }
}

double dmx_lp_obj(const dmx_lp *lp)
{
    if (!alive(lp))
        return NAN;
    return lp->mip ? glp_mip_obj_val(lp->P) : glp_get_obj_val(lp->P);
}

double dmx_lp_x(const dmx_lp *lp, int j)
{
    assert(j >= 0 && j < lp->ncols);
    if (!alive(lp))
        return NAN;
    return lp->mip ? glp_mip_col_val(lp->P, j + 1) : glp_get_col_prim(lp->P, j + 1);
}

double dmx_lp_row_value(const dmx_lp *lp, int i)
{
    if (!alive(lp))
        return NAN;
    assert(i >= 0 && i < glp_get_num_rows(lp->P));
    return lp->mip ? glp_mip_row_val(lp->P, i + 1) : glp_get_row_prim(lp->P, i + 1);
}

double dmx_lp_row_dual(const dmx_lp *lp, int i)
{
    if (!alive(lp))
        return NAN;
    assert(i >= 0 && i < glp_get_num_rows(lp->P));
    return glp_get_row_dual(lp->P, i + 1);
}

double dmx_lp_col_dual(const dmx_lp *lp, int j)
{
    assert(j >= 0 && j < lp->ncols);
    return alive(lp) ? glp_get_col_dual(lp->P, j + 1) : NAN;
}

_Static_assert(GLP_BS == DMX_LP_BS && GLP_NL == DMX_LP_NL && GLP_NU == DMX_LP_NU &&
                   GLP_NF == DMX_LP_NF && GLP_NS == DMX_LP_NS,
               "dmx basis statuses are GLPK's");

void dmx_lp_get_basis(const dmx_lp *lp, unsigned char *stat)
{
    if (!alive(lp))
        return;
    int m = glp_get_num_rows(lp->P);
    for (int i = 1; i <= m; i++)
        stat[i - 1] = (unsigned char)glp_get_row_stat(lp->P, i);
    for (int j = 1; j <= lp->ncols; j++)
        stat[m + j - 1] = (unsigned char)glp_get_col_stat(lp->P, j);
}

void dmx_lp_set_basis(dmx_lp *lp, const unsigned char *stat)
{
    if (!alive(lp))
        return;
    int m = glp_get_num_rows(lp->P), nb = 0;
    for (int k = 0; k < m + lp->ncols; k++)
        nb += stat[k] == DMX_LP_BS;
    if (nb != m) {
        glp_std_basis(lp->P);
        return;
    }
    /* GLP_BS .. GLP_NS are 1 .. 5, as DMX_LP_BS .. DMX_LP_NS */
    for (int i = 1; i <= m; i++)
        glp_set_row_stat(lp->P, i, stat[i - 1]);
    for (int j = 1; j <= lp->ncols; j++)
        glp_set_col_stat(lp->P, j, stat[m + j - 1]);
}

int dmx_lp_col_basic(const dmx_lp *lp, int j)
{
    return alive(lp) && glp_get_col_stat(lp->P, j + 1) == GLP_BS;
}

int dmx_lp_row_basic(const dmx_lp *lp, int i)
{
    return alive(lp) && glp_get_row_stat(lp->P, i + 1) == GLP_BS;
}

double dmx_lp_kkt_residual(dmx_lp *lp)
{
    if (!alive(lp) || lp->mip || lp->status != DMX_LP_OPTIMAL)
        return NAN;
    double worst = 0, ae, re;
    int ai, ri;
    const int conds[] = {GLP_KKT_PE, GLP_KKT_PB, GLP_KKT_DE, GLP_KKT_DB};
    for (int c = 0; c < 4; c++) {
        glp_check_kkt(lp->P, GLP_SOL, conds[c], &ae, &ai, &re, &ri);
        if (ae > worst)
            worst = ae;
    }
    return worst;
}

/* A basic variable sitting at one of its finite bounds. */
static int at_bound(int type, double lb, double ub, double x, double tol)
{
    switch (type) {
    case GLP_LO: return fabs(x - lb) <= tol;
    case GLP_UP: return fabs(x - ub) <= tol;
    case GLP_DB: case GLP_FX: return fabs(x - lb) <= tol || fabs(x - ub) <= tol;
    default: return 0;
    }
}

int dmx_lp_primal_degenerate(const dmx_lp *lp, double tol)
{
    if (!alive(lp))
        return 0;
    int m = glp_get_num_rows(lp->P);
    for (int i = 1; i <= m; i++)
        if (glp_get_row_stat(lp->P, i) == GLP_BS &&
            at_bound(glp_get_row_type(lp->P, i), glp_get_row_lb(lp->P, i),
                     glp_get_row_ub(lp->P, i), glp_get_row_prim(lp->P, i), tol))
            return 1;
    for (int j = 1; j <= lp->ncols; j++)
        if (glp_get_col_stat(lp->P, j) == GLP_BS &&
            at_bound(glp_get_col_type(lp->P, j), glp_get_col_lb(lp->P, j),
                     glp_get_col_ub(lp->P, j), glp_get_col_prim(lp->P, j), tol))
            return 1;
    return 0;
}

int dmx_lp_row_dual_fixed(dmx_lp *lp, int row, double tol, dmx_err *e)
{
    if (!alive(lp))
        return dmx_err_set(e, DMX_EINTERNAL, "LP solver state was lost after an earlier error"),
               -1;
    glp_prob *P = lp->P;
    int m = glp_get_num_rows(P), r = row + 1;
    assert(row >= 0 && r <= m);
    if (!lp->status_known || lp->mip || lp->status != DMX_LP_OPTIMAL)
        return 0;
    if (glp_get_row_stat(P, r) == GLP_BS)
        /* an inactive row (dual 0) stays inactive unless its activity sits on a bound */
        return !at_bound(glp_get_row_type(P, r), glp_get_row_lb(P, r), glp_get_row_ub(P, r),
                         glp_get_row_prim(P, r), tol);
    if (!glp_bf_exists(P) && glp_factorize(P) != 0)
        return 0;
    /* GLPK's basis matrix B has the columns of (I | −A) of the basic variables, so
     * moving the bound of a nonbasic row r by t moves the basic solution by
     * −t B⁻¹ e_r: the basis stays feasible for small |t| of both signs iff that
     * direction is zero on every basic variable at a bound */
    double *d = calloc((size_t)m + 1, sizeof(double));
    if (!d)
        return dmx_err_set(e, DMX_EINTERNAL, "out of memory"), -1;
    d[r] = 1;
    glp_ftran(P, d);
    double big = 0;
    for (int k = 1; k <= m; k++)
        big = fmax(big, fabs(d[k]));
    int fixed = 1;
    for (int k = 1; k <= m && fixed; k++) {
        if (fabs(d[k]) <= LP_FTRAN_ZERO * (1 + big))
            continue;
        int h = glp_get_bhead(P, k);
        int hit = h <= m ? at_bound(glp_get_row_type(P, h), glp_get_row_lb(P, h),
                                    glp_get_row_ub(P, h), glp_get_row_prim(P, h), tol)
                         : at_bound(glp_get_col_type(P, h - m), glp_get_col_lb(P, h - m),
                                    glp_get_col_ub(P, h - m), glp_get_col_prim(P, h - m), tol);
        fixed = !hit;
    }
    free(d);
    return fixed;
}

int dmx_lp_dual_degenerate(const dmx_lp *lp, double tol)
{
    if (!alive(lp))
        return 0;
    int m = glp_get_num_rows(lp->P);
    for (int i = 1; i <= m; i++) {
        int st = glp_get_row_stat(lp->P, i);
        if (st != GLP_BS && st != GLP_NS && glp_get_row_type(lp->P, i) != GLP_FR &&
            fabs(glp_get_row_dual(lp->P, i)) <= tol)
            return 1;
    }
    for (int j = 1; j <= lp->ncols; j++) {
        int st = glp_get_col_stat(lp->P, j);
        if (st != GLP_BS && st != GLP_NS && fabs(glp_get_col_dual(lp->P, j)) <= tol)
            return 1;
    }
    return 0;
}

void dmx_lp_thread_cleanup(void)
{
    glp_free_env();
    lp_epoch++;
}
