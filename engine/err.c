/* err.c -- error values. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "err.h"

int dmx_err_set(dmx_err *e, int code, const char *fmt, ...)
{
    if (!e)
        return code;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(e->msg, sizeof e->msg, fmt, ap);
    va_end(ap);
    e->code = code;
    return code;
}

int dmx_err_prefix(dmx_err *e, const char *fmt, ...)
{
    if (!e)
        return DMX_OK;
    char pre[256], old[sizeof e->msg];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(pre, sizeof pre, fmt, ap);
    va_end(ap);
    memcpy(old, e->msg, sizeof old);
    snprintf(e->msg, sizeof e->msg, "%s: %s", pre, old);
    return e->code;
}

void dmx_err_clear(dmx_err *e)
{
    if (e) {
        e->code = DMX_OK;
        e->msg[0] = 0;
    }
}

int dmx_err_oom(dmx_err *e)
{
    return dmx_err_set(e, DMX_EINTERNAL, "out of memory");
}

int dmx_err_code(const dmx_err *e)
{
    return e && e->code ? e->code : DMX_EINTERNAL;
}
