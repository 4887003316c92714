import * as n8nWorkflow from 'n8n-workflow';

/**
 * n8n supplies n8n-workflow at run time, so an n8n older than this package supports would
 * break the nodes at first use with an obscure TypeError. Each node file imports this module
 * first: on such an n8n the package fails to load with a message that says what to do.
 * Tested on n8n 1.123.81 and 2.41.1; the README states the range.
 */
const used = ['NodeApiError', 'NodeConnectionTypes', 'NodeOperationError', 'VersionedNodeType', 'sleep', 'updateDisplayOptions'];
const missing = used.filter((name) => (n8nWorkflow as Record<string, unknown>)[name] === undefined);
if (missing.length > 0) {
	throw new Error(
		`n8n-nodes-semble cannot run on this n8n: its n8n-workflow lacks ${missing.join(', ')}. Update n8n to 1.123 (1.x) or 2.41 or newer (2.x), the versions it is tested on, then restart it.`,
	);
}
