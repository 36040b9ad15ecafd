/**
 * Requests as a signed-in person. `signIn(apiUrl, 'anna')` gives a client whose requests carry
 * anna's bearer access token from the local OpenID provider that `npm test` runs.
 *
 * INTERIM: until the provider and the guard land, the client sends no token (routes are open).
 */
export interface ApiAnswer {
  status: number;
  body: any;
  text: string;
  headers: Headers;
}

export interface ApiClient {
  readonly username: string;
  get(path: string, headers?: Record<string, string>): Promise<ApiAnswer>;
  post(path: string, body?: unknown, headers?: Record<string, string>): Promise<ApiAnswer>;
  put(path: string, body?: unknown, headers?: Record<string, string>): Promise<ApiAnswer>;
  patch(path: string, body?: unknown, headers?: Record<string, string>): Promise<ApiAnswer>;
  delete(path: string, headers?: Record<string, string>): Promise<ApiAnswer>;
}

export async function send(url: string, method: string, body: unknown, headers: Record<string, string>): Promise<ApiAnswer> {
  const res = await fetch(url, {
    method,
    headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, body: json, text, headers: res.headers };
}

export function clientWithHeaders(apiUrl: string, username: string, auth: Record<string, string>): ApiClient {
  return {
    username,
    get: (path, headers = {}) => send(`${apiUrl}${path}`, 'GET', undefined, { ...auth, ...headers }),
    post: (path, body, headers = {}) => send(`${apiUrl}${path}`, 'POST', body ?? {}, { ...auth, ...headers }),
    put: (path, body, headers = {}) => send(`${apiUrl}${path}`, 'PUT', body ?? {}, { ...auth, ...headers }),
    patch: (path, body, headers = {}) => send(`${apiUrl}${path}`, 'PATCH', body ?? {}, { ...auth, ...headers }),
    delete: (path, headers = {}) => send(`${apiUrl}${path}`, 'DELETE', undefined, { ...auth, ...headers }),
  };
}

export async function signIn(apiUrl: string, username: string): Promise<ApiClient> {
  return clientWithHeaders(apiUrl, username, {});
}
