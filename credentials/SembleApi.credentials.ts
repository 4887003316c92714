import type {
	IAuthenticateGeneric,
	ICredentialTestRequest,
	ICredentialType,
	Icon,
	INodeProperties,
} from 'n8n-workflow';

import { credentialTest, endpointProperty, requestsPerMinuteProperty, timeoutProperty } from './shared';

export class SembleApi implements ICredentialType {
	name = 'sembleApi';

	displayName = 'Semble API';

	icon: Icon = { light: 'file:../nodes/Semble/semble.svg', dark: 'file:../nodes/Semble/semble.dark.svg' };

	documentationUrl = 'https://docs.semble.io/docs/authentication/';

	properties: INodeProperties[] = [
		{
			displayName: 'API Token',
			name: 'apiToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'Create it in Semble under Settings → API access. Its permissions decide which operations work.',
		},
		endpointProperty,
		requestsPerMinuteProperty,
		timeoutProperty,
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: { headers: { 'x-token': '={{$credentials.apiToken}}' } },
	};

	test: ICredentialTestRequest = credentialTest;
}
