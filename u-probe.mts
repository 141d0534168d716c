import { createServer } from 'node:net';
import { Agent } from 'undici';
const socks = new Set<any>();
let total = 0; const srv = createServer((s) => { total++; console.log("conn", total, Date.now() % 100000); socks.add(s); s.on('close', () => socks.delete(s)); s.on('error', () => {}); });
await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
const port = (srv.address() as any).port;
const agent = process.env.C ? new (await import("undici")).Client(`http://127.0.0.1:${port}`) : new Agent({ keepAliveTimeout: 4000 });
const ac = new AbortController(); setTimeout(() => ac.abort(new Error('budget')), 500);
try { await agent.request({ origin: `http://127.0.0.1:${port}`, path: '/', method: 'GET', signal: ac.signal, headersTimeout: 1500, bodyTimeout: 1500 }); } catch (e) { console.log('err', (e as any).message); }
for (let i = 0; i < 24; i++) { console.log("open", socks.size, total); await new Promise((r) => setTimeout(r, 500)); }
srv.close(); process.exit(0);
