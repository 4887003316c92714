import type { GraphQLErrorEntry } from '../transport/errors';

/**
 * Several mutations of the same kind in one request, as GraphQL aliases:
 *
 *   mutation SembleBatch($v0_id: ID!, $v0_patientData: UpdatePatientDataInput!, $v1_id: …) {
 *     item0: updatePatient(id: $v0_id, patientData: $v0_patientData) { data { …Fields } error }
 *     item1: updatePatient(…) { … }
 *   }
 *
 * Each alias succeeds or fails on its own (its payload `error`, or a GraphQL error whose
 * path starts with the alias), so every item still gets its own result.
 */

/** One item's argument values, by argument name. */
export type BatchCall = Record<string, unknown>;

export interface BatchShape {
	/** The root mutation field, e.g. `updatePatient`. */
	field: string;
	/** Its arguments and their GraphQL types, e.g. { id: 'ID!' }. */
	args: Record<string, string>;
	/** What each alias selects, e.g. `data { ...PatientFields } error`. */
	selection: string;
	/** Fragment definitions the selection uses. */
	fragments?: string;
}

export const aliasOf = (index: number) => `item${index}`;

export function batchDocument(shape: BatchShape, calls: BatchCall[]) {
	const definitions: string[] = [];
	const variables: Record<string, unknown> = {};
	const fields = calls.map((call, index) => {
		const args = Object.entries(shape.args).map(([name, type]) => {
			const variable = `v${index}_${name}`;
			definitions.push(`$${variable}: ${type}`);
			variables[variable] = call[name];
			return `${name}: $${variable}`;
		});
		return `${aliasOf(index)}: ${shape.field}(${args.join(', ')}) { ${shape.selection} }`;
	});
	const document = `mutation SembleBatch(${definitions.join(', ')}) {\n${fields.join('\n')}\n}\n${shape.fragments ?? ''}`;
	return { document, variables };
}

export type AliasOutcome<T> = { ok: true; data: T | null } | { ok: false; message: string };

/** What happened to alias `index`: its data, or Semble's reason for refusing it. */
export function aliasOutcome<T>(
	data: Record<string, unknown> | null,
	errors: GraphQLErrorEntry[],
	shape: BatchShape,
	index: number,
): AliasOutcome<T> {
	const alias = aliasOf(index);
	const error = errors.find((entry) => entry.path?.[0] === alias);
	if (error) return { ok: false, message: `Semble returned an error: ${error.message ?? 'unknown error'}` };
	const payload = data?.[alias] as { data?: T | null; error?: string | null } | null | undefined;
	if (payload?.error) return { ok: false, message: `Semble refused ${shape.field}: ${payload.error}` };
	return { ok: true, data: payload?.data ?? null };
}
