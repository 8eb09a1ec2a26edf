#!/usr/bin/env bash
# Renders media/icon.svg (the extension's icon, package.json "icon") to the 128x128
# media/icon.png with headless Chromium (Debian package chromium, or $HYPERSTEP_CHROMIUM),
# keeping the transparent corners. Run after editing the SVG and commit both files.
set -euo pipefail
cd "$(dirname "$0")/.."
chromium="${HYPERSTEP_CHROMIUM:-$(command -v chromium || command -v chromium-browser || true)}"
[[ -n "$chromium" ]] || { echo "renderIcon: chromium not found" >&2; exit 1; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
# A page of exactly the icon's size, so the screenshot is the icon.
printf '<!doctype html><html><body style="margin:0;background:transparent">%s</body></html>' \
  "$(cat media/icon.svg)" > "$tmp/icon.html"
"$chromium" --headless --no-sandbox --disable-gpu --hide-scrollbars --default-background-color=00000000 \
  --window-size=128,128 --screenshot="$tmp/icon.png" "file://$tmp/icon.html" >/dev/null 2>&1
cp "$tmp/icon.png" media/icon.png
echo "media/icon.png written"
