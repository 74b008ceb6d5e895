#include <math.h>
/* Tests of preset.c: parsing, file:line:col errors, atomic save, round trips. */
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>
#include "testutil.h"
#include "toy.h"

static dmx_preset *parse(const char *y, dmx_err *e)
{
    dmx_preset *p = NULL;
    dmx_preset_parse_models(y, strlen(y), "t.yaml", toy_models, &p, e);
    return p;
}

static void test_good(void **st)
{
    (void)st;
    dmx_err e = {0};
    dmx_preset *p = parse("model: toy\ntitle: \"T\"\nsource: S\nnotes: N\nparams:\n"
                          "  a: 2\n  w: [1, 2]\n  v: 0.25\n  m: [[1, 0.5], [0.5, 1]]\n"
                          "  groups: [{size: 3, value: 1}, {size: 4}]\n  kind: max\n"
                          "sliders:\n  a: {min: 1, max: 3, step: 0.25}\n", &e);
    if (!p)
        fail_msg("%s", e.msg);
    assert_string_equal(p->title, "T");
    assert_string_equal(p->name, "t");
    assert_int_equal(dmx_p(p->params, "v")->rows, 2);
    assert_near(dmx_p(p->params, "v")->v[1], 0.25, 0);
    assert_near(dmx_p(p->params, "groups")->v[3], 1, 0); /* default field value */
    assert_int_equal(p->nsliders, 1);
    dmx_slot s;
    assert_int_equal(dmx_params_slot(p->params, "a", &s, &e), DMX_OK);
    dmx_preset_slot_range(p, p->params, &s);
    assert_near(s.smin, 1, 0);
    assert_near(s.step, 0.25, 0);
    dmx_preset_free(p);
}

static void expect_err(const char *y, const char *needle)
{
    dmx_err e = {0};
    dmx_preset *p = parse(y, &e);
    if (p || e.code != DMX_EDATA || !strstr(e.msg, needle))
        fail_msg("yaml <<%s>>: code %d msg '%s', wanted '%s'", y, e.code, e.msg, needle);
}

static void test_errors(void **st)
{
    (void)st;
    expect_err("model: toy\nparams:\n  aa: 1\n", "t.yaml:3:3: unknown key 'aa' in params "
               "of model toy (did you mean 'a'?)");
    expect_err("model: toy\nparams:\n  a: abc\n", "t.yaml:3:6: a: expected a number, found 'abc'");
    expect_err("model: toy\nparams:\n  a: 20\n", "t.yaml:3:6: a = 20 is out of range: must be "
               "in (0, 10]");
    expect_err("model: toy\nparams:\n  w: [1, -1]\n", "t.yaml:3:10: w[1] = -1 is out of range");
    expect_err("model: toy\nparams:\n  a: 1\n  a: 2\n", "t.yaml:4:3: duplicate key 'a' "
               "(first given at line 3)");
    expect_err("model: toyy\n", "t.yaml:1:8: unknown model 'toyy'");
    expect_err("params: {}\n", "missing 'model:'");
    expect_err("model: toy\nparms: {}\n", "t.yaml:2:1: unknown key 'parms' in the preset "
               "(did you mean 'params'?)");
    expect_err("model: toy\nparams:\n  a: [1, 2\n", "YAML syntax error");
    expect_err("model: toy\nparams:\n  w: 3\n", "w: expected a list of numbers");
    expect_err("model: toy\nparams:\n  m: [[1, 2], [3]]\n", "row 1 has 1 entries");
    expect_err("model: toy\nparams:\n  m: [[1, 2], [3, 1]]\n", "m must be symmetric");
    expect_err("model: toy\nparams:\n  groups: [{size: 2, colour: 1}]\n",
               "unknown key 'colour' in groups[0]");
    expect_err("model: toy\nparams:\n  kind: mux\n", "'mux' is not one of sum, max (did you "
               "mean 'max'?)");
    expect_err("model: toy\nparams:\n  v: [1, 2]\n", "t.yaml:3:3: v has 2 entries but w has 3");
    expect_err("model: toy\nparams:\n  a: 10\n  n: 30\n", "a × n must be at most 200");
    expect_err("", "empty preset");
    expect_err("- 1\n", "a preset is a mapping");
    /* too deep */
    char deep[400] = "model: toy\nnotes: ";
    for (int i = 0; i < 40; i++)
        strcat(deep, "[");
    for (int i = 0; i < 40; i++)
        strcat(deep, "]");
    strcat(deep, "\n");
    expect_err(deep, "nesting deeper than");
    /* too large */
    size_t big = DMX_PRESET_MAX_BYTES + 10;
    char *b = malloc(big);
    memset(b, ' ', big);
    dmx_err e = {0};
    dmx_preset *p = NULL;
    assert_int_equal(dmx_preset_parse_models(b, big, "big.yaml", toy_models, &p, &e), DMX_EDATA);
    assert_non_null(strstr(e.msg, "too large"));
    free(b);
}

