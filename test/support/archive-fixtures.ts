import { createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { openPromise } from 'yauzl';
import { ZipFile } from 'yazl';

/** A small RIS export the tests write themselves: one record per entry, in file order. */
export function risExport(records: ReadonlyArray<{ title: string; doi?: string; year?: number; author?: string; abstract?: string }>): string {
  return records
    .map((r) => [
      'TY  - JOUR',
      `AU  - ${r.author ?? 'Maruna, Shadd'}`,
      `TI  - ${r.title}`,
      `PY  - ${r.year ?? 2020}`,
      'JO  - Probation Journal',
      ...(r.doi ? [`DO  - ${r.doi}`] : []),
      `AB  - ${r.abstract ?? `An abstract about ${r.title.toLowerCase()}.`}`,
      'ER  - ',
    ].join('\r\n'))
    .join('\r\n\r\n') + '\r\n';
}

/** Every entry of a zip, whole (test archives are small). */
export async function readZip(file: string): Promise<Map<string, Buffer>> {
  const zip = await openPromise(file, { lazyEntries: true, autoClose: false });
  const entries = new Map<string, Buffer>();
  for await (const entry of zip.eachEntry()) {
    const chunks: Buffer[] = [];
    for await (const chunk of await zip.openReadStreamPromise(entry)) chunks.push(chunk as Buffer);
    entries.set(entry.fileName, Buffer.concat(chunks));
  }
  zip.close();
  return entries;
}

/**
 * Writes a copy of a zip with entries changed, dropped (`null`) or added, the way someone
 * tampering with an archive would: the zip itself stays valid, only its content lies.
 */
export async function rewriteZip(
  from: string,
  to: string,
  edit: (path: string, bytes: Buffer) => Buffer | null,
  added: ReadonlyArray<{ path: string; bytes: Buffer }> = [],
): Promise<void> {
  const zip = new ZipFile();
  for (const [path, bytes] of await readZip(from)) {
    const changed = edit(path, bytes);
    if (changed !== null) zip.addBuffer(changed, path);
  }
  // yazl refuses names such as "../x", as a zip library should: write a same-length stand-in, then
  // put the hostile name into the bytes (local header and central directory alike).
  const standIns = added.map(({ path }, i) => `${String.fromCharCode(97 + i)}`.repeat(path.length));
  added.forEach(({ bytes }, i) => zip.addBuffer(bytes, standIns[i]!));
  zip.end();
  const chunks: Buffer[] = [];
  for await (const chunk of zip.outputStream) chunks.push(chunk as Buffer);
  let out: Buffer = Buffer.concat(chunks);
  added.forEach(({ path }, i) => { out = replaceAll(out, Buffer.from(standIns[i]!), Buffer.from(path)); });
  await pipeline(Readable.from([out]), createWriteStream(to));
}

function replaceAll(haystack: Buffer, from: Buffer, to: Buffer): Buffer {
  const out = Buffer.from(haystack);
  for (let at = out.indexOf(from); at >= 0; at = out.indexOf(from, at + from.length)) to.copy(out, at);
  return out;
}

/** A page's HTML without what differs between two servers showing the same data (CSRF tokens, a flash message). */
export function comparablePage(html: string): string {
  const main = /<main[\s\S]*<\/main>/.exec(html)?.[0] ?? html;
  return main
    .replace(/<div class="alert alert-ok" role="status">[^<]*<\/div>/g, '').replace(/(name="(?:_csrf|_once|shown)" value=|hx-headers[^=]*=)"[^"]*"/g, '$1""').replace(/&quot;x-csrf-token&quot;:&quot;[^&]*&quot;/gi, '');
}
