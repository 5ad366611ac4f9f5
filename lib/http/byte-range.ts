// One HTTP byte range (RFC 9110, section 14): "bytes=first-last", "bytes=first-" or the suffix
// "bytes=-length". Several ranges or anything else are refused (416), never guessed at.

export interface ByteRange {
  /** first byte, inclusive */
  start: number;
  /** last byte, inclusive */
  end: number;
}

/** The range a Range header asks of a resource of `size` bytes, or null when it is malformed or unsatisfiable. */
export function parseByteRange(header: string, size: number): ByteRange | null {
  const m = /^bytes=(\d{0,15})-(\d{0,15})$/.exec(header.trim());
  if (!m || (m[1] === '' && m[2] === '')) return null;
  if (m[1] === '') {
    const length = Number(m[2]); // suffix: the last `length` bytes
    return length > 0 && size > 0 ? { start: Math.max(0, size - length), end: size - 1 } : null;
  }
  const start = Number(m[1]);
  const end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  return start < size && start <= end ? { start, end } : null;
}
