/* err.h -- error values shared by every engine function.
 *
 * Every engine function that can fail takes a `dmx_err *` as its last argument
 * and returns DMX_OK (0) or one of the codes below (sysexits-compatible, so the
 * CLI can exit with the code directly).  On error the message is a complete
 * human sentence naming the parameter/file and the rule that was broken. */
#ifndef DMX_ERR_H
#define DMX_ERR_H

enum {
    DMX_OK = 0,
    DMX_EUSAGE = 64,    /* EX_USAGE: bad command line / bad --set syntax */
    DMX_EDATA = 65,     /* EX_DATAERR: bad preset, parameter out of range, infeasible model */
    DMX_ENOINPUT = 66,  /* EX_NOINPUT: file or preset not found */
    DMX_EINTERNAL = 70, /* EX_SOFTWARE: solver failure, out of memory, a bug */
    DMX_ECANTCREAT = 73,/* EX_CANTCREAT: cannot write an output file */
    DMX_EIO = 74,       /* EX_IOERR */
    DMX_ECANCELED = 75  /* EX_TEMPFAIL: computation cancelled by the caller */
};

typedef struct dmx_err {
    int code;
    char msg[512];
} dmx_err;

/* Sets code and a printf-style message; returns code.  A NULL err is allowed. */
int dmx_err_set(dmx_err *e, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Prefixes the existing message with "prefix: " (context on the way up). */
int dmx_err_prefix(dmx_err *e, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void dmx_err_clear(dmx_err *e);
/* Sets DMX_EINTERNAL "out of memory"; returns DMX_EINTERNAL. */
int dmx_err_oom(dmx_err *e);
/* The code a failed call left in e, or DMX_EINTERNAL when it set none (or e is
 * NULL): `return dmx_err_code(e);` after a callee reported failure. */
int dmx_err_code(const dmx_err *e);

#endif