static void test_save_roundtrip(void **st)
{
    (void)st;
    dmx_err e = {0};
    dmx_preset *p = parse("model: toy\ntitle: \"quote \\\" and\\nnewline\"\nparams:\n  a: 0.1\n"
                          "  w: [0.3, 0.7, 1e-9]\n  v: 0.2\n  kind: max\n"
                          "  groups: [{size: 3, value: 1.25}]\n", &e);
    if (!p)
        fail_msg("%s", e.msg);
    char dir[] = "/tmp/dmxtestXXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[256];
    snprintf(path, sizeof path, "%s/sub/dir/x.yaml", dir);
    assert_int_equal(dmx_preset_save(p, path, 0, &e), DMX_OK);
    /* never clobber without being asked */
    assert_int_equal(dmx_preset_save(p, path, 0, &e), DMX_ECANTCREAT);
    assert_non_null(strstr(e.msg, "exists"));
    assert_int_equal(dmx_preset_save(p, path, 1, &e), DMX_OK);
    /* round trip: same params, uniform v saved as one number */
    FILE *f = fopen(path, "r");
    char buf[4096];
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = 0;
    assert_non_null(strstr(buf, "  v: 0.2\n"));
    dmx_preset *q = parse(buf, &e);
    if (!q)
        fail_msg("%s\n%s", e.msg, buf);
    assert_true(dmx_params_equal(p->params, q->params));
    assert_string_equal(p->title, q->title);
    /* no temp files left behind */
    char cmd[300];
    snprintf(cmd, sizeof cmd, "test $(ls %s/sub/dir | wc -l) -eq 1", dir);
    assert_int_equal(system(cmd), 0);
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    assert_int_equal(system(cmd), 0);
    dmx_preset_free(p);
    dmx_preset_free(q);
}

/* `view:` names the view the explorer opens on: kept with its position,
 * round-tripped by save, checked against the computed result. */
static void test_view(void **st)
{
    (void)st;
    dmx_err e = {0};
    dmx_preset *p = parse("model: toy\ntitle: T\nview: plot\nparams:\n  a: 2\n", &e);
    if (!p)
        fail_msg("%s", e.msg);
    assert_string_equal(p->view, "plot");
    assert_int_equal(p->view_line, 3);
    assert_int_equal(p->view_col, 7);
    char *y = dmx_preset_to_yaml(p);
    assert_non_null(strstr(y, "view: \"plot\"\n"));
    dmx_preset *q = parse(y, &e);
    if (!q)
        fail_msg("%s\n%s", e.msg, y);
    assert_string_equal(q->view, "plot");
    free(y);
    dmx_result *r = dmx_compute(p->params, NULL, &e);
    assert_non_null(r);
    assert_int_equal(dmx_preset_check_view(p, r, &e), DMX_OK);
    dmx_preset_free(q);
    /* a view the result does not have: file:line:col and a suggestion */
    q = parse("model: toy\n\nview:   plto\n", &e);
    assert_non_null(q);
    assert_int_equal(dmx_preset_check_view(q, r, &e), DMX_EDATA);
    assert_string_equal(e.msg, "t.yaml:3:9: view 'plto' is not a view of this preset "
                        "(views: t, plot, explain); did you mean 'plot'?");
    dmx_preset_free(q);
    /* no view: nothing to check; not a string: refused at parse */
    assert_int_equal(dmx_preset_check_view(p, NULL, &e), DMX_OK);
    free(p->view);
    p->view = NULL;
    assert_int_equal(dmx_preset_check_view(p, r, &e), DMX_OK);
    y = dmx_preset_to_yaml(p);
    assert_null(strstr(y, "view:"));
    free(y);
    expect_err("model: toy\nview: [a, b]\n", "t.yaml:2:7: view: expected text, found a list");
    expect_err("model: toy\nveiw: plot\n", "t.yaml:2:1: unknown key 'veiw' in the preset "
               "(did you mean 'view'?)");
    dmx_result_free(r);
    dmx_preset_free(p);
}

