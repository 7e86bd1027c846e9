import { binarySignature, looksBinary } from './binary-check.js';
import { UnreadableFileError } from './errors.js';

export interface DecodedText {
  /** With CR/CRLF turned into LF and byte-order marks and U+FFFD removed. */
  text: string;
  encoding: string;
  warnings: string[];
}

const startsWith = (bytes: Uint8Array, ...prefix: number[]) => prefix.every((b, i) => bytes[i] === b);

/**
 * Decodes an upload: BOM first, then UTF-16 without BOM (NUL-byte pattern), then strict UTF-8,
 * and only then Windows-1252 (a superset of Latin-1 for printable text) with a warning, because a
 * wrong guess there shows up as wrong accents rather than as an error.
 */
export function decodeBytes(bytes: Uint8Array, fileName = 'The file'): DecodedText {
  if (bytes.length === 0) throw new UnreadableFileError(`${fileName} is empty (0 bytes).`);
  const binary = binarySignature(bytes);
  if (binary) {
    throw new UnreadableFileError(`${fileName} is ${binary}, not a reference export. Export the references as RIS, BibTeX, PubMed, Web of Science, EndNote, CSL-JSON or CSV and upload that file.`);
  }

  const warnings: string[] = [];
  const { text: decoded, encoding } = decodeWithGuess(bytes, fileName, warnings);

  if (looksBinary(decoded)) {
    throw new UnreadableFileError(`${fileName} contains binary data (control characters), so it is not a text reference export.`);
  }
  const replacements = countOf(decoded, '\uFFFD');
  if (replacements > 0) {
    warnings.push(`The file already contained ${replacements} replacement character(s) (U+FFFD, left by an earlier encoding error); they were removed, so check accented letters.`);
  }
  let text = decoded.replace(/[\uFEFF\uFFFD]/g, '');
  if (text.includes('\r')) text = text.replace(/\r\n?/g, '\n');
  if (text.trim() === '') throw new UnreadableFileError(`${fileName} contains only blank lines.`);
  return { text, encoding, warnings };
}

function decodeWithGuess(bytes: Uint8Array, fileName: string, warnings: string[]): { text: string; encoding: string } {
  if (startsWith(bytes, 0xef, 0xbb, 0xbf)) {
    const body = bytes.subarray(3);
    const text = strict('utf-8', body);
    if (text !== null) return { text, encoding: 'utf-8-bom' };
    warnings.push('The file starts with a UTF-8 byte-order mark but is not valid UTF-8; it was read as Windows-1252 (Latin-1). Check accented letters.');
    return { text: windows1252(body), encoding: 'windows-1252' };
  }
  const utf16 = startsWith(bytes, 0xff, 0xfe) ? 'utf-16le' : startsWith(bytes, 0xfe, 0xff) ? 'utf-16be' : utf16WithoutBom(bytes);
  if (utf16) {
    const text = strict(utf16, bytes);
    if (text === null) throw new UnreadableFileError(`${fileName} looks like UTF-16 text but contains invalid character sequences.`);
    return { text, encoding: utf16 };
  }
  if (bytes.subarray(0, 65_536).includes(0)) {
    throw new UnreadableFileError(`${fileName} contains NUL bytes, so it is a binary file, not a text reference export.`);
  }
  const utf8 = strict('utf-8', bytes);
  if (utf8 !== null) return { text: utf8, encoding: 'utf-8' };
  warnings.push('The file is not valid UTF-8; it was read as Windows-1252 (Latin-1). Check that accented letters look right; if not, save the export as UTF-8 and upload it again.');
  return { text: windows1252(bytes), encoding: 'windows-1252' };
}

// Windows-1252 printable characters at 0x80–0x9F; the five unassigned bytes stay C1 controls, which cleaning removes.
const CP1252_HIGH = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008DŽ\u008F\u0090‘’“”•–—˜™š›œ\u009DžŸ';

/**
 * Node 20's TextDecoder('windows-1252') decodes 0x80–0x9F as Latin-1 control characters, losing curly
 * quotes, dashes and the euro sign, so the upper range is mapped here.
 */
function windows1252(bytes: Uint8Array): string {
  return new TextDecoder('latin1').decode(bytes).replace(/[\u0080-\u009F]/g, (c) => CP1252_HIGH.charAt(c.charCodeAt(0) - 0x80));
}

function strict(encoding: string, bytes: Uint8Array): string | null {
  try {
    // ignoreBOM keeps a BOM in the text; it is stripped afterwards with any stray ones.
    return new TextDecoder(encoding, { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return null;
  }
}

/** Mostly-ASCII UTF-16 has a NUL in every other byte: odd positions for LE, even for BE. */
function utf16WithoutBom(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  const end = Math.min(bytes.length - (bytes.length % 2), 4096);
  if (end < 4) return null;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < end; i += 2) {
    if (bytes[i] === 0) evenZeros++;
    if (bytes[i + 1] === 0) oddZeros++;
  }
  const pairs = end / 2;
  if (oddZeros > pairs * 0.4 && evenZeros < pairs * 0.05) return 'utf-16le';
  if (evenZeros > pairs * 0.4 && oddZeros < pairs * 0.05) return 'utf-16be';
  return null;
}

function countOf(text: string, char: string): number {
  let count = 0;
  for (let i = text.indexOf(char); i !== -1; i = text.indexOf(char, i + 1)) count++;
  return count;
}
