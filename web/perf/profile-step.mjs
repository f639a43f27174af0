// Prints where the page's main thread spends its time on a few gestures of a long Chandy-Lamport
// run (8 nodes): a CPU profile from Chromium, as self time and inclusive time per function, and,
// with FOCUS=name, the time spent under functions whose name contains `name`.
//
// It needs a build that keeps function names (wasm-opt -g), from the repository root:
//   sed 's/data-wasm-opt="z"/data-wasm-opt="z" data-wasm-opt-params="-g"/' index.html > index-prof.html
//   trunk build --release --dist /tmp/dist-prof index-prof.html
// Usage: node web/perf/profile-step.mjs /tmp/dist-prof [STEPS] ["Button label,Other label"]
import { execFileSync, spawn } from 'node:child_process';
import * as path from 'node:path';
import * as fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';
const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const dist = process.argv[2];
const steps = Number(process.argv[3] ?? 2000);
const port = 8797;
function synod(args) { return execFileSync('cargo', ['run','-q','--release','-p','synod-cli','--',...args], {cwd: repo, encoding:'utf8', maxBuffer: 1<<30}); }
const report = JSON.parse(synod(['random','chandy-lamport','--params','{"nodes": 8}','--seed','42','--steps',String(steps),'--json']));
const file = path.join(process.env.TMPDIR ?? '/tmp', `synod-profile-${steps}.json`);
fs.writeFileSync(file, JSON.stringify(report.scenario));
const link = synod(['encode', file]).trim();
const server = spawn('python3',['-m','http.server',String(port),'--bind','127.0.0.1','--directory',dist],{stdio:'ignore'});
await new Promise(r=>setTimeout(r,800));
const browser = await chromium.launch({executablePath:'/usr/bin/chromium',args:['--no-sandbox','--disable-gpu']});
try {
  const page = await browser.newPage({viewport:{width:1280,height:800}});
  await page.goto(`http://127.0.0.1:${port}/#${link}`);
  await page.getByTestId('diagram').waitFor();
  await page.waitForTimeout(500);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval',{interval:100});
  await cdp.send('Profiler.start');
  for (const label of (process.argv[4] ?? 'Step: one random scheduler step,Undo').split(',')) {
    for (let i=0;i<5;i++) { await page.click(`button[aria-label="${label}"]`); await page.waitForTimeout(100); }
  }
  const {profile} = await cdp.send('Profiler.stop');
  const self = new Map(); const byId = new Map(profile.nodes.map(n=>[n.id,n]));
  const dt = profile.timeDeltas; const counts = new Map();
  profile.samples.forEach((id,i)=>counts.set(id,(counts.get(id)??0)+(dt[i]??0)));
  for (const [id,us] of counts) { const n=byId.get(id); const k=n.callFrame.functionName||n.callFrame.url.slice(-30)||'(anon)'; self.set(k,(self.get(k)??0)+us); }
  const rows=[...self].sort((a,b)=>b[1]-a[1]).slice(0,45);
  for (const [k,us] of rows) console.log((us/1000).toFixed(1).padStart(8),'ms',k.slice(0,150));
  // inclusive time for selected functions
  const parent = new Map(); for (const n of profile.nodes) for (const c of n.children??[]) parent.set(c,n.id);
  const incl = new Map();
  for (const [id,us] of counts) { const seen=new Set(); let cur=id; while(cur!==undefined){ const n=byId.get(cur); const k=n.callFrame.functionName; if(!seen.has(k)){seen.add(k); incl.set(k,(incl.get(k)??0)+us);} cur=parent.get(cur);} }
  const focus = process.env.FOCUS;
  if (focus) {
    const under = new Map();
    for (const [id,us] of counts) { const chain=[]; let cur=id; while(cur!==undefined){ chain.push(byId.get(cur).callFrame.functionName); cur=parent.get(cur);} const at=chain.findIndex(k=>k.includes(focus)); if(at<0) continue; const seen=new Set(); for (const k of chain.slice(0,at)) { if(!seen.has(k)){seen.add(k); under.set(k,(under.get(k)??0)+us);} } }
    console.log('--- under', focus);
    for (const [k,us] of [...under].sort((a,b)=>b[1]-a[1]).slice(0,40)) console.log((us/1000).toFixed(1).padStart(8),'ms',k.slice(0,150));
  }
  console.log('--- inclusive');
  for (const [k,us] of [...incl].sort((a,b)=>b[1]-a[1]).slice(0,400)) console.log((us/1000).toFixed(1).padStart(8),'ms',k.slice(0,150));
} finally { await browser.close(); server.kill(); }
