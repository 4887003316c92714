import { randomUUID } from 'node:crypto';

import type { IConnections, INode, INodeParameters } from 'n8n-workflow';

import { byId } from '../harness/workflows';
import { CREDENTIAL_IDS } from './realN8n';

/**
 * One workflow per Semble resource, run in real n8n with `n8n execute` (in queue mode, from a
 * webhook, see startedByWebhook): each chains the
 * resource's operations, feeding ids from one step to the next with expressions, the way a
 * clinic's automation builder wires them.
 */

/** A step: its name, its parameters, and node settings such as `executeOnce`. */
type Step = [name: string, parameters: INodeParameters, settings?: Partial<INode>];

export function chain(name: string, steps: Step[]) {
	const trigger: INode = {
		id: 'b7d1c8a0-0000-4000-8000-000000000000',
		name: 'Start',
		type: 'n8n-nodes-base.manualTrigger',
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
	};
	const nodes: INode[] = steps.map(([stepName, parameters, settings], index) => ({
		id: `b7d1c8a0-0000-4000-8000-${String(index + 1).padStart(12, '0')}`,
		name: stepName,
		type: 'n8n-nodes-semble.semble',
		typeVersion: 1,
		position: [220 * (index + 1), 0],
		parameters: { authentication: 'apiToken', ...parameters },
		credentials: { sembleApi: { id: CREDENTIAL_IDS.sembleApi, name: 'Semble sandbox (API token)' } },
		...settings,
	}));
	const all = [trigger, ...nodes];
	const connections: IConnections = {};
	for (let i = 0; i < all.length - 1; i++) {
		connections[all[i].name] = { main: [[{ node: all[i + 1].name, type: 'main', index: 0 }]] };
	}
	return { name, nodes: all, connections, settings: { executionOrder: 'v1' }, pinData: {} };
}

type ResourceWorkflow = ReturnType<typeof chain>;

/** The same workflow started by a production webhook at `/webhook/<path>`, so n8n's queue mode hands it to a worker. */
export function startedByWebhook(workflow: ResourceWorkflow, webhookPath: string): ResourceWorkflow {
	const [manual, ...steps] = workflow.nodes;
	const webhook: INode = {
		...manual,
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2,
		webhookId: randomUUID(),
		parameters: { httpMethod: 'POST', path: webhookPath, responseMode: 'onReceived', options: {} },
	};
	return { ...workflow, nodes: [webhook, ...steps] };
}

const firstOf = (node: string, path: string) => `={{ $('${node}').first().json.${path} }}`;

