// redsim serve: real TCP clients against the simulated cluster. redis-cli (and
// raw sockets) talk to the served ports; Sentinels answer with served
// addresses; a crash resets real connections; the history records the real
// client's commands for the checkers.
import { execFile, spawn } from 'node:child_process';
import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/scenario/load.js';
import { startServe, type ServeHandle } from '../../src/serve/serve.js';
import { CommandReader } from '../../src/serve/resp-reader.js';

const cli = (...args: string[]) =>
  new Promise<string>((resolve, reject) => execFile('redis-cli', args, { encoding: 'utf8', timeout: 5000 }, (e, out) => (e ? reject(e) : resolve(out.trim()))));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const hasRedisCli = await cli('--version').then(() => true, () => false);

let handle: ServeHandle | null = null;
afterEach(async () => {
  await handle?.stop();
  handle = null;
});

describe('CommandReader', () => {
  it('reads multibulk and inline commands split across chunks, and names protocol errors as Redis does', () => {
    const r = new CommandReader();
    expect(r.push(Buffer.from('*2\r\n$3\r\nGET\r\n$'))).toEqual({ commands: [], error: null });
    expect(r.push(Buffer.from('1\r\nk\r\nPING\r\nSET a "b c"\r\n'))).toEqual({ commands: [['GET', 'k'], ['PING'], ['SET', 'a', 'b c']], error: null });
    expect(new CommandReader().push(Buffer.from('*1\r\n+x\r\n')).error).toBe("Protocol error: expected '$', got '+'");
    expect(new CommandReader().push(Buffer.from('*x\r\n')).error).toBe('Protocol error: invalid multibulk length');
    expect(new CommandReader().push(Buffer.from('SET a "b\r\n')).error).toBe('Protocol error: unbalanced quotes in request');
  });
});

