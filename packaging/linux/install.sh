#!/usr/bin/env sh
# Install Minga for the current user: the frozen build (dist/minga), a desktop entry,
# the MIME types for .minga files and .mingabundle sync bundles, and the icons,
# all under ~/.local (XDG_DATA_HOME). Run from the source tree after `make package`:
#   sh packaging/linux/install.sh [DIST_DIR]
# Uninstall: sh packaging/linux/install.sh --uninstall
set -eu

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
data=${XDG_DATA_HOME:-$HOME/.local/share}
bin=$HOME/.local/bin
app=$data/minga/app

refresh() {
    if command -v update-mime-database >/dev/null 2>&1; then
        update-mime-database "$data/mime" >/dev/null 2>&1 || true
    fi
    if command -v update-desktop-database >/dev/null 2>&1; then
        update-desktop-database "$data/applications" >/dev/null 2>&1 || true
    fi
    if command -v gtk-update-icon-cache >/dev/null 2>&1; then
        gtk-update-icon-cache -q -t "$data/icons/hicolor" >/dev/null 2>&1 || true
    fi
}

if [ "${1:-}" = "--uninstall" ]; then
    rm -rf "$app"
    rm -f "$bin/minga" "$data/applications/minga.desktop" "$data/mime/packages/minga.xml"
    rm -f "$data/icons/hicolor/scalable/apps/minga.svg"
    for size in 16 32 48 64 128 256; do
        rm -f "$data/icons/hicolor/${size}x${size}/apps/minga.png"
    done
    refresh
    echo "Minga removed (cooperative files, settings and backups are kept)."
    exit 0
fi

dist=${1:-$root/dist/minga}
if [ ! -x "$dist/minga" ]; then
    echo "install.sh: no build in $dist; run 'make package' first" >&2
    exit 66
fi

mkdir -p "$app" "$bin" "$data/applications" "$data/mime/packages" \
    "$data/icons/hicolor/scalable/apps"
rm -rf "$app"
cp -R "$dist" "$app"
ln -sf "$app/minga" "$bin/minga"
# The desktop entry runs the installed copy even when ~/.local/bin is not on PATH.
sed -e "s|^Exec=minga |Exec=$app/minga |" -e "s|^TryExec=minga|TryExec=$app/minga|" \
    "$here/minga.desktop" >"$data/applications/minga.desktop"
cp "$here/minga-mime.xml" "$data/mime/packages/minga.xml"
cp "$root/ui/icons/minga.svg" "$data/icons/hicolor/scalable/apps/minga.svg"
for size in 16 32 48 64 128 256; do
    mkdir -p "$data/icons/hicolor/${size}x${size}/apps"
    cp "$root/ui/icons/minga-$size.png" "$data/icons/hicolor/${size}x${size}/apps/minga.png"
done
refresh
echo "Minga installed in $app; double-click a .minga file or run: minga"
