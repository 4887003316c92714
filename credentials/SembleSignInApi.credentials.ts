import type {
	IAuthenticateGeneric,
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestHelper,
	Icon,
	INodeProperties,
} from 'n8n-workflow';

import { credentialTest, endpointProperty, requestsPerMinuteProperty, timeoutProperty } from './shared';

export const SIGN_IN_MUTATION =
	'mutation SembleSignIn($email: String!, $password: String!) { signIn(email: $email, password: $password) { token } }';

interface SignInResponse {
	data?: { signIn?: { token?: string | null } | null } | null;
	errors?: Array<{ message?: string }>;
}

export class SembleSignInApi implements ICredentialType {
	name = 'sembleSignInApi';

	displayName = 'Semble Sign-In API';

	icon: Icon = { light: 'file:../nodes/Semble/semble.svg', dark: 'file:../nodes/Semble/semble.dark.svg' };

	documentationUrl = 'https://docs.semble.io/docs/authentication/';

	properties: INodeProperties[] = [
		{
			displayName:
				'Signs in as a Semble user. The session lasts 12 hours and is renewed automatically. Prefer an API token where your practice can issue one.',
			name: 'notice',
			type: 'notice',
			default: '',
		},
		{
			displayName: 'Email',
			name: 'email',
			type: 'string',
			placeholder: 'name@clinic.co.uk',
			default: '',
			required: true,
		},
		{
			displayName: 'Password',
			name: 'password',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
		},
		endpointProperty,
		requestsPerMinuteProperty,
		timeoutProperty,
		{
			displayName: 'Session Token',
			name: 'sessionToken',
			type: 'hidden',
			typeOptions: { expirable: true, password: true },
			default: '',
		},
	];

	/** Called by n8n when the session token is empty or Semble answered 401 with it. */
	async preAuthentication(this: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject) {
		let response: SignInResponse;
		try {
			response = (await this.helpers.httpRequest({
				method: 'POST',
				url: credentials.endpoint as string,
				body: {
					query: SIGN_IN_MUTATION,
					variables: { email: credentials.email, password: credentials.password },
				},
				json: true,
			})) as SignInResponse;
		} catch (error) {
			// The request error holds the password in its body: never pass it on.
			const status = (error as { response?: { status?: number } }).response?.status;
			throw new Error(`Semble sign-in failed${status ? ` (HTTP ${status})` : ''}: check the email, password and endpoint.`);
		}
		const token = response?.data?.signIn?.token;
		if (!token) {
			const reason = response?.errors?.[0]?.message ?? 'no session token returned';
			throw new Error(`Semble sign-in failed: ${reason}`);
		}
		return { sessionToken: token };
	}

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: { headers: { 'x-token': '={{$credentials.sessionToken}}' } },
	};

	test: ICredentialTestRequest = credentialTest;
}