describe.skipIf(!hasRedisCli)('redsim serve', () => {
  it('serves every node; Sentinels name served addresses; writes are recorded and judged; a crash resets real connections', async () => {
    handle = await startServe(loadScenario('scenarios/conform-kill-master.yaml'), { basePort: 28501, durationUs: 600_000_000 });
    const byName = new Map(handle.nodes.map((n) => [n.name, n.realPort]));
    const sentinelPort = handle.nodes.find((n) => n.kind === 'sentinel')!.realPort;
    expect(await cli('-p', String(sentinelPort), 'SENTINEL', 'GET-MASTER-ADDR-BY-NAME', 'mymaster')).toBe(`127.0.0.1\n${byName.get('m1')}`);
    expect((await cli('-p', String(byName.get('r2')), 'ROLE')).split('\n').slice(0, 3)).toEqual(['slave', '127.0.0.1', String(byName.get('m1'))]);
    expect(await cli('-p', String(byName.get('m1')), 'SADD', 'real-set', '41')).toBe('1');
    expect(await cli('-p', String(byName.get('m1')), 'SADD', 'real-set', '42')).toBe('1');
    expect(await cli('-p', String(byName.get('r2')), 'SADD', 'real-set', '43')).toMatch(/^READONLY/);

    // An open connection to m1 is reset when m1 crashes.
    const socket = connect(byName.get('m1')!, '127.0.0.1');
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    const closed = new Promise<string>((resolve) => {
      socket.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? 'error'));
      socket.on('close', () => resolve('close'));
    });
    expect(handle.fault('{ crash: m1 }')).toBe('crash m1');
    expect(await closed).toBe('ECONNRESET');
    expect(() => handle!.fault('{ crash: nobody }')).toThrow(/no process or box named "nobody"/);

    const run = await handle.stop();
    const ops = run.history.filter((o) => o.process.startsWith('real'));
    expect(ops.filter((o) => o.type === 'ok' && o.f === 'add').map((o) => o.value)).toEqual([41, 42]);
    expect(ops.find((o) => o.type === 'fail')?.error).toMatch(/^READONLY/);
    expect(Object.keys(run.result.checkers.lostWrites.perClient).filter((p) => p.startsWith('real'))).toHaveLength(3);
  }, 30_000);

  it('speaks RESP3 after HELLO 3 (maps, nulls, pushes with served addresses); a crashed node refuses connects until it restarts', async () => {
    handle = await startServe(loadScenario('scenarios/conform-kill-master.yaml'), { basePort: 28561, speed: 4, durationUs: 600_000_000 });
    const port = (name: string) => handle!.nodes.find((n) => n.name === name)!.realPort;
    // One raw conversation: what a RESP3 client sees, byte for byte.
    const talk = async (p: number, lines: string[]): Promise<string> => {
      const s = connect(p, '127.0.0.1');
      let got = '';
      s.on('data', (d) => (got += d.toString()));
      await new Promise<void>((resolve, reject) => {
        s.once('connect', () => resolve());
        s.once('error', reject);
      });
      for (const line of lines) {
        s.write(line + '\r\n');
        await sleep(150);
      }
      s.destroy();
      return got;
    };
    const m1 = await talk(port('m1'), ['HELLO 3', 'GET nokey', 'SADD s a', 'SMEMBERS s', 'SUBSCRIBE ch', 'PING']);
    expect(m1).toMatch(/^%7\r\n\$6\r\nserver\r\n\$5\r\nredis\r\n.*\$5\r\nproto\r\n:3\r\n.*\$4\r\nrole\r\n\$6\r\nmaster\r\n\$7\r\nmodules\r\n\*0\r\n/s);
    expect(m1).toContain('*0\r\n_\r\n:1\r\n~1\r\n$1\r\na\r\n>3\r\n$9\r\nsubscribe\r\n$2\r\nch\r\n:1\r\n+PONG\r\n');
    const s1 = await talk(port('s1'), ['HELLO 3', 'SENTINEL MASTER mymaster']);
    expect(s1).toMatch(/^%6\r\n/);
    expect(s1).toContain('%20\r\n$4\r\nname\r\n$8\r\nmymaster\r\n');
    expect(s1).toContain(`$2\r\nip\r\n$9\r\n127.0.0.1\r\n$4\r\nport\r\n$5\r\n${port('m1')}\r\n`);

    // Crashed: nothing listens, the kernel refuses. Restarted: connects again.
    handle.fault('{ crash: m1, for: 2s }');
    await sleep(20);
    const refused = await new Promise<string>((resolve) => {
      const s = connect(port('m1'), '127.0.0.1');
      s.on('connect', () => (s.destroy(), resolve('connected')));
      s.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? 'error'));
    });
    expect(refused).toBe('ECONNREFUSED');
    const started = Date.now();
    let back = '';
    while (Date.now() - started < 5_000 && !back.includes('PONG')) {
      back = await talk(port('m1'), ['PING']).catch(() => '');
      if (!back.includes('PONG')) await sleep(100);
    }
    expect(back).toContain('PONG');
  }, 30_000);

  it('the control port: status, faults with scenario errors, stop; redsim ctl drives it from a shell', async () => {
    handle = await startServe(loadScenario('scenarios/serve-sentinel.yaml'), { basePort: 28581, speed: 2, durationUs: 600_000_000 });
    expect(handle.controlPort).toBe(28580);
    const base = 'http://127.0.0.1:28580';
    const status = (await (await fetch(`${base}/status`)).json()) as { ok: boolean; nodes: { name: string; port: number }[]; scenario: string };
    expect(status.ok).toBe(true);
    expect(status.scenario).toBe('serve-sentinel');
    expect(status.nodes.map((n) => `${n.name}=${n.port}`)).toEqual(['m1=28581', 'r2=28582', 'r3=28583', 's1=28584', 's2=28585', 's3=28586']);
    const bad = await fetch(`${base}/fault`, { method: 'POST', body: '{ crash: m9 }' });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toMatch(/^fault:1:10 crash: no process or box named "m9"/);
    const good = (await (await fetch(`${base}/fault`, { method: 'POST', body: '{ pause: r2, for: 1s }' })).json()) as { ok: boolean; applied: string };
    expect(good).toMatchObject({ ok: true, applied: 'pause r2 for 1 s' });
    expect((await fetch(`${base}/nothing`)).status).toBe(404);

    // The command-line client, as a shell script would use it.
    const ctl = (...args: string[]) =>
      new Promise<{ code: number; out: string; err: string }>((resolve) =>
        execFile(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'ctl', '--port', '28580', ...args], { encoding: 'utf8' }, (e, out, err) =>
          resolve({ code: e ? ((e as { code?: number }).code ?? 1) : 0, out, err }),
        ),
      );
    const crash = await ctl('crash', 'r3', 'for', '2s');
    expect(crash).toMatchObject({ code: 0 });
    expect(crash.out).toMatch(/^t=\d+\.\ds: crash r3 for 2 s\n$/);
    expect(await ctl('crash', 'm9')).toMatchObject({ code: 2, err: expect.stringMatching(/no process or box named "m9"/) });
    expect(await ctl('crash')).toMatchObject({ code: 2, err: expect.stringMatching(/^redsim: ctl: expected field\/value pairs/) });
    const shown = await ctl('status');
    expect(shown.out).toContain('redis-server   m1     127.0.0.1:28581');
    expect(shown.out).toMatch(/t=[\d.]+s pause r2 for 1 s\n.*t=[\d.]+s crash r3 for 2 s/s);
    expect(await ctl('--json', 'stop').then((r) => JSON.parse(r.out))).toEqual({ ok: true, stopping: true });
    await handle.ended;
    expect(await ctl('status')).toMatchObject({ code: 0 }); // still up until stop() runs: ended only asks for it
    await handle.stop();
    handle = null;
    expect(await ctl('status')).toMatchObject({ code: 2, err: expect.stringMatching(/^redsim: ctl: nothing answers on 127\.0\.0\.1:28580/) });
  }, 30_000);

  it('the command line: prints the port map, stops cleanly on SIGTERM or Ctrl-C with the story', async () => {
    for (const signal of ['SIGTERM', 'SIGINT'] as const) {
      const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'serve', 'scenarios/serve-sentinel.yaml', '--base-port', '28811', '--speed', '5', '--no-report'], {
        env: { ...process.env, FORCE_COLOR: '0' },
      });
      let stdout = '';
      child.stdout.on('data', (d) => (stdout += d));
      child.stderr.on('data', () => {});
      const started = Date.now();
      while (!stdout.includes('control (HTTP)') && Date.now() - started < 15_000) await sleep(100);
      expect(stdout).toContain('redis-sentinel s1     127.0.0.1:28814');
      // A few simulated seconds, so the convergence checker has probe rounds to judge.
      await sleep(1_500);
      child.kill(signal);
      const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
      expect(code, signal).toBe(0);
      expect(stdout).toMatch(/redsim · serve-sentinel · seed 1/);
      expect(stdout).toMatch(/rerun \(real clients' timing is not replayed\): npx redsim serve scenarios\/serve-sentinel.yaml --seed 1 --speed 5/);
    }
  }, 60_000);

  it('refuses a taken port with one line', async () => {
    handle = await startServe(loadScenario('scenarios/conform-kill-master.yaml'), { basePort: 28521, durationUs: 600_000_000 });
    await expect(startServe(loadScenario('scenarios/conform-kill-master.yaml'), { basePort: 28521 })).rejects.toThrow(/port 28521 \(for m1\) is taken/);
  });
});
