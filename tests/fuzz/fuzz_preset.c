/* libFuzzer target: any bytes given to the preset loader must yield either a
 * valid preset (which then must round-trip through YAML) or a clean error. */
#include <stdlib.h>
#include <string.h>
#include "dmx.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t n)
{
    dmx_preset *p = NULL;
    dmx_err e = {0};
    if (dmx_preset_parse((const char *)data, n, "fuzz.yaml", &p, &e) != DMX_OK) {
        if (p || !e.msg[0])
            abort(); /* an error must come with a message and nothing allocated */
        return 0;
    }
    char *y = dmx_preset_to_yaml(p);
    dmx_preset *q = NULL;
    if (!y || dmx_preset_parse(y, strlen(y), "again.yaml", &q, &e) != DMX_OK ||
        !dmx_params_equal(p->params, q->params))
        abort(); /* what we write we must read back identically */
    free(y);
    dmx_preset_free(q);
    dmx_preset_free(p);
    return 0;
}
