import type { IExecuteFunctions } from 'n8n-workflow';

import { perRun } from './perRun';

/**
 * n8n's execution hints: a line above the output that says what to try next. Each is given
 * once per run of the node, however many items asked, and never repeats a value from the
 * item (it may be patient data).
 */

export function hintOnce(context: IExecuteFunctions, message: string): void {
	const messages = perRun(context, 'hints', () => new Set<string>());
	if (messages.has(message)) return;
	messages.add(message);
	context.addExecutionHints({ message, location: 'outputPane' });
}

export const NO_PATIENT_MATCHED =
	'No patient matched. Search looks at first and last name, email and phone: try part of a name, or the whole email address.';
export const NO_BOOKING_MATCHED =
	'No booking matched. Appointment From and To filter by appointment time; to find bookings changed recently, use Updated After.';
