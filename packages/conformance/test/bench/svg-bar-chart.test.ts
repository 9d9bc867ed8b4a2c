import { describe, expect, it } from "vitest";
import { escapeXml, niceMax, renderBarChart, type BarChart } from "../../src/bench/svg-bar-chart";

/**
 * Checks XML well-formedness the strict way an SVG viewer needs: one root, every tag closed in order,
 * attributes quoted, no raw `<` or stray `&` in text. Returns the element names in document order.
 */
function checkWellFormed(xml: string): string[] {
  const names: string[] = [];
  const open: string[] = [];
  let rest = xml.trim();
  let roots = 0;
  while (rest.length > 0) {
    const lt = rest.indexOf("<");
    const text = lt === -1 ? rest : rest.slice(0, lt);
    if (/&(?!(amp|lt|gt|quot|apos);)/.test(text)) throw new Error(`bad entity in text: ${text}`);
    if (text.trim() !== "" && open.length === 0) throw new Error(`text outside the root: ${text}`);
    if (lt === -1) break;
    const gt = rest.indexOf(">", lt);
    if (gt === -1) throw new Error("unterminated tag");
    const tag = rest.slice(lt + 1, gt);
    rest = rest.slice(gt + 1);
    if (tag.startsWith("/")) {
      const name = tag.slice(1).trim();
      if (open.pop() !== name) throw new Error(`</${name}> closes the wrong element`);
      continue;
    }
    const match = /^([A-Za-z][\w:-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)$/.exec(tag);
    if (!match) throw new Error(`malformed tag <${tag}>`);
    const name = match[1] as string;
    names.push(name);
    if (open.length === 0) roots++;
    if (match[3] !== "/") open.push(name);
  }
  if (open.length > 0) throw new Error(`unclosed ${open.join(", ")}`);
  if (roots !== 1) throw new Error(`${roots} root elements`);
  return names;
}

const chart: BarChart = {
  title: "Throughput <1 KiB & 64 KiB>",
  unit: "msg/s",
  groups: [
    {
      label: "1 KiB",
      bars: [
        { series: "bundled", value: 20_000 },
        { series: "Broker-J", value: 10_000 },
        { series: "Artemis", value: undefined },
      ],
    },
    {
      label: "64 KiB",
      bars: [
        { series: "bundled", value: 5_000 },
        { series: "Broker-J", value: 2_500 },
        { series: "Artemis", value: 0 },
      ],
    },
  ],
};

function barHeights(svg: string): number[] {
  return [
    ...svg.matchAll(
      /<rect x="[\d.]+" y="[\d.]+" width="[\d.]+" height="([\d.]+)" fill="#[0-9a-f]{6}"><title>/g,
    ),
  ].map((match) => Number(match[1]));
}

describe("renderBarChart", () => {
  const svg = renderBarChart(chart);

  it("is a well-formed SVG document with the title escaped", () => {
    const names = checkWellFormed(svg);
    expect(names[0]).toBe("svg");
    expect(svg).toContain('xmlns="http://www.w3.org/2000/svg"');
    expect(svg).toContain("Throughput &lt;1 KiB &amp; 64 KiB&gt;");
  });

  it("bars are proportional to their values, and a failed configuration shows as failed", () => {
    const heights = barHeights(svg);
    expect(heights).toHaveLength(5);
    const [bundled1k, brokerJ1k, bundled64k, brokerJ64k, zero] = heights as [
      number,
      number,
      number,
      number,
      number,
    ];
    expect(bundled1k / brokerJ1k).toBeCloseTo(2, 2);
    expect(bundled1k / bundled64k).toBeCloseTo(4, 2);
    expect(bundled64k / brokerJ64k).toBeCloseTo(2, 2);
    expect(zero).toBe(0);
    expect(svg.match(/>failed</g)).toHaveLength(1);
  });

  it("one legend entry per series, in first-seen order", () => {
    const legend = [
      ...svg.matchAll(
        /<rect x="[\d.]+" y="[\d.]+" width="12" height="12" fill="[^"]+"\/>\n<text[^>]*>([^<]+)</g,
      ),
    ];
    expect(legend.map((match) => match[1])).toEqual(["bundled", "Broker-J", "Artemis"]);
  });

  it("an empty chart is still well-formed", () => {
    expect(() => checkWellFormed(renderBarChart({ title: "none", unit: "ms", groups: [] }))).not.toThrow();
  });
});

describe("niceMax and escapeXml", () => {
  it("rounds the axis up to 1, 2, 2.5 or 5 × 10^n", () => {
    expect(niceMax(20_000)).toBe(20_000);
    expect(niceMax(20_001)).toBe(25_000);
    expect(niceMax(3.2)).toBe(5);
    expect(niceMax(0)).toBe(1);
  });

  it("escapes the five XML specials", () => {
    expect(escapeXml(`<a href="x">&'`)).toBe("&lt;a href=&quot;x&quot;&gt;&amp;&apos;");
  });

  it("the checker itself rejects malformed XML", () => {
    expect(() => checkWellFormed("<svg><g></svg></g>")).toThrow();
    expect(() => checkWellFormed("<svg>a & b</svg>")).toThrow();
    expect(() => checkWellFormed("<svg x=1/>")).toThrow();
  });
});
