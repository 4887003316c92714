import type { INodeProperties } from 'n8n-workflow';

import { inputValidator } from '../../../shared/validation';
import { locator, locatorParameter } from '../common/locators';
import type { BookingValues } from './bookingInput';
import { bookingWrite, optionalBookingFields, toBookingData } from './bookingInput';
import type { OperationOption } from '../operation';

const required = (displayName: string, name: string, description: string): INodeProperties => ({
	displayName,
	name,
	type: 'string',
	required: true,
	default: '',
	description,
});

export const option: OperationOption = {
	name: 'Create',
	description: 'Book an appointment',
	action: 'Create a booking',
};

export const properties: INodeProperties[] = [
	locator('patient'),
	locator('clinician', { description: 'The clinician the patient sees' }),
	locator('location', { description: 'The room the appointment is in, listed with its site' }),
	locator('appointmentType'),
	required(
		'Start',
		'start',
		'When the appointment starts, e.g. 2026-03-29T09:00 (practice time unless a zone is given)',
	),
	required('End', 'end', 'When it ends; must be after Start'),
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: optionalBookingFields,
	},
];

export const mutation = bookingWrite('createBooking', { bookingData: 'BookingDataInput' }, function (i) {
	const patient = inputValidator(this, i).id('Patient', locatorParameter.call(this, 'patientId', i));
	const values: BookingValues = {
		clinicianId: locatorParameter.call(this, 'clinicianId', i),
		locationId: locatorParameter.call(this, 'locationId', i),
		appointmentTypeId: locatorParameter.call(this, 'appointmentTypeId', i),
		start: this.getNodeParameter('start', i) as string,
		end: this.getNodeParameter('end', i) as string,
		...(this.getNodeParameter('additionalFields', i, {}) as BookingValues),
	};
	const input = inputValidator(this, i);
	for (const [field, value] of [
		['Clinician', values.clinicianId],
		['Room', values.locationId],
		['Appointment Type', values.appointmentTypeId],
		['Start', values.start],
		['End', values.end],
	] as const) {
		input.required(field, value);
	}
	const bookingData = { patient, ...toBookingData(this, i, values) };
	return { bookingData };
});
