/* Tests of lp.c (GLPK) and linalg.c (LAPACKE) against hand-solved instances. */
#include <stdlib.h>
#include <string.h>
#include "testutil.h"
#include "lp.h"
#include "linalg.h"

/* max 3x + 2y  s.t. x + y <= 4, x + 3y <= 7, x <= 3 → x = 3, y = 1, obj 11;
 * duals: row0 = 2, row1 = 0, bound x: reduced cost 1. */
static void test_lp_basic(void **st)
{
    (void)st;
    dmx_err e = {0};
    dmx_lp *lp = dmx_lp_new(1, 2);
    dmx_lp_set_obj(lp, 0, 3);
    dmx_lp_set_obj(lp, 1, 2);
    dmx_lp_set_col_bounds(lp, 0, DMX_LP_DB, 0, 3);
    int r0 = dmx_lp_add_row(lp, 2, (int[]){0, 1}, (double[]){1, 1}, DMX_LP_UP, 0, 4, &e);
    int r1 = dmx_lp_add_row_dense(lp, (double[]){1, 3}, DMX_LP_UP, 0, 7, &e);
    assert_int_equal(r0, 0);
    assert_int_equal(r1, 1);
    assert_int_equal(dmx_lp_solve_optimal(lp, "test", &e), DMX_OK);
    assert_near(dmx_lp_obj(lp), 11, 1e-9);
    assert_near(dmx_lp_x(lp, 0), 3, 1e-9);
    assert_near(dmx_lp_x(lp, 1), 1, 1e-9);
    assert_near(dmx_lp_row_dual(lp, 0), 2, 1e-9);
    assert_near(dmx_lp_row_dual(lp, 1), 0, 1e-9);
    assert_near(dmx_lp_col_dual(lp, 0), 1, 1e-9);
    assert_true(dmx_lp_kkt_residual(lp) < 1e-9);
    assert_int_equal(dmx_lp_solve_exact(lp, &e), DMX_OK);
    assert_near(dmx_lp_obj(lp), 11, 0);
    dmx_lp_free(lp);
}

static void test_lp_status(void **st)
{
    (void)st;
    dmx_err e = {0};
    dmx_lp *lp = dmx_lp_new(1, 1);
    dmx_lp_set_obj(lp, 0, 1);
    assert_int_equal(dmx_lp_solve(lp, &e), DMX_OK);
    assert_int_equal(dmx_lp_get_status(lp), DMX_LP_UNBOUNDED);
    assert_int_equal(dmx_lp_solve_optimal(lp, "P_q", &e), DMX_EDATA);
    assert_non_null(strstr(e.msg, "P_q: the linear program is unbounded"));
    dmx_lp_add_row(lp, 1, (int[]){0}, (double[]){1}, DMX_LP_UP, 0, -1, &e);
    assert_int_equal(dmx_lp_solve(lp, &e), DMX_OK);
    assert_int_equal(dmx_lp_get_status(lp), DMX_LP_INFEASIBLE);
    /* invalid input is refused before GLPK sees it */
    assert_int_equal(dmx_lp_add_row(lp, 1, (int[]){5}, (double[]){1}, DMX_LP_UP, 0, 1, &e), -1);
    assert_int_equal(dmx_lp_add_row(lp, 1, (int[]){0}, (double[]){NAN}, DMX_LP_UP, 0, 1, &e),
                     -1);
    assert_int_equal(dmx_lp_add_row(lp, 1, (int[]){0}, (double[]){1}, DMX_LP_DB, 2, 1, &e), -1);
    dmx_lp_free(lp);
}

/* Duplicate columns in a row are summed and zeros dropped; a refused row (an
 * invalid entry after valid ones) leaves nothing behind for the next row:
 * max x + y s.t. (x + 2y − y + 0x) = x + y ≤ 3 and (y + y) = 2y ≤ 2 → obj 3, y ≤ 1. */
