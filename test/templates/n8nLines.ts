/**
 * The templates import on both n8n lines clinics run: the newest 1.x (1.123) and 2.x. Where
 * n8n 2 has a newer version of a node than 1.123 has, templates use the newest one 1.123 has
 * (n8n 2 keeps every old version). The 1.x release-path stage (scripts/test-compat.sh)
 * imports every template into real n8n 1.123.81 and proves these numbers.
 */
export const NEWEST_IN_N8N_1: Record<string, number> = {
	'n8n-nodes-base.httpRequest': 4.3,
	'n8n-nodes-base.set': 3.4,
	'n8n-nodes-base.slack': 2.4,
	'n8n-nodes-base.scheduleTrigger': 1.3,
	'n8n-nodes-base.crypto': 1,
	'n8n-nodes-base.salesforce': 1,
	'n8n-nodes-base.dataTable': 1,
	'n8n-nodes-base.executeWorkflowTrigger': 1.1,
	'n8n-nodes-base.executeWorkflow': 1.3,
	'@n8n/n8n-nodes-langchain.agent': 3,
	'@n8n/n8n-nodes-langchain.chatTrigger': 1.4,
	'@n8n/n8n-nodes-langchain.memoryBufferWindow': 1.3,
};

/**
 * n8n 1.123's Data Table node (v1) has the row operations, but picks a table only from a list or by
 * its id, which differs on every n8n; n8n 2's finds it by name, so the template works as imported.
 */
const DATA_TABLE_BY_NAME =
	'it finds its Data tables by name, which only the Data Table node of n8n 2 can do; the Data Table node of 1.123 picks a table from a list or by its id, which differs on every n8n, so every Data Table node would need setting by hand';

/** Templates that need n8n 2, each with the reason its docs page gives. */
export const NEEDS_N8N_2: Record<string, { node: string; reason: string }> = {
	'gocardless-memberships': {
		node: 'n8n-nodes-base.crypto',
		reason:
			'the webhook secret is kept in a Crypto credential, which only the Crypto node v2 (n8n 2) has; on 1.x it would have to sit in the workflow',
	},
	'gocardless-mandates': {
		node: 'n8n-nodes-base.crypto',
		reason:
			'the webhook secret is kept in a Crypto credential, which only the Crypto node v2 (n8n 2) has; on 1.x it would have to sit in the workflow',
	},
	'ga4-events': {
		node: 'n8n-nodes-base.crypto',
		reason:
			'the key that makes the pseudonymous client id is kept in a Crypto credential, which only the Crypto node v2 (n8n 2) has; on 1.x it would have to sit in the workflow',
	},
	'mixpanel-events': {
		node: 'n8n-nodes-base.crypto',
		reason:
			'the key that makes the pseudonymous distinct id and the deduplication id is kept in a Crypto credential, which only the Crypto node v2 (n8n 2) has; on 1.x it would have to sit in the workflow',
	},
	'semble-error-handler': { node: 'n8n-nodes-base.dataTable', reason: DATA_TABLE_BY_NAME },
	'semble-sync-log': { node: 'n8n-nodes-base.dataTable', reason: DATA_TABLE_BY_NAME },
	'semble-replay': { node: 'n8n-nodes-base.dataTable', reason: DATA_TABLE_BY_NAME },
};
