#!/bin/sh
# No reference may point outside the repository (issue 10 §3): no tracked file
# outside this script mentions a paper's hash file name (NNN_<16 hex>.txt), the
# working notes (the word "spec" followed by a section sign), an absolute path
# into the build machine's work area, or the shared folder beside the
# repository.  Cite papers as
# Authors (year), section, or docs/models/<model>.md instead.
#
# Part of `make test`; DMX_DOCS_REFS=0 skips it.
# It lists every offending line.
set -u
[ "${DMX_DOCS_REFS:-1}" = 1 ] || { echo "SKIP: DMX_DOCS_REFS=0"; exit 0; }
command -v git >/dev/null 2>&1 && git rev-parse --is-inside-work-tree >/dev/null 2>&1 ||
    { echo "SKIP: not a git checkout"; exit 0; }
# (bracketed letters keep this script from matching itself)
pat='[0-9]{3}_[0-9a-f]{16}\.txt|[Ss]pe[c] §|/wor[k]/|\.\./share[d]'
out=$(git ls-files -z | grep -zv '^tests/e2e/docs_refs.sh$' | xargs -0 grep -n -I -E -- "$pat" 2>/dev/null)
if [ -n "$out" ]; then
    echo "$out"
    echo "FAIL: $(printf '%s\n' "$out" | cut -d: -f1 | sort -u | wc -l) file(s) refer outside the repository"
    exit 1
fi
echo "ok: no reference outside the repository"
