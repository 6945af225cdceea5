// Building the page safely: every element is made here, text only through text nodes.
// Article text comes from the web and is hostile: nothing in this file parses markup.

const ALLOWED_ATTRIBUTES = new Set([
  "class", "id", "type", "name", "value", "placeholder", "title", "for", "colspan", "rowspan", "role",
  "min", "max", "step", "rows", "cols", "accept", "multiple", "required", "checked", "selected", "disabled",
  "autocomplete", "lang", "tabindex", "datetime", "open", "width", "height", "maxlength", "hidden",
]);

/** A URL that may be a link: http(s) only; javascript:, data: and the rest are never linked. */
export function safeHref(url) {
  if (typeof url !== "string" || !url) return null;
  try {
    const parsed = new URL(url, window.location.href);
    return parsed.protocol === "http:" || parsed.protocol === "https:" ? parsed.href : null;
  } catch (_) {
    return null;
  }
}

function setAttribute(el, name, value) {
  if (value === null || value === undefined || value === false) return;
  const lower = name.toLowerCase();
  if (lower === "href") {
    // Links inside the page are hash routes; anything else must be http(s).
    const href = typeof value === "string" && value.startsWith("#/") ? value : safeHref(value);
    if (href) el.setAttribute("href", href);
    return;
  }
  if (!ALLOWED_ATTRIBUTES.has(lower) && !lower.startsWith("data-") && !lower.startsWith("aria-")) {
    throw new Error(`attribute ${name} is not allowed`);
  }
  el.setAttribute(lower, value === true ? "" : String(value));
}

/** h("a", {href: "#/x", class: "y"}, "text", child, [more]) */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) setAttribute(el, name, value);
  append(el, children);
  return el;
}

export function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

export function clear(el) {
  while (el.firstChild) el.removeChild(el.firstChild);
  return el;
}

/** A link to a page outside, or null when the URL is not http(s) (javascript:, data:... are never linked). */
export function extLink(text, url) {
  const href = safeHref(url);
  if (!href) return null;
  const a = h("a", {href, class: "ext"}, text);
  a.setAttribute("rel", "noopener noreferrer nofollow");
  a.setAttribute("target", "_blank");
  return a;
}

/** Text with the given [start, end] spans wrapped in <mark class=cls>; spans may overlap or be unsorted. */
export function highlighted(text, spans, cls = "evidence") {
  const sorted = spans.filter((s) => Array.isArray(s) && s[1] > s[0])
    .map(([a, b]) => [Math.max(0, a), Math.min(text.length, b)]).sort((x, y) => x[0] - y[0]);
  const merged = [];
  for (const s of sorted) {
    const last = merged[merged.length - 1];
    if (last && s[0] <= last[1]) last[1] = Math.max(last[1], s[1]);
    else merged.push([...s]);
  }
  const out = [];
  let at = 0;
  for (const [a, b] of merged) {
    if (a > at) out.push(text.slice(at, a));
    out.push(h("mark", {class: cls}, text.slice(a, b)));
    at = b;
  }
  if (at < text.length) out.push(text.slice(at));
  return out;
}

/** Snippet segments from the search API: [{text, hit}] → text and <mark>s. */
export function snippet(segments) {
  return (segments || []).map((s) => (s.hit ? h("mark", {class: "hit"}, s.text) : s.text));
}

export function shorten(text, n) {
  if (!text) return "";
  return text.length > n ? `${text.slice(0, n - 1)}…` : text;
}

export function on(el, event, fn) {
  el.addEventListener(event, fn);
  return el;
}
