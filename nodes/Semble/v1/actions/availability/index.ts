import { resourceDescription } from '../operation';
import * as blockTime from './blockTime.operation';
import * as freeTime from './freeTime.operation';
import * as getFreeSlots from './getFreeSlots.operation';
import * as getSlots from './getSlots.operation';

export const option = { name: 'Availability', description: 'Free appointment slots, and blocked time' };

export const operations = {
	blockTime,
	freeTime,
	getFreeSlots,
	getSlots,
};

export const description = resourceDescription('availability', operations, 'getFreeSlots');
