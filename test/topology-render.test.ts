/**
 * Renders the topology pictures to PNG, the way a reader sees them. Set TOPOLOGY_PNG_DIR to keep
 * the PNGs (`TOPOLOGY_PNG_DIR=docs npx jest test/topology-render`), then look at them.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Resvg } from '@resvg/resvg-js';
import { App } from 'cdk8s';
import { defineReferenceApp } from '../apps/main';
import { Application } from '../lib';
import { describeTopology, renderSvg, toDot } from '../lib/topology';
import { connectedShop, manyTiers } from './topology-fixtures';

const OUT = process.env.TOPOLOGY_PNG_DIR ?? fs.mkdtempSync(path.join(os.tmpdir(), 'tiers-topology-'));

async function renderPng(app: Application, file: string): Promise<{ svg: string; width: number; height: number }> {
  const svg = await renderSvg(toDot(describeTopology(app)));
  const image = new Resvg(svg, { background: 'white', fitTo: { mode: 'zoom', value: 1.5 }, font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' } }).render();
  fs.mkdirSync(OUT, { recursive: true });
  fs.writeFileSync(path.join(OUT, file), image.asPng());
  return { svg, width: image.width, height: image.height };
}

describe('topology pictures render to PNG', () => {
  test('the reference app', async () => {
    const { svg, width, height } = await renderPng(defineReferenceApp(new App()), 'topology-reference.png');
    for (const tier of ["front-end", "back-end", "cache", "database"]) expect(svg.replace(/&#45;/g, "-")).toContain(`Service ${tier}`);
    expect(width).toBeGreaterThan(300);
    expect(height).toBeGreaterThan(200);
  });

  test('a connected app with an Ingress', async () => {
    const { svg } = await renderPng(connectedShop(), 'topology-shop.png');
    expect(svg).toContain('Ingress web');
    expect(svg).toContain('shop.example.com/');
  });

  test('a 20-tier app stays within a readable size', async () => {
    const { svg, width, height } = await renderPng(manyTiers(20), 'topology-20-tiers.png');
    expect((svg.match(/class="cluster"/g) ?? []).length).toBe(20);
    // Readable at 100 %: neither side runs to a wall of tiny text.
    expect(Math.max(width, height) / 1.5).toBeLessThan(3000);
  });
});
