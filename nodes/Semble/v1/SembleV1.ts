import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeBaseDescription,
	INodeTypeDescription,
} from 'n8n-workflow';
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

/**
 * The data tools work on the items alone, so they ask for no Semble access. Only this node
 * has a `resource` to hide by: n8n 1.x refuses to activate a node whose parameters depend on
 * a parameter it does not have.
 */
const noAccessNeeded = { hide: { resource: ['dataTools'] } };

/** What version 1 adds to the base description in Semble.node.ts. */
const versionDescription: Omit<INodeTypeDescription, keyof INodeTypeBaseDescription> &
	Partial<INodeTypeDescription> = {
	version: 1,
	subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
	defaults: { name: 'Semble' },
	usableAsTool: true,
	inputs: [NodeConnectionTypes.Main],
	outputs: [NodeConnectionTypes.Main],
	credentials: sembleCredentials.map((credential) => ({
		...credential,
		displayOptions: { ...credential.displayOptions, ...noAccessNeeded },
	})),
	properties: [
		{ ...authenticationProperty, displayOptions: noAccessNeeded },
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

export class SembleV1 implements INodeType {
	description: INodeTypeDescription;

	// The name, icon and description come from Semble.node.ts, as in n8n's own versioned
	// nodes: n8n resolves an icon beside the main node file, and so does the verification scan.
	constructor(baseDescription: INodeTypeBaseDescription) {
		this.description = { ...baseDescription, ...versionDescription };
	}

	methods = { listSearch, loadOptions };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
