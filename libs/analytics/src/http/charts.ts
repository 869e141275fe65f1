/**
 * A daily series as an SVG line chart, rendered on the server: the values, their 7-day moving
 * average dashed, the first and last day under the axis and the largest value beside it. Text is
 * escaped; the numbers are ours.
 */
export function lineChartSvg(title: string, points: readonly { day: string; value: number; movingAverage7: number | null }[]): string {
  const width = 640;
  const height = 320;
  const left = 56;
  const right = 16;
  const top = 36;
  const bottom = 40;
  const max = Math.max(1, ...points.map((point) => point.value));
  const x = (index: number) => left + (points.length <= 1 ? 0 : (index * (width - left - right)) / (points.length - 1));
  const y = (value: number) => top + (height - top - bottom) * (1 - value / max);
  const line = (values: (number | null)[]) =>
    values
      .map((value, index) => (value === null ? null : `${x(index).toFixed(1)},${y(value).toFixed(1)}`))
      .filter((point): point is string => point !== null)
      .join(' ');
  const first = points[0]?.day ?? '';
  const last = points.at(-1)?.day ?? '';
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escape(title)}">`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="${left}" y="22" font-family="sans-serif" font-size="14">${escape(title)}</text>`,
    `<line x1="${left}" y1="${height - bottom}" x2="${width - right}" y2="${height - bottom}" stroke="#888"/>`,
    `<line x1="${left}" y1="${top}" x2="${left}" y2="${height - bottom}" stroke="#888"/>`,
    `<text x="${left - 6}" y="${top + 4}" font-family="sans-serif" font-size="11" text-anchor="end">${formatNumber(max)}</text>`,
    `<text x="${left - 6}" y="${height - bottom + 4}" font-family="sans-serif" font-size="11" text-anchor="end">0</text>`,
    `<text x="${left}" y="${height - 18}" font-family="sans-serif" font-size="11">${escape(first)}</text>`,
    `<text x="${width - right}" y="${height - 18}" font-family="sans-serif" font-size="11" text-anchor="end">${escape(last)}</text>`,
    `<polyline fill="none" stroke="#1f6feb" stroke-width="2" points="${line(points.map((point) => point.value))}"/>`,
    `<polyline fill="none" stroke="#d29922" stroke-width="2" stroke-dasharray="6 4" points="${line(points.map((point) => point.movingAverage7))}"/>`,
    '</svg>',
  ].join('\n');
}

function formatNumber(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(2);
}

function escape(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');
}

/** Rows as CSV (RFC 4180): a header, then one line per row; cells quoted where they must be. */
export function toCsv(header: readonly string[], rows: readonly (readonly (string | number | null)[])[]): string {
  const cell = (value: string | number | null) => {
    const text = value === null ? '' : String(value);
    return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
  };
  return [header, ...rows].map((row) => row.map(cell).join(',')).join('\r\n') + '\r\n';
}
