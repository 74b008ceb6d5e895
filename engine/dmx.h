/* dmx.h -- the public API of libdmx, used by the TUI, the batch commands and tests. */
#ifndef DMX_H
#define DMX_H

#define DMX_VERSION "0.1.0"

#include "err.h"
#include "utf8.h"
#include "fileio.h"
#include "cache.h"
#include "grid.h"
#include "param.h"
#include "result.h"
#include "model.h"
#include "preset.h"
#include "sweep.h"
#include "report.h"

#endif
