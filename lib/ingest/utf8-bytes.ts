// Byte-level checks of CSV text that was decoded as latin1 (one char per byte): is a record
// valid UTF-8 without NULs, and how to show bytes that are not, without ever producing a NUL
// (PostgreSQL text cannot hold one) or a U+FFFD replacement character.
import { isUtf8 } from 'node:buffer';

export const NUL_BYTE = 'NUL byte';
export const INVALID_UTF8 = 'invalid UTF-8 byte sequence';
export const REPLACEMENT_CHAR = 'replacement character U+FFFD (the text was mis-decoded before)';

/** Why latin1 text (bytes) is unusable as UTF-8 text, or null when it is fine. */
export function byteIssue(latin1: string): string | null {
  if (latin1.includes('\0')) return NUL_BYTE;
  const bytes = Buffer.from(latin1, 'latin1');
  if (!isUtf8(bytes)) {
    const at = firstInvalid(bytes);
    return `${INVALID_UTF8} (0x${hex(bytes[at])} at byte ${at + 1} of the row)`;
  }
  if (bytes.toString('utf8').includes('\uFFFD')) return REPLACEMENT_CHAR;
  return null;
}

/** latin1 text (bytes) -> the UTF-8 text it encodes; the caller made sure it is valid. */
export function utf8(latin1: string): string {
  return HIGH.test(latin1) ? Buffer.from(latin1, 'latin1').toString('utf8') : latin1;
}

/**
 * latin1 text (bytes) -> displayable text: valid UTF-8 decoded, NULs and invalid bytes shown
 * as \xNN and U+FFFD as \uFFFD, so the raw text of a rejected row can always be stored.
 */
export function displayText(latin1: string): string {
  if (!NUL_OR_HIGH.test(latin1)) return latin1;
  const bytes = Buffer.from(latin1, 'latin1');
  let out = '';
  for (let i = 0; i < bytes.length;) {
    const n = bytes[i] === 0 ? 0 : sequenceLength(bytes, i);
    if (n === 0) {
      out += `\\x${hex(bytes[i])}`;
      i++;
      continue;
    }
    const ch = bytes.toString('utf8', i, i + n);
    out += ch === '\uFFFD' ? '\\uFFFD' : ch;
    i += n;
  }
  return out;
}

const HIGH = /[\x80-\xff]/;
const NUL_OR_HIGH = /[\0\x80-\xff]/;
const hex = (b: number) => b.toString(16).toUpperCase().padStart(2, '0');
const cont = (b: number | undefined, lo = 0x80, hi = 0xbf) => b !== undefined && b >= lo && b <= hi;

function firstInvalid(bytes: Buffer): number {
  for (let i = 0; i < bytes.length;) {
    const n = sequenceLength(bytes, i);
    if (n === 0) return i;
    i += n;
  }
  return 0;
}

/** Length of the well-formed UTF-8 sequence at i (Unicode table 3-7), 0 when there is none. */
function sequenceLength(b: Buffer, i: number): number {
  const c = b[i];
  if (c < 0x80) return 1;
  if (c >= 0xc2 && c <= 0xdf) return cont(b[i + 1]) ? 2 : 0;
  if (c >= 0xe0 && c <= 0xef) {
    const [lo, hi] = c === 0xe0 ? [0xa0, 0xbf] : c === 0xed ? [0x80, 0x9f] : [0x80, 0xbf];
    return cont(b[i + 1], lo, hi) && cont(b[i + 2]) ? 3 : 0;
  }
  if (c >= 0xf0 && c <= 0xf4) {
    const [lo, hi] = c === 0xf0 ? [0x90, 0xbf] : c === 0xf4 ? [0x80, 0x8f] : [0x80, 0xbf];
    return cont(b[i + 1], lo, hi) && cont(b[i + 2]) && cont(b[i + 3]) ? 4 : 0;
  }
  return 0;
}
