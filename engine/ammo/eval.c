/* eval.c -- everything about one sharing profile, shared by compute() and the views:
 * leaks, Theorem 2 prices, payoffs and the objectives Φ, SS, D (Acemoglu, Makhdoumi,
 * Malekian, Ozdaglar (2022), §2-§3; docs/models/ammo.md), plus small result helpers. */
#include <stdlib.h>
#include <string.h>
#include "ammo.h"
#include "ammo_views.h"

int ammo_popcount_profile(int n, const unsigned char *a)
{
    int k = 0;
    for (int i = 0; i < n; i++)
        k += a[i] != 0;
    return k;
}

/* A 0/1 profile as a JSON array of integers. */
dmx_node *ammo_add_profile(dmx_result *r, dmx_node *o, const char *key,
                           const unsigned char *a, int n)
{
    dmx_node *arr = dmx_add_arr(r, o, key);
    for (int i = 0; i < n; i++)
        dmx_add_int(r, arr, NULL, a[i]);
    return arr;
}

/* Leaks, prices and objectives of one profile into an ammo_eval. */
int ammo_eval_profile(const ammo_inst *in, const unsigned char *a, ammo_eval *ev, dmx_err *e)
{
    const int n = in->n;
    int rc = ammo_leaks(n, in->S, a, ev->I, ev->I0, ev->I1, e);
    if (rc != DMX_OK)
        return rc;
    ammo_prices(n, in->v, a, ev->I0, ev->I1, ev->p);
    ammo_objectives(n, in->v, a, ev->I, ev->I0, ev->I1, &ev->phi, &ev->ss, &ev->d);
    ev->pay = 0;
    for (int i = 0; i < n; i++) {
        ev->pay += ev->p[i];
        ev->u[i] = (a[i] ? ev->p[i] : 0.0) - in->v[i] * ev->I[i];
    }
    return DMX_OK;
}

int ammo_eval_alloc(ammo_eval *ev, int n)
{
    memset(ev, 0, sizeof *ev);
    ev->buf = calloc((size_t)n * 6 + 1, sizeof *ev->buf);
    if (!ev->buf)
        return DMX_EINTERNAL;
    ev->I = ev->buf;
    ev->I0 = ev->I + n;
    ev->I1 = ev->I0 + n;
    ev->p = ev->I1 + n;
    ev->u = ev->p + n;
    ev->L = ev->u + n;
    return DMX_OK;
}

void ammo_eval_free(ammo_eval *ev)
{
    free(ev->buf);
    memset(ev, 0, sizeof *ev);
}
