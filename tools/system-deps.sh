#!/bin/sh
# Installs the Debian packages resbrief needs when they are missing: Pango for
# WeasyPrint, a Times-metric font (Liberation Serif), and Tesseract with the six
# UN languages for scanned pages.  With --test it also
# installs what the tests read the packs with: poppler-utils, qpdf, Chromium,
# LibreOffice Writer and Calc, Java (for the Nu HTML Checker), axe-core, vnu-jar and pa11y 9 (npm;
# pa11y drives Debian's Chromium, so Puppeteer's own browser is not downloaded).  Needs root; otherwise
# it only says what is missing.
set -e
want=""
fc-list 2>/dev/null | grep -qi "Liberation Serif" || want="$want fonts-liberation2"
ldconfig -p 2>/dev/null | grep -q "libpango-1.0.so" || want="$want libpango-1.0-0"
ldconfig -p 2>/dev/null | grep -q "libpangoft2-1.0.so" || want="$want libpangoft2-1.0-0"
ldconfig -p 2>/dev/null | grep -q "libharfbuzz-subset.so" || want="$want libharfbuzz-subset0"
# OCR of scanned pages: Tesseract and the data of the six UN languages (English comes with tesseract-ocr)
command -v tesseract >/dev/null 2>&1 || want="$want tesseract-ocr"
for lang in ara chi_sim fra rus spa; do
    ls /usr/share/tesseract-ocr/*/tessdata/$lang.traineddata >/dev/null 2>&1 || want="$want tesseract-ocr-$(echo $lang | tr _ -)"
done
if [ "$1" = "--test" ]; then
    # the tests open the packs as readers would: PDF tools, a browser, an office suite
    command -v pdftoppm >/dev/null 2>&1 || want="$want poppler-utils"
    command -v qpdf >/dev/null 2>&1 || want="$want qpdf"
    command -v chromium >/dev/null 2>&1 || want="$want chromium"
    command -v soffice >/dev/null 2>&1 || want="$want libreoffice-writer-nogui"
    # the mandate registry (mandates.xlsx) is opened in Calc
    ls /usr/lib/libreoffice/program/libsclo.so >/dev/null 2>&1 || want="$want libreoffice-calc-nogui"
    command -v npm >/dev/null 2>&1 || want="$want npm"
    command -v java >/dev/null 2>&1 || want="$want default-jre-headless"
fi
npm_tool() {
    # axe-core (accessibility checks), vnu-jar (the Nu HTML Checker) and pa11y come from the npm registry
    [ "$1" = "--test" ] || return 0
    command -v npm >/dev/null 2>&1 || return 0
    [ -f "$(npm root -g)/$3" ] && return 0
    if [ "$(id -u)" = "0" ]; then
        PUPPETEER_SKIP_DOWNLOAD=1 npm install -g --no-audit --no-fund "$2" >/dev/null 2>&1 || echo "warning: npm could not install $2" >&2
    else
        echo "warning: $2 missing (PUPPETEER_SKIP_DOWNLOAD=1 npm install -g $2)" >&2
    fi
}
if [ -n "$want" ]; then
    if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
        echo "installing Debian packages:$want"
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $want >/dev/null
    else
        echo "warning: missing Debian packages:$want (run as root, or install them yourself)" >&2
    fi
fi
npm_tool "$1" axe-core@4 axe-core/axe.min.js
npm_tool "$1" vnu-jar vnu-jar/build/dist/vnu.jar
npm_tool "$1" pa11y@9 pa11y/bin/pa11y.js
