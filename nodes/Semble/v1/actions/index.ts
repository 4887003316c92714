import type { INodeProperties } from 'n8n-workflow';

import * as availability from './availability';
import * as booking from './booking';
import * as dataTools from './dataTools';
import * as graphql from './graphql';
import * as invoice from './invoice';
import * as label from './label';
import * as note from './note';
import * as patient from './patient';
import * as practice from './practice';
import * as product from './product';
import * as staff from './staff';
import type { Operation } from './operation';

/**
 * Every resource of the Semble node, by its parameter value. Each resource folder's
 * index.ts holds its entry in the Resource list and its operations record; the node's
 * description and the router read this one table.
 */
export const resources: Record<
	string,
	{ option: { name: string; description?: string }; operations: Record<string, Operation>; description: INodeProperties[] }
> = { availability, booking, dataTools, graphql, invoice, label, note, patient, practice, product, staff };

export const resourceProperty: INodeProperties = {
	displayName: 'Resource',
	name: 'resource',
	type: 'options',
	noDataExpression: true,
	options: Object.entries(resources)
		.map(([value, { option }]) => ({ ...option, value }))
		.sort((a, b) => a.name.localeCompare(b.name)),
	default: 'patient',
};
