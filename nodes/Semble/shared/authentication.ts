import type { INodeCredentialDescription, INodeProperties } from 'n8n-workflow';

/** Every Semble node signs in the same two ways; the transport reads `authentication`. */

export const sembleCredentials: INodeCredentialDescription[] = [
	{ name: 'sembleApi', required: true, displayOptions: { show: { authentication: ['apiToken'] } } },
	{ name: 'sembleSignInApi', required: true, displayOptions: { show: { authentication: ['signIn'] } } },
];

export const authenticationProperty: INodeProperties = {
	displayName: 'Authentication',
	name: 'authentication',
	type: 'options',
	options: [
		{ name: 'API Token', value: 'apiToken' },
		{ name: 'Sign-In (Email and Password)', value: 'signIn' },
	],
	default: 'apiToken',
};
