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