export const resourceWorkflows = {
	'resource-patient': chain('Semble resource: patient', [
		[
			'Create',
			{
				resource: 'patient',
				operation: 'create',
				firstName: 'Real',
				lastName: 'Engine',
				// A UK day-first date of birth as typed, and the NHS number (a second write in the same step).
				additionalFields: { email: 'real.engine@example.com', dob: '23/04/1985', nhsNumber: '943 476 5919' },
			},
		],
		['Get', { resource: 'patient', operation: 'get', patientId: byId('={{ $json.id }}') }],
		['Update', { resource: 'patient', operation: 'update', patientId: byId('={{ $json.id }}'), updateFields: { city: 'York' } }],
		['Add Phone', { resource: 'patient', operation: 'addPhone', patientId: byId('={{ $json.id }}'), phoneNumber: '0044 7700 900555', phoneType: 'Mobile' }],
		['Find Duplicates', { resource: 'patient', operation: 'findDuplicates', email: 'REAL.ENGINE@example.com' }],
	]),
	'resource-booking': chain('Semble resource: booking', [
		['Practice', { resource: 'practice', operation: 'get' }],
		['Clinician', { resource: 'staff', operation: 'getMany', limit: 1 }],
		['Patient', { resource: 'patient', operation: 'getMany', limit: 1, filters: {} }],
		[
			'Create',
			{
				resource: 'booking',
				operation: 'create',
				patientId: byId('={{ $json.id }}'),
				clinicianId: byId(firstOf('Clinician', 'id')),
				locationId: byId(firstOf('Practice', 'locations[0].id')),
				appointmentTypeId: byId(firstOf('Practice', 'appointmentTypes[0].id')),
				// Typed UK day first (6 May), End left empty: filled from the appointment type's length.
				start: '06/05/2031 09:00',
				end: '',
				additionalFields: {},
			},
		],
		['Update Journey', { resource: 'booking', operation: 'updateJourney', bookingId: '={{ $json.id }}', journeyStage: 'arrived', date: '' }],
		['Get Many', { resource: 'booking', operation: 'getMany', limit: 5, filters: { appointmentFrom: '2031-05-06T00:00:00Z', appointmentTo: '2031-05-07T00:00:00Z' } }],
		['Cancel', { resource: 'booking', operation: 'cancel', bookingId: '={{ $json.id }}', sendCancellationMessages: false }],
	]),
	'resource-availability': chain('Semble resource: availability', [
		['Practice', { resource: 'practice', operation: 'get' }],
		['Free Slots', { resource: 'availability', operation: 'getFreeSlots', locationId: byId('={{ $json.locations[0].id }}'), from: '2031-06-02T00:00:00Z', to: '2031-06-03T00:00:00Z', slotMinutes: 60 }],
	]),
	// The sandbox's availabilitySlots answers the next 4 weeks from now, so the times are relative.
	'resource-availability-blocks': chain('Semble resource: availability blocks', [
		['Clinician', { resource: 'staff', operation: 'getMany', limit: 1 }],
		['Get Slots', { resource: 'availability', operation: 'getSlots', clinicianId: byId('={{ $json.id }}'), from: "={{ $now.plus({ days: 1 }).toISO() }}", to: "={{ $now.plus({ days: 8 }).toISO() }}" }],
		['Block Time', { resource: 'availability', operation: 'blockTime', clinicianId: byId("={{ $('Get Slots').first().json.clinicianId }}"), locationId: byId("={{ $('Get Slots').first().json.roomId }}"), start: "={{ $('Get Slots').first().json.start }}", end: "={{ $('Get Slots').first().json.end }}" }, { executeOnce: true }],
		['Slots While Blocked', { resource: 'availability', operation: 'getSlots', clinicianId: byId('={{ $json.clinicianId }}'), locationId: byId('={{ $json.roomId }}'), from: '={{ $json.start }}', to: '={{ $json.end }}' }, { alwaysOutputData: true }],
		['Free Time', { resource: 'availability', operation: 'freeTime', blockId: "={{ $('Block Time').first().json.id }}" }, { executeOnce: true }],
		['Slots After', { resource: 'availability', operation: 'getSlots', clinicianId: byId("={{ $('Block Time').first().json.clinicianId }}"), locationId: byId("={{ $('Block Time').first().json.roomId }}"), from: "={{ $('Block Time').first().json.start }}", to: "={{ $('Block Time').first().json.end }}" }],
	]),
	'resource-fhir': chain('Semble data tool: Convert to FHIR', [
		['Patients', { resource: 'patient', operation: 'getMany', limit: 5 }],
		['Patients as FHIR', { resource: 'dataTools', operation: 'convertToFhir', recordType: 'patient', record: '={{ $json }}', localIdentifierSystem: 'https://fhir.clinic.example/Id/semble-patient', output: 'bundle' }],
		['Bookings', { resource: 'booking', operation: 'getMany', limit: 3, filters: { appointmentFrom: '2026-01-01T00:00:00Z' } }, { executeOnce: true }],
		['Bookings as FHIR', { resource: 'dataTools', operation: 'convertToFhir', recordType: 'booking', record: '={{ $json }}', localIdentifierSystem: 'https://fhir.clinic.example/Id/semble-booking' }],
	]),
	'resource-staff': chain('Semble resource: staff', [
		['Get Many', { resource: 'staff', operation: 'getMany', limit: 2 }],
		['Get', { resource: 'staff', operation: 'get', staffId: byId('={{ $json.id }}') }],
	]),
	'resource-product': chain('Semble resource: product', [
		['Create', { resource: 'product', operation: 'create', name: 'Real n8n Check-up', additionalFields: { price: 55, duration: 30, isBookable: true } }],
		['Update', { resource: 'product', operation: 'update', productId: byId('={{ $json.id }}'), updateFields: { price: 60 } }],
		['Get', { resource: 'product', operation: 'get', productId: byId('={{ $json.id }}') }],
		['Delete', { resource: 'product', operation: 'delete', productId: byId('={{ $json.id }}') }],
	]),
	'resource-invoice': chain('Semble resource: invoice', [
		['Practice', { resource: 'practice', operation: 'get' }],
		['Clinician', { resource: 'staff', operation: 'getMany', limit: 1 }],
		['Patient', { resource: 'patient', operation: 'getMany', limit: 1, filters: {} }],
		[
			'Create',
			{
				resource: 'invoice',
				operation: 'create',
				date: '2031-05-06',
				patientId: byId('={{ $json.id }}'),
				doctorId: byId(firstOf('Clinician', 'id')),
				locationId: byId(firstOf('Practice', 'locations[0].id')),
				lineItems: { item: [{ productId: byId(firstOf('Practice', 'appointmentTypes[0].id')), quantity: 1, price: '80' }] },
				additionalFields: {},
			},
		],
		['Add Payment', { resource: 'invoice', operation: 'addPayment', invoiceId: byId('={{ $json.id }}'), amount: 30, paymentTypeId: firstOf('Practice', 'paymentTypes[0].id'), paymentDate: '', comment: 'n8n' }],
		['Get Many', { resource: 'invoice', operation: 'getMany', returnAll: true, filters: { patientId: byId(firstOf('Patient', 'id')) } }],
	]),
	'resource-note-label': chain('Semble resource: note and label', [
		['Patient', { resource: 'patient', operation: 'getMany', limit: 1, filters: {} }],
		['Note', { resource: 'note', operation: 'create', patientId: byId('={{ $json.id }}'), title: 'Follow-up', text: 'Called the patient', additionalFields: {} }],
		['Note Update', { resource: 'note', operation: 'update', noteId: '={{ $json.id }}', updateFields: { text: 'Called twice' } }],
		['Labels', { resource: 'label', operation: 'getMany', limit: 1 }],
		['Add Label', { resource: 'patient', operation: 'addLabel', patientId: byId(firstOf('Patient', 'id')), labelId: byId('={{ $json.id }}') }],
	]),
	'resource-graphql': chain('Semble resource: GraphQL', [
		['Query', { resource: 'graphql', operation: 'execute', query: 'query { practice { name timezone } }', variables: '{}' }],
	]),
};
