import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { bookingRecord, withDerivedFields } from '../../../records/booking';
import { inputValidator } from '../../../shared/validation';
import { locator, locatorId, locatorParameter } from '../../../pickers/locators';
import type { Mutation, MutationCall } from '../mutation';
import { recordWrite } from '../mutation';

/** Fields the booking operations share, and their translation into Semble's booking input. */

/** The booking an operation works on: picked from the list of upcoming bookings, or by ID. */
export const bookingIdProperty: INodeProperties = locator('booking');

/** The validated booking ID of item `i`. */
export function bookingIdOf(this: IExecuteFunctions, i: number): string {
	return inputValidator(this, i).id('Booking', locatorParameter.call(this, 'bookingId', i));
}

/**
 * A write on one booking, declared once (../mutation.ts): Semble answers with the booking as it
 * now is, output with its derived status and UK-local times; `whenEmpty` is the output when the
 * answer carries no booking, and `alongside` what the output adds (e.g. a notice).
 */
export function bookingWrite(
	field: string,
	args: Record<string, string>,
	prepare: Mutation['prepare'],
	whenEmpty: (call: MutationCall) => IDataObject = () => ({}),
	alongside: (call: MutationCall) => IDataObject = () => ({}),
): Mutation {
	return recordWrite(field, args, bookingRecord, {
		prepare,
		output: (booking, call) => ({ ...(booking ? withDerivedFields(booking) : whenEmpty(call)), ...alongside(call) }),
	});
}

export const sendMessagesOption: INodeProperties = {
	displayName: 'Patient Messages',
	name: 'sendPatientMessages',
	type: 'multiOptions',
	options: [
		{ name: 'Confirmation', value: 'confirmation' },
		{ name: 'Reminder', value: 'reminder' },
		{ name: 'Follow-Up', value: 'followup' },
	],
	default: ['confirmation', 'reminder', 'followup'],
	description:
		'Which messages Semble sends the patient about this booking (Semble sends all three unless told otherwise)',
};

export const optionalBookingFields: INodeProperties[] = [
	{ displayName: 'Comments', name: 'comments', type: 'string', typeOptions: { rows: 3 }, default: '' },
	sendMessagesOption,
];

export interface BookingValues {
	start?: string;
	end?: string;
	/** Locator values (or plain IDs): see `locatorId`. */
	clinicianId?: unknown;
	locationId?: unknown;
	appointmentTypeId?: unknown;
	comments?: string;
	sendPatientMessages?: string[];
}

export function toBookingData(run: IExecuteFunctions, itemIndex: number, values: BookingValues): IDataObject {
	const input = inputValidator(run, itemIndex);
	const data: IDataObject = {};
	if (values.start) data.start = input.dateTime('Start', values.start);
	if (values.end) data.end = input.dateTime('End', values.end);
	if (data.start && data.end && Date.parse(String(data.end)) <= Date.parse(String(data.start))) {
		input.problem('End', 'must be after Start');
	}
	const clinician = locatorId(values.clinicianId);
	const location = locatorId(values.locationId);
	const appointmentType = locatorId(values.appointmentTypeId);
	if (clinician) data.doctor = input.id('Clinician', clinician);
	if (location) data.location = input.id('Room', location);
	if (appointmentType) data.bookingType = input.id('Appointment Type', appointmentType);
	if (values.comments) data.comments = values.comments;
	if (values.sendPatientMessages) {
		const send = new Set(values.sendPatientMessages);
		data.sendPatientMessages = {
			confirmation: send.has('confirmation'),
			reminder: send.has('reminder'),
			followup: send.has('followup'),
		};
	}
	return data;
}
