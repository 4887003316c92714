import { z } from 'zod';

import { gql } from '../shared/gql';
import { text } from './fields';

/** A note on a patient's record (Semble `FreeTextRecord`): a title (question) and its text (answer). */
export const NOTE_FIELDS = gql`
	fragment NoteFields on FreeTextRecord {
		id
		patientId
		consultationId
		sectionTitle
		question
		answer
		createdAt
		updatedAt
	}
`;

export const noteSchema = z.object({
	id: z.string(),
	patientId: text,
	consultationId: text,
	sectionTitle: text,
	question: text,
	answer: text,
	createdAt: text,
	updatedAt: text,
});

/** The note as writes select it and answer with it. */
export const noteRecord = { fragment: NOTE_FIELDS, schema: noteSchema };
