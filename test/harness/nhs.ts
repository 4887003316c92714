import { nhsCheckDigit } from '../../sandbox';

/** A valid NHS number in the test range (999…), from a 6-digit seed. */
export function validNhs(seed: number): string {
	for (let n = seed; ; n++) {
		const first9 = `999${String(n).padStart(6, '0')}`;
		const check = nhsCheckDigit(first9);
		if (check !== null) return `${first9}${check}`;
	}
}

/** As people write it: 999 123 4567. */
export const spaced = (nhs: string) => `${nhs.slice(0, 3)} ${nhs.slice(3, 6)} ${nhs.slice(6)}`;