static void test_lp_row_merge(void **st)
{
    (void)st;
    dmx_err e = {0};
    dmx_lp *lp = dmx_lp_new(1, 2);
    dmx_lp_set_obj(lp, 0, 1);
    dmx_lp_set_obj(lp, 1, 1);
    assert_int_equal(dmx_lp_add_row(lp, 4, (int[]){0, 1, 1, 0}, (double[]){1, 2, -1, 0},
                                    DMX_LP_UP, 0, 3, &e), 0);
    assert_int_equal(dmx_lp_add_row(lp, 3, (int[]){1, 0, 7}, (double[]){1, 5, 1}, DMX_LP_UP,
                                    0, 1, &e), -1);
    assert_int_equal(dmx_lp_add_row(lp, 2, (int[]){1, 1}, (double[]){1, 1}, DMX_LP_UP, 0, 2,
                                    &e), 1);
    assert_int_equal(dmx_lp_nrows(lp), 2);
    assert_int_equal(dmx_lp_solve_optimal(lp, "test", &e), DMX_OK);
    assert_near(dmx_lp_obj(lp), 3, 1e-9);
    assert_near(dmx_lp_row_dual(lp, 0), 1, 1e-9);
    assert_true(dmx_lp_x(lp, 1) <= 1 + 1e-9);
    dmx_lp_free(lp);
}

/* test_lp_basic's LP: max 3x + 2y s.t. x + y <= 4, x + 3y <= 7, x <= 3. */
static dmx_lp *basic_lp(void)
{
    dmx_err e = {0};
    dmx_lp *lp = dmx_lp_new(1, 2);
    dmx_lp_set_obj(lp, 0, 3);
    dmx_lp_set_obj(lp, 1, 2);
    dmx_lp_set_col_bounds(lp, 0, DMX_LP_DB, 0, 3);
    dmx_lp_add_row(lp, 2, (int[]){0, 1}, (double[]){1, 1}, DMX_LP_UP, 0, 4, &e);
    dmx_lp_add_row(lp, 2, (int[]){0, 1}, (double[]){1, 3}, DMX_LP_UP, 0, 7, &e);
    return lp;
}

/* dmx_lp_row_dual_fixed against hand analysis.  max x + y s.t. x ≤ 1 (r0),
 * y ≤ 1 (r1), y ≤ 1 (r2): the basis is degenerate (r1 and r2 both tight), the
 * dual of r0 is 1 at every optimal dual, those of r1 and r2 range over [0, 1]
 * (only their sum is fixed).  In a non-degenerate LP every row is fixed, a
 * slack row too. */
static void test_lp_row_dual_fixed(void **st)
{
    (void)st;
    dmx_err e = {0};
    dmx_lp *lp = dmx_lp_new(1, 2);
    dmx_lp_set_obj(lp, 0, 1);
    dmx_lp_set_obj(lp, 1, 1);
    dmx_lp_add_row(lp, 1, (int[]){0}, (double[]){1}, DMX_LP_UP, 0, 1, &e);
    dmx_lp_add_row(lp, 1, (int[]){1}, (double[]){1}, DMX_LP_UP, 0, 1, &e);
    dmx_lp_add_row(lp, 1, (int[]){1}, (double[]){1}, DMX_LP_UP, 0, 1, &e);
    assert_int_equal(dmx_lp_solve_optimal(lp, "test", &e), DMX_OK);
    assert_true(dmx_lp_primal_degenerate(lp, 1e-9));
    assert_int_equal(dmx_lp_row_dual_fixed(lp, 0, 1e-9, &e), 1);
    assert_int_equal(dmx_lp_row_dual_fixed(lp, 1, 1e-9, &e), 0);
    assert_int_equal(dmx_lp_row_dual_fixed(lp, 2, 1e-9, &e), 0);
    assert_near(dmx_lp_row_dual(lp, 0), 1, 1e-9);
    dmx_lp_free(lp);
    /* test_lp_basic's LP: x + y ≤ 4 tight (dual 2), x + 3y ≤ 7 slack */
    lp = basic_lp();
    assert_int_equal(dmx_lp_solve_optimal(lp, "test", &e), DMX_OK);
    assert_false(dmx_lp_primal_degenerate(lp, 1e-9));
    assert_int_equal(dmx_lp_row_dual_fixed(lp, 0, 1e-9, &e), 1);
    assert_int_equal(dmx_lp_row_dual_fixed(lp, 1, 1e-9, &e), 1);
    /* not after a solve that is not optimal */
    dmx_lp_add_row(lp, 1, (int[]){0}, (double[]){1}, DMX_LP_LO, 5, 0, &e);
    assert_int_equal(dmx_lp_solve(lp, &e), DMX_OK);
    assert_int_equal(dmx_lp_get_status(lp), DMX_LP_INFEASIBLE);
    assert_int_equal(dmx_lp_row_dual_fixed(lp, 0, 1e-9, &e), 0);
    dmx_lp_free(lp);
}

