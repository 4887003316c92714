import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { authenticationProperty, sembleCredentials } from '../shared/authentication';
import * as availability from './actions/availability';
import * as booking from './actions/booking';
import * as dataTools from './actions/dataTools';
import * as graphql from './actions/graphql';
import * as invoice from './actions/invoice';
import * as label from './actions/label';
import * as note from './actions/note';
import * as patient from './actions/patient';
import * as practice from './actions/practice';
import * as product from './actions/product';
import * as staff from './actions/staff';
import { router } from './actions/router';
import { listSearch, loadOptions } from './methods';

export class SembleV1 implements INodeType {
	description: INodeTypeDescription = {
	displayName: 'Semble',
	name: 'semble',
	// n8n resolves a version's icon beside the main node file (Semble.node.ts), not this one.
	// eslint-disable-next-line @n8n/community-nodes/icon-validation
	icon: { light: 'file:semble.svg', dark: 'file:semble.dark.svg' },
	group: ['transform'],
	version: 1,
	subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
	description: 'Read and update patients, bookings and invoices in Semble, the UK practice-management system',
	defaults: { name: 'Semble' },
	usableAsTool: true,
	inputs: [NodeConnectionTypes.Main],
	outputs: [NodeConnectionTypes.Main],
	credentials: sembleCredentials,
	properties: [
		authenticationProperty,
		{
			displayName: 'Resource',
			name: 'resource',
			type: 'options',
			noDataExpression: true,
			options: [
				{ name: 'Availability', value: 'availability', description: 'Free appointment slots' },
				{ name: 'Booking', value: 'booking', description: 'Appointments: book, reschedule, cancel, arrivals' },
				{
					name: 'Data Tool',
					value: 'dataTools',
					description: 'Check a patient record’s quality or compare it with a CRM record, without contacting Semble',
				},
				{ name: 'GraphQL', value: 'graphql', description: 'Run any query or mutation' },
				{ name: 'Invoice', value: 'invoice', description: 'Invoices and the payments made against them' },
				{ name: 'Label', value: 'label', description: 'Patient labels such as VIP or Insurance' },
				{ name: 'Note', value: 'note', description: 'Notes on a patient’s record' },
				{ name: 'Patient', value: 'patient' },
				{ name: 'Practice', value: 'practice', description: 'Rooms, sites, appointment types and payment types' },
				{ name: 'Product', value: 'product', description: 'Treatments, services and stock items' },
				{ name: 'Staff', value: 'staff', description: 'Clinicians and other staff' },
			],
			default: 'patient',
		},
		...availability.description,
		...booking.description,
		...dataTools.description,
		...invoice.description,
		...label.description,
		...note.description,
		...patient.description,
		...practice.description,
		...product.description,
		...staff.description,
		...graphql.description,
	],
	};

	methods = { listSearch, loadOptions };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
