import type { INodeProperties } from 'n8n-workflow';

/** The optional-field collections every node shows, each looking the same everywhere. */
const kinds = {
	filters: { displayName: 'Filters', placeholder: 'Add Filter' },
	additionalFields: { displayName: 'Additional Fields', placeholder: 'Add Field' },
	updateFields: { displayName: 'Update Fields', placeholder: 'Add Field' },
	options: { displayName: 'Options', placeholder: 'Add Option' },
} as const;

/** A collection of optional fields, listed alphabetically as n8n lists them. */
export function collection(name: keyof typeof kinds, options: INodeProperties[]): INodeProperties {
	const sorted = [...options].sort((a, b) => a.displayName.localeCompare(b.displayName));
	return { ...kinds[name], name, type: 'collection', default: {}, options: sorted };
}