/* Parses n bytes (may hold NUL) and expects DMX_EDATA with `needle` in the message. */
static void expect_err_n(const char *y, size_t n, const char *needle)
{
    dmx_err e = {0};
    dmx_preset *p = NULL;
    int rc = dmx_preset_parse_models(y, n, "t.yaml", toy_models, &p, &e);
    if (p || rc != DMX_EDATA || !strstr(e.msg, needle))
        fail_msg("code %d msg '%s', wanted '%s'", rc, e.msg, needle);
}

static char *repeat(const char *head, const char *unit, long times, const char *tail)
{
    size_t hl = strlen(head), ul = strlen(unit), tl = strlen(tail);
    char *b = malloc(hl + ul * (size_t)times + tl + 1), *q = b;
    memcpy(q, head, hl);
    q += hl;
    for (long k = 0; k < times; k++, q += ul)
        memcpy(q, unit, ul);
    memcpy(q, tail, tl + 1);
    return b;
}

/* Hostile shapes are refused at the first offending node, before libyaml's
 * scanner does quadratic work (timings are in the report, not asserted). */
static void test_hostile(void **st)
{
    (void)st;
    struct { const char *head, *unit; long n; const char *tail, *needle; } cases[] = {
        {"", "[", 100000, "", "t.yaml:1:18: nesting deeper than 16 levels"},
        {"", "{a: ", 100000, "", "t.yaml:1:69: nesting deeper than 16 levels"},
        {"", "- ", 400000, "x\n", "t.yaml:1:35: nesting deeper than 16 levels"},
        {"model: toy\nparams:\n  w: [", "1,", 60000, "1]\n",
         "t.yaml:3:99993: document too large (more than 50000 nodes)"},
        {"model: toy\nparams:\n  w: &a [1]\n", "  k: *a\n", 30000, "",
         "document too large (more than 50000 nodes)"},
    };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        char *y = repeat(cases[c].head, cases[c].unit, cases[c].n, cases[c].tail);
        expect_err_n(y, strlen(y), cases[c].needle);
        free(y);
    }
    /* 20,000 distinct keys then a duplicate: found by sorting, at its own line */
    char *y = malloc(20000 * 16 + 64), *q = y;
    q += sprintf(q, "model: toy\nsliders:\n");
    for (int k = 0; k < 20000; k++)
        q += sprintf(q, "  k%d: 1\n", k);
    q += sprintf(q, "  k17: 2\n");
    expect_err_n(y, strlen(y), "t.yaml:20003:3: duplicate key 'k17' (first given at line 20)");
    free(y);
    /* the earliest repeated key is reported, as before */
    expect_err("model: toy\nparams:\n  n: 1\n  a: 1\n  n: 2\n  a: 2\n",
               "t.yaml:5:3: duplicate key 'n' (first given at line 3)");
    /* a file of exactly the size limit plus one byte */
    size_t big = DMX_PRESET_MAX_BYTES + 1;
    y = malloc(big);
    memset(y, ' ', big);
    expect_err_n(y, big, "file too large");
    free(y);
}

