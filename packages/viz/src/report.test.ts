import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { byClass, parseXml } from '../test/xml';
import { type ReportInput, renderReport } from './report';
import { writeReport } from './write-report';

const INPUT: ReportInput = {
  title: 'Run <1> & "friends"',
  heatmaps: [
    { title: 'first', sourceTokens: ['a', 'b'], targetTokens: ['x'], weights: [[0.2, 0.8]] },
    { title: 'नमस्ते', sourceTokens: ['c'], targetTokens: ['y', 'z'], weights: [[1], [1]] },
    { sourceTokens: ['d', 'e', 'f'], targetTokens: ['w'], weights: [[0.3, 0.3, 0.4]] },
  ],
  curves: [
    {
      name: 'train loss',
      points: [
        { step: 1, value: 4 },
        { step: 2, value: 3 },
      ],
    },
    { name: 'valid loss', points: [{ step: 2, value: Number.NaN }] },
    { name: 'valid BLEU', chart: 'BLEU', points: [{ step: 2, value: 12.5 }] },
  ],
  charts: [{ title: 'By length', spec: { mark: 'bar', data: { values: [{ a: 1 }] } } }],
  metrics: [
    { model: 'additive', bleu: 31.234567 },
    { model: 'none', perplexity: 9, bleu: 20 },
  ],
  config: { seed: 7, note: '</script><b>x</b>' },
};

/** The bodies of the page's inline `<script>` elements, in order. */
function scripts(html: string): { attributes: string; body: string }[] {
  return [...html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)].map((m) => ({
    attributes: m[1] ?? '',
    body: m[2] ?? '',
  }));
}

describe('renderReport', () => {
  const html = renderReport(INPUT);

  it('is a complete UTF-8 page with the title escaped', () => {
    expect(html.startsWith('<!doctype html>\n<html lang="en">')).toBe(true);
    expect(html).toContain('<meta charset="utf-8">');
    expect(html).toContain('<title>Run &lt;1&gt; &amp; &quot;friends&quot;</title>');
    expect(html.trimEnd().endsWith('</html>')).toBe(true);
  });

  it('inlines vega, vega-lite and vega-embed and loads nothing from the network', () => {
    const bodies = scripts(html);
    // three bundles, the chart data, the chart and heat map scripts
    expect(bodies).toHaveLength(6);
    expect(bodies[0]?.body).toMatch(/\.vega=\{\}|vega/);
    expect(bodies[1]?.body).toContain('vegaLite');
    expect(bodies[2]?.body).toContain('vegaEmbed');
    expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+href=/);
    expect(html.length).toBeGreaterThan(500_000);
  });

  it('draws one chart per curve group plus the extra charts, with inline data', () => {
    const data = scripts(html).find((s) => s.attributes.includes('heed-report-data'));
    const { charts } = JSON.parse(data?.body ?? '{}') as {
      charts: { data: { values: Record<string, unknown>[] }; encoding?: unknown }[];
    };
    expect(charts).toHaveLength(3);
    expect(charts[0]?.data.values).toEqual([
      { series: 'train loss', step: 1, value: 4 },
      { series: 'train loss', step: 2, value: 3 },
      { series: 'valid loss', step: 2, value: null },
    ]);
    expect(charts[1]?.data.values).toEqual([{ series: 'valid BLEU', step: 2, value: 12.5 }]);
    expect(charts[2]).toEqual(INPUT.charts?.[0]?.spec);
    expect(html.match(/<div class="chart"/g)).toHaveLength(3);
    expect(html).toContain('<figcaption>BLEU</figcaption>');
  });

  it('shows one heat map at a time, chosen with a select', () => {
    const options = [...html.matchAll(/<option value="([^"]+)"[^>]*>([^<]*)<\/option>/g)];
    expect(options.map((m) => [m[1], m[2]])).toEqual([
      ['0', 'first'],
      ['1', 'नमस्ते'],
      ['2', 'Heat map 3'],
      ['all', 'All'],
    ]);
    const maps = [
      ...html.matchAll(/<div class="heatmap" data-index="(\d)"( hidden)?>\n(<svg[\s\S]*?<\/svg>)/g),
    ];
    expect(maps.map((m) => Boolean(m[2]))).toEqual([false, true, true]);
    expect(maps.map((m) => byClass(parseXml(m[3] ?? ''), 'cell').length)).toEqual([2, 2, 3]);
  });

  it('writes a metrics table with the union of columns', () => {
    expect(html).toContain(
      '<thead><tr><th scope="col">model</th><th scope="col">bleu</th><th scope="col">perplexity</th></tr></thead>',
    );
    expect(html).toContain('<tr><td>additive</td><td class="number">31.2346</td><td></td></tr>');
    expect(html).toContain(
      '<tr><td>none</td><td class="number">20</td><td class="number">9</td></tr>',
    );
  });

  it('shows the configuration as escaped JSON', () => {
    expect(html).toContain('&quot;note&quot;: &quot;&lt;/script&gt;&lt;b&gt;x&lt;/b&gt;&quot;');
    expect(html.match(/<\/script>/g)).toHaveLength(6);
  });

  it('leaves out empty sections and the chart libraries when there are no charts', () => {
    const plain = renderReport({ title: 'Only metrics', metrics: [{ bleu: 1 }] });
    expect(plain).toContain('id="metrics"');
    expect(plain).not.toMatch(/id="charts"|id="heatmaps"|id="config"|vegaEmbed\(/);
    expect(plain.length).toBeLessThan(5_000);
    const single = renderReport({ title: 'One map', heatmaps: INPUT.heatmaps?.slice(0, 1) });
    expect(single).toContain('<div class="heatmap" data-index="0">');
    expect(single).not.toMatch(/<select|<script/);
  });

  it('rejects malformed input with a clear message', () => {
    expect(() => renderReport({} as ReportInput)).toThrow(
      'renderReport: title must be a string. Received: title=undefined',
    );
    expect(() =>
      renderReport({
        title: 't',
        curves: [{ name: 'x', points: [{ step: Number.NaN, value: 1 }] }],
      }),
    ).toThrow('curves[0].points[0].step must be a finite number');
  });
});

describe('writeReport', () => {
  it('writes the page atomically and leaves no temporary file', async () => {
    const directory = await mkdtemp(path.join(os.tmpdir(), 'heed-viz-'));
    try {
      const file = path.join(directory, 'nested', 'report.html');
      const written = await writeReport(file, { title: 'T', metrics: [{ a: 1 }] });
      expect(written).toBe(file);
      expect(await readFile(file, 'utf8')).toBe(renderReport({ title: 'T', metrics: [{ a: 1 }] }));
      expect(await readdir(path.dirname(file))).toEqual(['report.html']);
      await expect(
        writeReport(file, {
          title: 'T',
          curves: [{ name: 'x', points: [{ step: Number.NaN, value: 0 }] }],
        }),
      ).rejects.toThrow('must be a finite number');
      expect(await readdir(path.dirname(file))).toEqual(['report.html']);
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });
});
