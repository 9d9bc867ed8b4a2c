/** A grouped bar chart: one group per workload, one bar per series (client or broker) in each group. */
export interface BarChart {
  readonly title: string;
  /** The y axis, e.g. `msg/s`. */
  readonly unit: string;
  readonly groups: readonly BarGroup[];
}

export interface BarGroup {
  readonly label: string;
  /** `value` undefined: the configuration failed; the bar's place says so. */
  readonly bars: readonly { readonly series: string; readonly value: number | undefined }[];
}

const WIDTH = 760;
const HEIGHT = 380;
const MARGIN = { left: 80, right: 20, top: 44, bottom: 78 };
const PLOT_WIDTH = WIDTH - MARGIN.left - MARGIN.right;
const PLOT_HEIGHT = HEIGHT - MARGIN.top - MARGIN.bottom;
const TICKS = 5;
const MAX_BAR_WIDTH = 90;
const PALETTE = ["#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#b07aa1"];

/** The smallest 1, 2, 2.5 or 5 × 10^n at or above `value`, so the axis has round ticks; 1 for nothing. */
export function niceMax(value: number): number {
  if (!(value > 0) || !Number.isFinite(value)) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  const step = [1, 2, 2.5, 5, 10].find((factor) => factor * power >= value) ?? 10;
  return step * power;
}

/** Escapes text for XML content and attribute values. */
export function escapeXml(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;");
}

function formatValue(value: number): string {
  const digits = value >= 100 || Number.isInteger(value) ? 0 : 1;
  return new Intl.NumberFormat("en-US", { maximumFractionDigits: digits }).format(value);
}

const px = (value: number) => Number(value.toFixed(2)).toString();

/** The chart as a standalone SVG document: bar heights proportional to values on an axis from 0. */
export function renderBarChart(chart: BarChart): string {
  const series = [...new Set(chart.groups.flatMap((group) => group.bars.map((bar) => bar.series)))];
  const colour = (name: string) => PALETTE[series.indexOf(name) % PALETTE.length] as string;
  const values = chart.groups.flatMap((group) => group.bars.flatMap((bar) => bar.value ?? []));
  const top = niceMax(Math.max(0, ...values.filter(Number.isFinite)));
  const y = (value: number) => MARGIN.top + PLOT_HEIGHT - (Math.min(value, top) / top) * PLOT_HEIGHT;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="sans-serif" font-size="12">`,
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="#ffffff"/>`,
    `<text x="${WIDTH / 2}" y="24" text-anchor="middle" font-size="15" font-weight="bold">${escapeXml(chart.title)}</text>`,
  ];
  for (let tick = 0; tick <= TICKS; tick++) {
    const value = (top / TICKS) * tick;
    out.push(
      `<line x1="${MARGIN.left}" x2="${WIDTH - MARGIN.right}" y1="${px(y(value))}" y2="${px(y(value))}" stroke="#dddddd"/>`,
      `<text x="${MARGIN.left - 6}" y="${px(y(value) + 4)}" text-anchor="end">${formatValue(value)}</text>`,
    );
  }
  out.push(
    `<text transform="translate(18 ${MARGIN.top + PLOT_HEIGHT / 2}) rotate(-90)" text-anchor="middle">${escapeXml(chart.unit)}</text>`,
  );
  const groupWidth = PLOT_WIDTH / Math.max(1, chart.groups.length);
  chart.groups.forEach((group, g) => {
    const left = MARGIN.left + g * groupWidth;
    const barWidth = Math.min(MAX_BAR_WIDTH, (groupWidth * 0.8) / Math.max(1, group.bars.length));
    const first = left + (groupWidth - barWidth * group.bars.length) / 2;
    group.bars.forEach((bar, b) => {
      const x = first + b * barWidth;
      const middle = px(x + barWidth / 2);
      if (bar.value === undefined) {
        out.push(
          `<text x="${middle}" y="${MARGIN.top + PLOT_HEIGHT - 4}" text-anchor="middle" fill="#c00000">failed</text>`,
        );
        return;
      }
      const barTop = y(bar.value);
      out.push(
        `<rect x="${px(x + 2)}" y="${px(barTop)}" width="${px(barWidth - 4)}" height="${px(MARGIN.top + PLOT_HEIGHT - barTop)}" fill="${colour(bar.series)}"><title>${escapeXml(`${group.label}, ${bar.series}: ${formatValue(bar.value)} ${chart.unit}`)}</title></rect>`,
        `<text x="${middle}" y="${px(barTop - 4)}" text-anchor="middle">${formatValue(bar.value)}</text>`,
      );
    });
    out.push(
      `<text x="${px(left + groupWidth / 2)}" y="${MARGIN.top + PLOT_HEIGHT + 18}" text-anchor="middle">${escapeXml(group.label)}</text>`,
    );
  });
  out.push(
    `<line x1="${MARGIN.left}" x2="${WIDTH - MARGIN.right}" y1="${MARGIN.top + PLOT_HEIGHT}" y2="${MARGIN.top + PLOT_HEIGHT}" stroke="#333333"/>`,
  );
  const legendY = HEIGHT - 22;
  let x = MARGIN.left;
  series.forEach((name) => {
    out.push(
      `<rect x="${px(x)}" y="${legendY - 10}" width="12" height="12" fill="${colour(name)}"/>`,
      `<text x="${px(x + 18)}" y="${legendY}">${escapeXml(name)}</text>`,
    );
    x += 18 + name.length * 7 + 28; // about 7 px per character at 12 px
  });
  out.push("</svg>", "");
  return out.join("\n");
}
