import { create as contentDisposition } from 'content-disposition';
import type { FastifyReply } from 'fastify';

/** Document types the synthesis, chart, findings and characteristics downloads answer with. */
export const DOCUMENT_TYPES = {
  csv: 'text/csv; charset=utf-8',
  md: 'text/markdown; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
} as const;

/** A file download: its name (any characters, encoded for the header), its type, never cached (it holds review data). */
export function download(reply: FastifyReply, name: string, type: string, body: string | Buffer) {
  return reply.header('Content-Type', type).header('Content-Disposition', contentDisposition(name)).header('Cache-Control', 'private, no-store').send(body);
}
