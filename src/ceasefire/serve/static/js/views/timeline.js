// The timeline: tracked events, newest first, filtered by type, status, actor, place and dates; paged.
import * as api from "../api.js";
import {h, on} from "../dom.js";
import {STATUSES, TYPES, eventRow, field, filterForm, select} from "../common.js";

const PAGE = 50;
const FILTERS = ["type", "status", "actor", "actor_id", "place", "since", "until"];

export async function timelineView(view, _args, params, fresh) {
  const p = Object.fromEntries(FILTERS.map((k) => [k, params.get(k) || ""]));
  view.appendChild(h("h1", {}, "Timeline"));
  view.appendChild(filterForm("timeline", [
    field("Type", select("type", TYPES, p.type, "all types")),
    field("Status", select("status", STATUSES, p.status, "any status")),
    field("Actor", h("input", {name: "actor", type: "search", value: p.actor, placeholder: "e.g. Lavrov"})),
    p.actor_id ? h("input", {name: "actor_id", type: "hidden", value: p.actor_id}) : null,
    field("Place", h("input", {name: "place", type: "search", value: p.place, placeholder: "e.g. Jeddah, Sudan"})),
    field("From", h("input", {name: "since", type: "date", value: p.since})),
    field("To", h("input", {name: "until", type: "date", value: p.until})),
  ]));
  const summary = h("p", {class: "summary"});
  const list = h("ol", {class: "events", id: "timeline-list"});
  const more = h("button", {type: "button", class: "more", hidden: true}, "More events");
  view.append(summary, list, more);
  let offset = 0;
  async function load() {
    const page = await api.get("/api/timeline", {...p, limit: PAGE, offset});
    if (!fresh()) return;
    summary.textContent = `${page.total} event${page.total === 1 ? "" : "s"}` +
      (page.total > 0 ? `, newest first` : "");
    for (const e of page.items) list.appendChild(eventRow(e));
    offset += page.items.length;
    more.hidden = offset >= page.total;
  }
  on(more, "click", () => load().catch((e) => { summary.textContent = `Error: ${e.message}`; }));
  await load();
}
