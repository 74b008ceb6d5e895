#!/bin/sh
# Strips the wall-clock figures (ammo's search time) from `dmx eval --format json`
# so that outputs can be compared byte for byte.  Reads stdin, writes stdout.
sed -e '/"seconds": /d' -e 's/, [0-9.e+-]* s"}/, T s"}/'
