/* termcheck.c -- can curses drive this terminal?  (Kept apart because term.h
 * defines macros that clash with ordinary identifiers.) */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <curses.h>
#include <term.h>

/* declared in tui/term.h, which is not included here: <term.h> above is the
 * system terminfo header */
int term_usable(const char **why);

/* Returns 1 when stdout/stdin are terminals whose type terminfo knows and
 * which can address the cursor; else 0 with the reason in *why. */
int term_usable(const char **why)
{
    if (!isatty(STDOUT_FILENO)) { *why = "stdout is not a terminal"; return 0; }
    if (!isatty(STDIN_FILENO)) { *why = "stdin is not a terminal"; return 0; }
    const char *t = getenv("TERM");
    if (!t || !*t) { *why = "TERM is not set"; return 0; }
    if (!strcmp(t, "dumb")) { *why = "TERM=dumb"; return 0; }
    int err = 0;
    if (setupterm(NULL, STDOUT_FILENO, &err) != OK) {
        *why = "unknown terminal type";
        return 0;
    }
    const char *cup = tigetstr("cup");
    int ok = cup && cup != (char *)-1;
    del_curterm(cur_term);
    if (!ok) { *why = "the terminal cannot move the cursor"; return 0; }
    return 1;
}
