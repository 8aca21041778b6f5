// The app's HTTP API with the operator's key. The key lives in this browser tab's session
// storage only: entered once per session, gone when the tab closes.

const keyName = 'gtm-functions-key';

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem.detail || problem.title || `HTTP ${status}`);
    this.status = status;
    this.title = problem.title || `HTTP ${status}`;
    this.errors = problem.errors || [];
  }
}

export const key = {
  get: () => sessionStorage.getItem(keyName),
  set: value => sessionStorage.setItem(keyName, value),
  clear: () => sessionStorage.removeItem(keyName),
};

/** Calls the API; answers its JSON, or throws an ApiError with the problem details. */
export async function api(path, { method = 'GET', body } = {}) {
  const headers = { accept: 'application/json' };
  if (key.get()) headers['x-functions-key'] = key.get();
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await response.text();
  let data = null;
  try { data = text ? JSON.parse(text) : null; } catch { data = { detail: text }; }
  if (!response.ok) {
    if (response.status === 401) document.dispatchEvent(new CustomEvent('gtm:unauthorized'));
    throw new ApiError(response.status, data || {});
  }
  return data;
}

/** What the current key may do: 'admin', 'function', or null when the API refuses it. */
export async function accessLevel() {
  for (const [path, level] of [['/api/console/session/admin', 'admin'], ['/api/console/session', 'function']]) {
    try {
      await api(path);
      return level;
    } catch (error) {
      if (!(error instanceof ApiError) || error.status !== 401) throw error;
    }
  }
  return null;
}

export const encode = encodeURIComponent;
