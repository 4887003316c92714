/* eslint-disable @n8n/community-nodes/no-restricted-imports -- not shipped: a docs script that runs in plain Node, not inside n8n */
import { createHash } from 'node:crypto';
import { crc32 } from 'node:zlib';

/**
 * A template's canvas picture records which version of the template it shows: the SHA-256 of
 * the workflow file, in a PNG text chunk. A test compares it with the file, so a template
 * changed without a new picture is noticed.
 */

const CHUNK_NAME = 'n8n-nodes-semble-template';
const SIGNATURE_AND_IHDR = 8 + 4 + 4 + 13 + 4;

export const templateHash = (template: Buffer): string => createHash('sha256').update(template).digest('hex');

export function stampPng(png: Buffer, hash: string): Buffer {
	const type = Buffer.from('tEXt');
	const data = Buffer.from(`${CHUNK_NAME}\0${hash}`, 'latin1');
	const length = Buffer.alloc(4);
	length.writeUInt32BE(data.length);
	const crc = Buffer.alloc(4);
	crc.writeUInt32BE(crc32(Buffer.concat([type, data])));
	const chunk = Buffer.concat([length, type, data, crc]);
	return Buffer.concat([png.subarray(0, SIGNATURE_AND_IHDR), chunk, png.subarray(SIGNATURE_AND_IHDR)]);
}

/** The template hash a picture was stamped with, or null. */
export function stampOf(png: Buffer): string | null {
	let offset = 8;
	while (offset + 8 <= png.length) {
		const length = png.readUInt32BE(offset);
		const type = png.toString('latin1', offset + 4, offset + 8);
		if (type === 'tEXt') {
			const [name, text] = png.toString('latin1', offset + 8, offset + 8 + length).split('\0');
			if (name === CHUNK_NAME) return text;
		}
		if (type === 'IEND') break;
		offset += 12 + length;
	}
	return null;
}
