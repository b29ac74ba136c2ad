import { describe, expect, it } from 'vitest';
import { LONG_LABELS } from '../test/long-labels';
import { byClass, findAll, parseXml, type XmlElement } from '../test/xml';
import { type AttentionHeatmap, renderAttentionSvg } from './heatmap-svg';
import { ASCENT_EM, LINE_HEIGHT_EM, textWidthEm } from './text-metrics';

const HEATMAPS: Record<string, AttentionHeatmap> = {
  devanagari: {
    title: 'en → hi',
    sourceTokens: ['the', 'cat', 'sleeps', '.'],
    targetTokens: ['बिल्ली', 'सो', 'रही', 'है', '।'],
    weights: [
      [0.1, 0.8, 0.05, 0.05],
      [0.05, 0.1, 0.8, 0.05],
      [0.05, 0.05, 0.85, 0.05],
      [0.1, 0.1, 0.7, 0.1],
      [0.05, 0.05, 0.1, 0.8],
    ],
  },
  accents: {
    title: `fr → en: <b>"été" & l'hiver</b>`,
    sourceTokens: ['l’été', 'à', 'Zu\u0308rich', '&', '<b>'],
    targetTokens: ['summer', 'in', 'Zürich', `'&'`],
    weights: [
      [0.9, 0.05, 0.05, 0, 0],
      [0.1, 0.7, 0.1, 0.05, 0.05],
      [0, 0.05, 0.9, 0.05, 0],
      [0, 0, 0.1, 0.8, 0.1],
    ],
  },
  characters: {
    sourceTokens: [...'3 May'],
    targetTokens: [...'05-03'],
    weights: [...'05-03'].map((_, t) => [0.1, 0.2, 0.3, 0.3, t === 2 ? 0.1 : 0.1]),
  },
};

