import type { INodeProperties } from 'n8n-workflow';

/** A date-and-time filter field (inside a Get Many's Filters). */
export const dateFilter = (displayName: string, name: string, description: string): INodeProperties => ({
	displayName,
	name,
	type: 'dateTime',
	default: '',
	description,
});
