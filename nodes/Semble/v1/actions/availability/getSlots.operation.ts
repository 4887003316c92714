import { DateTime } from 'luxon';
import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { z } from 'zod';

import { text } from '../../../records/fields';
import { gql } from '../../../shared/gql';
import { PRACTICE_TIMEZONE } from '../../../shared/practiceTime';
import { hasInputProblems, inputValidator } from '../../../shared/validation';
import { sembleRequest } from '../../../transport';
import { locatorParameter, optionalLocator } from '../../../pickers/locators';
import type { OperationOption } from '../operation';

/**
 * Semble's `availabilitySlots` (New Appointment System). Its arguments are not documented
 * (NOTES.md §4), so it is sent without any and filtered here; which range Semble answers by
 * default is not known.
 */
export const GET_AVAILABILITY_SLOTS = gql`
	query GetAvailabilitySlots {
		availabilitySlots {
			data { startLocal endLocal user { id fullName } room { id name } }
		}
	}
`;

const slotSchema = z.object({
	startLocal: z.string(),
	endLocal: z.string(),
	user: z.object({ id: z.string(), fullName: text }).nullish(),
	room: z.object({ id: z.string(), name: text }).nullish(),
});

const responseSchema = z.object({
	availabilitySlots: z.object({ data: z.array(slotSchema.nullable()).nullish() }).nullable(),
});

/** Semble gives slots up to 4 weeks ahead. */
const MAX_RANGE_DAYS = 28;

export const option: OperationOption = {
	name: 'Get Slots',
	description: 'Bookable slots with their clinician and room, over up to 4 weeks (New Appointment System)',
	action: 'List bookable slots of every clinician and room over up to 4 weeks, on the New Appointment System',
};

export const properties: INodeProperties[] = [
	{ displayName: 'From', name: 'from', type: 'dateTime', required: true, default: '' },
	{
		displayName: 'To',
		name: 'to',
		type: 'dateTime',
		required: true,
		default: '',
		description: 'At most 4 weeks after From',
	},
	optionalLocator('clinician', { description: 'Only this clinician’s slots (leave empty for everyone’s)' }),
	optionalLocator('location', { description: 'Only slots in this room (leave empty for every room)' }),
];

type Slot = z.infer<typeof slotSchema>;

const utc = (local: string) =>
	DateTime.fromISO(local, { zone: PRACTICE_TIMEZONE }).toUTC().toISO({ suppressMilliseconds: true });

export async function execute(this: IExecuteFunctions, i: number): Promise<INodeExecutionData[]> {
	const input = inputValidator(this, i);
	const from = input.dateTime('From', this.getNodeParameter('from', i) as string);
	const to = input.dateTime('To', this.getNodeParameter('to', i) as string);
	const clinician = locatorParameter.call(this, 'clinicianId', i);
	const room = locatorParameter.call(this, 'locationId', i);
	const clinicianId = clinician ? input.id('Clinician', clinician) : undefined;
	const roomId = room ? input.id('Room', room) : undefined;
	const days = from && to ? DateTime.fromISO(to).diff(DateTime.fromISO(from), 'days').days : 0;
	if (from && to && (days <= 0 || days > MAX_RANGE_DAYS)) {
		input.problem('To', 'must be after From and at most 4 weeks later (Semble’s limit)');
	}
	// The router reports the problems noted above; nothing is sent for this item.
	if (!from || !to || hasInputProblems(this, i)) return [];

	const data: z.infer<typeof responseSchema> = await sembleRequest.call(this, {
		document: GET_AVAILABILITY_SLOTS,
		kind: 'read',
		schema: responseSchema,
		itemIndex: i,
	});
	const [start, end] = [Date.parse(from), Date.parse(to)];
	const wanted = (slot: Slot, at: { start: string; end: string }) =>
		Date.parse(at.start) >= start &&
		Date.parse(at.end) <= end &&
		(!clinicianId || slot.user?.id === clinicianId) &&
		(!roomId || slot.room?.id === roomId);
	return (data.availabilitySlots?.data ?? [])
		.filter((slot): slot is Slot => slot !== null)
		.map((slot) => ({ slot, at: { start: utc(slot.startLocal) ?? '', end: utc(slot.endLocal) ?? '' } }))
		.filter(({ slot, at }) => wanted(slot, at))
		.map(({ slot, at }) => ({
			json: {
				startLocal: slot.startLocal,
				endLocal: slot.endLocal,
				start: at.start,
				end: at.end,
				clinicianId: slot.user?.id ?? null,
				clinicianName: slot.user?.fullName ?? null,
				roomId: slot.room?.id ?? null,
				roomName: slot.room?.name ?? null,
			},
			pairedItem: { item: i },
		}));
}
