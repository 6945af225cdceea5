// Actors: the network of talks and mediation, the list, and one actor's page.
import * as api from "../api.js";
import {extLink, h, safeHref} from "../dom.js";
import {eventList, field, filterForm, select} from "../common.js";

const PAGE = 50;
const KINDS = ["person", "state", "organization", "armed_group", "group"];
const KIND_COLORS = {person: "#4e79a7", state: "#f28e2b", organization: "#59a14f", armed_group: "#e15759", group: "#b07aa1"};

// Cytoscape adds a <style> element unless one with this id exists; the Content-Security-Policy
// refuses inline styles, and app.css gives the container the position that style would.
const CYTOSCAPE_STYLE_ID = "__________cytoscape_stylesheet";

async function drawNetwork(box, data) {
  await api.loadScript("/static/vendor/cytoscape/cytoscape.min.js");
  if (!document.getElementById(CYTOSCAPE_STYLE_ID)) {
    document.head.appendChild(h("meta", {id: CYTOSCAPE_STYLE_ID, name: "cytoscape-style-in-app-css"}));
  }
  const elements = [
    ...data.nodes.map((n) => ({data: {id: `a${n.id}`, actor: n.id, label: n.name, kind: n.kind, weight: n.weight}})),
    ...data.edges.map((e, i) => ({data: {id: `e${i}`, source: `a${e.source}`, target: `a${e.target}`,
      kind: e.kind, weight: e.weight}})),
  ];
  const cy = window.cytoscape({
    container: box, elements,
    layout: {name: "cose", animate: false, randomize: true, nodeRepulsion: () => 400000, idealEdgeLength: () => 80,
      nodeOverlap: 40, componentSpacing: 120, gravity: 60, padding: 20},
    style: [
      {selector: "node", style: {
        label: "data(label)", "font-size": 11, "text-valign": "bottom", "text-margin-y": 3,
        width: "mapData(weight, 1, 30, 14, 46)", height: "mapData(weight, 1, 30, 14, 46)",
        "background-color": (n) => KIND_COLORS[n.data("kind")] || "#888",
      }},
      {selector: "edge", style: {
        width: "mapData(weight, 1, 10, 1, 7)", "curve-style": "bezier", "line-color": "#9aa5b1", opacity: 0.8,
      }},
      {selector: "edge[kind = 'mediation']", style: {"line-style": "dashed", "line-color": "#2f6fb0"}},
    ],
  });
  cy.on("tap", "node", (ev) => { window.location.hash = `#/actor/${ev.target.data("actor")}`; });
  return cy;
}

export async function actorsView(view, _args, params, fresh) {
  const q = params.get("q") || "";
  const kind = params.get("kind") || "";
  const offset = Math.max(0, parseInt(params.get("offset") || "0", 10) || 0);
  view.appendChild(h("h1", {}, "Actors"));
  const netBox = h("div", {id: "network", class: "network", role: "img", "aria-label": "Network of talks and mediation"});
  view.append(h("section", {class: "network-section"},
    h("h2", {}, "Who talks with whom"),
    h("p", {class: "muted"}, "Solid: sides of the same talks. Dashed: a mediator and a side. Click a name to open the actor."),
    netBox));
  view.appendChild(filterForm("actors", [
    field("Name", h("input", {name: "q", type: "search", value: q, placeholder: "e.g. Guterres"})),
    field("Kind", select("kind", KINDS, kind, "all kinds")),
  ], "Find"));
  const [page, net] = await Promise.all([
    api.get("/api/actors", {q, kind, limit: PAGE, offset}), api.get("/api/network", {limit: 60})]);
  if (!fresh()) return;
  view.appendChild(h("p", {class: "summary"}, `${page.total} actor${page.total === 1 ? "" : "s"}`));
  view.appendChild(h("table", {class: "actors"},
    h("thead", {}, h("tr", {}, ["Name", "Kind", "Country", "Articles", "First seen", "Last seen"].map((c) => h("th", {}, c)))),
    h("tbody", {}, page.items.map((a) => h("tr", {},
      h("td", {}, h("a", {href: `#/actor/${a.id}`}, a.name)), h("td", {}, a.kind.replace(/_/g, " ")),
      h("td", {}, a.country || ""), h("td", {class: "num"}, a.articles), h("td", {}, a.first_seen || ""),
      h("td", {}, a.last_seen || ""))))));
  const nav = h("p", {class: "pager"});
  const base = new URLSearchParams({...(q ? {q} : {}), ...(kind ? {kind} : {})});
  if (offset > 0) nav.appendChild(h("a", {href: `#/actors?${new URLSearchParams({...Object.fromEntries(base), offset: Math.max(0, offset - PAGE)})}`}, "‹ previous"));
  if (offset + PAGE < page.total) nav.appendChild(h("a", {href: `#/actors?${new URLSearchParams({...Object.fromEntries(base), offset: offset + PAGE})}`}, "next ›"));
  view.appendChild(nav);
  if (net.nodes.length) await drawNetwork(netBox, net);
  else netBox.replaceChildren(h("p", {class: "muted"}, "No talks with known parties yet."));
  netBox.dataset.nodes = String(net.nodes.length);
}

export async function actorView(view, args, _params, fresh) {
  const id = encodeURIComponent(args[0] || "");
  const a = await api.get(`/api/actors/${id}`);
  if (!fresh()) return;
  const titles = a.titles || [];
  view.append(
    h("p", {class: "crumbs"}, h("a", {href: "#/actors"}, "Actors"), ` › ${a.name}`),
    h("h1", {}, a.name),
    h("p", {class: "meta"}, [a.kind.replace(/_/g, " "), a.country, `${a.articles} article${a.articles === 1 ? "" : "s"}`,
      a.first_seen ? `seen ${a.first_seen} – ${a.last_seen}` : null].filter(Boolean).join(" · ")),
    h("div", {class: "columns"},
      h("section", {}, h("h2", {}, "Titles"), titles.length ? h("table", {class: "titles"},
        h("thead", {}, h("tr", {}, ["Title", "First", "Last", "Articles"].map((c) => h("th", {}, c)))),
        h("tbody", {}, titles.map((t) => h("tr", {}, h("td", {}, t.title), h("td", {}, t.first || ""),
          h("td", {}, t.last || ""), h("td", {class: "num"}, t.articles ?? ""))))) : h("p", {class: "muted"}, "None stated.")),
      h("section", {}, h("h2", {}, "Also called"),
        h("ul", {class: "aliases"}, (a.aliases || []).map((x) => h("li", {}, x))),
        h("h2", {}, "Roles in events"),
        h("ul", {}, Object.entries(a.roles || {}).map(([r, n]) => h("li", {}, `${r}: ${n}`))))),
    h("section", {class: "quotes"}, h("h2", {}, `Quotes (${a.quotes.length})`),
      a.quotes.length ? h("ul", {class: "quote-list"}, a.quotes.map((q) => h("li", {},
        h("blockquote", {}, q.text),
        h("div", {class: "meta"}, q.published || "undated", " · ",
          h("a", {href: `#/article/${q.article_id}`}, "article"),
          safeHref(q.url) ? [" · ", extLink("original", q.url)] : null,
          q.copies > 1 ? ` · ${q.copies} copies` : "")))) : h("p", {class: "muted"}, "No quotes.")),
    h("section", {}, h("h2", {}, `Events (${a.events.total})`),
      eventList(a.events.items),
      a.events.total > a.events.items.length
        ? h("a", {href: `#/timeline?actor_id=${a.id}`}, "All on the timeline") : null));
}

