import { describe, expect, it } from 'vitest';
import { byClass, findAll, parseXml } from '../test/xml';
import { type LineChart, renderLineChartSvg } from './line-chart-svg';

const CHART: LineChart = {
  title: 'BLEU <vs> "minutes" & more',
  xLabel: 'minutes',
  yLabel: 'validation BLEU',
  series: [
    {
      name: 'heed-nmt',
      points: [
        { x: 0.5, y: 1 },
        { x: 1.5, y: 4 },
        { x: 3, y: 12.5 },
      ],
    },
    {
      name: 'PyTorch <peer>',
      points: [
        { x: 2, y: 7 },
        { x: 1, y: 3 },
        { x: 2.5, y: Number.NaN },
      ],
    },
  ],
};

/** The plot frame: the one unclassed rect with no fill. */
function frame(svg: ReturnType<typeof parseXml>) {
  const rect = findAll(svg, (e) => e.name === 'rect' && e.attributes.fill === 'none')[0];
  const [x, y, width, height] = ['x', 'y', 'width', 'height'].map((key) =>
    Number(rect?.attributes[key]),
  ) as [number, number, number, number];
  return { x, y, width, height };
}

describe('renderLineChartSvg', () => {
  it('draws one escaped, valid-XML line per series with a dot on every finite point', () => {
    const svg = parseXml(renderLineChartSvg(CHART));
    expect(svg.name).toBe('svg');
    expect(svg.attributes['aria-label']).toBe(CHART.title);
    expect(byClass(svg, 'title')[0]?.text).toBe(CHART.title);
    const series = byClass(svg, 'series');
    expect(series).toHaveLength(2);
    expect(findAll(series[0]!, (e) => e.name === 'circle')).toHaveLength(3);
    // The NaN point is left out.
    expect(findAll(series[1]!, (e) => e.name === 'circle')).toHaveLength(2);
    const legend = series.map((group) => findAll(group, (e) => e.name === 'text')[0]?.text);
    expect(legend).toEqual(['heed-nmt', 'PyTorch <peer>']);
    expect(byClass(svg, 'x-label')[0]?.text).toBe('minutes');
    expect(byClass(svg, 'y-label')[0]?.text).toBe('validation BLEU');
  });

  it('places points on linear axes that start at 0 and end on a round tick', () => {
    const svg = parseXml(renderLineChartSvg(CHART, { width: 500, height: 300 }));
    const plot = frame(svg);
    // Data spans x ∈ [0, 3] and y ∈ [0, 12.5]: ticks every 0.5 up to 3 and every 5 up to 15.
    const expected = (x: number, y: number) => [
      plot.x + (x / 3) * plot.width,
      plot.y + plot.height - (y / 15) * plot.height,
    ];
    const circles = findAll(byClass(svg, 'series')[0]!, (e) => e.name === 'circle');
    circles.forEach((circle, i) => {
      const point = CHART.series[0]!.points[i]!;
      const [cx, cy] = expected(point.x, point.y);
      expect(Number(circle.attributes.cx)).toBeCloseTo(cx as number, 1);
      expect(Number(circle.attributes.cy)).toBeCloseTo(cy as number, 1);
    });
    // The second series is drawn in x order.
    const line = findAll(byClass(svg, 'series')[1]!, (e) => e.name === 'polyline')[0];
    const xs = (line?.attributes.points ?? '').split(' ').map((pair) => Number(pair.split(',')[0]));
    expect(xs).toEqual([...xs].sort((a, b) => a - b));
    expect(xs[0]).toBeCloseTo(expected(1, 3)[0] as number, 1);
  });

  it('rejects series it cannot draw, naming the field', () => {
    expect(() => renderLineChartSvg({ series: [] })).toThrow(
      'renderLineChartSvg: series must be a non-empty array of { name, points }. Received: series=[]',
    );
    expect(() =>
      renderLineChartSvg({ series: [{ name: 'a', points: [{ x: 1, y: Number.NaN }] }] }),
    ).toThrow('renderLineChartSvg: series must hold at least one finite point');
    expect(() =>
      renderLineChartSvg({ series: [{ name: 'a', points: [{ x: 1, y: 1 }] }] }, { width: -1 }),
    ).toThrow('renderLineChartSvg: width must be a positive finite number. Received: width=-1');
  });
});
