import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { z } from 'zod';

import { gql } from '../../../shared/gql';
import { sembleRequest } from '../../../transport';
import type { OperationOption } from '../operation';
import { text } from '../../../records/fields';

/** Everything a workflow needs to pick IDs: rooms and sites, appointment types, payment types, identifier types. */
export const GET_PRACTICE = gql`
	query GetPractice {
		practice {
			id
			name
			timezone
			locations {
				id
				name
				groupName
				address { address city postcode country }
			}
			appointmentTypes { id title }
			paymentTypes { id name }
			practiceNumbers { id name idType }
		}
	}
`;

const named = z.object({ id: text, name: text });

const responseSchema = z.object({
	practice: z
		.object({
			id: z.string(),
			name: text,
			timezone: text,
			locations: z
				.array(
					z
						.object({
							id: z.string(),
							name: text,
							groupName: text,
							address: z.object({ address: text, city: text, postcode: text, country: text }).nullish(),
						})
						.nullable(),
				)
				.nullish(),
			appointmentTypes: z.array(z.object({ id: text, title: text }).nullable()).nullish(),
			paymentTypes: z.array(named.nullable()).nullish(),
			practiceNumbers: z.array(named.extend({ idType: text }).nullable()).nullish(),
		})
		.nullable(),
});

export const option: OperationOption = {
	name: 'Get',
	description: 'Get the practice’s rooms, sites, appointment types and payment types',
	action: 'Get the practice’s rooms, sites, appointment types and payment types, with their IDs',
};

export const properties: INodeProperties[] = [
	{
		displayName:
			'Returns the practice’s name and time zone, and the IDs other operations ask for. Each entry in "locations" is a ROOM: "name" is the room (e.g. Room 1) and "groupName" the SITE it is in (e.g. London Harley Street). Use its ID wherever a Location ID is asked for (bookings, invoices). "appointmentTypes" are the bookable services, "paymentTypes" the ways patients pay (for Invoice > Add Payment) and "practiceNumbers" the patient identifier types (e.g. NHS number).',
		name: 'practiceNotice',
		type: 'notice',
		default: '',
	},
];

export async function execute(this: IExecuteFunctions, i: number): Promise<INodeExecutionData[]> {
	const data = await sembleRequest.call(this, {
		document: GET_PRACTICE,
		kind: 'read',
		schema: responseSchema,
		itemIndex: i,
	});
	if (!data.practice) {
		throw new NodeOperationError(this.getNode(), 'Semble returned no practice for these credentials', { itemIndex: i });
	}
	const compact = <T>(list: Array<T | null> | null | undefined): T[] => (list ?? []).filter((x): x is T => x !== null);
	const practice = data.practice;
	return [
		{
			json: {
				...practice,
				locations: compact(practice.locations),
				appointmentTypes: compact(practice.appointmentTypes),
				paymentTypes: compact(practice.paymentTypes),
				practiceNumbers: compact(practice.practiceNumbers),
			},
			pairedItem: { item: i },
		},
	];
}
