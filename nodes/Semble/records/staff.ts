import { z } from 'zod';

import { gql } from '../shared/gql';
import { text } from './fields';

/** A member of staff (Semble `User`): clinicians and non-clinical staff alike. */
export const STAFF_FIELDS = gql`
	fragment StaffFields on User {
		id
		title
		firstName
		lastName
		fullName
		email
		isDoctor
		qualifications
		registration
		deleted
		createdAt
		updatedAt
	}
`;


export const staffSchema = z.object({
	id: z.string(),
	title: text,
	firstName: text,
	lastName: text,
	fullName: text,
	email: text,
	isDoctor: z.boolean().nullish(),
	qualifications: text,
	registration: text,
	deleted: z.boolean().nullish(),
	createdAt: text,
	updatedAt: text,
});

