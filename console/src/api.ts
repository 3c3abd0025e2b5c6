// The console's HTTP client: same-origin JSON with the session cookie, the CSRF header on every state
// change, and refusals as ApiError carrying the server's Vietnamese message.
import { CSRF_HEADER, type ErrorBody } from '@luot/contract';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly messageVi: string,
    readonly detail?: string,
  ) {
    super(messageVi);
  }
}

/** Called when the session has ended (401): the app shows the sign-in screen. */
let onSignedOut: () => void = () => undefined;
export const whenSignedOut = (fn: () => void) => (onSignedOut = fn);

export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(method === 'GET' ? {} : { [CSRF_HEADER]: '1' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, 'NETWORK', 'Mất kết nối tới máy chủ, vui lòng thử lại');
  }
  return answerOf<T>(res);
}

/** Sends a file as the request body (its bytes; the server recognises its type by them). */
export async function upload<T>(path: string, file: Blob): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': file.type || 'application/octet-stream', [CSRF_HEADER]: '1' },
      body: file,
    });
  } catch {
    throw new ApiError(0, 'NETWORK', 'Mất kết nối tới máy chủ, vui lòng thử lại');
  }
  return answerOf<T>(res);
}

async function answerOf<T>(res: Response): Promise<T> {
  if (res.status === 204) return undefined as T;
  const data: unknown = await res.json().catch(() => null);
  if (!res.ok) {
    const err = data as Partial<ErrorBody> | null;
    if (res.status === 401 && err?.code === 'UNAUTHENTICATED') onSignedOut();
    throw new ApiError(res.status, err?.code ?? 'INTERNAL', err?.messageVi ?? `Lỗi ${res.status}`, err?.detail);
  }
  return data as T;
}

/** The refusal as shown to the officer: the Vietnamese message and, when it helps, the detail. */
const SHOW_DETAIL = new Set(['FIELD_INVALID', 'APPLICANT_INVALID', 'FILE_TOO_LARGE']);
export const describe = (err: unknown) =>
  err instanceof ApiError
    ? err.detail && (err.status !== 400 || SHOW_DETAIL.has(err.code))
      ? `${err.messageVi} (${err.detail})`
      : err.messageVi
    : String(err);
