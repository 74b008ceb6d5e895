/* eqset.c -- the list of competitive equilibria (glp_eqset) shared by the
 * closed forms (twotype.c, competitive.c) and the search (competitive.c). */
#include <stdlib.h>
#include <string.h>
#include "glp.h"

int glp_eq_push(const glp_inst *g, glp_eqset *s, glp_eq **out, dmx_err *e)
{
    if (s->neq == s->cap) {
        int nc = s->cap ? 2 * s->cap : 4;
        glp_eq *ne = realloc(s->eq, sizeof(glp_eq) * (size_t)nc);
        if (!ne)
            return dmx_err_set(e, DMX_EINTERNAL, "glp: out of memory");
        s->eq = ne;
        s->cap = nc;
    }
    glp_eq *q = &s->eq[s->neq];
    memset(q, 0, sizeof *q);
    q->p = calloc((size_t)g->n, sizeof(double));
    q->zeta = calloc((size_t)g->n, sizeof(double));
    q->q = calloc((size_t)g->n, sizeof(double));
    q->x = calloc((size_t)(g->n * g->m), sizeof(double));
    if (!q->p || !q->zeta || !q->q || !q->x) {
        free(q->p);
        free(q->zeta);
        free(q->q);
        free(q->x);
        return dmx_err_set(e, DMX_EINTERNAL, "glp: out of memory");
    }
    s->neq++;
    *out = q;
    return DMX_OK;
}

static void eq_free(glp_eq *q)
{
    free(q->p);
    free(q->zeta);
    free(q->q);
    free(q->x);
}

void glp_eq_pop(glp_eqset *s)
{
    if (s->neq > 0)
        eq_free(&s->eq[--s->neq]);
}

void glp_eqset_free(glp_eqset *s)
{
    for (int k = 0; k < s->neq; k++)
        eq_free(&s->eq[k]);
    free(s->eq);
    memset(s, 0, sizeof *s);
}

int glp_eqset_copy(const glp_inst *g, glp_eqset *dst, const glp_eqset *src, dmx_err *e)
{
    int n = g->n, nm = g->n * g->m;
    memset(dst, 0, sizeof *dst);
    for (int k = 0; k < src->neq; k++) {
        glp_eq *q;
        int rc = glp_eq_push(g, dst, &q, e);
        if (rc != DMX_OK) {
            glp_eqset_free(dst);
            return rc;
        }
        double *p = q->p, *z = q->zeta, *qq = q->q, *x = q->x;
        *q = src->eq[k];
        q->p = p;
        q->zeta = z;
        q->q = qq;
        q->x = x;
        memcpy(q->p, src->eq[k].p, sizeof(double) * (size_t)n);
        memcpy(q->zeta, src->eq[k].zeta, sizeof(double) * (size_t)n);
        memcpy(q->q, src->eq[k].q, sizeof(double) * (size_t)n);
        memcpy(q->x, src->eq[k].x, sizeof(double) * (size_t)nm);
    }
    glp_eq *keep = dst->eq;
    int neq = dst->neq, cap = dst->cap;
    *dst = *src;
    dst->eq = keep;
    dst->neq = neq;
    dst->cap = cap;
    return DMX_OK;
}
