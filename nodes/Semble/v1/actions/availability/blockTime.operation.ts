import type { INodeProperties } from 'n8n-workflow';

import { inputValidator } from '../../../shared/validation';
import { locator, locatorParameter } from '../../../pickers/locators';
import { recordWrite } from '../mutation';
import type { OperationOption } from '../operation';
import { blockOutput, blockRecord } from './block';

export const DEFAULT_BLOCK_COMMENTS = 'Busy (from calendar)';

export const option: OperationOption = {
	name: 'Block Time',
	description: 'Mark a clinician as busy in a room (an out-of-office booking)',
	action: 'Block a clinician’s time in a room so nothing can be booked then',
};

export const properties: INodeProperties[] = [
	locator('clinician', { description: 'The clinician who is busy' }),
	locator('location', { description: 'The room the block is in, listed with its site' }),
	{
		displayName: 'Start',
		name: 'start',
		type: 'dateTime',
		required: true,
		default: '',
		description: 'When the block starts (UK time unless a zone is given)',
	},
	{
		displayName: 'End',
		name: 'end',
		type: 'dateTime',
		required: true,
		default: '',
		description: 'When it ends; must be after Start',
	},
	{
		displayName: 'Comments',
		name: 'comments',
		type: 'string',
		default: DEFAULT_BLOCK_COMMENTS,
		description: 'Shown on the block in Semble’s diary. Keep personal details out of it.',
	},
];

/**
 * Semble's legacy `createOutOfOfficeBooking`: the New Appointment System's `createAvailability`
 * is not in our schema notes, so a practice on that system gets Semble's own refusal. The
 * argument name `outOfOfficeBookingData` is inferred (NOTES.md §5). A new record: n8n's
 * Retry On Fail never sends an item twice (runMutation's ledger).
 */
export const mutation = recordWrite(
	'createOutOfOfficeBooking',
	{ outOfOfficeBookingData: 'OutOfOfficeBookingDataInput' },
	blockRecord,
	{
		creates: true,
		prepare(i) {
			const input = inputValidator(this, i);
			const doctor = input.id('Clinician', locatorParameter.call(this, 'clinicianId', i));
			const location = input.id('Room', locatorParameter.call(this, 'locationId', i));
			const start = input.dateTime('Start', this.getNodeParameter('start', i) as string);
			const end = input.dateTime('End', this.getNodeParameter('end', i) as string);
			if (start && end && Date.parse(end) <= Date.parse(start)) input.problem('End', 'must be after Start');
			const comments = (this.getNodeParameter('comments', i, '') as string).trim() || DEFAULT_BLOCK_COMMENTS;
			return { outOfOfficeBookingData: { doctor, location, start, end, comments } };
		},
		// Semble answered without the block: what was asked for, with no id to free it by.
		output: (block, call) => {
			if (block) return blockOutput(block);
			const asked = call.outOfOfficeBookingData as Record<string, string>;
			return { id: null, start: asked.start, end: asked.end, clinicianId: asked.doctor, roomId: asked.location };
		},
	},
);
