// A tiny log-log line chart as an SVG fragment (no dependency: a few polylines, ticks at 1-2-5
// steps of each decade), for docs/benchmark-latency.svg.

export interface Series {
  name: string;
  color: string;
  dashed?: boolean;
  points: [number, number][];
}

export interface ChartSpec {
  title: string;
  xLabel: string;
  yLabel: string;
  series: Series[];
  /** top-left corner and size of the panel inside the whole SVG */
  x: number;
  y: number;
  width: number;
  height: number;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function logTicks(min: number, max: number): number[] {
  const ticks: number[] = [];
  for (let e = Math.floor(Math.log10(min)); e <= Math.ceil(Math.log10(max)); e++) {
    for (const m of [1, 2, 5]) {
      const t = m * 10 ** e;
      if (t >= min && t <= max) ticks.push(t);
    }
  }
  return ticks;
}

function label(n: number): string {
  if (n >= 1e6) return `${+(n / 1e6).toPrecision(3)}M`;
  if (n >= 1e3) return `${+(n / 1e3).toPrecision(3)}k`;
  return `${+n.toPrecision(3)}`;
}

/** Extent padded to whole 1-2-5 steps so ticks frame the data. */
function extent(values: number[]): [number, number] {
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  const down = (v: number) => { const e = 10 ** Math.floor(Math.log10(v)); return [5, 2, 1].map((m) => m * e).find((t) => t <= v)!; };
  const up = (v: number) => { const e = 10 ** Math.floor(Math.log10(v)); return [1, 2, 5, 10].map((m) => m * e).find((t) => t >= v)!; };
  return lo === hi ? [down(lo) / 2, up(hi) * 2] : [down(lo), up(hi)];
}

export function logLogChart(c: ChartSpec): string {
  const pad = { left: 64, right: 150, top: 32, bottom: 44 };
  const pw = c.width - pad.left - pad.right;
  const ph = c.height - pad.top - pad.bottom;
  const all = c.series.flatMap((s) => s.points).filter(([x, y]) => x > 0 && y > 0);
  if (!all.length) return `<g transform="translate(${c.x},${c.y})"><text x="${pad.left}" y="${pad.top}">${esc(c.title)}: no data</text></g>`;
  const [x0, x1] = extent(all.map((p) => p[0]));
  const [y0, y1] = extent(all.map((p) => p[1]));
  const sx = (v: number) => pad.left + ((Math.log(v) - Math.log(x0)) / (Math.log(x1) - Math.log(x0))) * pw;
  const sy = (v: number) => pad.top + ph - ((Math.log(v) - Math.log(y0)) / (Math.log(y1) - Math.log(y0))) * ph;
  const out: string[] = [`<g transform="translate(${c.x},${c.y})" font-family="sans-serif" font-size="11">`,
    `<text x="${pad.left}" y="18" font-size="14" font-weight="bold">${esc(c.title)}</text>`,
    `<rect x="${pad.left}" y="${pad.top}" width="${pw}" height="${ph}" fill="none" stroke="#999"/>`];
  for (const t of logTicks(x0, x1)) out.push(`<line x1="${sx(t)}" x2="${sx(t)}" y1="${pad.top}" y2="${pad.top + ph}" stroke="#eee"/><text x="${sx(t)}" y="${pad.top + ph + 14}" text-anchor="middle">${label(t)}</text>`);
  for (const t of logTicks(y0, y1)) out.push(`<line x1="${pad.left}" x2="${pad.left + pw}" y1="${sy(t)}" y2="${sy(t)}" stroke="#eee"/><text x="${pad.left - 6}" y="${sy(t) + 4}" text-anchor="end">${label(t)}</text>`);
  out.push(`<text x="${pad.left + pw / 2}" y="${c.height - 8}" text-anchor="middle">${esc(c.xLabel)}</text>`,
    `<text transform="translate(14,${pad.top + ph / 2}) rotate(-90)" text-anchor="middle">${esc(c.yLabel)}</text>`);
  c.series.forEach((s, i) => {
    const pts = s.points.filter(([x, y]) => x > 0 && y > 0).sort((a, b) => a[0] - b[0]);
    const dash = s.dashed ? ' stroke-dasharray="5,3"' : '';
    out.push(`<polyline fill="none" stroke="${s.color}" stroke-width="2"${dash} points="${pts.map(([x, y]) => `${sx(x).toFixed(1)},${sy(y).toFixed(1)}`).join(' ')}"/>`);
    for (const [x, y] of pts) out.push(`<circle cx="${sx(x).toFixed(1)}" cy="${sy(y).toFixed(1)}" r="3" fill="${s.color}"><title>${esc(s.name)}: ${label(y)} at ${label(x)} rows</title></circle>`);
    const ly = pad.top + 8 + i * 16;
    out.push(`<line x1="${pad.left + pw + 10}" x2="${pad.left + pw + 30}" y1="${ly}" y2="${ly}" stroke="${s.color}" stroke-width="2"${dash}/><text x="${pad.left + pw + 34}" y="${ly + 4}">${esc(s.name)}</text>`);
  });
  out.push('</g>');
  return out.join('\n');
}
