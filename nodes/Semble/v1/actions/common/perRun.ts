/**
 * What a run of the node reads once and reuses for every item (an appointment type's length,
 * the practice's number types). Kept per run, so a later run sees Semble as it is then.
 */
const runs = new WeakMap<object, Map<string, unknown>>();

export function perRun<T>(run: object, key: string, read: () => T): T {
	let values = runs.get(run);
	if (!values) runs.set(run, (values = new Map()));
	if (!values.has(key)) values.set(key, read());
	return values.get(key) as T;
}
