// The map: places with events and corridors (origin → destination) over a bundled world outline.
// Offline: Leaflet without tiles, Natural Earth countries from world-atlas, all served from /static.
import * as api from "../api.js";
import {h} from "../dom.js";
import {COLORS, TYPES, field, filterForm, label, select} from "../common.js";

const VENDOR = "/static/vendor";
let world = null; // the outline, fetched once per page load

async function libraries() {
  await Promise.all([
    api.loadStyle(`${VENDOR}/leaflet/leaflet.css`),
    api.loadScript(`${VENDOR}/leaflet/leaflet.js`),
    api.loadScript(`${VENDOR}/topojson-client/topojson-client.min.js`),
  ]);
  if (!world) {
    const topo = await (await fetch(`${VENDOR}/world-atlas/countries-110m.json`)).json();
    world = window.topojson.feature(topo, topo.objects.countries);
  }
}

function placePopup(p) {
  const dominant = Object.entries(p.counts).sort((a, b) => b[1] - a[1]);
  return h("div", {class: "popup"},
    h("strong", {}, p.name), p.country ? ` (${p.country})` : "",
    h("ul", {}, dominant.map(([t, n]) => h("li", {}, `${label(t)}: ${n}`))),
    h("a", {href: `#/timeline?place=${encodeURIComponent(p.name)}`}, "Events here on the timeline"));
}

function corridorPopup(c) {
  return h("div", {class: "popup"},
    h("strong", {}, `Corridor ${c.origin.name} → ${c.destination.name}`),
    h("div", {}, `${c.stage || c.status}${c.date ? `, ${c.date}` : ""}`),
    h("a", {href: `#/event/${c.id}`}, "Open the event"));
}

function legend() {
  return h("ul", {class: "legend"}, TYPES.map((t) => h("li", {},
    h("span", {class: `swatch t-${t}`}), label(t))),
  h("li", {}, h("span", {class: "swatch corridor-line"}), "corridor route"));
}

export async function mapView(view, _args, params, fresh) {
  const p = {type: params.get("type") || "", since: params.get("since") || "", until: params.get("until") || ""};
  view.appendChild(h("h1", {}, "Map"));
  view.appendChild(filterForm("map", [
    field("Type", select("type", TYPES, p.type, "all types")),
    field("From", h("input", {name: "since", type: "date", value: p.since})),
    field("To", h("input", {name: "until", type: "date", value: p.until})),
  ]));
  const box = h("div", {id: "map", class: "map", role: "img", "aria-label": "Map of places with events"});
  const info = h("p", {class: "summary"});
  view.append(info, box, legend());
  const [data] = await Promise.all([api.get("/api/map", p), libraries()]);
  if (!fresh()) return;
  const L = window.L;
  const map = L.map(box, {worldCopyJump: true, minZoom: 1, maxZoom: 10, zoomSnap: 0.5, attributionControl: true});
  map.setView([20, 10], 1.5); // a view before any layer: Leaflet clips vector layers to it
  map.attributionControl.setPrefix(false);
  map.attributionControl.addAttribution("Natural Earth (world-atlas)");
  L.geoJSON(world, {style: {color: "#9aa5b1", weight: 0.6, fillColor: "#eef1f4", fillOpacity: 1},
    interactive: false}).addTo(map);
  const bounds = [];
  for (const c of data.corridors) {
    const line = [[c.origin.lat, c.origin.lon], [c.destination.lat, c.destination.lon]];
    L.polyline(line, {color: COLORS.corridor, weight: 3, dashArray: "6 4", className: "corridor"})
      .bindPopup(corridorPopup(c)).addTo(map);
    L.circleMarker(line[1], {radius: 4, color: COLORS.corridor, fillOpacity: 1}).addTo(map);
    bounds.push(...line);
  }
  for (const place of data.places) {
    const top = Object.entries(place.counts).sort((a, b) => b[1] - a[1])[0][0];
    const marker = L.circleMarker([place.lat, place.lon], {
      radius: 4 + 3 * Math.sqrt(place.total), color: "#333", weight: 1,
      fillColor: COLORS[top] || "#666", fillOpacity: 0.75,
    });
    marker.bindPopup(placePopup(place));
    marker.bindTooltip(h("span", {}, `${place.name}: ${place.total}`));
    marker.addTo(map);
    bounds.push([place.lat, place.lon]);
  }
  if (bounds.length) map.fitBounds(bounds, {padding: [30, 30], maxZoom: 6, animate: false});
  info.textContent = `${data.places.length} place${data.places.length === 1 ? "" : "s"} with events, ` +
    `${data.corridors.length} corridor${data.corridors.length === 1 ? "" : "s"}`;
  box.dataset.places = String(data.places.length);
}
