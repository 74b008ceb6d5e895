/* libFuzzer target: "--set" strings against every model's defaults.  A
 * failed assignment must leave the parameters unchanged. */
#include <stdlib.h>
#include <string.h>
#include "dmx.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t n)
{
    if (n < 1 || n > 256)
        return 0;
    char s[258];
    memcpy(s, data + 1, n - 1);
    s[n - 1] = 0;
    int nm = 0;
    while (dmx_models[nm])
        nm++;
    if (!nm)
        return 0;
    const dmx_model *m = dmx_models[data[0] % nm];
    dmx_params *p = dmx_params_new(m), *before = dmx_params_dup(p);
    dmx_err e = {0};
    if (dmx_params_assign(p, s, &e) != DMX_OK && !dmx_params_equal(p, before))
        abort();
    dmx_params_free(before);
    dmx_params_free(p);
    return 0;
}
