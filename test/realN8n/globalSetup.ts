/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- not shipped: test tooling runs in plain Node, not inside n8n */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { ROOT, startRealN8n } from './realN8n';
import { resourceWorkflows } from './resourceWorkflows';

export default async function globalSetup(): Promise<void> {
	const started = Date.now();
	const log = (line: string) => process.stdout.write(`\n[real-n8n] ${line}`);
	const generated = mkdtempSync(path.join(tmpdir(), 'semble-resource-workflows-'));
	for (const [name, workflow] of Object.entries(resourceWorkflows)) {
		writeFileSync(path.join(generated, `${name}.json`), JSON.stringify(workflow));
	}
	const state = await startRealN8n({
		workflowDirs: [path.join(ROOT, 'workflows'), path.join(ROOT, 'test/realN8n/workflows'), generated],
		log,
	});
	const stateFile = path.join(state.userFolder, 'state.json');
	writeFileSync(stateFile, JSON.stringify(state));
	process.env.SEMBLE_REAL_N8N_STATE = stateFile;
	log(`ready in ${Math.round((Date.now() - started) / 1000)} s\n`);
}
