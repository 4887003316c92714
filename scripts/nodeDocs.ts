/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- not shipped: a docs generator run in plain Node */
import type { INodeProperties, INodePropertyCollection, INodePropertyOptions, INodeTypeBaseDescription } from 'n8n-workflow';
import { writeFileSync } from 'node:fs';
import path from 'node:path';

import { SembleV1 } from '../nodes/Semble/v1/SembleV1';

/**
 * docs/nodes/semble.md: a short guide followed by a reference of every resource, operation
 * and field, generated from the node's own description so it cannot drift
 * (`npm run docs`; test/docs checks the committed file is current).
 */

const INTRO = `# Semble node

One node for everything a clinic automates in Semble. Pick a **Resource** and an
**Operation**; every ID field accepts an expression such as \`{{ $json.id }}\`.

- **Patients, clinicians and staff, rooms, appointment types, products and labels** are chosen
  *From List* (type to search: patients by name, email or date of birth, shown as
  "Jane Smith (1985-04-23)"; rooms as "Room 1 — London Harley Street") or given *By ID*,
  where an expression goes. **Payment types** and **number types** are dropdowns; switch
  them to an expression to give an ID.
- **Authentication**: *API Token* (Semble › Settings › API access) or *Sign-In*
  (email and password; the 12-hour session renews itself).
- **Get Many** operations have *Return All* / *Limit*. Limit is exact; Return All pages
  through Semble at the credential's *Requests per Minute*.
- **Bookings** carry a derived \`status\` — \`booked\`, \`arrived\`, \`in consultation\`,
  \`completed\`, \`no-show\` or \`cancelled\` — worked out from \`deleted\` and the booking
  journey, because Semble has no status field; and \`startLocal\`/\`endLocal\` in UK time.
- **Times** without a zone are read in the practice's time (Europe/London) and sent to
  Semble with an offset. Dates of birth are \`YYYY-MM-DD\`.
- **Bad input** (email, UK phone, NHS number, dates, IDs, JSON) stops that item before
  anything is sent, naming the field and the item. With *Continue On Fail* the other items
  carry on.
- **Changes are never sent twice**: a create, update or delete that timed out is reported
  (Semble may have applied it), not retried.
- Use the node as a **tool for an AI Agent**: every operation has a plain-language action.

## Examples

- *New web enquiry → patient*: Patient › Find Duplicates (email, or name + date of birth),
  then an IF on \`hasDuplicates\`, then Patient › Create.
- *Stripe payment succeeded → Semble*: Invoice › Add Payment with Amount
  \`{{ $json.amount / 100 }}\`, Payment Type *Stripe*, and today's date.
- *Kiosk check-in*: Booking › Update Journey, Stage *Arrived*, Time empty (now).
- *Reschedule from a calendar*: Booking › Update with Start and End.
- *Busy in a personal calendar → Semble*: Availability › Block Time with the event's Start
  and End; when the event goes, Availability › Free Time with the block's \`id\`. To move a
  block, free it and block the new time (whether Semble's \`updateBooking\` moves an
  out-of-office block is not documented). Template: Block Semble time from Google Calendar.

## Blocked time and slots: what Semble documents

- **Block Time** uses Semble's legacy \`createOutOfOfficeBooking\` (a booking with no
  patient, which Semble's diary shows as out of office); it answers with the block's id.
  Semble's New Appointment System replaced it with \`createAvailability\`, which our schema
  notes (docs/semble-api/NOTES.md) do not document, so it is not used: a practice on the
  New Appointment System gets Semble's own refusal as the error. The argument name
  \`outOfOfficeBookingData\` is inferred [INF]. Comments default to "Busy (from calendar)":
  keep personal details out of them.
- **Free Time** removes a block with \`deleteBooking\`, cancellation messages off (there is
  no patient to tell). Booking › Cancel with *Send Cancellation Messages* off does the same.
- **Get Slots** reads \`availabilitySlots\` (New Appointment System: bookable slots with
  their clinician and room, up to 4 weeks). Its arguments are not documented, so it is
  sent without any and the node keeps the slots between *From* and *To* (and the
  *Clinician* and *Room*, when given). Which range Semble answers by default is not known
  [INF]; the node will pass the range to Semble once its arguments are documented.
  \`startLocal\`/\`endLocal\` are Semble's UK-local times; \`start\`/\`end\` the same in UTC.

## Reference
`;

type Described = INodeProperties | INodePropertyOptions | INodePropertyCollection;

const shownFor = (property: INodeProperties, resource: string, operation?: string) => {
	const show = property.displayOptions?.show;
	if (!show) return false;
	const resources = show.resource as string[] | undefined;
	const operations = show.operation as string[] | undefined;
	return Boolean(resources?.includes(resource) && (operation ? operations?.includes(operation) : !operations));
};

const oneLine = (text?: string) => (text ?? '').replace(/\s+/g, ' ').trim();

function fieldLines(properties: Described[], depth = 0): string[] {
	return properties.flatMap((property) => {
		if (!('displayName' in property) || ('type' in property && property.type === 'notice')) return [];
		const indent = '  '.repeat(depth);
		const p = property as INodeProperties;
		const required = p.required ? ' (required)' : '';
		const text = oneLine(p.description);
		const line = `${indent}- **${p.displayName}**${required}${text ? `: ${text}` : ''}`;
		const children = (p.options ?? []).filter((o): o is INodeProperties | INodePropertyCollection => 'displayName' in o);
		const nested = p.type === 'collection' || p.type === 'fixedCollection';
		return [line, ...(nested ? fieldLines(children.flatMap((c) => ('values' in c ? c.values : [c])), depth + 1) : [])];
	});
}

export function renderNodeDocs(): string {
	// The fields do not depend on the base description (name, icon), which Semble.node.ts adds.
	const { properties } = new SembleV1({} as INodeTypeBaseDescription).description;
	const resourceProperty = properties.find((p) => p.name === 'resource') as INodeProperties;
	const sections = (resourceProperty.options as INodePropertyOptions[]).map((resource) => {
		const value = String(resource.value);
		const operationProperty = properties.find((p) => p.name === 'operation' && shownFor(p, value));
		const operations = (operationProperty?.options ?? []) as INodePropertyOptions[];
		const body = operations.map((operation) => {
			const fields = properties.filter((p) => p.name !== 'operation' && shownFor(p, value, String(operation.value)));
			const lines = fieldLines(fields);
			return [`#### ${operation.name}`, '', oneLine(operation.description), '', ...(lines.length ? lines : ['No fields.']), ''].join('\n');
		});
		return [`### ${resource.name}`, '', oneLine(resource.description), '', ...body].join('\n');
	});
	return `${INTRO}\n${sections.join('\n')}`.replace(/\n{3,}/g, '\n\n');
}

if (require.main === module) {
	const target = path.resolve(__dirname, '../docs/nodes/semble.md');
	writeFileSync(target, renderNodeDocs());
	process.stdout.write(`wrote ${target}\n`);
}