/* Encoding errors and extra documents, at their own line:col. */
static void test_encoding(void **st)
{
    (void)st;
    static const char bad8[] = "model: toy\n#\n#\n#\n#\n#\nparams:\n  a: 1\xff\n";
    expect_err_n(bad8, sizeof bad8 - 1, "t.yaml:8:7: invalid UTF-8 (byte 0xff)");
    static const char nul3[] = "model: toy\nparams:\n  a:\0 1\n";
    expect_err_n(nul3, sizeof nul3 - 1, "t.yaml:3:5: NUL byte");
    /* columns count characters, not bytes */
    static const char col[] = "model: toy\ntitle: \xce\xb3\xce\xb3\xce\xb3\x01\n";
    expect_err_n(col, sizeof col - 1, "t.yaml:2:11: control character U+0001 is not allowed");
    static const char cut[] = "model: toy\ntitle: ab\xce";
    expect_err_n(cut, sizeof cut - 1, "t.yaml:2:10: invalid UTF-8 (byte 0xce)");
    static const char surr[] = "model: toy\r\ntitle: \xed\xa0\x80\r\n";
    expect_err_n(surr, sizeof surr - 1, "t.yaml:2:8: invalid UTF-8 (byte 0xed)");
    /* a BOM and CRLF line ends are fine */
    dmx_err e = {0};
    dmx_preset *p = parse("\xef\xbb\xbfmodel: toy\r\ntitle: \xce\xb3\r\n", &e);
    if (!p)
        fail_msg("%s", e.msg);
    assert_string_equal(p->title, "\xce\xb3");
    dmx_preset_free(p);
    expect_err("model: toy\n---\nmodel: toy\n", "t.yaml:2:1: a second YAML document");
    expect_err("--- \nmodel: toy\n...\n--- {}\n", "t.yaml:4:1: a second YAML document");
    /* a validate() error gets the position of the key it names */
    expect_err("model: toy\nparams:\n  n: 100\n  a: 3\n", "t.yaml:4:3: a × n must be at most "
               "200");
}

static void test_read_file(void **st)
{
    (void)st;
    char dir[] = "/tmp/dmxreadXXXXXX", path[512];
    assert_non_null(mkdtemp(dir));
    dmx_err e = {0};
    char *buf;
    size_t n;
    assert_int_equal(dmx_read_file(dir, 100, &buf, &n, &e), DMX_ENOINPUT);
    assert_non_null(strstr(e.msg, "is a directory"));
    assert_null(buf);
    snprintf(path, sizeof path, "%s/fifo", dir);
    assert_int_equal(mkfifo(path, 0600), 0);
    /* no writer: must not block */
    assert_int_equal(dmx_read_file(path, 100, &buf, &n, &e), DMX_ENOINPUT);
    assert_non_null(strstr(e.msg, "not a regular file"));
    dmx_preset *p = NULL;
    assert_int_equal(dmx_preset_load(path, &p, &e), DMX_ENOINPUT);
    unlink(path);
    snprintf(path, sizeof path, "%s/f", dir);
    assert_int_equal(dmx_write_file_atomic(path, "hello", 5, 0, &e), DMX_OK);
    assert_int_equal(dmx_read_file(path, 5, &buf, &n, &e), DMX_OK);
    assert_int_equal(n, 5);
    assert_string_equal(buf, "hello");
    free(buf);
    assert_int_equal(dmx_read_file(path, 4, &buf, &n, &e), DMX_EDATA);
    assert_non_null(strstr(e.msg, "too large"));
    /* atomic writes: never clobber unless asked; replace keeps the mode */
    assert_int_equal(dmx_write_file_atomic(path, "x", 1, 0, &e), DMX_ECANTCREAT);
    assert_non_null(strstr(e.msg, "exists; not overwritten"));
    assert_int_equal(chmod(path, 0640), 0);
    assert_int_equal(dmx_write_file_atomic(path, "world!", 6, 1, &e), DMX_OK);
    struct stat sb;
    assert_int_equal(stat(path, &sb), 0);
    assert_int_equal(sb.st_mode & 0777, 0640);
    assert_int_equal(sb.st_size, 6);
    /* a directory in the way is not replaced */
    assert_int_equal(dmx_write_file_atomic(dir, "x", 1, 1, &e), DMX_ECANTCREAT);
    /* names starting with '-' are refused for presets (`dmx eval -e` reads an option) */
    dmx_preset *q = parse("model: toy\n", &e);
    assert_non_null(q);
    snprintf(path, sizeof path, "%s/-e", dir);
    assert_int_equal(dmx_preset_save(q, path, 0, &e), DMX_ECANTCREAT);
    assert_non_null(strstr(e.msg, "cannot start with '-'"));
    assert_int_equal(access(path, F_OK), -1);
    dmx_preset_free(q);
    char cmd[300];
    snprintf(cmd, sizeof cmd, "test $(ls -A %s | wc -l) -eq 1 && rm -rf %s", dir, dir);
    assert_int_equal(system(cmd), 0);   /* only f: no temporary files left */
}

