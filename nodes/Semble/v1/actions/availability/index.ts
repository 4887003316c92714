import { resourceDescription } from '../operation';
import * as getFreeSlots from './getFreeSlots.operation';

export const option = { name: 'Availability', description: 'Free appointment slots' };

export const operations = {
	getFreeSlots,
};

export const description = resourceDescription('availability', operations, 'getFreeSlots');
