import { resourceDescription } from '../operation';
import * as cancel from './cancel.operation';
import * as create from './create.operation';
import * as get from './get.operation';
import * as getMany from './getMany.operation';
import * as update from './update.operation';
import * as updateJourney from './updateJourney.operation';

export const option = { name: 'Booking', description: 'Appointments: book, reschedule, cancel, arrivals' };

export const operations = {
	cancel,
	create,
	get,
	getMany,
	update,
	updateJourney,
};

export const description = resourceDescription('booking', operations, 'get');
