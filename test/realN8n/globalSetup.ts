/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- not shipped: test tooling runs in plain Node, not inside n8n */
import { writeFileSync } from 'node:fs';
import path from 'node:path';

import { ROOT, startRealN8n } from './realN8n';

export default async function globalSetup(): Promise<void> {
	const started = Date.now();
	const log = (line: string) => process.stdout.write(`\n[real-n8n] ${line}`);
	const state = await startRealN8n({
		workflowDirs: [path.join(ROOT, 'workflows'), path.join(ROOT, 'test/realN8n/workflows')],
		log,
	});
	const stateFile = path.join(state.userFolder, 'state.json');
	writeFileSync(stateFile, JSON.stringify(state));
	process.env.SEMBLE_REAL_N8N_STATE = stateFile;
	log(`ready in ${Math.round((Date.now() - started) / 1000)} s\n`);
}