describe('renderAttentionSvg', () => {
  for (const [name, heatmap] of Object.entries(HEATMAPS)) {
    it(`draws ${name}: one cell per token pair, every label, valid XML`, async () => {
      const svg = renderAttentionSvg(heatmap);
      await expect(svg).toMatchFileSnapshot(`__snapshots__/${name}.svg`);
      const root = parseXml(svg);
      expect(root.name).toBe('svg');
      expect(root.attributes.xmlns).toBe('http://www.w3.org/2000/svg');

      const T = heatmap.targetTokens.length;
      const S = heatmap.sourceTokens.length;
      const cells = byClass(root, 'cell');
      expect(cells).toHaveLength(T * S);
      const pairs = new Set(
        cells.map((c) => `${c.attributes['data-target']},${c.attributes['data-source']}`),
      );
      expect(pairs.size).toBe(T * S);
      for (const cell of cells) {
        const t = Number(cell.attributes['data-target']);
        const s = Number(cell.attributes['data-source']);
        expect(Number(cell.attributes['data-weight'])).toBe(heatmap.weights[t]?.[s]);
        expect(cell.attributes.fill).toMatch(/^#[0-9a-f]{6}$/);
        const tooltip = findAll(cell, (e) => e.name === 'title')[0]?.text;
        expect(tooltip).toContain(`${heatmap.targetTokens[t]} ← ${heatmap.sourceTokens[s]}`);
      }

      const visible = (token: string) => (token.trim() === '' ? '␣' : token);
      expect(byClass(root, 'source-label').map((e) => e.text)).toEqual(
        heatmap.sourceTokens.map(visible),
      );
      expect(byClass(root, 'target-label').map((e) => e.text)).toEqual(
        heatmap.targetTokens.map(visible),
      );
      for (const label of byClass(root, 'target-label')) {
        expect(label.attributes['text-anchor']).toBe('end');
      }
      const title = byClass(root, 'title')[0]?.text;
      expect(title).toBe(heatmap.title);
    });
  }

  it('draws a darker cell for a larger weight', () => {
    const root = parseXml(
      renderAttentionSvg({ sourceTokens: ['a', 'b'], targetTokens: ['x'], weights: [[0.1, 0.9]] }),
    );
    const [light, dark] = byClass(root, 'cell').map((c) => luminance(c.attributes.fill ?? ''));
    expect(light).toBeGreaterThan(dark ?? 1);
  });

  it('sizes the map from the labels’ grapheme counts', () => {
    const width = (tokens: string[]) =>
      Number(
        parseXml(
          renderAttentionSvg({
            sourceTokens: ['a'],
            targetTokens: tokens,
            weights: tokens.map(() => [1]),
          }),
        ).attributes.width,
      );
    expect(width(['e\u0301te\u0301'])).toBe(width(['été']));
    expect(width(['a-much-longer-target-label'])).toBeGreaterThan(width(['short']) + 50);
  });

  it('uses the configured font family and a sans-serif fallback', () => {
    const svg = renderAttentionSvg(HEATMAPS.devanagari as AttentionHeatmap);
    expect(svg).toMatch(/font-family="[^"]*Noto Sans Devanagari[^"]*sans-serif"/);
    expect(
      renderAttentionSvg(HEATMAPS.devanagari as AttentionHeatmap, { fontFamily: 'Mangal, serif' }),
    ).toContain('font-family="Mangal, serif"');
  });

  it('writes the values in the cells when asked', () => {
    const root = parseXml(
      renderAttentionSvg(
        { sourceTokens: ['a', 'b'], targetTokens: ['x'], weights: [[0.25, 0.75]] },
        { showValues: true },
      ),
    );
    const values = findAll(root, (e) => e.name === 'g' && e.attributes.class === 'values')[0];
    expect(values?.children.map((e) => e.text)).toEqual(['0.25', '0.75']);
  });

  it('rejects weights that do not match the tokens', () => {
    const base = { sourceTokens: ['a', 'b'], targetTokens: ['x'] };
    expect(() => renderAttentionSvg({ ...base, weights: [] })).toThrow(
      'renderAttentionSvg: weights.length must equal the number of target tokens (1). Received: weights.length=0',
    );
    expect(() => renderAttentionSvg({ ...base, weights: [[1]] })).toThrow(
      'weights[0].length must equal the number of source tokens (2)',
    );
    expect(() => renderAttentionSvg({ ...base, weights: [[0.5, Number.NaN]] })).toThrow(
      'renderAttentionSvg: weights[0][1] must be a finite number. Received: weights[0][1]=NaN',
    );
    expect(() => renderAttentionSvg({ ...base, weights: [[1, 0]] }, { cellSize: 0 })).toThrow(
      'cellSize must be a positive finite number',
    );
  });

  it('accepts typed-array rows', () => {
    const root = parseXml(
      renderAttentionSvg({
        sourceTokens: ['a', 'b'],
        targetTokens: ['x'],
        weights: [Float32Array.from([0.5, 0.5])],
      }),
    );
    expect(byClass(root, 'cell')).toHaveLength(2);
  });
});

function luminance(hex: string): number {
  const [r = 0, g = 0, b = 0] = [1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16));
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

describe('renderAttentionSvg label extents', () => {
  const labels = Object.values(LONG_LABELS);
  const heatmap: AttentionHeatmap = {
    title: labels.join(' '),
    sourceTokens: labels,
    targetTokens: labels,
    weights: labels.map(() => labels.map(() => 1 / labels.length)),
  };

  for (const options of [{}, { fontSize: 22, cellSize: 12 }, { fontSize: 9, cellSize: 40 }]) {
    it(`keeps every label of every script inside the viewBox (${JSON.stringify(options)})`, () => {
      const root = parseXml(renderAttentionSvg(heatmap, options));
      const [minX, minY, width, height] = (root.attributes.viewBox ?? '').split(' ').map(Number);
      const group = findAll(root, (e) => e.name === 'g' && e.attributes['font-size'] !== undefined);
      const baseFontSize = Number(group[0]?.attributes['font-size']);
      const texts = findAll(root, (e) => e.name === 'text' && e.text !== '');
      expect(byClass(root, 'source-label')).toHaveLength(labels.length);
      expect(byClass(root, 'target-label')).toHaveLength(labels.length);
      for (const text of texts) {
        for (const [x, y] of estimatedCorners(text, baseFontSize)) {
          expect(x, `${text.text} x`).toBeGreaterThanOrEqual(minX ?? 0);
          expect(x, `${text.text} x`).toBeLessThanOrEqual((minX ?? 0) + (width ?? 0));
          expect(y, `${text.text} y`).toBeGreaterThanOrEqual(minY ?? 0);
          expect(y, `${text.text} y`).toBeLessThanOrEqual((minY ?? 0) + (height ?? 0));
        }
      }
    });
  }
});

/**
 * The four corners of a `<text>`'s estimated box in SVG user units: its
 * estimated advance (bold 1.2× wider) placed by `x`, `y`, `dy` and
 * `text-anchor`, from `ASCENT_EM` above the baseline to `LINE_HEIGHT_EM` below
 * that, turned by its `rotate(angle cx cy)` transform.
 */
function estimatedCorners(text: XmlElement, baseFontSize: number): Array<[number, number]> {
  const { attributes } = text;
  const fontSize = Number(attributes['font-size'] ?? baseFontSize);
  const advance =
    textWidthEm(text.text) * fontSize * (attributes['font-weight'] === 'bold' ? 1.2 : 1);
  const x = Number(attributes.x);
  const baseline = Number(attributes.y) + Number.parseFloat(attributes.dy ?? '0') * fontSize;
  const anchor = attributes['text-anchor'] ?? 'start';
  const left = anchor === 'end' ? x - advance : anchor === 'middle' ? x - advance / 2 : x;
  const top = baseline - ASCENT_EM * fontSize;
  const bottom = top + LINE_HEIGHT_EM * fontSize;
  const corners: Array<[number, number]> = [
    [left, top],
    [left + advance, top],
    [left, bottom],
    [left + advance, bottom],
  ];
  const rotation = /rotate\(([-\d.]+) ([-\d.]+) ([-\d.]+)\)/.exec(attributes.transform ?? '');
  if (!rotation) return corners;
  const [angle, cx, cy] = rotation.slice(1).map(Number) as [number, number, number];
  const radians = (angle * Math.PI) / 180;
  return corners.map(([px, py]) => [
    cx + (px - cx) * Math.cos(radians) - (py - cy) * Math.sin(radians),
    cy + (px - cx) * Math.sin(radians) + (py - cy) * Math.cos(radians),
  ]);
}
