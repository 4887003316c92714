import type { IExecuteFunctions } from 'n8n-workflow';
import { z } from 'zod';

import { num } from '../../../records/fields';
import { gql } from '../../../shared/gql';
import { sembleRequest } from '../../../transport';
import { perRun } from '../common/perRun';

/**
 * How long an appointment type lasts, for Booking › Create: an empty End is filled from it,
 * and an End that disagrees with it gets a notice. Read once per run for each type, selecting
 * only the length.
 */
export const APPOINTMENT_LENGTH = gql`
	query AppointmentLength($id: ID!) {
		product(id: $id) { id duration }
	}
`;

const answerSchema = z.object({ product: z.object({ id: z.string(), duration: num }).nullable() });

/** The appointment type's length in minutes; undefined when Semble has none for it. */
export async function appointmentMinutes(
	context: IExecuteFunctions,
	typeId: string,
	itemIndex: number,
): Promise<number | undefined> {
	return await perRun(context, `appointmentLength:${typeId}`, async () => {
		const answer = await sembleRequest.call(context, {
			document: APPOINTMENT_LENGTH,
			variables: { id: typeId },
			kind: 'read',
			schema: answerSchema,
			itemIndex,
		});
		return answer.product?.duration ?? undefined;
	});
}
