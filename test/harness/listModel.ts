import type { Page, Range } from '../../nodes/Semble/pollingTrigger/check';
import type { Row } from '../../nodes/Semble/pollingTrigger/watchers';

/**
 * A Semble list query as a model, for the Semble Trigger's check at scale: records with
 * `updatedAt`, listed by an inclusive `updatedAt` range in offset pages, in store order
 * ('stable') or reshuffled on every request ('shuffled'). A change can commit late: it is
 * listed only once the model's clock passes its commit time. Every read costs `requestMs` on
 * the model's clock, Semble's 240-a-minute floor by default.
 */
interface Version {
	row: Row;
	visibleAt: number;
}

export class ListModel {
	now = 0;
	requests = 0;
	private rows = new Map<string, Version & { previous?: Version }>();
	/** Every version ever written: id → updatedAt (ms) list. */
	readonly versions = new Map<string, number[]>();

	constructor(
		readonly order: 'stable' | 'shuffled',
		private readonly random: () => number,
		readonly requestMs = 250,
	) {}

	/**
	 * Writes (or rewrites) a record at `stamp`; it is listed from `stamp + commitLagMs`. Until
	 * then the version before stays listed, as a database shows the old row until the new commits.
	 */
	write(id: string, stamp: number, commitLagMs = 0) {
		const updatedAt = new Date(stamp).toISOString();
		const before = this.rows.get(id);
		// A rewrite moves the record to the end of store order, as an update does in the sandbox's Map.
		this.rows.delete(id);
		this.rows.set(id, {
			row: { id, updatedAt, createdAt: updatedAt },
			visibleAt: stamp + commitLagMs,
			previous: before && { row: before.row, visibleAt: before.visibleAt },
		});
		this.versions.set(id, [...(this.versions.get(id) ?? []), stamp]);
	}

	current(id: string) {
		return this.rows.get(id)?.row.updatedAt;
	}

	get ids() {
		return [...this.rows.keys()];
	}

	read = async (range: Range, page: number, pageSize: number): Promise<Page> => {
		this.requests++;
		this.now += this.requestMs;
		const matching: Row[] = [];
		for (const entry of this.rows.values()) {
			const { row } = entry.visibleAt <= this.now ? entry : (entry.previous ?? entry);
			const visible = entry.visibleAt <= this.now || (entry.previous?.visibleAt ?? Infinity) <= this.now;
			const stamp = Date.parse(String(row.updatedAt));
			if (visible && stamp >= range.start && stamp <= range.end) matching.push(row);
		}
		if (this.order === 'shuffled') {
			for (let i = matching.length - 1; i > 0; i--) {
				const j = Math.floor(this.random() * (i + 1));
				[matching[i], matching[j]] = [matching[j], matching[i]];
			}
		}
		const rows = matching.slice((page - 1) * pageSize, page * pageSize);
		return { rows, hasMore: page * pageSize < matching.length };
	};
}
