import type { IAuthenticateRuleResponseCode, ICredentialTestRequest, INodeProperties } from 'n8n-workflow';

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

const WRONG_ENDPOINT = (seen: string) =>
	`The GraphQL Endpoint did not answer as Semble's API (${seen}). Check the address: Semble's is https://open.semble.io/graphql.`;

const statusRule = (value: number, message: string): IAuthenticateRuleResponseCode => ({
	type: 'responseCode',
	properties: { value, message },
});
const REJECTED =
	'Semble did not accept these credentials: the API token is wrong, or was revoked or regenerated. Copy it again from Semble (Settings → API access).';

export const credentialTest: ICredentialTestRequest = {
	request: {
		method: 'POST',
		url: '={{$credentials.endpoint}}',
		body: { query: CREDENTIAL_TEST_QUERY },
		json: true,
	},
	// n8n reads the status rules when the request fails, the body rules when it answers 200;
	// n8n's type wants one kind per list, its tester reads both from one.
	rules: [
		statusRule(401, `${REJECTED} (HTTP 401)`),
		statusRule(403, 'Semble refused the request (HTTP 403): the token lacks the permission to read the practice. Grant it in Semble under Settings → API access.'),
		...[404, 405].map((status) => statusRule(status, WRONG_ENDPOINT(`HTTP ${status}`))),
		statusRule(429, 'Semble is rate limiting this practice (HTTP 429), so the credential could not be checked. Try again in a minute.'),
		...[500, 502, 503, 504].map((status) =>
			statusRule(status, `Semble had a problem answering (HTTP ${status}), so the credential could not be checked. Try again shortly.`),
		),
		{
			type: 'responseSuccessBody',
			properties: {
				key: 'errors[0].extensions.code',
				value: 'UNAUTHENTICATED',
				message: REJECTED,
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
				message: WRONG_ENDPOINT('no practice in the answer'),
			},
		},
	] as unknown as IAuthenticateRuleResponseCode[],
};
