/** The request body as the SDK takes it: JSON text verbatim, multipart as FormData (fetch sets its boundary). */
import type { ExecutableRequest, MultipartPart } from '../requests/request-model';

/** The body and headers to hand to the SDK: JSON text verbatim, multipart as FormData. */
export function encodeBody(request: ExecutableRequest): { body: string | FormData | undefined; headers: Record<string, string> } {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) headers[name] = value;
  const hasContentType = Object.keys(headers).some((n) => n.toLowerCase() === 'content-type');
  switch (request.body.kind) {
    case 'none':
      return { body: undefined, headers };
    case 'json':
      if (!hasContentType) headers['content-type'] = 'application/json';
      return { body: request.body.text, headers };
    case 'multipart': {
      // fetch writes the multipart content type with its boundary.
      for (const name of Object.keys(headers)) if (name.toLowerCase() === 'content-type') delete headers[name];
      return { body: toFormData(request.body.parts), headers };
    }
  }
}

function toFormData(parts: readonly MultipartPart[]): FormData {
  const form = new FormData();
  for (const part of parts) {
    if (part.kind === 'field') form.append(part.name, part.value);
    else form.append(part.name, new Blob([part.data.slice()], { type: part.contentType ?? 'application/octet-stream' }), part.filename);
  }
  return form;
}
