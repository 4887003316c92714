/* eslint-disable @n8n/community-nodes/no-restricted-globals -- not shipped: the sandbox is a local test server running in plain Node */
/**
 * CLI: npm run sandbox -- (or npx tsx sandbox/main.ts) [--port 4000] [--host 127.0.0.1] [--seed 1]
 *      [--patients 2000] [--bookings 5000] [--rate-limit 240] [--auth-error-status 401|200]
 *      [--max-page-size 100] [--list-order stable|shuffled] [--no-webhooks]
 * Prints one JSON line once listening; exits cleanly on SIGTERM/SIGINT.
 */
import { SIGN_IN_EMAIL, SIGN_IN_PASSWORD, type SandboxOptions, startSandbox } from './index';

const LOOPBACK = new Set(['127.0.0.1', 'localhost']);

function fail(message: string): never {
  process.stderr.write(`semble-sandbox: ${message}\n`);
  process.exit(2);
}

function parseArgs(argv: string[]): SandboxOptions {
  const opts: SandboxOptions = { port: 4000 };
  const scale: { patients?: number; bookings?: number } = {};
  const num = (flag: string, v: string | undefined): number => {
    const n = Number(v);
    if (v === undefined || !Number.isInteger(n) || n < 0) fail(`${flag} needs a non-negative integer`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const next = (): string | undefined => argv[++i];
    switch (flag) {
      case '--port': opts.port = num(flag, next()); break;
      case '--host': {
        const host = next() ?? '';
        // The sandbox serves patient-shaped data and an unauthenticated control API: loopback only.
        if (!LOOPBACK.has(host)) fail(`refusing to listen on "${host}": only 127.0.0.1 (loopback) is allowed`);
        break;
      }
      case '--seed': opts.seed = num(flag, next()); break;
      case '--patients': scale.patients = num(flag, next()); break;
      case '--bookings': scale.bookings = num(flag, next()); break;
      case '--rate-limit': opts.rateLimitPerMinute = num(flag, next()); break;
      case '--max-page-size': opts.maxPageSize = num(flag, next()); break;
      case '--list-order': {
        const order = next();
        if (order !== 'stable' && order !== 'shuffled') throw new Error('--list-order must be stable or shuffled');
        opts.listOrder = order;
        break;
      }
      case '--auth-error-status': {
        const s = num(flag, next());
        if (s !== 200 && s !== 401) fail('--auth-error-status must be 200 or 401');
        opts.authErrorStatus = s;
        break;
      }
      case '--no-webhooks': opts.webhooksEnabled = false; break;
      case '--help':
        process.stdout.write('Usage: main.js [--port 4000] [--host 127.0.0.1] [--seed 1] [--patients 2000] [--bookings 5000] [--rate-limit 240] [--auth-error-status 401|200] [--max-page-size 100] [--list-order stable|shuffled] [--no-webhooks]\n');
        process.exit(0);
      // eslint-disable-next-line no-fallthrough
      default: fail(`unknown argument ${flag} (try --help)`);
    }
  }
  if (scale.patients !== undefined || scale.bookings !== undefined) opts.scale = scale;
  return opts;
}

async function main(): Promise<void> {
  const sandbox = await startSandbox(parseArgs(process.argv.slice(2)));
  process.stdout.write(`${JSON.stringify({ url: sandbox.url, apiToken: sandbox.apiToken, signIn: { email: SIGN_IN_EMAIL, password: SIGN_IN_PASSWORD } })}\n`);
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    sandbox.close().then(() => process.exit(0), () => process.exit(1));
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((e: Error) => fail(e.message));
