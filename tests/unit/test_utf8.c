/* Tests of utf8.c: strict decoding, display width (combining marks 0, East
 * Asian wide 2), truncation to a width, ASCII fallback. */
#include <string.h>
#include "testutil.h"
#include "dmx.h"

static void test_decode(void **st)
{
    (void)st;
    unsigned cp;
    int ok;
    assert_int_equal(dmx_utf8_decode("A", 1, &cp, &ok), 1);
    assert_int_equal(cp, 'A');
    assert_int_equal(ok, 1);
    assert_int_equal(dmx_utf8_decode("\xce\xb3", 2, &cp, &ok), 2);   /* γ */
    assert_int_equal(cp, 0x3B3);
    assert_int_equal(dmx_utf8_decode("\xe2\x80\x94", 3, &cp, &ok), 3); /* — */
    assert_int_equal(cp, 0x2014);
    assert_int_equal(dmx_utf8_decode("\xf0\x9f\x98\x80", 4, &cp, &ok), 4);
    assert_int_equal(cp, 0x1F600);
    assert_int_equal(ok, 1);
    static const char *const bad[] = {
        "\x80", "\xc0\xaf", "\xc1\xbf", "\xe0\x80\xaf", "\xed\xa0\x80" /* surrogate */,
        "\xf4\x90\x80\x80" /* > U+10FFFF */, "\xf5\x80\x80\x80", "\xff", "\xce" /* cut */,
        "\xe2\x28\xa1" /* bad continuation */,
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_int_equal(dmx_utf8_decode(bad[i], strlen(bad[i]), &cp, &ok), 1);
        assert_int_equal(cp, DMX_UTF8_REPLACEMENT);
        assert_int_equal(ok, 0);
    }
    /* a sequence cut by the length limit is invalid */
    assert_int_equal(dmx_utf8_decode("\xce\xb3", 1, &cp, &ok), 1);
    assert_int_equal(ok, 0);
    assert_int_equal(dmx_utf8_decode("", 0, &cp, &ok), 0);
    const char s[] = "ab\xce\xb3" "c\xff" "d";
    assert_int_equal(dmx_utf8_validate(s, sizeof s - 1), 5);
    assert_int_equal(dmx_utf8_validate("ab\xce\xb3", 4), 4);
    assert_int_equal(dmx_utf8_validate("a\0b", 3), 3);
}

static void test_width(void **st)
{
    (void)st;
    assert_int_equal(dmx_utf8_width(""), 0);
    assert_int_equal(dmx_utf8_width(NULL), 0);
    assert_int_equal(dmx_utf8_width("abc"), 3);
    assert_int_equal(dmx_utf8_width("\xce\xb3_u"), 3);              /* γ_u */
    assert_int_equal(dmx_utf8_width("q\xcc\x84"), 1);               /* q̄: combining macron */
    assert_int_equal(dmx_utf8_width("e\xcc\x81\xcc\xa3"), 1);       /* two marks */
    assert_int_equal(dmx_utf8_width("\xe4\xb8\xad\xe6\x96\x87"), 4); /* 中文 */
    assert_int_equal(dmx_utf8_width("\xef\xbc\xa1"), 2);            /* fullwidth A */
    assert_int_equal(dmx_utf8_width("\xea\xb0\x80"), 2);            /* Hangul 가 */
    assert_int_equal(dmx_utf8_width("\xf0\x9f\x98\x80"), 2);        /* emoji */
    assert_int_equal(dmx_utf8_width("a\xe2\x80\x8b" "b"), 2);       /* zero-width space */
    assert_int_equal(dmx_utf8_width("a\tb"), 2);                    /* control: 0 */
    assert_int_equal(dmx_utf8_width("\xff\xfe"), 2);                /* invalid: 1 each */
    assert_int_equal(dmx_utf8_cp_width(0x25C6), 1);                 /* ◆ narrow */
}

static void test_truncate(void **st)
{
    (void)st;
    char out[64];
    assert_int_equal(dmx_utf8_prefix("abcdef", 3), 3);
    assert_int_equal(dmx_utf8_prefix("\xce\xb3\xce\xb3\xce\xb3", 2), 4);
    /* a wide character that would straddle the limit is left out */
    assert_int_equal(dmx_utf8_prefix("a\xe4\xb8\xad" "b", 2), 1);
    /* combining marks stay with their base */
    assert_int_equal(dmx_utf8_prefix("q\xcc\x84r", 1), 3);
    assert_int_equal(dmx_utf8_truncate("hello world", 8, "\xe2\x80\xa6", out, sizeof out), 8);
    assert_string_equal(out, "hello w\xe2\x80\xa6");
    assert_int_equal(dmx_utf8_truncate("hello", 8, "...", out, sizeof out), 5);
    assert_string_equal(out, "hello");
    assert_int_equal(dmx_utf8_truncate("\xe4\xb8\xad\xe6\x96\x87\xe5\xad\x97", 5, "...", out,
                                       sizeof out), 5);
    assert_string_equal(out, "\xe4\xb8\xad...");
    assert_int_equal(dmx_utf8_truncate("abcdef", 3, NULL, out, sizeof out), 3);
    assert_string_equal(out, "abc");
    /* ellipsis wider than the width: plain cut */
    assert_int_equal(dmx_utf8_truncate("abcdef", 2, "...", out, sizeof out), 2);
    assert_string_equal(out, "ab");
    /* a tiny output buffer never splits a character */
    char tiny[4];
    dmx_utf8_truncate("\xce\xb3\xce\xb3\xce\xb3", 10, NULL, tiny, sizeof tiny);
    assert_string_equal(tiny, "\xce\xb3");
}

static void test_ascii(void **st)
{
    (void)st;
    char out[64];
    dmx_utf8_to_ascii("\xce\xb3_u \xe2\x80\x94 q\xcc\x84 \xe2\x89\xa4 \xe2\x88\x9e \xe4\xb8\xad",
                      out, sizeof out);
    assert_string_equal(out, "g_u - q <= inf ?");
    assert_string_equal(dmx_utf8_ascii_cp(0x3C0), "pi");
    assert_string_equal(dmx_utf8_ascii_cp(0x00A0), " ");
    assert_string_equal(dmx_utf8_ascii_cp(0x22C6), "*");
    assert_string_equal(dmx_utf8_ascii_cp(0x0301), "");
    char small[4];
    dmx_utf8_to_ascii("\xe2\x80\xa6\xe2\x80\xa6", small, sizeof small);
    assert_string_equal(small, "...");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_decode), cmocka_unit_test(test_width),
        cmocka_unit_test(test_truncate), cmocka_unit_test(test_ascii),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
