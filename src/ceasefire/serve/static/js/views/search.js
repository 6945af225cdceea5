// Search over article text and quotes, and one article with its records highlighted.
import * as api from "../api.js";
import {extLink, h, highlighted, on, safeHref, snippet} from "../dom.js";
import {actorLink, label, statusBadge, typeBadge} from "../common.js";

const PAGE = 20;

function articleHit(a) {
  return h("li", {class: "hit-article"},
    h("a", {href: `#/article/${a.article_id}`, class: "title"}, a.title || a.article_id.slice(0, 12)),
    h("span", {class: "meta"}, [a.outlet, a.published].filter(Boolean).join(" · ")),
    h("p", {class: "snippet"}, snippet(a.snippet)));
}

function quoteHit(q) {
  return h("li", {class: "hit-quote"},
    h("blockquote", {}, snippet(q.snippet)),
    h("div", {class: "meta"}, q.speaker ? actorLink(q.speaker) : (q.speaker_text || "unattributed"), " · ",
      q.published || "undated", " · ", h("a", {href: `#/article/${q.article_id}`}, q.title || "article")));
}

function section(title, kind, q, first, render) {
  const list = h("ol", {class: `results results-${kind}`}, first.items.map(render));
  const more = h("button", {type: "button", class: "more", hidden: first.items.length >= first.total}, "More");
  let offset = first.items.length;
  on(more, "click", async () => {
    const page = await api.get("/api/search", {q, kind, limit: PAGE, offset});
    for (const item of page[kind].items) list.appendChild(render(item));
    offset += page[kind].items.length;
    more.hidden = offset >= page[kind].total || page[kind].items.length === 0;
  });
  return h("section", {class: `search-${kind}`}, h("h2", {}, `${title} (${first.total})`), list, more);
}

export async function searchView(view, _args, params, fresh) {
  const q = (params.get("q") || "").trim();
  const input = document.querySelector("#search-form input[name=q]");
  if (input && input.value !== q) input.value = q;
  view.appendChild(h("h1", {}, q ? `Search: ${q}` : "Search"));
  if (!q) {
    view.appendChild(h("p", {class: "muted"}, "Type words in the search box: every word must appear; " +
      "\"quoted words\" are a phrase; a word ending in * is a prefix."));
    return;
  }
  const result = await api.get("/api/search", {q, limit: PAGE});
  if (!fresh()) return;
  view.append(section("Articles", "articles", q, result.articles, articleHit),
    section("Quotes", "quotes", q, result.quotes, quoteHit));
}

export async function articleView(view, args, _params, fresh) {
  const a = await api.get(`/api/articles/${encodeURIComponent(args[0] || "")}`);
  if (!fresh()) return;
  const quoteSpans = (a.quotes || []).map((q) => q.span);
  const evidence = (a.events || []).flatMap((e) => e.evidence || []);
  const canonical = a.actor_links || {};
  const actors = (a.actors || []).map((x) => ({id: canonical[x.id], name: x.name, kind: x.kind}));
  view.append(
    h("h1", {}, a.source.title || "Untitled article"),
    h("p", {class: "meta"}, [a.source.outlet, a.published ? `published ${a.published} (${a.published_basis})` : "undated"]
      .filter(Boolean).join(" · "), safeHref(a.source.url) ? [" · ", extLink("original", a.source.url)] : null),
    h("div", {class: "columns"},
      h("div", {class: "article-text", id: "article-text"}, highlighted(a.text, [...evidence, ...quoteSpans], "evidence")),
      h("aside", {},
        h("h2", {}, `Events (${(a.events || []).length})`),
        h("ul", {class: "article-events"}, (a.events || []).map((e, i) => {
          const tracked = (a.tracked || {})[`e${i + 1}`];
          return h("li", {}, typeBadge(e.type), statusBadge(e.status), " ",
            tracked ? h("a", {href: `#/event/${tracked}`}, `${label(e.type)} ${e.subtype || ""}`.trim())
              : `${label(e.type)} ${e.subtype || ""}`);
        })),
        h("h2", {}, `Actors (${actors.length})`),
        h("ul", {}, actors.map((x) => h("li", {}, actorLink(x), h("span", {class: "muted"}, ` ${x.kind}`)))),
        h("h2", {}, `Quotes (${(a.quotes || []).length})`),
        h("ul", {class: "quote-list"}, (a.quotes || []).map((q) => h("li", {},
          h("blockquote", {}, q.text), h("div", {class: "meta"}, q.speaker_text || "unattributed")))))));
}
