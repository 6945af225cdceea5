#!/usr/bin/env bash
# Copy the web page's front-end libraries, installed from the npm registry at
# the versions src/ceasefire/serve/package-lock.json pins, into
# src/ceasefire/serve/static/vendor, where they are committed: users and CI
# need no npm at run time. Run it after changing src/ceasefire/serve/package.json.
set -euo pipefail
cd "$(dirname "$0")/../src/ceasefire/serve"
npm ci --no-audit --no-fund --ignore-scripts >&2
M=node_modules
V=static/vendor
rm -rf "$V"
mkdir -p "$V/leaflet/images" "$V/chart.js" "$V/cytoscape" "$V/topojson-client" "$V/world-atlas"
cp "$M/leaflet/dist/leaflet.js" "$M/leaflet/dist/leaflet.css" "$M/leaflet/LICENSE" "$V/leaflet/"
cp "$M"/leaflet/dist/images/*.png "$V/leaflet/images/"
cp "$M/chart.js/dist/chart.umd.min.js" "$M/chart.js/LICENSE.md" "$V/chart.js/"
cp "$M/cytoscape/dist/cytoscape.min.js" "$M/cytoscape/LICENSE" "$V/cytoscape/"
cp "$M/topojson-client/dist/topojson-client.min.js" "$M/topojson-client/LICENSE" "$V/topojson-client/"
# The world outline: Natural Earth's countries at 1:110m as TopoJSON (about 100 kB).
cp "$M/world-atlas/countries-110m.json" "$M/world-atlas/LICENSE" "$V/world-atlas/"
node -e '
const lock = require("./package-lock.json");
const names = ["leaflet", "chart.js", "cytoscape", "topojson-client", "world-atlas"];
const lines = names.map(n => `${n} ${lock.packages["node_modules/" + n].version}`);
require("fs").writeFileSync(process.argv[1], "# npm packages copied by scripts/vendor.sh\n" + lines.join("\n") + "\n");
' "$V/VERSIONS.txt"
echo "vendor.sh: copied $(find "$V" -type f | wc -l) files into src/ceasefire/serve/$V" >&2