/* Empty lists, matrices and record lists stay empty (not absent) through a
 * save: found by fuzz_preset (`mixture_covs: []` came back as null). */
static void test_empty_roundtrip(void **st)
{
    (void)st;
    dmx_err e = {0};
    dmx_preset *p = parse("model: toy\nparams:\n  m: []\n  groups: []\n", &e);
    if (!p)
        fail_msg("%s", e.msg);
    assert_true(dmx_p_is_set(p->params, "m"));
    assert_int_equal(dmx_p(p->params, "m")->rows, 0);
    char *y = dmx_preset_to_yaml(p);
    assert_non_null(strstr(y, "  m: []\n"));
    assert_non_null(strstr(y, "  groups: []\n"));
    dmx_preset *q = parse(y, &e);
    if (!q)
        fail_msg("%s\n%s", e.msg, y);
    assert_true(dmx_params_equal(p->params, q->params));
    free(y);
    dmx_preset_free(q);
    dmx_preset_free(p);
}

/* -0 reads as 0, so what is saved reads back bit for bit (a fuzz find) */
static void test_negative_zero(void **st)
{
    (void)st;
    dmx_err e = {0};
    dmx_preset *p = parse("model: toy\nparams:\n  w: [1, 2]\n  v: [-.0, 1]\n", &e);
    if (!p)
        fail_msg("%s", e.msg);
    assert_false(signbit(dmx_p(p->params, "v")->v[0]));
    char *y = dmx_preset_to_yaml(p);
    dmx_preset *q = parse(y, &e);
    if (!q)
        fail_msg("%s\n%s", e.msg, y);
    assert_true(dmx_params_equal(p->params, q->params));
    free(y);
    dmx_preset_free(q);
    dmx_preset_free(p);
}

static void test_find(void **st)
{
    (void)st;
    char dir[] = "/tmp/dmxfindXXXXXX", path[512], out[512];
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/abc.yaml", dir);
    FILE *f = fopen(path, "w");
    fputs("model: toy\n", f);
    fclose(f);
    const char *dirs[] = {"/nonexistent", dir, NULL};
    dmx_err e = {0};
    assert_int_equal(dmx_preset_find("abc", dirs, out, sizeof out, &e), DMX_OK);
    assert_string_equal(out, path);
    assert_int_equal(dmx_preset_find("nope", dirs, out, sizeof out, &e), DMX_ENOINPUT);
    assert_non_null(strstr(e.msg, "/nonexistent"));
    assert_int_equal(dmx_preset_load("/nonexistent/x.yaml", &(dmx_preset *){NULL}, &e),
                     DMX_ENOINPUT);
    unlink(path);
    rmdir(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_good), cmocka_unit_test(test_errors),
        cmocka_unit_test(test_save_roundtrip), cmocka_unit_test(test_find),
        cmocka_unit_test(test_view),           cmocka_unit_test(test_hostile),
        cmocka_unit_test(test_encoding),       cmocka_unit_test(test_read_file),
        cmocka_unit_test(test_empty_roundtrip),
        cmocka_unit_test(test_negative_zero),
    };
    return cmocka_run_group_tests_name("preset", tests, NULL, NULL);
}
