/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- not shipped: test tooling runs in plain Node, not inside n8n */
import { readFileSync, rmSync } from 'node:fs';

import type { RealN8nState } from './realN8n';
import { stopRealN8n } from './realN8n';

export default async function globalTeardown(): Promise<void> {
	const stateFile = process.env.SEMBLE_REAL_N8N_STATE;
	if (!stateFile) return;
	const state = JSON.parse(readFileSync(stateFile, 'utf8')) as RealN8nState;
	await stopRealN8n(state);
	await new Promise((resolve) => setTimeout(resolve, 1000)); // n8n lets go of its folder
	if (state.queue && process.env.SEMBLE_KEEP_QUEUE_LOGS) return; // the n8n logs, to read after a failure
	rmSync(state.userFolder, { recursive: true, force: true });
}
