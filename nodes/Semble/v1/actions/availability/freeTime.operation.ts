import type { INodeProperties } from 'n8n-workflow';

import { inputValidator } from '../../../shared/validation';
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

/** A block is a booking: Semble removes it with deleteBooking; there is no patient to tell, so no messages. */
export const mutation = recordWrite('deleteBooking', { id: 'ID!', sendCancellationMessages: 'Boolean' }, blockRecord, {
	prepare(i) {
		const id = inputValidator(this, i).id('Block', locatorParameter.call(this, 'blockId', i));
		return { id, sendCancellationMessages: false };
	},
	output: (block, call) => ({ ...(block ? blockOutput(block) : { id: call.id as string }), freed: true }),
});
