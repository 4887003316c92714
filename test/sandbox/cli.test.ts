/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- not shipped: test code runs in plain Node */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { buildSync } from 'esbuild';
import { findSchemaFile } from '../../sandbox';
import { gql } from './helpers';

const ROOT = path.join(__dirname, '..', '..');
const SCHEMA = path.join(ROOT, 'docs', 'semble-api', 'schema.graphql');

function run(bundle: string, args: string[]): ChildProcess {
  // eslint-disable-next-line @n8n/community-nodes/no-dangerous-functions -- test starts the CLI it is testing
  return spawn(process.execPath, [bundle, ...args], { env: { ...process.env, SEMBLE_SANDBOX_SCHEMA: SCHEMA }, stdio: ['ignore', 'pipe', 'pipe'] });
}

function exitOf(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

describe('sandbox CLI', () => {
  let dir: string;
  let bundle: string;

  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'semble-sandbox-cli-'));
    bundle = path.join(dir, 'main.js');
    buildSync({ entryPoints: [path.join(ROOT, 'sandbox', 'main.ts')], bundle: true, platform: 'node', target: 'node20', outfile: bundle, logLevel: 'silent' });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('finds the SDL when bundled to .build/sandbox/main.js (walks up from __dirname)', () => {
    const saved = process.env.SEMBLE_SANDBOX_SCHEMA;
    delete process.env.SEMBLE_SANDBOX_SCHEMA;
    try {
      expect(findSchemaFile(path.join(ROOT, '.build', 'sandbox'))).toBe(SCHEMA);
      expect(findSchemaFile(path.join(ROOT, 'sandbox'))).toBe(SCHEMA);
      expect(() => findSchemaFile(tmpdir())).toThrow(/SEMBLE_SANDBOX_SCHEMA/);
    } finally {
      if (saved !== undefined) process.env.SEMBLE_SANDBOX_SCHEMA = saved;
    }
  });

  it('prints one JSON line once listening, serves GraphQL and exits cleanly on SIGTERM', async () => {
    const child = run(bundle, ['--port', '0', '--patients', '50', '--bookings', '50', '--seed', '3']);
    const exited = exitOf(child);
    const line = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout?.on('data', (c: Buffer) => {
        out += c.toString();
        if (out.includes('\n')) resolve(out);
      });
      child.once('exit', () => reject(new Error(`exited early: ${out}`)));
    });
    expect(line.trim().split('\n')).toHaveLength(1);
    const info = JSON.parse(line);
    expect(info).toEqual({ url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/graphql$/), apiToken: 'sandbox-api-token', signIn: { email: 'manager@sandbox-clinic.test', password: 'sandbox-password' } });
    const res = await gql(info.url, '{ patients(pagination: { page: 1, pageSize: 100 }) { data { id } } }');
    expect(res.body.data.patients.data).toHaveLength(50);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });

  it('refuses a non-loopback host', async () => {
    const child = run(bundle, ['--host', '0.0.0.0']);
    let err = '';
    child.stderr?.on('data', (c: Buffer) => (err += c.toString()));
    expect(await exitOf(child)).toBe(2);
    expect(err).toMatch(/only 127\.0\.0\.1/);
  });
});
