import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { toPracticeTime } from '../../../shared/practiceTime';
import { hasInputProblems, inputValidator } from '../../../shared/validation';
import { appointmentMinutes } from './appointmentLength';
import { locator, locatorParameter } from '../../../pickers/locators';
import type { BookingValues } from './bookingInput';
import { bookingWrite, optionalBookingFields, toBookingData } from './bookingInput';
import type { OperationOption } from '../operation';

const dateTime = (displayName: string, name: string, description: string, required = false): INodeProperties => ({
	displayName,
	name,
	type: 'dateTime',
	required,
	default: '',
	description,
});

export const option: OperationOption = {
	name: 'Create',
	description: 'Book an appointment',
	action: 'Book an appointment for a patient with a clinician, room and appointment type',
};

export const properties: INodeProperties[] = [
	locator('patient'),
	locator('clinician', { description: 'The clinician the patient sees' }),
	locator('location', { description: 'The room the appointment is in, listed with its site' }),
	locator('appointmentType'),
	dateTime(
		'Start',
		'start',
		'When the appointment starts: pick it, or type e.g. 2026-03-29T09:00 or 29/03/2026 09:00 (UK time unless a zone is given)',
		true,
	),
	dateTime(
		'End',
		'end',
		'When it ends; must be after Start. Empty: Start plus the appointment type’s length in Semble.',
	),
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: optionalBookingFields,
	},
];

export const mutation = bookingWrite(
	'createBooking',
	{ bookingData: 'BookingDataInput' },
	async function (i) {
		const input = inputValidator(this, i);
		const patient = input.id('Patient', locatorParameter.call(this, 'patientId', i));
		const values: BookingValues = {
			clinicianId: locatorParameter.call(this, 'clinicianId', i),
			locationId: locatorParameter.call(this, 'locationId', i),
			appointmentTypeId: locatorParameter.call(this, 'appointmentTypeId', i),
			start: this.getNodeParameter('start', i) as string,
			end: this.getNodeParameter('end', i, '') as string,
			...(this.getNodeParameter('additionalFields', i, {}) as BookingValues),
		};
		for (const [field, value] of [
			['Clinician', values.clinicianId],
			['Room', values.locationId],
			['Appointment Type', values.appointmentTypeId],
			['Start', values.start],
		] as const) {
			input.required(field, value);
		}
		const bookingData: IDataObject = { patient, ...toBookingData(this, i, values) };
		const typeId = bookingData.bookingType as string | undefined;
		if (!typeId || !bookingData.start || hasInputProblems(this, i)) return { bookingData };
		const minutes = await appointmentMinutes(this, typeId, i);
		const start = Date.parse(String(bookingData.start));
		if (!bookingData.end) {
			if (!minutes) input.problem('End', 'is needed: the appointment type has no length in Semble');
			else bookingData.end = toPracticeTime(new Date(start + minutes * 60_000).toISOString());
			return { bookingData };
		}
		const given = Math.round((Date.parse(String(bookingData.end)) - start) / 60_000);
		const notice =
			minutes && given !== minutes
				? `End is ${given} minutes after Start; the appointment type lasts ${minutes} minutes in Semble. The booking was made with the End given.`
				: undefined;
		return { bookingData, notice };
	},
	undefined,
	(call) => (call.notice ? { notice: call.notice } : {}),
);
