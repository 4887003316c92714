import type { IDataObject } from 'n8n-workflow';
import { z } from 'zod';

import { text } from '../../../records/fields';
import { gql } from '../../../shared/gql';
import type { WrittenRecord } from '../mutation';

/**
 * A block of a clinician's time: Semble's legacy out-of-office booking (no patient, no
 * appointment type). Block Time makes one, Free Time deletes it; both answer with this.
 */
export const BLOCK_FIELDS = gql`
	fragment BlockFields on Booking {
		id
		start
		end
		doctor { id }
		location { id }
		deleted
	}
`;

const blockSchema = z.object({
	id: z.string(),
	start: text,
	end: text,
	doctor: z.object({ id: z.string() }).nullish(),
	location: z.object({ id: z.string() }).nullish(),
	deleted: z.boolean().nullish(),
});

export const blockRecord: WrittenRecord<typeof blockSchema> = { fragment: BLOCK_FIELDS, schema: blockSchema };

/** The block as both operations output it: its id, times (as Semble gives them), clinician and room. */
export function blockOutput(block: z.infer<typeof blockSchema>): IDataObject {
	return {
		id: block.id,
		start: block.start ?? null,
		end: block.end ?? null,
		clinicianId: block.doctor?.id ?? null,
		roomId: block.location?.id ?? null,
	};
}
