import type { INodeProperties } from 'n8n-workflow';
import { z } from 'zod';

import { gql } from '../../../shared/gql';
import { inputValidator } from '../../../shared/validation';
import { sembleRequest } from '../../../transport';
import { locator, locatorParameter } from '../../../pickers/locators';
import { recordWrite } from '../mutation';
import type { OperationOption } from '../operation';
import { blockOutput, blockRecord } from './block';

export const option: OperationOption = {
	name: 'Free Time',
	description: 'Remove a block made with Block Time (no messages are sent)',
	action: 'Free a clinician’s blocked time again by removing the block',
};

export const properties: INodeProperties[] = [
	locator('booking', {
		displayName: 'Block',
		name: 'blockId',
		description: 'The block to remove: the ID Block Time output',
	}),
];

/** Whose booking it is: Free Time only ever removes blocked time, never a patient's appointment. */
export const GET_BLOCK_OWNER = gql`
	query GetBlockOwner($id: ID!) {
		booking(id: $id) { id patientId }
	}
`;

const ownerSchema = z.object({ booking: z.object({ id: z.string(), patientId: z.string().nullish() }).nullable() });

/** A block is a booking: Semble removes it with deleteBooking; there is no patient to tell, so no messages. */
export const mutation = recordWrite('deleteBooking', { id: 'ID!', sendCancellationMessages: 'Boolean' }, blockRecord, {
	async prepare(i) {
		const input = inputValidator(this, i);
		const id = input.id('Block', locatorParameter.call(this, 'blockId', i));
		if (id) {
			// deleteBooking would cancel a patient's appointment without telling them (messages are off).
			const { booking } = (await sembleRequest.call(this, {
				document: GET_BLOCK_OWNER,
				variables: { id },
				kind: 'read',
				schema: ownerSchema,
				itemIndex: i,
			})) as z.infer<typeof ownerSchema>;
			if (booking?.patientId) input.problem('Block', 'is a patient’s booking, not blocked time: use Booking › Cancel');
		}
		return { id, sendCancellationMessages: false };
	},
	output: (block, call) => ({ ...(block ? blockOutput(block) : { id: call.id as string }), freed: true }),
});
