#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Builds the DEB and TGZ packages, unpacks the .deb into a temporary root, and checks what a user would get.
#   package_test.sh BUILD_DIR
set -euo pipefail
build="$(cd "$1" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

cd "$build"
cpack -G "DEB;TGZ" -B "$work/out" >/dev/null
deb=$(ls "$work"/out/*.deb)
tgz=$(ls "$work"/out/*.tar.gz)
dpkg-deb -x "$deb" "$work/root"
for f in usr/bin/bamboo-journal usr/bin/bamboo-journal-browser \
         usr/share/applications/org.bamboo.JournalBrowser.desktop \
         usr/share/metainfo/org.bamboo.JournalBrowser.metainfo.xml \
         usr/share/icons/hicolor/scalable/apps/bamboo-journal-browser.svg \
         usr/share/icons/hicolor/48x48/apps/bamboo-journal-browser.png \
         usr/share/icons/hicolor/256x256/apps/bamboo-journal-browser.png; do
    [ -s "$work/root/$f" ] || fail "$f missing from the .deb"
done
version=$(sed -n 's/^project(BambooJournalBrowser//;s/^ *VERSION \([0-9.]*\).*/\1/p' "$(dirname "$0")/../CMakeLists.txt" | head -n 1)
[ "$("$work/root/usr/bin/bamboo-journal" --version)" = "bamboo-journal $version" ] || fail "bamboo-journal --version"
browser_version=$(QT_QPA_PLATFORM=offscreen "$work/root/usr/bin/bamboo-journal-browser" --version)
[[ "$browser_version" == *"$version"* ]] || fail "browser --version: $browser_version"
help=$("$work/root/usr/bin/bamboo-journal" --help)
[[ "$help" == *simulate* ]] || fail "bamboo-journal --help"
depends=$(dpkg-deb -f "$deb" Depends)
for d in libqt6core6 libqt6widgets6 libsimdjson; do
    [[ "$depends" == *"$d"* ]] || fail "Depends lacks $d: $depends"
done
recommends=$(dpkg-deb -f "$deb" Recommends)
[[ "$recommends" == *fonts-noto-color-emoji* ]] || fail "Recommends lacks fonts-noto-color-emoji: $recommends"
tar tzf "$tgz" >"$work/tgz.list"
grep -q "bin/bamboo-journal$" "$work/tgz.list" || fail "the TGZ lacks bin/bamboo-journal"
if command -v desktop-file-validate >/dev/null; then
    desktop-file-validate "$work/root/usr/share/applications/org.bamboo.JournalBrowser.desktop" || fail "desktop-file-validate"
fi
if command -v appstreamcli >/dev/null; then
    appstreamcli validate --no-net "$work/root/usr/share/metainfo/org.bamboo.JournalBrowser.metainfo.xml" >/dev/null \
        || fail "appstreamcli validate"
fi
# cmake --install lays out the same files.
cmake --install "$build" --prefix "$work/prefix" >/dev/null
[ -x "$work/prefix/bin/bamboo-journal" ] && [ -s "$work/prefix/share/applications/org.bamboo.JournalBrowser.desktop" ] \
    || fail "cmake --install"
echo "package ok: $(basename "$deb"), $(basename "$tgz")"
