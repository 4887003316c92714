import type {
	DataTable,
	DataTableColumn,
	DataTableColumnJsType,
	DataTableColumnType,
	DataTableFilter,
	DataTableProxyProvider,
	DataTableRow,
	DataTableRowReturn,
	IDataTableProjectAggregateService,
	IDataTableProjectService,
	ListDataTableRowsOptions,
} from 'n8n-workflow';

/**
 * n8n's Data Tables in memory, for the engine harness: what n8n's server hands n8n-core as
 * `additionalData['data-table'].dataTableProxyProvider`. It implements the calls the Data Table
 * node's row operations (insert, get, rowExists, rowNotExists, update, upsert, delete) and its
 * table lookups by name make; the column-editing calls n8n's UI uses throw. Pass the same
 * instance to every run: like n8n's database, the tables outlive an execution.
 */

type StoredRow = DataTableRowReturn;

export interface MemoryTable {
	table: DataTable;
	rows: StoredRow[];
}

export class MemoryDataTables {
	private readonly tables = new Map<string, MemoryTable>();
	private nextTableId = 1;
	private nextRowId = 1;

	/** Creates a table with these columns (as a practice manager would in n8n's Data tables tab). */
	create(name: string, columns: Record<string, DataTableColumnType>): DataTable {
		const id = `dt${this.nextTableId++}`;
		const table: DataTable = {
			id,
			name,
			projectId: 'test-project',
			createdAt: new Date(),
			updatedAt: new Date(),
			columns: Object.entries(columns).map(([column, type], index) => ({
				id: `${id}-${column}`,
				name: column,
				type,
				index,
				dataTableId: id,
			})),
		};
		this.tables.set(id, { table, rows: [] });
		return table;
	}

	/** The rows of a table, by its name, without the system columns' dates (for assertions). */
	rows(name: string): DataTableRow[] {
		return this.byName(name).rows.map((row) => {
			const copy: DataTableRow = { ...row };
			delete copy.createdAt;
			delete copy.updatedAt;
			return copy;
		});
	}

	/** Adds a row, as another workflow (or a person in the Data tables tab) would. */
	insert(name: string, data: DataTableRow): void {
		this.addRow(this.byName(name), data);
	}

	/** Makes a row look older (created, or last changed, earlier), as time passing would. */
	backdate(name: string, rowId: number, minutes: number, column: 'createdAt' | 'updatedAt' = 'createdAt'): void {
		const row = this.byName(name).rows.find((candidate) => candidate.id === rowId);
		if (!row) throw new Error(`No row ${rowId} in ${name}`);
		row[column] = new Date(row[column].getTime() - minutes * 60_000);
	}

	get provider(): DataTableProxyProvider {
		return {
			getDataTableAggregateProxy: async () => this.aggregate(),
			getDataTableProxy: async (_workflow, _node, dataTableId) => this.proxy(this.byId(dataTableId)),
		};
	}

	/** As n8n's server inserts: only the table's columns, a new id, both dates now. */
	private addRow(entry: MemoryTable, data: DataTableRow): StoredRow {
		const now = new Date();
		const row = { ...onlyColumns(entry.table.columns, data), id: this.nextRowId++, createdAt: now, updatedAt: now };
		entry.rows.push(row);
		return row;
	}

	private byName(name: string): MemoryTable {
		const found = [...this.tables.values()].find((entry) => entry.table.name === name);
		if (!found) throw new Error(`No data table named ${name}`);
		return found;
	}

	private byId(id: string): MemoryTable {
		const entry = this.tables.get(id);
		if (!entry) throw new Error(`Data table ${id} not found`);
		return entry;
	}

	private aggregate(): IDataTableProjectAggregateService {
		return {
			getProjectId: () => 'test-project',
			createDataTable: async ({ name, columns }) =>
				this.create(name, Object.fromEntries(columns.map((column) => [column.name, column.type]))),
			getManyAndCount: async ({ filter, skip = 0, take }) => {
				// n8n's server matches `name` case-insensitively.
				const name = typeof filter?.name === 'string' ? filter.name.toLowerCase() : undefined;
				const all = [...this.tables.values()]
					.map((entry) => entry.table)
					.filter((table) => name === undefined || table.name.toLowerCase() === name);
				return { count: all.length, data: all.slice(skip, take === undefined ? undefined : skip + take) };
			},
			deleteDataTableAll: async () => unsupported('deleteDataTableAll'),
		};
	}

