/* fileio.h -- whole-file reads that never block and atomic writes that never
 * leave a partial file, for presets (preset.c) and exports (the explorer). */
#ifndef DMX_FILEIO_H
#define DMX_FILEIO_H

#include <stddef.h>
#include "err.h"

/* Reads a whole regular file of at most `max` bytes into a malloc'd, NUL-
 * terminated buffer (*buf, *len).  Never blocks on a FIFO or a device: it opens
 * with O_NONBLOCK and refuses anything but a regular file before reading.
 * Errors: DMX_ENOINPUT "cannot open: <reason>", "is a directory", "not a
 * regular file"; DMX_EDATA "file too large"; DMX_EIO "read error". */
int dmx_read_file(const char *path, size_t max, char **buf, size_t *len, dmx_err *e);

/* Writes buf[0..n) to `path` atomically: a temporary file in the same directory
 * (missing parent directories are created), write, fsync, then rename over
 * `path` (overwrite != 0) or link to it (overwrite == 0: fails with "exists;
 * not overwritten" if the file exists or appears meanwhile, never clobbering).
 * Readers see the old file or the whole new one, never a partial file; on any
 * error (full disk, read-only directory) nothing is left behind and an existing
 * file is untouched.  The new file gets the mode of the file it replaces, else
 * 0644.  Errors: DMX_ECANTCREAT (cannot create, exists), DMX_EIO (write failed). */
int dmx_write_file_atomic(const char *path, const void *buf, size_t n, int overwrite,
                          dmx_err *e);

#endif
