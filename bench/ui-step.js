#!/usr/bin/env node
// `npm run bench:ui`: how long a step takes to show, in a real VS Code (code-server + headless Chromium,
// through scripts/lib/codeServer.js and test/ui/workbench.js). For each network it starts debugging with
// the inspector open, presses F10 `--steps` times (20 by default) and measures, in the pages themselves:
//   Call Stack  F10's keydown → the Call Stack's rows reach the new stop's text (a MutationObserver)
//   Variables   F10's keydown → the Variables rows reach their new text
//   inspector   F10's keydown → the inspector webview has rendered the new state and the next frame starts
//               (its `backprop:rendered` event, then requestAnimationFrame)
// Times are performance.timeOrigin + performance.now() in each frame (one clock across frames and the
// extension host). It prints the median and p90 per network and measure, and with --trace where the time
// goes: the extension host logs every DAP request and response and its own work per stop
// (BACKPROP_STEP_TRACE, see src/host/sessionState.ts), given here as the median ms after the keydown.
// A report, never a gate: always exits 0 once it has measured. Results also go to test-results/bench-ui.json.
//   node bench/ui-step.js [--steps N] [--network 2-2-2|784-128-10] [--trace] [--verbose] [--profile] [--no-inspector] [--no-build]
//   --profile  the functions taking the window's main thread (a CDP CPU profile over the steps)
//   --no-inspector  the same without the inspector panel (what VS Code's own views take)
//   --verbose also prints every change of the Call Stack and Variables rows after each F10
'use strict';
/* global window, document, MutationObserver, requestAnimationFrame -- in the functions run inside the pages */
const { spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const cs = require('../scripts/lib/codeServer');

const argv = process.argv.slice(2);
const option = (name) => { const i = argv.indexOf(name); return i >= 0 ? argv[i + 1] : undefined; };
const STEPS = Number(option('--steps') || 20);
const TRACE = argv.includes('--trace');
const VERBOSE = argv.includes('--verbose');
/** VS Code's own floor: the same steps without the inspector (Variables, Call Stack only) */
const NO_INSPECTOR = argv.includes('--no-inspector');
/** a CPU profile of the window's main thread (workbench and inspector share it) over the measured steps */
const PROFILE = argv.includes('--profile');
/** the stop is shown once nothing observed has changed for this long (VS Code refreshes Variables 400 ms after a stop) */
const QUIET_MS = 900;
const STEP_TIMEOUT_MS = 15000;

const NETWORKS = [
  { label: '2-2-2', file: 'hand-2-2-2.backprop.json' },
  { label: '784-128-10', file: 'digits-784-128-10.backprop.json' },
].filter((n) => !option('--network') || n.label === option('--network'));

/** Installed in the workbench page: keydown of F10 and the text of the Call Stack and Variables rows over time. */
function workbenchProbe() {
  const now = () => performance.timeOrigin + performance.now();
  const probe = (window.__bpProbe = { keys: [], log: [] });
  window.addEventListener('keydown', (e) => { if (e.key === 'F10') probe.keys.push(performance.timeOrigin + e.timeStamp); }, true);
  const watch = (area, selector) => {
    const el = document.querySelector(selector);
    if (!el) throw new Error(`no ${selector}`);
    // rows of a virtual list are reused out of order: read them in their index order
    const read = () => [...el.querySelectorAll('.monaco-list-row')]
      .sort((a, b) => Number(a.dataset.index) - Number(b.dataset.index))
      .map((r) => r.textContent.replace(/\s+/g, ' ').trim()).join('\n');
    let last = read();
    new MutationObserver(() => {
      const text = read();
      if (text !== last) probe.log.push({ t: now(), area, text: (last = text) });
    }).observe(el, { subtree: true, childList: true, characterData: true });
  };
  watch('callStack', '.debug-call-stack');
  watch('variables', '.debug-variables');
}

/** Installed in the inspector's document: each rendered state, and the start of the frame after it. */
function inspectorProbe() {
  const now = () => performance.timeOrigin + performance.now();
  const probe = (window.__bpProbe = { renders: [] });
  window.addEventListener('backprop:rendered', (e) => {
    const rendered = now();
    requestAnimationFrame(() => probe.renders.push({ rendered, painted: now(), ms: e.detail.ms }));
  });
}

const median = (xs) => quantile(xs, 0.5);
function quantile(xs, q) {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const i = (s.length - 1) * q;
  const lo = Math.floor(i);
  return s[lo] + (s[Math.min(lo + 1, s.length - 1)] - s[lo]) * (i - lo);
}
const ms = (x) => (Number.isFinite(x) ? `${Math.round(x)}` : '—');

/** The inspector's content frame (two iframes deep), once the panel shows a state. */
async function inspectorFrame(wb) {
  await wb.inspectorFrame().locator('#layer-1').first().waitFor({ timeout: 60000 });
  const outer = await (await wb.page.$('iframe.webview.ready')).contentFrame();
  return (await outer.$('#active-frame')).contentFrame();
}

/** Presses F10 and waits until the Call Stack, Variables and inspector have all settled on the new stop. */
async function step(wb, frame) {
  const { page } = wb;
  const mark = await page.evaluate(() => ({ keys: window.__bpProbe.keys.length, log: window.__bpProbe.log.length }));
  const renders = frame ? await frame.evaluate(() => window.__bpProbe.renders.length) : 0;
  await page.keyboard.press('F10');
  const end = Date.now() + STEP_TIMEOUT_MS;
  let lastCount = -1;
  let quietSince = Date.now();
  for (;;) {
    await page.waitForTimeout(50);
    const p = await page.evaluate((m) => ({ key: window.__bpProbe.keys[m.keys], log: window.__bpProbe.log.slice(m.log) }), mark);
    const r = frame ? await frame.evaluate((n) => window.__bpProbe.renders.slice(n), renders) : [];
    const count = p.log.length + r.length;
    if (count !== lastCount) { lastCount = count; quietSince = Date.now(); }
    const seen = (area) => p.log.some((e) => e.area === area);
    const done = p.key !== undefined && seen('callStack') && seen('variables') && (r.length > 0 || !frame) && Date.now() - quietSince >= QUIET_MS;
    if (done || Date.now() > end) {
      // each area's time: its last change (the text it settled on); undefined when it never changed
      const at = (area) => { const es = p.log.filter((e) => e.area === area); return es.length ? es[es.length - 1].t - p.key : undefined; };
      const top = [...p.log].reverse().find((e) => e.area === 'callStack')?.text.split('\n')[0] ?? '';
      if (VERBOSE) for (const e of p.log) console.log(`      ${ms(e.t - p.key).padStart(5)} ${e.area}: ${e.text.replace(/\n/g, ' | ').slice(0, 110)}`);
      return { key: p.key, callStack: at('callStack'), variables: at('variables'), inspector: r.length ? r[r.length - 1].painted - p.key : undefined, renderMs: r.length ? r[r.length - 1].ms : undefined, top, timedOut: !done };
    }
  }
}

/** The functions with the most self time in a CPU profile: [{ ms, name, where }]. */
function topFunctions(profile, count = 25) {
  const self = new Map();
  const dt = profile.timeDeltas;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  profile.samples.forEach((id, i) => {
    const f = byId.get(id).callFrame;
    const key = `${f.functionName || '(anonymous)'} ${f.url.split('/').slice(-1)[0]}:${f.lineNumber + 1}`;
    self.set(key, (self.get(key) || 0) + (dt[i + 1] ?? 0) / 1000);
  });
  // forced layouts and other native calls: name who called them
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children || []) parent.set(c, n);
  const callers = new Map();
  profile.samples.forEach((id, i) => {
    const n = byId.get(id);
    if (n.callFrame.url) return;
    const p = parent.get(id);
    if (!p || !p.callFrame.url) return;
    const key = `${n.callFrame.functionName} ← ${p.callFrame.functionName || '(anonymous)'} ${p.callFrame.url.split('/').slice(-1)[0]}:${p.callFrame.lineNumber + 1}`;
    callers.set(key, (callers.get(key) || 0) + (dt[i + 1] ?? 0) / 1000);
  });
  const top = (m) => [...m].sort((a, b) => b[1] - a[1]).slice(0, count).map(([name, ms]) => ({ ms, name }));
  return [...top(self), { ms: NaN, name: '— native calls by caller —' }, ...top(callers).slice(0, 12)];
}

