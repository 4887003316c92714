/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- not shipped: test tooling runs in plain Node, not inside n8n */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import type { StartOptions } from './realN8n';
import { ROOT, startRealN8n } from './realN8n';
import { resourceWorkflows, startedByWebhook } from './resourceWorkflows';

/**
 * Starts the real n8n a stage's tests talk to, with every template, the test workflows and one
 * workflow per resource imported, and hands its state to the tests (SEMBLE_REAL_N8N_STATE).
 * In queue mode the resource workflows start from a webhook: `n8n execute` runs in its own
 * process, never on a worker, so a production execution is what proves the workers.
 */
export async function setUpRealN8n(queue?: Pick<StartOptions, 'queueWorkers' | 'queueEnv'>): Promise<void> {
	const started = Date.now();
	const log = (line: string) => process.stdout.write(`\n[real-n8n${queue ? ', queue mode' : ''}] ${line}`);
	const generated = mkdtempSync(path.join(tmpdir(), 'semble-resource-workflows-'));
	for (const [name, workflow] of Object.entries(resourceWorkflows)) {
		writeFileSync(
			path.join(generated, `${name}.json`),
			JSON.stringify(queue ? startedByWebhook(workflow, name) : workflow),
		);
	}
	const state = await startRealN8n({
		workflowDirs: [path.join(ROOT, 'workflows'), path.join(ROOT, 'test/realN8n/workflows'), generated],
		log,
		...queue,
	});
	const stateFile = path.join(state.userFolder, 'state.json');
	writeFileSync(stateFile, JSON.stringify(state));
	process.env.SEMBLE_REAL_N8N_STATE = stateFile;
	log(`ready in ${Math.round((Date.now() - started) / 1000)} s\n`);
}

export default async function globalSetup(): Promise<void> {
	await setUpRealN8n();
}
