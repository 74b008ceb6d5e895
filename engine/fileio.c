/* fileio.c -- non-blocking whole-file reads, atomic writes (see fileio.h). */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "fileio.h"

static int open_regular(const char *path, size_t max, int *fdp, dmx_err *e)
{
    /* O_NONBLOCK: opening a FIFO with no writer must not block; fstat then
     * refuses everything that is not a regular file before any read. */
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
    if (fd < 0)
        return dmx_err_set(e, DMX_ENOINPUT, "%s: cannot open: %s", path, strerror(errno));
    struct stat st;
    int rc = DMX_OK;
    if (fstat(fd, &st) != 0)
        rc = dmx_err_set(e, DMX_ENOINPUT, "%s: cannot open: %s", path, strerror(errno));
    else if (!S_ISREG(st.st_mode))
        rc = dmx_err_set(e, DMX_ENOINPUT, "%s: %s", path,
                         S_ISDIR(st.st_mode) ? "is a directory" : "not a regular file");
    else if ((unsigned long long)st.st_size > max)
        rc = dmx_err_set(e, DMX_EDATA, "%s: file too large (%lld bytes; the limit is %zu)",
                         path, (long long)st.st_size, max);
    if (rc != DMX_OK)
        close(fd);
    else
        *fdp = fd;
    return rc;
}

int dmx_read_file(const char *path, size_t max, char **buf, size_t *len, dmx_err *e)
{
    *buf = NULL;
    *len = 0;
    int fd = -1, rc = open_regular(path, max, &fd, e);
    if (rc != DMX_OK)
        return rc;
    char *b = malloc(max + 1);
    if (!b) {
        close(fd);
        return dmx_err_oom(e);
    }
    size_t n = 0;
    while (n <= max) {   /* reading one byte past max tells a file that grew */
        ssize_t k = read(fd, b + n, max + 1 - n);
        if (k < 0 && errno == EINTR)
            continue;
        if (k < 0) {
            rc = dmx_err_set(e, DMX_EIO, "%s: read error: %s", path, strerror(errno));
            break;
        }
        if (k == 0)
            break;
        n += (size_t)k;
    }
    close(fd);
    if (rc == DMX_OK && n > max)
        rc = dmx_err_set(e, DMX_EDATA, "%s: file too large (more than %zu bytes)", path, max);
    if (rc != DMX_OK) {
        free(b);
        return rc;
    }
    b[n] = 0;
    *buf = b;
    *len = n;
    return DMX_OK;
}

static int mkdirs(const char *dir)
{
    char tmp[PATH_MAX];
    if (snprintf(tmp, sizeof tmp, "%s", dir) >= (int)sizeof tmp)
        return -1;
    for (char *s = tmp + 1; *s; s++)
        if (*s == '/') {
            *s = 0;
            if (mkdir(tmp, 0755) != 0 && errno != EEXIST)
                return -1;
            *s = '/';
        }
    if (mkdir(tmp, 0755) != 0 && errno != EEXIST)
        return -1;
    return 0;
}

/* Creates the parent directories of path; dir receives the parent ("." if none). */
static int make_parent(const char *path, char *dir, size_t n, dmx_err *e)
{
    if (snprintf(dir, n, "%s", path) >= (int)n)
        return dmx_err_set(e, DMX_ECANTCREAT, "%s: path too long", path);
    char *slash = strrchr(dir, '/');
    if (!slash) {
        snprintf(dir, n, ".");
        return DMX_OK;
    }
    if (slash == dir) {
        dir[1] = 0;
        return DMX_OK;
    }
    *slash = 0;
    if (mkdirs(dir) != 0)
        return dmx_err_set(e, DMX_ECANTCREAT, "%s: cannot create directory: %s", dir,
                           strerror(errno));
    return DMX_OK;
}

static int write_all(int fd, const void *buf, size_t n)
{
    const char *p = buf;
    while (n) {
        ssize_t k = write(fd, p, n);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            return -1;
        p += k;
        n -= (size_t)k;
    }
    return 0;
}

/* Makes the rename durable; failures here do not undo the write. */
static void sync_dir(const char *dir)
{
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        fsync(fd);
        close(fd);
    }
}

int dmx_write_file_atomic(const char *path, const void *buf, size_t n, int overwrite,
                          dmx_err *e)
{
    char dir[PATH_MAX], tmp[PATH_MAX + 16];
    int rc = make_parent(path, dir, sizeof dir, e);
    if (rc != DMX_OK)
        return rc;
    struct stat st;
    int exists = stat(path, &st) == 0;
    if (exists && !overwrite)
        return dmx_err_set(e, DMX_ECANTCREAT, "%s exists; not overwritten", path);
    if (exists && !S_ISREG(st.st_mode))
        return dmx_err_set(e, DMX_ECANTCREAT, "%s: %s; not overwritten", path,
                           S_ISDIR(st.st_mode) ? "is a directory" : "not a regular file");
    if (snprintf(tmp, sizeof tmp, "%s.XXXXXX", path) >= (int)sizeof tmp)
        return dmx_err_set(e, DMX_ECANTCREAT, "%s: path too long", path);
    int fd = mkstemp(tmp);
    if (fd < 0)
        return dmx_err_set(e, DMX_ECANTCREAT, "%s: cannot create a temporary file: %s", path,
                           strerror(errno));
    int bad = write_all(fd, buf, n) != 0 || fchmod(fd, exists ? st.st_mode & 07777 : 0644) != 0
              || fsync(fd) != 0;
    int err = errno;
    bad |= close(fd) != 0;
    if (bad) {
        unlink(tmp);
        return dmx_err_set(e, DMX_EIO, "%s: write failed: %s", path, strerror(err ? err : EIO));
    }
    if (overwrite) {
        rc = rename(tmp, path);
    } else {
        rc = link(tmp, path);   /* fails if path appeared meanwhile: never clobber */
        unlink(tmp);
    }
    if (rc != 0) {
        err = errno;
        if (overwrite)
            unlink(tmp);
        return dmx_err_set(e, err == EEXIST ? DMX_ECANTCREAT : DMX_EIO, "%s: %s", path,
                           err == EEXIST ? "exists; not overwritten" : strerror(err));
    }
    sync_dir(dir);
    return DMX_OK;
}
