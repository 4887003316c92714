/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-dangerous-functions -- not shipped: test tooling that drives n8n from outside */
import type { ChildProcess } from 'node:child_process';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, openSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * n8n's queue mode, for the queue-mode stage and `npm run start:queue`: Postgres and Redis
 * (scripts/queue-services.sh), the main process and `n8n worker`s. Every process uses the same
 * user folder, so the packed package is on each of them, as an operator bakes the nodes folder
 * into every container. Each process logs to its own file, which is how the tests tell where
 * an execution ran: n8n's main process logs "Enqueued execution N", the worker that takes it
 * "Worker started execution N".
 */

export interface QueueMode {
	/** The folder of Postgres and Redis (removed by stopQueueMode). */
	services: string;
	/** The environment every n8n process of this topology shares (database, Redis, encryption key). */
	env: NodeJS.ProcessEnv;
	/** One `<process>.log` and `<process>.pid` per n8n process. */
	logs: string;
}

/** Starts Postgres and Redis; returns where they live and the environment n8n's queue mode needs. */
export function startQueueServices(
	root: string,
	userFolder: string,
	ports: [number, number],
): Pick<QueueMode, 'services' | 'env' | 'logs'> {
	const services = path.join(userFolder, 'queue-services');
	const logs = path.join(userFolder, 'logs');
	mkdirSync(logs, { recursive: true });
	const lines = execFileSync(
		'bash',
		[path.join(root, 'scripts/queue-services.sh'), 'start', services, ...ports.map(String)],
		{
			encoding: 'utf8',
		},
	);
	const env = Object.fromEntries(
		lines
			.trim()
			.split('\n')
			.map((line) => line.split('=') as [string, string]),
	);
	// info is where n8n logs which process enqueued and which started an execution; debug adds each poll.
	return { services, logs, env: { ...env, N8N_LOG_LEVEL: 'info' } };
}

/** Stops every n8n process the topology started (by the pid files), then Postgres and Redis. */
export async function stopQueueMode(root: string, queue: QueueMode | undefined): Promise<void> {
	if (!queue) return;
	const pids = existsSync(queue.logs)
		? readdirSync(queue.logs)
				.filter((file) => file.endsWith('.pid'))
				.map((file) => Number(readFileSync(path.join(queue.logs, file), 'utf8')))
		: [];
	for (const pid of pids) signal(pid, 'SIGTERM');
	// n8n's main process takes seconds to close its database connections; Postgres waits for none.
	const deadline = Date.now() + 20_000;
	while (pids.some(alive) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 250));
	for (const pid of pids.filter(alive)) signal(pid, 'SIGKILL');
	execFileSync('bash', [path.join(root, 'scripts/queue-services.sh'), 'stop', queue.services]);
}

/** Sends a signal to a process that may already be gone. */
export const signal = (pid: number, name: NodeJS.Signals) => {
	try {
		process.kill(pid, name);
	} catch {
		// already gone
	}
};
/** Whether a process is still running. */
export const alive = (pid: number) => {
	try {
		process.kill(pid, 0);
		return true;
	} catch {
		return false;
	}
};

/** Spawns one n8n process of the topology, its output going to `<name>.log` and its pid to `<name>.pid`. */
export function spawnLogged(
	queue: QueueMode,
	name: string,
	command: string,
	args: string[],
	env: NodeJS.ProcessEnv,
): ChildProcess {
	const output = openSync(logFile(queue, name), 'a');
	const child = spawn(command, args, { env, stdio: ['ignore', output, output] });
	writeFileSync(path.join(queue.logs, `${name}.pid`), String(child.pid));
	return child;
}

export const logFile = (queue: QueueMode, name: string) => path.join(queue.logs, `${name}.log`);
const logOf = (queue: QueueMode, name: string) =>
	existsSync(logFile(queue, name)) ? readFileSync(logFile(queue, name), 'utf8') : '';

/** The names of the workers this topology has started, e.g. `worker-1`. */
export const workerNames = (queue: QueueMode) =>
	readdirSync(queue.logs)
		.filter((file) => file.startsWith('worker-') && file.endsWith('.log'))
		.map((file) => path.basename(file, '.log'));

/** Waits until a worker's health endpoint says it takes jobs. */
export async function workerReady(port: number, child: ChildProcess, timeoutMs = 120_000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		if (child.exitCode !== null) throw new Error(`n8n worker exited with code ${child.exitCode}`);
		const ready = await fetch(`http://127.0.0.1:${port}/healthz/readiness`)
			.then((r) => r.ok)
			.catch(() => false);
		if (ready) return;
		await new Promise((resolve) => setTimeout(resolve, 500));
	}
	throw new Error('n8n worker did not become ready in time');
}

/** Where n8n says an execution ran: who enqueued it, and every worker that logged starting it. */
export function whereRan(queue: QueueMode, executionId: string): { enqueuedBy: string[]; startedOn: string[] } {
	const names = ['main', ...workerNames(queue)];
	const logged = (pattern: string) => names.filter((name) => logOf(queue, name).includes(pattern));
	return {
		enqueuedBy: logged(`Enqueued execution ${executionId} (`),
		startedOn: logged(`Worker started execution ${executionId} (`),
	};
}

/**
 * The executions of a workflow that workers have started, from their logs, oldest first. n8n's
 * public API lists an execution only once it has finished; the worker's log has it at once.
 */
export function startedOnWorkers(
	queue: QueueMode,
	workflowName: string,
): Array<{ executionId: string; worker: string }> {
	const started = /(\d\d:\d\d:\d\d\.\d+).*Worker started execution (\d+) \(job .*"workflowName": "([^"]*)"/;
	return workerNames(queue)
		.flatMap((worker) =>
			logOf(queue, worker)
				.split('\n')
				.map((line) => started.exec(line))
				.filter((match) => match !== null && match[3] === workflowName)
				.map((match) => ({ at: match![1], executionId: match![2], worker })),
		)
		.sort((a, b) => a.at.localeCompare(b.at))
		.map(({ executionId, worker }) => ({ executionId, worker }));
}

/** How many lines of a process's log contain `text`. */
export const linesWith = (queue: QueueMode, name: string, text: string) =>
	logOf(queue, name)
		.split('\n')
		.filter((line) => line.includes(text)).length;

/** The pid of a process of the topology, from its pid file. */
export const pidOf = (queue: QueueMode, name: string) =>
	Number(readFileSync(path.join(queue.logs, `${name}.pid`), 'utf8'));
