import { describe, expect, it } from 'vitest';
import { parseXml } from '../test/xml';
import { renderAttentionSvg } from './heatmap-svg';
import { renderAttentionPng } from './png';

const HEATMAP = {
  sourceTokens: ['नमस्ते', 'été'],
  targetTokens: ['hello', 'summer', '.'],
  weights: [
    [0.9, 0.1],
    [0.2, 0.8],
    [0.5, 0.5],
  ],
};

describe('renderAttentionPng', () => {
  it('renders a PNG the size of the SVG times the scale', async () => {
    const png = await renderAttentionPng(HEATMAP, { scale: 2 });
    expect([...png.slice(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const view = new DataView(png.buffer, png.byteOffset);
    const svg = parseXml(renderAttentionSvg(HEATMAP, { fontFamily: 'DejaVu Sans' }));
    expect(view.getUint32(16)).toBe(2 * Number(svg.attributes.width));
    expect(view.getUint32(20)).toBe(2 * Number(svg.attributes.height));
  });

  it('validates the scale', async () => {
    await expect(renderAttentionPng(HEATMAP, { scale: -1 })).rejects.toThrow(
      'renderAttentionPng: scale must be a positive finite number. Received: scale=-1',
    );
  });
});
