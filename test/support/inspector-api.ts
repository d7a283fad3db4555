/** The inspector API asked in process (Hono's app.request): a status and the parsed JSON body. */
export interface ApiAnswer<T> {
  readonly status: number;
  readonly body: T;
}

export async function apiJson<T>(app: { request(path: string): Response | Promise<Response> }, path: string): Promise<ApiAnswer<T>> {
  const response = await app.request(path);
  return { status: response.status, body: (await response.json()) as T };
}
