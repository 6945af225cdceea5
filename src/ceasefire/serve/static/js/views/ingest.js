// Ingest from the page: paste text or upload files; the job runs on the server and its events
// appear here when it is done, without reloading the page.
import * as api from "../api.js";
import {h, on} from "../dom.js";
import {errorBox, eventList, field} from "../common.js";

const POLL_MS = 600;
const recent = []; // results of this page's ingests, newest first, kept while the page is open

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function finished(job, status) {
  while (job.status === "queued" || job.status === "running") {
    status.textContent = job.status === "queued" ? "Queued…" : "Analysing…";
    await sleep(POLL_MS);
    job = await api.get(`/api/jobs/${job.id}`);
  }
  return job;
}

async function resultView(job) {
  if (job.status === "failed") return h("div", {class: "error", role: "alert"}, `Failed: ${job.error}`);
  const r = job.result;
  const box = h("div", {class: "ingest-result", "data-job": job.id},
    h("p", {class: "summary"}, `${r.added} added, ${r.already} already stored, ${r.rejected.length} rejected.`),
    r.rejected.length ? h("ul", {class: "rejected"}, r.rejected.map((x) => h("li", {}, `${x.source} (${x.stage}): ${x.reason}`))) : null);
  for (const article of r.articles) {
    const events = await Promise.all(article.events.map((id) => api.get(`/api/events/${id}`)));
    box.appendChild(h("section", {class: "ingested-article"},
      h("h3", {}, h("a", {href: `#/article/${article.id}`}, article.title || "Untitled article")),
      events.length ? eventList(events) : h("p", {class: "muted"}, "No events found in it.")));
  }
  return box;
}

export async function ingestView(view, _args, _params, fresh) {
  const stats = await api.get("/api/stats");
  if (!fresh()) return;
  view.appendChild(h("h1", {}, "Ingest"));
  if (!stats.ingest) {
    view.appendChild(h("p", {class: "error"}, "Ingest is disabled on this server: start it with --token " +
      "(or CEASEFIRE_TOKEN) to allow it."));
  }
  const token = h("input", {name: "token", type: "password", value: api.savedToken(), autocomplete: "off"});
  const status = h("p", {class: "status", role: "status", "aria-live": "polite"});
  const results = h("div", {id: "ingest-results"});

  async function run(send) {
    api.saveToken(token.value.trim());
    status.textContent = "Sending…";
    try {
      const job = await finished(await send(token.value.trim()), status);
      const shown = await resultView(job);
      recent.unshift(shown);
      results.prepend(shown);
      status.textContent = job.status === "done" ? "Done." : "Failed.";
    } catch (error) {
      status.textContent = "";
      results.prepend(errorBox(error));
    }
  }

  const text = h("textarea", {name: "text", rows: 12, required: true, placeholder: "Paste the article's text here"});
  const paste = h("form", {class: "ingest-form", id: "paste-form"},
    h("h2", {}, "Paste an article"), field("Text", text),
    h("div", {class: "row"},
      field("Title", h("input", {name: "title", type: "text", maxlength: 1000})),
      field("URL", h("input", {name: "url", type: "url", maxlength: 4000})),
      field("Published", h("input", {name: "published", type: "date"}))),
    h("button", {type: "submit"}, "Analyse and store"));
  on(paste, "submit", (ev) => {
    ev.preventDefault();
    const form = new FormData(paste);
    const body = {text: String(form.get("text") || "")};
    for (const k of ["title", "url", "published"]) if (String(form.get(k) || "").trim()) body[k] = String(form.get(k)).trim();
    run((t) => api.post("/api/ingest", body, t)).then(() => { if (status.textContent === "Done.") paste.reset(); });
  });

  const files = h("input", {name: "files", type: "file", multiple: true, accept: ".txt,.text,.md,.html,.htm,.jsonl,.ndjson,.csv,.warc,.gz"});
  const upload = h("form", {class: "ingest-form", id: "upload-form"},
    h("h2", {}, "Upload files"), field("Files", files), h("button", {type: "submit"}, "Upload and analyse"));
  on(upload, "submit", (ev) => {
    ev.preventDefault();
    const form = new FormData();
    for (const f of files.files) form.append("files", f, f.name);
    run((t) => api.post("/api/ingest/files", form, t)).then(() => upload.reset());
  });

  view.append(field("Token", token), paste, upload, status, results);
  for (const shown of recent) results.appendChild(shown);
}
