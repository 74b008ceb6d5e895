/* dialog.h -- modal dialogs drawn over the frame: a line prompt, a fuzzy list
 * picker and a yes/no question.  They know nothing of the explorer: keys come
 * from the host's key() (so key scripts drive them too) and the frame under
 * them from its redraw() (so they survive resizes). */
#ifndef DMX_TUI_DIALOG_H
#define DMX_TUI_DIALOG_H

#include <stddef.h>
#include "theme.h"

typedef struct dialog_host {
    void *user;
    int (*key)(void *user, int timeout_ms);  /* next key, or ERR after the timeout */
    void (*redraw)(void *user);              /* draws the frame under the dialog */
    const int *quit;                         /* non-zero: leave at once */
    const theme *th;
    int ascii;
} dialog_host;

/* Line prompt; buf holds the initial text.  Returns 1 on Enter, 0 on cancel. */
int dialog_prompt(const dialog_host *h, const char *title, const char *hint, char *buf,
                  size_t n);
/* Fuzzy list picker over items[0..n-1] (details may be NULL; an item may be
 * NULL for a group heading, shown with the text details[i], that cannot be
 * chosen).  Returns the chosen index
 * or -1. */
int dialog_pick(const dialog_host *h, const char *title, const char *const *items,
                const char *const *details, int n);
/* The same, opening with items[start] selected (start < 0: the first item). */
int dialog_pick_at(const dialog_host *h, const char *title, const char *const *items,
                   const char *const *details, int n, int start);
/* Yes/no question (wrapped to fit: the box grows); returns 1 for yes. */
int dialog_confirm(const dialog_host *h, const char *question);

#endif
