import { z } from 'zod';

/**
 * The building blocks of every record schema. Semble marks almost every field nullable, and
 * a field a practice never filled comes back null or missing.
 */
export const text = z.string().nullish();
export const num = z.number().nullish();
export const flag = z.boolean().nullish();

/** The `{ data, error }` envelope every Semble mutation answers with. */
export const payload = <T extends z.ZodTypeAny>(data: T) =>
	z.object({ data: data.nullable(), error: z.string().nullish() }).nullable();
