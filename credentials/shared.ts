import type { ICredentialTestRequest, INodeProperties } from 'n8n-workflow';

/** Properties and the connection test both Semble credential types share. */

export const endpointProperty: INodeProperties = {
	displayName: 'GraphQL Endpoint',
	name: 'endpoint',
	type: 'string',
	default: 'https://open.semble.io/graphql',
	required: true,
	description:
		'Semble’s GraphQL address. Change it only to point at a Semble sandbox or a proxy.',
};

export const requestsPerMinuteProperty: INodeProperties = {
	displayName: 'Requests per Minute',
	name: 'requestsPerMinute',
	type: 'number',
	typeOptions: { minValue: 1, maxValue: 6000 },
	default: 240,
	description:
		'Semble allows about 240 requests a minute per practice, shared by every workflow using this access. Lower it to leave room for other automations. n8n workers sharing it need no change: each slows down when Semble says it is too busy.',
};

export const timeoutProperty: INodeProperties = {
	displayName: 'Request Timeout (Seconds)',
	name: 'timeoutSeconds',
	type: 'number',
	typeOptions: { minValue: 1, maxValue: 300 },
	default: 30,
	description:
		'How long to wait for Semble. Reads that time out are retried; a change (create, update, delete) that times out is not sent again, since Semble may already have applied it.',
};

/**
 * A cheap query most tokens may run. Semble can answer HTTP 200 with `errors[]` for a bad
 * token, so the body is checked too, not just the status.
 */
export const CREDENTIAL_TEST_QUERY = 'query SembleCredentialTest { practice { id } }';

export const credentialTest: ICredentialTestRequest = {
	request: {
		method: 'POST',
		url: '={{$credentials.endpoint}}',
		body: { query: CREDENTIAL_TEST_QUERY },
		json: true,
	},
	rules: [
		{
			type: 'responseSuccessBody',
			properties: {
				key: 'errors[0].extensions.code',
				value: 'UNAUTHENTICATED',
				message: 'Semble did not accept these credentials (unauthenticated). Check the token or sign-in details.',
			},
		},
		{
			type: 'responseSuccessBody',
			properties: {
				key: 'errors[0].extensions.code',
				value: 'FORBIDDEN',
				message:
					'Semble accepted the token but it lacks the permission to read the practice (query "practice"). Grant it under Settings → API access.',
			},
		},
		{
			type: 'responseSuccessBody',
			properties: {
				key: 'data.practice.id',
				value: undefined,
				message: 'Semble did not return the practice. Check the endpoint and credentials.',
			},
		},
	],
};
