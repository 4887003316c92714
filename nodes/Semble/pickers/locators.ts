import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

/**
 * Resource locators: ID fields with a searchable "From List" (the methods in
 * ../../methods/listSearch.ts) and "By ID", which also takes an expression such as
 * `{{ $json.id }}`. Every locator of a kind looks and reads the same wherever it appears.
 */

export type LocatorKind =
	| 'patient'
	| 'booking'
	| 'clinician'
	| 'staff'
	| 'location'
	| 'appointmentType'
	| 'product'
	| 'label'
	| 'invoice'
	| 'patientPhone'
	| 'patientNumber'
	| 'patientAttribute'
	| 'patientLabel';

interface KindDescription {
	displayName: string;
	searchListMethod: string;
	listPlaceholder: string;
	description: string;
}

const kinds: Record<LocatorKind, KindDescription> = {
	patient: {
		displayName: 'Patient',
		searchListMethod: 'searchPatients',
		listPlaceholder: 'Select a patient...',
		description: 'The patient: search by name, email or date of birth (YYYY-MM-DD), or give their Semble ID',
	},
	booking: {
		displayName: 'Booking',
		searchListMethod: 'searchBookings',
		listPlaceholder: 'Select a booking...',
		description:
			'The booking: the list shows the next four weeks by date, time and clinician; give the ID for any other (cancelled bookings can still be read)',
	},
	clinician: {
		displayName: 'Clinician',
		searchListMethod: 'searchClinicians',
		listPlaceholder: 'Select a clinician...',
		description: 'The clinician (a member of staff who sees patients)',
	},
	staff: {
		displayName: 'Staff Member',
		searchListMethod: 'searchStaff',
		listPlaceholder: 'Select a member of staff...',
		description: 'Any member of staff; a clinician’s ID is the clinician on bookings and invoices',
	},
	location: {
		displayName: 'Room',
		searchListMethod: 'searchLocations',
		listPlaceholder: 'Select a room...',
		description: 'The room, listed with its site (Semble calls rooms locations)',
	},
	appointmentType: {
		displayName: 'Appointment Type',
		searchListMethod: 'searchAppointmentTypes',
		listPlaceholder: 'Select an appointment type...',
		description: 'The appointment type (a bookable product)',
	},
	product: {
		displayName: 'Product',
		searchListMethod: 'searchProducts',
		listPlaceholder: 'Select a product...',
		description: 'The product, treatment or service',
	},
	label: {
		displayName: 'Label',
		searchListMethod: 'searchLabels',
		listPlaceholder: 'Select a label...',
		description: 'The practice label, e.g. VIP or Insurance',
	},
	invoice: {
		displayName: 'Invoice',
		searchListMethod: 'searchInvoices',
		listPlaceholder: 'Select an invoice...',
		description:
			'The invoice: the list shows the last 90 days by number, date, patient and amount; give the ID for an older one',
	},
	// A patient's own entries: listed for the patient chosen above (Patient › Get shows the IDs).
	patientPhone: {
		displayName: 'Phone',
		searchListMethod: 'searchPatientPhones',
		listPlaceholder: 'Select one of the patient’s phones...',
		description: 'One of the patient’s phones, listed by type and last digits, or its "Phone ID" from Patient › Get',
	},
	patientNumber: {
		displayName: 'Identifier',
		searchListMethod: 'searchPatientNumbers',
		listPlaceholder: 'Select one of the patient’s numbers...',
		description: 'One of the patient’s identifier numbers, e.g. their NHS number, or its "ID" from Patient › Get',
	},
	patientAttribute: {
		displayName: 'Custom Attribute',
		searchListMethod: 'searchPatientAttributes',
		listPlaceholder: 'Select one of the patient’s attributes...',
		description: 'One of the patient’s custom attributes, listed by title, or its "ID" from Patient › Get',
	},
	patientLabel: {
		displayName: 'Label on Patient',
		searchListMethod: 'searchPatientLabels',
		listPlaceholder: 'Select one of the patient’s labels...',
		description:
			'One of the labels this patient has, or its "ID" from the patient’s labels (Patient › Get), not the practice label’s ID (that one is "Reference ID" there). Semble does not document which ID it expects; this is our best reading.',
	},
};

/**
 * A required locator named `<kind>Id` (e.g. `patientId`); `overrides` changes anything,
 * typically `name` (to keep an existing parameter name) or `description`.
 */
export function locator(kind: LocatorKind, overrides: Partial<INodeProperties> = {}): INodeProperties {
	const { displayName, searchListMethod, listPlaceholder, description } = kinds[kind];
	return {
		displayName,
		name: `${kind}Id`,
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		description,
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				placeholder: listPlaceholder,
				typeOptions: { searchListMethod, searchable: true },
			},
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: 'e.g. 64a0f3c2e1b2c3d4e5f60718',
			},
		],
		...overrides,
	};
}

/** The field's name in messages, e.g. "Invoice". */
export const locatorName = (kind: LocatorKind) => kinds[kind].displayName;

/** The same locator as an optional field, e.g. a filter or an update field inside a collection. */
export function optionalLocator(kind: LocatorKind, overrides: Partial<INodeProperties> = {}): INodeProperties {
	const property = locator(kind, overrides);
	delete property.required;
	return property;
}

/**
 * The ID a locator value holds, in any mode. A plain string (a value saved before the field
 * became a locator) is taken as it is. For locators inside collections and fixed collections.
 */
export function locatorId(value: unknown): unknown {
	if (value !== null && typeof value === 'object' && 'value' in value) return (value as { value: unknown }).value;
	return value;
}

/** The ID in the top-level locator `name` of item `i` (empty when unset); validate it with `inputValidator().id`. */
export function locatorParameter(this: IExecuteFunctions, name: string, i: number): unknown {
	return this.getNodeParameter(name, i, '', { extractValue: true });
}
