import type { z } from 'zod';

/**
 * zod's parse, compiled once per schema, for the shapes Semble's answers are read with
 * (objects, arrays, strings, numbers, booleans, nullish, unknown). zod 3 checks a page of
 * 100 records at tens of microseconds a record, most of Get Many's own time. The compiled
 * reader builds the same value zod would (declared keys in the schema's order, unknown keys
 * stripped, a key kept when the answer has it), and answers MISMATCH the moment something
 * does not fit; the caller then asks zod itself, so every error is still zod's. A schema
 * with anything else in it (refinements, transforms, unions, …) is always left to zod.
 */

export const MISMATCH = Symbol('mismatch');

type Reader = (value: unknown) => unknown;

interface Def {
	typeName?: string;
	checks?: unknown[];
	coerce?: boolean;
	innerType?: z.ZodTypeAny;
	type?: z.ZodTypeAny;
	exactLength?: unknown;
	minLength?: unknown;
	maxLength?: unknown;
	unknownKeys?: string;
	catchall?: z.ZodTypeAny;
	shape?: () => Record<string, z.ZodTypeAny>;
}

const readers = new WeakMap<z.ZodTypeAny, Reader | null>();

const isPlainObject = (value: unknown): value is Record<string, unknown> => {
	if (typeof value !== 'object' || value === null) return false;
	const prototype = Object.getPrototypeOf(value);
	return prototype === Object.prototype || prototype === null;
};

const unchecked = (def: Def) => !def.coerce && (def.checks?.length ?? 0) === 0;

function compileObject(def: Def): Reader | null {
	const catchall = (def.catchall?._def as Def | undefined)?.typeName;
	if (catchall !== 'ZodNever' || (def.unknownKeys !== 'strip' && def.unknownKeys !== 'passthrough')) return null;
	const fields: Array<[string, Reader]> = [];
	for (const [key, schema] of Object.entries(def.shape?.() ?? {})) {
		const read = readerFor(schema);
		if (!read) return null;
		fields.push([key, read]);
	}
	const declared = new Set(fields.map(([key]) => key));
	const passthrough = def.unknownKeys === 'passthrough';
	return (value) => {
		if (!isPlainObject(value)) return MISMATCH;
		const out: Record<string, unknown> = {};
		for (const [key, read] of fields) {
			const has = key in value;
			const parsed = read(value[key]);
			if (parsed === MISMATCH) return MISMATCH;
			if (parsed !== undefined || has) out[key] = parsed;
		}
		if (passthrough) {
			for (const key in value) if (!declared.has(key) && key !== '__proto__') out[key] = value[key];
		}
		return out;
	};
}

function compile(schema: z.ZodTypeAny): Reader | null {
	const def = schema._def as Def;
	switch (def.typeName) {
		case 'ZodString':
			return unchecked(def) ? (value) => (typeof value === 'string' ? value : MISMATCH) : null;
		case 'ZodNumber':
			return unchecked(def) ? (value) => (typeof value === 'number' && !Number.isNaN(value) ? value : MISMATCH) : null;
		case 'ZodBoolean':
			return def.coerce ? null : (value) => (typeof value === 'boolean' ? value : MISMATCH);
		case 'ZodUnknown':
		case 'ZodAny':
			return (value) => value;
		case 'ZodNullable': {
			const inner = def.innerType && readerFor(def.innerType);
			return inner ? (value) => (value === null ? null : inner(value)) : null;
		}
		case 'ZodOptional': {
			const inner = def.innerType && readerFor(def.innerType);
			return inner ? (value) => (value === undefined ? undefined : inner(value)) : null;
		}
		case 'ZodArray': {
			const item = def.type && readerFor(def.type);
			if (!item || def.exactLength || def.minLength || def.maxLength) return null;
			return (value) => {
				if (!Array.isArray(value)) return MISMATCH;
				const out = new Array<unknown>(value.length);
				for (let i = 0; i < value.length; i++) {
					const parsed = item(value[i]);
					if (parsed === MISMATCH) return MISMATCH;
					out[i] = parsed;
				}
				return out;
			};
		}
		case 'ZodObject':
			return compileObject(def);
		default:
			return null;
	}
}

function readerFor(schema: z.ZodTypeAny): Reader | null {
	if (!readers.has(schema)) readers.set(schema, compile(schema));
	return readers.get(schema) ?? null;
}

/** What schema.parse(value) returns, or MISMATCH when only zod can say (an error, or a schema it cannot compile). */
export function fastParse<S extends z.ZodTypeAny>(schema: S, value: unknown): z.infer<S> | typeof MISMATCH {
	const read = readerFor(schema);
	return read ? read(value) : MISMATCH;
}
