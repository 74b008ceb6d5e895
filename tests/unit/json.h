/* json.h -- a strict little JSON reader for tests: checks that report output
 * parses, and reads numbers back by path for round-trip checks. */
#ifndef DMX_TEST_JSON_H
#define DMX_TEST_JSON_H

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

typedef struct jcur { const char *p; int err; } jcur;

static void jws(jcur *c) { while (isspace((unsigned char)*c->p)) c->p++; }
static int jvalue(jcur *c, int depth);

static int jstring(jcur *c)
{
    if (*c->p != '"') return 0;
    c->p++;
    while (*c->p && *c->p != '"') {
        if ((unsigned char)*c->p < 0x20) return 0;
        if (*c->p == '\\') {
            c->p++;
            if (*c->p == 'u') {
                for (int i = 1; i <= 4; i++)
                    if (!isxdigit((unsigned char)c->p[i])) return 0;
                c->p += 4;
            } else if (!strchr("\"\\/bfnrt", *c->p)) {
                return 0;
            }
        }
        c->p++;
    }
    if (*c->p != '"') return 0;
    c->p++;
    return 1;
}

static int jvalue(jcur *c, int depth)
{
    if (depth > 64) return 0;
    jws(c);
    if (*c->p == '{' || *c->p == '[') {
        char close = *c->p == '{' ? '}' : ']';
        int obj = *c->p == '{';
        c->p++;
        jws(c);
        if (*c->p == close) { c->p++; return 1; }
        for (;;) {
            jws(c);
            if (obj) {
                if (!jstring(c)) return 0;
                jws(c);
                if (*c->p++ != ':') return 0;
            }
            if (!jvalue(c, depth + 1)) return 0;
            jws(c);
            if (*c->p == ',') { c->p++; continue; }
            if (*c->p == close) { c->p++; return 1; }
            return 0;
        }
    }
    if (*c->p == '"') return jstring(c);
    if (!strncmp(c->p, "true", 4)) { c->p += 4; return 1; }
    if (!strncmp(c->p, "false", 5)) { c->p += 5; return 1; }
    if (!strncmp(c->p, "null", 4)) { c->p += 4; return 1; }
    char *end;
    if (*c->p == '+' || !(isdigit((unsigned char)*c->p) || *c->p == '-')) return 0;
    strtod(c->p, &end);
    if (end == c->p) return 0;
    c->p = end;
    return 1;
}

/* 1 when s is exactly one valid JSON value. */
static int json_valid(const char *s)
{
    jcur c = {s, 0};
    if (!jvalue(&c, 0)) return 0;
    jws(&c);
    return *c.p == 0;
}

#endif
