import type { ApiErrorBody } from '@crosswalk/shared';

/** A failed API call, carrying the server's stable error id and its message for people. */
export class ApiError extends Error {
  readonly status: number;
  readonly id: string;
  readonly fields: { path: string; message: string }[];

  constructor(status: number, id: string, message: string, fields: { path: string; message: string }[] = []) {
    super(message);
    this.status = status;
    this.id = id;
    this.fields = fields;
  }
}

let signInRefused: (() => void) | null = null;

/** Called whenever the server answers 401 (the sign-in cookie is missing, ended or expired). */
export function onSignInRefused(handler: () => void): void {
  signInRefused = handler;
}

async function send(method: string, path: string, body?: unknown): Promise<Response> {
  try {
    return await fetch(`/api${path}`, {
      method,
      credentials: 'same-origin',
      headers:
        body === undefined
          ? { accept: 'application/json' }
          : { 'content-type': 'application/json', accept: 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, 'network', 'Crosswalk could not be reached. Check your internet connection and try again.');
  }
}

/** The server's refusal as an ApiError (and the sign-in ended, on 401). */
async function failure(response: Response, path: string): Promise<ApiError> {
  const data: unknown = await response.json().catch(() => undefined);
  const error = (data as ApiErrorBody | undefined)?.error;
  if (response.status === 401 && path !== '/auth/login') {
    signInRefused?.();
  }
  return new ApiError(
    response.status,
    error?.id ?? 'unknown',
    error?.message ?? `Something went wrong (status ${response.status}). Please try again.`,
    error?.fields ?? [],
  );
}

async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  const response = await send(method, path, body);
  if (response.status === 204) {
    return undefined as T;
  }
  if (!response.ok) {
    throw await failure(response, path);
  }
  return (await response.json().catch(() => undefined)) as T;
}

/** A file the server sends as an attachment, with the name it gives it. */
export interface DownloadedFile {
  blob: Blob;
  fileName: string;
}

async function download(path: string, fallbackName: string): Promise<DownloadedFile> {
  const response = await send('GET', path);
  if (!response.ok) {
    throw await failure(response, path);
  }
  const named = /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1];
  try {
    return { blob: await response.blob(), fileName: named ?? fallbackName };
  } catch {
    throw new ApiError(0, 'network', 'The download stopped before it finished. Check your connection and try again.');
  }
}

/** The browser's only way to talk to `/api`. */
export const api = {
  get: <T>(path: string) => request<T>('GET', path),
  post: <T>(path: string, body: unknown = {}) => request<T>('POST', path, body),
  put: <T>(path: string, body: unknown) => request<T>('PUT', path, body),
  patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, body),
  delete: <T>(path: string) => request<T>('DELETE', path),
  download,
};

/** The words to show for any failure: the server's message, or the error's own. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
