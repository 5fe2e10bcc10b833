#!/bin/sh
# Installs the Debian packages resbrief needs when they are missing: Pango for
# WeasyPrint, and a Times-metric font (Liberation Serif).  Test runs also want
# poppler-utils (pdftoppm/pdftotext) and qpdf.  Needs root; otherwise it only
# says what is missing.
set -e
want=""
fc-list 2>/dev/null | grep -qi "Liberation Serif" || want="$want fonts-liberation2"
ldconfig -p 2>/dev/null | grep -q "libpango-1.0.so" || want="$want libpango-1.0-0"
ldconfig -p 2>/dev/null | grep -q "libpangoft2-1.0.so" || want="$want libpangoft2-1.0-0"
ldconfig -p 2>/dev/null | grep -q "libharfbuzz-subset.so" || want="$want libharfbuzz-subset0"
if [ "$1" = "--test" ]; then
    command -v pdftoppm >/dev/null 2>&1 || want="$want poppler-utils"
    command -v qpdf >/dev/null 2>&1 || want="$want qpdf"
fi
[ -z "$want" ] && exit 0
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing Debian packages:$want"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $want >/dev/null
else
    echo "warning: missing Debian packages:$want (run as root, or install them yourself)" >&2
fi
