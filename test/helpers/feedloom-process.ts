/**
 * `feedloom <command>` as a real child process (the CLI run through tsx, so
 * no build is needed), its JSON log lines collected, for tests that kill it
 * with SIGKILL or stop it with SIGTERM.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { waitFor } from './http-servers.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface FeedloomProcess {
  child: ChildProcess;
  /** Parsed JSON log lines of stdout, in order. */
  logs: Array<Record<string, unknown>>;
  stderr: () => string;
  /** Resolves with the first log line whose msg is `msg`. */
  waitForLog(msg: string, timeoutMs?: number): Promise<Record<string, unknown>>;
  /** Resolves with the exit code (or the signal's name). */
  exited: Promise<number | string>;
  /** SIGKILL: no shutdown code runs, like a crash or the OOM killer. */
  kill9(): Promise<void>;
}

export function spawnFeedloom(args: string[], env: Record<string, string>): FeedloomProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: Array<Record<string, unknown>> = [];
  let pending = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    pending += chunk.toString('utf8');
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) {
      try {
        logs.push(JSON.parse(line) as Record<string, unknown>);
      } catch {
        logs.push({ msg: line });
      }
    }
  });
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const exited = new Promise<number | string>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? -1)));
  return {
    child,
    logs,
    stderr: () => stderr,
    waitForLog: (msg, timeoutMs = 60_000) =>
      waitFor(() => {
        if (child.exitCode !== null) throw new Error(`feedloom ${args.join(' ')} exited ${child.exitCode}: ${stderr.slice(-2000)}`);
        return logs.find((line) => line.msg === msg);
      }, timeoutMs, `"${msg}" from feedloom ${args.join(' ')}`),
    exited,
    async kill9() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}