/** DAP messages and host work of one step, as ms after its keydown (first occurrence of each). */
function traceOfStep(lines, from, to) {
  const out = new Map();
  for (const { t, what } of lines) if (t >= from && t < to && !out.has(what)) out.set(what, t - from);
  return out;
}

async function benchNetwork(wb, net, traceFile) {
  const { page } = wb;
  await wb.openFile(net.file);
  await wb.runCommand('Backprop: Debug Network');
  await wb.waitForStop({ timeout: 60000 });
  const frame = NO_INSPECTOR ? undefined : await inspectorFrame(wb);
  await page.evaluate(workbenchProbe);
  await frame?.evaluate(inspectorProbe);
  await page.keyboard.press('Control+1'); // keys to the workbench, not the webview
  await wb.parkMouse();
  await step(wb, frame); // a warm-up step, not counted (first layout of every view)
  const cdp = PROFILE ? await page.context().newCDPSession(page) : undefined;
  if (cdp) {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
    await cdp.send('Profiler.start');
  }
  const steps = [];
  for (let i = 0; i < STEPS; i++) {
    const s = await step(wb, frame);
    steps.push(s);
    process.stdout.write(`  ${net.label} step ${i + 1}: stack ${ms(s.callStack)} · variables ${ms(s.variables)} · inspector ${ms(s.inspector)} ms (render ${ms(s.renderMs)})${s.timedOut ? ' TIMED OUT' : ''}  ${s.top}\n`);
  }
  const profile = cdp && (await cdp.send('Profiler.stop')).profile;
  let trace;
  if (traceFile && fs.existsSync(traceFile)) {
    const lines = fs.readFileSync(traceFile, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
    const perStep = steps.map((s, i) => traceOfStep(lines, s.key, steps[i + 1]?.key ?? Infinity));
    if (VERBOSE) {
      steps.slice(0, 3).forEach((s, i) => console.log(`  step ${i + 1}: ${lines.filter((l) => l.t >= s.key && l.t < (steps[i + 1]?.key ?? Infinity)).map((l) => `${ms(l.t - s.key)} ${l.what}`).join(' · ')}`));
    }
    const labels = [...new Set(perStep.flatMap((m) => [...m.keys()]))];
    trace = labels.map((what) => ({ what, median: median(perStep.map((m) => m.get(what)).filter((x) => x !== undefined)), n: perStep.filter((m) => m.has(what)).length }))
      .sort((a, b) => a.median - b.median);
  }
  await page.keyboard.press('Shift+F5');
  await page.locator('.debug-toolbar').waitFor({ state: 'hidden', timeout: 15000 }).catch(() => {});
  return { steps, trace, profile: profile && topFunctions(profile) };
}

async function main() {
  if (!argv.includes('--no-build')) {
    const build = spawnSync(process.execPath, ['esbuild.js'], { cwd: cs.root, stdio: 'inherit' });
    if (build.status !== 0) throw new Error('node esbuild.js failed');
  }
  cs.ensureCodeServer();
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'backprop-bench-ui-'));
  const traceFile = TRACE ? path.join(scratch, 'steps.jsonl') : undefined;
  if (traceFile) process.env.BACKPROP_STEP_TRACE = traceFile; // inherited by code-server's extension host
  const { Workbench } = require('../test/ui/workbench');
  let wb;
  const results = {};
  try {
    const settings = { 'debug.internalConsoleOptions': 'neverOpen', 'editor.minimap.enabled': false };
    if (NO_INSPECTOR) settings['backprop.inspector.openOnSessionStart'] = false;
    wb = await Workbench.open({ settings });
    for (const net of NETWORKS) {
      console.log(`\n${net.label} (${net.file}), ${STEPS} steps${NO_INSPECTOR ? ' without' : ' with'} the inspector open:`);
      results[net.label] = await benchNetwork(wb, net, traceFile);
    }
  } catch (e) {
    if (wb) console.error(`[bench:ui] the window when it failed: ${await wb.screenshot('bench-ui-failed').catch(() => '(no screenshot)')}`);
    throw e;
  } finally {
    await wb?.close();
    fs.rmSync(scratch, { recursive: true, force: true });
  }

  console.log('\n| network | F10 → | median ms | p90 ms | steps |\n|---|---|---|---|---|');
  const summary = {};
  for (const [label, { steps }] of Object.entries(results)) {
    summary[label] = {};
    for (const measure of ['callStack', 'variables', 'inspector', 'renderMs']) {
      const xs = steps.map((s) => s[measure]).filter((x) => x !== undefined);
      summary[label][measure] = { median: median(xs), p90: quantile(xs, 0.9), n: xs.length };
      const name = { callStack: 'Call Stack', variables: 'Variables', inspector: 'inspector', renderMs: '(inspector render alone)' }[measure];
      console.log(`| ${label} | ${name} | ${ms(median(xs))} | ${ms(quantile(xs, 0.9))} | ${xs.length} |`);
    }
  }
  for (const [label, { trace }] of Object.entries(results)) {
    if (!trace) continue;
    console.log(`\n${label}: where a step's time goes (extension host, median ms after F10's keydown, first occurrence)`);
    for (const { what, median: m, n } of trace) console.log(`  ${ms(m).padStart(5)}  ${what}${n < STEPS ? `  (${n} of ${STEPS} steps)` : ''}`);
  }
  for (const [label, { profile }] of Object.entries(results)) {
    if (!profile) continue;
    console.log(`\n${label}: the window's main thread over ${STEPS} steps (self time, ms)`);
    for (const { ms: t, name } of profile) console.log(`  ${ms(t).padStart(6)}  ${name}`);
  }
  fs.mkdirSync(path.join(cs.root, 'test-results'), { recursive: true });
  fs.writeFileSync(path.join(cs.root, 'test-results', 'bench-ui.json'), JSON.stringify(summary, null, 2) + '\n');
}

main().then(() => process.exit(0), (e) => {
  console.error(`[bench:ui] ${e.stack || e}`);
  process.exit(1);
});
