// The page's router: #/view/arg?params → a view that fills <main>. No reload between views.
import {clear, h, on} from "./dom.js";
import {errorBox} from "./common.js";
import {timelineView} from "./views/timeline.js";
import {eventView} from "./views/event.js";
import {mapView} from "./views/map.js";
import {actorsView, actorView} from "./views/actors.js";
import {searchView, articleView} from "./views/search.js";
import {briefingView} from "./views/briefing.js";
import {ingestView} from "./views/ingest.js";

const VIEWS = {
  timeline: timelineView, event: eventView, map: mapView, actors: actorsView, actor: actorView,
  search: searchView, article: articleView, briefing: briefingView, ingest: ingestView,
};
const NAV_OF = {event: "timeline", actor: "actors", article: "search"};

let current = 0;

function parseHash() {
  const raw = window.location.hash.replace(/^#\/?/, "");
  const [path, query = ""] = raw.split("?", 2);
  const [name, ...args] = path.split("/").filter(Boolean).map(decodeURIComponent);
  return {name: VIEWS[name] ? name : "timeline", args, params: new URLSearchParams(query)};
}

async function render() {
  const token = ++current;
  const {name, args, params} = parseHash();
  const main = document.getElementById("main");
  for (const a of document.querySelectorAll("#nav a")) {
    a.classList.toggle("active", a.dataset.view === (NAV_OF[name] || name));
  }
  // data-hash names the address this view was drawn for: a test (or a script) can tell it from the
  // view still on screen while the next one loads
  const view = h("section", {class: `view view-${name}`, "aria-busy": "true", "data-hash": window.location.hash});
  clear(main).appendChild(view);
  document.body.dataset.view = name;
  try {
    // A view returns when its content is in place; a newer navigation makes it stale.
    await VIEWS[name](view, args, params, () => token === current);
  } catch (error) {
    if (token === current) view.appendChild(errorBox(error));
  }
  if (token === current) view.setAttribute("aria-busy", "false");
}

function start() {
  const form = document.getElementById("search-form");
  on(form, "submit", (ev) => {
    ev.preventDefault();
    const q = new FormData(form).get("q");
    if (q && String(q).trim()) window.location.hash = `#/search?q=${encodeURIComponent(String(q).trim())}`;
  });
  window.addEventListener("hashchange", render);
  render();
}

start();
