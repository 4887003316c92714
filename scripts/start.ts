/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- not shipped: the main job runs in plain Node, not inside n8n */
import path from 'node:path';

import { ROOT, startRealN8n, stopRealN8n } from '../test/realN8n/realN8n';

/**
 * The main job (`npm start`): real n8n on http://127.0.0.1:5678 with this package installed
 * as a community package, credentials for the local Semble sandbox and every template in
 * workflows/ imported. Runs until Ctrl+C.
 */
async function main(): Promise<void> {
	const log = (line: string) => process.stdout.write(`[start] ${line}\n`);
	// `--queue` (npm run start:queue): queue mode on Postgres and Redis, the main process and two workers.
	const queueWorkers = process.argv.includes('--queue') ? 2 : 0;
	const state = await startRealN8n({
		port: 5678,
		sandboxPort: 4000,
		workflowDirs: [path.join(ROOT, 'workflows')],
		log,
		queueWorkers,
	});
	const stop = () => void stopRealN8n(state).finally(() => process.exit(0));
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
	process.stdout.write(`
n8n is running with n8n-nodes-semble: ${state.baseUrl}
  Sign in:   ${state.owner.email} / ${state.owner.password}
  Semble:    sandbox at ${state.sandbox.url} (credentials "Semble account" for the templates, "Semble sandbox (API token)" and "Semble sandbox (sign-in)")
  Templates: ${Object.keys(state.workflowIds).length} imported from workflows/${state.queue ? `\n  Queue mode: Postgres and Redis on 127.0.0.1, the main process and ${queueWorkers} workers; their logs in ${state.queue.logs}` : ''}
Press Ctrl+C to stop.
`);
}

main().catch((error: Error) => {
	process.stderr.write(`[start] failed: ${error.message}\n`);
	process.exit(1);
});
