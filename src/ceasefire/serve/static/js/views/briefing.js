// The daily briefing: the last day or week as a printable page, with events per day by type.
import * as api from "../api.js";
import {extLink, h, on, safeHref} from "../dom.js";
import {COLORS, TYPES, eventList, field, filterForm, label} from "../common.js";

async function chart(canvas, data) {
  await api.loadScript("/static/vendor/chart.js/chart.umd.min.js");
  return new window.Chart(canvas, {
    type: "bar",
    data: {
      labels: data.days,
      datasets: data.series.map((s) => ({label: label(s.type), data: s.counts, backgroundColor: COLORS[s.type] || "#888"})),
    },
    options: {
      animation: false, responsive: true, maintainAspectRatio: false,
      scales: {x: {stacked: true}, y: {stacked: true, beginAtZero: true, ticks: {precision: 0}}},
      plugins: {legend: {position: "bottom"}, title: {display: true, text: "Events per day by type"}},
    },
  });
}

export async function briefingView(view, _args, params, fresh) {
  const days = params.get("days") === "7" ? 7 : 1;
  const asOf = params.get("as_of") || "";
  const b = await api.get("/api/briefing", {days, as_of: asOf});
  if (!fresh()) return;
  const print = h("button", {type: "button", class: "print"}, "Print");
  on(print, "click", () => window.print());
  const period = days === 1 ? "last 24 hours" : "last 7 days";
  view.append(
    h("div", {class: "no-print"}, filterForm("briefing", [
      field("Period", h("select", {name: "days"}, h("option", {value: "1", selected: days === 1}, "last 24 hours"),
        h("option", {value: "7", selected: days === 7}, "last 7 days"))),
      field("As of", h("input", {name: "as_of", type: "date", value: asOf || b.as_of})),
    ], "Show"), print),
    h("h1", {}, `Briefing: ${period} to ${b.as_of}`),
    h("p", {class: "summary"}, `${b.articles} article${b.articles === 1 ? "" : "s"} published ${b.since} – ${b.as_of}; ` +
      `${b.events_total} event${b.events_total === 1 ? "" : "s"} reported.`));
  const canvas = h("canvas", {id: "briefing-chart", "aria-label": "Events per day by type", role: "img"});
  view.appendChild(h("div", {class: "chart-box"}, canvas));
  const byType = new Map(TYPES.map((t) => [t, []]));
  for (const e of b.events) (byType.get(e.type) || byType.set(e.type, []).get(e.type)).push(e);
  for (const [type, events] of byType) {
    if (!events.length) continue;
    view.appendChild(h("section", {class: `brief brief-${type}`}, h("h2", {}, `${label(type)} (${events.length})`),
      eventList(events)));
  }
  if (!b.events.length) view.appendChild(h("p", {class: "muted"}, "Nothing reported in this period."));
  if (b.quotes.length) {
    view.appendChild(h("section", {class: "brief-quotes"}, h("h2", {}, "Quotes"),
      h("ul", {class: "quote-list"}, b.quotes.map((q) => h("li", {}, h("blockquote", {}, q.text),
        h("div", {class: "meta"}, q.speaker, " · ", q.published || "", " · ",
          h("a", {href: `#/article/${q.article_id}`}, "article"), safeHref(q.url) ? [" · ", extLink("original", q.url)] : null))))));
  }
  await chart(canvas, b.chart);
}
