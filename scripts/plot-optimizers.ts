// Draws the README's picture of why optimizers exist: the epoch loss of the same spiral network trained
// with SGD, momentum and Adam (examples/spiral-*.backprop.json), on a log scale.
//   npx tsx scripts/plot-optimizers.ts        writes media/screenshots/spiral-optimizers.png
// The numbers are the engine's (the loss E of every iteration, averaged per epoch by epochMeans), drawn
// as SVG and photographed by headless Chromium: the marketplace refuses SVG images in a README.

import { writeFileSync } from 'fs';
import { join } from 'path';
import { launchChromium } from './lib/chromium';
import { epochMeans } from '../src/engine/epochLoss';
import { loadNetworkFile } from '../src/engine/load';
import { Trainer } from '../src/engine/trainer';

const ROOT = join(__dirname, '..');
const RUNS = [
  { file: 'spiral-sgd', label: 'SGD', colour: '#888888' },
  { file: 'spiral-momentum', label: 'momentum (α = 0.9)', colour: '#e8912d' },
  { file: 'spiral-adam', label: 'Adam', colour: '#2f7fc1' },
];

/** The mean loss of every epoch of a network file's whole training. */
function epochLosses(file: string): Float64Array {
  const { spec, errors } = loadNetworkFile(join(ROOT, 'examples', `${file}.backprop.json`));
  if (!spec) throw new Error(errors.map((e) => e.message).join('\n'));
  const trainer = new Trainer(spec, { record: false });
  const losses = new Float64Array(trainer.totalIterations);
  for (let i = 0; i < losses.length; i++) {
    trainer.finishIteration();
    losses[i] = trainer.lossValue;
  }
  return epochMeans({ samples: spec.data.inputs.rows, batchSize: spec.batch.size, reduction: spec.batch.reduction }, losses);
}

const W = 640;
const H = 320;
const PAD = { left: 56, right: 16, top: 16, bottom: 40 };
const series = RUNS.map((r) => ({ ...r, loss: epochLosses(r.file) }));
const epochs = Math.max(...series.map((s) => s.loss.length));
const all = series.flatMap((s) => Array.from(s.loss));
const lo = Math.floor(Math.log10(Math.min(...all)));
const hi = Math.ceil(Math.log10(Math.max(...all)));
const x = (epoch: number): number => PAD.left + ((epoch - 1) / (epochs - 1)) * (W - PAD.left - PAD.right);
const y = (loss: number): number => PAD.top + ((hi - Math.log10(loss)) / (hi - lo)) * (H - PAD.top - PAD.bottom);

const parts: string[] = [];
parts.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`);
parts.push(`<rect width="${W}" height="${H}" fill="#ffffff"/>`);
for (let p = lo; p <= hi; p++) {
  const at = y(10 ** p).toFixed(1);
  parts.push(`<line x1="${PAD.left}" x2="${W - PAD.right}" y1="${at}" y2="${at}" stroke="#e4e4e4"/>`);
  parts.push(`<text x="${PAD.left - 6}" y="${at}" text-anchor="end" dominant-baseline="middle" fill="#555">10<tspan dy="-5" font-size="9">${p}</tspan></text>`);
}
for (let e = 0; e <= epochs; e += 50) {
  const at = x(Math.max(e, 1)).toFixed(1);
  parts.push(`<text x="${at}" y="${H - PAD.bottom + 16}" text-anchor="middle" fill="#555">${e}</text>`);
}
parts.push(`<text x="${(PAD.left + W - PAD.right) / 2}" y="${H - 6}" text-anchor="middle" fill="#333">epoch</text>`);
parts.push(`<text x="14" y="${(PAD.top + H - PAD.bottom) / 2}" text-anchor="middle" fill="#333" transform="rotate(-90 14 ${(PAD.top + H - PAD.bottom) / 2})">mean loss of the epoch</text>`);
series.forEach((s, n) => {
  const points = Array.from(s.loss, (v, i) => `${x(i + 1).toFixed(1)},${y(v).toFixed(1)}`).join(' ');
  parts.push(`<polyline points="${points}" fill="none" stroke="${s.colour}" stroke-width="2"/>`);
  // the legend sits bottom left, under the curves (every loss starts near log 2 and Adam's falls fastest)
  const ly = H - PAD.bottom - 14 - (series.length - 1 - n) * 18;
  parts.push(`<line x1="${PAD.left + 16}" x2="${PAD.left + 40}" y1="${ly}" y2="${ly}" stroke="${s.colour}" stroke-width="2"/>`);
  parts.push(`<text x="${PAD.left + 46}" y="${ly}" dominant-baseline="middle" fill="#333">${s.label}: ${s.loss[s.loss.length - 1].toPrecision(2)} after ${s.loss.length} epochs</text>`);
});
parts.push('</svg>');

async function photograph(svg: string, file: string): Promise<void> {
  const { browser, close } = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: W, height: H }, deviceScaleFactor: 2 });
    await page.setContent(`<body style="margin:0">${svg}</body>`);
    writeFileSync(file, await page.screenshot({ clip: { x: 0, y: 0, width: W, height: H } }));
  } finally {
    await close();
  }
}

void photograph(parts.join('\n'), join(ROOT, 'media/screenshots/spiral-optimizers.png'));
for (const s of series) console.log(`${s.label}: epoch 25 ${s.loss[24].toPrecision(3)}, last ${s.loss[s.loss.length - 1].toPrecision(3)}`);
