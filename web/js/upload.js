// A document's way in: declare it (name, type, size, SHA-256 computed here), PUT the bytes to the
// presigned URL with exactly the headers the API returned, then ask the API to check it.
import { api, newKey } from "./api.js";

async function sha256Hex(buffer) {
  const digest = await crypto.subtle.digest("SHA-256", buffer);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

export async function uploadDocument(file, declarePath, confirmPath) {
  const bytes = await file.arrayBuffer();
  const ticket = await api(declarePath, {
    method: "POST",
    idempotencyKey: newKey(),
    body: { name: file.name, content_type: file.type || "application/octet-stream", size: bytes.byteLength,
            sha256: await sha256Hex(bytes) },
  });
  // Content-Length is the browser's to set (a forbidden header); it equals the declared size.
  const headers = Object.fromEntries(Object.entries(ticket.upload.headers)
    .filter(([name]) => name.toLowerCase() !== "content-length"));
  const put = await fetch(ticket.upload.url, { method: ticket.upload.method, headers, body: bytes });
  if (!put.ok) throw new Error(`upload: HTTP ${put.status}`);
  return api(confirmPath(ticket.document_id), { method: "POST" });
}
