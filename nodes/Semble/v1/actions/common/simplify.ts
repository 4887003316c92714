import type { INodeProperties } from 'n8n-workflow';

/** n8n's standard Simplify toggle (on by default, as n8n's conventions require). */
export const simplifyProperty: INodeProperties = {
	displayName: 'Simplify',
	name: 'simplify',
	type: 'boolean',
	default: true,
	description: 'Whether to return a simplified version of the response instead of the raw data',
};
