import type { INodeProperties } from 'n8n-workflow';

import * as checkDataQuality from './checkDataQuality.operation';
import * as detectConflicts from './detectConflicts.operation';

export { checkDataQuality, detectConflicts };

/** Tools that work on the items they are given: no request is made to Semble. */
export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['dataTools'] } },
		options: [
			{
				name: 'Check Data Quality',
				value: 'checkDataQuality',
				description: 'Score a patient record from 0 to 100 and route it to sync, review or manual fixing',
				action: 'Check the data quality of a patient record',
			},
			{
				name: 'Detect Conflicts',
				value: 'detectConflicts',
				description: 'Compare a Semble patient with a CRM record field by field and say what to update on each side',
				action: 'Detect conflicts between a patient and a CRM record',
			},
		],
		default: 'checkDataQuality',
	},
	...checkDataQuality.description,
	...detectConflicts.description,
];
