import type { IExecuteFunctions, INode, NodeParameterValueType } from 'n8n-workflow';

/**
 * Parameters of the local tools, read for tens of thousands of items. n8n's getNode() copies
 * the node and getNodeParameter() resolves the parameter afresh for every item; over 50,000
 * items that was most of a data tool's time. So, once per run of the node:
 * - a parameter with no expression in it is the same for every item and is read once;
 * - the defaults `={{ $json }}` and `={{ $json.<field> }}` read the item itself;
 * anything else goes to getNodeParameter for each item, as before. Values are shared
 * between items: read them, never change them.
 */

type Reader = (itemIndex: number) => unknown;

const runs = new WeakMap<IExecuteFunctions, { node: INode; readers: Map<string, Reader> }>();

/** `={{ $json }}` or `={{ $json.field }}`: the field's name ('' for the whole item), else undefined. */
const ITEM_FIELD = /^=\{\{\s*\$json(?:\.([A-Za-z_$][\w$]*))?\s*\}\}$/;

function hasExpression(value: unknown): boolean {
	if (typeof value === 'string') return value.startsWith('=');
	if (Array.isArray(value)) return value.some(hasExpression);
	if (value && typeof value === 'object') return Object.values(value).some(hasExpression);
	return false;
}

function runOf(context: IExecuteFunctions) {
	let run = runs.get(context);
	if (!run) {
		run = { node: context.getNode(), readers: new Map() };
		runs.set(context, run);
	}
	return run;
}

/** The node, read once per run (getNode() copies it on every call). */
export const nodeOf = (context: IExecuteFunctions): INode => runOf(context).node;

/** What getNodeParameter(name, itemIndex, fallback) gives, read as cheaply as it can be. */
export function itemParameter<T = NodeParameterValueType | object>(
	context: IExecuteFunctions,
	name: string,
	itemIndex: number,
	fallback?: T,
): T {
	const run = runOf(context);
	let reader = run.readers.get(name);
	if (!reader) {
		const raw = run.node.parameters[name];
		const field = typeof raw === 'string' ? ITEM_FIELD.exec(raw) : null;
		if (field) {
			const items = context.getInputData();
			reader = field[1] ? (i) => items[i].json[field[1]] : (i) => items[i].json;
		} else if (raw !== undefined && !hasExpression(raw)) {
			reader = () => raw;
		} else {
			reader = (i) => context.getNodeParameter(name, i, fallback as object);
		}
		run.readers.set(name, reader);
	}
	return reader(itemIndex) as T;
}
