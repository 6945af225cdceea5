// The JSON API: errors come back as {"error": {"status", "code", "message"}}.

export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

function url(path, params) {
  const query = new URLSearchParams();
  for (const [k, v] of Object.entries(params || {})) {
    if (v !== null && v !== undefined && v !== "") query.set(k, v);
  }
  const q = query.toString();
  return q ? `${path}?${q}` : path;
}

async function parse(response) {
  let body = null;
  try {
    body = await response.json();
  } catch (_) {
    body = null;
  }
  if (!response.ok) {
    const message = body && body.error ? body.error.message : `${response.status} ${response.statusText}`;
    throw new ApiError(response.status, message);
  }
  return body;
}

export async function get(path, params) {
  return parse(await fetch(url(path, params), {headers: {Accept: "application/json"}}));
}

export async function post(path, body, token, params) {
  const headers = {Accept: "application/json"};
  if (token) headers.Authorization = `Bearer ${token}`;
  const init = {method: "POST", headers};
  if (body instanceof FormData) init.body = body;
  else {
    headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  return parse(await fetch(url(path, params), init));
}

const TOKEN_KEY = "ceasefire-token";
export function savedToken() {
  return window.sessionStorage.getItem(TOKEN_KEY) || "";
}
export function saveToken(token) {
  if (token) window.sessionStorage.setItem(TOKEN_KEY, token);
  else window.sessionStorage.removeItem(TOKEN_KEY);
}

const loading = new Map();
/** Load a vendored library's script once (same origin, so the Content-Security-Policy allows it). */
export function loadScript(src) {
  if (!loading.has(src)) {
    loading.set(src, new Promise((resolve, reject) => {
      const el = document.createElement("script");
      el.src = src;
      el.addEventListener("load", () => resolve());
      el.addEventListener("error", () => reject(new Error(`cannot load ${src}`)));
      document.head.appendChild(el);
    }));
  }
  return loading.get(src);
}

export function loadStyle(href) {
  if (!loading.has(href)) {
    loading.set(href, new Promise((resolve, reject) => {
      const el = document.createElement("link");
      el.rel = "stylesheet";
      el.href = href;
      el.addEventListener("load", () => resolve());
      el.addEventListener("error", () => reject(new Error(`cannot load ${href}`)));
      document.head.appendChild(el);
    }));
  }
  return loading.get(href);
}
