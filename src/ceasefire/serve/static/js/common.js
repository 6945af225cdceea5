// Pieces shared by the views: event types and their colours, an event's one-line description, rows, forms.
import {h, on, shorten} from "./dom.js";

export const TYPES = ["talks", "ceasefire", "corridor", "aid", "attack", "statement", "military", "resolution"];
export const STATUSES = ["occurred", "ongoing", "planned", "proposed", "agreed", "rejected", "failed", "blocked"];
export const COLORS = {
  talks: "#1f77b4", ceasefire: "#2ca02c", corridor: "#17becf", aid: "#bcbd22",
  attack: "#d62728", statement: "#9467bd", military: "#8c564b", resolution: "#e377c2",
};

const LABELS = {
  talks: "Talks", ceasefire: "Ceasefire", corridor: "Corridor", aid: "Aid", attack: "Attack",
  statement: "Statement", military: "Military", resolution: "Resolution",
};

export function label(type) {
  return LABELS[type] || String(type);
}

function words(value) {
  return String(value).replace(/_/g, " ");
}

export function typeBadge(type) {
  const known = TYPES.includes(type) ? type : "other";
  return h("span", {class: `badge type t-${known}`}, label(type));
}

export function statusBadge(status, stage) {
  const known = STATUSES.includes(status) ? status : "other";
  const text = stage && stage !== status ? `${words(status)} · ${words(stage)}` : words(status);
  return h("span", {class: `badge status s-${known}`}, text);
}

function names(participants, roles) {
  return participants.filter((p) => roles.includes(p.role)).map((p) => p.actor.name);
}

function placeName(value) {
  return value && typeof value === "object" && value.name ? value.name : null;
}

/** "Talks (meeting) in Jeddah: Sudan, Rapid Support Forces; mediated by Saudi Arabia" */
export function describe(e) {
  let text = label(e.type);
  if (e.subtype) text += ` (${words(e.subtype)})`;
  const attrs = e.attributes || {};
  const origin = placeName(attrs.origin);
  const destination = placeName(attrs.destination);
  if (e.type === "corridor" && (origin || destination)) text += ` ${origin || "?"} → ${destination || "?"}`;
  else if (e.place) text += ` in ${e.place.name}`;
  const parts = e.participants || [];
  const sides = names(parts, ["party", "perpetrator", "proposer", "speaker"]);
  const mediators = names(parts, ["mediator", "host", "guarantor"]);
  if (sides.length) text += `: ${sides.slice(0, 4).join(", ")}${sides.length > 4 ? "…" : ""}`;
  if (mediators.length) text += `${sides.length ? ";" : ":"} mediated by ${mediators.slice(0, 3).join(", ")}`;
  return text;
}

export function dateText(date) {
  if (!date || !date.start) return "undated";
  if (!date.end || date.end === date.start) return date.start;
  return `${date.start} – ${date.end}`;
}

/** One event in a list: date, type, status, description, source count, first evidence. */
export function eventRow(e) {
  const first = (e.evidence || [])[0];
  return h("li", {class: "event", "data-event-id": e.id},
    h("div", {class: "event-head"},
      h("span", {class: "date"}, dateText(e.date)),
      typeBadge(e.type), statusBadge(e.status, e.stage),
      h("a", {href: `#/event/${e.id}`, class: "event-link"}, describe(e)),
      h("span", {class: "sources", title: "articles reporting it (stories)"},
        `${e.source_count} source${e.source_count === 1 ? "" : "s"}`,
        e.story_count !== e.source_count ? ` (${e.story_count} stor${e.story_count === 1 ? "y" : "ies"})` : "")),
    first ? h("p", {class: "evidence-line"}, shorten(first.text, 240)) : null);
}

export function eventList(events) {
  return h("ol", {class: "events"}, events.map(eventRow));
}

export function errorBox(error) {
  return h("div", {class: "error", role: "alert"}, `Error: ${error.message || error}`);
}

export function select(name, options, value, all) {
  const el = h("select", {name, id: `f-${name}`},
    all ? h("option", {value: ""}, all) : null,
    options.map((o) => h("option", {value: o, selected: o === value}, words(o))));
  return el;
}

export function field(labelText, input) {
  return h("label", {class: "field"}, h("span", {}, labelText), input);
}

/** A filter form whose submit writes its values into the route's query (so views are bookmarkable). */
export function filterForm(route, fields, submitText = "Apply") {
  const form = h("form", {class: "filters"}, fields, h("button", {type: "submit"}, submitText));
  on(form, "submit", (ev) => {
    ev.preventDefault();
    const params = new URLSearchParams();
    for (const [k, v] of new FormData(form).entries()) if (String(v).trim()) params.set(k, String(v).trim());
    const q = params.toString();
    window.location.hash = `#/${route}${q ? `?${q}` : ""}`;
  });
  return form;
}

export function actorLink(actor) {
  if (!actor) return h("span", {}, "unknown");
  return actor.id ? h("a", {href: `#/actor/${actor.id}`}, actor.name) : h("span", {}, actor.name);
}

export function articleTitle(source) {
  return source.title || source.outlet || (source.article_id || source.id || "").slice(0, 12);
}

export function formatValue(value) {
  if (value === null || value === undefined) return "–";
  if (Array.isArray(value)) return value.map(formatValue).join(", ");
  if (typeof value === "object") {
    if ("name" in value) return value.name;
    if ("value" in value) return `${value.qualifier && value.qualifier !== "exact" ? `${words(value.qualifier)} ` : ""}${value.value}`;
    if ("start" in value) return dateText(value);
    return Object.entries(value).map(([k, v]) => `${words(k)}: ${formatValue(v)}`).join("; ");
  }
  return words(value);
}
