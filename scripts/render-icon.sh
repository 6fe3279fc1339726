#!/usr/bin/env bash
# Renders the Marketplace icon media/icon.png (128×128) from the activity-bar glyph
# media/openai-connector.svg: the same strokes, white on a rounded dark-green tile.
# Needs rsvg-convert (Debian: apt-get install -y librsvg2-bin). The PNG is committed; rerun after
# changing the glyph.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v rsvg-convert >/dev/null || { echo "render-icon: rsvg-convert is missing; install it with: apt-get install -y librsvg2-bin" >&2; exit 1; }
# The glyph's drawing: everything between its <svg …> and </svg>.
glyph=$(sed -e 's/^.*<svg[^>]*>//' -e 's#</svg>.*$##' media/openai-connector.svg)
rsvg-convert --width 128 --height 128 --output media/icon.png <<SVG
<svg xmlns="http://www.w3.org/2000/svg" width="128" height="128" viewBox="0 0 128 128">
  <defs>
    <linearGradient id="tile" x1="0" y1="0" x2="1" y2="1">
      <stop offset="0" stop-color="#1a7f64"/>
      <stop offset="1" stop-color="#0b3d30"/>
    </linearGradient>
  </defs>
  <rect x="4" y="4" width="120" height="120" rx="26" fill="url(#tile)"/>
  <g transform="translate(16 16) scale(4)" fill="none" stroke="#ffffff" stroke-width="1.6" stroke-linecap="round" stroke-linejoin="round">$glyph</g>
</svg>
SVG
echo "render-icon: wrote media/icon.png"
