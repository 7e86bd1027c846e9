/** File signatures of things people upload by mistake instead of a reference export. */
const SIGNATURES: ReadonlyArray<{ bytes: readonly number[]; kind: string }> = [
  { bytes: [0x50, 0x4b, 0x03, 0x04], kind: 'a ZIP archive (or a .docx/.xlsx file, which are ZIP archives)' },
  { bytes: [0x50, 0x4b, 0x05, 0x06], kind: 'an empty ZIP archive' },
  { bytes: [0x25, 0x50, 0x44, 0x46, 0x2d], kind: 'a PDF document' },
  { bytes: [0x1f, 0x8b], kind: 'a gzip-compressed file' },
  { bytes: [0x42, 0x5a, 0x68], kind: 'a bzip2-compressed file' },
  { bytes: [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c], kind: 'a 7-Zip archive' },
  { bytes: [0x52, 0x61, 0x72, 0x21, 0x1a, 0x07], kind: 'a RAR archive' },
  { bytes: [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00], kind: 'an xz-compressed file' },
  { bytes: [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1], kind: 'an old Microsoft Office file (.doc/.xls)' },
  { bytes: [0x89, 0x50, 0x4e, 0x47], kind: 'a PNG image' },
  { bytes: [0xff, 0xd8, 0xff], kind: 'a JPEG image' },
  { bytes: [0x47, 0x49, 0x46, 0x38], kind: 'a GIF image' },
  { bytes: [0x53, 0x51, 0x4c, 0x69, 0x74, 0x65, 0x20, 0x66], kind: 'an SQLite database' },
  { bytes: [0x7f, 0x45, 0x4c, 0x46], kind: 'an executable program' },
];

/** Names the kind of binary file these bytes start with, or null when they do not match a known signature. */
export function binarySignature(bytes: Uint8Array): string | null {
  for (const { bytes: magic, kind } of SIGNATURES) {
    if (bytes.length >= magic.length && magic.every((b, i) => bytes[i] === b)) return kind;
  }
  return null;
}

const SAMPLE = 65_536;

/** True when the start of the text has more control characters than any text export would (binary data). */
export function looksBinary(text: string): boolean {
  const end = Math.min(text.length, SAMPLE);
  let controls = 0;
  for (let i = 0; i < end; i++) {
    const c = text.charCodeAt(i);
    // NUL is never in a text export; other C0 controls (bar tab, LF, FF, CR) only as rare strays.
    if (c === 0) return true;
    if (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0c && c !== 0x0d) controls++;
  }
  return controls > Math.max(8, end / 100);
}