/* A basis read from one solve starts another copy of the LP (the same
 * optimum); a "basis" with the wrong number of basic variables is replaced by
 * the standard one, and the solve still succeeds. */
static void test_lp_basis(void **st)
{
    (void)st;
    dmx_err e = {0};
    dmx_lp *a = basic_lp();
    assert_int_equal(dmx_lp_solve_optimal(a, "test", &e), DMX_OK);
    unsigned char b[4];
    dmx_lp_get_basis(a, b);
    int nb = 0;
    for (int k = 0; k < 4; k++)
        nb += b[k] == DMX_LP_BS;
    assert_int_equal(nb, 2);
    /* x = 3 at its upper bound, y = 1 basic, row 0 tight, row 1 slack (basic) */
    assert_int_equal(b[2], DMX_LP_NU);
    assert_int_equal(b[3], DMX_LP_BS);
    assert_int_equal(b[1], DMX_LP_BS);
    dmx_lp *c = basic_lp();
    dmx_lp_set_basis(c, b);
    assert_int_equal(dmx_lp_solve(c, &e), DMX_OK);
    assert_int_equal(dmx_lp_get_status(c), DMX_LP_OPTIMAL);
    assert_near(dmx_lp_obj(c), 11, 1e-9);
    assert_near(dmx_lp_x(c, 1), 1, 1e-9);
    dmx_lp_free(c);
    unsigned char bad[4] = {DMX_LP_BS, DMX_LP_BS, DMX_LP_BS, DMX_LP_BS};
    c = basic_lp();
    dmx_lp_set_basis(c, bad);
    assert_int_equal(dmx_lp_solve_optimal(c, "test", &e), DMX_OK);
    assert_near(dmx_lp_obj(c), 11, 1e-9);
    dmx_lp_free(c);
    dmx_lp_free(a);
}

/* A degenerate LP: max x + y s.t. x + y <= 1, x <= 1, y <= 1 (x, y >= 0): the
 * optimum is a face (dual degenerate).  And max x s.t. x <= 1, 2x <= 2: two
 * constraints tight at one vertex (primal degenerate: duals not unique). */
static void test_lp_degenerate(void **st)
{
    (void)st;
    dmx_err e = {0};
    dmx_lp *lp = dmx_lp_new(1, 2);
    dmx_lp_set_obj(lp, 0, 1);
    dmx_lp_set_obj(lp, 1, 1);
    dmx_lp_add_row_dense(lp, (double[]){1, 1}, DMX_LP_UP, 0, 1, &e);
    assert_int_equal(dmx_lp_solve_optimal(lp, "t", &e), DMX_OK);
    assert_true(dmx_lp_dual_degenerate(lp, 1e-9));
    dmx_lp_free(lp);
    lp = dmx_lp_new(1, 1);
    dmx_lp_set_obj(lp, 0, 1);
    dmx_lp_add_row_dense(lp, (double[]){1}, DMX_LP_UP, 0, 1, &e);
    dmx_lp_add_row_dense(lp, (double[]){2}, DMX_LP_UP, 0, 2, &e);
    assert_int_equal(dmx_lp_solve_optimal(lp, "t", &e), DMX_OK);
    assert_true(dmx_lp_primal_degenerate(lp, 1e-9));
    dmx_lp_free(lp);
}

/* knapsack: max 5a + 4b + 3c s.t. 2a + 3b + c <= 5, 4a + b + 2c <= 11, binary → a=b=1? 
 * check: (1,1,0): w 5 ≤ 5, 5 ≤ 11, value 9; (1,0,1): 3, 6, value 8; (1,1,1) w 6 > 5. */