	private proxy(entry: MemoryTable): IDataTableProjectService {
		const matching = (filter?: DataTableFilter) => entry.rows.filter((row) => matches(row, filter));
		const insert = (data: DataTableRow): StoredRow => ({ ...this.addRow(entry, data) });
		const update = (rows: StoredRow[], data: DataTableRow) =>
			rows.map((row) => {
				Object.assign(row, onlyColumns(entry.table.columns, data), { updatedAt: new Date() });
				return { ...row };
			});
		return {
			getColumns: async () => entry.table.columns,
			getManyRowsAndCount: async ({ filter, sortBy, skip = 0, take }: Partial<ListDataTableRowsOptions>) => {
				const rows = sorted(matching(filter), sortBy);
				return {
					count: rows.length,
					data: rows.slice(skip, take ? skip + take : undefined).map((row) => ({ ...row })),
				};
			},
			insertRows: (async (rows: DataTableRow[], returnType: string) => {
				const inserted = rows.map(insert);
				if (returnType === 'count') return { success: true, insertedRows: inserted.length };
				return returnType === 'id' ? inserted.map(({ id }) => ({ id })) : inserted;
			}) as IDataTableProjectService['insertRows'],
			updateRows: async ({ filter, data, dryRun }) => (dryRun ? unsupported('dryRun') : update(matching(filter), data)),
			upsertRow: async ({ filter, data, dryRun }) => {
				if (dryRun) return unsupported('dryRun');
				const found = matching(filter);
				return found.length > 0 ? update(found, data) : [insert(data)];
			},
			deleteRows: async ({ filter, dryRun }) => {
				if (dryRun) return unsupported('dryRun');
				const gone = matching(filter);
				entry.rows = entry.rows.filter((row) => !gone.includes(row));
				return gone;
			},
			clearRows: async () => {
				const deletedCount = entry.rows.length;
				entry.rows = [];
				return { deletedCount };
			},
			updateDataTable: async () => unsupported('updateDataTable'),
			deleteDataTable: async () => unsupported('deleteDataTable'),
			addColumn: async () => unsupported('addColumn'),
			moveColumn: async () => unsupported('moveColumn'),
			deleteColumn: async () => unsupported('deleteColumn'),
		};
	}
}

function unsupported(call: string): never {
	throw new Error(`The in-memory data tables do not implement ${call}`);
}

/** As n8n's server: a value for a column the table does not have is an error, not silently kept. */
function onlyColumns(columns: DataTableColumn[], data: DataTableRow): DataTableRow {
	const known = new Set(columns.map((column) => column.name));
	const unknown = Object.keys(data).filter((key) => !known.has(key));
	if (unknown.length > 0) throw new Error(`unknown column name '${unknown.join("', '")}'`);
	return data;
}

function matches(row: StoredRow, filter?: DataTableFilter): boolean {
	if (!filter || filter.filters.length === 0) return true;
	const results = filter.filters.map(({ columnName, condition, value }) =>
		holds(row[columnName] ?? null, condition, value),
	);
	return filter.type === 'and' ? results.every(Boolean) : results.some(Boolean);
}

function comparable(value: DataTableColumnJsType): string | number | boolean | null {
	return value instanceof Date ? value.getTime() : value;
}

function holds(
	stored: DataTableColumnJsType,
	condition: DataTableFilter['filters'][number]['condition'],
	wanted: DataTableColumnJsType,
): boolean {
	const [a, b] = [comparable(stored), comparable(wanted)];
	switch (condition) {
		case 'eq':
			// The node sends every condition value as typed in; the database compares it as the column's type.
			return a === null || b === null ? a === b : String(a) === String(b);
		case 'neq':
			return a === null || b === null ? a !== b : String(a) !== String(b);
		case 'isEmpty':
			return a === null || a === '';
		case 'isNotEmpty':
			return a !== null && a !== '';
		case 'like':
			return a !== null && String(a).includes(String(b).replace(/%/g, ''));
		case 'ilike':
			return a !== null && String(a).toLowerCase().includes(String(b).replace(/%/g, '').toLowerCase());
		default: {
			if (a === null || b === null) return false;
			const [x, y] = typeof a === 'number' ? [a, Number(b)] : [String(a), String(b)];
			if (condition === 'gt') return x > y;
			if (condition === 'gte') return x >= y;
			if (condition === 'lt') return x < y;
			return x <= y;
		}
	}
}

function sorted(rows: StoredRow[], sortBy?: [string, 'ASC' | 'DESC']): StoredRow[] {
	if (!sortBy) return rows;
	const [column, direction] = sortBy;
	const sign = direction === 'DESC' ? -1 : 1;
	return [...rows].sort((a, b) => {
		const [x, y] = [comparable(a[column] ?? null), comparable(b[column] ?? null)];
		return x === y ? 0 : (x ?? '') > (y ?? '') ? sign : -sign;
	});
}
