/**
 * Marks a GraphQL document. graphql-request's own `gql` would bundle its whole 1 MB client
 * into the package, and every document goes through n8n's HTTP helper anyway. The tag lets
 * the test suite find every document in the source and validate it against the schema.
 */
export function gql(chunks: TemplateStringsArray, ...parts: string[]): string {
	return chunks.reduce((text, chunk, i) => text + chunk + (parts[i] ?? ''), '');
}
