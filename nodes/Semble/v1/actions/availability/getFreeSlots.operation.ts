import { DateTime } from 'luxon';
import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { z } from 'zod';

import { gql } from '../../../shared/gql';
import { PRACTICE_TIMEZONE } from '../../../shared/practiceTime';
import { inputValidator } from '../../../shared/validation';
import { sembleRequest } from '../../../transport';
import { locator, locatorParameter, optionalLocator } from '../../../pickers/locators';
import type { OperationOption } from '../operation';

export const GET_AVAILABILITIES = gql`
	query GetAvailabilities($dateRange: DateRange!, $locationId: ID!, $doctorId: ID) {
		availabilities(dateRange: $dateRange, locationId: $locationId, doctorId: $doctorId) {
			data { start end }
		}
	}
`;

const responseSchema = z.object({
	availabilities: z
		.object({ data: z.array(z.object({ start: z.string(), end: z.string() }).nullable()).nullable() })
		.nullable(),
});

/** Semble answers at most 7 days (168 hours) per request. */
const MAX_RANGE_HOURS = 168;

export const option: OperationOption = {
	name: 'Get Free Slots',
	description: 'Free time in a room (and optionally for one clinician) over up to 7 days',
	action: 'Find free appointment times in a room or for a clinician, before booking',
};

export const properties: INodeProperties[] = [
	locator('location', { description: 'The room whose free time to find, listed with its site' }),
	optionalLocator('clinician', { description: 'Only this clinician’s free time (leave empty for the room’s)' }),
	{ displayName: 'From', name: 'from', type: 'dateTime', required: true, default: '' },
	{
		displayName: 'To',
		name: 'to',
		type: 'dateTime',
		required: true,
		default: '',
		description: 'At most 7 days after From',
	},
	{
		displayName: 'Slot Length (Minutes)',
		name: 'slotMinutes',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: 0,
		description: 'Split free time into bookable slots of this length; 0 returns free periods as Semble gives them',
	},
];

export async function execute(this: IExecuteFunctions, i: number): Promise<INodeExecutionData[]> {
	const input = inputValidator(this, i);
	const locationId = input.id('Room', locatorParameter.call(this, 'locationId', i));
	const clinician = locatorParameter.call(this, 'clinicianId', i);
	const start = input.dateTime('From', this.getNodeParameter('from', i) as string);
	const end = input.dateTime('To', this.getNodeParameter('to', i) as string);
	const hours = DateTime.fromISO(end).diff(DateTime.fromISO(start), 'hours').hours;
	if (hours <= 0 || hours > MAX_RANGE_HOURS) {
		throw new NodeOperationError(
			this.getNode(),
			`Invalid "To" in item ${i}: must be after From and at most 7 days later (Semble’s limit)`,
			{ itemIndex: i, description: 'Nothing was sent to Semble for this item.' },
		);
	}
	const data: z.infer<typeof responseSchema> = await sembleRequest.call(this, {
		document: GET_AVAILABILITIES,
		variables: {
			dateRange: { start, end },
			locationId,
			doctorId: clinician ? input.id('Clinician', clinician) : undefined,
		},
		kind: 'read',
		schema: responseSchema,
		itemIndex: i,
	});
	const slotMinutes = this.getNodeParameter('slotMinutes', i, 0) as number;
	const periods = (data.availabilities?.data ?? []).filter((p): p is { start: string; end: string } => p !== null);
	return periods
		.flatMap((period) => (slotMinutes > 0 ? split(period, slotMinutes) : [period]))
		.map((slot) => ({ json: { ...slot, ...local(slot), locationId }, pairedItem: { item: i } }));
}

function split(period: { start: string; end: string }, minutes: number) {
	const slots: Array<{ start: string; end: string }> = [];
	const last = DateTime.fromISO(period.end, { zone: 'utc' });
	for (let at = DateTime.fromISO(period.start, { zone: 'utc' }); at.plus({ minutes }) <= last; at = at.plus({ minutes })) {
		slots.push({ start: at.toISO() as string, end: at.plus({ minutes }).toISO() as string });
	}
	return slots;
}

const local = (slot: { start: string; end: string }) => ({
	startLocal: DateTime.fromISO(slot.start).setZone(PRACTICE_TIMEZONE).toISO({ suppressMilliseconds: true }),
	endLocal: DateTime.fromISO(slot.end).setZone(PRACTICE_TIMEZONE).toISO({ suppressMilliseconds: true }),
});
