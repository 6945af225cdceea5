// One tracked event: facts, status history, conflicting claims side by side, and every source
// article with the evidence sentences highlighted in its text.
import * as api from "../api.js";
import {extLink, h, highlighted, on} from "../dom.js";
import {actorLink, articleTitle, dateText, describe, formatValue, statusBadge, typeBadge} from "../common.js";

const OPEN_SOURCES = 3; // sources whose text is shown at once; the others on demand

function facts(e) {
  const rows = [
    ["Type", [typeBadge(e.type), e.subtype ? ` ${e.subtype.replace(/_/g, " ")}` : ""]],
    ["Status", statusBadge(e.status, e.stage)],
    ["Date", `${dateText(e.date)}${e.date && e.date.precision ? ` (${e.date.precision})` : ""}`],
    ["Place", e.place ? `${e.place.name}${e.place.country ? `, ${e.place.country}` : ""}` : "not reported"],
    ["Outcome", e.outcome ? e.outcome.replace(/_/g, " ") : null],
    ["Reported", `${e.first_reported || "?"} – ${e.last_reported || "?"} by ${e.source_count} article(s), ` +
      `${e.story_count} stor${e.story_count === 1 ? "y" : "ies"}`],
  ];
  for (const [k, v] of Object.entries(e.attributes || {})) rows.push([k.replace(/_/g, " "), formatValue(v)]);
  return h("dl", {class: "facts"}, rows.filter(([, v]) => v !== null && v !== undefined)
    .map(([k, v]) => [h("dt", {}, k), h("dd", {}, v)]));
}

function participants(e) {
  if (!(e.participants || []).length) return null;
  return h("section", {class: "participants"}, h("h2", {}, "Participants"),
    h("ul", {}, e.participants.map((p) => h("li", {}, actorLink(p.actor), h("span", {class: "role"}, ` ${p.role}`)))));
}

function history(e) {
  return h("section", {class: "history"}, h("h2", {}, "Status history"),
    h("ol", {class: "history-list"}, (e.status_history || []).map((s) => h("li", {},
      statusBadge(s.status, s.stage), ` first reported ${s.reported || "undated"}`,
      ` (${s.sources} source${s.sources === 1 ? "" : "s"}) `,
      s.article_id ? h("a", {href: `#/article/${s.article_id}`}, "article") : null))));
}

function claimValue(fieldName, value) {
  // A date claim is [start, end].
  if (fieldName === "date" && Array.isArray(value)) return dateText({start: value[0], end: value[1]});
  return formatValue(value);
}

function claims(e, titles) {
  if (!(e.claims || []).length) return h("section", {class: "claims"}, h("h2", {}, "Conflicting claims"),
    h("p", {class: "muted"}, "The sources agree."));
  return h("section", {class: "claims"}, h("h2", {}, "Conflicting claims"), e.claims.map((c) =>
    h("div", {class: "claim"}, h("h3", {}, String(c.field).replace(/^attributes\./, "").replace(/_/g, " ")),
      h("div", {class: "claim-values"}, (c.values || []).map((v) => h("div", {class: "claim-value"},
        h("div", {class: "value"}, claimValue(c.field, v.value)),
        h("div", {class: "muted"}, `${v.stories} stor${v.stories === 1 ? "y" : "ies"}`),
        h("ul", {}, (v.sources || []).map((id) => h("li", {},
          h("a", {href: `#/article/${id}`}, titles.get(id) || id.slice(0, 12)))))))))));
}

async function showText(holder, source) {
  const article = await api.get(`/api/articles/${source.article_id}`);
  const spans = (source.events || []).flatMap((x) => x.evidence || []);
  holder.replaceChildren(h("div", {class: "article-text"}, highlighted(article.text, spans, "evidence")));
}

function sourceCard(source, index) {
  const holder = h("div", {class: "text-holder"});
  const statuses = (source.events || []).map((x) => statusBadge(x.status));
  const card = h("article", {class: "source", "data-article-id": source.article_id},
    h("header", {},
      h("a", {href: `#/article/${source.article_id}`, class: "title"}, articleTitle(source)),
      h("span", {class: "meta"}, [source.outlet, source.published].filter(Boolean).join(" · ")),
      statuses, source.url ? extLink("original", source.url) : null),
    holder);
  if (index < OPEN_SOURCES) {
    showText(holder, source).catch((err) => holder.replaceChildren(`Error: ${err.message}`));
  } else {
    const button = h("button", {type: "button"}, "Show text with evidence");
    on(button, "click", () => showText(holder, source).catch((err) => holder.replaceChildren(`Error: ${err.message}`)));
    holder.appendChild(button);
  }
  return card;
}

export async function eventView(view, args, _params, fresh) {
  const e = await api.get(`/api/events/${encodeURIComponent(args[0] || "")}`);
  if (!fresh()) return;
  const titles = new Map((e.sources || []).map((s) => [s.article_id, articleTitle(s)]));
  view.append(
    h("p", {class: "crumbs"}, h("a", {href: "#/timeline"}, "Timeline"), ` › event ${e.id}`),
    h("h1", {class: "event-title"}, describe(e)),
    h("div", {class: "columns"}, h("div", {}, facts(e), participants(e)), h("div", {}, history(e))),
    claims(e, titles),
    h("section", {class: "sources-section"},
      h("h2", {}, `Sources (${e.sources_total})`),
      e.sources_total > e.sources.length ? h("p", {class: "muted"}, `The first ${e.sources.length} are listed.`) : null,
      e.sources.map(sourceCard)));
}