static void test_mip(void **st)
{
    (void)st;
    dmx_err e = {0};
    dmx_lp *lp = dmx_lp_new(1, 3);
    double c[] = {5, 4, 3};
    for (int j = 0; j < 3; j++) {
        dmx_lp_set_obj(lp, j, c[j]);
        dmx_lp_set_col_int(lp, j, 1);
    }
    dmx_lp_add_row_dense(lp, (double[]){2, 3, 1}, DMX_LP_UP, 0, 5, &e);
    dmx_lp_add_row_dense(lp, (double[]){4, 1, 2}, DMX_LP_UP, 0, 11, &e);
    assert_int_equal(dmx_lp_solve_mip(lp, &e), DMX_OK);
    assert_int_equal(dmx_lp_get_status(lp), DMX_LP_OPTIMAL);
    assert_near(dmx_lp_obj(lp), 9, 1e-9);
    assert_near(dmx_lp_x(lp, 2), 0, 1e-9);
    dmx_lp_free(lp);
}

static void test_linalg(void **st)
{
    (void)st;
    dmx_err e = {0};
    double A[] = {4, 2, 0.4, 2, 3, 0.5, 0.4, 0.5, 2};
    double L[9], Ai[9], w[3];
    assert_int_equal(dmx_chol(3, A, L, &e), DMX_OK);
    /* L L^T = A */
    for (int i = 0; i < 3; i++)
        for (int j = 0; j < 3; j++) {
            double s = 0;
            for (int k = 0; k < 3; k++)
                s += L[i * 3 + k] * L[j * 3 + k];
            assert_near(s, A[i * 3 + j], 1e-12);
        }
    assert_int_equal(dmx_spd_inverse(3, A, Ai, &e), DMX_OK);
    for (int i = 0; i < 3; i++)
        for (int j = 0; j < 3; j++) {
            double s = 0;
            for (int k = 0; k < 3; k++)
                s += A[i * 3 + k] * Ai[k * 3 + j];
            assert_near(s, i == j, 1e-12);
        }
    double b[] = {1, 2, 3}, b2[] = {1, 2, 3}, b3[] = {1, 2, 3};
    assert_int_equal(dmx_spd_solve_inplace(3, A, 1, b, &e), DMX_OK);
    assert_int_equal(dmx_solve_inplace(3, A, 1, b2, &e), DMX_OK);
    assert_int_equal(dmx_psd_pinv_solve_inplace(3, A, 1, b3, 1e-12, &e), DMX_OK);
    for (int i = 0; i < 3; i++) {
        assert_near(b[i], b2[i], 1e-12);
        assert_near(b[i], b3[i], 1e-12);
    }
    assert_int_equal(dmx_sym_eig(3, A, w, NULL, &e), DMX_OK);
    assert_true(w[0] > 0 && w[0] <= w[1] && w[1] <= w[2]);
    assert_near(w[0] + w[1] + w[2], 9, 1e-12);
    /* singular PSD: [[1,1],[1,1]] */
    double S[] = {1, 1, 1, 1}, x[] = {2, 2};
    assert_int_equal(dmx_chol(2, S, L, &e), DMX_EDATA);
    assert_non_null(strstr(e.msg, "not positive definite"));
    assert_int_equal(dmx_psd_pinv_solve_inplace(2, S, 1, x, 1e-12, &e), DMX_OK);
    assert_near(x[0], 1, 1e-12); /* minimum-norm solution */
    assert_near(x[1], 1, 1e-12);
    double lmin;
    assert_int_equal(dmx_check_psd(2, S, 1e-12, "S", &lmin, &e), DMX_OK);
    assert_near(lmin, 0, 1e-12);
    double N[] = {1, 2, 2, 1}, U[] = {1, 0.5, 0.4, 1};
    assert_int_equal(dmx_check_psd(2, N, 1e-12, "cov", NULL, &e), DMX_EDATA);
    assert_non_null(strstr(e.msg, "cov is not positive semidefinite: smallest eigenvalue -1"));
    assert_int_equal(dmx_check_psd(2, U, 1e-12, "cov", NULL, &e), DMX_EDATA);
    assert_non_null(strstr(e.msg, "not symmetric: entry [0][1]"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lp_basic), cmocka_unit_test(test_lp_status),
        cmocka_unit_test(test_lp_row_merge),
        cmocka_unit_test(test_lp_row_dual_fixed),
        cmocka_unit_test(test_lp_basis),
        cmocka_unit_test(test_lp_degenerate), cmocka_unit_test(test_mip),
        cmocka_unit_test(test_linalg),
    };
    return cmocka_run_group_tests_name("lp+linalg", tests, NULL, NULL);
}
